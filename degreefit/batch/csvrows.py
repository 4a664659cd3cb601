"""Rows of a CSV input: a header of question ids, then one person a record (a line, or more
when a quoted field holds line breaks)."""

from __future__ import annotations

import csv
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from typing import IO, Any

from degreefit.batch.lines import MAX_LINE, WholeInput
from degreefit.batch.rows import ID_KEY, Rejected, Row, id_problem
from degreefit.errors import DegreefitError
from degreefit.kinds import csv_cell
from degreefit.models import Question
from degreefit.quoting import printable, suggestion

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
    line (a stray quote never swallows the rows after it). A record too long to be a row is
    rejected whole, as one row naming the lines it covers: none of its lines is read as a person.
    The header is read, and checked, before the first row is asked for.
    """
    feed = _LineFeed(lines)
    records = _records(feed)
    try:
        header = _header(records, feed, name)
    except BaseException:
        feed.close()
        raise
    problem = _header_problem(header, questions)
    if problem:
        feed.close()
        raise DegreefitError(f"{name}:{feed.first}: {problem}")
    return _csv_records(records, feed, header, name, questions)


def _header(records: Iterator[list[str] | str], feed: _LineFeed, name: str) -> list[str]:
    """The header's column names, stripped (the first record that is not blank)."""
    try:
        for fields in records:
            if isinstance(fields, str):
                why = fields if fields.startswith("cannot be read") else f"cannot be read: {fields}"
                raise DegreefitError(f"{name}:{feed.first}: the header {why}")
            if any(field.strip() for field in fields):
                return [f.strip() for f in fields]
    except WholeInput as err:
        raise DegreefitError(f"{name}: {err}") from None
    raise DegreefitError(f"{name}: has no header; a CSV cohort starts with a line of question ids")


class _QuoteLeftOpen(Exception):
    """A quoted field that does not end: it runs to the end of the input, or into a line that
    cannot be read."""


class _TooLong(Exception):
    """A record over lines longer than MAX_LINE characters in all: longer than any row."""


_Line = tuple[str | None, str]


class _LineFeed:
    """The lines of the input for the csv reader, counted.

    The reader asks for another line before a record is out only inside a quoted field, which
    may hold line breaks. When that field does not end (see _QuoteLeftOpen) its quote is taken
    for a stray one: the feed refuses, the record's first line is rejected, and the lines after
    it are given again, from the next line on. A record the reader cannot hold (longer than
    MAX_LINE, or a field over its limit) is read on to its end by `skip`, without keeping it in
    memory. A line that is not UTF-8 is given as a marker (_UNREADABLE and why) that rejects
    its row.
    """

    def __init__(self, lines: Iterable[_Line]) -> None:
        self._lines = iter(lines)
        self._again: deque[Iterator[_Line]] = deque()  # lines given back, to be read again
        self._held: list[_Line] = []  # the lines after the first of a record still open
        self._size = 0  # their characters
        self._first_text = ""  # the first line of the record being read, as the reader got it
        self.first = 0  # the line the record last read starts on
        self.line = 0  # and the line it ends on
        self.taken = False  # a line was given and its record is not out yet
        self.lost = ""  # why the lines of a record skipped could not be kept (see `skip`)

    def __iter__(self) -> _LineFeed:
        return self

    def __next__(self) -> str:
        if self.taken:
            return self._more()
        text, problem = self._pull()
        self.line += 1
        self.first = self.line
        self.taken = True
        self._first_text = text if text is not None else f"{_UNREADABLE}{problem}\n"
        return self._first_text

    def _pull(self) -> _Line:
        """The next line: one given back first, else the input's next (StopIteration at its end)."""
        while self._again:
            line = next(self._again[0], None)
            if line is not None:
                return line
            self._again.popleft()
        return next(self._lines)

    def _more(self) -> str:
        """The next line of a quoted field that goes on over lines."""
        try:
            line = self._pull()
        except StopIteration:
            raise _QuoteLeftOpen from None
        if not self._held:
            self._size = 0
        self._held.append(line)
        text = line[0]
        if text is None:
            raise _QuoteLeftOpen
        if self._size + len(text) > MAX_LINE:
            raise _TooLong
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
        if self._held:
            self._again.appendleft(iter(self._held))
            self._held = []
        self.line = self.first

    def skip(self) -> int | None:
        """Read the record begun at line `first` to its end, keeping at most MAX_LINE characters of
        it in memory (the rest in a temporary file): the line it ends on, the record rejected whole.
        None when its quote runs to the end of the input, or into a line that cannot be read: a
        stray quote, whose lines after the first are given back (as `give_back`). When they could
        not be kept (`lost` says why), the line the input ends on: the record is rejected whole."""
        scan = _QuoteScan()
        ended = scan.ends(self._first_text)
        taken, self._held = self._held, []
        kept = _Kept()
        count = 0  # lines of the record after its first
        try:
            while not ended:
                try:
                    line = taken[count] if count < len(taken) else self._pull()
                except StopIteration:
                    break
                kept.add(line)
                count += 1
                if line[0] is None:
                    break
                ended = scan.ends(line[0])
        except BaseException:
            kept.close()
            raise
        self.taken = False
        if ended or kept.lost:
            kept.close()
            self.lost = "" if ended else kept.lost
            self.line = self.first + count
            return self.line
        self._again.appendleft(kept.lines())
        self.line = self.first
        return None

    def close(self) -> None:
        """Remove what `skip` keeps of lines to be read again."""
        for lines in self._again:
            close = getattr(lines, "close", None)
            if close is not None:
                close()
        self._again.clear()

    @property
    def open(self) -> bool:
        """Whether the record being read has gone on past its first line."""
        return bool(self._held)


class _QuoteScan:
    """Where a record ends, read as the csv reader reads it (a quote opens a quoted field only at
    the start of a field; "" inside one is a quote; a line break ends the record outside one)."""

    def __init__(self) -> None:
        self.quoted = False
        self.starting = True  # at the start of a field

    def ends(self, text: str) -> bool:
        """Read one more line of the record (with its line break): whether the record ends there."""
        at, size = 0, len(text)
        while at < size:
            if self.quoted:
                quote = text.find('"', at)
                if quote < 0:
                    return False  # the line break is in the field too
                if text.startswith('"', quote + 1):
                    at = quote + 2
                    continue
                self.quoted, self.starting, at = False, False, quote + 1
            elif self.starting and text[at] == '"':
                self.quoted, at = True, at + 1
            else:
                comma = text.find(",", at)
                if comma < 0:
                    return True
                self.starting, at = True, comma + 1
        return not self.quoted


class _Kept:
    """Lines of a record kept to be read again: in memory up to MAX_LINE characters, then in a
    temporary file (removed once read, or closed). When the file cannot be written, `lost` says
    why and no more are kept."""

    def __init__(self) -> None:
        self._lines: list[_Line] = []
        self._size = 0
        self._file: IO[bytes] | None = None
        self.lost = ""

    def add(self, line: _Line) -> None:
        if self.lost:
            return
        if self._file is None:
            self._lines.append(line)
            self._size += len(line[0] or line[1])
            if self._size <= MAX_LINE:
                return
        import tempfile  # only for a record this long: off the usual path

        try:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close` or `lines`
                for held in self._lines:
                    self._write(held)
                self._lines = []
            else:
                self._write(line)
        except OSError as err:
            self.close()
            self.lost = err.strerror or str(err)

    def _write(self, line: _Line) -> None:
        assert self._file is not None
        text, problem = line
        data = (text if text is not None else problem).encode("utf-8", "surrogatepass")
        self._file.write(b"T" if text is not None else b"P")
        self._file.write(len(data).to_bytes(8, "big"))
        self._file.write(data)

    def lines(self) -> Iterator[_Line]:
        """The lines kept, in order; a file is removed once they are read (or `close`d)."""
        if self._file is None:
            return iter(self._lines)
        file, self._file = self._file, None
        file.seek(0)
        return _Replay(file)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._lines = []


_TOO_LONG = f"longer than {MAX_LINE // 1024} KiB; a row holds one person's answers"


class _Replay:
    """The lines a _Kept wrote to its file, read again in order; the file closed at its end."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file

    def __iter__(self) -> _Replay:
        return self

    def __next__(self) -> _Line:
        kind = self._file.read(1) if not self._file.closed else b""
        if not kind:
            self.close()
            raise StopIteration
        size = int.from_bytes(self._file.read(8), "big")
        data = self._file.read(size).decode("utf-8", "surrogatepass")
        return (data, "") if kind == b"T" else (None, data)

    def close(self) -> None:
        self._file.close()


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
        except (_TooLong, csv.Error) as err:  # the record is read on to its end, and rejected whole
            why = _TOO_LONG if isinstance(err, _TooLong) else f"cannot be read as CSV: {err}"
            first = feed.first
            end = feed.skip()
            if end is None:  # its quote runs to the end: a stray quote, its lines given back
                yield _OPEN_QUOTE
            elif feed.lost:
                yield (
                    f"{_OPEN_QUOTE}; lines {first + 1} to {end}, after it, are rejected with it: they "
                    f"could not be kept to be read again ({feed.lost})"
                )
            elif end > first:
                yield f"{why} (this record goes on to line {end}: a quoted field holds line breaks)"
            else:
                yield why
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
    try:
        yield from _people(records, feed, header, name, questions)
    finally:
        feed.close()


def _people(
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
