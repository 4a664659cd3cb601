"""`degreefit batch` putting results in place (batch/sink.py): a file that appears whole, keeps
its mode and leaves no temporary file; stdout as UTF-8."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from test_batch import (
        SUBPROCESS_TIMEOUT,
        batch,
        batch_ok,
        jsonl,
        persona_rows,
        persona_tops,
        results,
        summary_counts,
    )
else:
    from tests.test_batch import (
        SUBPROCESS_TIMEOUT,
        batch,
        batch_ok,
        jsonl,
        persona_rows,
        persona_tops,
        results,
        summary_counts,
    )


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_output_file_appears_whole_with_nothing_on_stdout(
    runner: CliRunner, tmp_path: Path, output_format: str
) -> None:
    """`--output PATH` writes to PATH exactly what stdout would have shown, leaves no temporary file
    beside it, prints nothing on stdout and the summary on stderr."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    shown = batch_ok(runner, str(cohort), "--format", output_format).stdout
    target = tmp_path / "out" / f"results.{output_format}"

    result = batch_ok(runner, str(cohort), "--format", output_format, "--output", str(target))
    assert result.stdout == ""
    assert summary_counts(result.stderr) == persona_tops()
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert target.read_text(encoding="utf-8") == shown


def test_an_input_name_that_is_not_utf8_is_kept_in_the_errors_report(tmp_path: Path) -> None:
    """A file whose name holds a byte that is not UTF-8 can still be a batch's input: its bad rows go to
    --errors as valid JSON, the byte written as a \\udcXX escape; exit 2, no traceback."""
    if sys.platform == "darwin":
        pytest.skip("macOS file names are always UTF-8")
    directory = os.fsencode(tmp_path)
    source = directory + b"/cohort-\xff.jsonl"
    with open(source, "wb") as out:
        out.write(b"[]\n")
    report = tmp_path / "errors.jsonl"
    completed = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"degreefit",
            b"batch",
            source,
            b"--errors",
            os.fsencode(report),
        ],
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert completed.returncode == 2, completed.stderr
    assert b"Traceback" not in completed.stderr
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["error"].startswith(f"{tmp_path}/cohort-\udcff.jsonl:1: expected a JSON object")


def test_results_that_cannot_be_written_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    """An --output path that cannot be created (its folder is a file) exits 1, as `ask` does when it
    cannot write, naming the path."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "results.jsonl"
    result = batch(runner, str(cohort), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"degreefit: error: {target}: cannot write")


class FullDisk(io.StringIO):
    """A file that takes a few writes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, text: str) -> int:
        self.room -= 1
        if self.room < 0:
            raise OSError(28, "No space left on device")
        return super().write(text)


def test_a_disk_that_fills_up_leaves_no_half_written_results(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing the results fails part way (the disk fills up), the batch exits 1 naming the
    file it cannot write, and leaves neither the results file nor a temporary file behind."""
    from degreefit.batch.sink import Sink

    real_init = Sink.__init__

    def filling_up(self: Sink, path: str | None, stdout: Any, **options: Any) -> None:
        real_init(self, path, stdout, **options)
        if path is not None:
            self.stream.close()
            self.stream = FullDisk(room=3)

    monkeypatch.setattr(Sink, "__init__", filling_up)
    cohort_file = tmp_path / "cohort.jsonl"
    cohort_file.write_text(jsonl(persona_rows()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "results.jsonl"
    result = batch(runner, str(cohort_file), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"degreefit: error: {target}: cannot write: No space left on device\n"
    assert list(out.iterdir()) == []


def test_an_output_that_is_a_symlink_writes_the_file_it_names(runner: CliRunner, tmp_path: Path) -> None:
    """`-o link` where link points at a file writes that file and leaves the link a link."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    batch_ok(runner, str(cohort), "-o", str(link))
    assert link.is_symlink()
    assert len(results(real.read_text(encoding="utf-8"))) == 6


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_output_that_is_a_pipe_is_written_not_replaced(runner: CliRunner, tmp_path: Path) -> None:
    """`-o` naming a pipe (a FIFO, /dev/stdout) writes into it, and it stays a pipe: a rename would
    have replaced it with a regular file that its reader never sees."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received: list[str] = []

    def read_all() -> None:
        with fifo.open(encoding="utf-8") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    batch_ok(runner, str(cohort), "-o", str(fifo))
    reader.join(timeout=SUBPROCESS_TIMEOUT)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [line["id"] for line in results(received[0])] == [row["id"] for row in persona_rows()]


@pytest.mark.parametrize("which", ["--output", "--errors"])
def test_an_output_that_cannot_be_made_leaves_no_temporary_file(
    runner: CliRunner, tmp_path: Path, which: str
) -> None:
    """An --output or --errors that is a folder, or lies under a file, exits 1 naming it, and no
    temporary file is left beside either output."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-folder").mkdir()
    good, bad = str(out / "good.jsonl"), str(out / "a-folder")
    args = ["-o", bad, "--errors", good] if which == "--output" else ["-o", good, "--errors", bad]
    result = batch(runner, str(cohort), *args)
    assert result.exit_code == 1
    assert result.stderr == f"degreefit: error: {bad}: cannot write: Is a directory\n"
    assert sorted(p.name for p in out.iterdir()) == ["a-folder"]


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_a_rewritten_output_keeps_its_permissions(runner: CliRunner, tmp_path: Path, option: str) -> None:
    """An output or errors file made private (0600) stays 0600 when a batch writes it again."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    target = tmp_path / "private.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)

    result = batch(runner, str(cohort), option, str(target))

    assert result.exit_code == 2, result.stderr  # the [] row is rejected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old\n"


@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_an_output_named_as_a_folder_writes_no_file(runner: CliRunner, tmp_path: Path, option: str) -> None:
    """`-o out/` (a folder that is not there) is refused naming it, rather than writing a file `out`."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    folder = f"{tmp_path / 'out'}/"
    result = batch(runner, str(cohort), option, folder)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"degreefit: error: {folder}: cannot write: No such directory; name a file, not a folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl"]


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_results_are_utf8_whatever_the_locale_says(tmp_path: Path, output_format: str) -> None:
    """With stdout set to ASCII (LC_ALL=C, PYTHONIOENCODING=ascii), a non-ASCII id reaches the
    results whole, as UTF-8 like the input; it was a UnicodeEncodeError traceback."""
    answers = json.loads(
        (Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json").read_text()
    )
    answers.pop("schema_version")
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps({"id": "Zoë-ü", **answers}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "LC_ALL": "C",
        "PYTHONIOENCODING": "ascii",
        "DEGREEFIT_CACHE_DIR": str(tmp_path / "c"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "degreefit", "batch", str(cohort), "--format", output_format],
        capture_output=True,
        env=env,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert "Zoë-ü" in done.stdout.decode("utf-8")


@pytest.mark.parametrize("encoding", ["cp1252", "cp437", "latin-1", "euc_jp"])
@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_results_are_utf8_on_a_stdout_that_cannot_write_every_id(
    tmp_path: Path, output_format: str, encoding: str
) -> None:
    """With stdout in an encoding that has ë but not 王 (PYTHONIOENCODING=cp1252, cp437, latin-1,
    euc_jp), the results are still written whole, as UTF-8; it was a UnicodeEncodeError after the
    header."""
    rows = [{**row, "id": f"王{n}" if n % 2 else f"Zoë{n}"} for n, row in enumerate(persona_rows())]
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(rows), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "DEGREEFIT_CACHE_DIR": str(tmp_path / "c")}
    done = subprocess.run(
        [sys.executable, "-m", "degreefit", "batch", str(cohort), "--format", output_format],
        capture_output=True,
        env=env,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    for row in rows:
        assert row["id"] in text


@pytest.mark.parametrize("option", ["--output", "--errors"])
@pytest.mark.parametrize("under", ["a-file/results.jsonl", "a-file/deeper/results.jsonl"])
def test_an_output_under_a_file_names_the_file_in_the_way(
    runner: CliRunner, tmp_path: Path, option: str, under: str
) -> None:
    """`-o afile/x` (or --errors), afile a file, says "afile is a file, not a folder", as
    `--save-answers` does, rather than "File exists"; nothing is left behind."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    blocking = tmp_path / "a-file"
    blocking.write_text("mine\n", encoding="utf-8")
    target = tmp_path / under
    result = batch(runner, str(cohort), option, str(target))
    assert result.exit_code == 1
    assert result.stderr == f"degreefit: error: {target}: cannot write: {blocking} is a file, not a folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "cohort.jsonl"]
    assert blocking.read_text(encoding="utf-8") == "mine\n"


def test_output_dash_writes_to_stdout(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-o -` writes the results to stdout, as leaving -o out does, not to a file named `-`."""
    monkeypatch.chdir(tmp_path)
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    expected = batch_ok(runner, str(cohort)).stdout
    result = batch_ok(runner, str(cohort), "-o", "-")
    assert result.stdout == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl"]


def test_errors_dash_is_refused(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--errors -` is refused, saying where rejected rows go without it, rather than writing a file `-`."""
    monkeypatch.chdir(tmp_path)
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort), "--errors", "-")
    assert result.exit_code == 2
    assert result.stderr == (
        "degreefit: error: --errors names a file for the rejected rows; without it they go to stderr "
        "(- is no file name here)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl"]
