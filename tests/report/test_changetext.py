"""What would change the advice, in words: the changes as the person would make them."""

from __future__ import annotations

from degreefit.answers import Change
from degreefit.explain import Alternative
from degreefit.models import Choice, Question
from degreefit.report.wording import describe_alternative, describe_change

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
    """Two goals added in one alternative read as one change, against the degree first now, by
    the goal points each would then have."""
    changes = (Change(GOALS, "add", "lead"), Change(GOALS, "add", "teach"))
    alternative = Alternative(changes, {}, "MMM", {"MMM": (4.0, 0.0), "MMed": (2.5, -1.5)})
    assert describe_alternative(alternative, {"goals": ()}, ("MMed",)) == (
        "If you added “Lead a team” and “Teach” to your goals, MMM would come first (goals +4 vs MMed +2.5)."
    )


def test_out_of_a_tie_the_new_first_is_compared_with_the_best_other_tied_degree() -> None:
    """When the MHA and the MBA tie now and a change puts the MHA first, it is compared with the
    MBA (the other tied degree), never with a degree that is not among them."""
    alternative = Alternative(
        (Change(GOALS, "add", "lead"),), {}, "MHA", {"MHA": (2.0, 0.0), "MBA": (0.0, 0.0), "MMM": (5.0, 0.0)}
    )
    text = describe_alternative(alternative, {"goals": ("teach",)}, ("MHA", "MBA"))
    assert text == "If you added “Lead a team” to your goals, MHA would come first (goals +2 vs MBA 0)."


def test_a_first_place_won_on_costs_says_the_goals_are_level() -> None:
    """Level on goals with the degree first now, the new first is ahead on costs: the sentence
    says both."""
    alternative = Alternative(
        (Change(GOALS, "add", "lead"),), {}, "MBA", {"MBA": (2.0, 0.0), "MMed": (2.0, -3.0)}
    )
    assert describe_alternative(alternative, {"goals": ("teach",)}, ("MMed",)) == (
        "If you added “Lead a team” to your goals, MBA would come first "
        "(level on goals with MMed at +2; costs 0 vs −3)."
    )


def test_a_brought_in_answer_that_does_not_matter_reads_as_any() -> None:
    """A change that brings in a question whose answer does not matter (the specialty, once the
    specialising goal is added) says "any" and the question's topic."""
    specialty = Question(
        "specialty", "single", "Which one?", topic="Specialty", choices=(Choice("surgery", "Surgery"),)
    )
    alternative = Alternative(
        (Change(GOALS, "add", "teach"),),
        {},
        "MMed",
        {"MMed": (4.0, 0.0), "MMM": (3.0, 0.0)},
        any_of=("specialty",),
    )
    text = describe_alternative(
        alternative, {"goals": ("lead",)}, ("MMM",), questions={"specialty": specialty}
    )
    assert (
        text
        == "If you added “Teach” to your goals (any specialty), MMed would come first (goals +4 vs MMM +3)."
    )
