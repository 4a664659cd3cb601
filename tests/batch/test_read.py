"""`degreefit batch` opening its input (batch/read.py): the format from the name or
--input-format, and a missing file named."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.models import RuleSet
from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.batch import (
    batch,
    batch_ok,
    counts_each_persona,
    csv_text,
    jsonl,
    persona_csv_rows,
    persona_rows,
    results,
)
from tests.helpers.personas import PERSONAS
from tests.helpers.process import run_degreefit

BUILTIN = str(builtin_rules_dir())


@pytest.mark.parametrize(
    ("name", "options"),
    [("cohort.csv", []), ("cohort.CSV", []), ("cohort.txt", ["--input-format", "csv"])],
    ids=["by-extension", "upper-case-extension", "input-format-option"],
)
def test_csv_input_scores_like_json_lines(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, name: str, options: list[str]
) -> None:
    """A spreadsheet export of the cohort (BOM, quoted id with a comma, goals joined by `;`, booleans as
    true/false/yes/no in any case, blank lines) scores each person exactly as the JSON Lines file does,
    with each row's physical line number."""
    ids = ["Doe, Jane", "p2", 'Ann "A" Lee', "p4", "p5", "p6"]
    header, rows = persona_csv_rows(ruleset, ids)
    body = csv_text(header, rows).splitlines(keepends=True)
    # Blank lines (empty, white space only) before rows 1, 3 and 6: physical lines shift. (A line of
    # commas only is a row of empty cells: see test_a_row_of_empty_cells_is_counted_and_rejected.)
    lines = [
        body[0],
        "\r\n",
        body[1],
        body[2],
        "   \r\n",
        body[3],
        body[4],
        body[5],
        " \r\n",
        "\r\n",
        body[6],
    ]
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode("utf-8"))

    result = batch_ok(runner, str(path), *options)

    same_as_jsonl = [{"id": i, **answers} for i, (answers, _, _) in zip(ids, PERSONAS.values(), strict=True)]
    expected = results(batch_ok(runner, "-", stdin=jsonl(same_as_jsonl)).stdout)
    scored = results(result.stdout)
    assert [line["line"] for line in scored] == [3, 4, 6, 7, 8, 11]
    assert [{**line, "line": 0} for line in scored] == [{**line, "line": 0} for line in expected]
    assert counts_each_persona(result.stderr), result.stderr


def test_missing_input_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """A batch on a file that does not exist exits 2 with `degreefit: error: FILE: no such file`."""
    missing = tmp_path / "no-such-cohort.jsonl"
    result = batch(runner, str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"degreefit: error: {missing}: no such file\n"


def _degreefit(
    tmp_path: Path, *args: str, stdin: str = "", pass_fds: tuple[int, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run degreefit in a subprocess with its own cache, `stdin` piped to it, under a timeout: a
    hang fails the test."""
    return run_degreefit(*args, input=stdin, cache=tmp_path / "subprocess-cache", pass_fds=pass_fds)


@pytest.mark.parametrize("command", ["batch", "diff"])
def test_an_input_linked_to_what_is_no_file_is_refused_at_once(
    tmp_path: Path, socket_file: Path, command: str
) -> None:
    """`batch LINK` and `rules diff --cohort LINK`, LINK a symbolic link to something that is no file
    (a socket here; a device such as /dev/zero, whose endless zeros they used to read for ever, is
    refused by the same test of the file's kind), stop at once naming the input by its kind, as the
    rule loader names a rule file that is no file."""
    link = tmp_path / "cohort.jsonl"
    link.symlink_to(socket_file)
    if command == "batch":
        done = _degreefit(tmp_path, "batch", str(link))
    else:
        done = _degreefit(tmp_path, "rules", "diff", BUILTIN, BUILTIN, "--cohort", str(link))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"degreefit: error: {link}: is a socket, not a file; a cohort is a JSON Lines or CSV file "
        "(to read a stream, pipe it in and name the input -)"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_input_that_is_a_fifo_nobody_writes_is_refused_at_once(tmp_path: Path) -> None:
    """`batch FIFO` with no writer on the FIFO is refused at once rather than waiting for ever; a
    folder is refused alike."""
    fifo = tmp_path / "cohort.jsonl"
    os.mkfifo(fifo)
    done = _degreefit(tmp_path, "batch", str(fifo))
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        f"degreefit: error: {fifo}: is a FIFO (a named pipe), not a file; a cohort is a JSON Lines or CSV "
        "file (to read a stream, pipe it in and name the input -)\n"
    )
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()
    done = _degreefit(tmp_path, "batch", str(folder))
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"degreefit: error: {folder}: is a folder, not a file;")


def test_stdin_named_with_a_dash_may_be_a_pipe(tmp_path: Path) -> None:
    """`... | degreefit batch -` still reads the pipe: the person named stdin."""
    done = _degreefit(tmp_path, "batch", "-", stdin=jsonl(persona_rows()))
    assert done.returncode == 0, done.stderr
    assert [line["id"] for line in results(done.stdout)] == [row["id"] for row in persona_rows()]


@pytest.mark.skipif(not os.path.isdir("/dev/fd"), reason="needs /dev/fd")
def test_a_pipe_the_shell_opened_is_read(tmp_path: Path) -> None:
    """`degreefit batch <(command)`, which names a pipe the process holds open as /dev/fd/N, still
    reads it: its writer is running, so reading it ends."""
    reading, writing = os.pipe()
    try:
        with os.fdopen(writing, "w", encoding="utf-8") as pipe:
            pipe.write(jsonl(persona_rows()))
        done = _degreefit(tmp_path, "batch", f"/dev/fd/{reading}", pass_fds=(reading,))
    finally:
        os.close(reading)
    assert done.returncode == 0, done.stderr
    assert [line["id"] for line in results(done.stdout)] == [row["id"] for row in persona_rows()]


@pytest.mark.parametrize("command", ["batch", "diff"])
def test_the_input_file_is_closed(tmp_path: Path, command: str) -> None:
    """Under PYTHONWARNINGS=error, neither `batch` nor `rules diff --cohort` leaves its input open
    (an unclosed file was a ResourceWarning at exit)."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    if command == "batch":
        args = ["batch", str(cohort)]
    else:
        args = ["rules", "diff", BUILTIN, BUILTIN, "--cohort", str(cohort)]
    done = run_degreefit(*args, cache=tmp_path / "subprocess-cache", env={"PYTHONWARNINGS": "error"})
    assert done.returncode in (0, 2), done.stderr
    assert "ResourceWarning" not in done.stderr
    assert "Exception ignored" not in done.stderr


def test_rules_diff_names_a_cohort_row_with_its_id_escaped(runner: CliRunner, tmp_path: Path) -> None:
    """`rules diff --cohort` names a row that cannot be ranked with its id's terminal controls escaped."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([{"id": "\x1b[2Ja1\x07"}]), encoding="utf-8")
    result = runner.invoke(app, ["rules", "diff", BUILTIN, BUILTIN, "--cohort", str(cohort)])
    assert "\x1b" not in result.output
    assert f"{cohort}:1 (id \\x1b[2Ja1\\x07)" in result.output


def test_file_names_are_named_escaped_in_batch_messages(runner: CliRunner, tmp_path: Path) -> None:
    """A file name holding terminal controls (ESC ] 0;... BEL retitles a terminal, ESC [2J clears it) is
    named in every batch message with them escaped, as an id is: the input in a row's message, the
    errors report in the last line, an input that is not there, an output that cannot be written, and
    rules diff's cohort."""
    odd = "\x1b]0;pwned\x07\x1b[2J"
    cohort = tmp_path / f"cohort{odd}.jsonl"
    cohort.write_text(jsonl([{"id": "a1"}]), encoding="utf-8")
    shown = str(tmp_path / "cohort\\x1b]0;pwned\\x07\\x1b[2J")
    report = tmp_path / f"errors{odd}.jsonl"
    said = [
        batch(runner, str(cohort)),
        batch(runner, str(cohort), "--errors", str(report)),
        batch(runner, str(tmp_path / f"missing{odd}.jsonl")),
        batch(runner, str(cohort), "-o", f"{cohort}/{odd}"),
        runner.invoke(app, ["rules", "diff", BUILTIN, BUILTIN, "--cohort", str(cohort)]),
    ]
    assert [result.exit_code for result in said] == [2, 2, 2, 1, 2]
    assert ["\x1b" in result.output or "\x07" in result.output for result in said] == [False] * 5
    assert said[0].stderr.startswith(f"degreefit: error: {shown}.jsonl:1 (id a1): missing required answers")
    assert said[1].stderr.endswith(f"(see {tmp_path / 'errors'}\\x1b]0;pwned\\x07\\x1b[2J.jsonl)\n")
    assert (
        said[2].stderr
        == f"degreefit: error: {tmp_path / 'missing'}\\x1b]0;pwned\\x07\\x1b[2J.jsonl: no such file\n"
    )
    assert said[3].stderr == (
        f"degreefit: error: {shown}.jsonl/\\x1b]0;pwned\\x07\\x1b[2J: cannot write: {shown}.jsonl is a file, "
        "not a folder\n"
    )
    assert f"{shown}.jsonl:1 (id a1)" in said[4].output
