"""Text for a stream that cannot print every character (LC_ALL=C, PYTHONIOENCODING=ascii, cp437).

The reports use typographic quotes, dashes, bullets and the middle dot. On a stream whose
encoding lacks them, each gets a plain stand-in ("·" becomes "-", "“" a straight quote), and any
other character it cannot print becomes "?", so the report is shown instead of a traceback.
"""

from __future__ import annotations

from typing import TextIO

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
