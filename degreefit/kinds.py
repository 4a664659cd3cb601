"""Every question kind in one place: what a kind's question needs, the operators its tests take,
the answers it accepts, how a CSV cell and a JSON Schema write it, how an answer reads, and the
answers worth trying (every one, a random one, or one of each sort no test can tell apart: for the
engine's caches and the searches of `satisfy` and `explain`). Each branch on a kind
is a `match` ending in `assert_never`, so adding a kind to `models.Kind` makes mypy name every
place that must learn it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, get_args

from degreefit.errors import assert_never
from degreefit.models import AnswerValue, Kind, Question, Scalar
from degreefit.quoting import did_you_mean, suggestion, yaml_spelling
from degreefit.quoting import shown as json_shown

if TYPE_CHECKING:  # `random` is imported by those who draw answers, not on every start
    import random


class Traits(NamedTuple):
    """What a kind's questions and answers are like."""

    ops: frozenset[str]  # the operators a test of its answer takes
    choices: bool  # its question lists choices (and takes no min or max)
    listed: bool  # its answer is a list of choices (a tuple once validated)
    number: bool  # its answer is a whole number, which tests compare (lt, gte, ...)


@cache  # asked per question in loops: made once a kind
def traits(kind: Kind) -> Traits:
    """The traits of a kind."""
    match kind:
        case "single":
            ops = frozenset({"is", "in", "not_in"})
            return Traits(ops, choices=True, listed=False, number=False)
        case "multi":
            ops = frozenset({"contains_any", "contains_all", "contains_none"})
            return Traits(ops, choices=True, listed=True, number=False)
        case "boolean":
            ops = frozenset({"is"})
            return Traits(ops, choices=False, listed=False, number=False)
        case "integer":
            ops = frozenset({"is", "in", "not_in", "lt", "lte", "gt", "gte"})
            return Traits(ops, choices=False, listed=False, number=True)
        case _:
            return assert_never(kind)


KINDS: tuple[Kind, ...] = get_args(Kind)
OPS_BY_KIND: dict[Kind, frozenset[str]] = {kind: traits(kind).ops for kind in KINDS}
CHOICE_KINDS = tuple(kind for kind in KINDS if traits(kind).choices)
SHOWN_VALUES = 20  # wrong values of one list named in a message (batch checks as many)
TRUE_WORDS = {"true": True, "yes": True, "false": False, "no": False}


def is_list(kind: Kind) -> bool:
    """Whether an answer of this kind is a list of choices (a tuple once validated)."""
    return traits(kind).listed


def shape_problems(question: Question) -> list[str]:
    """What a question of its kind lacks or must not have in questions.yaml (choices, min, max)."""
    found: list[str] = []
    if traits(question.kind).choices:
        values = question.choice_values()
        if not values:
            found.append(f"a {question.kind} question needs choices")
        if len(set(values)) != len(values):
            found.append("a choice value is listed twice")
    elif question.choices:
        found.append(f"a {question.kind} question takes no choices")
    match question.kind:
        case "integer":
            if question.min is None or question.max is None or question.min > question.max:
                found.append("an integer question needs min and max, with min <= max")
        case "single" | "multi" | "boolean":
            if question.min is not None or question.max is not None:
                found.append(f"a {question.kind} question takes no min or max")
        case _:
            return assert_never(question.kind)
    return found


def rule_value_problem(question: Question, value: Scalar) -> str:
    """What is wrong with a value a rule file's test names for `question` ("" when nothing is)."""
    match question.kind:
        case "single" | "multi":
            choices = question.choice_values()
            if value not in choices:
                close = suggestion(value, choices) if isinstance(value, str) else ""
                hint = close or f"its choices are {', '.join(choices)}"
                where = f"question '{question.id}' (questions.yaml)"
                return f"{yaml_spelling(value)} is not a choice of {where}; {hint}"
            return ""
        case "boolean":
            if not isinstance(value, bool):
                return f"'{question.id}': {yaml_spelling(value)} is not true or false"
            return ""
        case "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                return f"'{question.id}': {yaml_spelling(value)} is not a whole number"
            return ""
        case _:
            return assert_never(question.kind)


def value_problem(question: Question, value: object) -> str:
    """What is wrong with an answer given (as parsed JSON) to `question` ("" when nothing is)."""
    match question.kind:
        case "single":
            if not isinstance(value, str):
                return f"must be one of {_choices(question)}; got {json_shown(value)}"
            values = question.choice_values()
            if value in values:
                return ""
            return f"{json_shown(value)} is not one of {_choices(question)}{did_you_mean(value, values)}"
        case "multi":
            if not isinstance(value, list):
                return f"must be a list of one or more of {_choices(question)}; got {json_shown(value)}"
            return _list_problem(question, value)
        case "boolean":
            return "" if isinstance(value, bool) else f"must be true or false; got {json_shown(value)}"
        case "integer":
            low, high = question.min, question.max
            if isinstance(value, bool) or not isinstance(value, int):
                return f"must be a whole number from {low} to {high}; got {json_shown(value)}"
            if (low is not None and value < low) or (high is not None and value > high):
                return f"must be from {low} to {high}; got {json_shown(value)}"
            return ""
        case _:
            return assert_never(question.kind)


def _list_problem(question: Question, value: list[object]) -> str:
    if not value:
        return "must list at least one choice"
    values = question.choice_values()
    distinct = set(value) if all(isinstance(item, str) for item in value) else None
    if distinct is not None and len(distinct) == len(value) and distinct.issubset(values):
        return ""  # the usual case, checked at once (a cohort validates many answer sets)
    unknown = [item for item in value if item not in values]
    shown = list(dict.fromkeys(json_shown(item) for item in unknown))
    repeated = [json_shown(item) for item in values if value.count(item) > 1]
    problems = []
    if len(shown) == 1:
        hint = did_you_mean(unknown[0], values) if isinstance(unknown[0], str) else ""
        problems.append(f"{shown[0]} is not one of {_choices(question)}{hint}")
    elif len(shown) > SHOWN_VALUES:  # a list of 60,000 wrong values is not one 600 KB line
        more = f"{', '.join(shown[:SHOWN_VALUES])} and {len(shown) - SHOWN_VALUES:,} more"
        problems.append(f"{more} are not among {_choices(question)}")
    elif shown:
        problems.append(f"{', '.join(shown)} are not among {_choices(question)}")
    if repeated:
        problems.append(f"lists {', '.join(repeated)} more than once")
    return "; ".join(problems)


def _choices(question: Question) -> str:
    return ", ".join(question.choice_values())


def acceptor(question: Question) -> Callable[[object], bool]:
    """A fast test of whether `question` accepts a value read from JSON or CSV, exactly as
    `value_problem` finds nothing wrong with it (for the many clean answers of a cohort)."""
    match question.kind:
        case "single":
            choices = frozenset(question.choice_values())
            return lambda value: value.__class__ is str and value in choices
        case "multi":
            options = frozenset(question.choice_values())

            def accepts_list(value: object) -> bool:
                if value.__class__ is not list or not value:
                    return False
                picked = tuple(value)
                return all(item.__class__ is str for item in picked) and (
                    len(set(picked)) == len(picked) and options.issuperset(picked)
                )

            return accepts_list
        case "boolean":
            return lambda value: value is True or value is False
        case "integer":
            low = -math.inf if question.min is None else question.min
            high = math.inf if question.max is None else question.max
            return lambda value: value.__class__ is int and low <= value <= high
        case _:
            return assert_never(question.kind)


def csv_cell(question: Question | None, value: str) -> object:
    """A CSV cell as the JSON value the answers contract expects (left as text when it cannot be);
    `question` None is the schema_version column."""
    if question is None:
        return _whole(value)
    match question.kind:
        case "multi":  # `a;b`, or in a quoted cell `"a, b"`
            return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
        case "boolean":
            return TRUE_WORDS.get(value.lower(), value)
        case "integer":
            return _whole(value)
        case "single":
            return value
        case _:
            return assert_never(question.kind)


_MAX_DIGITS = 30  # as a JSON answer: a longer number is no answer, and int() of it takes time


def _whole(value: str) -> object:
    """A whole number in the digits 0-9 (with a minus sign), as JSON writes one; else the text as it
    was, which validation then rejects for that row only. int() alone would take `٣`, `３`, `0_3`
    and `+3`, which neither JSON nor the prompt take."""
    digits = value[1:] if value[:1] == "-" else value
    if 0 < len(digits) <= _MAX_DIGITS and digits.isascii() and digits.isdigit():
        return int(value)
    return value


def annotation(question: Question) -> Any:
    """The pydantic type of an answer to `question`, for the contract and its JSON Schema."""
    from typing import Annotated, Literal

    from pydantic import AfterValidator, Field, StrictBool, StrictInt  # only for the contract

    match question.kind:
        case "boolean":
            return StrictBool
        case "integer":
            return Annotated[StrictInt, Field(ge=question.min, le=question.max)]
        case "single":
            return Literal[question.choice_values()]
        case "multi":
            choice = Literal[question.choice_values()]  # type: ignore[valid-type]  # built from data
            return Annotated[list[choice], Field(min_length=1), AfterValidator(_no_repeats)]  # type: ignore[valid-type]  # as above
        case _:
            return assert_never(question.kind)


def _no_repeats(values: list[str]) -> list[str]:
    if len(set(values)) != len(values):
        raise ValueError("lists a choice twice")
    return values


def shown(question: Question | None, value: Scalar) -> str:
    """One answer value in a sentence: yes or no, a choice's label in quotes, a number as is."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if question is None:
        return str(value)
    match question.kind:
        case "single" | "multi":
            return f"“{question.label(value)}”" if isinstance(value, str) and question.choices else str(value)
        case "boolean" | "integer":
            return str(value)
        case _:
            return assert_never(question.kind)


def comparison_words(question: Question, op: str, verb: str, listed: str) -> str:
    """A comparison of an answer in words, phrased for the kind of its question."""
    subject = question.topic.lower() if question.topic else question.id
    match question.kind:
        case "boolean":
            if op == "is":
                return f"you answered {listed} to “{question.prompt}”"
            return f"your {subject} {verb} {listed}"
        case "integer":
            return f"your answer to “{question.prompt}” {verb} {listed}"
        case "single" | "multi":
            return f"your {subject} {verb} {listed}"
        case _:
            return assert_never(question.kind)


SMALL_RANGE = 64  # an integer question of up to 65 values has each tried; a wider one, one a stretch


def is_wide(question: Question) -> bool:
    """Whether a question is an integer one of more than SMALL_RANGE values, whose answers are
    tried a stretch at a time (see `answers.stretches`) rather than each."""
    return traits(question.kind).number and (question.max or 0) - (question.min or 0) > SMALL_RANGE


def values(question: Question) -> list[AnswerValue]:
    """Every value a single-valued question accepts, in order (a multiple choice: its choices)."""
    match question.kind:
        case "boolean":
            return [True, False]
        case "integer":
            return list(range(question.min or 0, (question.max or 0) + 1))
        case "single" | "multi":
            return list(question.choice_values())
        case _:
            return assert_never(question.kind)


def random_value(question: Question, rng: random.Random) -> AnswerValue:
    """A random value that `question` accepts."""
    match question.kind:
        case "boolean":
            return rng.random() < 0.5
        case "integer":
            return rng.randint(question.min or 0, question.max or 0)
        case "single":
            return rng.choice(question.choice_values())
        case "multi":
            choices = question.choice_values()
            picked = tuple(v for v in choices if rng.random() < 0.25)
            return picked or (rng.choice(choices),)
        case _:
            return assert_never(question.kind)


def search_values(question: Question, named: Mapping[Scalar, object]) -> list[AnswerValue]:
    """The answers worth trying for a single-valued question when only the values `named` can be
    told apart: one of each kind no test can tell apart (see `satisfy`)."""
    match question.kind:
        case "boolean":
            return [True, False]
        case "single":
            choices = question.choice_values()
            other = next((v for v in choices if v not in named), None)
            return [v for v in choices if v in named or v == other]
        case "integer":
            low, high = question.min or 0, question.max or 0
            if high - low <= SMALL_RANGE:
                return list(range(low, high + 1))
            points = {low, high} | {v + d for v in named if isinstance(v, int) for d in (-1, 0, 1)}
            return sorted(p for p in points if low <= p <= high)
        case "multi":
            raise ValueError(f"'{question.id}': a multiple choice is searched a group of choices at a time")
        case _:
            return assert_never(question.kind)


def told_apart(question: Question, named: frozenset[object], starts: Mapping[str, list[int]]) -> int:
    """How many answers to `question` conditions naming the values `named` can tell apart, counting
    "not answered": a multiple choice only through the named choices (every operator on it asks
    which of those are picked); a wide integer, by its stretches `starts`."""
    match question.kind:
        case "multi":
            return (1 << len(named)) + 1
        case "boolean":
            return 3
        case "single":
            return len(question.choices) + 1
        case "integer":
            low, high = question.min or 0, question.max or 0
            return (len(starts[question.id]) if is_wide(question) else high - low + 1) + 1
        case _:
            return assert_never(question.kind)
