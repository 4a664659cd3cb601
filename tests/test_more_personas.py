"""More people the advice must get right, each reasoned from the two sources.

Every persona says who it is, the answers, the degrees that must share first place (one
degree for a clear pick), and a rule that must be among the reasons (for or against)
because the sources make it the point of the advice. The comment above each says why,
with the source section. Where a persona's expectation changed when the knowledge base
was rebuilt on claims, the comment says which source sentence the old one misread.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import pytest

from degreefit.engine import Engine, Recommendation
from degreefit.explain import tied_for_first
from degreefit.models import RuleSet


class Persona(NamedTuple):
    answers: dict[str, Any]
    top: tuple[str, ...]  # the degrees tied for first; one code when a degree leads alone
    top_eligibility: str
    key_rule: str  # a rule (or gate) the sources make central to this person's advice


PERSONAS: dict[str, Persona] = {
    # A senior doctor who wants to run the organization: the MMM is the clinician-to-leader
    # pipeline into physician-executive roles (U.S. News, "What's the Difference Between a MMM
    # and a MHA?"). The MHA, ideal for nonclinicians, gains nothing from a physician's goals.
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
        ("MMM",),
        "eligible",
        "mmm-clinician-to-leader",
    ),
    # A nurse who leads teams: the MMM admits physicians only (U.S. News, "Why Isn't the MMM More
    # Widely Known?") and the MMed needs a medical degree. The MHA used to win on "MHA and MMM
    # both prepare for leadership", but the same sentence says they serve different groups, and
    # the MHA's group is nonclinicians ("What's the Difference ..."): a nurse is a clinician.
    # No claim speaks of her choice between the MHA and the MBA: a tie.
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
        ("MHA", "MBA"),
        "eligible",
        "mmm-admits-only-physicians",
    ),
    # A non-clinician heading into health-care consulting: the article names consulting among
    # the paths MHA programs are ideal for ("What's the Difference Between a MMM and a MHA?").
    # Valuing recognition across industries does not lift the MBA: that claim compares the MBA
    # with the MMM for doctors, a choice a non-clinician does not have.
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
        ("MHA",),
        "eligible",
        "mha-ideal-for-nonclinicians",
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
        ("MMed",),
        "eligible",
        "mmed-too-long",
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
        ("MMed",),
        "eligible",
        "mmed-tuition-and-income",
    ),
    # A medical student heading to industry who values recognition across industries: doctors
    # choose the MBA for its wider recognition ("Why Isn't the MMM More Widely Known?"). The
    # broader-exposure sentence speaks of physicians ("Some physicians ..."), not students, so it
    # no longer counts for her; the pick rests on the recognition claim alone.
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
        ("MBA",),
        "eligible",
        "mba-recognised-across-industries",
    ),
    # A medical graduate who does not practise and wants to lead digital health. The MMM is for
    # "those who are already practicing" (U.S. News, "What's the Difference ..."): it is not yet
    # open to her, and no MMM claim speaks of her, so it gains nothing (it used to win on five
    # rules that dropped that qualifier). No other claim speaks to her goals either: a tie.
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
        ("MMM", "MHA", "MBA"),
        "not_yet",
        "mmm-for-practising-doctors",
    ),
    # A senior physician who wants to shape policy: MMM-trained physician executives are placed to
    # lead policy reform (U.S. News, "The MMM's Role ...").
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
        ("MMM",),
        "eligible",
        "mmm-positioned-to-lead",
    ),
    # A physician drawn to research and academic medicine, with no leadership goal, who could
    # stop clinical work to study: the MMed opens doors to academic medicine and research (MMed
    # guide, "Benefits and Limitations ..."); the MMM is a leadership degree and must not win
    # just because the person is a mid-career doctor. (Wanting to keep clinical work would cost
    # the MMed as much, "often requiring physicians to reduce clinical practice": a tie.)
    "academic physician": Persona(
        {
            "clinical_status": "practicing_physician",
            "career_stage": "mid",
            "goals": ["research_academic"],
            "keep_practicing": False,
            "study_format": "either",
            "max_years": 4,
            "wants_research": True,
            "recognition_importance": "low",
            "can_reduce_income": True,
        },
        ("MMed",),
        "eligible",
        "mmed-opens-doors",
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
        ("MMed",),
        "eligible",
        "mmed-opens-doors",
    ),
    # A pharmacist leaving clinical work for industry. The MBA used to win on "open to every
    # background" (an admission fact, not a fit) and on recognition (a claim about doctors
    # choosing between the MBA and the MMM). The broader-exposure sentence speaks of "some
    # physicians". No claim speaks of a pharmacist's choice between the MHA and the MBA: a tie.
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
        ("MHA", "MBA"),
        "eligible",
        "mmm-admits-only-physicians",
    ),
    # A resident who wants to lead quality improvement: MMM physician executives lead quality
    # improvement (U.S. News, "The MMM's Role ..."). Being early in a career no longer counts
    # against the MMM: the article wants the MMM to reach early-career doctors.
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
        ("MMM",),
        "eligible",
        "mmm-positioned-to-lead",
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
        ("MHA",),
        "eligible",
        "mha-ideal-for-nonclinicians",
    ),
}


def _recommend(ruleset: RuleSet, answers: dict[str, Any]) -> Recommendation:
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}
    return Engine(ruleset).recommend(values)


@pytest.mark.parametrize("name", list(PERSONAS))
def test_persona_gets_the_degree_the_sources_point_to(ruleset: RuleSet, name: str) -> None:
    """Each persona's top pick (or the degrees tied for first), and its eligibility, are the
    ones the sources support."""
    persona = PERSONAS[name]
    recommendation = _recommend(ruleset, persona.answers)
    assert tied_for_first(recommendation) == persona.top
    assert recommendation.top.eligibility == persona.top_eligibility


@pytest.mark.parametrize("name", list(PERSONAS))
def test_persona_hears_the_reason_that_decides_it(ruleset: RuleSet, name: str) -> None:
    """The rule (or gate) that carries each persona's advice is among what the report gives."""
    persona = PERSONAS[name]
    recommendation = _recommend(ruleset, persona.answers)
    fired = {c.rule.id for result in recommendation.ranking for c in result.contributions}
    fired |= {gate.id for result in recommendation.ranking for gate in result.gates}
    assert persona.key_rule in fired


def test_ineligible_degrees_rank_last_for_clinicians_who_are_not_physicians(ruleset: RuleSet) -> None:
    """For the nurse and the pharmacist, the MMM and the MMed are ineligible and rank last."""
    for name in ("nurse manager", "pharmacist moving to industry"):
        ranking = _recommend(ruleset, PERSONAS[name].answers).ranking
        assert [r.eligibility for r in ranking[2:]] == ["ineligible", "ineligible"]
        assert {r.degree.code for r in ranking[2:]} == {"MMM", "MMed"}
