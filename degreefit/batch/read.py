"""Opening a batch's input and reading it as rows, as JSON Lines or CSV: for `batch`, and for
`rules diff --cohort`."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Literal

from degreefit.batch.csvrows import csv_rows
from degreefit.batch.jsonlrows import jsonl_rows
from degreefit.batch.lines import text_lines
from degreefit.batch.rows import Rejected, Row
from degreefit.errors import DegreefitError, assert_never
from degreefit.inputfile import kind_of_file
from degreefit.models import Question
from degreefit.quoting import printable

InputFormat = Literal["jsonl", "csv"]


def format_of(source: str) -> InputFormat:
    """The format an input's name says: CSV for a .csv file (in any case), JSON Lines otherwise."""
    suffix = Path(source).suffix.lower()
    return "csv" if suffix == ".csv" else "jsonl"


_NOT_A_FILE = (
    "is {}, not a file; a cohort is a JSON Lines or CSV file (to read a stream, pipe it in and name "
    "the input -)"
)
# Names of a pipe this process already holds open, as a shell's `<(command)` passes one: its writer
# is running, so reading it ends. A FIFO made with mkfifo may have no writer, and wait for ever.
_OPEN_PIPES = ("/dev/fd/", "/proc/self/fd/", "/dev/stdin")


def open_input(source: str) -> IO[bytes]:
    """The input's bytes: stdin for "-", else the file; a plain message when it cannot be opened.

    Only a regular file is read by name, as the rule loader reads rule files: a device such as
    /dev/zero never ends, and a FIFO nobody writes never starts. A stream is read from stdin, named
    "-" (or a pipe the shell opened for `<(command)`).
    """
    if source == "-":
        if sys.stdin is None:
            raise DegreefitError("- reads stdin, but stdin is closed; name the input file instead")
        return sys.stdin.buffer
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    try:
        _refuse_unless_a_file(source, os.stat(source).st_mode)
        # O_NONBLOCK: a FIFO put in the file's place since the look above would block the open.
        handle = os.open(source, os.O_RDONLY | nonblocking)
    except FileNotFoundError:
        raise DegreefitError(f"{printable(source)}: no such file") from None
    except OSError as err:
        raise DegreefitError(f"{printable(source)}: cannot be read: {err.strerror or err}") from None
    try:
        _refuse_unless_a_file(source, os.fstat(handle).st_mode)
        if nonblocking:
            os.set_blocking(handle, True)
        return os.fdopen(handle, "rb")
    except BaseException:
        os.close(handle)
        raise


def _refuse_unless_a_file(source: str, mode: int) -> None:
    if stat.S_ISREG(mode) or (stat.S_ISFIFO(mode) and source.startswith(_OPEN_PIPES)):
        return
    raise DegreefitError(f"{printable(source)}: {_NOT_A_FILE.format(kind_of_file(mode))}")


@contextlib.contextmanager
def opened_input(source: str) -> Iterator[IO[bytes]]:
    """The input's bytes (see open_input), closed at the end unless they are stdin's."""
    stream = open_input(source)
    try:
        yield stream
    finally:
        if source != "-":
            stream.close()


def read_rows(
    stream: IO[bytes], *, name: str, read_as: InputFormat, questions: dict[str, Question]
) -> Iterator[Row | Rejected]:
    """The rows of the input, read as `read_as` says; a CSV header is read, and checked, here."""
    lines = text_lines(stream)
    match read_as:
        case "csv":
            return csv_rows(lines, name, questions)
        case "jsonl":
            return jsonl_rows(lines, name)
        case _:
            return assert_never(read_as)
