"""Conditions as rule files write them: parsing, syntax errors, and problems against the questions."""

from __future__ import annotations

from typing import Any

import pytest

from degreefit.conditions import by_id
from degreefit.models import AllOf, AnyOf, Comparison, Not, RuleSet
from degreefit.ruleset.conditionyaml import ConditionSyntaxError, parse, problems


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
