"""A test case run: each kind of expectation holds or fails with what it got, and the coverage of
the rules by the cases (`degreefit/ruleset/cases.py`)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import as_json, random_answers
from degreefit.engine import Engine
from degreefit.models import RuleSet
from degreefit.ruleset.casefile import load_cases
from degreefit.ruleset.cases import run_case
from degreefit.ruleset.load import load_ruleset
from tests.helpers.cases import SHIPPED, case, rules_test, tiny_person, tiny_rules, write_cases
from tests.helpers.edits import append, made_up_claim
from tests.helpers.gates import CLOSING_GATES


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
        {
            "reasons": [
                "mmm-clinician-to-leader",
                "mmed-thesis",
                "mmm-programs-for-mid-career-doctors",
            ]
        },
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


TIE = tiny_person("policy_reform")  # the MHA and the MBA tie for first under `tiny_rules`
# A medical student: the MMed, the most points, is not open yet; the MHA and the MBA tie for first.
LATER = tiny_person(
    "specialize_clinically",
    "policy_reform",
    clinical_status="medical_student",
    career_stage="student",
    specialty="pediatrics",
)


@pytest.mark.parametrize(
    ("answers", "expect"),
    [
        (TIE, {"top": ["MBA", "MHA"]}),
        (TIE, {"top": ["MHA", "MBA"]}),
        (TIE, {"top_one_of": ["MHA", "MBA", "MMed"]}),
        (TIE, {"not_first": ["MMM", "MMed"]}),
        (LATER, {"top": ["MHA", "MBA"], "not_first": ["MMed"], "eligibility": {"MMed": "not_yet"}}),
    ],
    ids=["tie", "tie-in-another-order", "top-one-of", "not-first", "not-open-yet"],
)
def test_a_tie_is_matched_as_a_set_of_open_degrees(
    runner: CliRunner, rules_copy: Path, answers: dict[str, Any], expect: dict[str, Any]
) -> None:
    """`top: [A, B]` holds when exactly A and B share first place, in any order; `top_one_of` when
    each of them is in the list; `not_first` when neither is named. A degree not open yet is never
    first, however many points it has."""
    write_cases(tiny_rules(rules_copy), [case(expect, answers)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("answers", "expect", "failure"),
    [
        (TIE, {"top": "MHA"}, "top: expected MHA first on its own; got MHA and MBA tied for first"),
        (
            TIE,
            {"top": ["MHA", "MBA", "MMM"]},
            "top: expected MHA, MBA and MMM tied for first; got MHA and MBA",
        ),
        (
            TIE,
            {"top_one_of": ["MHA", "MMM"]},
            "top_one_of: expected first place among MHA and MMM; got MHA and",
        ),
        (
            TIE,
            {"not_first": ["MBA"]},
            "not_first: expected MBA out of first place; got MHA and MBA tied for first",
        ),
        (LATER, {"top": "MMed"}, "top: expected MMed first on its own; got MHA and MBA tied for first"),
    ],
    ids=["one-of-a-tie", "a-third-degree", "top-one-of", "not-first", "not-open-yet"],
)
def test_a_tie_fails_an_expectation_it_does_not_meet(
    runner: CliRunner, rules_copy: Path, answers: dict[str, Any], expect: dict[str, Any], failure: str
) -> None:
    """A tie is no degree first on its own, and holds no degree it leaves out; a degree not open yet
    is not first for having the most points."""
    write_cases(tiny_rules(rules_copy), [case(expect, answers)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"\n  {failure}" in result.stdout


def test_with_no_degree_open_now_no_degree_is_first(runner: CliRunner, rules_copy: Path) -> None:
    """When gates close every degree to a person, nothing is first: `top_one_of` fails, saying so, and
    `not_first` holds for every degree."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    manager = tiny_person("run_healthcare_organization")
    write_cases(rules_copy, [case({"not_first": ["MMM", "MHA", "MBA", "MMed"]}, manager)])
    assert rules_test(runner, str(rules_copy)).exit_code == 0
    write_cases(rules_copy, [case({"top_one_of": ["MHA", "MBA"]}, manager)])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "\n  top_one_of: expected first place among MHA and MBA; got no degree open now\n" in result.stdout


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
    first = Engine(ruleset).recommend(answers).standings.first
    assume(first)  # no degree open now: nothing to expect first
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
