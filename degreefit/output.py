"""Writing a command's result to stdout: text fitted to what the stream can print, JSON, data as
UTF-8 whatever the locale says, and rich drawings (colour and Unicode on a terminal, plain ASCII
otherwise).

The reports use typographic quotes, dashes, bullets and the middle dot. On a stream whose
encoding lacks them, each gets a plain stand-in ("·" becomes "-", "“" a straight quote), and any
other character it cannot print becomes "?", so the report is shown instead of a traceback.

The render modules (the text report, the catalog views, the batch summary) draw through `show`;
it is the one place that decides between colour and plain. rich is imported only there, so the
JSON paths, which write through this module too, start without it.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sys
from collections.abc import Callable
from functools import cache
from typing import IO, TYPE_CHECKING, Any, TextIO, cast

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console


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


STAND_INS = str.maketrans(
    {
        "·": "-",
        "•": "*",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "−": "-",
        "–": "-",
        "—": "--",
        "…": "...",
        "→": "->",
        "█": "#",
        "░": ".",
        "\u00a0": " ",
    }
)


def encoding_of(stream: TextIO) -> str:
    """The encoding a stream writes in (UTF-8 when it does not say)."""
    return getattr(stream, "encoding", None) or "utf-8"


def can_print(text: str, stream: TextIO) -> bool:
    """Whether the stream's encoding has every character of `text`."""
    try:
        text.encode(encoding_of(stream))
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def fitted(text: str, stream: TextIO) -> str:
    """`text` as the stream can print it: unchanged when it can, else with plain stand-ins."""
    if can_print(text, stream):
        return text
    encoding = encoding_of(stream)
    try:
        return text.translate(STAND_INS).encode(encoding, errors="replace").decode(encoding)
    except LookupError:
        return text.translate(STAND_INS).encode("ascii", errors="replace").decode("ascii")


@cache
def plain_box() -> Box:
    """rich's SIMPLE box drawn with ASCII: a rule under the header and nothing else."""
    from rich import box

    return box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


def show(file: TextIO, draw: Callable[[Console, bool], None], *, least_width: int = 0) -> None:
    """Draw on a terminal with colour and Unicode; otherwise plain: ASCII, no escape codes,
    no trailing spaces (rich pads every line to the width).

    Below `least_width` columns (COLUMNS=10) the drawing is as wide as that all the same: a
    terminal wraps its long lines, where rich, drawing narrower, would cut words to "Yo…".
    """
    from rich.console import Console

    probe = Console(file=file)
    width = max(probe.width, least_width)
    # Text from the rule set is printed as written: `[/]` or `[bold]` in a name is no markup.
    literal: dict[str, Any] = {"highlight": False, "markup": False, "emoji": False}
    if probe.is_terminal and not os.environ.get("NO_COLOR") and can_print("█░•“”·−", file):
        draw(Console(file=file, width=width, **literal), True)
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=width, no_color=True, force_terminal=False, **literal), False)
    plain = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    file.write(fitted(plain, file))
