"""The formats registry (degreefit/formats/__init__.py): the `--format` choices of `ask`, one module
a format, one dispatch; and what every format shares: the outline, the same bytes on every run."""

from __future__ import annotations

import importlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

import degreefit.formats
from degreefit.cli import app
from degreefit.formats import Format, render
from degreefit.outline import (
    AnswerRows,
    Breakdown,
    Bullets,
    OtherDegrees,
    Part,
    SourceList,
    TopPick,
    WhyNotDegree,
    outline,
)

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import PERSONAS, persona_answers
    from test_cli import PHYSICIAN, ask
    from test_report import report_of
else:
    from tests.conftest import PERSONAS, persona_answers
    from tests.test_cli import PHYSICIAN, ask
    from tests.test_report import report_of

FORMATS = list(Format)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """The physician persona's answers in a file."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


def test_the_format_choices_of_ask_are_the_registered_formats(runner: CliRunner) -> None:
    """`ask --format` offers exactly the registry's formats, in its order (--help lists them so), and
    refuses any other."""
    assert [fmt.value for fmt in FORMATS] == ["text", "json", "markdown"]
    help_text = runner.invoke(app, ["ask", "--help"], env={"COLUMNS": "200"}).stdout
    assert re.findall(r"--format +-f +<([a-z|]+)>", help_text) == ["|".join(fmt.value for fmt in FORMATS)]
    refused = runner.invoke(app, ["ask", "--format", "html"])
    assert refused.exit_code == 2
    assert "'html' is not one of 'text', 'json', 'markdown'" in " ".join(refused.stderr.split())


def test_every_format_has_one_module_and_every_module_is_registered() -> None:
    """degreefit/formats/ holds one module per registered format, each with its render()."""
    folder = Path(degreefit.formats.__file__).parent
    modules = {path.stem for path in folder.glob("*.py")} - {"__init__"}
    assert modules == {fmt.value for fmt in FORMATS}
    for fmt in FORMATS:
        assert callable(importlib.import_module(f"degreefit.formats.{fmt.value}").render)


@pytest.mark.parametrize("fmt", FORMATS, ids=[fmt.value for fmt in FORMATS])
def test_every_registered_format_renders_a_persona_report_as_ask_prints_it(
    runner: CliRunner, answers_file: Path, fmt: Format
) -> None:
    """The dispatch reaches each format: render(report, file, format) writes what `ask --format` prints."""
    file = io.StringIO()
    render(report_of(persona_answers(PHYSICIAN)), file, fmt)
    assert "MMM" in file.getvalue()
    assert file.getvalue() == ask(runner, answers_file, "--format", fmt.value).stdout


@pytest.mark.parametrize("fmt", FORMATS, ids=[fmt.value for fmt in FORMATS])
def test_report_is_byte_identical_across_runs(
    runner: CliRunner,
    answers_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: Format,
) -> None:
    """Two runs print the same bytes: the first validates the rules from YAML, the second uses the cache."""
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(tmp_path / "fresh-cache"))
    first = ask(runner, answers_file, "--format", fmt.value).stdout_bytes
    assert list((tmp_path / "fresh-cache").glob("ruleset-*.json")), "the first run should fill the cache"
    second = ask(runner, answers_file, "--format", fmt.value).stdout_bytes
    assert first == second


def headings(parts: tuple[Part, ...]) -> list[str]:
    """Every heading of an outline in order, and the text a section shows in place of an empty list."""
    found: list[str] = []
    for part in parts:
        if isinstance(part, TopPick):
            found += [part.rests_on.heading.text] if part.rests_on else []
            for reasons in part.reasons:
                found.append(reasons.heading.text)
                found += [] if reasons.gates or reasons.contributions else [reasons.heading.empty]
        elif isinstance(part, (Bullets, OtherDegrees, Breakdown, AnswerRows, SourceList)):
            found.append(part.heading.text)
        elif isinstance(part, WhyNotDegree):
            found.append(part.heading.text)
            found += [part.against.heading.text] if part.against else []
            found += [part.missing.heading.text] if part.missing else []
    return found


def in_order(wanted: list[str], lines: list[str]) -> list[str]:
    """The wanted lines that are not found, whole and in order, among the lines."""
    at = 0
    for index, want in enumerate(wanted):
        try:
            at = lines.index(want, at) + 1
        except ValueError:
            return wanted[index:]
    return []


@pytest.mark.parametrize("name", list(PERSONAS))
def test_text_and_markdown_show_the_same_outline(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both reports show every heading of the outline, and each empty section's text, in its order:
    they differ only in how they style them."""
    monkeypatch.setenv("COLUMNS", "1000")  # no heading wraps
    report = report_of(persona_answers(name), breakdown=True, why_not="MBA")
    wanted = headings(outline(report))
    assert len(wanted) >= 10
    text, markdown = io.StringIO(), io.StringIO()
    render(report, text, Format.text)
    render(report, markdown, Format.markdown)
    text_lines = [line.strip().strip("|").strip() for line in text.getvalue().splitlines()]
    markdown_lines = [
        line.lstrip("#").removeprefix(" - ").strip() for line in markdown.getvalue().splitlines()
    ]
    markdown_lines = [line.removeprefix("- ") for line in markdown_lines]
    assert in_order(wanted, text_lines) == []
    assert in_order(wanted, markdown_lines) == []


def test_the_json_report_does_not_load_rich(tmp_path: Path) -> None:
    """`ask --format json` never imports rich (a fast start-up for programs); the text report does."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    probe = (
        "import sys\n"
        "from degreefit.cli import app\n"
        "try:\n"
        f"    app(['ask', '--answers', {str(answers)!r}, '--format', sys.argv[1]])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('rich' if 'rich' in sys.modules else 'no rich')\n"
    )
    loaded = {
        fmt: subprocess.run(
            [sys.executable, "-c", probe, fmt], capture_output=True, text=True, check=True, timeout=60
        ).stderr
        for fmt in ("json", "text")
    }
    assert loaded == {"json": "no rich", "text": "rich"}
