"""Writing a command's result to stdout: text fitted to what stdout can print, JSON, and
data as UTF-8 whatever the locale says."""

from __future__ import annotations

import io
import json
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
