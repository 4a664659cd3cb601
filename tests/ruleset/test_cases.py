"""`degreefit rules test`: the rule set's own test cases (rules/cases/*.yaml), and what an
advisor sees when a case fails, when a case file is wrong, and with --coverage."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from typer.testing import CliRunner

from degreefit.cli import app
from tests.helpers.cases import SHIPPED, case, rules_test, tiny_person, tiny_rules, tiny_student, write_cases

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_shipped_rules_pass_their_cases_and_every_rule_is_exercised(runner: CliRunner) -> None:
    result = rules_test(runner, "--coverage", "--verbose")
    assert result.exit_code == 0, result.output
    assert len(SHIPPED) >= 19
    assert result.stdout.count(": ok\n") == len(SHIPPED)
    assert f"all {len(SHIPPED)} cases pass" in result.stdout
    assert "not exercised" not in result.stdout
    assert "are exercised by some case" in result.stdout


def test_the_examples_are_the_personas_answers() -> None:
    """examples/NAME.json is the answers of the case NAME in rules/cases/personas.yaml, and
    every persona has its example file."""
    personas = {c.id: c for c in SHIPPED if c.file == "cases/personas.yaml"}
    examples = sorted(EXAMPLES.glob("*.json"))
    assert len(examples) == len(personas) == 6
    for path in examples:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document == {"schema_version": 1, **personas[path.stem].raw_answers}, path.name


def test_a_failing_case_says_what_it_got_and_the_rules_that_decided_it(
    runner: CliRunner, rules_copy: Path
) -> None:
    """The whole report of a failing case: where it is, what failed, and every degree's goal and cost
    points, best first (a degree not open yet after those open now), with each rule (on which account)
    and gate behind them (the claim named where its id differs)."""
    student = tiny_student()
    path = write_cases(tiny_rules(rules_copy), [case({"top": "MMed"}, student)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert result.stdout == textwrap.dedent(
        f"""\
        {path}:2: leader: FAILED (a doctor who wants to lead)
          top: expected MMed first on its own; got MBA first on its own
          decided by:
            MBA goals +4, costs none
              +2 goals  rule policy-for-mha-and-mba (claim zz-policy)
              +2 goals  rule mba-for-consulting (claim zz-consulting)
            MHA goals +2, costs -2
              +2 goals  rule policy-for-mha-and-mba (claim zz-policy)
              -2 costs  rule mha-too-long (claim zz-mha-length)
            MMM goals none, costs none
            MMed goals +3, costs none, not yet
              +3 goals  rule mmed-for-specialising (claim zz-specialising)
              not yet  gate mmed-after-medical-school (claim zz-mmed-later)
        """
    )
    assert result.stderr == "degreefit: error: 1 of 1 case failed\n"


def test_a_case_passes_then_fails_when_a_claim_is_weakened(runner: CliRunner, rules_copy: Path) -> None:
    """The advisor's loop: state the advice, see it hold, edit the rules, see the case fail."""
    manager = tiny_person("policy_reform", "consulting")
    write_cases(tiny_rules(rules_copy), [case({"top": "MBA", "reasons": ["zz-consulting"]}, manager)])
    assert rules_test(runner, str(rules_copy)).exit_code == 0
    rules_file = rules_copy / "rules" / "tiny.yaml"
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(text.replace("effects: {MBA: for}", "effects: {MBA: against}"), encoding="utf-8")
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "  top: expected MBA first on its own; got MHA first on its own" in result.stdout


def test_an_empty_list_of_cases_is_no_test(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"{rules_copy / 'cases'}: no test cases; add a YAML file of cases there" in result.stderr


def test_a_rule_set_without_cases_says_where_to_add_them(runner: CliRunner, rules_copy: Path) -> None:
    for old in (rules_copy / "cases").iterdir():
        old.unlink()
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"{rules_copy / 'cases'}: no test cases" in result.stderr


def test_rules_check_reports_a_case_that_is_not_well_formed(runner: CliRunner, rules_copy: Path) -> None:
    """`rules check` reads the cases too (`rules test` runs them): a broken case is a problem."""
    path = write_cases(rules_copy, [case({"top": "MAB"})])
    result = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{path}:")
    assert "leader: unknown degree 'MAB'; did you mean 'MBA'? (degrees.yaml)" in result.stdout
    assert result.stderr == f"degreefit: error: {rules_copy}: 1 problem\n"
