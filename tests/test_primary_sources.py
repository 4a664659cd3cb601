"""Issue 19: sources in tiers with provenance, programs' examples, the region question, and sources
that disagree shown as such; every check of `rules check` on them refuses what it should."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import random_answers
from degreefit.cli import app
from degreefit.conditions import compile_condition, reads
from degreefit.engine import Engine
from degreefit.models import TIERS, RuleSet
from tests.helpers.personas import LEADER_TO_BE
from tests.helpers.rules import builtin_rules

LIMITS: dict[str, dict[str, Any]] = {
    "a one-year limit": {"max_years": 1},
    "an income that cannot drop": {"can_reduce_income": False},
    "no thesis wanted": {"wants_research": False},
}
BASE: dict[str, Any] = {**LEADER_TO_BE, "max_years": 4}


def ask_json(runner: CliRunner, tmp_path: Path, answers: dict[str, Any], *more: str) -> dict[str, Any]:
    """The JSON report for these answers."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--answers", str(path), "--format", "json", *more])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def ask_text(runner: CliRunner, tmp_path: Path, answers: dict[str, Any]) -> str:
    """The text report for these answers, one line per paragraph (no wrapping)."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--answers", str(path)], env={"COLUMNS": "2000"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sources_lists_at_least_fifteen_primary_or_institutional_pages_with_their_provenance(
    runner: CliRunner,
) -> None:
    result = runner.invoke(app, ["sources", "--format", "json"])
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["sources"]
    better = [s for s in sources if s["tier"] in ("primary", "institutional")]
    assert len(better) >= 15
    for source in better:
        assert source["publisher"]
        assert source["url"]
        assert source["scope"]
        assert source["kind"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["read"])
        assert "page_date" in source  # null when the page shows no date
    tiers = [TIERS.index(s["tier"]) for s in sources]
    assert tiers == sorted(tiers)  # by tier, best first
    assert {s["id"]: s["tier"] for s in sources if s["id"] in ("usnews-mmm", "mmed-guide")} == {
        "usnews-mmm": "news",
        "mmed-guide": "ai_written",
    }


def test_sources_in_text_are_grouped_under_a_heading_per_tier(runner: CliRunner) -> None:
    result = runner.invoke(app, ["sources"], env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    headings = [
        line
        for line in result.stdout.splitlines()
        if re.match(r"^(Primary|Institutional|News|Written by AI)", line)
    ]
    assert [h.split(":")[0].split(" (")[0] for h in headings] == [
        "Primary",
        "Institutional",
        "News",
        "Written by AI",
    ]
    assert "no date shown" in result.stdout
    assert "Page date" in result.stdout


def test_rules_check_reports_the_tiers_and_the_ages_of_facts(runner: CliRunner) -> None:
    result = runner.invoke(app, ["rules", "check"])
    assert result.exit_code == 0, result.output
    summary = result.stdout.splitlines()[0]
    assert re.search(r"sources by tier: \d+ primary, \d+ institutional, 1 news, 1 ai-written", summary)
    assert re.search(r"\d+ facts dated \(\d{4} to \d{4}\), \d+ older than 5 years", summary)
    assert re.search(r"claims\.yaml:\d+: hbs-cost-class-2019: note: as of 2019, \d+ years old", result.stdout)


TOPICS = {"max_years": {"length"}, "can_reduce_income": {"cost", "income"}, "wants_research": {"research"}}


@pytest.mark.parametrize("limit", list(LIMITS))
@pytest.mark.parametrize(
    "status", ["practicing_physician", "medical_graduate", "other_clinician", "non_clinician"]
)
def test_every_open_degree_gets_a_cited_word_or_a_said_silence_on_each_limit(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, limit: str, status: str
) -> None:
    """A one-year limit, an income that cannot drop, no thesis: for each degree open to the person,
    the report says something cited about it on that limit (a reason or a note that reads the
    answer, or a program's example on its topic), or that no source of any tier covers it."""
    answers = {**BASE, **LIMITS[limit], "clinical_status": status}
    if status not in ("practicing_physician", "physician_in_training", "other_clinician"):
        answers.pop("keep_practicing")
    document = ask_json(runner, tmp_path, answers)
    question = next(iter(LIMITS[limit]))
    rules = {rule.id: rule for rule in ruleset.rules}
    notes = {note.id: note for note in ruleset.notes}
    claims = {claim.id: claim for claim in ruleset.claims}
    open_now = [entry for entry in document["ranking"] if entry["eligibility"] != "ineligible"]
    assert open_now
    said = 0
    for entry in open_now:
        code = entry["degree"]
        reasons = [r for r in entry["reasons"] if question in reads(rules[r["rule"]].when)]
        noted = [
            n for n in document["notes"] if code in n["degrees"] and question in reads(notes[n["note"]].when)
        ]
        examples = [
            e
            for e in document["what_programs_show"]
            if code in e["degrees"] and claims[e["claim"]].topic in TOPICS[question]
        ]
        silent = [u for u in document["unknowns"] if u["question"] == question and code in u["degrees"]]
        assert reasons or noted or examples or silent, (code, limit, status)
        assert all(e["citation"] for e in examples)
        said += bool(reasons or noted or examples)
    assert said  # a limit some source speaks to for at least one open degree


SPECIALISING: dict[str, Any] = {
    "clinical_status": "physician_in_training",
    "career_stage": "early",
    "goals": ["specialize_clinically"],
    "specialty": "internal_medicine",
    "keep_practicing": True,
    "study_format": "full_time",
    "max_years": 3,
    "wants_research": True,
    "recognition_importance": "low",
    "can_reduce_income": False,
}


def test_a_us_resident_who_wants_to_specialise_is_not_sent_to_the_mmed(
    runner: CliRunner, tmp_path: Path
) -> None:
    document = ask_json(runner, tmp_path, {**SPECIALISING, "region": "united_states"})
    mmed = next(entry for entry in document["ranking"] if entry["degree"] == "MMed")
    assert mmed["goal_points"] == 0
    assert document["top"] is None
    assert not [r for r in mmed["reasons"] if r["effect"] > 0]
    (dispute,) = document["disagreements"]
    assert (dispute["followed"]["claim"], dispute["other"]["claim"]) == (
        "us-specialists-train-in-residency",
        "mmed-for-specialising",
    )
    assert dispute["followed"]["source"] == "acgme-overview-2016"
    assert dispute["other"]["source"] == "mmed-guide"
    assert document["not_considered"] == []


@pytest.mark.parametrize(
    ("region", "reason", "shown"),
    [
        ("kenya", "mmed-specialist-training-kenya", "aku-mmed-length"),
        ("south_africa", "mmed-specialist-route-south-africa", "ukzn-mmed-salaried-registrar"),
        ("uganda", "mmed-clinical-master-uganda", "must-im-length-fees"),
        ("singapore", "mmed-singapore-exams-in-residency", "nus-mmed-surgery-fee-2024"),
    ],
)
def test_where_the_mmed_is_the_specialist_route_it_comes_first_with_its_length_and_pay(
    runner: CliRunner, tmp_path: Path, region: str, reason: str, shown: str
) -> None:
    answers = {**SPECIALISING, "clinical_status": "medical_graduate", "region": region}
    answers.pop("keep_practicing")
    document = ask_json(runner, tmp_path, answers)
    assert document["top"] == "MMed"
    mmed = next(entry for entry in document["ranking"] if entry["degree"] == "MMed")
    assert reason in {r["claim"] for r in mmed["reasons"]}
    examples = {e["claim"]: e for e in document["what_programs_show"]}
    assert shown in examples
    assert examples[shown]["program"]
    # the guide's warning of lost income does not count where trainees are paid or sit examinations
    guide_income = [r for r in mmed["reasons"] if r["claim"] == "mmed-tuition-and-income"]
    assert bool(guide_income) == (region in ("kenya", "uganda"))


def test_without_a_region_the_advice_is_the_seeds_and_says_what_it_could_not_weigh(
    runner: CliRunner, tmp_path: Path
) -> None:
    document = ask_json(runner, tmp_path, SPECIALISING)
    assert document["top"] == "MMed"
    mmed = next(entry for entry in document["ranking"] if entry["degree"] == "MMed")
    assert "mmed-for-specialising" in {r["claim"] for r in mmed["reasons"]}
    (unweighed,) = document["not_considered"]
    assert "no country" in unweighed
    # the same person who names a country the sources speak of is told nothing of the kind
    assert ask_json(runner, tmp_path, {**SPECIALISING, "region": "kenya"})["not_considered"] == []


def test_a_region_that_changes_nothing_for_the_person_is_not_said_to_be_missing(
    runner: CliRunner, tmp_path: Path
) -> None:
    answers = {**BASE, "clinical_status": "non_clinician", "goals": ["run_healthcare_organization"]}
    answers.pop("keep_practicing")
    assert ask_json(runner, tmp_path, answers)["not_considered"] == []


@pytest.mark.parametrize(
    ("answers", "followed", "other"),
    [
        (  # consulting: the article and employers' surveys point different ways; both count
            {**BASE, "clinical_status": "non_clinician", "goals": ["consulting"], "keep_practicing": None},
            "mba-consulting-recruiters",
            "mha-ideal-for-nonclinicians",
        ),
        (  # the MMM and residents: the article's reasons count; one program's page sets the timing
            {**BASE, "clinical_status": "physician_in_training", "career_stage": "early"},
            "usc-mmm-postresidency-experience",
            "mmm-clinician-to-leader",
        ),
        (  # the AI-written guide corrected by a regulator's and universities' pages
            {**SPECIALISING, "region": "south_africa", "can_reduce_income": False},
            "ukzn-mmed-salaried-registrar",
            "mmed-tuition-and-income",
        ),
    ],
    ids=["consulting", "mmm-residents", "guide-corrected"],
)
def test_the_three_disagreements_reach_the_people_they_concern_both_sides_cited(
    runner: CliRunner, tmp_path: Path, answers: dict[str, Any], followed: str, other: str
) -> None:
    answers = {k: v for k, v in answers.items() if v is not None}
    document = ask_json(runner, tmp_path, answers)
    pairs = {(d["followed"]["claim"], d["other"]["claim"]): d for d in document["disagreements"]}
    assert (followed, other) in pairs
    dispute = pairs[(followed, other)]
    assert dispute["followed"]["citation"]
    assert dispute["other"]["citation"]
    assert dispute["why"]
    text = ask_text(runner, tmp_path, answers)
    section = text[text.index("Where sources disagree") :]
    if dispute["both_count"]:
        assert "This counts." in section
        assert "Another source points elsewhere, and counts too:" in section
    else:
        assert "The advice follows this." in section
        assert "Another source says otherwise:" in section
    assert "Why: " in section


LINKED = [claim for claim in builtin_rules().claims if claim.disagrees is not None]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), without_region=st.booleans())
def test_a_claim_not_followed_never_counts_for_the_people_a_disagreement_is_about(
    ruleset: RuleSet, seed: int, without_region: bool
) -> None:
    """Over random valid answers (the region given, or left out as a file may): where a disagreement
    is about the person, no rule, gate or note that holds for them rests on the claim not followed."""
    answers = random_answers(ruleset, random.Random(seed))
    if without_region:
        answers.pop("region")
    engine = Engine(ruleset)
    rules, gates = engine.fired(answers)
    used = {r.claim for r in rules} | {g.claim for g in gates} | {n.claim for n in engine.noted(answers)}
    one_side = [c for c in LINKED if c.disagrees and c.disagrees.follow != "both"]  # "both": each counts
    assert len(one_side) >= 3
    about_them = []
    for claim in one_side:
        assert claim.disagrees is not None
        about = claim.disagrees.about or ruleset.claim(claim.disagrees.follow).who
        if about is not None and compile_condition(about)(answers):
            about_them.append(claim)
    assume(about_them)  # about half the people some disagreement is about
    for claim in about_them:
        assert claim.disagrees is not None
        other = claim.disagrees.claim if claim.disagrees.follow == claim.id else claim.id
        assert other not in used, (other, answers)


def test_sources_lose_no_address_or_title_on_a_narrow_screen(runner: CliRunner) -> None:
    """Every address and title is shown whole (folded, never cut with an ellipsis) at 80 columns."""
    result = runner.invoke(app, ["sources"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    joined = "".join(line.strip("| ") for line in result.stdout.splitlines())
    assert "https://scm.ukzn.ac.za/postgraduate-information/mastersinmedicine/introduction/" in joined
