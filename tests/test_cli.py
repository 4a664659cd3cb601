"""The command line: version, help, report formats, --rules, schema, the installed script, Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner, Result

import degreefit
from degreefit.cli import app
from degreefit.explain import listed
from degreefit.models import RuleSet

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import builtin_rules, persona_answers
    from test_check import CLOSING_GATES
    from test_validate import append, made_up_claim
else:
    from tests.conftest import builtin_rules, persona_answers
    from tests.test_check import CLOSING_GATES
    from tests.test_validate import append, made_up_claim

PHYSICIAN = "mid-career physician leading inside a health system"
LEAVER = "physician moving beyond clinical medicine"
MANAGER = "early-career manager running a hospital's operations"
DEGREES = {degree.code for degree in builtin_rules().degrees}
QUESTION_IDS = {
    "clinical_status",
    "career_stage",
    "goals",
    "specialty",
    "keep_practicing",
    "study_format",
    "max_years",
    "wants_research",
    "recognition_importance",
    "can_reduce_income",
}
REQUIRED = (
    "clinical_status, career_stage, goals, study_format, max_years, wants_research, "
    "recognition_importance, can_reduce_income"
)
ANSI = "\x1b["
SGR = re.compile(r"\x1b\[([0-9;]*)m")
SUBPROCESS_TIMEOUT = 30


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """The physician persona's answers in a file."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


def ask(runner: CliRunner, answers: Path, *options: str) -> Result:
    """Run `degreefit ask --answers FILE OPTIONS...` and check it succeeded."""
    result = runner.invoke(app, ["ask", "--answers", str(answers), *options])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def ask_json(runner: CliRunner, answers: Path, *options: str) -> dict[str, Any]:
    """The JSON report for an answers file."""
    document: dict[str, Any] = json.loads(ask(runner, answers, "--format", "json", *options).stdout)
    return document


def colour_codes(text: str) -> set[str]:
    """The colour parameters (foreground or background) of every ANSI SGR sequence in text."""
    found: set[str] = set()
    for match in SGR.finditer(text):
        for param in match.group(1).split(";"):
            if param.isdigit() and (30 <= int(param) <= 49 or 90 <= int(param) <= 107):
                found.add(param)
    return found


def installed_script() -> Path:
    """The `degreefit` console script of the environment running the tests."""
    beside = Path(sys.executable).parent / ("degreefit.exe" if os.name == "nt" else "degreefit")
    if beside.exists():
        return beside
    found = shutil.which("degreefit")
    assert found, "the degreefit console script is not installed"
    return Path(found)


def subprocess_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a subprocess, with its own cache under tmp_path."""
    return {**os.environ, "DEGREEFIT_CACHE_DIR": str(tmp_path / "subprocess-cache")}


def read_output(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Everything a finished process wrote to its stdout and stderr pipes."""
    assert process.stdout is not None
    assert process.stderr is not None
    return process.stdout.read(), process.stderr.read()


def wait_until_reading_stdin(process: subprocess.Popen[str], timeout: float = 2.0) -> None:
    """Wait until the process blocks reading its stdin pipe (Linux), or about half a second elsewhere."""
    wchan = Path(f"/proc/{process.pid}/wchan")
    start = time.monotonic()
    while time.monotonic() - start < timeout and process.poll() is None:
        try:
            if "pipe" in wchan.read_text():
                return
        except OSError:
            if time.monotonic() - start >= 0.5:
                return
        time.sleep(0.01)


# Version and help


def test_version_prints_the_package_version(runner: CliRunner) -> None:
    """`degreefit --version` prints `degreefit <version>` and nothing else."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"degreefit {degreefit.__version__}\n"
    assert result.stderr == ""


def test_help_lists_the_commands(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit --help` lists the commands and --version, and names the degrees the
    built-in rule set compares (read from it: a degree added there must be named here)."""
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    built_in = f"(the built-in one: {listed([d.code for d in ruleset.degrees])})"
    for word in ("ask", "schema", "rules", "--version", built_in):
        assert word in " ".join(result.stdout.split())


def test_ask_help_mentions_every_option(runner: CliRunner) -> None:
    """`degreefit ask --help` describes --answers, --format (with its choices) and --rules."""
    result = runner.invoke(app, ["ask", "--help"])
    assert result.exit_code == 0
    for word in ("--answers", "--format", "--rules", "text", "json", "markdown", "stdin"):
        assert word in result.stdout


@pytest.mark.parametrize("command", [["ask"], ["batch"], ["rules", "check"]])
def test_help_paragraphs_flow_to_the_terminal_width(command: list[str]) -> None:
    """A command's description fills the width of the terminal: a line of it breaks only where the
    next word would not fit, never at the line breaks of the source text."""
    width = 100
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Usage:")) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("╭"))
    description = [line.rstrip() for line in lines[start:end]]
    assert len([line for line in description if line]) >= 2
    for line, following in pairwise(description):
        if line and following:  # the same paragraph: the next word did not fit on this line
            assert len(line) + 1 + len(following.split()[0]) > width - 2, (line, following)


# JSON report


ENTRY_KEYS = {"degree", "name", "score", "points", "eligibility", "eligibility_notes", "reasons"}
DOCUMENT_KEYS = {
    "schema_version",
    "top",
    "none_open",
    "margin",
    "close_call",
    "tied_for_first",
    "rests_on",
    "unknowns",
    "notes",
    "ranking",
    "what_would_change",
    "answers",
    "citations",
    "sources",
    "rules",
}


@pytest.mark.parametrize(
    ("persona", "top", "changes"),
    [
        pytest.param(PHYSICIAN, "MMM", 0, id="no-change-would-do"),
        pytest.param(LEAVER, "MBA", 5, id="changes-would-do"),
    ],
)
def test_json_report_has_the_documented_shape(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, persona: str, top: str, changes: int
) -> None:
    """`--format json` prints schema_version 1, top, the margin and whether it is a close call, the
    degrees tied for first, the claims the pick rests on, what the sources do not say, the notes worth
    knowing, all four degrees ranked once (each reason naming its claim), what would change the top
    pick (at most 5), answers, the cited sections by number, sources, rules."""
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(persona_answers(persona)), encoding="utf-8")
    document = ask_json(runner, answers_file)
    assert set(document) == DOCUMENT_KEYS
    assert document["schema_version"] == 1
    assert document["top"] == document["ranking"][0]["degree"] == top
    assert document["answers"] == persona_answers(persona)

    ranking = document["ranking"]
    assert sorted(entry["degree"] for entry in ranking) == sorted(DEGREES)
    names = {d.code: d.name for d in ruleset.degrees}
    claims = {c.id: c for c in ruleset.claims}
    for entry in ranking:
        assert set(entry) == ENTRY_KEYS
        assert entry["name"] == names[entry["degree"]]
        assert isinstance(entry["score"], float)
        assert 0.0 <= entry["score"] <= 100.0
        assert entry["eligibility"] in {"eligible", "not_yet", "ineligible"}
        for reason in entry["reasons"]:
            assert set(reason) == {"text", "claim", "effect", "source", "section", "citation", "rule"}
            assert reason["claim"] in claims
            assert isinstance(reason["text"], str)
            assert reason["text"]
            assert isinstance(reason["effect"], float)
            assert reason["effect"] != 0
            assert reason["source"] in document["sources"]
            assert isinstance(reason["section"], str)
            assert isinstance(reason["citation"], int)
    cited = {c["source"] for entry in ranking for c in entry["reasons"] + entry["eligibility_notes"]}
    assert set(document["sources"]) == cited | {note["source"] for note in document["notes"]}
    for source in document["sources"].values():
        assert set(source) == {"title", "publisher", "url", "ai_written", "provenance"}
    for citation in document["citations"]:
        assert set(citation) == {"number", "source", "section"}
        assert citation["source"] in document["sources"]
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)

    assert isinstance(document["margin"], float)
    assert document["margin"] == round(scores[0] - scores[1], 1)
    assert isinstance(document["close_call"], bool)
    assert document["close_call"] is (document["margin"] < ruleset.scoring.close_call_below)
    # Neither persona ties or rests on one claim: each leads alone, with no claim it hangs on.
    assert document["tied_for_first"] == [top]
    assert document["rests_on"] == []
    assert isinstance(document["unknowns"], list)
    for unknown in document["unknowns"]:
        assert set(unknown) == {"question", "topic", "degrees", "text"}
        assert unknown["question"] in QUESTION_IDS
        assert unknown["question"] in document["answers"]
        assert unknown["degrees"]
        assert set(unknown["degrees"]) <= DEGREES
        assert unknown["topic"] in unknown["text"]
    for note in document["notes"]:
        assert set(note) == {"note", "claim", "degrees", "text", "source", "section", "citation"}
        assert note["claim"] in claims
        assert note["text"]
        assert set(note["degrees"]) <= DEGREES
        assert (note["source"], note["section"]) == tuple(claims[note["claim"]].cite)
    alternatives = document["what_would_change"]
    assert isinstance(alternatives, list)
    assert len(alternatives) == changes <= 5
    for alternative in alternatives:
        assert set(alternative) == {"changes", "new_top", "scores", "text"}
        assert isinstance(alternative["changes"], dict)
        assert alternative["changes"]
        assert set(alternative["changes"]) <= QUESTION_IDS
        assert alternative["new_top"] in DEGREES - {top}
        assert set(alternative["scores"]) == DEGREES
        assert all(isinstance(value, float) for value in alternative["scores"].values())
        assert alternative["scores"][alternative["new_top"]] == max(alternative["scores"].values())
        assert isinstance(alternative["text"], str)
        assert alternative["text"].startswith("If you ")
        assert f", {alternative['new_top']} would rank first (score " in alternative["text"]

    rules = document["rules"]
    assert set(rules) == {"path", "sha256", "builtin"}
    assert re.fullmatch(r"[0-9a-f]{64}", rules["sha256"])
    assert rules["sha256"] == ruleset.sha256
    assert rules["path"] == ruleset.path
    assert rules["builtin"] is True


def test_json_report_with_explain_and_why_not_adds_contributions_and_why_not(
    runner: CliRunner, answers_file: Path
) -> None:
    """`--explain` adds `contributions` to each ranking entry; `--why-not DEGREE` adds a top-level
    `why_not` object; nothing else changes in the document's shape."""
    document = ask_json(runner, answers_file, "--explain", "--why-not", "MBA")
    assert set(document) == DOCUMENT_KEYS | {"why_not"}
    assert isinstance(document["why_not"], dict)
    assert document["why_not"]["degree"] == "MBA"
    for entry in document["ranking"]:
        assert set(entry) == ENTRY_KEYS | {"contributions"}
        assert isinstance(entry["contributions"], list)


@pytest.mark.parametrize("output_format", ["json", "markdown", "text"])
def test_report_is_byte_identical_across_runs(
    runner: CliRunner,
    answers_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    output_format: str,
) -> None:
    """Two runs print the same bytes: the first validates the rules from YAML, the second uses the cache."""
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(tmp_path / "fresh-cache"))
    first = ask(runner, answers_file, "--format", output_format).stdout_bytes
    assert list((tmp_path / "fresh-cache").glob("ruleset-*.json")), "the first run should fill the cache"
    second = ask(runner, answers_file, "--format", output_format).stdout_bytes
    assert first == second


# Markdown and text reports


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


# --rules and schema


def test_rules_copy_gives_the_same_ranking(runner: CliRunner, answers_file: Path, rules_copy: Path) -> None:
    """`--rules DIR` with a copy of the built-in rules ranks the degrees exactly as the built-in rules do."""
    builtin = ask_json(runner, answers_file)
    copied = ask_json(runner, answers_file, "--rules", str(rules_copy))
    assert copied["ranking"] == builtin["ranking"]
    assert copied["top"] == builtin["top"]
    assert copied["rules"] == {
        "path": str(rules_copy.resolve()),
        "sha256": builtin["rules"]["sha256"],
        "builtin": False,
    }


@pytest.mark.parametrize("command", [["ask", "--answers", "-"], ["schema"]], ids=["ask", "schema"])
def test_rules_directory_that_does_not_exist_is_named(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    """`--rules` on a missing directory exits 2 with a message naming the directory."""
    missing = tmp_path / "no-such-rules"
    stdin = json.dumps(persona_answers(PHYSICIAN))
    result = runner.invoke(app, [*command, "--rules", str(missing)], input=stdin)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"degreefit: error: the rule set has a problem:\n  {missing.resolve()}: no such rules directory\n"
    )


def test_schema_describes_exactly_the_questions(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit schema` prints a JSON Schema whose properties are the 10 question ids and schema_version."""
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == QUESTION_IDS | {"schema_version"}
    assert set(schema["properties"]) - {"schema_version"} == {q.id for q in ruleset.questions}
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert ", ".join(schema["required"]) == REQUIRED


# The installed program, as a user runs it


def test_installed_script_reads_answers_from_stdin(tmp_path: Path) -> None:
    """The installed `degreefit` script, run from an unrelated directory, ranks answers piped to it."""
    result = subprocess.run(
        [str(installed_script()), "ask", "--answers", "-", "--format", "json"],
        input=json.dumps(persona_answers(PHYSICIAN)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["top"] == "MMM"
    assert document["rules"]["builtin"] is True
    # The installed package's rules, as its own Python finds them: under `python -m pytest` the
    # checkout is on this process's sys.path, so builtin_rules_dir() here may name the checkout's.
    where = subprocess.run(
        [sys.executable, "-c", "from degreefit.ruleset.load import builtin_rules_dir as d; print(d())"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
        timeout=SUBPROCESS_TIMEOUT,
        check=True,
    )
    assert document["rules"]["path"] == where.stdout.strip()
    assert list((tmp_path / "subprocess-cache").glob("ruleset-*.json")), "the cache should live in tmp_path"


def test_python_dash_m_prints_the_version(tmp_path: Path) -> None:
    """`python -m degreefit --version` prints the same version as the script."""
    result = subprocess.run(
        [sys.executable, "-m", "degreefit", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"degreefit {degreefit.__version__}\n"


def run_installed(args: list[str], tmp_path: Path, **streams: Any) -> subprocess.CompletedProcess[str]:
    """Run the installed script from tmp_path with its cache there; stderr is captured as text."""
    return subprocess.run(
        [str(installed_script()), *args],
        **streams,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )


def start_installed(args: list[str], tmp_path: Path) -> subprocess.Popen[str]:
    """Start the installed script from tmp_path with text pipes for stdin, stdout and stderr."""
    return subprocess.Popen(
        [str(installed_script()), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(tmp_path),
    )


def test_ask_without_answers_never_waits_for_stdin(tmp_path: Path) -> None:
    """`ask` with no --answers and an open, silent stdin pipe exits 2 at once instead of hanging."""
    with start_installed(["ask"], tmp_path) as process:
        try:
            process.wait(timeout=SUBPROCESS_TIMEOUT)  # stdin stays open: reading it would hang here
        finally:
            process.kill()
        stdout, stderr = read_output(process)
    assert process.returncode == 2
    assert stdout == ""
    assert stderr == (
        "degreefit: error: no answers given, and stdin is not a terminal to ask them on: "
        f"pass --answers FILE, or - to read them from stdin (required: {REQUIRED})\n"
    )


def run_with_closed(descriptor: int, args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed script with stdin (0) or stdout (1) closed, as `degreefit ... <&-` does."""
    streams: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": subprocess.PIPE}
    del streams["stdin" if descriptor == 0 else "stdout"]
    return run_installed(args, tmp_path, **streams, preexec_fn=lambda: os.close(descriptor))


@pytest.mark.skipif(os.name == "nt", reason="closing a descriptor before exec is POSIX")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "--answers", "-"], "<stdin>: is closed; pass a file to --answers instead of -"),
        (["batch", "-"], "- reads stdin, but stdin is closed; name the input file instead"),
    ],
    ids=["ask", "batch"],
)
def test_reading_a_closed_stdin_exits_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    """`degreefit ask --answers - <&-` (or `batch -`) says that stdin is closed and exits 2, no traceback."""
    result = run_with_closed(0, args, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"degreefit: error: {message}\n"


@pytest.mark.skipif(os.name == "nt", reason="closing a descriptor before exec is POSIX")
def test_a_closed_stdout_exits_1_unless_nothing_is_printed_there(tmp_path: Path, answers_file: Path) -> None:
    """With stdout closed (`>&-`), a report cannot be shown: exit 1 with one line, no traceback. A
    batch that writes its results to a file (`-o`) needs no stdout and runs as usual."""
    result = run_with_closed(1, ["ask", "--answers", str(answers_file), "--format", "json"], tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "degreefit: error: cannot write the output: stdout is closed\n"

    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps(persona_answers(PHYSICIAN)) + "\n", encoding="utf-8")
    target = tmp_path / "results.jsonl"
    result = run_with_closed(1, ["batch", str(cohort), "-o", str(target)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["top"] == "MMM"


DEV_FULL = Path("/dev/full")


@pytest.mark.skipif(not DEV_FULL.exists(), reason="/dev/full does not exist on this system")
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["ask", "--format", "text"], id="ask-text"),
        pytest.param(["ask", "--format", "json"], id="ask-json"),
        pytest.param(["ask", "--format", "markdown"], id="ask-markdown"),
        pytest.param(["schema"], id="schema"),
        pytest.param(
            ["--version"],
            id="version",
        ),
        pytest.param(
            ["--help"],
            id="help",
        ),
    ],
)
def test_output_that_cannot_be_written_exits_1_with_one_line(
    tmp_path: Path, answers_file: Path, command: list[str]
) -> None:
    """With stdout on a full device (/dev/full), degreefit says it cannot write the output and exits 1,
    without a traceback."""
    options = ["--answers", str(answers_file)] if command[0] == "ask" else []
    with DEV_FULL.open("w") as full:
        result = run_installed([*command, *options], tmp_path, stdin=subprocess.DEVNULL, stdout=full)
    assert result.returncode == 1, result.stderr
    assert result.stderr == "degreefit: error: cannot write the output: No space left on device\n"


@pytest.mark.skipif(os.name == "nt", reason="SIGINT cannot be sent to a console process group here")
def test_ctrl_c_while_waiting_for_stdin_exits_130_quietly(tmp_path: Path) -> None:
    """Ctrl-C while `ask --answers -` waits for stdin exits 130 with a short message and no traceback."""
    with start_installed(["ask", "--answers", "-"], tmp_path) as process:
        try:
            wait_until_reading_stdin(process)
            assert process.poll() is None, "degreefit exited before it was interrupted"
            process.send_signal(signal.SIGINT)
            process.wait(timeout=SUBPROCESS_TIMEOUT)  # stdin stays open: only the signal can end it
        finally:
            process.kill()
        stdout, stderr = read_output(process)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr == "\ndegreefit: interrupted\n"
    assert stdout == ""


@pytest.mark.parametrize(
    ("args", "check"),
    [
        pytest.param(["ask", "--format", "text"], "Best fit: MMM (Master of Medical Management)", id="text"),
        pytest.param(["ask", "--format", "markdown"], "# degreefit: best fit is the MMM", id="markdown"),
        pytest.param(["ask", "--format", "json"], '"top": "MMM"', id="json"),
        pytest.param(["degrees"], "Master of Medical Management", id="degrees"),
        pytest.param(["sources"], "Why Isn't the MMM More Widely Known?", id="sources"),
    ],
)
def test_a_stdout_that_cannot_print_unicode_gets_plain_stand_ins(
    tmp_path: Path, answers_file: Path, args: list[str], check: str
) -> None:
    """With an ASCII-only stdout (LC_ALL=C, PYTHONIOENCODING=ascii) every command prints its
    output, typographic quotes, dots and bullets replaced by plain ones and JSON escaped, never a
    traceback."""
    if args[0] == "ask":
        args = [*args, "--answers", str(answers_file)]
    outputs = []
    for encoding in ("utf-8", "ascii"):
        env = {**subprocess_env(tmp_path), "PYTHONIOENCODING": encoding}
        if encoding == "ascii":
            env |= {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"}
        result = subprocess.run(
            [str(installed_script()), *args],
            capture_output=True,
            cwd=tmp_path,
            env=env,
            timeout=SUBPROCESS_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        assert result.stderr == b""
        outputs.append(result.stdout.decode(encoding))  # ascii: every byte is ASCII
    unicode, output = outputs
    assert check in output
    assert output.count("?") == unicode.count("?"), "a character with no stand-in became '?'"
    if args[:3] == ["ask", "--format", "json"]:
        assert json.loads(output)["ranking"][0]["reasons"]


def test_a_person_every_degree_is_closed_to_is_told_so_not_given_a_best_fit(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """With gates that close every degree to non-clinicians (a rule set `rules check` refuses, but
    `ask --rules` loads), the report names no best fit and says why each is closed; JSON says
    `none_open`. It used to headline "Best fit: MMM ... A clear lead"."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    answers = tmp_path / "manager.json"
    answers.write_text(json.dumps(persona_answers("early-career manager running a hospital's operations")))
    text = runner.invoke(app, ["ask", "--rules", str(rules_copy), "--answers", str(answers)])
    assert text.exit_code == 0, text.output
    first = text.stdout.splitlines()[0]
    assert first.startswith("No degree is open to you: ")
    assert "each ask for something you do not have (below)." in " ".join(text.stdout.split())
    assert "Best fit" not in text.stdout
    assert "A clear lead" not in text.stdout
    document = json.loads(
        runner.invoke(
            app, ["ask", "--rules", str(rules_copy), "--answers", str(answers), "-f", "json"]
        ).stdout
    )
    assert document["none_open"] is True


# Shell completion


def test_show_completion_prints_a_script_for_the_named_shell(tmp_path: Path) -> None:
    """`degreefit --show-completion bash` prints the bash function that completes degreefit."""
    result = run_installed(["--show-completion", "bash"], tmp_path, stdout=subprocess.PIPE)
    assert result.returncode == 0, result.stderr
    assert "_degreefit_completion()" in result.stdout
    assert "_DEGREEFIT_COMPLETE=complete_bash" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("degreefit ru", ["rules"]),
        ("degreefit rules t", ["test"]),
        ("degreefit ask --format ", ["text", "json", "markdown"]),
    ],
)
def test_the_shell_completes_commands_and_choices(tmp_path: Path, words: str, expected: list[str]) -> None:
    """Tab completion (as the installed bash function asks for it) offers commands and option choices."""
    env = {
        **subprocess_env(tmp_path),
        "_DEGREEFIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = subprocess.run(
        [str(installed_script())],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected
