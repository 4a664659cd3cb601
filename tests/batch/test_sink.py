"""`degreefit batch` putting results in place (batch/sink.py): a file that appears whole, keeps
its mode and leaves no temporary file; stdout as UTF-8; a full disk loses no row without a count."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.helpers.batch import (
    EXAMPLES,
    batch,
    batch_ok,
    counts_each_persona,
    jsonl,
    persona_rows,
    results,
    summary_totals,
)
from tests.helpers.process import TIMEOUT, run_degreefit


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
    assert counts_each_persona(result.stderr), result.stderr
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert target.read_text(encoding="utf-8") == shown


def test_an_input_name_that_is_not_utf8_is_kept_in_the_errors_report(tmp_path: Path) -> None:
    """A file whose name holds a byte that is not UTF-8 can still be a batch's input: its bad rows go to
    --errors as valid JSON, the byte named as a \\udcXX escape (as every message names a file, its
    controls escaped); exit 2, no traceback."""
    if sys.platform == "darwin":
        pytest.skip("macOS file names are always UTF-8")
    directory = os.fsencode(tmp_path)
    source = directory + b"/cohort-\xff.jsonl"
    with open(source, "wb") as out:
        out.write(b"[]\n")
    report = tmp_path / "errors.jsonl"
    completed = run_degreefit(b"batch", source, b"--errors", os.fsencode(report), text=False)
    assert completed.returncode == 2, completed.stderr
    assert b"Traceback" not in completed.stderr
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["error"].startswith(f"{tmp_path}/cohort-\\udcff.jsonl:1: expected a JSON object")


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["-o", ""], '--output needs a file name ("" names none); without it the results go to stdout'),
        (
            ["--errors", ""],
            '--errors needs a file name ("" names none); without it rejected rows go to stderr',
        ),
    ],
    ids=["output", "errors"],
)
def test_an_empty_file_name_is_refused_naming_the_option(
    runner: CliRunner, tmp_path: Path, given: list[str], said: str
) -> None:
    """`batch in.jsonl -o ""` said "Is a directory" (an empty path is the current folder), and `--errors ""`
    sent rejected rows to stderr unasked: each is one message naming the option and the empty name, exit
    2, before any row is read; an empty INPUT likewise."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort), *given)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"degreefit: error: {said}\n")
    result = batch(runner, "")
    assert (result.exit_code, result.stderr) == (
        2,
        'degreefit: error: INPUT needs a file name ("" names none); - reads stdin\n',
    )


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


class FillingRaw(io.RawIOBase):
    """A file on a disk with `room` bytes left: writes take what fits, then fail as a full disk does."""

    def __init__(self, raw: io.RawIOBase, room: int) -> None:
        super().__init__()
        self._raw = raw
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        taken = self._raw.write(bytes(data)[: self.room]) or 0
        self.room -= taken
        return taken

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:
        self._raw.close()
        super().close()


@pytest.fixture
def full_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[int]]:
    """A folder on a simulated disk that fills up: each file degreefit writes whole there takes
    `room[0]` bytes (0 at first; a test may change it), then fails with ENOSPC, as a real full disk
    does (no device file is used). The folder is empty before and must be empty after."""
    from degreefit.atomicwrite import AtomicFile

    folder = tmp_path / "full"
    folder.mkdir()
    room = [0]
    real_init = AtomicFile.__init__

    def on_a_full_disk(self: AtomicFile, path: Path, **options: Any) -> None:
        real_init(self, path, **options)
        if self.path.parent == folder and not self.in_place:
            text = self.stream
            errors = text.errors
            buffer = text.detach()
            raw = buffer.detach()  # type: ignore[attr-defined]  # a BufferedWriter
            filling = io.BufferedWriter(FillingRaw(raw, room[0]))
            self.stream = io.TextIOWrapper(filling, encoding="utf-8", errors=errors, newline="")

    monkeypatch.setattr(AtomicFile, "__init__", on_a_full_disk)
    return folder, room


def mixed_cohort(path: Path, rows: int) -> list[str]:
    """`rows` people as JSON Lines, every third (p0, p3, ...) rejected for an unknown key; the ids
    rejected."""
    people = persona_rows()
    lines = [
        json.dumps({"id": f"p{n}", "bad": 1} if n % 3 == 0 else {**people[n % 6], "id": f"p{n}"})
        for n in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [f"p{n}" for n in range(0, rows, 3)]


def rejected_on_stderr(stderr: str, cohort: Path) -> list[str]:
    """The ids of the rows whose rejection stderr tells, in the order told."""
    return re.findall(
        rf"^degreefit: error: {re.escape(str(cohort))}:\d+ \(id (p\d+)\): unknown key", stderr, re.M
    )


NO_SPACE = os.strerror(errno.ENOSPC)


def _batch_with_room(
    runner: CliRunner,
    tmp_path: Path,
    full_folder: tuple[Path, list[int]],
    rows: int,
    room: int,
    on_the_disk: str,
) -> tuple[Path, Path, list[str], Result]:
    """A batch of `rows` mixed rows whose file `on_the_disk` (e.jsonl, the errors report, or o.jsonl,
    the results) is on a disk with `room` bytes left, the other beside the cohort (as out.jsonl or
    e.jsonl); checks it exits 1 leaving nothing on that disk. Gives the disk's folder, the cohort, the
    ids of the rows rejected and the result."""
    folder, space = full_folder
    space[0] = room
    cohort = tmp_path / "cohort.jsonl"
    rejected = mixed_cohort(cohort, rows)
    errors = folder / "e.jsonl" if on_the_disk == "e.jsonl" else tmp_path / "e.jsonl"
    output = folder / "o.jsonl" if on_the_disk == "o.jsonl" else tmp_path / "out.jsonl"
    result = batch(runner, str(cohort), "-o", str(output), "--errors", str(errors))
    assert result.exit_code == 1, result.stderr
    assert list(folder.iterdir()) == []
    return folder, cohort, rejected, result


FULL_DISK = pytest.mark.parametrize(
    ("rows", "room"),
    [(30, 0), (30, 1000), (3000, 0), (3000, 100_000)],
    ids=["full", "fills-up", "large-full", "large-fills-up-after-a-chunk"],
)


@FULL_DISK
def test_an_errors_report_on_a_full_disk_falls_back_to_stderr(
    runner: CliRunner, tmp_path: Path, full_folder: tuple[Path, list[int]], rows: int, room: int
) -> None:
    """`--errors FULL/e.jsonl` on a disk that is full (or fills up part way): every rejected row is
    told on stderr instead, each once and in order, those written to the file before it failed
    too; the results are written whole, the summary is shown, no temporary file is left, and the
    batch exits 1 saying where the rejected rows went."""
    folder, cohort, rejected, result = _batch_with_room(runner, tmp_path, full_folder, rows, room, "e.jsonl")
    report, target = folder / "e.jsonl", tmp_path / "out.jsonl"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl", "full", "out.jsonl"]
    assert len(results(target.read_text(encoding="utf-8"))) == rows - len(rejected)
    assert rejected_on_stderr(result.stderr, cohort) == rejected
    assert summary_totals(result.stderr)[:3] == (rows, rows - len(rejected), len(rejected))
    assert result.stderr.splitlines()[-2:] == [
        f"degreefit: error: {report}: cannot write: {NO_SPACE}; the {len(rejected):,} rejected rows are "
        "on stderr above instead",
        f"degreefit: error: {len(rejected):,} rows of {rows:,} rejected (see above)",
    ]


@FULL_DISK
def test_results_on_a_full_disk_still_give_the_errors_report_and_the_summary(
    runner: CliRunner, tmp_path: Path, full_folder: tuple[Path, list[int]], rows: int, room: int
) -> None:
    """`-o FULL/o.jsonl --errors e.jsonl` on a disk that is full (or fills up part way): no results
    file and no temporary file is left on it, nor beside e.jsonl; e.jsonl holds every rejected row;
    the summary is shown; the batch exits 1 saying that the rows scored are not kept."""
    folder, _, rejected, result = _batch_with_room(runner, tmp_path, full_folder, rows, room, "o.jsonl")
    target, report = folder / "o.jsonl", tmp_path / "e.jsonl"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl", "e.jsonl", "full"]
    assert [line["id"] for line in results(report.read_text(encoding="utf-8"))] == rejected
    scored = rows - len(rejected)
    assert summary_totals(result.stderr)[:3] == (rows, scored, len(rejected))
    assert result.stderr.splitlines()[-2:] == [
        f"degreefit: error: {target}: cannot write: {NO_SPACE}; the {scored:,} rows scored are not kept "
        "(the summary above counts them)",
        f"degreefit: error: {len(rejected):,} rows of {rows:,} rejected (see {report})",
    ]


def test_results_and_errors_on_a_full_disk_say_both(
    runner: CliRunner, tmp_path: Path, full_folder: tuple[Path, list[int]]
) -> None:
    """With both files on a full disk, the rejected rows are told on stderr, nothing is left on the
    disk, and both failures are said."""
    folder, _ = full_folder
    cohort = tmp_path / "cohort.jsonl"
    rejected = mixed_cohort(cohort, 30)
    target, report = folder / "o.jsonl", folder / "e.jsonl"

    result = batch(runner, str(cohort), "-o", str(target), "--errors", str(report))

    assert result.exit_code == 1, result.stderr
    assert list(folder.iterdir()) == []
    assert rejected_on_stderr(result.stderr, cohort) == rejected
    assert result.stderr.splitlines()[-3:] == [
        f"degreefit: error: {target}: cannot write: {NO_SPACE}; the 20 rows scored are not kept "
        "(the summary above counts them)",
        f"degreefit: error: {report}: cannot write: {NO_SPACE}; the 10 rejected rows are on stderr above "
        "instead",
        "degreefit: error: 10 rows of 30 rejected (see above)",
    ]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KiB, mounted in a folder of the test's own and filled up (root only:
    skipped elsewhere); unmounted after."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs Linux and root")
    folder = tmp_path / "tmpfs"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        with contextlib.suppress(OSError), (folder / ".filler").open("wb") as filler:
            while True:
                filler.write(b"\0" * 4096)
                filler.flush()  # until the disk is full; closing it then fails too
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.mark.parametrize("full", ["--output", "--errors"])
def test_a_real_full_disk_loses_no_row_and_leaves_no_temporary_file(
    tmp_path: Path, tmpfs: Path, full: str
) -> None:
    """On a real full file system (a tmpfs), in a subprocess: the output on it fails, nothing is left
    on it or beside the other output, and every row is in the other output, on stderr, or counted."""
    cohort = tmp_path / "cohort.jsonl"
    rejected = mixed_cohort(cohort, 30)
    on_disk, elsewhere = tmpfs / "file.jsonl", tmp_path / "kept.jsonl"
    target, report = (on_disk, elsewhere) if full == "--output" else (elsewhere, on_disk)
    done = run_degreefit(
        "batch", str(cohort), "-o", str(target), "--errors", str(report), cache=tmp_path / "c"
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert [p.name for p in tmpfs.iterdir()] == [".filler"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c", "cohort.jsonl", "kept.jsonl", "tmpfs"]
    if full == "--output":
        assert [line["id"] for line in results(report.read_text(encoding="utf-8"))] == rejected
        assert f"{target}: cannot write: {NO_SPACE}; the 20 rows scored are not kept" in done.stderr
    else:
        assert len(results(target.read_text(encoding="utf-8"))) == 20
        assert rejected_on_stderr(done.stderr, cohort) == rejected
        assert f"{report}: cannot write: {NO_SPACE}; the 10 rejected rows are on stderr above" in done.stderr


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
    reader.join(timeout=TIMEOUT)
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
    answers = json.loads((EXAMPLES / "physician-leader.json").read_text())
    answers.pop("schema_version")
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps({"id": "Zoë-ü", **answers}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {"LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    done = run_degreefit(
        "batch", str(cohort), "--format", output_format, text=False, env=env, cache=tmp_path / "c"
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
    env = {"PYTHONIOENCODING": encoding}
    done = run_degreefit(
        "batch", str(cohort), "--format", output_format, text=False, env=env, cache=tmp_path / "c"
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    assert rows
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
