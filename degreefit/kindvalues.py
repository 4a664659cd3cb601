"""The answers of each question kind worth trying: every one, a random one, or one of each
sort that no test can tell apart (for the engine's caches and the searches of `satisfy` and
`explain`). What a kind is and accepts is in `kinds`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from degreefit.errors import assert_never
from degreefit.kinds import traits
from degreefit.models import AnswerValue, Question, Scalar

if TYPE_CHECKING:  # `random` is imported by those who draw answers, not on every start
    import random

SMALL_RANGE = 64  # an integer question of up to 65 values has each tried; a wider one, one a stretch


def is_wide(question: Question) -> bool:
    """Whether a question is an integer one of more than SMALL_RANGE values, whose answers are
    tried a stretch at a time (see `answerspace.stretches`) rather than each."""
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
