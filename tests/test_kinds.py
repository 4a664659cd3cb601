"""Question kinds (degreefit/kinds.py): what each needs in questions.yaml, the answers it accepts,
its CSV cells, its operators and how its answers read; and the values of each kind worth trying:
every one, a random one, one of each sort."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from degreefit import kinds
from degreefit.conditions import by_id
from degreefit.kinds import value_problem
from degreefit.models import Question, RuleSet
from tests.helpers.kinds import BOOLEAN, CHOICES, INTEGER, MULTI, ONE_OF_EACH, SINGLE
from tests.helpers.strategies import answer_objects


def test_every_kind_has_operators_and_an_example_here() -> None:
    """Each kind of models.Kind takes some operators, and this file tries each kind."""
    assert set(kinds.OPS_BY_KIND) == set(kinds.KINDS) == set(ONE_OF_EACH)
    assert kinds.KINDS == ("single", "multi", "boolean", "integer")
    assert all(kinds.OPS_BY_KIND[kind] for kind in kinds.KINDS)


@pytest.mark.parametrize(
    ("question", "problems"),
    [
        (SINGLE._replace(choices=()), ["a single question needs choices"]),
        (MULTI._replace(choices=(*CHOICES, CHOICES[0])), ["a choice value is listed twice"]),
        (BOOLEAN._replace(choices=CHOICES), ["a boolean question takes no choices"]),
        (INTEGER._replace(max=None), ["an integer question needs min and max, with min <= max"]),
        (INTEGER._replace(min=11), ["an integer question needs min and max, with min <= max"]),
        (SINGLE._replace(min=1), ["a single question takes no min or max"]),
        (BOOLEAN._replace(max=1), ["a boolean question takes no min or max"]),
    ],
    ids=["no-choices", "twice", "bool-choices", "no-max", "min-above-max", "single-min", "bool-max"],
)
def test_shape_problems_name_what_a_kind_needs(question: Question, problems: list[str]) -> None:
    """questions.yaml hears which choices, min or max a question of its kind needs or must not have."""
    assert kinds.shape_problems(question) == problems


def test_a_well_shaped_question_of_each_kind_has_no_shape_problems() -> None:
    """The example questions, one of each kind, are all well shaped."""
    assert [kinds.shape_problems(q) for q in ONE_OF_EACH.values()] == [[], [], [], []]


@pytest.mark.parametrize(
    ("question", "value", "problem"),
    [
        (SINGLE, "mba", ""),
        (SINGLE, "mab", "\"mab\" is not one of mmm, mba; did you mean 'mba'?"),
        (SINGLE, 3, "must be one of mmm, mba; got 3"),
        (MULTI, ["mmm", "mba"], ""),
        (MULTI, [], "must list at least one choice"),
        (MULTI, ["mmm", "mmm"], 'lists "mmm" more than once'),
        (MULTI, "mmm", 'must be a list of one or more of mmm, mba; got "mmm"'),
        (BOOLEAN, True, ""),
        (BOOLEAN, "yes", 'must be true or false; got "yes"'),
        (INTEGER, 10, ""),
        (INTEGER, 11, "must be from 0 to 10; got 11"),
        (INTEGER, True, "must be a whole number from 0 to 10; got true"),
    ],
)
def test_value_problem_says_what_an_answer_of_the_kind_must_be(
    question: Question, value: object, problem: str
) -> None:
    """An answer file's value is checked by its question's kind, with a message naming what it must be."""
    assert kinds.value_problem(question, value) == problem


@pytest.mark.parametrize(
    ("question", "value", "problem"),
    [
        (SINGLE, "mab", "'mab' is not a choice of question 'degree' (questions.yaml); did you mean 'mba'?"),
        (
            MULTI,
            "zzz",
            "'zzz' is not a choice of question 'goals' (questions.yaml); its choices are mmm, mba",
        ),
        (BOOLEAN, 1, "'practicing': 1 is not true or false"),
        (INTEGER, "3", "'years': '3' is not a whole number"),
        (INTEGER, 3, ""),
    ],
)
def test_rule_value_problem_spells_the_value_as_the_rule_file_does(
    question: Question, value: bool | int | str, problem: str
) -> None:
    """A rule file's test of a question names values its kind accepts, or hears why not."""
    assert kinds.rule_value_problem(question, value) == problem


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_acceptor_agrees_with_value_problem(ruleset: RuleSet, data: st.DataObject) -> None:
    """The fast check a cohort uses accepts exactly the values the full check finds nothing wrong with."""
    answers = data.draw(answer_objects(ruleset))
    questions = by_id(ruleset.questions)
    checked = [key for key in answers if key in questions]
    assume(checked)  # an answer to some question
    for key in checked:
        question, value = questions[key], answers[key]
        assert kinds.acceptor(question)(value) == (kinds.value_problem(question, value) == "")


def test_acceptor_checks_some_answer_of_each_kind(ruleset: RuleSet) -> None:
    """The built-in questions hold every kind, so the property above checks each of them."""
    assert {q.kind for q in ruleset.questions} == set(kinds.KINDS)


@pytest.mark.parametrize(
    ("question", "cell", "value"),
    [
        (MULTI, "mmm;mba", ["mmm", "mba"]),
        (MULTI, "mmm, mba", ["mmm", "mba"]),
        (MULTI, " ; ", []),
        (BOOLEAN, "Yes", True),
        (BOOLEAN, "false", False),
        (BOOLEAN, "maybe", "maybe"),
        (INTEGER, "12", 12),
        (INTEGER, "-2", -2),
        (INTEGER, "٣", "٣"),
        (INTEGER, "３", "３"),
        (INTEGER, "0_3", "0_3"),
        (INTEGER, "+3", "+3"),
        (INTEGER, "-", "-"),
        (INTEGER, "1" * 31, "1" * 31),
        (INTEGER, "twelve", "twelve"),
        (SINGLE, "mba", "mba"),
        (None, "1", 1),
    ],
)
def test_csv_cell_is_read_as_the_json_value_of_its_kind(
    question: Question | None, cell: str, value: Any
) -> None:
    """A CSV cell becomes the JSON value its question's kind takes, or stays text for the check to refuse."""
    assert kinds.csv_cell(question, cell) == value


def test_shown_reads_as_a_person_would_say_it() -> None:
    """yes and no, a choice by its label in quotes, a number as it is."""
    assert kinds.shown(BOOLEAN, True) == "yes"
    assert kinds.shown(SINGLE, "mba") == "“Master of Business Administration”"
    assert kinds.shown(INTEGER, 3) == "3"
    assert kinds.shown(None, "x") == "x"


def test_comparison_words_follow_the_kind() -> None:
    """A yes/no question is quoted with the answer; a number by its prompt; a choice by its topic."""
    assert kinds.comparison_words(BOOLEAN, "is", "is", "yes") == "you answered yes to “Do you practice?”"
    assert kinds.comparison_words(INTEGER, "lt", "is less than", "2") == (
        "your answer to “How many years?” is less than 2"
    )
    assert kinds.comparison_words(MULTI, "contains_any", "include", "“A”") == "your goals include “A”"


def test_only_a_multiple_choice_answer_is_a_list() -> None:
    """Only multi answers are lists (tuples once validated); only single and multi list choices;
    only integer answers are numbers."""
    assert [kinds.is_list(kind) for kind in kinds.KINDS] == [False, True, False, False]
    assert [kinds.traits(kind).choices for kind in kinds.KINDS] == [True, True, False, False]
    assert kinds.CHOICE_KINDS == ("single", "multi")
    assert [kinds.traits(kind).number for kind in kinds.KINDS] == [False, False, False, True]


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
