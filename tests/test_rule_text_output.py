"""Reports print what they are given, whatever it is: markup-like brackets in rule text are no
markup, nothing in a name or label can crash a report, and a very narrow terminal still shows
every degree whole (issue 11: hostile and careless input)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit.cli import app

if TYPE_CHECKING:
    from test_validate import edit
else:
    from tests.test_validate import edit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json"
MARKUP = "Master of [/] Business [bold red]Administration"


@pytest.fixture
def marked(rules_copy: Path) -> Path:
    """A copy of the rules whose MBA name, one topic and one choice label hold rich markup."""
    edit(rules_copy, "degrees.yaml", "name: Master of Business Administration", f'name: "{MARKUP}"')
    edit(rules_copy, "questions.yaml", "topic: Goals", 'topic: "Goals [/]"')
    edit(
        rules_copy,
        "questions.yaml",
        'label: "Lead within a health system"',
        'label: "Lead [bold]within[/bold] a health system"',
    )
    return rules_copy


@pytest.mark.parametrize("command", [["ask", "--answers", str(EXAMPLE)], ["degrees"], ["degrees", "MBA"]])
def test_markup_in_rule_text_is_printed_as_written(
    runner: CliRunner, marked: Path, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--rules", str(marked)])
    assert result.exit_code == 0, result.output
    assert "[/]" in result.stdout  # the overview wraps the name within its column
    assert "[bold" in result.stdout


def test_markup_in_topics_and_labels_is_printed_as_written(runner: CliRunner, marked: Path) -> None:
    result = runner.invoke(app, ["ask", "--answers", str(EXAMPLE), "--rules", str(marked)])
    assert result.exit_code == 0, result.output
    assert "Goals [/]" in result.stdout
    assert "Lead [bold]within[/bold] a health system" in " ".join(result.stdout.split())


def test_markup_in_the_top_degrees_name_is_printed_as_written(runner: CliRunner, marked: Path) -> None:
    """The top degree's name is the title of the report's panel, where rich reads markup too."""
    leaver = Path(__file__).resolve().parent.parent / "examples" / "physician-leaving-clinical-medicine.json"
    result = runner.invoke(app, ["ask", "--answers", str(leaver), "--rules", str(marked)])
    assert result.exit_code == 0, result.output
    assert f"MBA · {MARKUP} · score" in result.stdout or f"MBA - {MARKUP} - score" in result.stdout


def test_a_very_narrow_terminal_gets_one_degree_a_line(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under 40 columns no table fits: each degree's rank, code, score and eligibility on a line
    of its own, whole (it showed `M… … eligib…`)."""
    monkeypatch.setenv("COLUMNS", "28")
    result = runner.invoke(app, ["ask", "--answers", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("1. MMM 76.3 eligible")
    assert lines[start : start + 4] == [
        "1. MMM 76.3 eligible",
        "2. MBA 50.0 eligible",
        "3. MHA 41.7 eligible",
        "4. MMed 30.3 eligible",
    ]
    assert "…" not in "\n".join(lines[: start + 4])
