"""`degreefit rules test`: the rule set's own test cases (rules/cases/*.yaml), and what an
advisor sees when a case fails, when a case file is wrong, and with --coverage."""

from __future__ import annotations

import json
import os
import random
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import as_json
from degreefit.answerspace import random_answers
from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.explain import tied_for_first
from degreefit.models import RuleSet
from degreefit.ruleset.casecheck import load_cases
from degreefit.ruleset.caserun import run_case
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import builtin_rules
else:
    from tests.conftest import builtin_rules

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIPPED = load_cases(builtin_rules_dir(), builtin_rules())

# A practising doctor who wants to lead: the shipped rules put the MMM first on its own.
LEADER: dict[str, Any] = {
    "clinical_status": "practicing_physician",
    "career_stage": "mid",
    "goals": ["lead_within_health_system"],
    "keep_practicing": True,
    "study_format": "online_part_time",
    "max_years": 2,
    "wants_research": False,
    "recognition_importance": "low",
    "can_reduce_income": False,
}


def write_cases(rules: Path, cases: list[dict[str, Any]], name: str = "mine.yaml") -> Path:
    """Replace the copy's cases by `cases`, in one file."""
    folder = rules / "cases"
    for old in folder.iterdir():
        old.unlink()
    path = folder / name
    path.write_text(yaml.safe_dump({"cases": cases}, sort_keys=False), encoding="utf-8")
    return path


def case(expect: dict[str, Any], answers: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {
        "id": "leader",
        "who": "a doctor who wants to lead",
        "answers": answers or LEADER,
        "expect": expect,
    } | more


def rules_test(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["rules", "test", *args])


@pytest.mark.parametrize("shipped", SHIPPED, ids=[c.id for c in SHIPPED])
def test_every_shipped_case_holds(ruleset: RuleSet, shipped: Any) -> None:
    """Each person kept with the rules gets the advice the sources support."""
    result = run_case(Engine(ruleset), shipped)
    assert result.failures == ()


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
    """The whole report of a failing case: where it is, what failed, and every degree's points
    with each rule and gate behind them (the claim named where its id differs)."""
    path = write_cases(rules_copy, [case({"top": "MBA"})])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert result.stdout == textwrap.dedent(
        f"""\
        {path}:2: leader: FAILED (a doctor who wants to lead)
          top: expected MBA first on its own; got MMM first on its own
          decided by:
            MMM +5 points
              +3  rule mmm-clinician-to-leader
              +2  rule mmm-programs-for-mid-career-doctors
            MBA 0 points
            MHA -2 points
              -2  rule mha-serves-another-group (claim mmm-mha-serve-different-groups)
            MMed -5 points
              +1  rule mmed-opens-doors
              -2  rule mmed-research-unwelcome (claim mmed-thesis)
              -2  rule mmed-supervised-practice
              -1  rule mmed-less-clinical-work
              -1  rule mmed-tuition-and-income
        """
    )
    assert result.stderr == "degreefit: error: 1 of 1 case failed\n"


def test_a_case_passes_then_fails_when_a_claim_is_weakened(runner: CliRunner, rules_copy: Path) -> None:
    """The advisor's loop: state the advice, see it hold, edit the rules, see the case fail."""
    write_cases(rules_copy, [case({"top": "MMM", "reasons": ["mmm-clinician-to-leader"]}, LEADER)])
    assert rules_test(runner, str(rules_copy)).exit_code == 0
    rules_file = rules_copy / "rules" / "leadership.yaml"
    text = rules_file.read_text(encoding="utf-8")
    rules_file.write_text(text.replace("effects: {MMM: for}", "effects: {MMM: against}"), encoding="utf-8")
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "  top: expected MMM first on its own; got MBA first on its own" in result.stdout


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


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            case({"top": "MMM"}, {**LEADER, "clinical_status": "doctor"}),
            'leader: clinical_status: "doctor" is not one of',
        ),
        (
            case({"top": "MMM"}, {k: v for k, v in LEADER.items() if k != "max_years"}),
            "leader: missing required answers: max_years",
        ),
        (
            case({"top": "MMM"}, {**LEADER, "specialty": "surgery"}),
            'leader: "specialty" is ignored: it is asked only when',
        ),
        (case({"top": "MMX"}), "leader: unknown degree 'MMX'; did you mean 'MMM'? (degrees.yaml)"),
        (case({"top": ["MMM"]}), "leader: a list under top names the degrees tied for first"),
        (
            case({"reasons": ["mmm-clinician-to-leeder"]}),
            "leader: 'mmm-clinician-to-leeder' is no rule, gate, note or claim of the rule set; "
            "did you mean 'mmm-clinician-to-leader'?",
        ),
        (case({}), "leader: expects nothing: give top, top_one_of, not_first, eligibility or reasons"),
        (case({"top": "MMM"}, exepct={}), "leader: unknown key 'exepct'; did you mean 'expect'?"),
        (case({"eligibility": {"MMM": "open"}}), "eligibility.MMM: must be eligible, not_yet or ineligible"),
    ],
)
def test_a_wrong_case_is_refused_with_its_line_and_what_to_fix(
    runner: CliRunner, rules_copy: Path, entry: dict[str, Any], message: str
) -> None:
    path = write_cases(rules_copy, [entry])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "/cases/mine.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert path.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: {a: 1}\n", "1: cases: must be a list of cases, each a mapping with id, who, answers"),
        ("cases: [5]\n", "1: each case must be a mapping with id, who, answers and expect (and why)"),
        (
            "cases:\n  - id: a\n    who: b\n    answers: {}\n    expect: {top: 3}\n",
            "5: a: expect.top: must be a degree code, or a list of two or more degrees tied for first",
        ),
        (
            "cases:\n  - id: a\n    who: b\n    answers: {}\n    expect: [MMM]\n",
            "5: a: expect: must be a mapping of expectations: top, top_one_of, not_first",
        ),
        ("cases:\n  - [a, b, {}, {top: MMM}]\n", "2: each case must be a mapping with id, who"),
        ("- 1\n", "1: expected a mapping at the top of the file"),
    ],
)
def test_a_case_file_of_the_wrong_shape_says_what_to_write(
    runner: CliRunner, rules_copy: Path, text: str, message: str
) -> None:
    """Each message says what belongs there, in an advisor's words (no list stands in for a
    mapping, as pydantic would allow)."""
    path = write_cases(rules_copy, [])
    path.write_text(text, encoding="utf-8")
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"/cases/mine.yaml:{message}" in result.stderr
    assert "Input should" not in result.stderr


def test_a_tie_of_one_degree_named_twice_is_refused(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [case({"top": ["MMM", "MMM"]})])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "a list under top names the degrees tied for first: give two or more, each once" in result.stderr


def test_an_empty_list_of_cases_is_no_test(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"{rules_copy / 'cases'}: no test cases; add a YAML file of cases there" in result.stderr


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_case_file_that_is_no_file_is_named_not_read(
    runner: CliRunner, rules_copy: Path, kind: str
) -> None:
    """A folder or a FIFO named like a case file is reported; reading a FIFO would never end."""
    write_cases(rules_copy, [case({"top": "MMM"})])
    odd = rules_copy / "cases" / "odd.yaml"
    if kind == "folder":
        odd.mkdir()
    else:
        os.mkfifo(odd)
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "/cases/odd.yaml: is not a file; a case file is YAML text\n" in result.stderr


def test_a_case_id_used_twice_is_refused(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [case({"top": "MMM"}), case({"top": "MMM"})])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert (
        "cases/mine.yaml:17: leader: case id 'leader' is also used at cases/mine.yaml:2; give each its own"
        in result.stderr
    )


def test_a_yaml_syntax_error_in_a_case_file_names_its_line(runner: CliRunner, rules_copy: Path) -> None:
    path = write_cases(rules_copy, [case({"top": "MMM"})])
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "cases/mine.yaml:" in result.stderr
    assert "YAML" in result.stderr or "line" in result.stderr


def test_a_rule_set_without_cases_says_where_to_add_them(runner: CliRunner, rules_copy: Path) -> None:
    for old in (rules_copy / "cases").iterdir():
        old.unlink()
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert f"{rules_copy / 'cases'}: no test cases" in result.stderr


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


def test_the_case_format_is_documented_where_cases_live() -> None:
    header = (builtin_rules_dir() / "cases" / "personas.yaml").read_text(encoding="utf-8")
    for key in ("top:", "top_one_of:", "not_first:", "eligibility:", "reasons:"):
        assert f"#   {key}" in header


def test_a_wrong_answer_in_a_case_is_reported_at_its_own_line(runner: CliRunner, rules_copy: Path) -> None:
    """Each wrong answer is named at the line it is written on, not at `answers:`."""
    path = write_cases(rules_copy, [case({"top": "MMM"}, {**LEADER, "max_years": 9, "goalz": ["x"]})])
    lines = path.read_text(encoding="utf-8").splitlines()
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    at = {
        key: lines.index(next(line for line in lines if line.strip().startswith(key))) + 1
        for key in ("max_years:", "goalz:")
    }
    assert (
        f"/cases/mine.yaml:{at['max_years:']}: leader: max_years: must be from 1 to 6; got 9" in result.stderr
    )
    assert (
        f"/cases/mine.yaml:{at['goalz:']}: leader: unknown key \"goalz\"; did you mean 'goals'?"
        in result.stderr
    )


def test_rules_check_reports_a_case_that_is_not_well_formed(runner: CliRunner, rules_copy: Path) -> None:
    """`rules check` reads the cases too (`rules test` runs them): a broken case is a problem."""
    path = write_cases(rules_copy, [case({"top": "MAB"})])
    result = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{path}:")
    assert "leader: unknown degree 'MAB'; did you mean 'MBA'? (degrees.yaml)" in result.stdout
    assert result.stderr == f"degreefit: error: {rules_copy}: 1 problem\n"
