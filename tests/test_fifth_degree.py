"""A fifth degree, added as data only (a profile, two claims and two rules, one test case),
works with every command: nothing in degreefit assumes four degrees."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.ruleset.casefile import load_cases
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from tests.helpers.diff import listed
from tests.helpers.edits import append, made_up_claim
from tests.helpers.personas import persona_answers

MPH_DEGREE = """
  - code: MPH
    name: Master of Public Health
    summary: A made-up fifth degree, for a test that the degrees are data.
    cite: {source: mmed-guide, section: "How Master of Medicine Programs Work"}
    profile:
      who_for:
        - text: People who want to shape health policy (made up for a test).
          cite: {source: mmed-guide, section: "How Master of Medicine Programs Work"}
"""

MPH_RULES = """rules:
  - id: mph-for-policy
    claim: mph-policy
    when: {goals: {contains_any: [policy_reform]}}
    effects: {MPH: for}
  - id: mph-not-for-specialists
    claim: mph-not-clinical
    when: {goals: {contains_any: [specialize_clinically]}}
    effects: {MPH: against}
"""

MPH_CASE = """cases:
  - id: policy-maker
    who: a non-clinician who wants to reform health policy
    answers:
      clinical_status: non_clinician
      career_stage: mid
      goals: [policy_reform]
      study_format: full_time
      max_years: 2
      wants_research: false
      recognition_importance: low
      can_reduce_income: true
    expect:
      top: MPH
      eligibility: {MPH: eligible}
      reasons: [mph-for-policy]
"""

POLICY_MAKER: dict[str, Any] = {
    "clinical_status": "non_clinician",
    "career_stage": "mid",
    "goals": ["policy_reform"],
    "study_format": "full_time",
    "max_years": 2,
    "wants_research": False,
    "recognition_importance": "low",
    "can_reduce_income": True,
}


@pytest.fixture
def five(rules_copy: Path) -> Path:
    """The built-in rules with a fifth degree, the MPH, added as data."""
    append(rules_copy, "degrees.yaml", MPH_DEGREE)
    append(rules_copy, "claims.yaml", made_up_claim("mph-policy", "[MPH]", level="strong"))
    append(rules_copy, "claims.yaml", made_up_claim("mph-not-clinical", "[MPH]", level="weak"))
    append(rules_copy, "rules/public-health.yaml", MPH_RULES)
    append(rules_copy, "cases/public-health.yaml", MPH_CASE)
    return rules_copy


def run(runner: CliRunner, *args: str, stdin: str | None = None) -> Any:
    result = runner.invoke(app, list(args), input=stdin)
    assert "Traceback" not in result.output
    return result


def test_ask_ranks_five_degrees_and_the_new_one_can_come_first(
    runner: CliRunner, five: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "policy.json"
    answers.write_text(json.dumps(POLICY_MAKER), encoding="utf-8")
    result = run(runner, "ask", "--rules", str(five), "--answers", str(answers), "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["top"] == "MPH"
    assert sorted(r["degree"] for r in report["ranking"]) == ["MBA", "MHA", "MMM", "MMed", "MPH"]
    text = run(runner, "ask", "--rules", str(five), "--answers", str(answers)).stdout
    assert "Best fit: MPH (Master of Public Health)" in text


def test_why_not_names_what_holds_the_new_degree_back(runner: CliRunner, five: Path, tmp_path: Path) -> None:
    answers = tmp_path / "leader.json"
    answers.write_text(
        json.dumps(persona_answers("mid-career physician leading inside a health system")), encoding="utf-8"
    )
    result = run(
        runner, "ask", "--rules", str(five), "--answers", str(answers), "--why-not", "MPH", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    why_not = json.loads(result.stdout)["why_not"]
    assert why_not["degree"] == "MPH"


def test_degrees_lists_the_fifth_and_shows_its_profile(runner: CliRunner, five: Path) -> None:
    overview = run(runner, "degrees", "--rules", str(five), "--format", "json")
    assert overview.exit_code == 0, overview.output
    assert [d["code"] for d in json.loads(overview.stdout)["degrees"]][-1] == "MPH"
    one = run(runner, "degrees", "MPH", "--rules", str(five))
    assert one.exit_code == 0, one.output
    assert "Master of Public Health" in one.stdout
    assert "People who want to shape health policy" in one.stdout


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_batch_scores_the_fifth_degree(
    runner: CliRunner, five: Path, tmp_path: Path, output_format: str
) -> None:
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps({"id": "p1", **POLICY_MAKER}) + "\n", encoding="utf-8")
    result = run(runner, "batch", str(cohort), "--rules", str(five), "--format", output_format)
    assert result.exit_code == 0, result.output
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[0]["top"] == "MPH"
        assert float(rows[0]["goals_MPH"]) > 0
        assert rows[0]["eligibility_MPH"] == "eligible"
    else:
        row = json.loads(result.stdout.splitlines()[-1])
        assert row["top"] == "MPH"


def test_rules_check_passes_with_five_degrees(runner: CliRunner, five: Path) -> None:
    result = run(runner, "rules", "check", str(five))
    assert result.exit_code == 0, result.output
    assert "5 degrees" in result.stdout


def test_rules_test_runs_the_new_case_and_catches_the_ties_the_new_degree_joins(
    runner: CliRunner, five: Path
) -> None:
    """No claim speaks of the MPH for a nurse who wants to work for the WHO, so it joins her tie: the
    cases that expect a tie (or one of the tied degrees) say so, until the advisor writes the MPH in."""
    result = run(runner, "rules", "test", str(five), "--coverage", "-v")
    assert result.exit_code == 2
    assert "policy-maker: ok" in result.stdout
    joined = "  top_one_of: expected first place among MHA and MBA; got MHA, MBA and MPH tied for first"
    assert joined in result.stdout
    assert "not exercised" not in result.stdout
    path = five / "cases" / "careful-reader.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("top_one_of: [MHA, MBA]", "top_one_of: [MHA, MBA, MPH]"), encoding="utf-8")
    again = run(runner, "rules", "test", str(five))
    assert again.exit_code == 0, again.output
    every = load_cases(five, load_ruleset(five))
    assert len(every) == len(load_cases(builtin_rules_dir(), load_ruleset())) + 1  # the policy-maker
    assert f"all {len(every)} cases pass" in again.stdout


def test_rules_diff_shows_the_degree_added_and_whose_pick_moves_to_it(runner: CliRunner, five: Path) -> None:
    result = run(runner, "rules", "diff", str(builtin_rules_dir()), str(five), "--sample", "500")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert {"degree MPH", "rule mph-for-policy", "claim mph-policy"} <= listed(out, "added")
    assert "-> MPH\n" in out
    assert "e.g. case policy-maker:" in out
    assert "    case policy-maker: MHA -> MPH\n" in out
    assert "    MPH (a new degree) goals +2.5" in out


def test_a_degree_with_no_claims_yet_is_told_what_to_do_not_a_traceback(
    runner: CliRunner, rules_copy: Path
) -> None:
    """The first step of adding a degree, its profile alone: no claim speaks of it, so it never
    comes first, and rules check says how to give it claims (it used to crash)."""
    append(rules_copy, "degrees.yaml", MPH_DEGREE)
    result = run(runner, "rules", "check", str(rules_copy))
    assert result.exit_code == 2
    assert "MPH: no answers rank it first on its own" in result.stdout
    assert "If a source speaks for MPH, write down what it says as a claim (claims.yaml) and" in result.stdout
