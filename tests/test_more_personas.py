"""More people the advice must get right, each reasoned from the two sources.

Every persona says who it is, the answers, the degree that must come out on top, and a
rule that must be among the reasons (for or against) because the sources make it the
point of the advice. The comment above each says why, with the source section.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from degreefit.engine import Engine, Recommendation
from degreefit.models import RuleSet


class Persona(NamedTuple):
    answers: dict[str, Any]
    top: str
    top_eligibility: str
    key_rule: str  # a rule the sources make central to this person's advice


PERSONAS: dict[str, Persona] = {
    # A senior doctor who wants to run the organization: the MMM is the clinician-to-leader
    # pipeline into physician-executive roles (U.S. News, "What's the Difference Between a MMM
    # and a MHA?"); the MHA's running-organizations fit comes second, as it aims at non-clinicians.
    "physician executive": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "senior",
            "goals": ["run_healthcare_organization", "lead_within_health_system"],
            "keep_practicing": False,
            "study_format": "online_part_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "medium",
            "can_reduce_income": False,
        },
        "MMM",
        "eligible",
        "mmm-physician-executive-roles",
    ),
    # A nurse who leads teams: the MMM admits physicians only (U.S. News, "Why Isn't the MMM More
    # Widely Known?") and the MMed needs a medical degree; of the open degrees, the MHA prepares
    # for health-care leadership ("What's the Difference Between a MMM and a MHA?").
    "nurse manager": Persona(
        {
            "clinical_status": "other_clinician",
            "career_stage": "mid",
            "goals": ["lead_within_health_system", "support_clinical_teams"],
            "keep_practicing": True,
            "study_format": "online_part_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "medium",
            "can_reduce_income": False,
        },
        "MHA",
        "eligible",
        "health-leadership-degrees",
    ),
    # A non-clinician heading into health-care consulting: the article names consulting among
    # the paths MHA programs suit ("What's the Difference Between a MMM and a MHA?"), even for
    # someone who values recognition across industries (which lifts the MBA to second).
    "health-care consultant": Persona(
        {
            "clinical_status": "non_clinician",
            "career_stage": "early",
            "goals": ["consulting"],
            "study_format": "full_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "high",
            "can_reduce_income": True,
        },
        "MHA",
        "eligible",
        "mha-consulting",
    ),
    # A doctor who wants to specialise but can give only one year: the MMed is still the
    # specialising degree (MMed guide, "What is a Master of Medicine Degree?"), and the report
    # must warn that no program it compares is shorter than two years ("Comparing ... Providers").
    "would-be specialist short on time": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "early",
            "goals": ["specialize_clinically"],
            "specialty": "internal_medicine",
            "keep_practicing": True,
            "study_format": "either",
            "max_years": 1,
            "wants_research": True,
            "recognition_importance": "low",
            "can_reduce_income": True,
        },
        "MMed",
        "eligible",
        "mmed-too-short",
    ),
    # A resident who wants to specialise but cannot forgo income: still the MMed, with the cost
    # named against it (MMed guide, "Benefits and Limitations of MMed Qualifications").
    "would-be specialist short on money": Persona(
        {
            "clinical_status": "physician_in_training",
            "career_stage": "early",
            "goals": ["specialize_clinically"],
            "specialty": "pediatrics",
            "keep_practicing": True,
            "study_format": "full_time",
            "max_years": 3,
            "wants_research": True,
            "recognition_importance": "low",
            "can_reduce_income": False,
        },
        "MMed",
        "eligible",
        "mmed-income-cost",
    ),
    # A medical student heading to industry: physicians looking beyond clinical medicine prefer
    # the MBA's broader business exposure (U.S. News, "The MMM's Role in the Future of Health Care
    # Leadership"), and it is recognised across industries ("Why Isn't the MMM More Widely Known?").
    "medical student heading to industry": Persona(
        {
            "clinical_status": "medical_student",
            "career_stage": "student",
            "goals": ["career_beyond_medicine", "digital_health"],
            "study_format": "either",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "high",
            "can_reduce_income": True,
        },
        "MBA",
        "eligible",
        "mba-beyond-clinical-medicine",
    ),
    # A medical graduate who wants to lead digital health inside the system: MMM coursework covers
    # digital health innovation (U.S. News, "What Is a Master of Medical Management?") and MMM
    # physician executives lead health tech ("The MMM's Role ...").
    "medical graduate leading digital health": Persona(
        {
            "clinical_status": "medical_graduate",
            "career_stage": "early",
            "goals": ["digital_health", "lead_within_health_system"],
            "study_format": "online_part_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "medium",
            "can_reduce_income": True,
        },
        "MMM",
        "eligible",
        "mmm-digital-health-coursework",
    ),
    # A senior physician who wants to shape policy: MMM-trained physician executives are placed to
    # lead policy reform (U.S. News, "The MMM's Role ..."), and health care needs leaders who know
    # medicine, business and policy (the article's introduction).
    "senior physician in policy reform": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "senior",
            "goals": ["policy_reform"],
            "keep_practicing": True,
            "study_format": "online_part_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "low",
            "can_reduce_income": False,
        },
        "MMM",
        "eligible",
        "clinical-leaders-who-know-policy",
    ),
    # A physician drawn to research and academic medicine, with no leadership goal: the MMed opens
    # doors to academic medicine and research (MMed guide, "Benefits and Limitations ..."); the MMM
    # is a leadership degree and must not win just because the person is a mid-career doctor.
    "academic physician": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "mid",
            "goals": ["research_academic"],
            "keep_practicing": True,
            "study_format": "either",
            "max_years": 4,
            "wants_research": True,
            "recognition_importance": "low",
            "can_reduce_income": True,
        },
        "MMed",
        "eligible",
        "mmed-academic-medicine",
    ),
    # A physician aiming at an organization like the WHO: the MMed guide names leadership roles there
    # ("Benefits and Limitations of MMed Qualifications").
    "physician aiming at the WHO": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "mid",
            "goals": ["global_health_organization"],
            "keep_practicing": False,
            "study_format": "full_time",
            "max_years": 3,
            "wants_research": True,
            "recognition_importance": "medium",
            "can_reduce_income": True,
        },
        "MMed",
        "eligible",
        "mmed-global-health-leadership",
    ),
    # A pharmacist leaving clinical work for industry: the MBA is open to every background
    # (U.S. News, "What Is a Master of Medical Management?") and known across industries.
    "pharmacist moving to industry": Persona(
        {
            "clinical_status": "other_clinician",
            "career_stage": "mid",
            "goals": ["career_beyond_medicine"],
            "keep_practicing": False,
            "study_format": "full_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "high",
            "can_reduce_income": True,
        },
        "MBA",
        "eligible",
        "mba-recognised-across-industries",
    ),
    # A resident who wants to lead quality improvement: MMM physician executives lead quality
    # improvement (U.S. News, "The MMM's Role ..."), though the named programs suit mid-career
    # doctors better, which the report must say against it ("What Is a Master of Medical Management?").
    "resident leading quality improvement": Persona(
        {
            "clinical_status": "physician_in_training",
            "career_stage": "early",
            "goals": ["quality_improvement"],
            "keep_practicing": True,
            "study_format": "online_part_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "low",
            "can_reduce_income": False,
        },
        "MMM",
        "eligible",
        "mmm-early-career",
    ),
    # A non-clinician on a finance track who wants to run a hospital and values recognition: the MHA
    # is for non-clinicians running organizations (U.S. News, "What's the Difference ..."), ahead
    # of the MBA's wider recognition.
    "non-clinician running a hospital": Persona(
        {
            "clinical_status": "non_clinician",
            "career_stage": "mid",
            "goals": ["run_healthcare_organization"],
            "study_format": "full_time",
            "max_years": 2,
            "wants_research": False,
            "recognition_importance": "high",
            "can_reduce_income": True,
        },
        "MHA",
        "eligible",
        "mha-running-organizations",
    ),
}


def _recommend(ruleset: RuleSet, answers: dict[str, Any]) -> Recommendation:
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}
    return Engine(ruleset).recommend(values)


@pytest.mark.parametrize("name", list(PERSONAS))
def test_persona_gets_the_degree_the_sources_point_to(ruleset: RuleSet, name: str) -> None:
    """Each persona's top pick, and its eligibility, are the ones the sources support."""
    persona = PERSONAS[name]
    recommendation = _recommend(ruleset, persona.answers)
    assert recommendation.top.degree.code == persona.top
    assert recommendation.top.eligibility == persona.top_eligibility


@pytest.mark.parametrize("name", list(PERSONAS))
def test_persona_hears_the_reason_that_decides_it(ruleset: RuleSet, name: str) -> None:
    """The rule that carries each persona's advice is among the reasons the report gives."""
    persona = PERSONAS[name]
    recommendation = _recommend(ruleset, persona.answers)
    fired = {c.rule.id for result in recommendation.ranking for c in result.contributions}
    assert persona.key_rule in fired


def test_ineligible_degrees_rank_last_for_clinicians_who_are_not_physicians(ruleset: RuleSet) -> None:
    """For the nurse and the pharmacist, the MMM and the MMed are ineligible and rank last."""
    for name in ("nurse manager", "pharmacist moving to industry"):
        ranking = _recommend(ruleset, PERSONAS[name].answers).ranking
        assert [r.eligibility for r in ranking[2:]] == ["ineligible", "ineligible"]
        assert {r.degree.code for r in ranking[2:]} == {"MMM", "MMed"}
