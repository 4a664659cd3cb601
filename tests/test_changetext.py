"""What would change the advice, in words: the changes as the person would make them."""

from __future__ import annotations

from degreefit.answerspace import Change
from degreefit.changetext import describe_alternative, describe_change
from degreefit.explain import Alternative
from degreefit.models import Choice, Question

GOALS = Question(
    "goals",
    "multi",
    "Your goals?",
    topic="Goals",
    choices=(Choice("lead", "Lead a team"), Choice("teach", "Teach")),
)
STAGE = Question("stage", "single", "Your stage?", choices=(Choice("early", "Early"), Choice("mid", "Mid")))
YEARS = Question("years", "integer", "How many years?", min=0, max=5)
PRACTICING = Question("practicing", "boolean", "Do you practice?")


def test_a_goal_added_or_dropped_is_named_by_its_label() -> None:
    """Adding or dropping a goal names the goal's label and the topic of the list."""
    before = {"goals": ("teach",)}
    assert describe_change(Change(GOALS, "add", "lead"), before) == "added “Lead a team” to your goals"
    assert describe_change(Change(GOALS, "drop", "teach"), before) == "dropped “Teach” from your goals"


def test_a_set_answer_says_what_it_was_and_what_it_becomes() -> None:
    """A choice by its label in quotes, a number as is, yes or no for a yes/no question."""
    assert describe_change(Change(STAGE, "set", "mid"), {"stage": "early"}) == (
        "answered “Mid” instead of “Early” to “Your stage?”"
    )
    assert describe_change(Change(YEARS, "set", 3), {"years": 1}) == (
        "answered 3 instead of 1 to “How many years?”"
    )
    assert describe_change(Change(PRACTICING, "set", False), {"practicing": True}) == (
        "answered no to “Do you practice?”"
    )


def test_a_multiple_choice_answer_set_whole_names_each_choice_by_its_label() -> None:
    """A list of goals set at once (its question brought in by another change) reads as the
    goals' labels, never as Python writes a tuple."""
    assert describe_change(Change(GOALS, "set", ("lead", "teach")), {}) == (
        "answered “Lead a team” and “Teach” to “Your goals?”"
    )
    assert describe_change(Change(GOALS, "set", ("teach",)), {}) == "answered “Teach” to “Your goals?”"


def test_two_goals_added_together_are_said_once() -> None:
    """Two goals added in one alternative read as one change, against the degree first now."""
    changes = (Change(GOALS, "add", "lead"), Change(GOALS, "add", "teach"))
    alternative = Alternative(changes, {}, "MMM", {"MMM": 62.2, "MMed": 54.2})
    assert describe_alternative(alternative, {"goals": ()}, "MMed") == (
        "If you added “Lead a team” and “Teach” to your goals, MMM would rank first "
        "(score 62.2 vs MMed 54.2)."
    )
