"""Rows of a CSV input: a header of question ids, then one person a record (a line, or more
when a quoted field holds line breaks)."""

from __future__ import annotations

import csv
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import Any

from degreefit.batch.lines import MAX_LINE, WholeInput
from degreefit.batch.rows import ID_KEY, Rejected, Row, id_problem, printable
from degreefit.errors import DegreefitError
from degreefit.kinds import csv_cell
from degreefit.models import Question
from degreefit.spelling import suggestion

# Marks a CSV line that cannot be read (not UTF-8, or too long), followed by why. It starts with
# a lone surrogate, which no decoded line can hold (a NUL could be in the input, and Python
# 3.10's csv module refuses it).
_UNREADABLE = "\udc80unreadable:"


def csv_rows(
    lines: Iterable[tuple[str | None, str]], name: str, questions: dict[str, Question]
) -> Iterator[Row | Rejected]:
    """Rows of a CSV stream whose header names question ids (and optionally `id`).

    A quoted field may hold line breaks (RFC 4180): its record is one row, at the line it starts
    on. A quote that nothing closes rejects its own line only, and reading goes on at the next
    line (a stray quote never swallows the rows after it). The header is read, and checked,
    before the first row is asked for.
    """
    feed = _LineFeed(lines)
    records = _records(feed)
    try:
        for fields in records:
            if isinstance(fields, str):
                why = fields if fields.startswith("cannot be read") else f"cannot be read: {fields}"
                raise DegreefitError(f"{name}:{feed.first}: the header {why}")
            if any(field.strip() for field in fields):
                header = [f.strip() for f in fields]
                break
        else:
            raise DegreefitError(f"{name}: has no header; a CSV cohort starts with a line of question ids")
    except WholeInput as err:
        raise DegreefitError(f"{name}: {err}") from None
    problem = _header_problem(header, questions)
    if problem:
        raise DegreefitError(f"{name}:{feed.first}: {problem}")
    return _csv_records(records, feed, header, name, questions)


class _QuoteLeftOpen(Exception):
    """A quoted field that does not end: it runs to the end of the input, past MAX_LINE
    characters, or into a line that cannot be read."""


_Line = tuple[str | None, str]


class _LineFeed:
    """The lines of the input for the csv reader, counted.

    The reader asks for another line before a record is out only inside a quoted field, which
    may hold line breaks. When that field does not end (see _QuoteLeftOpen) its quote is taken
    for a stray one: the feed refuses, the record's first line is rejected, and the lines after
    it are given again, from the next line on. A line that is not UTF-8 is given as a marker
    (_UNREADABLE and why) that rejects its row.
    """

    def __init__(self, lines: Iterable[_Line]) -> None:
        self._lines = iter(lines)
        self._again: deque[_Line] = deque()  # lines given back, to be read again
        self._held: list[_Line] = []  # the lines after the first of a record still open
        self._size = 0  # their characters
        self.first = 0  # the line the record last read starts on
        self.line = 0  # and the line it ends on
        self.taken = False  # a line was given and its record is not out yet

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.taken:
            return self._more()
        text, problem = self._again.popleft() if self._again else next(self._lines)
        self.line += 1
        self.first = self.line
        self.taken = True
        return text if text is not None else f"{_UNREADABLE}{problem}\n"

    def _more(self) -> str:
        """The next line of a quoted field that goes on over lines."""
        try:
            line = self._again.popleft() if self._again else next(self._lines)
        except StopIteration:
            raise _QuoteLeftOpen from None
        if not self._held:
            self._size = 0
        self._held.append(line)
        text = line[0]
        if text is None or self._size + len(text) > MAX_LINE:
            raise _QuoteLeftOpen
        self._size += len(text)
        self.line += 1
        return text

    def done(self) -> None:
        """The record is out (read, or rejected whole)."""
        self.taken = False
        if self._held:
            self._held.clear()

    def give_back(self) -> None:
        """The record is rejected on its first line alone: the lines after it are read again."""
        self.taken = False
        self._again.extendleft(reversed(self._held))
        self._held.clear()
        self.line = self.first

    @property
    def open(self) -> bool:
        """Whether the record being read has gone on past its first line."""
        return bool(self._held)


_OPEN_QUOTE = (
    'a quote (") opens a field that nothing closes; close the quote, or write "" for a quote inside '
    "a quoted field"
)


def _records(feed: _LineFeed) -> Iterator[list[str] | str]:
    """The records of the input, with why one cannot be read in its place (a quote nothing closes,
    a field over the reader's size limit, NUL on Python 3.10, not UTF-8, too long): it rejects one
    row, not the batch."""
    reader = csv.reader(feed)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except _QuoteLeftOpen:
            feed.give_back()
            yield _OPEN_QUOTE
            continue
        except csv.Error as err:  # the reader has taken that line; it goes on from the next
            if feed.open:  # a quoted field over 128 KiB of lines: a stray quote, most likely
                feed.give_back()
                yield _OPEN_QUOTE
                continue
            feed.done()
            yield f"cannot be read as CSV: {err}"
            continue
        feed.done()
        if fields and fields[0].startswith(_UNREADABLE):
            yield ",".join(fields)[len(_UNREADABLE) :]  # the reason may hold commas
            continue
        yield fields


def _header_problem(header: list[str], questions: dict[str, Question]) -> str:
    """What is wrong with the header ("" when nothing is); a column is named escaped (see
    `printable`), and at most _SHOWN_COLUMNS of them."""
    if "" in header:
        return "the header has an empty column name (a trailing comma?)"
    repeated = sorted(h for h, count in Counter(header).items() if count > 1)
    if repeated:
        return f"the header names a column twice: {_named(repeated)}"
    known = [*questions, ID_KEY, "schema_version"]
    unknown = [h for h in header if h not in known]
    if unknown:
        hinted = [
            f"{h} ({hint})" if (hint := suggestion(h, known, quoted=False)) else h
            for h in unknown[:_SHOWN_COLUMNS]
        ]
        return (
            f"the header names unknown columns: {_named(hinted, len(unknown))}; columns are question "
            f"ids, or {ID_KEY}"
        )
    return ""


_SHOWN_COLUMNS = 10


def _named(columns: list[str], count: int = 0) -> str:
    shown = ", ".join(printable(column) for column in columns[:_SHOWN_COLUMNS])
    more = max(count, len(columns)) - _SHOWN_COLUMNS
    return f"{shown} and {more:,} more" if more > 0 else shown


_EMPTY_ROW = "every cell is empty; fill in the person's answers, or delete the line"


def _csv_records(
    records: Iterator[list[str] | str],
    feed: _LineFeed,
    header: list[str],
    name: str,
    questions: dict[str, Question],
) -> Iterator[Row | Rejected]:
    id_column = header.index(ID_KEY) if ID_KEY in header else None
    for fields in records:
        line = feed.first
        if isinstance(fields, str):
            yield Rejected(line, None, f"{name}:{line}: {fields}")
            continue
        if not any(field.strip() for field in fields):
            if len(fields) > 1:  # not a blank line: a row, of empty cells
                yield Rejected(line, None, f"{name}:{line}: {_EMPTY_ROW}")
            continue
        if len(fields) != len(header):
            row_id = (
                fields[id_column].strip() or None
                if id_column is not None and id_column < len(fields)
                else None
            )
            problem = f"has {len(fields)} fields; the header has {len(header)}"
            if feed.line > line:
                problem += f" (this record goes on to line {feed.line}: a quoted field holds line breaks)"
            yield Rejected(line, row_id, f"{name}:{line}: {problem}")
            continue
        data: dict[str, Any] = {}
        row_id = None
        for column, raw in zip(header, fields, strict=True):
            value = raw.strip()
            if column == ID_KEY:
                row_id = value or None
            elif value:
                data[column] = csv_cell(questions.get(column), value)
        problem = id_problem(row_id) if row_id is not None else ""
        if problem:
            yield Rejected(line, None, f"{name}:{line}: id: {problem}")
            continue
        yield Row(line, row_id, data)
