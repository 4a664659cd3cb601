"""The space of valid answers: which questions apply, drawing answer sets at random, and
the one-answer changes a person could make (for searches with the engine)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, NamedTuple

from degreefit import kinds, kindvalues
from degreefit.conditions import Predicate, by_id, comparisons, compile_condition
from degreefit.models import AnswerValue, Condition, Question, RuleSet

if TYPE_CHECKING:  # `random` is imported by those who draw answers, not on every start
    import random


class Change(NamedTuple):
    """One change to one answer: set it, or add or drop one goal of a multiple choice."""

    question: Question
    action: str  # "set", "add" or "drop"
    value: AnswerValue

    def applied(
        self, answers: Mapping[str, AnswerValue], positions: Mapping[str, int] | None = None
    ) -> AnswerValue:
        """The question's new answer once this change is made. `positions`: where each choice of the
        question is (`AnswerSpace.positions`), for a search that applies many changes: without it,
        every choice of the question is read."""
        if self.action == "set":
            return self.value
        current = answers.get(self.question.id)
        picked = set(current) if isinstance(current, tuple) else set()
        goal = str(self.value)
        picked = picked | {goal} if self.action == "add" else picked - {goal}
        if positions is None:
            return tuple(v for v in self.question.choice_values() if v in picked)
        return tuple(sorted((v for v in picked if v in positions), key=positions.__getitem__))


class AnswerSpace:
    """The questions of a rule set with their `when` conditions compiled once."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.questions = by_id(ruleset.questions)
        # The questions some `when` condition reads: changing another never adds or drops one.
        self.read_by_when = frozenset(
            t.question for q in ruleset.questions if q.when for t in comparisons(q.when)
        )
        self._when: dict[str, Predicate] = {
            q.id: compile_condition(q.when) for q in ruleset.questions if q.when is not None
        }
        self._stretches: dict[str, list[int]] | None = None  # found when first needed
        self._positions: dict[str, dict[str, int]] = {}

    def positions(self, question: Question) -> dict[str, int]:
        """Where each choice of a question is, in its order (found once a question)."""
        found = self._positions.get(question.id)
        if found is None:
            found = self._positions[question.id] = {v: at for at, v in enumerate(question.choice_values())}
        return found

    def when_of(self, question: Question) -> Predicate | None:
        """The compiled `when` of a question, or None for a question that is always asked."""
        return self._when.get(question.id)

    def applies(self, question: Question, earlier: Mapping[str, AnswerValue]) -> bool:
        """Whether `question` is asked, given the answers to the questions before it."""
        holds = self._when.get(question.id)
        return holds is None or holds(earlier)

    def settle(self, answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
        """The answers to questions that apply, in question order; the rest are dropped."""
        kept: dict[str, AnswerValue] = {}
        for question in self.ruleset.questions:
            if question.id in answers and self.applies(question, kept):
                kept[question.id] = answers[question.id]
        return kept

    def applicable(self, answers: Mapping[str, AnswerValue]) -> list[Question]:
        """The questions that apply given these answers, in order."""
        kept = self.settle(answers)
        return [q for q in self.ruleset.questions if self.applies(q, kept)]

    def unanswered(self, answers: Mapping[str, AnswerValue], *, settled: bool = False) -> list[Question]:
        """Required questions that apply but have no answer (pass settled=True for answers that
        `settle` returned, to skip settling them again)."""
        kept = answers if settled else self.settle(answers)
        return [
            q for q in self.ruleset.questions if q.required and q.id not in kept and self.applies(q, kept)
        ]

    def changes(
        self, answers: Mapping[str, AnswerValue], *, actionable_only: bool = True
    ) -> Iterator[Change]:
        """Every one-answer change of an answered question, in question and choice order.

        A goals list changes one goal at a time (added or dropped, never emptied).
        """
        for question in self.ruleset.questions:
            current = answers.get(question.id)
            if current is None or (actionable_only and not question.actionable):
                continue
            if kinds.is_list(question.kind) and isinstance(current, tuple):
                for goal in question.choice_values():
                    if goal not in current:
                        yield Change(question, "add", goal)
                    elif len(current) > 1:
                        yield Change(question, "drop", goal)
                continue
            starts = self._starts(question)
            for option in starts or kindvalues.values(question):
                if starts and isinstance(current, int) and stretch(starts, current) == option:
                    continue  # the same stretch as the answer: the same advice
                if option != current or type(option) is not type(current):
                    yield Change(question, "set", option)

    def fillings(self, question: Question) -> Iterator[Change]:
        """Each way to answer a question that a change has just brought in."""
        if kinds.is_list(question.kind):
            yield from (Change(question, "set", (value,)) for value in question.choice_values())
        else:
            yield from (
                Change(question, "set", value)
                for value in self._starts(question) or kindvalues.values(question)
            )

    def _starts(self, question: Question) -> list[int]:
        """For a wide integer question (see `kindvalues.is_wide`), where each of its stretches starts
        (see `stretches`); [] for any other question, whose every value is tried."""
        if not kindvalues.is_wide(question):
            return []
        if self._stretches is None:
            self._stretches = stretches(self.ruleset.questions, every_condition(self.ruleset))
        return self._stretches.get(question.id, [])


def every_condition(ruleset: RuleSet) -> Iterator[Condition]:
    """Every condition of a rule set: of its rules, gates and notes, and of its questions."""
    yield from (item.when for items in (ruleset.rules, ruleset.gates, ruleset.notes) for item in items)
    for question in ruleset.questions:
        if question.when is not None:
            yield question.when
        if question.constraint is not None and question.constraint.when is not None:
            yield question.constraint.when
        if question.not_considered is not None and question.not_considered.when is not None:
            yield question.not_considered.when


def stretches(questions: Iterable[Question], conditions: Iterable[Condition]) -> dict[str, list[int]]:
    """For each integer question, where the stretches of its answers start, in order: no condition can
    tell two answers of one stretch apart, since conditions only compare an answer with the numbers
    they name (is, in, lt, lte, gt, gte). So one answer a stretch stands for all: the work grows with
    the numbers the rules name, not with the width of the range (max: 1000000000 is no harder)."""
    named: dict[str, set[int]] = {}
    for condition in conditions:
        for test in comparisons(condition):
            values = test.value if isinstance(test.value, tuple) else (test.value,)
            named.setdefault(test.question, set()).update(v for v in values if isinstance(v, int))
    found = {}
    for question in questions:
        if kinds.traits(question.kind).number:
            low, high = question.min or 0, question.max or 0
            cuts = {low} | {v + step for v in named.get(question.id, ()) for step in (0, 1)}
            found[question.id] = sorted(cut for cut in cuts if low <= cut <= high)
    return found


def stretch(starts: list[int], value: int) -> int:
    """Where the stretch of `value` starts (its own value when it is below them all)."""
    at = bisect_right(starts, value)
    return starts[at - 1] if at else value


def random_answers(ruleset: RuleSet, rng: random.Random) -> dict[str, AnswerValue]:
    """A valid, complete answer set: each question that applies gets a random valid answer."""
    answers: dict[str, AnswerValue] = {}
    for question in ruleset.questions:
        if question.when is None or compile_condition(question.when)(answers):
            answers[question.id] = kindvalues.random_value(question, rng)
    return answers
