"""What would change the advice, in words: "If you added “A” to your goals, MMed would come
first (goals +4 vs MMM +3)." The changes themselves are found in `explain`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from degreefit.answers import Change
from degreefit.explain import Alternative, listed
from degreefit.kinds import shown
from degreefit.models import AnswerValue, Question
from degreefit.report import signed


def describe_change(change: Change, before: Mapping[str, AnswerValue]) -> str:
    """One change in words, as the person would make it ("added ... to your goals")."""
    question = change.question
    subject = question.topic.lower() if question.topic else question.id
    if change.action in ("add", "drop"):
        label = question.label(str(change.value))
        if change.action == "add":
            return f"added “{label}” to your {subject}"
        return f"dropped “{label}” from your {subject}"
    old = before.get(question.id)
    new = change.value
    if isinstance(new, bool):
        return f"answered {'yes' if new else 'no'} to “{question.prompt}”"
    # A multiple choice set whole (a question a change brings in): each choice by its label.
    shown_new = (
        listed([shown(question, value) for value in new]) if isinstance(new, tuple) else shown(question, new)
    )
    if old is None or isinstance(old, (bool, tuple)):
        return f"answered {shown_new} to “{question.prompt}”"
    return f"answered {shown_new} instead of {shown(question, old)} to “{question.prompt}”"


def describe_alternative(
    alternative: Alternative,
    answers: Mapping[str, AnswerValue],
    first: Sequence[str],
    *,
    questions: Mapping[str, Question] | None = None,
) -> str:
    """An alternative in a sentence: "If you ..., MMed would come first (goals +4 vs MMM +3).".
    It is compared with the degree first now or, out of a tie (`first` holds the degrees that
    share first place now), with the best of the tied degrees other than the new first; never
    with a degree the person cannot enter (none open now: no comparison). A question the change
    brings in whose answer does not matter reads "(any specialty)"."""
    parts = " and ".join(_merged(alternative.changes, answers))
    loose = "".join(f" ({_any(key, questions)})" for key in alternative.any_of)
    rival = _rival(alternative, first)
    return f"If you {parts}{loose}, {alternative.top} would come first ({_versus(alternative, rival)})."


def _any(key: str, questions: Mapping[str, Question] | None) -> str:
    """A brought-in question whose answer does not matter: "any specialty"."""
    question = (questions or {}).get(key)
    if question is None:
        return f"any {key.replace('_', ' ')}"
    if question.topic:
        return f"any {question.topic.lower()}"
    return f"any answer to “{question.prompt}”"


def _rival(alternative: Alternative, first: Sequence[str]) -> str | None:
    """The degree a changed first place is compared with: the one first now, or the best other of
    those tied for first now (by their points after the change; a tie keeps their order)."""
    others = [code for code in first if code != alternative.top]
    if not others:
        return None
    points = alternative.points
    return min(others, key=lambda code: (-points[code][0], -points[code][1], others.index(code)))


def _versus(alternative: Alternative, rival: str | None) -> str:
    """The points that put the new first ahead: its goals against the rival's, or, level on
    goals, its costs against the rival's."""
    goal, cost = alternative.points[alternative.top]
    if rival is None:
        return f"goals {signed(goal)}"
    rival_goal, rival_cost = alternative.points[rival]
    if goal != rival_goal:
        return f"goals {signed(goal)} vs {rival} {signed(rival_goal)}"
    return f"level on goals with {rival} at {signed(goal)}; costs {signed(cost)} vs {signed(rival_cost)}"


def _merged(changes: Sequence[Change], answers: Mapping[str, AnswerValue]) -> list[str]:
    """The changes in words, two goals added (or dropped) together said once: "added “A” and “B” to"."""
    if len(changes) == 2 and changes[0][:2] == changes[1][:2] and changes[0].action in ("add", "drop"):
        question, action = changes[0].question, changes[0].action
        labels = " and ".join(f"“{question.label(str(c.value))}”" for c in changes)
        subject = question.topic.lower() if question.topic else question.id
        return [
            f"added {labels} to your {subject}"
            if action == "add"
            else f"dropped {labels} from your {subject}"
        ]
    return [describe_change(c, answers) for c in changes]
