"""The text report (degreefit/formats/text.py): plain when piped, coloured on a terminal, fitted to
narrow terminals; and it prints what it is given, whatever it is: markup-like brackets in rule text
are no markup, nothing in a name or label can crash it (issue 11: hostile and careless input)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.formats import text

if TYPE_CHECKING:
    from conftest import persona_answers
    from test_cli import PHYSICIAN, ask
    from test_report import report_of
    from test_validate import edit
else:
    from tests.conftest import persona_answers
    from tests.test_cli import PHYSICIAN, ask
    from tests.test_report import report_of
    from tests.test_validate import edit

MANAGER = "early-career manager running a hospital's operations"
ANSI = "\x1b["
SGR = re.compile(r"\x1b\[([0-9;]*)m")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json"
MARKUP = "Master of [/] Business [bold red]Administration"


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """The physician persona's answers in a file."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


def colour_codes(text: str) -> set[str]:
    """The colour parameters (foreground or background) of every ANSI SGR sequence in text."""
    found: set[str] = set()
    for match in SGR.finditer(text):
        for param in match.group(1).split(";"):
            if param.isdigit() and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.add(param)
    return found


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


def test_text_report_is_plain_when_not_a_terminal(
    runner: CliRunner, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The text report written to a pipe has no ANSI escapes, even when TERM says colours work."""
    monkeypatch.setenv("TERM", "xterm-256color")
    text = ask(runner, answers_file).stdout
    assert ANSI not in text
    assert text.startswith("Best fit: MMM (Master of Medical Management)\n")
    assert "\nSources\n" in text


@pytest.mark.parametrize("width", [40, 50, 63])
def test_a_narrow_terminal_still_shows_every_degree_its_score_and_eligibility(
    answers_file: Path, width: int
) -> None:
    """At 40 to 63 columns the ranking keeps, whole, each degree's code, score and eligibility (the
    full names and bars give way), instead of squeezing the codes out."""
    result = CliRunner().invoke(app, ["ask", "--answers", str(answers_file)], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    rows = re.findall(
        r"^ +(\d) +(MMM|MHA|MBA|MMed) +(\d+\.\d) +(eligible|not yet|ineligible)", result.stdout, re.M
    )
    assert [(rank, code) for rank, code, _, _ in rows] == [
        ("1", "MMM"),
        ("2", "MBA"),
        ("3", "MHA"),
        ("4", "MMed"),
    ]
    assert all(len(line) <= width for line in result.stdout.splitlines())


# A medical graduate who wants to lead, cares about recognition and has a year to give, online:
# the MMM is not open yet and shows a reason against it, the open MMed one for and one against.
GRADUATE_WHO_WANTS_TO_LEAD = {
    "clinical_status": "medical_graduate",
    "career_stage": "early",
    "goals": ["lead_within_health_system"],
    "study_format": "online_part_time",
    "max_years": 1,
    "wants_research": True,
    "recognition_importance": "high",
    "can_reduce_income": True,
}


@pytest.mark.parametrize(
    ("answers", "label", "at_least"),
    [
        # Only the MMed's one reason against it shows under "Other degrees": for a manager no
        # rule moves an open degree other than the MHA.
        pytest.param(persona_answers(MANAGER), "ineligible: ", 1, id="ineligible"),
        pytest.param(GRADUATE_WHO_WANTS_TO_LEAD, "not yet: ", 3, id="not-yet"),
    ],
)
def test_reasons_under_a_closed_degree_line_up_with_the_others(
    runner: CliRunner, tmp_path: Path, answers: dict[str, Any], label: str, at_least: int
) -> None:
    """Under "Other degrees", the points of a degree that is not open (after its "ineligible:" or
    "not yet:" line) start in column 4, where those of an open one do: the gate's label does not
    push them right."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    text = ask(runner, path).stdout
    others = text[text.index("Other degrees") : text.index("What would change the top pick")]
    blocks = re.split(r"^(?=  \S)", others, flags=re.M)[1:]  # one block per degree
    closed = [block for block in blocks if f"\n    {label}" in block]
    assert any(re.search(r"^ *[+−]\d", block, re.M) for block in closed), closed
    marks = re.findall(r"^( *)[+−]\d", others, re.M)
    assert len(marks) >= at_least
    assert {len(indent) for indent in marks} == {4}


def test_no_color_gives_the_plain_report_even_on_a_terminal(
    runner: CliRunner, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a (forced) colour terminal the report is coloured and boxed; with NO_COLOR it is the plain
    report, byte for byte what a pipe gets: no escape codes at all (no bold either), ASCII layout."""
    monkeypatch.setenv("TERM", "xterm-256color")
    piped = ask(runner, answers_file).stdout

    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = ask(runner, answers_file).stdout
    assert {"32", "36"} <= colour_codes(coloured), "the forced terminal should show green and cyan"
    assert "╭─ MMM · " in coloured, "the forced terminal should draw rounded boxes"

    monkeypatch.setenv("NO_COLOR", "1")
    plain = ask(runner, answers_file).stdout
    assert ANSI not in plain
    assert plain == piped
    assert plain.startswith("Best fit: MMM (Master of Medical Management)\n")
    assert "\n+- MMM · Master of Medical Management · score " in plain
    assert not {"╭", "─", "█", "░"} & set(plain), "the plain report draws with ASCII"


def test_render_writes_the_report_ask_prints(runner: CliRunner, answers_file: Path) -> None:
    """render() on a file that is no terminal writes the plain report `ask` prints to a pipe."""
    file = io.StringIO()
    text.render(report_of(persona_answers(PHYSICIAN)), file)
    assert file.getvalue() == ask(runner, answers_file).stdout
    assert file.getvalue().startswith("Best fit: MMM (Master of Medical Management)\n")


def test_other_degrees_show_their_main_reasons_and_count_the_rest(
    runner: CliRunner, answers_file: Path
) -> None:
    """Under "Other degrees" a degree shows at most two reasons for it and one against it; the text
    says how many more the Markdown and JSON reports list."""
    report = ask(runner, answers_file).stdout
    others = report[report.index("\nOther degrees\n") : report.index("\nWhat would change the top pick\n")]
    mmed = others[others.index("  MMed · ") :]
    # The MMed has one rule for it and four against: the one for, the strongest against, 3 more.
    assert re.findall(r"^    [+−]\d", mmed, re.M) == ["    +1", "    −2"]
    assert "    and 3 more (--format markdown or json lists every reason)\n" in mmed
