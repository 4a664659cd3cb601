"""The formats registry (degreefit/formats/__init__.py): the `--format` choices of `ask`, one module
a format, one dispatch; and what every format shares: the outline, the same bytes on every run."""

from __future__ import annotations

import importlib
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import degreefit.formats
from degreefit.cli import app
from degreefit.formats import Format, render
from degreefit.report import Report
from degreefit.report.outline import outline
from tests.helpers.cli import ask
from tests.helpers.personas import PERSONAS, PHYSICIAN, persona_answers
from tests.helpers.process import run_degreefit
from tests.helpers.report import (
    NO_PICK_MARKDOWN,
    NO_PICK_TEXT,
    NURSE_FOR_GLOBAL_HEALTH,
    RESIDENT_WITH_ONE_YEAR,
    STUDENT,
    headings,
    report_of,
)

FORMATS = list(Format)


@pytest.fixture(autouse=True)
def _one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report here is made on the same day: one compared with another never straddles midnight."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01


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


def in_order(wanted: list[str], lines: list[str]) -> list[str]:
    """The wanted lines that are not found, whole and in order, among the lines."""
    at = 0
    for index, want in enumerate(wanted):
        try:
            at = lines.index(want, at) + 1
        except ValueError:
            return wanted[index:]
    return []


SHOWN = {name: persona_answers(name) for name in PERSONAS} | {
    "nurse for global health (a tie)": NURSE_FOR_GLOBAL_HEALTH,
    "medical student (later paths)": STUDENT,
    "resident with one year (a conflict)": RESIDENT_WITH_ONE_YEAR,
}


def shown(report: Report) -> tuple[list[str], list[str]]:
    """The lines of the text report and of the Markdown report, stripped of their styling."""
    text, markdown = io.StringIO(), io.StringIO()
    render(report, text, Format.text)
    render(report, markdown, Format.markdown)
    text_lines = [line.strip().strip("|").strip() for line in text.getvalue().splitlines()]
    markdown_lines = [
        line.lstrip("#").removeprefix(" - ").strip() for line in markdown.getvalue().splitlines()
    ]
    return text_lines, [line.removeprefix("- ").strip("*") for line in markdown_lines]


@pytest.mark.parametrize("name", list(SHOWN))
def test_text_and_markdown_show_the_same_outline(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both reports show every heading of the outline, and each empty section's text, in its order:
    they differ only in how they style them."""
    monkeypatch.setenv("COLUMNS", "1000")  # no heading wraps
    report = report_of(SHOWN[name], breakdown=True, why_not="MBA")
    wanted = headings(outline(report))
    assert len(wanted) >= 10
    text_lines, markdown_lines = shown(report)
    assert in_order(wanted, text_lines) == []
    assert in_order(wanted, markdown_lines) == []


@pytest.mark.parametrize("name", list(SHOWN))
def test_no_format_shows_a_score(name: str) -> None:
    """The 0-100 score is gone: no format speaks of a score, and none draws a bar."""
    report = report_of(SHOWN[name], breakdown=True, why_not="MBA")
    for fmt in FORMATS:
        file = io.StringIO()
        render(report, file, fmt)
        assert "score" not in file.getvalue().lower()
        assert not {"█", "░", "#####"} & set(file.getvalue().split())


def test_a_tie_shows_no_best_fit_and_says_tie_in_every_format() -> None:
    """The nurse whose only goal is global health work gets a tie between the MHA and the MBA, with
    nothing counted for either: no format names a best fit or draws the top pick's box; each says it
    is a tie and no pick from its first line; JSON's top is null."""
    report = report_of(NURSE_FOR_GLOBAL_HEALTH)
    outputs = _rendered(report)
    text, markdown = outputs[Format.text], outputs[Format.markdown]
    assert text.startswith(NO_PICK_TEXT)
    assert markdown.startswith(NO_PICK_MARKDOWN)
    for output in (text, markdown):
        assert "best fit" not in output.lower()
        assert "What would break the tie" in output
        assert "What would change the top pick" not in output
    assert "+- MHA · " not in text, "no top pick's box"
    document = json.loads(outputs[Format.json])
    assert document["top"] is None
    assert document["tied_for_first"] == ["MHA", "MBA"]
    assert document["decided"] == "tie"


def test_a_degree_not_open_yet_never_heads_any_format() -> None:
    """The student's MMed is not open yet: no format names it the best fit; each lists it under
    Later paths; JSON lists it as later and never as top."""
    report = report_of(STUDENT)
    for fmt in FORMATS:
        file = io.StringIO()
        render(report, file, fmt)
        output = file.getvalue()
        first = output.splitlines()[0]
        if fmt is Format.json:
            document = json.loads(output)
            assert document["top"] != "MMed"
            assert "MMed" not in document["tied_for_first"]
            assert "MMed" in document["later"]
        else:
            assert "MMed" not in first
            assert "Later paths" in output


def test_a_conflict_is_named_in_every_format() -> None:
    """The MMed's length is a conflict for a resident with one year: the text and the Markdown say
    "Conflict:", the JSON marks the reason `conflict: true`."""
    report = report_of(RESIDENT_WITH_ONE_YEAR)
    outputs = _rendered(report)
    assert "Conflict: An MMed typically takes" in " ".join(outputs[Format.text].split())
    assert "Conflict: An MMed typically takes" in outputs[Format.markdown]
    mmed = next(e for e in json.loads(outputs[Format.json])["ranking"] if e["degree"] == "MMed")
    conflicts = [reason for reason in mmed["reasons"] if reason["conflict"]]
    assert [(reason["rule"], reason["bears_on"]) for reason in conflicts] == [("mmed-too-long", "costs")]


def test_a_degree_with_no_evidence_says_so_in_text_and_markdown() -> None:
    """A degree no rule counted for or against says, in words, that the sources say nothing of it."""
    report = report_of(persona_answers(PHYSICIAN))
    silent = [r.degree.code for r in report.recommendation.ranking if not r.evidence]
    assert silent, "the physician has a degree the sources are silent on"
    for fmt in (Format.text, Format.markdown):
        file = io.StringIO()
        render(report, file, fmt)
        others = file.getvalue().split("Other degrees", 1)[1]
        assert "The sources say nothing for or against it for your answers." in others


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
    loaded = {fmt: run_degreefit(fmt, code=probe).stderr for fmt in ("json", "text")}
    assert loaded == {"json": "no rich", "text": "rich"}


def _rendered(report: Report) -> dict[Format, str]:
    """The report in every format."""
    outputs = {}
    for fmt in FORMATS:
        file = io.StringIO()
        render(report, file, fmt)
        outputs[fmt] = file.getvalue()
    return outputs
