"""Writing a command's result to stdout: text fitted to what stdout can print, JSON, and
data as UTF-8 whatever the locale says."""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from typing import IO, TextIO, cast

from degreefit.plaintext import can_print, fitted


def write_text(text: str) -> None:
    """Text as written, or with the characters stdout cannot print replaced by plain ones."""
    sys.stdout.write(fitted(text, sys.stdout))
    sys.stdout.flush()


def write_json(document: object) -> None:
    """The document as JSON on stdout (see `json_text`)."""
    sys.stdout.write(json_text(document, sys.stdout))
    sys.stdout.flush()


def json_text(document: object, file: TextIO) -> str:
    """JSON with its characters as they are, or escaped (\\u2019) where `file` cannot print them."""
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if not can_print(text, file):
        text = json.dumps(document, indent=2) + "\n"
    return text


def utf8(stdout: TextIO) -> IO[str]:
    """Stdout for results, which are data: UTF-8 like every input, whatever the locale says
    (`LC_ALL=C` made a non-ASCII id a UnicodeEncodeError); stdout itself when it is UTF-8."""
    buffer = getattr(stdout, "buffer", None)
    if buffer is None or can_print("ë", stdout):
        return stdout
    return cast("IO[str]", Utf8Writer(buffer))


class Utf8Writer(io.TextIOBase):
    """Text written to a byte stream as UTF-8; unlike a TextIOWrapper, it never closes the
    stream under it (stdout outlives it)."""

    def __init__(self, buffer: IO[bytes]) -> None:
        self._buffer = buffer

    def write(self, text: str) -> int:
        self._buffer.write(text.encode("utf-8", "surrogateescape"))
        return len(text)

    def flush(self) -> None:
        self._buffer.flush()


def finish_every_write() -> None:
    """Make every write to stdout finish, or fail.

    With PYTHONUNBUFFERED (or `python -u`), stdout writes straight to its descriptor, and Python
    drops what a short write leaves over: on a disk that fills in the middle of a report the
    report came out cut, with exit 0, and the answers' resume file was forgotten. Here a writer
    that tries again with the rest goes under stdout; the next try fails with the disk's error.
    """
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if not isinstance(stream, io.TextIOWrapper) or not isinstance(raw, io.FileIO):
        return  # buffered (the usual case): its BufferedWriter finishes every write already
    # The wrapper it replaces stays as sys.__stdout__, so `raw` is never closed under this one.
    sys.stdout = io.TextIOWrapper(
        cast("IO[bytes]", WholeWrites(raw)),
        encoding=stream.encoding,
        errors=stream.errors,
        newline=None if os.name == "nt" else "\n",
        line_buffering=stream.line_buffering,
        write_through=True,
    )


class WholeWrites(io.RawIOBase):
    """A descriptor's writes, each finished: what one write leaves over goes in the next."""

    def __init__(self, raw: io.FileIO) -> None:
        self._raw = raw

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._raw.fileno()

    def isatty(self) -> bool:
        return self._raw.isatty()

    def write(self, data: object) -> int:
        view = memoryview(cast("bytes", data)).cast("B")
        done = 0
        while done < len(view):
            written = self._raw.write(view[done:])
            if not written:  # None (it would block) or 0: no progress to be had
                raise OSError(errno.EAGAIN if written is None else errno.EIO, "stdout took no more")
            done += written
        return done
