"""`degreefit rules diff OLD NEW`: the edit, item by item, and whose advice it changes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.ruleset.load import builtin_rules_dir

if TYPE_CHECKING:
    from conftest import persona_answers
    from test_validate import edit
else:
    from tests.conftest import persona_answers
    from tests.test_validate import edit


LEADER = "mid-career physician leading inside a health system"
BUILTIN = str(builtin_rules_dir())


def rules_diff(runner: CliRunner, old: Path | str, new: Path | str, *args: str) -> Any:
    result = runner.invoke(app, ["rules", "diff", str(old), str(new), *args])
    assert "Traceback" not in result.output
    return result


def weaken_the_leader_claim(rules: Path) -> None:
    """The MMM's clinician-to-leader claim, strong in the sources' words, made moderate."""
    edit(rules, "claims.yaml", "level: strong", "level: moderate", after="- id: mmm-clinician-to-leader")


def test_a_rule_set_against_itself_changes_nothing(runner: CliRunner) -> None:
    result = rules_diff(runner, BUILTIN, BUILTIN)
    assert result.exit_code == 0, result.output
    assert "The rule sets hold the same claims, rules, gates, notes, degrees and questions." in result.stdout
    assert "Its effect on 2,021 people (21 test cases of NEW and 2,000 random answer sets" in result.stdout
    assert "  first place changes for 0 (0.0%)\n" in result.stdout
    assert "  no score moves\n" in result.stdout


def test_a_reweighted_claim_is_named_with_its_points_and_whose_pick_it_changes(
    runner: CliRunner, rules_copy: Path
) -> None:
    weaken_the_leader_claim(rules_copy)
    result = rules_diff(runner, BUILTIN, rules_copy)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2:5] == [
        "What the edit changes (2):",
        "  reweighted claim mmm-clinician-to-leader: strong -> moderate (3 -> 2 points)",
        "  reweighted rule mmm-clinician-to-leader : MMM for (+3) -> for (+2)",
    ]
    changed = next(line for line in lines if line.startswith("  first place changes for "))
    assert changed != "  first place changes for 0 (0.0%)"
    assert any(line.split("  ")[-1] == "MMM -> MMM and MBA tied" for line in lines)
    assert any(line.strip().startswith("e.g. sample ") for line in lines)
    assert "  largest score moves:" in lines
    assert "    MMM -4.2 (54.2 -> 50.0)" in lines


def test_one_persons_answers_show_their_own_change(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """The leader's MMM rests on no single claim, but turning its three leadership claims
    against the MMM puts the MBA first."""
    for rule in ("mmm-clinician-to-leader", "mmm-positioned-to-lead", "mmm-programs-for-mid-career-doctors"):
        edit(
            rules_copy,
            "rules/leadership.yaml",
            "effects: {MMM: for}",
            "effects: {MMM: against}",
            after=f"- id: {rule}",
        )
    answers = tmp_path / "leader.json"
    answers.write_text(json.dumps(persona_answers(LEADER)), encoding="utf-8")
    result = rules_diff(runner, BUILTIN, rules_copy, "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "  reweighted rule mmm-clinician-to-leader" in result.stdout
    assert ": MMM for (+3) -> against (-3)" in result.stdout
    assert f"Its effect on 1 person ({answers}):" in result.stdout
    assert "  first place changes for 1 (100.0%)" in result.stdout
    assert "MMM -> MBA" in result.stdout
    example = f"e.g. {answers}: clinical_status=practicing_physician, career_stage=mid"
    assert example in " ".join(result.stdout.split())


def test_a_cohort_is_compared_row_by_row_and_a_bad_row_is_skipped_with_why(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    weaken_the_leader_claim(rules_copy)
    cohort = tmp_path / "cohort.jsonl"
    good = json.dumps({"id": "p1", **persona_answers(LEADER)})
    cohort.write_text(good + "\n" + '{"clinical_status": "astronaut"}\n' + "not json\n", encoding="utf-8")
    result = rules_diff(runner, BUILTIN, rules_copy, "--cohort", str(cohort))
    assert result.exit_code == 0, result.output
    assert f"Its effect on 1 person ({cohort}):" in result.stdout
    skipped = f"2 skipped: could not be ranked under both rule sets (first: {cohort}:2: not valid for OLD: "
    assert skipped in " ".join(result.stdout.split())


def test_a_csv_cohort_is_read_by_its_extension(runner: CliRunner, tmp_path: Path) -> None:
    answers = persona_answers(LEADER)
    cohort = tmp_path / "cohort.csv"
    header = ",".join(answers)
    row = ",".join(";".join(v) if isinstance(v, list) else str(v).lower() for v in answers.values())
    cohort.write_text(f"{header}\n{row}\n", encoding="utf-8")
    result = rules_diff(runner, BUILTIN, BUILTIN, "--cohort", str(cohort))
    assert result.exit_code == 0, result.output
    assert f"Its effect on 1 person ({cohort}):" in result.stdout


def test_json_gives_the_edits_the_shifts_and_an_example_each(runner: CliRunner, rules_copy: Path) -> None:
    weaken_the_leader_claim(rules_copy)
    result = rules_diff(runner, BUILTIN, rules_copy, "--format", "json", "--sample", "500")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["edits"] == [
        {
            "kind": "claim",
            "id": "mmm-clinician-to-leader",
            "how": "reweighted",
            "detail": "strong -> moderate (3 -> 2 points)",
        },
        {
            "kind": "rule",
            "id": "mmm-clinician-to-leader",
            "how": "reweighted",
            "detail": "MMM for (+3) -> for (+2)",
        },
    ]
    assert document["people"]["compared"] == 521
    assert document["people"]["first_place_changed"] == sum(s["count"] for s in document["shifts"]) > 0
    assert all(s["example"]["answers"]["clinical_status"] for s in document["shifts"])
    assert document["largest_moves"][0]["degree"] == "MMM"


def test_answers_and_cohort_together_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    result = rules_diff(runner, BUILTIN, BUILTIN, "--answers", str(path), "--cohort", str(path))
    assert result.exit_code == 2
    assert result.stderr == "degreefit: error: give --answers or --cohort, not both\n"


def test_a_broken_new_rule_set_is_reported_as_the_loader_reports_it(
    runner: CliRunner, rules_copy: Path
) -> None:
    edit(
        rules_copy, "claims.yaml", "level: strong", "level: strongest", after="- id: mmm-clinician-to-leader"
    )
    result = rules_diff(runner, BUILTIN, rules_copy)
    assert result.exit_code == 2
    assert "claims.yaml:" in result.stderr
    assert "strongest" in result.stderr


def test_the_diff_of_two_copies_is_the_same_every_run(runner: CliRunner, rules_copy: Path) -> None:
    weaken_the_leader_claim(rules_copy)
    first = rules_diff(runner, BUILTIN, rules_copy, "--sample", "400").stdout
    assert first == rules_diff(runner, BUILTIN, rules_copy, "--sample", "400").stdout


@pytest.mark.parametrize("option", ["--sample=-1", "--sample=100001"])
def test_a_sample_size_out_of_range_is_refused(runner: CliRunner, option: str) -> None:
    result = rules_diff(runner, BUILTIN, BUILTIN, option)
    assert result.exit_code == 2


def test_the_test_cases_whose_first_place_changes_are_each_named(runner: CliRunner, rules_copy: Path) -> None:
    """Turning the MMM's clinician-to-leader claim against it changes the physician leaders'
    advice: each such case of NEW is listed by name, in text and JSON."""
    at = "- id: mmm-clinician-to-leader"
    edit(rules_copy, "rules/leadership.yaml", "effects: {MMM: for}", "effects: {MMM: against}", after=at)
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "0")
    assert result.exit_code == 0, result.output
    assert " test cases among them (`rules test` says which now fail):\n" in result.stdout
    assert "    case physician-executive: MMM -> " in result.stdout
    document = json.loads(rules_diff(runner, BUILTIN, rules_copy, "--sample", "0", "-f", "json").stdout)
    assert {"case": "physician-executive", "from": ["MMM"]}.items() <= document["test_cases_changed"][
        0
    ].items()
