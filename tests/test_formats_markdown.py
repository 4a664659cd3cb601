"""`--format markdown` (degreefit/formats/markdown.py): the report as a document to share."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit.formats import markdown

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import persona_answers
    from test_cli import PHYSICIAN, ask, ask_json
    from test_report import report_of
else:
    from tests.conftest import persona_answers
    from tests.test_cli import PHYSICIAN, ask, ask_json
    from tests.test_report import report_of

ANSI = "\x1b["


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """The physician persona's answers in a file."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


def test_markdown_report_has_a_heading_a_row_per_degree_and_sources(
    runner: CliRunner, answers_file: Path
) -> None:
    """`--format markdown` starts with a `# ` heading, has one table row per degree, and a Sources section."""
    markdown = ask(runner, answers_file, "--format", "markdown").stdout
    ranking = ask_json(runner, answers_file)["ranking"]
    lines = markdown.splitlines()
    assert lines[0] == "# degreefit: best fit is the MMM (Master of Medical Management)"
    for rank, entry in enumerate(ranking, start=1):
        eligibility = entry["eligibility"].replace("_", " ")
        row = f"| {rank} | {entry['degree']} | {entry['name']} | {entry['score']:.1f} | {eligibility} |"
        assert lines.count(row) == 1, row
    assert "## Sources" in lines
    assert ANSI not in markdown


def test_render_writes_the_document_ask_prints(runner: CliRunner, answers_file: Path) -> None:
    """render() writes what `ask --format markdown` prints: to_markdown's document."""
    report = report_of(persona_answers(PHYSICIAN))
    file = io.StringIO()
    markdown.render(report, file)
    assert (
        file.getvalue() == markdown.to_markdown(report) == ask(runner, answers_file, "-f", "markdown").stdout
    )


def test_other_degrees_list_every_reason() -> None:
    """Unlike the text report, the document lists every reason under each other degree: the MMed's
    one reason for it and its four against, strongest first."""
    document = markdown.to_markdown(report_of(persona_answers(PHYSICIAN)))
    mmed = document[document.index("### MMed: ") : document.index("\n## What would change the top pick\n")]
    assert [line.split("**")[1] for line in mmed.splitlines() if line.startswith("- **")] == [
        "+1",
        "−2",
        "−2",
        "−1",
        "−1",
    ]
    assert "more (--format" not in document


def test_a_file_that_cannot_print_a_character_gets_a_plain_stand_in() -> None:
    """On an ASCII file the typographic quotes and dashes become plain ones, instead of an error."""
    raw = io.BytesIO()
    file = io.TextIOWrapper(raw, encoding="ascii")
    markdown.render(report_of(persona_answers(PHYSICIAN)), file)
    file.flush()
    document = raw.getvalue().decode("ascii")
    assert '- [2] U.S. News, "Master of Medical Management Degree: What to Know", section' in document
