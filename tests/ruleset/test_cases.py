"""The rule set's own test cases (degreefit/ruleset/cases.py): `degreefit rules test` on
rules/cases/*.yaml, and what an advisor sees when a case fails, when a case file is wrong, and with
--coverage; a case run, each kind of expectation holding or failing with what it got, and the
coverage of the rules by the cases; and the lines a run prints (case_report, all_passed, decided_by)."""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import as_json, random_answers
from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.models import RuleSet
from degreefit.ruleset.casefile import Case, Expect, load_cases
from degreefit.ruleset.cases import Result, all_passed, case_report, coverage, decided_by, run_case
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from tests.helpers.cases import SHIPPED, case, rules_test, tiny_person, tiny_rules, tiny_student, write_cases
from tests.helpers.edits import append, made_up_claim
from tests.helpers.gates import CLOSING_GATES

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


# --- what `rules test` prints: case_report, all_passed, decided_by --------------------

RULES = Path("rules")


@pytest.fixture(scope="module")
def shipped_by_id(ruleset: RuleSet) -> dict[str, Case]:
    """The built-in rules' own test cases, by id."""
    return {case.id: case for case in load_cases(builtin_rules_dir(), ruleset)}


def run(ruleset: RuleSet, case: Case) -> Result:
    """One case run against its rule set."""
    return run_case(Engine(ruleset), case)


@pytest.fixture
def tiny(rules_copy: Path) -> tuple[RuleSet, dict[str, Case]]:
    """The tests' small rule set (`tiny_rules`) and three cases of it, each holding, by id: a
    consultant the MBA suits on its own, a tie of the MHA and the MBA, and a medical student who
    cannot take the MMed yet and has a year at most."""
    tiny_rules(rules_copy)
    student = tiny_student()
    cases = [
        case({"top": "MBA"}, tiny_person("policy_reform", "consulting"), id="consultant", who="consultant"),
        case({"top": ["MHA", "MBA"]}, tiny_person("policy_reform"), id="tie", who="policy maker"),
        case(
            {"top": "MBA", "eligibility": {"MMed": "not_yet"}}, student, id="student", who="medical student"
        ),
    ]
    write_cases(rules_copy, cases)
    ruleset = load_ruleset(rules_copy)
    return ruleset, {c.id: c for c in load_cases(rules_copy, ruleset)}


def test_a_passing_run_closes_with_the_count_of_cases(tiny: tuple[RuleSet, dict[str, Case]]) -> None:
    """Every case holding ends in one line saying so: "the 1 case passes", "all N cases pass"."""
    ruleset, cases = tiny
    results = [run(ruleset, case) for case in cases.values()]
    assert all(result.passed for result in results)
    assert all_passed(results, RULES) == "rules/cases: all 3 cases pass\n"
    assert all_passed(results[:1], RULES) == "rules/cases: the 1 case passes\n"


def test_passing_cases_print_nothing_unless_every_case_is_asked_for(
    tiny: tuple[RuleSet, dict[str, Case]],
) -> None:
    """A passing case says nothing by default, and `ok` at its file and line when every case is shown."""
    ruleset, cases = tiny
    result = run(ruleset, cases["tie"])
    assert case_report([result], RULES, None, every=False) == ""
    assert case_report([result], RULES, None, every=True) == "rules/cases/mine.yaml:17: tie: ok\n"


def test_a_failing_case_says_what_failed_and_what_decided_it(tiny: tuple[RuleSet, dict[str, Case]]) -> None:
    """A failing case names its place and who, each broken expectation, then every degree's goal
    and cost points, best first, with the rules that moved it on either account (and the claim
    behind a rule of another name)."""
    ruleset, cases = tiny
    wrong = cases["consultant"]._replace(expect=Expect(top=["MHA", "MBA"]))
    assert case_report([run(ruleset, wrong)], RULES, None, every=False) == (
        "rules/cases/mine.yaml:2: consultant: FAILED (consultant)\n"
        "  top: expected MHA and MBA tied for first; got MBA first on its own\n"
        "  decided by:\n"
        "    MBA goals +4, costs none\n"
        "      +2 goals  rule policy-for-mha-and-mba (claim zz-policy)\n"
        "      +2 goals  rule mba-for-consulting (claim zz-consulting)\n"
        "    MHA goals +2, costs none\n"
        "      +2 goals  rule policy-for-mha-and-mba (claim zz-policy)\n"
        "    MMM goals none, costs none\n"
        "    MMed goals none, costs none\n"
    )


def test_a_degree_not_open_now_is_shown_with_the_gate_that_keeps_it_closed(
    tiny: tuple[RuleSet, dict[str, Case]],
) -> None:
    """What decided a case names a degree's eligibility in words after its points, and each gate
    behind it; a cost counts on its own account."""
    ruleset, cases = tiny
    lines = decided_by(run(ruleset, cases["student"]))
    assert lines[-3:] == [
        "MMed goals +3, costs none, not yet",
        "  +3 goals  rule mmed-for-specialising (claim zz-specialising)",
        "  not yet  gate mmed-after-medical-school (claim zz-mmed-later)",
    ]
    assert "MHA goals +2, costs -2" in lines
    assert "  -2 costs  rule mha-too-long (claim zz-mha-length)" in lines


def test_coverage_counts_what_the_cases_exercise_and_lists_the_rest(
    ruleset: RuleSet, shipped_by_id: dict[str, Case]
) -> None:
    """With coverage asked for, one line counts what some case exercises; what none does is listed."""
    every = [run(ruleset, case) for case in shipped_by_id.values()]
    whole = case_report(every, RULES, coverage(ruleset, every), every=False)
    items = len(ruleset.rules) + len(ruleset.gates) + len(ruleset.notes)
    claims = sum(not claim.unused for claim in ruleset.claims)
    assert whole == (
        f"coverage: {items} of {items} rules, gates and notes and "
        f"{claims} of {claims} used claims are exercised by some case\n"
    )
    one = every[:1]
    found = coverage(ruleset, one)
    assert found.unexercised
    lines = case_report(one, RULES, found, every=False).splitlines()
    assert lines[1] == "not exercised by any case:"
    assert lines[2:] == [f"  {kind} {item}" for kind, item in found.unexercised]
