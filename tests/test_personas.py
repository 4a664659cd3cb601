"""Golden tests: the six personas get the expected top degree, eligibility and cited reasons.

The text and Markdown reports of the first persona are compared whole with files in
tests/snapshots/. After an intended change to the reports, rewrite them with

    DEGREEFIT_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_personas.py

and review the difference with `git diff tests/snapshots` before committing it.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.models import RuleSet
from tests.helpers.personas import PERSONAS, TIES, persona_answers

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE_VARIABLE = "DEGREEFIT_UPDATE_SNAPSHOTS"
SNAPSHOT_PERSONA = next(iter(PERSONAS))  # the mid-career physician leader
NAMES = list(PERSONAS)


@pytest.fixture(autouse=True)
def _one_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every report here is made on the same day, so the snapshots keep their date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01


def run_report(runner: CliRunner, tmp_path: Path, name: str, output_format: str) -> str:
    """The report `degreefit ask` prints for a persona's answers in one format."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(persona_answers(name)), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--answers", str(path), "--format", output_format])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def json_report(runner: CliRunner, tmp_path: Path, name: str) -> dict[str, Any]:
    """The JSON report for a persona."""
    document: dict[str, Any] = json.loads(run_report(runner, tmp_path, name, "json"))
    return document


@pytest.mark.parametrize("name", NAMES)
def test_persona_gets_the_expected_top_degree(runner: CliRunner, tmp_path: Path, name: str) -> None:
    """Each persona's best fit is the degree the sources point to, or the degrees tied for first:
    then `top` is null and no degree is named first on its own."""
    _, top, _ = PERSONAS[name]
    document = json_report(runner, tmp_path, name)
    assert document["ranking"][0]["degree"] == top
    if name in TIES:
        assert document["top"] is None
        assert document["tied_for_first"] == TIES[name]
    else:
        assert document["top"] == top
        assert document["tied_for_first"] == [top]


@pytest.mark.parametrize("name", NAMES)
def test_persona_has_the_expected_eligibility(runner: CliRunner, tmp_path: Path, name: str) -> None:
    """Each persona's listed degrees have the expected eligibility, and ineligible ones rank last."""
    _, _, eligibility = PERSONAS[name]
    ranking = json_report(runner, tmp_path, name)["ranking"]
    actual = {entry["degree"]: entry["eligibility"] for entry in ranking}
    assert {code: actual[code] for code in eligibility} == eligibility
    statuses = [entry["eligibility"] == "ineligible" for entry in ranking]
    assert statuses == sorted(statuses), "ineligible degrees rank below every other"


@pytest.mark.parametrize("name", NAMES)
def test_persona_reasons_cite_real_sources(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, name: str
) -> None:
    """The top degree has a reason for it (unless the pick is a tie at nothing), and every reason and
    note cites a source and section in sources.yaml."""
    document = json_report(runner, tmp_path, name)
    ranking = document["ranking"]
    if name in TIES and ranking[0]["goal_points"] == 0:
        assert not [reason for reason in ranking[0]["reasons"] if reason["effect"] > 0]
    else:
        assert ranking[0]["reasons"], "the top degree needs at least one reason"
        assert ranking[0]["reasons"][0]["effect"] > 0, "the first reason for the top degree counts for it"
    sections = {source.id: {s.heading for s in source.sections} for source in ruleset.sources}
    for entry in ranking:
        for cited in entry["reasons"] + entry["eligibility_notes"]:
            assert cited["source"] in sections, cited
            assert cited["section"] in sections[cited["source"]], cited
            assert cited["source"] in document["sources"], cited


@pytest.mark.parametrize("name", NAMES)
def test_persona_answers_are_echoed(runner: CliRunner, tmp_path: Path, name: str) -> None:
    """The JSON report repeats the persona's answers exactly (every one of them applies)."""
    assert json_report(runner, tmp_path, name)["answers"] == persona_answers(name)


def check_snapshot(actual: str, snapshot: Path) -> None:
    """Compare a report with its snapshot file, or rewrite the file when asked to."""
    if os.environ.get(UPDATE_VARIABLE) == "1":
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_bytes(actual.encode("utf-8"))
        return
    rewrite = f"    {UPDATE_VARIABLE}=1 .venv/bin/pytest tests/test_personas.py"
    if not snapshot.exists():
        pytest.fail(f"snapshot {snapshot} does not exist; create it with\n{rewrite}", pytrace=False)
    expected = snapshot.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{snapshot.name} (snapshot)",
                tofile=f"{snapshot.name} (current output)",
            )
        )
        pytest.fail(
            f"the report differs from {snapshot}:\n{diff}\n"
            f"If the change is intended, rewrite the snapshots with\n{rewrite}\n"
            "and review `git diff tests/snapshots` before committing.",
            pytrace=False,
        )


def test_text_report_matches_its_snapshot(runner: CliRunner, tmp_path: Path) -> None:
    """The plain-text report of the physician leader (100 columns, not a terminal) is unchanged."""
    text = run_report(runner, tmp_path, SNAPSHOT_PERSONA, "text")
    check_snapshot(text, SNAPSHOTS / "physician-leader.txt")


def test_markdown_report_matches_its_snapshot(runner: CliRunner, tmp_path: Path) -> None:
    """The Markdown report of the physician leader is unchanged."""
    markdown = run_report(runner, tmp_path, SNAPSHOT_PERSONA, "markdown")
    check_snapshot(markdown, SNAPSHOTS / "physician-leader.md")


def test_snapshots_cite_every_reason_and_list_every_source() -> None:
    """In the snapshots every reason ends in a [n] citation, every [n] is listed under Sources in number
    order, no ANSI, no trailing spaces. The Markdown lists every reason; the text report, which cuts the
    reasons of the other degrees, lists the sources of the reasons it shows, numbered as in the Markdown."""
    markdown = (SNAPSHOTS / "physician-leader.md").read_text(encoding="utf-8")
    text = (SNAPSHOTS / "physician-leader.txt").read_text(encoding="utf-8")
    assert "\x1b" not in markdown + text
    for snapshot in (markdown, text):
        assert snapshot.endswith("\n")
        assert not [line for line in snapshot.splitlines() if line != line.rstrip()], "trailing spaces"

    markdown_body, sources = markdown.split("\n## Sources\n", 1)
    listed = [int(n) for n in re.findall(r"^- \[(\d+)\] ", sources, flags=re.MULTILINE)]
    assert listed == sorted(set(listed))
    reasons = [line for line in markdown.splitlines() if re.match(r"- \*\*[+−][\d.]+\*\* ", line)]
    notes = markdown_body.split("\n## Worth knowing\n", 1)[1].split("\n## ", 1)[0]
    reasons += [line for line in notes.splitlines() if line.startswith("- ")]
    assert reasons
    for line in reasons:
        match = re.search(r" \[(\d+)\](?: \*\(AI-written source\)\*)?$", line)
        assert match, f"reason without a citation: {line}"
    # Each side of a disagreement and each program's fact is cited too (a disagreement's "Why:" is
    # degreefit's own reading, uncited): every [n] of the body is listed, and no other.
    for section in ("Where sources disagree", "What programs show"):
        part = markdown_body.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
        cited_lines = [line for line in part.splitlines() if line.startswith("- ") and "Why: " not in line]
        assert cited_lines
        assert all(re.search(r" \[\d+\]", line) for line in cited_lines), section
    assert {int(n) for n in re.findall(r"\[(\d+)\]", markdown_body)} == set(listed)

    body, text_sources = text.split("\nSources\n", 1)
    text_listed = [int(n) for n in re.findall(r"^ *\[(\d+)\] ", text_sources, flags=re.MULTILINE)]
    assert {int(n) for n in re.findall(r"\[(\d+)\]", body)} == set(text_listed)
    assert text_listed == sorted(set(text_listed))
    assert set(text_listed) <= set(listed)
    assert text_listed
    for number in text_listed:  # the same number names the same section in both reports
        note = re.search(
            rf"^ *\[{number}\] (.*?)(?=^ {{0,3}}\S)", text_sources, flags=re.MULTILINE | re.DOTALL
        )
        assert note, number
        assert f"- [{number}] {' '.join(note.group(1).split())}\n" in sources

    # What the text report cuts, it says it cut; the Markdown shows those reasons.
    assert re.search(r"^    and \d+ more \(--format markdown or json lists every reason\)$", body, re.M)
