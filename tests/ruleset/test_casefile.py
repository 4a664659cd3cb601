"""A file of test cases (rules/cases/*.yaml) of the wrong shape says what to write there, at its line
(`degreefit/ruleset/casefile.py`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.cases import case, rules_test, write_cases


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
