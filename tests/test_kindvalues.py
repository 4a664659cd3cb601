"""The values of each question kind worth trying: every one, a random one, one of each sort."""

from __future__ import annotations

import random

import pytest

from degreefit import kinds
from degreefit.kinds import value_problem
from degreefit.models import Question
from tests.helpers.kinds import BOOLEAN, INTEGER, MULTI, ONE_OF_EACH, SINGLE

WIDE = Question("income", "integer", "Your income?", min=0, max=1_000_000)


@pytest.mark.parametrize("question", ONE_OF_EACH.values(), ids=ONE_OF_EACH.keys())
def test_a_random_value_is_one_the_question_accepts(question: Question) -> None:
    """Drawn answers (for property tests and `rules diff`) are valid answers of their kind."""
    rng = random.Random(5)
    for _ in range(20):
        value = kinds.random_value(question, rng)
        as_json = list(value) if isinstance(value, tuple) else value
        assert value_problem(question, as_json) == ""


def test_values_of_a_single_valued_question_are_all_it_accepts() -> None:
    """Every answer of a boolean, a small integer range, or a single choice, in order."""
    assert kinds.values(BOOLEAN) == [True, False]
    assert kinds.values(INTEGER) == list(range(11))
    assert kinds.values(SINGLE) == ["mmm", "mba"]


def test_search_values_try_one_answer_of_each_kind_no_test_tells_apart() -> None:
    """A wide integer is tried at the named numbers and their neighbours; a choice no test names once."""
    assert kinds.search_values(WIDE, {500: None}) == [0, 499, 500, 501, 1_000_000]
    assert kinds.search_values(SINGLE, {}) == ["mmm"]
    assert kinds.is_wide(WIDE)
    assert not kinds.is_wide(INTEGER)
    with pytest.raises(ValueError, match="a group of choices at a time"):
        kinds.search_values(MULTI, {})
