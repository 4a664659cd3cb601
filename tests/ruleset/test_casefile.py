"""A file of test cases (rules/cases/*.yaml) read and held to its rule set
(`degreefit/ruleset/casefile.py`): a file of the wrong shape says what to write there, at its line;
a case's answers must be valid and complete, and its expectations must name degrees, rules, gates,
notes and claims the rule set has, each problem at its line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.cases import LEADER, case, rules_test, write_cases


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


def test_a_yaml_syntax_error_in_a_case_file_names_its_line(runner: CliRunner, rules_copy: Path) -> None:
    path = write_cases(rules_copy, [case({"top": "MMM"})])
    path.write_text(path.read_text(encoding="utf-8") + "  - id: [unclosed\n", encoding="utf-8")
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "cases/mine.yaml:" in result.stderr
    assert "YAML" in result.stderr or "line" in result.stderr


def test_the_case_format_is_documented_where_cases_live() -> None:
    header = (builtin_rules_dir() / "cases" / "personas.yaml").read_text(encoding="utf-8")
    for key in ("top:", "top_one_of:", "not_first:", "eligibility:", "reasons:"):
        assert f"#   {key}" in header


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


def test_a_tie_of_one_degree_named_twice_is_refused(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [case({"top": ["MMM", "MMM"]})])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert "a list under top names the degrees tied for first: give two or more, each once" in result.stderr


def test_a_case_id_used_twice_is_refused(runner: CliRunner, rules_copy: Path) -> None:
    write_cases(rules_copy, [case({"top": "MMM"}), case({"top": "MMM"})])
    result = rules_test(runner, str(rules_copy))
    assert result.exit_code == 2
    assert (
        "cases/mine.yaml:17: leader: case id 'leader' is also used at cases/mine.yaml:2; give each its own"
        in result.stderr
    )


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
