"""What would change the advice, in words: "If you added “A” to your goals, MMed would rank
first (score 71.0 vs MMM 64.2)." The changes themselves are found in `explain`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from degreefit.answerspace import Change
from degreefit.explain import Alternative, listed
from degreefit.kinds import shown
from degreefit.models import AnswerValue


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
    alternative: Alternative, answers: Mapping[str, AnswerValue], current_top: str
) -> str:
    """An alternative in a sentence: "If you ..., MMed would rank first (score 71.0 vs MMM 64.2).":
    against the degree listed first now or, when that is the one that comes first (out of a tie),
    against the best of the others."""
    parts = " and ".join(_merged(alternative.changes, answers))
    scores = alternative.scores
    rival = current_top
    if rival == alternative.top:
        rival = max((code for code in scores if code != alternative.top), key=scores.__getitem__)
    versus = f"score {scores[alternative.top]:.1f} vs {rival} {scores[rival]:.1f}"
    return f"If you {parts}, {alternative.top} would rank first ({versus})."


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
