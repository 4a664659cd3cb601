"""Answers: which of the rule set's questions apply, which answers are valid, and the space the
searches walk (one-answer changes, random draws).

`validate` is the boundary of `--answers`: whatever arrives, either a valid `Answers` comes
out or an AnswersError whose message names the file and the field. The checks follow
each question's kind (see `kinds`), so they match the pydantic contract that `degreefit schema`
publishes (see `schema`; a property test holds the two together). `AnswerSpace` holds the
questions with their `when` conditions compiled once: which questions apply given earlier
answers, and the one-answer changes a person could make (for searches with the engine).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from degreefit import kinds
from degreefit.conditions import Predicate, by_id, comparisons, compile_condition, describe
from degreefit.errors import AnswersError
from degreefit.models import AnswerValue, Condition, Question, RuleSet
from degreefit.quoting import closest, did_you_mean, json_type, shown

if TYPE_CHECKING:  # `random` is imported by those who draw answers, not on every start
    import random

SCHEMA_VERSION = 1


class Answers(NamedTuple):
    """Validated answers, in question order, holding only questions that apply."""

    values: Mapping[str, AnswerValue]
    warnings: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The answers in the contract's format (goals as a list)."""
        return as_json(self.values)


def as_json(answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """Answers in the contract's JSON format (goals as a list)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}


def validate(
    data: object,
    ruleset: RuleSet,
    *,
    name: str,
    space: AnswerSpace | None = None,
    complete: bool = False,
) -> Answers:
    """Check parsed JSON against the questions; drop answers to questions that do not apply.

    Pass `space` (the rule set's AnswerSpace) when validating many answer sets: its
    `when` conditions are compiled once. Pass complete=True when nothing will be asked
    later: a wrong value is then reported together with the answers still missing, so that
    one message lists everything to fix.
    """
    space = space or AnswerSpace(ruleset)
    if not isinstance(data, dict):
        raise AnswersError(
            f"{name}: expected a JSON object whose keys are question ids, got {json_type(data)}"
        )
    questions = space.questions
    wrong = value_problems(data, questions)
    problems = [f"{name}: {message}" for message in wrong]
    if problems:
        if complete:
            usable = {
                k: v for k, v in data.items() if k in questions and not kinds.value_problem(questions[k], v)
            }
            answered = validate(usable, ruleset, name=name, space=space)
            # Not a key given with a wrong value, nor one the did-you-mean of a misspelt key names.
            misspelt = {closest(key, questions) for key in data if key not in questions}
            still_missing = [key for key in answered.missing if key not in data and key not in misspelt]
            if still_missing:
                problems.append(f"{name}: missing required answers: {', '.join(still_missing)}")
        raise AnswersError("\n".join(problems))

    kept: dict[str, AnswerValue] = {}
    warnings: list[str] = []
    missing: list[str] = []
    for question in ruleset.questions:
        applies = space.applies(question, kept)
        if question.id in data:
            if applies:
                kept[question.id] = _frozen(data[question.id])
            else:
                condition = describe(question.when, questions) if question.when else ""
                warnings.append(f"{name}: {shown(question.id)} is ignored: it is asked only when {condition}")
        elif applies and question.required:
            missing.append(question.id)
    return Answers(MappingProxyType(kept), tuple(warnings), tuple(missing))


def require_complete(answers: Answers, *, name: str) -> Answers:
    """The same answers, or an AnswersError listing every required answer still missing."""
    if answers.missing:
        raise AnswersError(f"{name}: missing required answers: {', '.join(answers.missing)}")
    return answers


_ABSENT = object()


class QuickCheck:
    """`validate` and `require_complete` in one pass, for the answer sets they pass without a word.

    Scoring a cohort checks many answer sets, nearly all of them clean: every key a question
    (or schema_version), every value one its question accepts, every answered question one
    that is asked, no required answer missing. `kept` gives such a set's answers, exactly as
    `validate` would keep them; for any other set it gives None, and `validate` then says
    what is wrong, or accepts it with a warning. (A property test holds the two together.)
    """

    def __init__(self, space: AnswerSpace) -> None:
        self._steps = [
            (question.id, kinds.acceptor(question), space.when_of(question), question.required)
            for question in space.ruleset.questions
        ]

    def kept(self, data: Mapping[str, object]) -> dict[str, AnswerValue] | None:
        """The answers `validate` keeps, when it would keep all of them and nothing is missing."""
        try:
            return self._kept(data)
        except TypeError:  # an unhashable value where a choice belongs
            return None

    def _kept(self, data: Mapping[str, object]) -> dict[str, AnswerValue] | None:
        kept: dict[str, AnswerValue] = {}
        for key, accepts, when, required in self._steps:
            value = data.get(key, _ABSENT)
            if value is _ABSENT:
                if required and (when is None or when(kept)):
                    return None  # missing
                continue
            if when is not None and not when(kept):
                return None  # answered, but not asked: validate warns
            if not accepts(value):
                return None
            kept[key] = cast("AnswerValue", tuple(value) if isinstance(value, list) else value)  # accepted
        extra = len(data) - len(kept)
        if extra and (extra > 1 or data.get("schema_version", _ABSENT) != SCHEMA_VERSION):
            return None  # an unknown key, or a schema_version that is wrong
        if extra and type(data["schema_version"]) is not int:
            return None  # 1.0 or true is not the schema version 1
        return kept


SHOWN_KEYS = 10  # unknown keys named in a message; the rest are counted


def value_problems(data: Mapping[str, object], questions: Mapping[str, Question]) -> list[str]:
    """Each key that is not a question, and each value that its question does not accept."""
    problems: list[str] = []
    unknown = 0
    for key, value in data.items():
        if key == "schema_version":
            if type(value) is not int or value != SCHEMA_VERSION:
                problems.append(f"schema_version: must be {SCHEMA_VERSION}; got {shown(value)}")
            continue
        question = questions.get(key)
        if question is None:
            unknown += 1
            if unknown <= SHOWN_KEYS:  # 30,000 unknown keys are not 30,000 lines
                problems.append(f"unknown key {shown(key)}{did_you_mean(key, questions)}")
            continue
        problem = kinds.value_problem(question, value)
        if problem:
            problems.append(f"{key}: {problem}")
    if unknown > SHOWN_KEYS:
        problems.append(f"and {unknown - SHOWN_KEYS:,} more unknown keys")
    return problems


def _frozen(value: object) -> AnswerValue:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, (bool, int, str)):
        return value
    raise TypeError(f"not an answer value: {value!r}")  # unreachable after value_problems


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
            for option in starts or kinds.values(question):
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
                Change(question, "set", value) for value in self._starts(question) or kinds.values(question)
            )

    def _starts(self, question: Question) -> list[int]:
        """For a wide integer question (see `kinds.is_wide`), where each of its stretches starts
        (see `stretches`); [] for any other question, whose every value is tried."""
        if not kinds.is_wide(question):
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
            answers[question.id] = kinds.random_value(question, rng)
    return answers
