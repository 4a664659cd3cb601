"""`degreefit rules diff OLD NEW`: the edit, item by item, and whose advice it changes."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.ruleset.edits import edits
from degreefit.ruleset.impact import impact, sample
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

if TYPE_CHECKING:
    from conftest import persona_answers
    from strategies import as_answer_values
    from test_validate import append, edit, made_up_claim
else:
    from tests.conftest import persona_answers
    from tests.strategies import as_answer_values
    from tests.test_validate import append, edit, made_up_claim

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


def test_items_added_removed_and_changed_are_each_named(runner: CliRunner, rules_copy: Path) -> None:
    append(rules_copy, "claims.yaml", made_up_claim("made-up"))
    append(
        rules_copy,
        "rules/extra.yaml",
        "rules:\n  - id: made-up-rule\n    claim: made-up\n    when: {wants_research: {is: true}}\n"
        "    effects: {MMed: for}\n",
    )
    edit(rules_copy, "scoring.yaml", "{name: weak, points: 1}", "{name: weak, points: 2}")
    edit(
        rules_copy,
        "questions.yaml",
        '      - {value: consulting, label: "Work in health-care consulting"}\n',
        "",
    )
    for text in ("consulting, ", ", consulting"):
        for name in ("rules/leadership.yaml", "claims.yaml"):
            path = rules_copy / name
            path.write_text(path.read_text(encoding="utf-8").replace(text, ""), encoding="utf-8")
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "300")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  added      claim made-up" in out
    assert ": moderate, of MMed" in out
    assert "  added      rule made-up-rule" in out
    assert ": claim made-up: MMed for" in out
    assert "  reweighted level weak" in out
    assert ": 1 -> 2 points (5 rules use it)" in out
    assert "  changed    question goals" in out
    assert ": choices removed: consulting" in out
    assert "  changed    rule mha-ideal-for-nonclinicians" in out
    assert "condition changed" in out
    assert "300 random answer sets" in out


def test_an_added_question_is_compared_where_both_can_answer(runner: CliRunner, rules_copy: Path) -> None:
    append(
        rules_copy,
        "questions.yaml",
        "\n  - id: likes_tea\n    kind: boolean\n    prompt: Do you like tea?\n",
    )
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "50")
    assert result.exit_code == 0, result.output
    assert "  added      question likes_tea" in result.stdout
    # The samples are NEW's: they answer it. The test cases do not, and are skipped, saying why.
    assert "Its effect on 50 people" in result.stdout
    skipped = "21 skipped: could not be ranked under both rule sets (first: case physician-executive: not "
    assert skipped + "valid for NEW: missing required answers: likes_tea)" in " ".join(result.stdout.split())


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


@settings(max_examples=25, deadline=None)
@given(
    claim_index=st.integers(min_value=0, max_value=200), level=st.sampled_from(["strong", "moderate", "weak"])
)
def test_each_shift_is_what_ranking_its_example_under_both_gives(
    claim_index: int, level: str, tmp_path_factory: Any
) -> None:
    """Property: for any claim given any level, every shift the diff reports is borne out by
    its example person ranked under the old and the new rule set, and the counts add up."""
    old = load_ruleset()
    used = [c for c in old.claims if not c.unused]
    claim = used[claim_index % len(used)]
    rules = tmp_path_factory.mktemp("diff") / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    text = (rules / "claims.yaml").read_text(encoding="utf-8")
    start = text.index(f"- id: {claim.id}\n")
    at = text.index(f"level: {claim.level}", start)
    (rules / "claims.yaml").write_text(
        text[:at] + f"level: {level}" + text[at + len(f"level: {claim.level}") :], encoding="utf-8"
    )
    new = load_ruleset(rules)
    people = list(sample(new, 300, seed=random.Random(claim_index).randrange(1000)))
    effect = impact(old, new, people, "sample")
    assert effect.compared == 300
    reweighted = {(e.kind, e.how) for e in edits(old, new)}
    by_rules = {("rule", "reweighted")} if any(rule.claim == claim.id for rule in old.rules) else set()
    assert reweighted == (set() if level == claim.level else {("claim", "reweighted"), *by_rules})
    for shift in effect.shifts:
        answers = as_answer_values(dict(shift.example.data))
        before = Engine(old).tied_for_first(Engine(old).outcome(answers))
        after = Engine(new).tied_for_first(Engine(new).outcome(answers))
        assert (before, after) == (shift.before, shift.after)
    if level == claim.level:
        assert effect.shifts == ()


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
