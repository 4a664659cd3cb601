"""`degreefit rules diff OLD NEW`: the edit, item by item, and whose advice it changes: first
places compared as sets of the degrees open now, and the largest moves of goal and cost points."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.ruleset.casefile import read_cases
from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.cases import case, tiny_person, write_cases
from tests.helpers.diff import BUILTIN, CONSULTANT, TIE, rules_diff, tiny_pair
from tests.helpers.edits import edit
from tests.helpers.personas import persona_answers

LEADER = "mid-career physician leading inside a health system"
# Under `tiny_rules`: the MMed first on its own (3 goal points to 2), the MHA and the MBA tied, the MBA
# first on its own (4 to 2).
SPECIALIST = tiny_person("specialize_clinically", "policy_reform", specialty="surgery")


def weaken_specialising(rules: Path) -> None:
    """The small rule set's MMed claim, strong, made weak (3 -> 1 point)."""
    edit(rules, "claims.yaml", "level: strong", "level: weak", after="- id: zz-specialising")


def turn_consulting_against_the_mba(rules: Path) -> None:
    """The small rule set's consulting rule made to count against the MBA."""
    at = "- id: mba-for-consulting"
    edit(rules, "rules/tiny.yaml", "effects: {MBA: for}", "effects: {MBA: against}", after=at)


def cohort_of(path: Path, *people: dict[str, Any]) -> Path:
    """People as a JSON Lines cohort, with the ids p1, p2, ..."""
    rows = [json.dumps({"id": f"p{n}", **person}) for n, person in enumerate(people, start=1)]
    path.write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def test_a_rule_set_against_itself_changes_nothing(runner: CliRunner) -> None:
    result = rules_diff(runner, BUILTIN, BUILTIN)
    assert result.exit_code == 0, result.output
    cases = len(read_cases(builtin_rules_dir()))
    assert "The rule sets hold the same claims, rules, gates, notes, degrees and questions." in result.stdout
    effect = f"Its effect on {cases + 2000:,} people ({cases} test cases of NEW and 2,000 random answer sets"
    assert effect in result.stdout
    assert "  first place changes for 0 (0.0%)\n" in result.stdout
    assert "  no point moves\n" in result.stdout


def test_a_reweighted_claim_is_named_with_its_points_and_whose_pick_it_changes(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """Weakening the MMed's claim (3 points to 1) turns the specialist's MMed into a tie of the MHA and
    the MBA, and is the largest point move, in goal points, with that person as its example."""
    old, new = tiny_pair(rules_copy, tmp_path)
    weaken_specialising(new)
    cohort = cohort_of(tmp_path / "cohort.jsonl", SPECIALIST, TIE, CONSULTANT)
    result = rules_diff(runner, old, new, "--cohort", str(cohort))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[2] == "What the edit changes (2):"
    assert lines[3].split()[:3] == ["reweighted", "claim", "zz-specialising"]
    assert lines[4].split()[:2] == ["reweighted", "rule"]
    assert "mmed-for-specialising" in lines[4]
    assert "         1  MMed -> MHA and MBA tied" in lines
    assert "    MMed goals -2 (+3 -> +1)" in lines
    example = (
        f"e.g. {cohort}:1 (id p1): clinical_status=non_clinician, career_stage=mid, "
        "goals=[specialize_clinically, policy_reform], study_format=either, max_years=3, "
        "wants_research=false, recognition_importance=low, can_reduce_income=true, specialty=surgery"
    )
    effect = " ".join(result.stdout.split(f"Its effect on 3 people ({cohort}):")[1].split())
    assert effect == (
        f"first place changes for 1 (33.3%) 1 MMed -> MHA and MBA tied {example} "
        f"largest point moves: MMed goals -2 (+3 -> +1) {example}"
    )


def test_a_tie_in_another_order_is_no_change_of_first_place(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """First place is compared as a set: listing the MBA before the MHA in degrees.yaml changes the
    order a tie is shown in, and no one's advice."""
    old, new = tiny_pair(rules_copy, tmp_path)
    text = (new / "degrees.yaml").read_text(encoding="utf-8")
    mha, mba = text.index("  - code: MHA"), text.index("  - code: MBA")
    end = text.index("  - code: MMed")
    (new / "degrees.yaml").write_text(
        text[:mha] + text[mba:end] + text[mha:mba] + text[end:], encoding="utf-8"
    )
    cohort = cohort_of(tmp_path / "cohort.jsonl", TIE, SPECIALIST, CONSULTANT)
    result = rules_diff(runner, old, new, "--cohort", str(cohort))
    assert result.exit_code == 0, result.output
    assert "  first place changes for 0 (0.0%)\n" in result.stdout
    assert "  no point moves\n" in result.stdout


def test_a_degree_not_open_yet_is_never_first(runner: CliRunner, rules_copy: Path, tmp_path: Path) -> None:
    """A gate that makes the MMed not open yet to medical students takes it out of first place, though
    its points stay the most: the MHA and the MBA then tie for first."""
    old, new = tiny_pair(rules_copy, tmp_path)
    rules_file = old / "rules" / "tiny.yaml"
    rules_file.write_text(rules_file.read_text(encoding="utf-8").split("gates:")[0], encoding="utf-8")
    student = {**SPECIALIST, "clinical_status": "medical_student", "career_stage": "student"}
    cohort = cohort_of(tmp_path / "cohort.jsonl", student)
    result = rules_diff(runner, old, new, "--cohort", str(cohort), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(s["from"], s["to"], s["count"]) for s in document["shifts"]] == [(["MMed"], ["MHA", "MBA"], 1)]
    assert document["largest_moves"] == []


def test_one_persons_answers_show_their_own_change(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """Turning the consulting claim against the MBA puts the MHA first for a person who wants policy
    reform and consulting."""
    old, new = tiny_pair(rules_copy, tmp_path)
    turn_consulting_against_the_mba(new)
    answers = tmp_path / "consultant.json"
    answers.write_text(json.dumps(CONSULTANT), encoding="utf-8")
    result = rules_diff(runner, old, new, "--answers", str(answers))
    assert result.exit_code == 0, result.output
    assert "  reweighted rule mba-for-consulting" in result.stdout
    assert f"Its effect on 1 person ({answers}):" in result.stdout
    assert "  first place changes for 1 (100.0%)" in result.stdout
    assert "         1  MBA -> MHA\n" in result.stdout
    assert "    MBA goals -4 (+4 -> 0)\n" in result.stdout
    example = f"e.g. {answers}: clinical_status=non_clinician, career_stage=mid"
    assert example in " ".join(result.stdout.split())


def test_a_cohort_is_compared_row_by_row_and_a_bad_row_is_skipped_with_why(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    old, new = tiny_pair(rules_copy, tmp_path)
    weaken_specialising(new)
    cohort = tmp_path / "cohort.jsonl"
    good = json.dumps({"id": "p1", **SPECIALIST})
    cohort.write_text(good + "\n" + '{"clinical_status": "astronaut"}\n' + "not json\n", encoding="utf-8")
    result = rules_diff(runner, old, new, "--cohort", str(cohort))
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


def test_json_gives_the_edits_the_shifts_and_an_example_each(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """JSON names each edit, each change of first place (as the lists of degrees sharing it) with a
    count and an example, and each largest move with its degree, its account and its points."""
    old, new = tiny_pair(rules_copy, tmp_path)
    weaken_specialising(new)
    result = rules_diff(runner, old, new, "--format", "json", "--sample", "500")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [(e["kind"], e["id"], e["how"]) for e in document["edits"]] == [
        ("claim", "zz-specialising", "reweighted"),
        ("rule", "mmed-for-specialising", "reweighted"),
    ]
    assert document["people"]["compared"] == 500
    assert document["people"]["first_place_changed"] == sum(s["count"] for s in document["shifts"]) > 0
    assert all(s["from"] == ["MMed"] for s in document["shifts"])
    assert all(s["example"]["answers"]["clinical_status"] for s in document["shifts"])
    [move] = document["largest_moves"]
    assert {key: move[key] for key in ("degree", "account", "before", "after")} == {
        "degree": "MMed",
        "account": "goals",
        "before": 3,
        "after": 1,
    }


def test_answers_and_cohort_together_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    result = rules_diff(runner, BUILTIN, BUILTIN, "--answers", str(path), "--cohort", str(path))
    assert result.exit_code == 2
    assert result.stderr == "degreefit: error: give --answers or --cohort, not both\n"


def test_a_broken_new_rule_set_is_reported_as_the_loader_reports_it(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    old, new = tiny_pair(rules_copy, tmp_path)
    edit(new, "claims.yaml", "level: strong", "level: strongest", after="- id: zz-specialising")
    result = rules_diff(runner, old, new)
    assert result.exit_code == 2
    assert "claims.yaml:" in result.stderr
    assert "strongest" in result.stderr


def test_the_diff_of_two_copies_is_the_same_every_run(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    old, new = tiny_pair(rules_copy, tmp_path)
    weaken_specialising(new)
    first = rules_diff(runner, old, new, "--sample", "400").stdout
    assert "first place changes for 0 " not in first
    assert first == rules_diff(runner, old, new, "--sample", "400").stdout


@pytest.mark.parametrize("option", ["--sample=-1", "--sample=100001"])
def test_a_sample_size_out_of_range_is_refused(runner: CliRunner, option: str) -> None:
    result = rules_diff(runner, BUILTIN, BUILTIN, option)
    assert result.exit_code == 2


def test_the_test_cases_whose_first_place_changes_are_each_named(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """Turning the consulting claim against the MBA changes the consultant's advice: each such case of
    NEW is listed by name, in text and JSON; a case whose first place stays is not."""
    old, new = tiny_pair(rules_copy, tmp_path)
    write_cases(new, [case({"top": "MBA"}, CONSULTANT, id="consultant"), case({"top": ["MHA", "MBA"]}, TIE)])
    turn_consulting_against_the_mba(new)
    result = rules_diff(runner, old, new, "--sample", "0")
    assert result.exit_code == 0, result.output
    assert "  1 test case among them (`rules test` says which now fail):\n" in result.stdout
    assert "    case consultant: MBA -> MHA\n" in result.stdout
    assert "case leader" not in result.stdout
    document = json.loads(rules_diff(runner, old, new, "--sample", "0", "-f", "json").stdout)
    assert document["test_cases_changed"] == [{"case": "consultant", "from": ["MBA"], "to": ["MHA"]}]


def test_two_broken_rule_sets_are_both_reported(runner: CliRunner, rules_copy: Path, tmp_path: Path) -> None:
    """When OLD and NEW are both broken, each one's problems are named (issue 22, item 18), OLD's first."""
    old, new = tiny_pair(rules_copy, tmp_path)
    edit(old, "claims.yaml", "level: strong", "level: strongest", after="- id: zz-specialising")
    edit(new, "claims.yaml", "level: strong", "level: mightiest", after="- id: zz-specialising")
    result = rules_diff(runner, old, new)
    assert result.exit_code == 2
    assert f"the rule set in {old} has a problem:\n  {old}/claims.yaml:" in result.stderr
    assert f"the rule set in {new} has a problem:\n  {new}/claims.yaml:" in result.stderr
    assert result.stderr.index("strongest") < result.stderr.index("mightiest")
