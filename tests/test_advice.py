"""Advice a person can defend (issue 18): each finding of the reading of rules/ against the sources
(shared/sources/rules-reading-0fe88c8.md, F1 to F20) and each person of the user trial, shown by an
answers set, and the promises of the ranking held as properties.

Each test's docstring names the source and section its advice rests on (U.S. News = "Master of
Medical Management Degree: What to Know"; MMed guide = "Master of Medicine: Your Guide to Advanced
Medical Degrees"), in our words: tests never copy the sources' sentences (F20). A test that needs
the sources' own words reads them from shared/sources/ beside the checkout.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.answers import random_answers
from degreefit.engine import Engine, Recommendation, rests_on
from degreefit.explain import disputes, explain, unaddressed, unknowns
from degreefit.models import AnswerValue, RuleSet
from tests.helpers.personas import LEADER_TO_BE
from tests.helpers.strategies import sampled_suggestions

BASE = LEADER_TO_BE
CLINICAL = ("practicing_physician", "physician_in_training", "other_clinician")
SOURCES = Path(__file__).resolve().parents[2] / "shared" / "sources"


def answers(**changes: Any) -> dict[str, AnswerValue]:
    """The base answers (a mid-career physician) with some changed, as the engine takes them."""
    merged = {**BASE, **changes}
    if merged["clinical_status"] not in CLINICAL:
        merged.pop("keep_practicing", None)
    if "specialize_clinically" not in merged["goals"]:
        merged.pop("specialty", None)
    elif "specialty" not in merged:
        merged["specialty"] = "surgery"
    return {k: tuple(v) if isinstance(v, list) else v for k, v in merged.items()}


def recommend(ruleset: RuleSet, **changes: Any) -> Recommendation:
    return Engine(ruleset).recommend(answers(**changes))


def reasons(recommendation: Recommendation, code: str) -> dict[str, float]:
    """The rules that fired for one degree, with their points."""
    return {c.rule.id: c.points for c in recommendation.result(code).contributions}


# --- the five people of the user trial ---------------------------------------------------------


def test_a_hospitalist_who_wants_to_be_cmo_gets_the_mmm(ruleset: RuleSet) -> None:
    """A practising doctor who wants to lead: the MMM is the route from clinician to leader for those
    already practising (U.S. News, "What’s the Difference Between a MMM and a MHA?")."""
    hospitalist = recommend(ruleset, goals=["lead_within_health_system", "quality_improvement"])
    assert hospitalist.standings.top == "MMM"
    assert "mmm-clinician-to-leader" in reasons(hospitalist, "MMM")


def test_a_medical_student_who_wants_to_run_a_hospital_gets_the_mha_not_a_later_mmm(
    ruleset: RuleSet,
) -> None:
    """A third-year student with one year free: the MHA suits people not practising who want to run
    health-care organisations (U.S. News, "What’s the Difference Between a MMM and a MHA?"); the MMM
    is for doctors already practising, so it is her later path, never the head of the advice. Issue
    19: the MHA programs' own pages take 16 months to two years (claim mha-length-programs, Johns
    Hopkins MHA, "About the Master of Health Administration Program", and the programs it lists), so
    her one-year limit now counts against the MHA as a conflict; it stays first on her goal."""
    student = recommend(
        ruleset,
        clinical_status="medical_student",
        career_stage="student",
        goals=["run_healthcare_organization"],
        max_years=1,
    )
    assert student.standings.top == "MHA"
    assert student.standings.decided == "goals"
    assert student.standings.later[0] == "MMM"
    assert set(reasons(student, "MHA")) == {"mha-ideal-for-nonclinicians", "mha-too-long"}
    mha = student.result("MHA")
    assert [c.rule.id for c in mha.contributions if c.rule.conflict] == ["mha-too-long"]
    assert mha.cost < 0 < mha.goal


def test_a_pharmacist_moving_to_a_start_up_who_wants_recognition_gets_the_mba(ruleset: RuleSet) -> None:
    """F8: MBAs are more widely recognised across industries (U.S. News, "Why Isn’t the MMM More Widely
    Known?"), a property of the degree that reaches a pharmacist who asks for exactly that."""
    pharmacist = recommend(
        ruleset,
        clinical_status="other_clinician",
        goals=["digital_health", "career_beyond_medicine"],
        recognition_importance="high",
    )
    assert pharmacist.standings.top == "MBA"
    assert set(reasons(pharmacist, "MBA")) == {
        "mba-recognised-across-industries",
        "mba-broader-business-exposure",
    }


def test_a_resident_drawn_to_specialising_research_and_the_who_gets_the_mmed(ruleset: RuleSet) -> None:
    """F9: the MMed is for specialising (MMed guide, "What is a Master of Medicine Degree?") and builds
    research skills (its "Conclusion"): research goals now count for it."""
    resident = recommend(
        ruleset,
        clinical_status="physician_in_training",
        career_stage="early",
        goals=["specialize_clinically", "research_academic", "global_health_organization"],
        specialty="internal_medicine",
    )
    assert resident.standings.top == "MMed"
    assert {"mmed-for-specialising", "mmed-research-skills", "mmed-opens-doors"} <= set(
        reasons(resident, "MMed")
    )


def test_a_non_practising_graduate_who_wants_consulting_gets_the_mha_with_the_mba_counted_too(
    ruleset: RuleSet,
) -> None:
    """F5, as issue 19 settles it: the U.S. News article ties consulting to the MHA for people who do
    not practise ("What’s the Difference Between a MMM and a MHA?"); the employers' survey of GMAC,
    the body that runs the GMAT, has 95% of consulting recruiters planning to hire MBA graduates
    (claim mba-consulting-recruiters, GMAC 2021, "Quick Facts"). They point different ways without
    contradicting each other, so both count, each at its level (`follow: both`): the MHA first (3
    to 2), the MBA counted, and the report shows both sides. The MHA programs' own list of employers
    (mha-consulting-among-destinations) is the article's idea again, so it does not count twice."""
    values = answers(clinical_status="medical_graduate", goals=["consulting"])
    engine = Engine(ruleset)
    graduate = engine.recommend(values)
    assert graduate.standings.top == "MHA"
    assert reasons(graduate, "MHA") == {"mha-ideal-for-nonclinicians": 3.0}
    assert reasons(graduate, "MBA") == {"mba-consulting-recruiters": 2.0}
    assert unaddressed(engine, graduate, values) == ()
    (dispute,) = disputes(graduate, ruleset, values)
    assert (dispute.followed.id, dispute.other.id, dispute.both) == (
        "mba-consulting-recruiters",
        "mha-ideal-for-nonclinicians",
        True,
    )
    # For a clinician, whom the article does not speak of, the MBA's survey leads.
    nurse = engine.recommend(
        answers(clinical_status="other_clinician", goals=["consulting"], keep_practicing=False)
    )
    assert nurse.standings.top == "MBA"
    assert reasons(nurse, "MHA") == {"mha-consulting-among-destinations": 1.0}


# --- the findings ------------------------------------------------------------------------------


def test_f1_a_doctor_who_only_wants_to_specialise_is_sent_to_the_mmed_with_its_costs_as_caveats(
    ruleset: RuleSet,
) -> None:
    """F1: the MMed guide weighs its costs as things to check, never as a pointer to another degree
    ("Benefits and Limitations of MMed Qualifications"). A doctor whose one goal is to specialise, with
    every practical limit against the MMed, still gets the MMed first: the costs show as caveats, the
    one-year limit against its typical length as a conflict."""
    doctor = recommend(
        ruleset,
        goals=["specialize_clinically"],
        keep_practicing=True,
        study_format="online_part_time",
        max_years=1,
        wants_research=False,
        can_reduce_income=False,
    )
    assert doctor.standings.top == "MMed"
    mmed = doctor.result("MMed")
    costs = {c.rule.id for c in mmed.contributions if c.rule.bears_on == "costs"}
    assert costs == {
        "mmed-too-long",
        "mmed-less-clinical-work",
        "mmed-tuition-and-income",
        "mmed-research-unwelcome",
    }
    assert [c.rule.id for c in mmed.contributions if c.rule.conflict] == ["mmed-too-long"]
    assert mmed.cost < 0 < mmed.goal


def test_f1_costs_alone_never_put_a_silent_degree_ahead(ruleset: RuleSet) -> None:
    """A nurse whose only goal is global health work: the sources link no degree open to her to it, and
    the MMed's documented costs do not lift the MHA or the MBA over each other: a tie, said once."""
    nurse = answers(clinical_status="other_clinician", goals=["global_health_organization"], max_years=1)
    engine = Engine(ruleset)
    recommendation = engine.recommend(nurse)
    assert recommendation.standings.first == ("MHA", "MBA")
    assert recommendation.top is None
    assert [u.value for u in unaddressed(engine, recommendation, nurse)] == ["global_health_organization"]


def test_f2_recognition_does_not_send_a_resident_who_only_wants_to_specialise_to_the_mba(
    ruleset: RuleSet,
) -> None:
    """F2: the MBA's wider recognition (U.S. News, "Why Isn’t the MMM More Widely Known?") is said of
    doctors choosing a route into leadership: for a resident who only wants to specialise it serves no
    goal of hers, and counts for nothing, however high she rates recognition."""
    resident = recommend(
        ruleset,
        clinical_status="physician_in_training",
        goals=["specialize_clinically"],
        recognition_importance="high",
    )
    assert resident.standings.top == "MMed"
    assert "mba-recognised-across-industries" not in reasons(resident, "MBA")
    academic = recommend(ruleset, goals=["research_academic"], recognition_importance="high")
    assert academic.standings.top == "MMed"


def test_f3_a_student_who_wants_administration_sees_a_degree_she_can_enter_first(ruleset: RuleSet) -> None:
    """F3: the MMM is for doctors already practising (U.S. News, "What’s the Difference Between a MMM
    and a MHA?"): for a medical student it is not yet open and never heads her advice."""
    student = recommend(
        ruleset,
        clinical_status="medical_student",
        career_stage="student",
        goals=["lead_within_health_system"],
    )
    assert student.result(student.standings.first[0]).eligibility == "eligible"
    assert "MMM" in student.standings.later


def test_f4_the_mmed_opens_no_door_to_running_a_hospital(ruleset: RuleSet) -> None:
    """F4: the doors the MMed guide names are academic medicine, research and roles in organisations
    such as the WHO ("Benefits and Limitations of MMed Qualifications"), opened by specialised
    knowledge: a physician who wants to run a hospital gets nothing from that sentence."""
    physician = recommend(ruleset, goals=["run_healthcare_organization", "lead_within_health_system"])
    assert reasons(physician, "MMed") == {}


def test_f5_a_graduate_who_does_not_practise_and_wants_to_run_an_organisation_gets_the_mha(
    ruleset: RuleSet,
) -> None:
    """F5: the article sets the MHA's nonclinicians against doctors already practising (U.S. News,
    "What’s the Difference Between a MMM and a MHA?"); a practising doctor is not in that group. Issue
    19: nor does the MHA count against her any more, as executive MHAs are built for working physicians
    (claim mha-executive-for-working-clinicians, Minnesota "Executive Master of Healthcare
    Administration (MHA)" and the programs it lists); a note says so."""
    graduate = recommend(ruleset, clinical_status="medical_graduate", goals=["run_healthcare_organization"])
    assert graduate.standings.top == "MHA"
    assert "mha-ideal-for-nonclinicians" in reasons(graduate, "MHA")
    physician = recommend(ruleset, goals=["run_healthcare_organization"])
    assert "mha-ideal-for-nonclinicians" not in reasons(physician, "MHA")
    assert all(points > 0 for points in reasons(physician, "MHA").values())
    assert "mha-executive-for-working-clinicians" in [note.id for note in physician.notes]


def test_f6_the_mha_prepares_anyone_who_wants_to_lead(ruleset: RuleSet) -> None:
    """F6: the MHA, like the MMM, prepares graduates for leadership roles in health care (U.S. News,
    "What’s the Difference Between a MMM and a MHA?"): a nurse who wants to lead gets the MHA."""
    nurse = recommend(ruleset, clinical_status="other_clinician", goals=["lead_within_health_system"])
    assert nurse.standings.top == "MHA"
    assert reasons(nurse, "MHA") == {"mha-prepares-leaders": 2.0}


def test_f7_broad_business_training_counts_for_the_mba_whoever_wants_it(ruleset: RuleSet) -> None:
    """F7: the MBA's broader business exposure (U.S. News, "The MMM’s Role in the Future of Health Care
    Leadership") is a property of the degree: it counts for a student or a non-clinician who wants it."""
    for status in ("medical_student", "non_clinician", "other_clinician"):
        person = recommend(ruleset, clinical_status=status, goals=["broad_business_exposure"])
        assert person.standings.top == "MBA", status
        assert reasons(person, "MBA") == {"mba-broader-business-exposure": 2.0}
    outsider = recommend(ruleset, clinical_status="non_clinician", goals=["career_beyond_medicine"])
    assert reasons(outsider, "MBA") == {}  # a career beyond clinical medicine is no change for her


def test_f9_an_academic_physician_who_keeps_practising_gets_the_mmed(ruleset: RuleSet) -> None:
    """F9: the MMed builds research skills (MMed guide, "Conclusion"); its costs do not outweigh that."""
    academic = recommend(ruleset, goals=["research_academic"], keep_practicing=True)
    assert academic.standings.top == "MMed"
    assert "mmed-research-skills" in reasons(academic, "MMed")


def test_f10_online_study_is_a_caveat_on_the_mmed_not_a_point(ruleset: RuleSet) -> None:
    """F10: the MMed guide says nothing of online study; its supervised practice is shown as a note."""
    online = recommend(ruleset, goals=["specialize_clinically"], study_format="online_part_time")
    assert reasons(online, "MMed") == reasons(recommend(ruleset, goals=["specialize_clinically"]), "MMed")
    assert "mmed-supervised-practice" in [note.id for note in online.notes]


def test_f11_a_rule_moves_its_degrees_one_way(ruleset: RuleSet) -> None:
    """F11: a claim counts once, so no rule lifts one degree and lowers another; the MBA's recognition
    moves the MBA alone."""
    assert ruleset.rules
    for rule in ruleset.rules:
        assert len({effect > 0 for effect in rule.effects.values()}) == 1, rule.id
    recognition = next(r for r in ruleset.rules if r.id == "mba-recognised-across-industries")
    assert set(recognition.effects) == {"MBA"}


def test_f12_the_mmed_gaining_without_a_wish_to_specialise_carries_the_guides_caution(
    ruleset: RuleSet,
) -> None:
    """F12: physicians should weigh whether specialising suits their goals (MMed guide, "Benefits and
    Limitations of MMed Qualifications"): shown when the MMed gains from research goals alone."""
    researcher = recommend(ruleset, goals=["research_academic"])
    assert "mmed-weigh-against-goals" in [note.id for note in researcher.notes]
    specialist = recommend(ruleset, goals=["research_academic", "specialize_clinically"])
    assert "mmed-weigh-against-goals" not in [note.id for note in specialist.notes]


def test_f13_often_is_a_plain_fact_of_frequency(ruleset: RuleSet) -> None:
    """F13: "often", like "many" and "typically", says what is usual: moderate."""
    assert ruleset.claim("mmed-less-clinical-work").level == "moderate"


def test_f14_income_and_clinical_work_are_one_concern_each(ruleset: RuleSet) -> None:
    """F14: the income question asks about income alone, so keeping clinical work and giving up income
    are two concerns, each read by one rule."""
    prompt = ruleset.question("can_reduce_income").prompt.lower()
    assert "clinical" not in prompt
    assert "income" in prompt
    readers = {
        question: [r.id for r in ruleset.rules if question in str(r.when)]
        for question in ("keep_practicing", "can_reduce_income")
    }
    assert readers == {
        "keep_practicing": ["mmed-less-clinical-work"],
        "can_reduce_income": ["mmed-tuition-and-income"],
    }


def test_f16_senior_and_mid_career_physicians_count_alike_for_the_mmm(ruleset: RuleSet) -> None:
    """F16: the article disfavours no career stage; the mid-career programs are a note, not a point."""
    mid = recommend(ruleset, goals=["lead_within_health_system"])
    senior = recommend(ruleset, goals=["lead_within_health_system"], career_stage="senior")
    assert reasons(mid, "MMM") == reasons(senior, "MMM")
    assert "mmm-programs-for-mid-career-doctors" in [note.id for note in mid.notes]


def test_f17_an_interest_in_health_tech_alone_is_not_leading_in_it(ruleset: RuleSet) -> None:
    """F17: MMM-trained physician executives are well placed to lead in health tech (U.S. News, "The
    MMM’s Role in the Future of Health Care Leadership"): it counts for a physician who wants to lead."""
    tech = recommend(ruleset, goals=["digital_health"])
    assert "mmm-positioned-to-lead" not in reasons(tech, "MMM")
    leading = recommend(ruleset, goals=["digital_health", "lead_within_health_system"])
    assert "mmm-positioned-to-lead" in reasons(leading, "MMM")


def test_f19_help_text_informs_without_arguing(ruleset: RuleSet) -> None:
    """F19: the recognition question's help names no degree and judges none."""
    help_text = ruleset.question("recognition_importance").help
    assert not any(code in help_text for code in ("MMM", "MHA", "MBA", "MMed"))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the sources are not beside this checkout")
def test_f20_no_test_copies_a_run_of_14_source_words() -> None:
    """F20: no test module holds 14 or more consecutive words of either source."""
    runs: set[tuple[str, ...]] = set()
    for source in sorted(SOURCES.glob("0*.txt")):
        words = _words(source.read_text(encoding="utf-8"))
        runs |= {tuple(words[i : i + 14]) for i in range(len(words) - 13)}
    assert runs
    tests = sorted(Path(__file__).parent.rglob("*.py"))
    assert tests
    for test in tests:
        words = _words(test.read_text(encoding="utf-8"))
        copied = [
            " ".join(words[i : i + 14]) for i in range(len(words) - 13) if tuple(words[i : i + 14]) in runs
        ]
        assert not copied, (test.name, copied[:1])


def test_r1_a_physician_who_wants_to_work_in_digital_health_hears_of_the_mmms_topics(
    ruleset: RuleSet,
) -> None:
    """Third reading, R1: the MMM's topics may include digital health innovation (U.S. News, "What Is a
    Master of Medical Management?"), a weak property of the degree: a physician whose one goal is
    digital health gets the MMM first on that one claim, not a four-way tie."""
    physician = recommend(ruleset, goals=["digital_health"])
    assert physician.standings.top == "MMM"
    assert reasons(physician, "MMM") == {"mmm-digital-health-topics": 1.0}
    assert [c.id for c in rests_on(physician, ruleset.claims)] == ["mmm-curriculum-topics"]


def test_r2_each_degree_counts_whom_it_is_for_and_what_it_leads_to_once(ruleset: RuleSet) -> None:
    """Third reading, R2: the MMed's audience and what it leads to count as one claim, as the MMM's do;
    a physician who wants both to lead and to specialise gets the news article's strong claim (3)
    ahead of the AI-written guide's (2.5), and the report calls it a close call resting on it."""
    both = recommend(ruleset, goals=["lead_within_health_system", "specialize_clinically"])
    assert reasons(both, "MMed") == {"mmed-for-specialising": 2.5}
    assert both.standings.top == "MMM"
    assert [c.id for c in rests_on(both, ruleset.claims)] == ["mmm-clinician-to-leader"]


# --- silence, said once ------------------------------------------------------------------------


def test_the_sources_silence_on_length_is_reported_and_moves_nothing(ruleset: RuleSet) -> None:
    """With a one-year limit, a degree whose length no source we hold speaks of (now the MMM alone)
    gains or loses nothing, and the report names it under what the sources do not say. Issue 19: the
    MHA's length rests on programs' own pages (claim mha-length-programs, Johns Hopkins MHA and five
    more): it counts against the MHA as a conflict. The MBA's lengths are examples only (two programs
    open to everyone are too few to speak for the degree): shown, never scored, and for a physician
    the 11-month physicians' MBA is among them."""
    values = answers(goals=["lead_within_health_system"], max_years=1)
    recommendation = Engine(ruleset).recommend(values)
    found = {u.question.id: u.degrees for u in unknowns(recommendation, ruleset, values)}
    assert found["max_years"] == ("MMM",)
    assert reasons(recommendation, "MMM") == reasons(
        recommend(ruleset, goals=["lead_within_health_system"]), "MMM"
    )
    assert "mha-too-long" in reasons(recommendation, "MHA")
    assert reasons(recommendation, "MBA") == {}
    assert "mba-length-example-physicians" in [note.id for note in recommendation.notes]
    nurse = recommend(
        ruleset, clinical_status="other_clinician", goals=["lead_within_health_system"], max_years=1
    )
    assert [c.rule.id for c in nurse.result("MHA").contributions if c.rule.conflict] == ["mha-too-long"]
    assert not [c for c in nurse.result("MBA").contributions if c.rule.conflict]
    assert {"mba-length-example-wharton", "mba-length-example-george-washington"} <= {
        n.id for n in nurse.notes
    }


def test_either_and_medium_are_no_constraint_to_report(ruleset: RuleSet) -> None:
    """ "Either" and "medium" state no preference: nothing is said about format or recognition."""
    values = answers(study_format="either", recognition_importance="medium")
    found = {u.question.id for u in unknowns(Engine(ruleset).recommend(values), ruleset, values)}
    assert not found & {"study_format", "recognition_importance"}


# --- properties --------------------------------------------------------------------------------


@st.composite
def _answer_sets(draw: st.DrawFn, ruleset: RuleSet) -> dict[str, AnswerValue]:
    return random_answers(ruleset, random.Random(draw(st.integers(0, 2**32))))


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_removing_a_claim_moves_a_degree_by_at_most_its_level(ruleset: RuleSet, data: st.DataObject) -> None:
    """Whatever the answers, the rules of one claim move a degree by no more than its level."""
    values = data.draw(_answer_sets(ruleset))
    recommendation = Engine(ruleset).recommend(values)
    levels = {claim.id: ruleset.scoring.points(claim.level) for claim in ruleset.claims}
    for result in recommendation.ranking:
        by_claim: dict[str, float] = {}
        for contribution in result.contributions:
            by_claim[contribution.rule.claim] = by_claim.get(contribution.rule.claim, 0) + contribution.points
        for claim, moved in by_claim.items():
            assert abs(moved) <= levels[claim], (result.degree.code, claim)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_rests_on_names_exactly_the_claims_the_pick_needs(ruleset: RuleSet, data: st.DataObject) -> None:
    """A claim is in `rests_on` exactly when a rule set without its rules and gates, scored by the
    engine, no longer puts the same degrees first."""
    values = data.draw(_answer_sets(ruleset))
    recommendation = Engine(ruleset).recommend(values)
    first = recommendation.standings.first
    named = {claim.id for claim in rests_on(recommendation, ruleset.claims)}
    if len(first) != 1:
        assert named == set()
        return
    used = {c.rule.claim for r in recommendation.ranking for c in r.contributions}
    used |= {g.claim for r in recommendation.ranking for g in r.gates}
    assert named <= used  # a claim that counted for no one cannot be one the pick rests on
    for claim in used:
        without = ruleset._replace(
            rules=tuple(r for r in ruleset.rules if r.claim != claim),
            gates=tuple(g for g in ruleset.gates if g.claim != claim),
        )
        still = Engine(without).recommend(values).standings.first == first
        assert (claim in named) is not still, claim


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_tie_is_a_close_call_and_names_no_claim(ruleset: RuleSet, data: st.DataObject) -> None:
    """On a tie the explanation names the tied degrees, calls it a close call and rests on no claim."""
    values = data.draw(_answer_sets(ruleset))
    engine = Engine(ruleset)
    recommendation = engine.recommend(values)
    explanation = explain(engine, recommendation, values)
    if recommendation.standings.tied:
        assert explanation.tied == recommendation.standings.first
        assert explanation.close_call
        assert explanation.rests_on == ()
    else:
        assert explanation.tied == ()


def test_what_would_change_never_names_a_degree_the_person_cannot_enter(ruleset: RuleSet) -> None:
    """Over a sample, every suggested new first place is a degree open to the person after the change."""
    engine = Engine(ruleset)
    found = sampled_suggestions(ruleset, seed=18, people=120)
    assert found
    for _, alternative in found:
        after = engine.recommend(alternative.answers)
        assert after.result(alternative.top).eligibility == "eligible"
        assert after.standings.top == alternative.top
