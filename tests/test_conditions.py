"""The condition language: parsing, syntax errors, evaluation, checking and plain-words description."""

from __future__ import annotations

from typing import Any

import pytest

from degreefit.conditions import (
    ConditionSyntaxError,
    by_id,
    compile_condition,
    describe,
    parse,
    problems,
)
from degreefit.models import AllOf, AnswerValue, AnyOf, Condition, Not, RuleSet
from degreefit.models import Comparison as Leaf


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"clinical_status": {"is": "medical_student"}}, Leaf("clinical_status", "is", "medical_student")),
        ({"wants_research": {"is": True}}, Leaf("wants_research", "is", True)),
        ({"max_years": {"is": 2}}, Leaf("max_years", "is", 2)),
        ({"career_stage": {"in": ["mid", "senior"]}}, Leaf("career_stage", "in", ("mid", "senior"))),
        ({"career_stage": {"not_in": ["student"]}}, Leaf("career_stage", "not_in", ("student",))),
        ({"goals": {"contains_any": ["consulting"]}}, Leaf("goals", "contains_any", ("consulting",))),
        (
            {"goals": {"contains_all": ["consulting", "digital_health"]}},
            Leaf("goals", "contains_all", ("consulting", "digital_health")),
        ),
        ({"goals": {"contains_none": ["consulting"]}}, Leaf("goals", "contains_none", ("consulting",))),
        ({"max_years": {"lt": 2}}, Leaf("max_years", "lt", 2)),
        ({"max_years": {"lte": 2}}, Leaf("max_years", "lte", 2)),
        ({"max_years": {"gt": 2}}, Leaf("max_years", "gt", 2)),
        ({"max_years": {"gte": 2}}, Leaf("max_years", "gte", 2)),
    ],
    ids=lambda value: next(iter(next(iter(value.values())))) if isinstance(value, dict) else "",
)
def test_parse_reads_each_operator(raw: dict[str, Any], expected: Leaf) -> None:
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
            Leaf("clinical_status", "is", "practicing_physician"),
            AnyOf((Leaf("goals", "contains_any", ("consulting",)), Not(Leaf("max_years", "lt", 2)))),
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


def _holds(raw: object, answers: dict[str, AnswerValue]) -> bool:
    return compile_condition(parse(raw))(answers)


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        ({"career_stage": {"is": "mid"}}, {"career_stage": "mid"}, True),
        ({"career_stage": {"is": "mid"}}, {"career_stage": "early"}, False),
        ({"career_stage": {"in": ["mid", "senior"]}}, {"career_stage": "senior"}, True),
        ({"career_stage": {"in": ["mid", "senior"]}}, {"career_stage": "early"}, False),
        ({"career_stage": {"not_in": ["mid"]}}, {"career_stage": "early"}, True),
        ({"career_stage": {"not_in": ["mid"]}}, {"career_stage": "mid"}, False),
        ({"goals": {"contains_any": ["consulting", "policy_reform"]}}, {"goals": ("policy_reform",)}, True),
        ({"goals": {"contains_any": ["consulting"]}}, {"goals": ("policy_reform",)}, False),
        ({"goals": {"contains_all": ["consulting", "policy_reform"]}}, {"goals": ("policy_reform",)}, False),
        (
            {"goals": {"contains_all": ["consulting", "policy_reform"]}},
            {"goals": ("policy_reform", "digital_health", "consulting")},
            True,
        ),
        ({"goals": {"contains_none": ["consulting"]}}, {"goals": ("policy_reform",)}, True),
        ({"goals": {"contains_none": ["consulting"]}}, {"goals": ("consulting",)}, False),
        ({"max_years": {"lt": 2}}, {"max_years": 1}, True),
        ({"max_years": {"lt": 2}}, {"max_years": 2}, False),
        ({"max_years": {"lte": 2}}, {"max_years": 2}, True),
        ({"max_years": {"lte": 2}}, {"max_years": 3}, False),
        ({"max_years": {"gt": 2}}, {"max_years": 3}, True),
        ({"max_years": {"gt": 2}}, {"max_years": 2}, False),
        ({"max_years": {"gte": 2}}, {"max_years": 2}, True),
        ({"max_years": {"gte": 2}}, {"max_years": 1}, False),
        ({"all": [{"max_years": {"gte": 2}}, {"wants_research": {"is": True}}]}, {"max_years": 3}, False),
        (
            {"all": [{"max_years": {"gte": 2}}, {"wants_research": {"is": True}}]},
            {"max_years": 3, "wants_research": True},
            True,
        ),
        (
            {"any": [{"max_years": {"gte": 5}}, {"wants_research": {"is": True}}]},
            {"wants_research": True},
            True,
        ),
        ({"any": [{"max_years": {"gte": 5}}, {"wants_research": {"is": True}}]}, {"max_years": 1}, False),
        ({"not": {"max_years": {"lt": 2}}}, {"max_years": 4}, True),
        ({"not": {"max_years": {"lt": 2}}}, {"max_years": 1}, False),
    ],
)
def test_compiled_condition_evaluates_each_operator(
    raw: object, answers: dict[str, AnswerValue], expected: bool
) -> None:
    """A compiled condition is true exactly when its test holds for the answers."""
    assert _holds(raw, answers) is expected


@pytest.mark.parametrize(
    "raw",
    [
        {"career_stage": {"is": "mid"}},
        {"career_stage": {"in": ["mid"]}},
        {"career_stage": {"not_in": ["mid"]}},
        {"goals": {"contains_any": ["consulting"]}},
        {"goals": {"contains_all": ["consulting"]}},
        {"goals": {"contains_none": ["consulting"]}},
        {"max_years": {"lt": 2}},
        {"max_years": {"lte": 2}},
        {"max_years": {"gt": 2}},
        {"max_years": {"gte": 2}},
    ],
    ids=lambda raw: next(iter(next(iter(raw.values())))),
)
def test_a_test_of_an_unanswered_question_is_false_and_its_negation_true(raw: dict[str, Any]) -> None:
    """Every operator, even not_in and contains_none, is false for an unanswered question; `not` is true."""
    assert _holds(raw, {"wants_research": True}) is False
    assert _holds({"not": raw}, {"wants_research": True}) is True


def test_is_distinguishes_true_from_1() -> None:
    """`is: true` does not hold for the answer 1, nor `is: 1` for the answer true (nor false for 0)."""
    assert _holds({"wants_research": {"is": True}}, {"wants_research": 1}) is False
    assert _holds({"max_years": {"is": 1}}, {"max_years": True}) is False
    assert _holds({"wants_research": {"is": False}}, {"wants_research": 0}) is False
    assert _holds({"wants_research": {"is": True}}, {"wants_research": True}) is True
    assert _holds({"max_years": {"is": 1}}, {"max_years": 1}) is True


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


def test_describe_puts_a_nested_condition_in_plain_words(ruleset: RuleSet) -> None:
    """describe() uses choice labels, yes/no, operator words and parentheses for nested groups."""
    condition: Condition = parse(
        {
            "all": [
                {"clinical_status": {"in": ["practicing_physician", "physician_in_training"]}},
                {"any": [{"goals": {"contains_any": ["consulting"]}}, {"not": {"max_years": {"lt": 2}}}]},
                {"wants_research": {"is": True}},
            ]
        }
    )
    assert describe(condition, by_id(ruleset.questions)) == (
        "your clinical status is “Practicing physician” or “Physician in training (resident or fellow)” "
        "and (your goals include “Work in health-care consulting” or not (your answer to "
        "“How many years could you commit to the program at most?” is less than 2)) "
        "and you answered yes to “Would you welcome a research project or thesis?”"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            {"goals": {"contains_all": ["consulting", "digital_health", "policy_reform"]}},
            "your goals include “Work in health-care consulting”, “Work in digital health or health tech” "
            "and “Shape health policy and reform”",
            id="contains_all",
        ),
        pytest.param(
            {"goals": {"contains_any": ["consulting", "digital_health"]}},
            "your goals include “Work in health-care consulting” or “Work in digital health or health tech”",
            id="contains_any",
        ),
        pytest.param(
            {"goals": {"contains_none": ["consulting", "digital_health"]}},
            "your goals include neither “Work in health-care consulting” "
            "nor “Work in digital health or health tech”",
            id="contains_none",
        ),
        pytest.param(
            {"goals": {"contains_none": ["consulting"]}},
            "your goals do not include “Work in health-care consulting”",
            id="contains_none-one-value",
        ),
        pytest.param(
            {"career_stage": {"not_in": ["mid", "senior"]}},
            "your career stage is neither “Mid-career” nor “Senior”",
            id="not_in",
        ),
        pytest.param(
            {"career_stage": {"not_in": ["mid"]}},
            "your career stage is not “Mid-career”",
            id="not_in-one-value",
        ),
        pytest.param(
            {"career_stage": {"in": ["student", "early", "mid"]}},
            "your career stage is “Still studying”, “Early career” or “Mid-career”",
            id="in-three-values",
        ),
        pytest.param(
            {"max_years": {"gte": 3}},
            "your answer to “How many years could you commit to the program at most?” is at least 3",
            id="gte",
        ),
        pytest.param(
            {"wants_research": {"is": False}},
            "you answered no to “Would you welcome a research project or thesis?”",
            id="is-false",
        ),
    ],
)
def test_describe_joins_several_values_with_the_word_the_operator_means(
    raw: object, expected: str, ruleset: RuleSet
) -> None:
    """contains_all lists values with “and”; contains_none and not_in read “neither … nor” for several
    values and “not” for one; the others join with “or”."""
    assert describe(parse(raw), by_id(ruleset.questions)) == expected


def test_describe_falls_back_to_the_question_id_when_the_question_has_no_topic(ruleset: RuleSet) -> None:
    """A single- or multiple-choice question without a topic is named by its id: “your <id> …”."""
    questions = by_id(ruleset.questions)
    questions["career_stage"] = questions["career_stage"]._replace(topic="")
    assert describe(parse({"career_stage": {"is": "mid"}}), questions) == "your career_stage is “Mid-career”"
