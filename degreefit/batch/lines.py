"""The input's bytes as lines of text: UTF-8 only, one bad line one rejected row."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import IO

from degreefit.inputfile import MAX_BYTES

MAX_LINE = MAX_BYTES  # a row is one answers object: no longer than an answers file may be


class WholeInput(Exception):
    """The input as a whole cannot be read as rows (it is UTF-16, say): the reader names it."""


# What ends a line: LF, CRLF, or a lone CR (old Mac files, some exports), as editors count lines.
_LINE_ENDS = ("\n", "\r")
# Byte order marks of the encodings a UTF-8 reader sees as noise (as decoded with surrogateescape).
_OTHER_BOMS = (
    ("\udcff\udcfe\x00\x00", "UTF-32"),
    ("\x00\x00\udcfe\udcff", "UTF-32"),
    ("\udcff\udcfe", "UTF-16"),
    ("\udcfe\udcff", "UTF-16"),
)


_SAVE = "batch reads UTF-8: save it as UTF-8 (a spreadsheet's 'CSV UTF-8')"


def text_lines(stream: IO[bytes]) -> Iterator[tuple[str | None, str]]:
    """Each line of a byte stream as text, or None and why it cannot be (not UTF-8, or longer
    than MAX_LINE): one bad line is one rejected row, not a stopped batch.

    LF, CRLF and a lone CR each end a line. A line is read at most MAX_LINE characters at a
    time, so one huge line cannot fill memory. A file in UTF-16 or UTF-32 (told by its byte
    order mark, or without one by the zero bytes of its first line) is refused as a whole
    (WholeInput): its every line would be rejected.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    try:
        readline = text.readline
        line = readline(MAX_LINE + 1)
        if line.startswith("\ufeff"):
            line = line[1:]
        for mark, encoding in _OTHER_BOMS:
            if line.startswith(mark):
                raise WholeInput(f"is {encoding} text (it starts with a {encoding} byte order mark); {_SAVE}")
        encoding = _wide_encoding(line)
        if encoding:
            raise WholeInput(
                f"is {encoding} text (without a byte order mark: its first line has zero bytes between "
                f"the letters); {_SAVE}"
            )
        while line:
            if len(line) > MAX_LINE and not line.endswith(_LINE_ENDS):
                while (rest := readline(MAX_LINE)) and not rest.endswith(_LINE_ENDS):
                    pass  # skip the rest of the line
                yield None, f"longer than {MAX_LINE // 1024} KiB; a row holds one person's answers"
            elif line.isascii():
                yield line, ""
            else:
                yield _checked(line)
            line = readline(MAX_LINE + 1)
    finally:
        with contextlib.suppress(ValueError):  # closed already
            text.detach()  # leave the stream open: it may be stdin


def _checked(line: str) -> tuple[str | None, str]:
    """A line holding more than ASCII: as it is, or None and why (bytes not UTF-8, too long)."""
    try:
        size = len(line.encode("utf-8"))
    except UnicodeEncodeError as err:  # surrogateescape kept a byte that is not UTF-8
        return None, f"not UTF-8 text (byte {len(line[: err.start].encode('utf-8'))})"
    if size > MAX_LINE + 2:  # the line end aside
        return None, f"longer than {MAX_LINE // 1024} KiB; a row holds one person's answers"
    return line, ""


def _wide_encoding(line: str) -> str:
    """Which of UTF-16 and UTF-32 a first line without a byte order mark is written in (its ASCII
    letters each one byte, with one or three zero bytes beside it), or "" for neither."""
    if "\x00" not in line:
        return ""
    sample = line.rstrip("\r\n")[:64]
    zeros = [at for at, char in enumerate(sample) if char == "\x00"]
    if len(sample) < 4:
        return ""
    if 4 * len(zeros) >= len(sample) and len({at % 2 for at in zeros}) == 1:
        return "UTF-16"  # the zeros all on one side of the letters
    if 2 * len(zeros) >= len(sample) and any(all(at % 4 != k for at in zeros) for k in range(4)):
        return "UTF-32"  # the zeros on three sides: each fourth byte, a letter, is never zero
    return ""
