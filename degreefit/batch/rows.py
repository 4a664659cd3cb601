"""The values a batch passes along: a row read, a row rejected, a verdict and a scored row."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from degreefit.models import Status
from degreefit.quoting import printable

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


def shown_id(row_id: str) -> str:
    """An id as a message names its row: at most 40 characters, and printable (see `printable`)."""
    return printable(row_id if len(row_id) <= 40 else row_id[:37] + "...")
