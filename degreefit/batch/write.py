"""Results as lines of text: JSON Lines or CSV behind one small Writer protocol, and a
rejected row as a line of the errors report."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Protocol

from degreefit.batch.rows import REMEMBERED, Rejected, Scored, Verdict


class Writer(Protocol):
    """Writes each scored row as one line of text (after a header, for a format that has one)."""

    def header(self) -> str:
        """The text before the first result ("" for none), with its line ending."""
        ...

    def line(self, result: Scored) -> str:
        """One result as a line, with its line ending."""
        ...


def points(value: float) -> int | float:
    """Points as a person writes them: 2, not 2.0; 2.5 as it is (and 5.4, not 5.4000000000000004,
    for a sum of discounted claims)."""
    value = round(value, 6)
    return int(value) if value.is_integer() else value


class JsonLines:
    """Results as JSON Lines: `{"id": …, "line": …, "top": …, "tied_for_first": […], "goals": {…},
    "costs": {…}, "eligibility": {…}, "decided": …, "close_call": …}`, exactly as json.dumps writes
    that object. `top` is null on a tie and when no degree is open now; `tied_for_first` lists the
    degrees that share first place (the one degree when it leads alone; none when none is open)."""

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(codes)
        self._tails: dict[Verdict, str] = {}

    def header(self) -> str:
        """JSON Lines has no header."""
        return ""

    def line(self, result: Scored) -> str:
        """One result as a line of JSON, with its line ending."""
        tail = self._tails.get(result.verdict) or self._tail(result.verdict)
        shown = result.id if result.id is not None else str(result.line)
        return f'{{"id": {encode_basestring(shown)}, "line": {result.line}, {tail}'

    def _tail(self, verdict: Verdict) -> str:
        text = json.dumps(
            {
                "top": verdict.top or None,
                "tied_for_first": list(verdict.first),
                "goals": {c: points(p) for c, p in zip(self.codes, verdict.goals, strict=True)},
                "costs": {c: points(p) for c, p in zip(self.codes, verdict.costs, strict=True)},
                "eligibility": dict(zip(self.codes, verdict.eligibility, strict=True)),
                "decided": verdict.decided,
                "close_call": verdict.close_call,
            },
            ensure_ascii=False,
        )
        if len(self._tails) >= REMEMBERED:
            self._tails.clear()
        self._tails[verdict] = tail = text[1:] + "\n"
        return tail


class CsvLines:
    """Results as CSV (RFC 4180): a header, then one line a result.

    A field holding a comma, a quote or a line break is quoted, its quotes doubled. (The
    csv module leaves a lone carriage return unquoted when lines end in \\n, which no
    CSV reader reads back.)
    """

    def __init__(self, codes: Iterable[str]) -> None:
        self.codes = tuple(codes)
        self._tails: dict[Verdict, str] = {}

    def header(self) -> str:
        """The columns: id, line, top, tied_for_first (codes joined by a space), goal points, cost
        points and an eligibility for each degree, decided, close_call."""
        columns = [
            "id",
            "line",
            "top",
            "tied_for_first",
            *(f"goals_{c}" for c in self.codes),
            *(f"costs_{c}" for c in self.codes),
            *(f"eligibility_{c}" for c in self.codes),
            "decided",
            "close_call",
        ]
        return ",".join(map(csv_field, columns)) + "\n"

    def line(self, result: Scored) -> str:
        """One result as a CSV line, with its line ending."""
        tail = self._tails.get(result.verdict) or self._tail(result.verdict)
        shown = result.id if result.id is not None else str(result.line)
        return f"{csv_field(shown)},{result.line},{tail}"

    def _tail(self, verdict: Verdict) -> str:
        close = "true" if verdict.close_call else "false"
        fields = [
            verdict.top,
            " ".join(verdict.first),
            *map(points, verdict.goals),
            *map(points, verdict.costs),
            *verdict.eligibility,
            verdict.decided,
            close,
        ]
        if len(self._tails) >= REMEMBERED:
            self._tails.clear()
        self._tails[verdict] = tail = ",".join(csv_field(str(f)) for f in fields) + "\n"
        return tail


_CSV_SPECIAL = frozenset(',"\r\n')
# A spreadsheet reads a cell starting with one of these as a formula (=1+1, @SUM(...), -2+3), also
# after spaces (" =1+1"), or, after a tab or a carriage return, may; a plain number (-2, +1.5) in
# the digits 0-9 is only a number (-٣ is not one).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def csv_field(text: str) -> str:
    """A CSV field: as it is, or quoted when it holds a comma, a quote or a line break.

    Text a spreadsheet would run as a formula starts with ' (which shows it as text): a person
    id such as =HYPERLINK(...) or @SUM(1+1), with spaces before it or not, comes out
    '=HYPERLINK(...) and '@SUM(1+1). A plain number, such as the points and -2, is left as it is.
    """
    head = text.lstrip() if text[:1].isspace() else text
    runs = text.startswith(_FORMULA_STARTS) or head.startswith(_FORMULA_STARTS)
    if runs and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    if _CSV_SPECIAL.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def error_line(rejected: Rejected) -> str:
    """One rejected row as a line of JSON for --errors."""
    return json.dumps({"line": rejected.line, "id": rejected.id, "error": rejected.error}, ensure_ascii=False)
