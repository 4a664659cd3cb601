"""The six personas of the core issue, as the built-in rules' test cases hold them."""

from __future__ import annotations

from typing import Any

from tests.helpers.rules import shipped_cases


def _first(top: str | list[str]) -> str:
    return top if isinstance(top, str) else top[0]


# A mid-career physician who wants to lead and to stop practising, with three years and a thesis to
# give: the made-up person whose answers many tests change one at a time.
LEADER_TO_BE: dict[str, Any] = {
    "clinical_status": "practicing_physician",
    "career_stage": "mid",
    "goals": ["lead_within_health_system"],
    "keep_practicing": False,
    "study_format": "either",
    "max_years": 3,
    "wants_research": True,
    "recognition_importance": "low",
    "can_reduce_income": True,
}
PHYSICIAN = "mid-career physician leading inside a health system"

# The six personas of the core issue, kept with the rules (rules/cases/personas.yaml), so that
# `degreefit rules test` and the test suite hold the rule set to the same people: answers,
# the degree listed first, and the eligibility each case expects.
PERSONAS: dict[str, tuple[dict[str, Any], str, dict[str, str]]] = {
    case["who"]: (case["answers"], _first(case["expect"]["top"]), case["expect"]["eligibility"])
    for case in shipped_cases("personas.yaml")
}

# Personas whose top pick is a tie: every degree tied for first, in the order listed.
TIES: dict[str, list[str]] = {
    case["who"]: case["expect"]["top"]
    for case in shipped_cases("personas.yaml")
    if isinstance(case["expect"]["top"], list)
}


def persona_answers(name: str) -> dict[str, Any]:
    """A copy of one persona's answers."""
    return dict(PERSONAS[name][0])
