"""Rows of a CSV input: a header of question ids, then one person a line."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from degreefit.batch.lines import WholeInput
from degreefit.batch.rows import ID_KEY, Rejected, Row, id_problem
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

    A row is one line: a quoted field left open at the end of its line rejects that row, and
    reading goes on at the next line (a stray quote never swallows the rows after it). The
    header is read, and checked, before the first row is asked for.
    """
    feed = _LineFeed(lines)
    records = _records(feed)
    try:
        for fields in records:
            if isinstance(fields, str):
                why = fields if fields.startswith("cannot be read") else f"cannot be read: {fields}"
                raise DegreefitError(f"{name}:{feed.line}: the header {why}")
            if any(field.strip() for field in fields):
                header = [f.strip() for f in fields]
                break
        else:
            raise DegreefitError(f"{name}: has no header; a CSV cohort starts with a line of question ids")
    except WholeInput as err:
        raise DegreefitError(f"{name}: {err}") from None
    problem = _header_problem(header, questions)
    if problem:
        raise DegreefitError(f"{name}:{feed.line}: {problem}")
    return _csv_records(records, feed, header, name, questions)


class _QuoteLeftOpen(Exception):
    """The csv reader asked for the next line before the record of this one was out."""


class _LineFeed:
    """The lines of the input for the csv reader, one record a line, counted.

    The reader asks for another line only inside a quoted field: the feed then refuses
    (_QuoteLeftOpen), so that the record is rejected and the next line starts afresh. A line
    that is not UTF-8 is given as a marker (_UNREADABLE and why) that rejects its row.
    """

    def __init__(self, lines: Iterable[tuple[str | None, str]]) -> None:
        self._lines = iter(lines)
        self.line = 0  # the line of the record last read
        self.taken = False  # a line was given and its record is not out yet

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.taken:
            self.taken = False
            raise _QuoteLeftOpen
        text, problem = next(self._lines)
        self.line += 1
        self.taken = True
        return text if text is not None else f"{_UNREADABLE}{problem}\n"


_OPEN_QUOTE = (
    'a quote (") opens a field that the line does not close; a row is one line: close the quote, '
    'or write "" for a quote inside a quoted field'
)


def _records(feed: _LineFeed) -> Iterator[list[str] | str]:
    """The records of the input, one a line, with why a line cannot be read in its place (a
    quote left open, a field over the reader's size limit, NUL on Python 3.10, not UTF-8, too
    long): it rejects one row, not the batch."""
    reader = csv.reader(feed)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except _QuoteLeftOpen:
            yield _OPEN_QUOTE
            continue
        except csv.Error as err:  # the reader has taken that line; it goes on from the next
            feed.taken = False
            yield f"cannot be read as CSV: {err}"
            continue
        feed.taken = False
        if fields and fields[0].startswith(_UNREADABLE):
            yield ",".join(fields)[len(_UNREADABLE) :]  # the reason may hold commas
            continue
        yield fields


def _header_problem(header: list[str], questions: dict[str, Question]) -> str:
    if "" in header:
        return "the header has an empty column name (a trailing comma?)"
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        return f"the header names a column twice: {', '.join(repeated)}"
    known = [*questions, ID_KEY, "schema_version"]
    unknown = [h for h in header if h not in known]
    if unknown:
        named = ", ".join(
            f"{h} ({hint})" if (hint := suggestion(h, known, quoted=False)) else h for h in unknown
        )
        return f"the header names unknown columns: {named}; columns are question ids, or {ID_KEY}"
    return ""


def _csv_records(
    records: Iterator[list[str] | str],
    feed: _LineFeed,
    header: list[str],
    name: str,
    questions: dict[str, Question],
) -> Iterator[Row | Rejected]:
    id_column = header.index(ID_KEY) if ID_KEY in header else None
    for fields in records:
        line = feed.line
        if isinstance(fields, str):
            yield Rejected(line, None, f"{name}:{line}: {fields}")
            continue
        if not any(field.strip() for field in fields):
            continue  # a blank line
        if len(fields) != len(header):
            row_id = (
                fields[id_column].strip() or None
                if id_column is not None and id_column < len(fields)
                else None
            )
            problem = f"has {len(fields)} fields; the header has {len(header)}"
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
