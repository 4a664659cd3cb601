"""A test case run: each kind of expectation holds or fails with what it got, and the coverage of
the rules by the cases (`degreefit/ruleset/caserun.py`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import as_json
from degreefit.answerspace import random_answers
from degreefit.engine import Engine
from degreefit.explain import tied_for_first
from degreefit.models import RuleSet
from degreefit.ruleset.casecheck import load_cases
from degreefit.ruleset.caserun import run_case
from degreefit.ruleset.load import load_ruleset

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from test_cases import SHIPPED, case, rules_test, write_cases
else:
    from tests.test_cases import SHIPPED, case, rules_test, write_cases


@pytest.mark.parametrize("shipped", SHIPPED, ids=[c.id for c in SHIPPED])
def test_every_shipped_case_holds(ruleset: RuleSet, shipped: Any) -> None:
    """Each person kept with the rules gets the advice the sources support."""
    result = run_case(Engine(ruleset), shipped)
    assert result.failures == ()


@pytest.mark.parametrize(
    ("expect", "failure"),
    [
        ({"top": ["MMM", "MBA"]}, "top: expected MMM and MBA tied for first; got MMM first on its own"),
        ({"top_one_of": ["MHA", "MBA"]}, "top_one_of: expected first place among MHA and MBA; got MMM first"),
        ({"not_first": ["MMM"]}, "not_first: expected MMM out of first place; got MMM first on its own"),
        ({"eligibility": {"MMM": "ineligible"}}, "eligibility: expected MMM ineligible; got eligible"),
        (
            {"reasons": ["mba-recognised-across-industries"]},
            "reasons: expected mba-recognised-across-industries",
        ),
    ],
)
def test_each_kind_of_expectation_fails_with_what_it_got(
    runner: CliRunner, rules_copy: Path, expect: dict[str, Any], failure: str
) -> None:
    write_cases(rules_copy, [case(expect)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"\n  {failure}" in result.stdout


@pytest.mark.parametrize(
    "expect",
    [
        {"top": "MMM"},
        {"top_one_of": ["MMM", "MBA"]},
        {"not_first": ["MBA", "MHA", "MMed"]},
        {"eligibility": {"MMM": "eligible", "MMed": "eligible"}},
        {"reasons": ["mmm-clinician-to-leader", "mmm-mha-serve-different-groups", "mmm-format"]},
    ],
)
def test_each_kind_of_expectation_holds(runner: CliRunner, rules_copy: Path, expect: dict[str, Any]) -> None:
    """A rule, or a claim, or a note: each id the report gives counts among the reasons. A
    passing case prints nothing of its own but the closing line."""
    write_cases(rules_copy, [case(expect)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1
    assert result.stdout.endswith("cases: the 1 case passes\n")


def test_a_tie_is_expected_as_a_list(runner: CliRunner, rules_copy: Path) -> None:
    nurse = next(c for c in SHIPPED if c.id == "nurse-running-a-care-organization")
    write_cases(rules_copy, [case({"top": ["MBA", "MHA"]}, dict(nurse.raw_answers))])
    assert rules_test(runner, str(rules_copy)).exit_code == 0
    write_cases(rules_copy, [case({"top": "MHA"}, dict(nurse.raw_answers))])
    result = rules_test(runner, str(rules_copy))
    assert "  top: expected MHA first on its own; got MHA and MBA tied for first" in result.stdout


def test_coverage_lists_what_no_case_exercises(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [case({"top": "MMM"})])
    result = rules_test(runner, str(rules_copy), "--coverage")
    assert result.exit_code == 0, result.output
    assert "not exercised by any case:\n" in result.stdout
    assert "  rule mmed-for-specialising\n" in result.stdout
    assert "  gate mmm-admits-only-physicians\n" in result.stdout
    assert "  claim mha-ideal-for-nonclinicians\n" in result.stdout
    assert "  rule mmm-clinician-to-leader\n" not in result.stdout  # the leader's case fires it


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_a_case_holds_exactly_when_its_top_is_the_engines(seed: int, tmp_path_factory: Any) -> None:
    """For any valid answers, a case expecting what the engine ranks first passes, and one
    expecting another degree first on its own fails."""
    ruleset = load_ruleset()
    answers = random_answers(ruleset, random.Random(seed))
    first = tied_for_first(Engine(ruleset).recommend(answers))
    # Any degree not in first place; when all tie, the first listed expected on its own.
    other = next((d.code for d in ruleset.degrees if d.code not in first), first[0])
    rules = tmp_path_factory.mktemp("rules")  # load_cases reads only its cases/ folder
    (rules / "cases").mkdir()
    top: Any = first[0] if len(first) == 1 else list(first)
    write_cases(
        rules, [case({"top": top}, as_json(answers)), case({"top": other}, as_json(answers), id="no")]
    )
    results = [run_case(Engine(ruleset), c) for c in load_cases(rules, ruleset)]
    assert [r.passed for r in results] == [True, False]
