"""The command line: version, help, --rules, schema, the installed script, Ctrl-C (the report's
formats: tests/formats/)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import degreefit
from degreefit.cli import app
from degreefit.models import RuleSet
from degreefit.quoting import listed
from tests.helpers.cli import QUESTION_IDS, ask, ask_json
from tests.helpers.edits import append, made_up_claim
from tests.helpers.gates import CLOSING_GATES, STUDENTS, gate_yaml, gates_yaml
from tests.helpers.personas import PHYSICIAN, persona_answers
from tests.helpers.process import TIMEOUT, run_degreefit, start_degreefit

REQUIRED = (
    "clinical_status, career_stage, goals, study_format, max_years, wants_research, "
    "recognition_importance, can_reduce_income"
)


def installed(tmp_path: Path) -> dict[str, Any]:
    """How these tests run the installed script: from tmp_path, with its rule-set cache there."""
    return {"script": True, "cwd": tmp_path, "cache": tmp_path / "subprocess-cache"}


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


def test_last_with_nothing_kept_is_one_line_and_exit_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ask --last` before any report was kept says so in one line, exit 2, naming where it looked."""
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(tmp_path / "state"))
    result = runner.invoke(app, ["ask", "--last", "--format", "markdown"])
    assert (result.exit_code, result.stdout) == (2, "")
    where = tmp_path / "state" / "last.json"
    assert result.stderr == (
        f"degreefit: error: --last: no answers are kept from an earlier report ({where} does not exist); "
        "answer the questions with `degreefit ask` first\n"
    )


@pytest.mark.parametrize("other", ["--answers", "--resume"])
def test_last_with_other_answers_is_refused(
    runner: CliRunner, answers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, other: str
) -> None:
    """--last takes every answer from the last report: with --answers or --resume it is refused."""
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(tmp_path / "state"))
    args = [other, str(answers_file)] if other == "--answers" else [other]
    result = runner.invoke(app, ["ask", "--last", *args])
    assert result.exit_code == 2
    assert (
        result.stderr == f"degreefit: error: --last reads the answers of the last report; leave out {other}\n"
    )


def test_a_report_from_an_answers_file_keeps_nothing_for_last(
    runner: CliRunner, answers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answers read from a file are not copied into the state directory (scripts run `ask` so)."""
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(tmp_path / "state"))
    ask(runner, answers_file)
    assert not (tmp_path / "state").exists()


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
    same_paragraph = [(line, following) for line, following in pairwise(description) if line and following]
    assert same_paragraph  # a paragraph longer than a line, or there is nothing to check
    for line, following in same_paragraph:  # the next word did not fit on this line
        assert len(line) + 1 + len(following.split()[0]) > width - 2, (line, following)


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
    """`degreefit schema` prints a JSON Schema whose properties are the 11 question ids (the optional region
    among them, not required) and schema_version."""
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
    result = run_degreefit(
        "ask",
        "--answers",
        "-",
        "--format",
        "json",
        input=json.dumps(persona_answers(PHYSICIAN)),
        **installed(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert document["top"] == "MMM"
    assert document["rules"]["builtin"] is True
    # The installed package's rules, as its own Python finds them: under `python -m pytest` the
    # checkout is on this process's sys.path, so builtin_rules_dir() here may name the checkout's.
    where = run_degreefit(
        code="from degreefit.ruleset.load import builtin_rules_dir as d; print(d())", **installed(tmp_path)
    )
    assert where.returncode == 0, where.stderr
    assert document["rules"]["path"] == where.stdout.strip()
    assert list((tmp_path / "subprocess-cache").glob("ruleset-*.json")), "the cache should live in tmp_path"


def test_python_dash_m_prints_the_version(tmp_path: Path) -> None:
    """`python -m degreefit --version` prints the same version as the script."""
    result = run_degreefit("--version", **{**installed(tmp_path), "script": False})
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"degreefit {degreefit.__version__}\n"


def test_ask_without_answers_never_waits_for_stdin(tmp_path: Path) -> None:
    """`ask` with no --answers and an open, silent stdin pipe exits 2 at once instead of hanging."""
    with start_degreefit("ask", text=True, **installed(tmp_path)) as process:
        try:
            process.wait(timeout=TIMEOUT)  # stdin stays open: reading it would hang here
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
    # The other stream: stdout a pipe to read, or stdin an empty pipe (never a device file).
    streams: dict[str, Any] = (
        {"stdout": subprocess.PIPE} if descriptor == 0 else {"input": "", "stdout": None}
    )
    return run_degreefit(*args, **streams, **installed(tmp_path), preexec_fn=lambda: os.close(descriptor))


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


@pytest.mark.skipif(os.name == "nt", reason="closing a descriptor before exec is POSIX")
@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_closed_stream_leaves_no_file_open_at_exit(tmp_path: Path, answers_file: Path, closed: int) -> None:
    """With stdout closed (`ask --answers F >&-`), or stderr (`2>&-`), and warnings made errors, degreefit
    says what it says and nothing more: no ResourceWarning for a file it opened in their place and left
    open at exit."""
    result = run_degreefit(
        *["ask", "--answers", str(answers_file), "--format", "json"],
        stdout=subprocess.PIPE if closed == 2 else None,
        stderr=subprocess.PIPE if closed == 1 else None,
        env={"PYTHONWARNINGS": "error", "PYTHONDEVMODE": "1"},
        preexec_fn=lambda: os.close(closed),
        **installed(tmp_path),
    )
    if closed == 1:
        assert (result.returncode, result.stderr) == (
            1,
            "degreefit: error: cannot write the output: stdout is closed\n",
        )
    else:
        assert result.returncode == 0
        assert json.loads(result.stdout)["top"] == "MMM"


def no_room_to_write() -> None:
    """Run in the child before it starts (preexec_fn): no regular file may grow past 0 bytes, so a
    write to one fails as on a full disk (with EFBIG, "File too large", where a disk says ENOSPC).
    Python ignores SIGXFSZ, so the write fails instead of killing the process."""
    import resource  # POSIX only

    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


@pytest.mark.skipif(os.name == "nt", reason="file-size limits are POSIX")
@pytest.mark.parametrize(
    "command",
    [
        pytest.param(["ask", "--format", "text"], id="ask-text"),
        pytest.param(["ask", "--format", "json"], id="ask-json"),
        pytest.param(["ask", "--format", "markdown"], id="ask-markdown"),
        pytest.param(["schema"], id="schema"),
        pytest.param(["--version"], id="version"),
        pytest.param(["--help"], id="help"),
    ],
)
def test_output_that_cannot_be_written_exits_1_with_one_line(
    tmp_path: Path, answers_file: Path, command: list[str]
) -> None:
    """With stdout on a file that cannot grow (a full disk, here a file-size limit of 0 bytes, so the
    test writes nothing outside tmp_path), degreefit says it cannot write the output and exits 1,
    without a traceback."""
    options = ["--answers", str(answers_file)] if command[0] == "ask" else []
    output = tmp_path / "output.txt"
    with output.open("w") as stdout:
        result = run_degreefit(
            *command, *options, input="", stdout=stdout, preexec_fn=no_room_to_write, **installed(tmp_path)
        )
    assert result.returncode == 1, result.stderr
    assert result.stderr == "degreefit: error: cannot write the output: File too large\n"
    assert output.read_text(encoding="utf-8") == ""


@pytest.mark.skipif(os.name == "nt", reason="SIGINT cannot be sent to a console process group here")
def test_ctrl_c_while_waiting_for_stdin_exits_130_quietly(tmp_path: Path) -> None:
    """Ctrl-C while `ask --answers -` waits for stdin exits 130 with a short message and no traceback."""
    with start_degreefit("ask", "--answers", "-", text=True, **installed(tmp_path)) as process:
        try:
            wait_until_reading_stdin(process)
            assert process.poll() is None, "degreefit exited before it was interrupted"
            process.send_signal(signal.SIGINT)
            process.wait(timeout=TIMEOUT)  # stdin stays open: only the signal can end it
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
        env = {"PYTHONIOENCODING": encoding}
        if encoding == "ascii":
            env |= {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0"}
        result = run_degreefit(*args, text=False, env=env, **installed(tmp_path))
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
    `none_open`, no top and nothing the pick rests on. It used to headline "Best fit: MMM ... A clear
    lead"."""
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
    assert (document["top"], document["tied_for_first"], document["rests_on"]) == (None, [], [])
    assert document["decided"] == "none_open"
    markdown = runner.invoke(
        app, ["ask", "--rules", str(rules_copy), "--answers", str(answers), "-f", "markdown"]
    ).stdout
    assert markdown.splitlines()[0] == "# degreefit: no degree is open to you"
    assert "best fit is" not in markdown


# Gates, made up for a test, that close the MBA and the MHA to medical students: the MMM and the
# MMed are not open to them yet, so no degree is open to a student now.
STUDENT_GATES = gates_yaml(
    *(
        gate_yaml(
            f"{code.lower()}-closed-to-students",
            "zz-closed",
            code,
            "ineligible",
            STUDENTS,
            "Made up for a test.",
        )
        for code in ("MBA", "MHA")
    )
)


def test_a_person_only_later_degrees_are_open_to_is_told_none_is_open_yet(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """When no degree is open now but some will be, every format says none is open yet and names
    the later paths; none names a best fit; JSON's top is null and `later` lists them."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(STUDENT_GATES, encoding="utf-8")
    answers = tmp_path / "student.json"
    answers.write_text(json.dumps(persona_answers("medical student aiming at pediatrics")), encoding="utf-8")
    outputs = {}
    for fmt in ("text", "markdown", "json"):
        result = runner.invoke(app, ["ask", "--rules", str(rules_copy), "--answers", str(answers), "-f", fmt])
        assert result.exit_code == 0, result.output
        outputs[fmt] = result.stdout
    document = json.loads(outputs["json"])
    later = document["later"]
    assert set(later) == {"MMed", "MMM"}
    assert (document["top"], document["tied_for_first"], document["decided"]) == (None, [], "none_open")
    assert (
        outputs["text"].splitlines()[0]
        == f"No degree is open to you yet. Later paths: {listed(later)} (below)."
    )
    assert (
        outputs["markdown"]
        .splitlines()[0]
        .startswith("# degreefit: no degree is open to you yet; later paths: ")
    )
    for fmt in ("text", "markdown"):
        assert "best fit" not in outputs[fmt].lower()
        assert "Later paths" in outputs[fmt]


# Shell completion


def test_show_completion_prints_a_script_for_the_named_shell(tmp_path: Path) -> None:
    """`degreefit --show-completion bash` prints the bash function that completes degreefit."""
    result = run_degreefit("--show-completion", "bash", **installed(tmp_path))
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
        "_DEGREEFIT_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    result = run_degreefit(env=env, **installed(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == expected
