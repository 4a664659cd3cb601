"""The values a batch passes along: a row read, a row rejected, a verdict and a scored row."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from degreefit.models import Status

if TYPE_CHECKING:  # the readers import this module; the engine is needed only to score
    from degreefit.engine import Decided

ID_KEY = "id"
REMEMBERED = 1 << 16  # verdicts (and their lines) kept for reuse: memory stays bounded


class Row(NamedTuple):
    """One input row: where it is, the person's id if given, and the answers data (or None)."""

    line: int
    id: str | None
    data: object


class Verdict(NamedTuple):
    """What scoring says of a person, read off the engine's one ranking (`Engine.standings`): the
    same for everyone whose answers score alike."""

    top: str  # the degree first on its own; "" on a tie or when no degree is open now
    first: tuple[str, ...]  # the open degrees that share first place (none when none is open)
    goals: tuple[float, ...]  # goal points, in degrees.yaml order
    costs: tuple[float, ...]  # cost points, in degrees.yaml order
    eligibility: tuple[Status, ...]  # in degrees.yaml order
    decided: Decided
    close_call: bool


class Scored(NamedTuple):
    """One row's result."""

    line: int
    id: str | None
    verdict: Verdict


class Rejected(NamedTuple):
    """One row that could not be scored, and why (the message `ask` would give)."""

    line: int
    id: str | None
    error: str


def id_problem(given: str) -> str:
    """Why an id cannot be carried to the output, or "" for the usual id.

    JSON can spell characters no output can hold: NUL (which CSV readers on Python 3.10
    refuse) and half a surrogate pair (which is no character, and cannot be written as UTF-8).
    """
    if "\x00" in given:
        return "holds a NUL character"
    if not given.isascii():
        try:
            given.encode("utf-8")
        except UnicodeEncodeError:
            return "holds a \\u escape of half a surrogate pair, which is no character"
    return ""


def printable(text: str) -> str:
    """Text from the input (an id, a column name) as a message may show it on a terminal: each
    character that does not print escaped, as \\n, \\x1b or \\u202e. Control characters would move the
    cursor, clear the screen or retitle the window; a rule file may hold none, and an id is shown
    as harmlessly."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escaped(ord(char)) for char in text)


_SPELLED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _escaped(code: int) -> str:
    if code in _SPELLED:
        return _SPELLED[code]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown_id(row_id: str) -> str:
    """An id as a message names its row: at most 40 characters, and printable (see `printable`)."""
    return printable(row_id if len(row_id) <= 40 else row_id[:37] + "...")
