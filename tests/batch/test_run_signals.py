"""`degreefit batch` stopped by Ctrl-C, SIGTERM or SIGHUP (batch/run.py):
what was scored is kept, and no temporary file is left."""

from __future__ import annotations

import os
import re
import signal
import time
from pathlib import Path

import pytest

from tests.helpers.batch import (
    jsonl,
    persona_rows,
    read_stderr_until,
    results,
)
from tests.helpers.process import TIMEOUT, start_degreefit


@pytest.mark.skipif(os.name == "nt", reason="SIGINT and select on pipes are POSIX here")
def test_ctrl_c_keeps_the_rows_scored_so_far_in_a_partial_file(tmp_path: Path) -> None:
    """Ctrl-C while a batch waits for more input exits 130 without a traceback, says how many rows were
    done and that the scored ones are in PATH.partial, and that file holds exactly those rows, whole."""
    target = tmp_path / "out" / "results.jsonl"
    partial = Path(f"{target}.partial")
    rows = persona_rows()
    with start_degreefit(
        "batch", "-", "--output", str(target), cwd=tmp_path, cache=tmp_path / "subprocess-cache"
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            # The last row is bad: its error on stderr shows that every row before it has been scored,
            # and the batch is then waiting for the next line of the pipe, which stays open.
            process.stdin.write((jsonl(rows) + "[]\n").encode("utf-8"))
            process.stdin.flush()
            seen = read_stderr_until(process, b"got a list\n", TIMEOUT)
            assert b"<stdin>:7: expected a JSON object" in seen, seen
            time.sleep(0.1)
            assert process.poll() is None, "the batch ended before it was interrupted"
            process.send_signal(signal.SIGINT)
            process.wait(timeout=TIMEOUT)
        finally:
            process.kill()
        stdout = process.stdout.read().decode("utf-8")
        stderr = (seen + read_stderr_until(process, b"\0", 5)).decode("utf-8")

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    last = stderr.splitlines()[-1]
    assert last.startswith("degreefit: interrupted: ")
    assert re.search(r"\b7 rows\b", last), last
    assert f"the 6 rows scored so far are in {partial}" in last
    assert [p.name for p in target.parent.iterdir()] == [partial.name]
    kept = partial.read_text(encoding="utf-8")
    assert kept.endswith("\n")
    lines = results(kept)
    assert [(line["id"], line["line"]) for line in lines] == [(row["id"], n) for n, row in enumerate(rows, 1)]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_keeps_what_was_scored_and_leaves_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    """SIGTERM or SIGHUP while a batch waits for input stops it as Ctrl-C does: the scored rows are in
    PATH.partial, no .tmp file is left, the message says so, and the exit is the shell's for the signal."""
    target = tmp_path / "out" / "results.jsonl"
    rows = persona_rows()
    with start_degreefit(
        "batch", "-", "--output", str(target), cache=tmp_path / "subprocess-cache"
    ) as process:
        assert process.stdin is not None
        try:
            process.stdin.write((jsonl(rows) + "[]\n").encode("utf-8"))
            process.stdin.flush()
            seen = read_stderr_until(process, b"got a list\n", TIMEOUT)
            time.sleep(0.1)
            assert process.poll() is None, "the batch ended before the signal"
            process.send_signal(signum)
            process.wait(timeout=TIMEOUT)
        finally:
            process.kill()
        said = (seen + read_stderr_until(process, b"\0", 5)).decode("utf-8")

    name = signal.Signals(signum).name
    assert process.returncode == 128 + signum, said
    assert "Traceback" not in said
    partial = Path(f"{target}.partial")
    assert said.splitlines()[-1] == (
        f"degreefit: interrupted: stopped by {name} after 7 rows; the 6 rows scored so far are in {partial}"
    )
    assert [p.name for p in target.parent.iterdir()] == [partial.name]
    assert [line["id"] for line in results(partial.read_text(encoding="utf-8"))] == [r["id"] for r in rows]


def waiting_for_input(pid: int, signum: int) -> None:
    """Wait until the batch catches `signum` and sleeps (on its input: it has read every row given),
    as /proc tells on Linux; elsewhere, for a while. No message shows it, with the rows rejected going
    to a file."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        time.sleep(2)
        return
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        caught = int(fields["SigCgt"].strip(), 16) >> (signum - 1) & 1
        if caught and fields["State"].strip().startswith("S"):
            time.sleep(0.1)
            return
        time.sleep(0.02)


SIGNALS = [
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM")
]


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("signum", SIGNALS, ids=[signal.Signals(s).name for s in SIGNALS])
def test_a_signal_keeps_both_outputs_and_names_both(tmp_path: Path, signum: int) -> None:
    """A signal that would end the process (SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM) while a
    batch waits for input, with both --output and --errors given: the scored rows are in OUT.partial,
    the rejected ones in ERRORS.partial, the message names both, no temporary file is left beside
    either, and the exit is the shell's for the signal."""
    target = tmp_path / "out" / "results.jsonl"
    report = tmp_path / "errs" / "errors.jsonl"
    rows = persona_rows()
    with start_degreefit(
        "batch", "-", "--output", str(target), "--errors", str(report), cache=tmp_path / "subprocess-cache"
    ) as process:
        assert process.stdin is not None
        try:
            process.stdin.write((jsonl(rows[:3]) + "[]\n" + jsonl(rows[3:])).encode("utf-8"))
            process.stdin.flush()
            waiting_for_input(process.pid, signum)
            assert process.poll() is None, "the batch ended before the signal"
            process.send_signal(signum)
            process.wait(timeout=TIMEOUT)
        finally:
            process.kill()
        said = read_stderr_until(process, b"\0", 5).decode("utf-8")

    name = signal.Signals(signum).name
    assert process.returncode == 128 + signum, said
    assert "Traceback" not in said
    partial, errors_partial = Path(f"{target}.partial"), Path(f"{report}.partial")
    assert said.splitlines()[-1] == (
        f"degreefit: interrupted: stopped by {name} after 7 rows; the 6 rows scored so far are in {partial}; "
        f"the 1 rejected row so far is in {errors_partial}"
    )
    assert [p.name for p in target.parent.iterdir()] == [partial.name]
    assert [p.name for p in report.parent.iterdir()] == [errors_partial.name]
    assert [line["id"] for line in results(partial.read_text(encoding="utf-8"))] == [r["id"] for r in rows]
    assert [line["line"] for line in results(errors_partial.read_text(encoding="utf-8"))] == [4]


@pytest.mark.skipif(os.name == "nt", reason="SIGUSR1 is POSIX")
@pytest.mark.parametrize("at_row", [1, 3, 6])
def test_a_signal_during_a_row_stops_after_it_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, at_row: int
) -> None:
    """A signal that lands while a row is being scored and written waits until the row is done:
    the kept results hold exactly the rows the message counts, none twice and none lost (a signal
    between a write and its count used to lose a row, or write a chunk twice)."""
    from typer.testing import CliRunner

    from degreefit.batch.score import Scorer
    from degreefit.cli import app

    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    score = Scorer.score
    seen = {"rows": 0}

    def score_then_signal(self: Scorer, row: object) -> object:
        result = score(self, row)  # type: ignore[arg-type]
        seen["rows"] += 1
        if seen["rows"] == at_row:
            os.kill(os.getpid(), signal.SIGUSR1)  # lands here, in the middle of the row
        return result

    monkeypatch.setattr(Scorer, "score", score_then_signal)
    result = CliRunner().invoke(app, ["batch", str(cohort), "-o", str(out)])
    assert result.exit_code == 128 + signal.SIGUSR1, result.output
    assert f"stopped by SIGUSR1 after {at_row} rows" in result.stderr
    kept = Path(f"{out}.partial").read_text(encoding="utf-8").splitlines()
    assert [row["id"] for row in results("\n".join(kept))] == [f"p{n}" for n in range(1, at_row + 1)]
    assert f"the {at_row} row" in result.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
