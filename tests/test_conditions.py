"""The condition language: evaluation and plain-words description (parsing and checking a
condition as rule files write it: ruleset/test_conditionyaml.py)."""

from __future__ import annotations

from typing import Any

import pytest

from degreefit.conditions import by_id, compile_condition, describe
from degreefit.models import AnswerValue, Condition, RuleSet
from degreefit.ruleset.conditionyaml import parse


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
            "your career stage is “Student, not yet working in my field”, “Early career, including residency "
            "or fellowship” or “Mid-career”",
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
