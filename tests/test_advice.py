"""Advice a physician can defend: each problem the line-by-line reading of rules/ found, shown
fixed by an answers set, and the promises of the claim-based knowledge base held as properties.

The comment on each test names the source sentence it rests on (U.S. News = "Master of Medical
Management Degree: What to Know"; MMed guide = "Master of Medicine: Your Guide to Advanced
Medical Degrees").
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import Answers
from degreefit.answerspace import random_answers
from degreefit.cli import app
from degreefit.engine import Engine, Recommendation
from degreefit.explain import explain, rests_on, tied_for_first, unknowns, what_would_change
from degreefit.models import AnswerValue, RuleSet
from degreefit.wording import change_lines

LEADER_GOALS = ["lead_within_health_system"]

BASE: dict[str, Any] = {
    "clinical_status": "practicing_physician",
    "career_stage": "mid",
    "goals": LEADER_GOALS,
    "keep_practicing": False,
    "study_format": "either",
    "max_years": 3,
    "wants_research": True,
    "recognition_importance": "low",
    "can_reduce_income": True,
}


def answers(**changes: Any) -> dict[str, AnswerValue]:
    """The base answers (a mid-career physician) with some changed, as the engine takes them."""
    merged = {**BASE, **changes}
    if merged["clinical_status"] not in ("practicing_physician", "physician_in_training", "other_clinician"):
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
    result = next(r for r in recommendation.ranking if r.degree.code == code)
    return {c.rule.id: c.points for c in result.contributions}


def points(recommendation: Recommendation, code: str) -> float:
    return next(r.points for r in recommendation.ranking if r.degree.code == code)


# --- the four cases at the top of the issue ----------------------------------------------------


def test_a_physician_aiming_at_the_who_is_pointed_to_the_mmed_alone(ruleset: RuleSet) -> None:
    """Only the MMed guide links a degree to WHO roles ("Benefits and Limitations"); the MMM
    gets nothing from "either" as a study format, and the pick says it rests on that one claim."""
    recommendation = recommend(ruleset, goals=["global_health_organization"], study_format="either")
    assert tied_for_first(recommendation) == ("MMed",)
    assert reasons(recommendation, "MMM") == {}
    assert [claim.id for claim in rests_on(recommendation, ruleset)] == ["mmed-opens-doors"]


def test_a_physician_who_consults_is_a_tie_not_an_mmm_pick(ruleset: RuleSet) -> None:
    """No source speaks of physicians in consulting: the MHA is ideal for *nonclinicians* who
    consult (U.S. News, "What's the Difference ..."), so the MMM, MBA and MMed tie at nothing."""
    recommendation = recommend(ruleset, goals=["consulting"], wants_research=True)
    assert tied_for_first(recommendation) == ("MMM", "MBA", "MMed")
    assert "mha-ideal-for-nonclinicians" not in reasons(recommendation, "MHA")
    assert reasons(recommendation, "MMM") == {}


def test_a_medical_graduate_who_does_not_practise_gets_no_mmm_rule(ruleset: RuleSet) -> None:
    """The MMM is for "those who are already practicing" (U.S. News, "What's the Difference ..."):
    not yet open to a graduate who does not practise, and no MMM rule counts for them. The MHA
    rule about physicians treats them the same way (it does not fire either)."""
    goals = ["lead_within_health_system", "quality_improvement", "support_clinical_teams", "policy_reform"]
    recommendation = recommend(ruleset, clinical_status="medical_graduate", goals=goals)
    mmm = next(r for r in recommendation.ranking if r.degree.code == "MMM")
    assert mmm.eligibility == "not_yet"
    assert [g.id for g in mmm.gates] == ["mmm-for-practising-doctors"]
    assert "practis" in mmm.gates[0].reason
    assert mmm.points == 0
    assert reasons(recommendation, "MHA") == {}


def test_a_non_clinician_moving_beyond_clinical_medicine_sees_a_tie(ruleset: RuleSet) -> None:
    """The MBA's broader exposure speaks of "some physicians" and the MHA's ideal of other goals
    (U.S. News): for a non-clinician neither counts, and the report calls it a tie."""
    recommendation = recommend(ruleset, clinical_status="non_clinician", goals=["career_beyond_medicine"])
    assert tied_for_first(recommendation) == ("MHA", "MBA")
    assert reasons(recommendation, "MHA") == {} == reasons(recommendation, "MBA")


def _ask(runner: CliRunner, tmp_path: Path, values: dict[str, Any], output_format: str) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}))
    result = runner.invoke(app, ["ask", "--answers", str(path), "--format", output_format])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_tie_is_headlined_as_a_tie_in_every_format(runner: CliRunner, tmp_path: Path) -> None:
    """A tie never reads "Best fit: X": text, Markdown and JSON name every degree tied for first."""
    values = answers(clinical_status="non_clinician", goals=["career_beyond_medicine"])
    text = _ask(runner, tmp_path, values, "text")
    assert text.startswith("A tie for best fit: MHA and MBA\n")
    assert "Best fit:" not in text
    assert (
        "A tie: MHA and MBA both score 50.0. The claims that bear on your answers do not put one ahead"
        in (" ".join(text.split()))
    )
    markdown = _ask(runner, tmp_path, values, "markdown")
    assert markdown.startswith("# degreefit: a tie for best fit between the MHA and the MBA\n")
    document = json.loads(_ask(runner, tmp_path, values, "json"))
    assert document["tied_for_first"] == ["MHA", "MBA"]
    assert document["close_call"] is True
    assert document["rests_on"] == []


def test_a_pick_that_rests_on_one_claim_says_which(runner: CliRunner, tmp_path: Path) -> None:
    """The WHO physician's MMed pick rests on one AI-written claim: the report names it and calls
    the pick a close call, in text and JSON."""
    values = answers(goals=["global_health_organization"])
    document = json.loads(_ask(runner, tmp_path, values, "json"))
    assert document["top"] == "MMed"
    assert document["close_call"] is True
    assert [c["claim"] for c in document["rests_on"]] == ["mmed-opens-doors"]
    assert document["rests_on"][0]["section"] == "Benefits and Limitations of MMed Qualifications"
    text = " ".join(_ask(runner, tmp_path, values, "text").split())
    assert "the pick rests on one claim (below)" in text
    assert "Without this claim, MMed would not come first" in text


# --- qualifiers kept ----------------------------------------------------------------------------


def test_the_mha_ideal_speaks_of_nonclinicians_with_those_goals_only(ruleset: RuleSet) -> None:
    """ "MHA programs are ideal for nonclinicians interested in running health care organizations,
    administration or consulting" (U.S. News): not for a physician, nor a non-clinician with
    other goals, nor a nurse."""
    rule = "mha-ideal-for-nonclinicians"
    assert rule in reasons(recommend(ruleset, clinical_status="non_clinician", goals=["consulting"]), "MHA")
    physician = recommend(ruleset, goals=["run_healthcare_organization"])
    assert rule not in reasons(physician, "MHA")
    other_goal = recommend(ruleset, clinical_status="non_clinician", goals=["digital_health"])
    assert reasons(other_goal, "MHA") == {}
    nurse = recommend(ruleset, clinical_status="other_clinician", goals=["run_healthcare_organization"])
    assert rule not in reasons(nurse, "MHA")


def test_the_mba_broader_exposure_speaks_of_some_physicians(ruleset: RuleSet) -> None:
    """ "Some physicians will always prefer the broader business exposure of an MBA, particularly if
    they are considering career paths beyond clinical medicine" (U.S. News): weak, and physicians."""
    physician = recommend(ruleset, goals=["career_beyond_medicine"])
    assert reasons(physician, "MBA") == {"mba-broader-business-exposure": 1}
    result = next(r for r in physician.ranking if r.degree.code == "MBA")
    assert result.contributions[0].reason.startswith("Some physicians")
    non_clinician = recommend(ruleset, clinical_status="non_clinician", goals=["career_beyond_medicine"])
    assert "mba-broader-business-exposure" not in reasons(non_clinician, "MBA")


def test_broad_business_exposure_is_a_goal_of_its_own(ruleset: RuleSet) -> None:
    """The preference for the MBA's broader business exposure counts in itself, once."""
    both = recommend(ruleset, goals=["career_beyond_medicine", "broad_business_exposure"])
    assert reasons(both, "MBA") == {"mba-broader-business-exposure": 1}


# --- conditions only on what the claim speaks of ------------------------------------------------


def test_either_as_a_study_format_moves_nothing(ruleset: RuleSet) -> None:
    """ "Either" states no preference: it scores exactly as if the format were unknown to the rules."""
    for goals in (LEADER_GOALS, ["global_health_organization"], ["consulting"]):
        either = recommend(ruleset, goals=goals, study_format="either", career_stage="early")
        full = recommend(ruleset, goals=goals, study_format="full_time", career_stage="early")
        assert [r.points for r in either.ranking] == [r.points for r in full.ranking]


def test_the_mid_career_programs_claim_speaks_of_mid_career_doctors(ruleset: RuleSet) -> None:
    """The named programs "are structured to support mid-career doctors with online coursework"
    (U.S. News, "What Is ..."): senior and early-career doctors get nothing from it, even when
    they want online study (a format met is no fit), and being early in a career counts against
    nothing (the article wants the MMM to reach them)."""
    rule = "mmm-programs-for-mid-career-doctors"
    assert rule in reasons(recommend(ruleset, career_stage="mid", study_format="full_time"), "MMM")
    for stage in ("early", "senior"):
        online = recommend(ruleset, career_stage=stage, study_format="online_part_time")
        assert rule not in reasons(online, "MMM")
    early = recommend(ruleset, career_stage="early", study_format="full_time")
    assert all(p > 0 for p in reasons(early, "MMM").values())
    no_goal = recommend(ruleset, career_stage="early", goals=["specialize_clinically"])
    assert reasons(no_goal, "MMM") == {}


def test_no_rule_reads_the_unasked_full_time_mmm(ruleset: RuleSet) -> None:
    """The article describes no full-time MMM; that silence counts neither for nor against it."""
    full = recommend(ruleset, study_format="full_time", career_stage="early")
    assert all(p > 0 for p in reasons(full, "MMM").values())


def test_mmed_recognition_is_within_a_specialty_not_across_industries(ruleset: RuleSet) -> None:
    """The guide speaks of recognition in a specialised field: the cross-industry question does
    not move the MMed for someone who wants to specialise."""
    low = recommend(ruleset, goals=["specialize_clinically"], recognition_importance="low")
    high = recommend(ruleset, goals=["specialize_clinically"], recognition_importance="high")
    assert points(low, "MMed") == points(high, "MMed")
    assert "mmed-specialist-prerequisite" in reasons(low, "MMed")


def test_a_career_beyond_medicine_does_not_count_against_the_mmed(ruleset: RuleSet) -> None:
    """The guide's limit is flexibility "across different medical domains", which no answer
    speaks of; leaving clinical medicine is another matter."""
    plain = recommend(ruleset, goals=["specialize_clinically"])
    beyond = recommend(ruleset, goals=["specialize_clinically", "career_beyond_medicine"])
    assert points(plain, "MMed") == points(beyond, "MMed")


def test_the_named_disciplines_are_examples_not_a_bonus(ruleset: RuleSet) -> None:
    """ "Such as surgery, internal medicine, pediatrics, or emergency medicine" (MMed guide) is
    illustrative: another discipline scores the same, with a note to check the programs."""
    surgery = recommend(ruleset, goals=["specialize_clinically"], specialty="surgery")
    other = recommend(ruleset, goals=["specialize_clinically"], specialty="other")
    assert points(surgery, "MMed") == points(other, "MMed")
    assert "mmed-disciplines-are-examples" in [n.id for n in other.notes]
    assert "mmed-disciplines-are-examples" not in [n.id for n in surgery.notes]


def test_a_medical_graduate_is_not_marked_down_for_mmed_admission(ruleset: RuleSet) -> None:
    """Exams, interviews and "in many cases" clinical experience apply to every applicant; a
    graduate who does not practise is not assumed to have none."""
    graduate = recommend(ruleset, clinical_status="medical_graduate", goals=["specialize_clinically"])
    assert all(p > 0 for p in reasons(graduate, "MMed").values())


def test_admission_facts_are_not_reasons_a_degree_fits(ruleset: RuleSet) -> None:
    """ "Typically require a bachelor's degree" and "open to students from various professional
    backgrounds" (U.S. News) say who may enrol, not whom the degree fits."""
    recommendation = recommend(ruleset, clinical_status="non_clinician", goals=["digital_health"])
    assert reasons(recommendation, "MHA") == {} == reasons(recommendation, "MBA")


# --- one claim counts once, at the source's strength ----------------------------------------


def test_the_mmm_for_physicians_who_lead_counts_once(ruleset: RuleSet) -> None:
    """Every leadership goal at once still counts "clinician-to-leader" once (+3), and the MMM's
    total comes from distinct claims, each at most its level."""
    goals = ["lead_within_health_system", "run_healthcare_organization", "quality_improvement"]
    goals += ["policy_reform", "support_clinical_teams", "digital_health"]
    recommendation = recommend(ruleset, goals=goals, keep_practicing=True, study_format="online_part_time")
    result = next(r for r in recommendation.ranking if r.degree.code == "MMM")
    claims = [c.rule.claim for c in result.contributions]
    assert len(claims) == len(set(claims)) >= 4
    assert reasons(recommendation, "MMM")["mmm-clinician-to-leader"] == 3


def test_the_mmed_for_specialising_counts_once(ruleset: RuleSet) -> None:
    """ "Designed for medical graduates who wish to specialize" (strong) and "prerequisites for
    certain specialist positions" (many: moderate) are two claims; the restatements in the
    introduction and conclusion are not counted again."""
    recommendation = recommend(ruleset, goals=["specialize_clinically"], wants_research=False)
    assert reasons(recommendation, "MMed") == {
        "mmed-for-specialising": 3,
        "mmed-specialist-prerequisite": 2,
        "mmed-research-unwelcome": -2,
    }


def test_the_mmed_limitation_sentences_each_count_once(ruleset: RuleSet) -> None:
    """ "Often requiring physicians to reduce clinical practice" and "tuition ... can be
    substantial, and some may need to forgo full-time income" are weak, and count once each."""
    recommendation = recommend(ruleset, keep_practicing=True, can_reduce_income=False)
    mmed = reasons(recommendation, "MMed")
    assert mmed["mmed-less-clinical-work"] == -1
    assert mmed["mmed-tuition-and-income"] == -1


def test_weights_follow_the_sources_strength(ruleset: RuleSet) -> None:
    """The AI-written guide's aside on WHO roles ("can open doors": weak) weighs less than the
    news article's claim that the MMM is the clinician-to-leader pipeline ("is": strong)."""
    levels = {claim.id: ruleset.scoring.points(claim.level) for claim in ruleset.claims}
    assert levels["mmed-opens-doors"] == 1 < levels["mmm-clinician-to-leader"] == 3
    assert levels["mmm-frontline-leaders"] == 1  # "may be better equipped"
    assert levels["mha-ideal-for-nonclinicians"] == 3  # "ideal"


def test_every_rule_weight_is_a_level_of_the_scale(ruleset: RuleSet) -> None:
    """No weight is typed freely: every effect is plus or minus a level's points."""
    allowed = {float(level.points) for level in ruleset.scoring.levels}
    effects = [abs(e) for rule in ruleset.rules for e in rule.effects.values()]
    assert effects
    assert set(effects) <= allowed


# --- silence is not evidence ---------------------------------------------------------------


def test_the_sources_silence_on_length_is_reported_and_moves_nothing(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """Only the MMed guide gives a length: someone with one year sees the MMed marked down and
    is told the sources give no length for the others, whose scores do not move."""
    one = recommend(ruleset, max_years=1)
    six = recommend(ruleset, max_years=6)
    for code in ("MMM", "MHA", "MBA"):
        assert points(one, code) == points(six, code)
    assert reasons(one, "MMed")["mmed-too-long"] == -2
    document = json.loads(_ask(runner, tmp_path, answers(max_years=1), "json"))
    length = next(u for u in document["unknowns"] if u["question"] == "max_years")
    assert length["degrees"] == ["MMM", "MBA", "MHA"]
    assert length["text"] == (
        "For the MMM, the MBA and the MHA, the sources say nothing about program length: check each program."
    )
    markdown = _ask(runner, tmp_path, answers(max_years=1), "markdown")
    assert "## What the sources do not say\n" in markdown
    assert f"- {length['text']}\n" in markdown


def test_either_and_medium_are_no_constraint_to_report(ruleset: RuleSet) -> None:
    """A study format of "either" or a low need for recognition limits nothing: no unknowns."""
    recommendation = recommend(ruleset, study_format="either", recognition_importance="low")
    found = {u.question.id for u in unknowns(recommendation, ruleset, answers())}
    assert "study_format" not in found
    assert "recognition_importance" not in found
    online = answers(study_format="online_part_time")
    silent = {u.question.id: u.degrees for u in unknowns(Engine(ruleset).recommend(online), ruleset, online)}
    assert set(silent["study_format"]) == {"MHA", "MBA"}  # the MMM's format is a note


def test_ineligible_degrees_are_left_out_of_the_unknowns(ruleset: RuleSet) -> None:
    """What the sources do not say about a degree that is closed to the person is no use to them."""
    values = answers(clinical_status="non_clinician", goals=["consulting"])
    found = unknowns(Engine(ruleset).recommend(values), ruleset, values)
    assert found
    assert all("MMM" not in u.degrees and "MMed" not in u.degrees for u in found)


# --- the properties, over the whole answer space ---------------------------------------------


@st.composite
def _answer_sets(draw: st.DrawFn, ruleset: RuleSet) -> dict[str, AnswerValue]:
    import random

    from degreefit.answerspace import random_answers

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
    engine, no longer puts the top degree first on its own."""
    values = data.draw(_answer_sets(ruleset))
    recommendation = Engine(ruleset).recommend(values)
    tied = tied_for_first(recommendation)
    named = {claim.id for claim in rests_on(recommendation, ruleset)}
    if len(tied) > 1:
        assert named == set()
        return
    used = {c.rule.claim for r in recommendation.ranking for c in r.contributions}
    used |= {g.claim for r in recommendation.ranking for g in r.gates}
    for claim in used:
        without = ruleset._replace(
            rules=tuple(r for r in ruleset.rules if r.claim != claim),
            gates=tuple(g for g in ruleset.gates if g.claim != claim),
        )
        still = tied_for_first(Engine(without).recommend(values)) == tied
        assert (claim in named) is not still, claim


def test_the_mha_serves_another_group_only_for_physicians_weighing_leadership(ruleset: RuleSet) -> None:
    """ "Both ... prepare graduates for leadership roles ..., but they serve different groups"
    compares two leadership degrees: a physician who only wants to specialise is not marked down
    for the MHA, one who wants to lead is."""
    specialist = recommend(ruleset, goals=["specialize_clinically"])
    assert reasons(specialist, "MHA") == {}
    leader = recommend(ruleset, goals=["lead_within_health_system"])
    assert reasons(leader, "MHA") == {"mha-serves-another-group": -2}


def test_what_others_do_is_no_reason_for_you(ruleset: RuleSet) -> None:
    """ "More clinicians pursue MBAs" (U.S. News, introduction) is a trend the article gives as a
    threat to the MMM, not a fit: a nurse who wants to lead sees the MHA and the MBA tie."""
    nurse = recommend(ruleset, clinical_status="other_clinician", goals=["lead_within_health_system"])
    assert tied_for_first(nurse) == ("MHA", "MBA")
    assert ruleset.claim("clinicians-turn-to-mbas").unused


def test_a_reason_and_a_cost_of_equal_strength_cancel_into_a_tie(ruleset: RuleSet) -> None:
    """An academic physician who wants to keep clinical work: the MMed "can open doors" to
    academic medicine (weak) and "often" means cutting clinical practice (weak). Both are shown,
    and the ranking says tie rather than picking by file order."""
    recommendation = recommend(ruleset, goals=["research_academic"], keep_practicing=True)
    assert reasons(recommendation, "MMed") == {"mmed-opens-doors": 1, "mmed-less-clinical-work": -1}
    assert tied_for_first(recommendation) == tuple(d.code for d in ruleset.degrees)


def test_what_would_change_never_offers_a_tie_as_a_new_top_pick(ruleset: RuleSet) -> None:
    """A change that only makes a tie changes no pick; for people whose answers are a tie, a change
    that puts one degree first on its own is news, even the degree listed first now."""
    engine = Engine(ruleset)
    found = 0
    rng = random.Random(11)
    for _ in range(200):
        values = random_answers(ruleset, rng)
        current = engine.tied_for_first(engine.outcome(values))
        for alternative in what_would_change(engine, values):
            found += 1
            after = engine.tied_for_first(engine.outcome(alternative.answers))
            assert after == (alternative.top,) != current
    assert found > 0


def test_a_tie_that_no_small_change_breaks_says_so(ruleset: RuleSet) -> None:
    """The fallback line speaks of the tie, not of "another degree ahead of" the first one listed."""
    values = answers(clinical_status="non_clinician", goals=["career_beyond_medicine"])
    engine = Engine(ruleset)
    recommendation = engine.recommend(values)
    explanation = explain(engine, recommendation, values)._replace(alternatives=[])
    assert explanation.tied == ("MHA", "MBA")
    lines = change_lines(recommendation, Answers(values), explanation)
    assert lines == ["No change of one or two of your own answers would put one degree ahead of the others."]
