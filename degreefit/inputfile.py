"""Read an input file (or stdin): its bytes decoded and its JSON parsed, with a message naming the
file for every way the bytes can be wrong. `ask --answers`, the batch's lines, `--last`, the
resume file and the rule files' encoding all go through it; what parsed answers mean is `answers`' job."""

from __future__ import annotations

import json
import math
import stat
import sys
from pathlib import Path

from degreefit.errors import AnswersError
from degreefit.quoting import Unusable, shown

MAX_BYTES = 1024 * 1024  # an answers file is a few hundred bytes; this bounds the work
STDIN = "-"


def kind_of_file(mode: int) -> str:
    """What a path is when it is not a regular file, in the words of a message ("is a folder, not a
    file"): the rule loader and `batch` refuse every such input alike."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def read_source(source: str) -> tuple[str, bytes]:
    """The display name and bytes of an answers file, or of stdin for '-'."""
    if source == STDIN:
        if sys.stdin is None:
            raise AnswersError("<stdin>: is closed; pass a file to --answers instead of -")
        return "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(source)
    try:
        with path.open("rb") as handle:
            return source, handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AnswersError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise AnswersError(f"{source}: is a directory, not an answers file") from None
    except OSError as err:
        raise AnswersError(f"{source}: cannot be read: {err.strerror}") from None


def decode(name: str, data: bytes) -> object:
    """Parse the bytes of an answers file as JSON (a UTF-8 BOM is accepted)."""
    if len(data) > MAX_BYTES:
        raise AnswersError(
            f"{name}: larger than {MAX_BYTES // 1024} KiB; an answers file is a small JSON object"
        )
    wide = wide_encoding(data)
    if wide:  # as UTF-8, its zero bytes read as JSON gone wrong, or its byte order mark as "byte 0"
        raise AnswersError(f"{name}: is {wide} text; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnswersError(f"{name}: not UTF-8 text (byte {err.start})") from None
    return parse(name, text)


# The zero bytes in the first four bytes of JSON text, which begins with two ASCII characters
# (RFC 4627, section 3): 1 where a byte is zero.
_ZEROS: dict[tuple[int, ...], str] = {
    (0, 1, 0, 1): "UTF-16",
    (1, 0, 1, 0): "UTF-16",
    (0, 1, 1, 1): "UTF-32",
    (1, 1, 1, 0): "UTF-32",
}


def wide_encoding(data: bytes) -> str:
    """UTF-16 or UTF-32, named, when the bytes are text in one of those (a byte order mark says so, or
    the zero bytes of ASCII characters do); "" otherwise. The rule loader asks it too."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return _ZEROS.get(tuple(int(byte == 0) for byte in data[:4]), "")


def parse(name: str, text: str) -> object:
    """Parse the text of one answers object as JSON, with the checks `decode` promises."""
    if not text:
        raise AnswersError(f"{name}: is empty; expected a JSON object of answers")
    if not text.strip():
        raise AnswersError(f"{name}: holds only white space; expected a JSON object of answers")
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as err:
        raise AnswersError(
            f"{name}: not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        ) from None
    except _RepeatedKey as err:
        raise AnswersError(f"{name}: key {err} is written twice; keep one") from None
    except RecursionError:
        raise AnswersError(f"{name}: nested too deeply; expected a flat JSON object of answers") from None


def _integer(token: str) -> int | Unusable:
    return int(token) if len(token) <= 30 else Unusable(token)


def _number(token: str) -> float | Unusable:
    value = float(token)
    return value if math.isfinite(value) else Unusable(token)  # 1e400 is not "Infinity"


class _RepeatedKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):  # rare: find the key written twice
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(shown(key))
            seen.add(key)
    return result


# One decoder for every parse: building one costs more than a small answers object's parse.
_DECODER = json.JSONDecoder(
    parse_constant=Unusable, parse_int=_integer, parse_float=_number, object_pairs_hook=_unique_keys
)
