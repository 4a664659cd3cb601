"""`--format markdown` (degreefit/formats/markdown.py): the report as a document to share."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit import __version__
from degreefit.formats import markdown
from tests.helpers.cli import ask, ask_json
from tests.helpers.personas import PHYSICIAN, persona_answers
from tests.helpers.report import NO_PICK_MARKDOWN, NURSE_FOR_GLOBAL_HEALTH, report_of

ANSI = "\x1b["


def test_markdown_report_has_a_heading_a_row_per_degree_and_sources(
    runner: CliRunner, answers_file: Path
) -> None:
    """`--format markdown` starts with a `# ` heading, has one table row per degree with its rank,
    goals, costs and eligibility, the legend under it, and a Sources section."""
    markdown = ask(runner, answers_file, "--format", "markdown").stdout
    ranking = ask_json(runner, answers_file)["ranking"]
    lines = markdown.splitlines()
    assert lines[0] == "# degreefit: best fit is the MMM (Master of Medical Management)"
    assert "| # | Degree | Name | Goals | Costs | Eligibility |" in lines
    for entry in ranking:
        eligibility = entry["eligibility"].replace("_", " ")
        row = re.compile(
            rf"^\| \d \| {entry['degree']} \| {re.escape(entry['name'])} \| .+ \| .+ \| {eligibility} \|$"
        )
        assert len([line for line in lines if row.match(line)]) == 1, entry["degree"]
    assert (
        "*Goals decide the order; costs only separate degrees that serve your goals equally. "
        "Costs never count for a degree that serves none of your goals; "
        "degrees share a rank when nothing separates them.*" in lines
    )
    assert "## Sources" in lines
    assert ANSI not in markdown
    assert "score" not in markdown.lower()


def test_a_tie_is_a_section_per_tied_degree_and_no_best_fit() -> None:
    """On a tie the document has no best-fit section: a "Tied for first" section with a subsection
    per tied degree, then what would break the tie."""
    document = markdown.to_markdown(report_of(NURSE_FOR_GLOBAL_HEALTH))
    assert document.startswith(NO_PICK_MARKDOWN)
    assert "\n## Tied for first\n" in document
    assert "\n### MHA: " in document
    assert "\n### MBA: " in document
    assert document.count("\n#### What the sources do not say about it\n") == 2
    assert "\n## What would break the tie\n" in document
    assert "best fit" not in document.lower()


def test_what_the_sources_do_not_say_is_a_small_table() -> None:
    """The topics the sources are silent on are one table, a row per degree."""
    document = markdown.to_markdown(report_of(persona_answers(PHYSICIAN)))
    section = document[document.index("\n## What the sources do not say\n") :].split("\n## ", 2)[1]
    assert "| Degree | The sources say nothing on |" in section
    rows = re.findall(r"^\| (MMM|MHA|MBA|MMed) \| ", section, re.M)
    assert rows
    assert len(rows) == len(set(rows))


def test_render_writes_the_document_ask_prints(runner: CliRunner, answers_file: Path) -> None:
    """render() writes what `ask --format markdown` prints: to_markdown's document."""
    report = report_of(persona_answers(PHYSICIAN))
    file = io.StringIO()
    markdown.render(report, file)
    assert (
        file.getvalue() == markdown.to_markdown(report) == ask(runner, answers_file, "-f", "markdown").stdout
    )


def test_other_degrees_list_every_reason() -> None:
    """Unlike the text report, the document lists every reason under each other degree: for, against,
    then its costs; a degree nothing counted for or against says the sources say nothing of it."""
    report = report_of(persona_answers(PHYSICIAN))
    document = markdown.to_markdown(report)
    others = document[
        document.index("\n## Other degrees\n") : document.index("\n## What would change the top pick\n")
    ]
    for result in report.recommendation.ranking[1:]:
        block = others[others.index(f"### {result.degree.code}: ") :].split("\n### ", 1)[0]
        points = [
            line.split("**")[1]
            for line in block.splitlines()
            if line.startswith("- **") and "**:" not in line
        ]
        assert len(points) == len(result.contributions)
        if not result.evidence:
            assert "- The sources say nothing for or against it for your answers." in block
    assert "more (--format" not in document


def test_a_file_that_cannot_print_a_character_gets_a_plain_stand_in() -> None:
    """On an ASCII file the typographic quotes and dashes become plain ones, instead of an error."""
    raw = io.BytesIO()
    file = io.TextIOWrapper(raw, encoding="ascii")
    markdown.render(report_of(persona_answers(PHYSICIAN)), file)
    file.flush()
    document = raw.getvalue().decode("ascii")
    assert '- [2] U.S. News, "Master of Medical Management Degree: What to Know", section' in document


def test_markdown_says_the_day_it_was_made_and_with_what(
    runner: CliRunner, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under its title the document says the day it was made, degreefit's version and that it used
    the built-in rules, so a mentor knows what they are reading."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    lines = ask(runner, answers_file, "--format", "markdown").stdout.splitlines()
    made = f"*Made on 2026-01-01 by degreefit {__version__}, with its built-in rules.*"
    assert lines[1:4] == ["", made, ""]


def test_markdown_names_rules_of_ones_own_by_folder_and_checksum(
    runner: CliRunner, answers_file: Path, rules_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report made with `--rules DIR` names the folder and the start of the rule set's sha256."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    sha256 = ask_json(runner, answers_file, "--rules", str(rules_copy))["rules"]["sha256"]
    markdown = ask(runner, answers_file, "--format", "markdown", "--rules", str(rules_copy)).stdout
    made = markdown.splitlines()[2]
    rules = f"the rules in {rules_copy} (sha256 {sha256[:12]})"
    assert made == f"*Made on 2026-01-01 by degreefit {__version__}, with {rules}.*"
