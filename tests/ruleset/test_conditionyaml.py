"""Conditions as rule files write them (degreefit/ruleset/conditionyaml.py): parsing, syntax errors,
and problems against the questions; and named groups of a question's choices, read from
questions.yaml's data, each faulty definition reported at its place with what to write instead."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.conditions import by_id
from degreefit.models import AllOf, AnyOf, Comparison, Not, RuleSet
from degreefit.ruleset.conditionyaml import GROUPS_SHAPE, ConditionSyntaxError, parse, problems, read_groups


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {"clinical_status": {"is": "medical_student"}},
            Comparison("clinical_status", "is", "medical_student"),
        ),
        ({"wants_research": {"is": True}}, Comparison("wants_research", "is", True)),
        ({"max_years": {"is": 2}}, Comparison("max_years", "is", 2)),
        ({"career_stage": {"in": ["mid", "senior"]}}, Comparison("career_stage", "in", ("mid", "senior"))),
        ({"career_stage": {"not_in": ["student"]}}, Comparison("career_stage", "not_in", ("student",))),
        ({"goals": {"contains_any": ["consulting"]}}, Comparison("goals", "contains_any", ("consulting",))),
        (
            {"goals": {"contains_all": ["consulting", "digital_health"]}},
            Comparison("goals", "contains_all", ("consulting", "digital_health")),
        ),
        ({"goals": {"contains_none": ["consulting"]}}, Comparison("goals", "contains_none", ("consulting",))),
        ({"max_years": {"lt": 2}}, Comparison("max_years", "lt", 2)),
        ({"max_years": {"lte": 2}}, Comparison("max_years", "lte", 2)),
        ({"max_years": {"gt": 2}}, Comparison("max_years", "gt", 2)),
        ({"max_years": {"gte": 2}}, Comparison("max_years", "gte", 2)),
    ],
    ids=lambda value: next(iter(next(iter(value.values())))) if isinstance(value, dict) else "",
)
def test_parse_reads_each_operator(raw: dict[str, Any], expected: Comparison) -> None:
    """Each operator parses into a leaf test; list operators keep their values as a tuple, in order."""
    assert parse(raw) == expected


def test_parse_reads_all_any_and_not_nested() -> None:
    """all, any and not nest to any depth and keep the order of their conditions."""
    raw = {
        "all": [
            {"clinical_status": {"is": "practicing_physician"}},
            {"any": [{"goals": {"contains_any": ["consulting"]}}, {"not": {"max_years": {"lt": 2}}}]},
        ]
    }
    assert parse(raw) == AllOf(
        (
            Comparison("clinical_status", "is", "practicing_physician"),
            AnyOf(
                (Comparison("goals", "contains_any", ("consulting",)), Not(Comparison("max_years", "lt", 2)))
            ),
        )
    )


@pytest.mark.parametrize(
    ("raw", "loc", "message"),
    [
        pytest.param(
            ["clinical_status"],
            (),
            "a condition is a mapping with one key: all, any, not, or a question id",
            id="not-a-mapping",
        ),
        pytest.param(
            {"career_stage": {"is": "mid"}, "max_years": {"lt": 2}},
            (),
            "a condition is a mapping with one key: all, any, not, or a question id",
            id="two-keys",
        ),
        pytest.param(
            {"max_years": {"eq": 2}},
            ("max_years",),
            "unknown operator 'eq'; use one of is, in, not_in, contains_any, contains_all, contains_none, "
            "lt, lte, gt, gte",
            id="unknown-operator",
        ),
        pytest.param(
            {"career_stage": {"in": "mid"}},
            ("career_stage", "in"),
            "'in' takes a non-empty list of values",
            id="list-operator-with-a-scalar",
        ),
        pytest.param(
            {"goals": {"contains_any": []}},
            ("goals", "contains_any"),
            "'contains_any' takes a non-empty list of values",
            id="list-operator-with-an-empty-list",
        ),
        pytest.param(
            {"career_stage": {"is": ["mid"]}},
            ("career_stage", "is"),
            "'is' takes a single value",
            id="scalar-operator-with-a-list",
        ),
        pytest.param(
            {"career_stage": "mid"},
            ("career_stage",),
            "a test of 'career_stage' is a mapping with one operator: is, in, not_in, contains_any, "
            "contains_all, contains_none, lt, lte, gt, gte",
            id="test-without-operator",
        ),
        pytest.param({"all": []}, ("all",), "'all' takes a non-empty list of conditions", id="empty-all"),
        pytest.param(
            {"any": {"career_stage": {"is": "mid"}}},
            ("any",),
            "'any' takes a non-empty list of conditions",
            id="any-of-a-mapping",
        ),
        pytest.param(
            {"all": [{"career_stage": {"is": "mid"}}, "max_years"]},
            ("all", 1),
            "a condition is a mapping with one key: all, any, not, or a question id",
            id="bad-item-inside-all",
        ),
        pytest.param({7: {"is": 7}}, (), "7 is not a question id", id="key-not-a-string"),
    ],
)
def test_parse_rejects_bad_syntax_with_a_useful_message(
    raw: object, loc: tuple[object, ...], message: str
) -> None:
    """A condition off the grammar raises ConditionSyntaxError saying what is wrong and where inside it."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(raw)
    assert (caught.value.loc, caught.value.message, str(caught.value)) == (loc, message, message)


def test_parse_reports_locations_below_the_location_it_is_given() -> None:
    """The location of a syntax error extends the location passed in (the rule's place in its file)."""
    with pytest.raises(ConditionSyntaxError) as caught:
        parse({"not": {"any": [{"max_years": {"lt": []}}]}}, ("rules", 3, "when"))
    assert caught.value.loc == ("rules", 3, "when", "not", "any", 0, "max_years", "lt")


def _problems(raw: object, ruleset: RuleSet) -> list[str]:
    return [found.message for found in problems(parse(raw), by_id(ruleset.questions))]


def test_problems_are_empty_for_a_well_formed_condition(ruleset: RuleSet) -> None:
    """A condition naming real questions, with fitting operators and their own choices, has no problems."""
    raw = {
        "all": [
            {"clinical_status": {"in": ["practicing_physician", "medical_student"]}},
            {"goals": {"contains_none": ["consulting"]}},
            {"not": {"max_years": {"gte": 3}}},
            {"wants_research": {"is": False}},
        ]
    }
    assert _problems(raw, ruleset) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            {"any": [{"wants_reserch": {"is": True}}]},
            ["condition names unknown question 'wants_reserch'; did you mean 'wants_research'?"],
            id="unknown-question",
        ),
        pytest.param(
            {"career_stage": {"lt": 2}},
            ["'lt' does not apply to single question 'career_stage'; use in, is, not_in"],
            id="comparison-on-a-single-question",
        ),
        pytest.param(
            {"goals": {"is": "consulting"}},
            ["'is' does not apply to multi question 'goals'; use contains_all, contains_any, contains_none"],
            id="is-on-a-multi-question",
        ),
        pytest.param(
            {"wants_research": {"in": [True]}},
            ["'in' does not apply to boolean question 'wants_research'; use is"],
            id="in-on-a-boolean-question",
        ),
        pytest.param(
            {"clinical_status": {"in": ["practicing_physician", "doctor"]}},
            [
                "'doctor' is not a choice of question 'clinical_status' (questions.yaml); its choices are "
                "practicing_physician, physician_in_training, medical_graduate, medical_student, "
                "other_clinician, non_clinician"
            ],
            id="value-not-a-choice",
        ),
        pytest.param(
            {"wants_research": {"is": "yes"}},
            ["'wants_research': 'yes' is not true or false"],
            id="boolean-given-a-string",
        ),
        pytest.param(
            {"max_years": {"lt": "two"}},
            ["'max_years': 'two' is not a whole number"],
            id="integer-given-a-string",
        ),
        pytest.param(
            {"all": [{"nope": {"is": 1}}, {"career_stage": {"is": "middle"}}]},
            [
                "condition names unknown question 'nope'",
                "'middle' is not a choice of question 'career_stage' (questions.yaml); did you mean 'mid'?",
            ],
            id="every-problem-in-order",
        ),
    ],
)
def test_problems_name_what_is_wrong(raw: object, expected: list[str], ruleset: RuleSet) -> None:
    """problems() names the unknown question, the operator that does not fit, or the value not a choice."""
    assert _problems(raw, ruleset) == expected


def test_problems_say_where_in_the_condition_they_are(ruleset: RuleSet) -> None:
    """Each problem carries the path to the test it concerns inside `all`, `any` and `not`: to the item
    for an unknown question, to its operator for one that does not fit, to its values for a value."""
    raw = {
        "all": [
            {"nope": {"is": 1}},
            {"any": [{"career_stage": {"lt": 2}}, {"not": {"goals": {"contains_any": ["cosulting"]}}}]},
        ]
    }
    assert [found.loc for found in problems(parse(raw), by_id(ruleset.questions))] == [
        ("all", 0),
        ("all", 1, "any", 0, "career_stage"),
        ("all", 1, "any", 1, "not", "goals", "contains_any"),
    ]


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
