"""Named groups of a question's choices (`degreefit/ruleset/conditionyaml.py`): read from
questions.yaml's data, each faulty definition reported at its place with what to write instead."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.ruleset.conditionyaml import GROUPS_SHAPE, read_groups

CHOICES = ("lead", "run", "consulting")


def questions_data(groups: object, *, kind: str = "multi") -> dict[str, Any]:
    """questions.yaml's data as read: a yes/no question, then `goals` with CHOICES and these groups."""
    goals = {
        "id": "goals",
        "kind": kind,
        "choices": [{"value": value, "label": value.title()} for value in CHOICES],
        "groups": groups,
    }
    return {"questions": [{"id": "mentor", "kind": "boolean"}, goals]}


def test_a_group_is_read_and_taken_out_of_its_question() -> None:
    """A group of choices is read under its question and name, and `groups` is removed from the question
    (whose schema has no such key)."""
    data = questions_data({"leadership": ["lead", "run"]})
    assert read_groups(data) == ({"goals": {"leadership": ("lead", "run")}}, [])
    assert "groups" not in data["questions"][1]


def test_a_value_that_is_no_choice_is_told_the_choice_meant() -> None:
    """A misspelt choice in a group gets a did-you-mean at its place in the list, and is left out of it."""
    assert read_groups(questions_data({"leadership": ["lead", "rnu"]})) == (
        {"goals": {"leadership": ("lead",)}},
        [
            (
                ("questions", 1, "groups", "leadership", 1),
                "group 'leadership': 'rnu' is not a choice of question 'goals'; did you mean 'run'?",
            )
        ],
    )


def test_a_value_like_no_choice_is_told_the_choices() -> None:
    """A value close to no choice is told every choice of the question instead."""
    _, problems = read_groups(questions_data({"leadership": ["lead", "gardening"]}))
    assert problems == [
        (
            ("questions", 1, "groups", "leadership", 1),
            "group 'leadership': 'gardening' is not a choice of question 'goals'; its choices are lead, run, "
            "consulting",
        )
    ]


@pytest.mark.parametrize(
    "groups", [["lead", "run"], {}, "leadership", None], ids=["list", "empty", "text", "null"]
)
def test_groups_that_are_not_a_mapping_get_the_shape_to_write(groups: object) -> None:
    """`groups` that is not a mapping of names to lists is refused at `groups`, shown the shape to write."""
    assert read_groups(questions_data(groups)) == ({}, [(("questions", 1, "groups"), GROUPS_SHAPE)])
    assert (
        GROUPS_SHAPE
        == "groups are a mapping of names to lists of choices, as in groups: {leadership: [a, b]}"
    )


@pytest.mark.parametrize(
    "values", ["lead", [], [1, 2], {"lead": 1}], ids=["text", "empty", "numbers", "mapping"]
)
def test_a_group_that_is_not_a_list_of_choices_gets_the_shape_to_write(values: object) -> None:
    """A group whose choices are not a non-empty list of names is refused at its name, with the shape."""
    assert read_groups(questions_data({"leadership": values})) == (
        {"goals": {"leadership": ()}},
        [(("questions", 1, "groups", "leadership"), f"group 'leadership': {GROUPS_SHAPE}")],
    )


def test_a_group_named_like_a_choice_is_refused_and_left_out() -> None:
    """A group called `consulting` (a choice of goals) is refused, so that a condition naming consulting
    keeps meaning the choice; the other groups are read."""
    found, problems = read_groups(questions_data({"consulting": ["run"], "leadership": ["lead"]}))
    assert found == {"goals": {"leadership": ("lead",)}}
    assert problems == [
        (
            ("questions", 1, "groups", "consulting"),
            "group 'consulting' has the name of a choice of 'goals'; name the group otherwise",
        )
    ]


def test_a_choice_listed_twice_is_reported_and_kept_once() -> None:
    """A choice listed twice in a group is reported at the second listing; the group holds it once."""
    assert read_groups(questions_data({"leadership": ["lead", "run", "lead"]})) == (
        {"goals": {"leadership": ("lead", "run")}},
        [(("questions", 1, "groups", "leadership", 2), "group 'leadership': 'lead' is listed twice")],
    )


@pytest.mark.parametrize("kind", ["boolean", "integer"])
def test_a_question_without_choices_takes_no_groups(kind: str) -> None:
    """Groups on a yes/no or integer question are refused: only single and multi questions have choices."""
    assert read_groups(questions_data({"yes_please": ["lead"]}, kind=kind)) == (
        {},
        [
            (
                ("questions", 1, "groups"),
                f"a {kind} question takes no groups: only single and multi questions have choices",
            )
        ],
    )


def test_groups_on_a_question_with_no_kind_say_so_not_none() -> None:
    """A question whose kind is left out reads as "a question with no kind", never "a None question"."""
    data = questions_data({"leadership": ["lead"]})
    del data["questions"][1]["kind"]
    assert read_groups(data)[1] == [
        (
            ("questions", 1, "groups"),
            "a question with no kind takes no groups: only single and multi questions have choices",
        )
    ]


def test_a_single_choice_question_may_have_groups() -> None:
    """A single-choice question's groups are read as a multiple choice's are."""
    assert read_groups(questions_data({"leadership": ["lead", "run"]}, kind="single")) == (
        {"goals": {"leadership": ("lead", "run")}},
        [],
    )


@pytest.mark.parametrize("data", [[], "questions", {"questions": "goals"}, {"questions": [1, {"id": "x"}]}])
def test_data_without_groups_has_none_and_no_problems(data: object) -> None:
    """Data that is not questions with groups (left to the schema to report) gives no groups, no problem."""
    assert read_groups(data) == ({}, [])


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.sampled_from(CHOICES), min_size=1, max_size=6))
def test_a_group_holds_its_choices_once_each_in_the_order_written(values: list[str]) -> None:
    """Any list of choices reads as those choices once each, in the order first written, with one
    problem for each repeat."""
    found, problems = read_groups(questions_data({"picked": list(values)}))
    assert found == {"goals": {"picked": tuple(dict.fromkeys(values))}}
    assert len(problems) == len(values) - len(set(values))
    assert all(message.endswith("is listed twice") for _, message in problems)
