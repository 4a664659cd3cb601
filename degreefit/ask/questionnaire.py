"""The questionnaire's logic: which question comes next, going back, and the review.

It is pure: it asks through a `Prompter` (the terminal one lives in `prompts`), so the
same walk runs in a terminal and in tests. Answers are layered: answers given in a
file are fixed (shown in the review, changeable there), answers resumed from an
interrupted run are the starting point of the walk, and the person's replies go on top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, Protocol

from degreefit.answers import AnswerSpace
from degreefit.conditions import reads
from degreefit.models import AnswerValue, Question, RuleSet


class Back:
    """The reply of a person who wants to return to the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()
Reply = AnswerValue | Back


class Step(NamedTuple):
    """Where a question stands in the walk: `number` of `total`, and whether going back is possible.
    `exact` is False while an answer still to come may drop a follow-up question: `total` is then
    the most there can be ("3 of up to 10"), so the count never grows as the person answers."""

    number: int
    total: int
    can_go_back: bool
    exact: bool = True


class Prompter(Protocol):
    """What the questionnaire needs from a user interface."""

    def welcome(self, *, least: int, most: int, start: int, degrees: Sequence[str], sources: int) -> None:
        """Say what degreefit does (the `degrees` it compares, from how many `sources`), how many
        questions there are (from `least` to `most`, as answers bring in follow-ups), where the
        walk starts (1 unless resuming), and the keys. Not called when no question is left to
        ask (a resumed run stopped at the review)."""

    def ask(self, question: Question, *, default: AnswerValue | None, step: Step) -> Reply:
        """Ask one question; `default` is the current answer, if any. Ctrl-C raises KeyboardInterrupt."""

    def review(self, answers: Sequence[tuple[Question, AnswerValue]]) -> str | None:
        """Show every answer; return the id of one to change, or None to confirm them all."""


Save = Callable[[Mapping[str, AnswerValue]], None]


def settle(ruleset: RuleSet, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """The answers to questions that apply, in question order; the rest are dropped."""
    return AnswerSpace(ruleset).settle(answers)


def applicable(ruleset: RuleSet, answers: Mapping[str, AnswerValue]) -> list[Question]:
    """The questions that apply given these answers, in order."""
    return AnswerSpace(ruleset).applicable(answers)


def run(
    ruleset: RuleSet,
    prompter: Prompter,
    *,
    given: Mapping[str, AnswerValue],
    resumed: Mapping[str, AnswerValue],
    save: Save,
) -> dict[str, AnswerValue]:
    """Walk the questions not given, then review; return the confirmed answers."""
    space = AnswerSpace(ruleset)  # the `when` conditions, compiled once for the whole run
    answers = space.settle({**resumed, **given})
    fixed = frozenset(given)
    pending = [q for q in space.applicable(answers) if q.id not in fixed]
    # Resume where the interrupted run stopped: at the first question not yet answered.
    cursor = next((i for i, q in enumerate(pending) if q.id not in answers), len(pending))
    least, most = _count(space, answers, fixed)
    if cursor < len(pending):  # else a resumed run stopped at the review: it goes back there
        prompter.welcome(
            least=least,
            most=most,
            start=cursor + 1,
            degrees=[degree.code for degree in ruleset.degrees],
            sources=len(ruleset.sources),
        )
    # Answers kept from an earlier run are not asked again on the way forward (an optional question
    # added since, or left unanswered, is asked alone); Back still reaches them.
    answers = _walk(space, prompter, answers, fixed, cursor, save, kept=set(answers) - fixed)
    while True:
        rows = [(ruleset.question(qid), value) for qid, value in answers.items()]
        chosen = prompter.review(rows)
        if chosen is None:
            return answers
        answers = _change(space, prompter, answers, chosen, save)


def _walk(
    space: AnswerSpace,
    prompter: Prompter,
    answers: dict[str, AnswerValue],
    fixed: frozenset[str],
    cursor: int,
    save: Save,
    *,
    kept: set[str] | None = None,
) -> dict[str, AnswerValue]:
    """Ask the questions in order from `cursor`; a Back reply returns to the one before. Questions
    in `kept` (answered in an earlier run) are passed over going forward, until Back reaches one."""
    kept = set() if kept is None else kept
    while True:
        pending = [q for q in space.applicable(answers) if q.id not in fixed]
        while cursor < len(pending) and pending[cursor].id in kept and pending[cursor].id in answers:
            cursor += 1
        if cursor >= len(pending):
            return answers
        question = pending[cursor]
        least, most = _count(space, answers, fixed)
        step = Step(cursor + 1, most, can_go_back=cursor > 0, exact=least == most)
        reply = prompter.ask(question, default=answers.get(question.id), step=step)
        if isinstance(reply, Back):
            cursor = max(cursor - 1, 0)
            kept.discard(pending[cursor].id)
            continue
        answers = space.settle({**answers, question.id: reply})
        save(answers)
        cursor += 1


def _count(space: AnswerSpace, answers: Mapping[str, AnswerValue], fixed: frozenset[str]) -> tuple[int, int]:
    """The fewest and the most questions the walk asks (those given in a file left out): a question
    counts towards the most while its `when` reads a question that may still be answered."""
    least = most = 0
    open_ids: set[str] = set()  # unanswered questions that apply, or may yet
    for question in space.ruleset.questions:
        undecided = question.when is not None and not open_ids.isdisjoint(reads(question.when))
        applies = space.applies(question, answers)
        if (applies or undecided) and question.id not in answers:
            open_ids.add(question.id)
        if question.id in fixed:
            continue
        least += applies and not undecided
        most += applies or undecided
    return least, most


def _change(
    space: AnswerSpace, prompter: Prompter, answers: dict[str, AnswerValue], chosen: str, save: Save
) -> dict[str, AnswerValue]:
    """Ask the question chosen in the review, then every question its answer brings in, each with
    its place among the questions that apply ("4 of 10", as in the walk). Back goes to the question
    before, as in the walk; from the chosen question, it returns to the review with the answers as
    they were, since an answer it brought in may still be missing."""
    before = answers
    asked = [chosen]  # the questions of this change, in the order asked
    index = 0
    while True:
        if index < 0:
            if answers != before:
                save(before)
            return before
        if index == len(asked):
            gaps = space.unanswered(answers)
            if not gaps:
                return answers
            asked.append(gaps[0].id)
        places = [q.id for q in space.applicable(answers)]
        qid = asked[index]
        step = Step(places.index(qid) + 1, len(places), can_go_back=True)
        reply = prompter.ask(space.questions[qid], default=answers.get(qid), step=step)
        if isinstance(reply, Back):
            index -= 1
            continue
        answers = space.settle({**answers, qid: reply})
        save(answers)
        # A question brought in earlier that the new answer leaves out is not asked again.
        kept = {q.id for q in space.applicable(answers)}
        asked = asked[: index + 1] + [q for q in asked[index + 1 :] if q in kept]
        index += 1
