"""Cohort mode: score many people's answers, row by row, losing none.

Input is JSON Lines (one answers object a line) or CSV (a header of question ids; goals
separated by `;`; yes/no as true/false/yes/no), in UTF-8; a row is one line, and LF, CRLF or
a lone CR ends a line. Every row ends in the output or in the errors report, in input order;
a bad row never stops the batch. Rows are read and written one at a time, so memory stays
flat whatever the input size.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import math
import os
import re
import signal
import threading
from collections import Counter
from collections.abc import Hashable, Iterable, Iterator, Mapping
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, Any, NamedTuple

from degreefit.answerfile import MAX_BYTES, parse
from degreefit.answers import QuickCheck, require_complete, validate
from degreefit.answerspace import AnswerSpace
from degreefit.engine import Engine, Outcome, score
from degreefit.errors import AnswersError, CannotWrite, DegreefitError, Interrupted
from degreefit.explain import is_close, lead, rests_on
from degreefit.files import AtomicFile
from degreefit.jsonvalues import Unusable
from degreefit.models import AnswerValue, Question, RuleSet, Status
from degreefit.spelling import closest

ID_KEY = "id"
MAX_LINE = MAX_BYTES  # a row is one answers object: no longer than an answers file may be
_REMEMBERED = 1 << 16  # verdicts (and their lines) kept for reuse: memory stays bounded
# Marks a CSV line that cannot be read (not UTF-8, or too long), followed by why. It starts with
# a lone surrogate, which no decoded line can hold (a NUL could be in the input, and Python
# 3.10's csv module refuses it).
_UNREADABLE = "\udc80unreadable:"
TRUE_WORDS = {"true": True, "yes": True, "false": False, "no": False}


class Row(NamedTuple):
    """One input row: where it is, the person's id if given, and the answers data (or None)."""

    line: int
    id: str | None
    data: object


class Verdict(NamedTuple):
    """What scoring says of a person: the same for everyone whose answers score alike."""

    top: str
    scores: tuple[float, ...]  # in degrees.yaml order
    eligibility: tuple[Status, ...]  # in degrees.yaml order
    margin: float
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


class _WholeInput(Exception):
    """The input as a whole cannot be read as rows (it is UTF-16, say): the reader names it."""


# What ends a line: LF, CRLF, or a lone CR (old Mac files, some exports), as editors count lines.
_LINE_ENDS = ("\n", "\r")
# Byte order marks of the encodings a UTF-8 reader sees as noise (as decoded with surrogateescape).
_OTHER_BOMS = (
    ("\udcff\udcfe\x00\x00", "UTF-32"),
    ("\x00\x00\udcfe\udcff", "UTF-32"),
    ("\udcff\udcfe", "UTF-16"),
    ("\udcfe\udcff", "UTF-16"),
)


def text_lines(stream: IO[bytes]) -> Iterator[tuple[str | None, str]]:
    """Each line of a byte stream as text, or None and why it cannot be (not UTF-8, or longer
    than MAX_LINE): one bad line is one rejected row, not a stopped batch.

    LF, CRLF and a lone CR each end a line. A line is read at most MAX_LINE characters at a
    time, so one huge line cannot fill memory. A file that starts with a UTF-16 or UTF-32
    byte order mark is refused as a whole (_WholeInput): its every line would be rejected.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
    try:
        readline = text.readline
        line = readline(MAX_LINE + 1)
        if line.startswith("\ufeff"):
            line = line[1:]
        for mark, encoding in _OTHER_BOMS:
            if line.startswith(mark):
                raise _WholeInput(
                    f"is {encoding} text (it starts with a {encoding} byte order mark); "
                    "batch reads UTF-8: save it as UTF-8 (a spreadsheet's 'CSV UTF-8')"
                )
        while line:
            if len(line) > MAX_LINE and not line.endswith(_LINE_ENDS):
                while (rest := readline(MAX_LINE)) and not rest.endswith(_LINE_ENDS):
                    pass  # skip the rest of the line
                yield None, f"longer than {MAX_LINE // 1024} KiB; a row holds one person's answers"
            elif line.isascii():
                yield line, ""
            else:
                yield _checked(line)
            line = readline(MAX_LINE + 1)
    finally:
        with contextlib.suppress(ValueError):  # closed already
            text.detach()  # leave the stream open: it may be stdin


def _checked(line: str) -> tuple[str | None, str]:
    """A line holding more than ASCII: as it is, or None and why (bytes not UTF-8, too long)."""
    try:
        size = len(line.encode("utf-8"))
    except UnicodeEncodeError as err:  # surrogateescape kept a byte that is not UTF-8
        return None, f"not UTF-8 text (byte {len(line[: err.start].encode('utf-8'))})"
    if size > MAX_LINE + 2:  # the line end aside
        return None, f"longer than {MAX_LINE // 1024} KiB; a row holds one person's answers"
    return line, ""


def jsonl_rows(lines: Iterable[tuple[str | None, str]], name: str) -> Iterator[Row | Rejected]:
    """Rows of a JSON Lines stream; blank lines are skipped.

    The first row is read, and checked, before the first is asked for: an input that is not
    JSON Lines at all (UTF-16, or one JSON document over several lines) is refused whole.
    """
    numbered = enumerate(lines, start=1)
    try:
        first = next(((n, line) for n, line in numbered if line[0] is None or line[0].strip()), None)
    except _WholeInput as err:
        raise DegreefitError(f"{name}: {err}") from None
    if first is None:
        return iter(())
    ahead = _read_ahead(first, numbered)
    if _one_document([text for _, (text, _) in ahead]):
        shown = "-" if name == "<stdin>" else name
        raise DegreefitError(
            f"{name}:{first[0]}: not JSON Lines: this JSON goes on over several lines; batch reads one "
            f"answers object a line (or CSV). One person's answers file: degreefit ask --answers "
            f"{shown}; a JSON list of them: jq -c '.[]' {shown} > cohort.jsonl"
        )
    return _jsonl_records(itertools.chain(ahead, numbered), name)


_Numbered = tuple[int, tuple[str | None, str]]


def _read_ahead(first: _Numbered, numbered: Iterator[_Numbered]) -> list[_Numbered]:
    """The first row and, when it opens a JSON value that its line leaves open, the lines after
    it, up to MAX_LINE characters in all: enough to tell a JSON document over several lines."""
    ahead = [first]
    text = first[1][0]
    if text is None or not text.lstrip().startswith(("{", "[")):
        return ahead
    opening = text.strip()
    try:
        json.loads(opening)
    except json.JSONDecodeError as err:
        if err.pos < len(opening):
            return ahead  # wrong within the line: a bad row
    except (ValueError, RecursionError):
        return ahead
    else:
        return ahead  # a row
    size = len(text)
    for line in numbered:
        ahead.append(line)
        size += len(line[1][0] or "")
        if line[1][0] is None or size > MAX_LINE:
            break
    return ahead


def _one_document(texts: list[str | None]) -> bool:
    """Whether the lines read ahead hold one JSON value over several of them (or one still open
    after MAX_LINE characters): a pretty-printed answers file, or a list of them."""
    if len(texts) < 2 or None in texts:
        return False
    whole = "".join(text or "" for text in texts).lstrip()
    try:
        json.JSONDecoder().raw_decode(whole)
    except json.JSONDecodeError as err:
        return err.pos >= len(whole.rstrip()) and len(whole) > MAX_LINE  # still open at the limit
    except (ValueError, RecursionError):
        return False
    return True


def _jsonl_records(numbered: Iterator[_Numbered], name: str) -> Iterator[Row | Rejected]:
    seen = False  # a row before this one: a CSV header read as JSON would be the first
    for number, (text, problem) in numbered:
        where = f"{name}:{number}"
        if text is None:
            yield Rejected(number, None, f"{where}: {problem}")
            continue
        if not text.strip():
            continue
        try:
            data = parse(where, text.rstrip("\r\n"))
        except AnswersError as err:
            looks_like_csv = not seen and "," in text and not text.lstrip().startswith(("{", "["))
            hint = "; is this CSV? Name a .csv file, or pass --input-format csv" if looks_like_csv else ""
            seen = True
            yield Rejected(number, None, err.message + hint)
            continue
        seen = True
        row_id: str | None = None
        if isinstance(data, dict) and ID_KEY in data:
            given = data.pop(ID_KEY)
            if isinstance(given, Unusable) and given.written.lstrip("-").isdigit():
                given = given.written  # a whole number too long to be an answer, as written
            if (given is not None and not isinstance(given, (str, int))) or isinstance(given, bool):
                yield Rejected(number, None, f"{where}: id: must be a string or a whole number")
                continue
            problem = id_problem(given) if isinstance(given, str) else ""
            if problem:
                yield Rejected(number, None, f"{where}: id: {problem}")
                continue
            row_id = None if given is None else str(given)
        yield Row(number, row_id, data)


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
    except _WholeInput as err:
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
            f"{h} (did you mean {close}?)" if (close := closest(h, known)) else h for h in unknown
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
                data[column] = _cell(questions.get(column), value)
        problem = id_problem(row_id) if row_id is not None else ""
        if problem:
            yield Rejected(line, None, f"{name}:{line}: id: {problem}")
            continue
        yield Row(line, row_id, data)


def _cell(question: Question | None, value: str) -> object:
    """A CSV cell as the JSON value the answers contract expects (left as text when it cannot be)."""
    if question is None:
        return _whole(value)  # schema_version
    if question.kind == "multi":  # `a;b`, or in a quoted cell `"a, b"`
        return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]
    if question.kind == "boolean":
        return TRUE_WORDS.get(value.lower(), value)
    if question.kind == "integer":
        return _whole(value)
    return value


def _whole(value: str) -> object:
    """A whole number, or the text as it was (which validation then rejects, for that row only)."""
    try:
        return int(value)
    except ValueError:
        return value


class Scorer:
    """Scores rows with one engine, keeping the cohort's tallies.

    A clean row (the usual kind) is checked in one pass; any other goes through the checks
    `ask` makes, for their message. Rows whose answers score alike share one Verdict.
    """

    def __init__(self, ruleset: RuleSet, name: str) -> None:
        self.ruleset = ruleset
        self.name = name
        self.engine = Engine(ruleset)
        self.space = AnswerSpace(ruleset)
        self.quick = QuickCheck(self.space)
        self._verdicts: dict[Outcome, Verdict] = {}
        # A lead wider than this many points survives leaving out any one claim, which moves each
        # degree by at most its level (so the gap between two by at most twice the top level).
        self._sure_gap = 2 * max((level.points for level in ruleset.scoring.levels), default=0)
        self._unsure: set[Outcome] = set()  # outcomes whose firmness depends on which claims fired
        self._rests: dict[tuple[str, ...], bool] = {}  # ids of the rules and gates that fired -> rests on one
        self.tops: Counter[str] = Counter()
        self.close_calls = 0
        self.rejected = 0
        self._faults: dict[Hashable, str] = {}  # a fault key -> the message

    def score(self, row: Row | Rejected) -> Scored | Rejected:
        """The row's result, or why it was rejected."""
        if isinstance(row, Rejected):
            self.rejected += 1
            return row
        data = row.data
        kept: Mapping[str, AnswerValue] | str | None
        kept = self.quick.kept(data) if type(data) is dict else None
        if kept is None:
            kept = self._checked(data)
            if isinstance(kept, str):
                self.rejected += 1
                shown = row.id if row.id is None or len(row.id) <= 40 else row.id[:37] + "..."
                where = f"{self.name}:{row.line}" + (f" (id {shown})" if shown is not None else "")
                return Rejected(row.line, row.id, kept.replace(_HERE, where))
        outcome = self.engine.outcome(kept)
        verdict = self._verdicts.get(outcome) or self._verdict(outcome)
        if outcome in self._unsure:  # as `ask` says: a pick that rests on one claim is a close call
            verdict = verdict._replace(close_call=self._rests_on_one(kept))
        self.tops[verdict.top] += 1
        self.close_calls += verdict.close_call
        return Scored(row.line, row.id, verdict)

    def _checked(self, data: object) -> Mapping[str, AnswerValue] | str:
        """The answers `validate` keeps, or why `ask` would refuse them (_HERE standing for where
        they are), at most a few hundred characters a problem and a line a question.

        A message is found once for the answers that share their faults (see _fault_key): a
        cohort's rejected rows often do, and a did-you-mean hint is slow to find.
        """
        data, notes = _trimmed(data, self.space.questions)
        key = _fault_key(data, self.space)
        message = self._faults.get(key) if key is not None else None
        if message is None:
            try:
                answers = validate(data, self.ruleset, name=_HERE, space=self.space, complete=True)
                return require_complete(answers, name=_HERE).values  # accepted, with a warning
            except AnswersError as err:
                message = err.message
            if key is not None:
                if len(self._faults) >= _REJECTIONS_REMEMBERED:
                    self._faults.clear()
                self._faults[key] = message
        return _noted(message, notes) if notes else message

    def _rests_on_one(self, kept: Mapping[str, AnswerValue]) -> bool:
        """Whether the top pick rests on a claim, decided once for each set of rules that fired."""
        rules, gates = self.engine.fired(kept)
        fired = tuple(rule.id for rule in rules) + tuple(gate.id for gate in gates)
        found = self._rests.get(fired)
        if found is None:
            if len(self._rests) >= _REMEMBERED:
                self._rests.clear()
            found = self._rests[fired] = bool(rests_on(self.engine.recommend(kept), self.ruleset))
        return found

    def _verdict(self, outcome: Outcome) -> Verdict:
        order = self.engine.order(outcome)
        spread = self.ruleset.scoring.spread
        scores = tuple(score(points, spread) for points in outcome.points)
        by_code = dict(zip(self.engine.codes, scores, strict=True))
        margin = lead(by_code[order[0]], by_code[order[1]])
        close = is_close(margin, self.ruleset)
        # Gates that close every degree leave no fit to name: the row's top is empty (JSON null).
        verdict = Verdict("" if outcome.none_open else order[0], scores, outcome.statuses, margin, close)
        if len(self._verdicts) >= _REMEMBERED:
            self._verdicts.clear()
            self._unsure.clear()
        self._verdicts[outcome] = verdict
        top = self.engine.codes.index(order[0])
        others = [p for i, p in enumerate(outcome.points) if i != top]
        if not close and any(outcome.points[top] - p <= self._sure_gap for p in others):
            self._unsure.add(outcome)
        return verdict

    def summary(self) -> dict[str, Any]:
        """How many people each degree suits best, close calls, rejected rows."""
        scored = sum(self.tops.values())
        return {
            "rows": scored + self.rejected,
            "scored": scored,
            "rejected": self.rejected,
            "close_calls": self.close_calls,
            "top": {code: self.tops.get(code, 0) for code in self.engine.codes},
            "none_open": self.tops.get("", 0),  # people every degree is closed to
        }


# Stands for the row's place (file:line and id) in a message kept for rows that answer alike; no
# message holds a NUL (values are shown JSON-escaped).
_HERE = "\x00"
_REJECTIONS_REMEMBERED = 1 << 12  # messages are larger than verdicts: fewer are kept
_SHOWN_UNKNOWN = 10  # unknown keys named in a row's message; the rest are counted
_SHOWN_VALUES = 20  # values of a multiple-choice answer checked (more than its choices: some are wrong)
_MEMO_TEXT = 1024  # answers holding more text than this are not remembered


def _trimmed(data: object, questions: Mapping[str, Question]) -> tuple[object, dict[str, str]]:
    """The answers with at most _SHOWN_UNKNOWN unknown keys and, for each multiple-choice
    question, at most _SHOWN_VALUES values (or its choices and one more, if that is more); and,
    for each key trimmed ("" for the unknown keys), a note of what was left out.

    A row may hold a megabyte: 30,000 unknown keys, or 60,000 goals. Its message names a few,
    says how many more there are, and takes the time a few take.
    """
    if type(data) is not dict:
        return data, {}
    notes: dict[str, str] = {}
    if len(data) > len(questions) + 1:  # more keys than questions and schema_version
        unknown = [key for key in data if key not in questions and key != "schema_version"]
        if len(unknown) > _SHOWN_UNKNOWN:
            dropped = set(unknown[_SHOWN_UNKNOWN:])
            data = {key: value for key, value in data.items() if key not in dropped}
            notes[""] = f"and {len(dropped):,} more unknown keys"
    for key, value in data.items():
        question = questions.get(key)
        if type(value) is not list or question is None or question.kind != "multi":
            continue
        room = max(_SHOWN_VALUES, len(question.choice_values()) + 1)
        if len(value) > room:
            data = {**data, key: value[:room]}
            notes[key] = f"the list holds {len(value):,} values; the first {room} were checked"
    return data, notes


def _noted(message: str, notes: Mapping[str, str]) -> str:
    """The message of trimmed answers, with the notes of what was left out: the unknown keys
    not named after the last one named; a list's length after its problem."""
    lines = message.split("\n")
    for key, note in notes.items():
        if key:
            head = f"{_HERE}: {key}: "
            at = next((i for i, line in enumerate(lines) if line.startswith(head)), None)
            if at is None:
                lines.append(f"{head}{note}")
            else:
                lines[at] += f"; {note}"
        else:
            named = [i for i, line in enumerate(lines) if line.startswith(f"{_HERE}: unknown key ")]
            lines.insert(named[-1] + 1 if named else len(lines), f"{_HERE}: {note}")
    return "\n".join(lines)


_ANSWERED = object()  # in a fault key: a question answered with a value it accepts


def _fault_key(data: object, space: AnswerSpace) -> Hashable | None:
    """What the message of rejected answers depends on, as a key: answers that share it get the
    same message. None for answers not worth remembering (nested, or long).

    That is every key, in its order; each unknown key's name; each wrong value (and
    schema_version's); and which questions are asked, given the values that are right (so,
    which are missing). A right value is not itself part of it: no message quotes one.
    """
    if type(data) is not dict:
        return None
    parts: list[tuple[object, ...]] = []
    right: dict[str, object] = {}
    text = 0
    for key, value in data.items():
        question = space.questions.get(key)
        text += len(key)
        if question is None and key != "schema_version":
            parts.append((key,))  # unknown: its value is not looked at
            continue
        if question is not None and _accepts(question, value):
            parts.append((key, _ANSWERED))
            right[key] = value
            continue
        kind = type(value)
        if kind is list:
            if not all(type(item) is str for item in value):
                return None
            text += sum(map(len, value))
            value = tuple(value)
        elif kind is str:
            text += len(value)
        elif kind not in (int, bool, float, type(None)):
            return None
        parts.append((key, kind, value))
    if text > _MEMO_TEXT:
        return None
    asked: list[bool] = []  # as `validate` finds the questions asked, from the right values
    kept: dict[str, Any] = {}
    for question in space.ruleset.questions:
        applies = space.applies(question, kept)
        if question.when is not None:
            asked.append(applies)
        if applies and question.id in right:
            value = right[question.id]
            kept[question.id] = tuple(value) if isinstance(value, list) else value  # as validate keeps it
    return tuple(parts), tuple(asked)


def _accepts(question: Question, value: object) -> bool:
    """Whether the question accepts the value, exactly as `validate` decides for values read
    from JSON or CSV (a fault key relies on it)."""
    kind = question.kind
    if kind == "single":
        return type(value) is str and value in question.choice_values()
    if kind == "multi":
        if type(value) is not list or not value or not all(type(item) is str for item in value):
            return False
        return len(set(value)) == len(value) and set(value).issubset(question.choice_values())
    if kind == "boolean":
        return value is True or value is False
    low = -math.inf if question.min is None else question.min
    high = math.inf if question.max is None else question.max
    return type(value) is int and low <= value <= high


class JsonLines:
    """Results as JSON Lines: `{"id": …, "line": …, "top": …, "scores": {…}, "eligibility": {…},
    "margin": …, "close_call": …}`, exactly as json.dumps writes that object."""

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
                "scores": dict(zip(self.codes, verdict.scores, strict=True)),
                "eligibility": dict(zip(self.codes, verdict.eligibility, strict=True)),
                "margin": verdict.margin,
                "close_call": verdict.close_call,
            },
            ensure_ascii=False,
        )
        if len(self._tails) >= _REMEMBERED:
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
        """The columns: id, line, top, a score and an eligibility for each degree, margin, close_call."""
        columns = [
            "id",
            "line",
            "top",
            *(f"score_{c}" for c in self.codes),
            *(f"eligibility_{c}" for c in self.codes),
            "margin",
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
        fields = [verdict.top, *verdict.scores, *verdict.eligibility, verdict.margin, close]
        if len(self._tails) >= _REMEMBERED:
            self._tails.clear()
        self._tails[verdict] = tail = ",".join(csv_field(str(f)) for f in fields) + "\n"
        return tail


_CSV_SPECIAL = frozenset(',"\r\n')
# A spreadsheet reads a cell starting with one of these as a formula (=1+1, @SUM(...), -2+3),
# or, after a tab or a carriage return, may; a plain number (-2, +1.5) is only a number.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def csv_field(text: str) -> str:
    """A CSV field: as it is, or quoted when it holds a comma, a quote or a line break.

    Text a spreadsheet would run as a formula starts with ' (which shows it as text): a person
    id such as =HYPERLINK(...) or @SUM(1+1) comes out '=HYPERLINK(...) and '@SUM(1+1). A plain
    number, such as the scores and -2, is left as it is.
    """
    if text.startswith(_FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        text = "'" + text
    if _CSV_SPECIAL.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def error_line(rejected: Rejected) -> str:
    """One rejected row as a line of JSON for --errors."""
    return json.dumps({"line": rejected.line, "id": rejected.id, "error": rejected.error}, ensure_ascii=False)


class Sink:
    """Where results go: stdout, or a file written whole (see files.AtomicFile).

    On an interruption, what was written is kept: a file becomes PATH.partial. Pass
    unencodable="backslashreplace" for text that may quote a file name that is not UTF-8
    (Python holds its bad bytes as lone surrogates): \\udcff is then written for the byte FF.
    """

    def __init__(self, path: str | None, stdout: IO[str], *, unencodable: str = "strict") -> None:
        self.path = path
        self._file: AtomicFile | None = None
        self.failed: OSError | None = None  # stdout could not take the results (a closed pipe)
        if path is None:
            self.stream: IO[str] = stdout
            return
        if path.endswith(("/", os.sep)) and not os.path.isdir(path):  # Path() would drop the slash
            raise CannotWrite(f"{path}: cannot write: No such directory; name a file, not a folder")
        try:
            self._file = AtomicFile(Path(path), errors=unencodable)  # keeps a replaced file's mode
        except OSError as err:
            if self._file is not None:
                self._file.abandon()
            raise CannotWrite(f"{path}: cannot write: {err.strerror or err}") from None
        self.stream = self._file.stream

    def write(self, text: str) -> None:
        """Write text; a file that cannot take it (a full disk) is a CannotWrite naming it.

        When stdout fails (its reader has gone: `batch ... | head -1`), the text goes nowhere
        and `failed` says why: the batch goes on, so that the errors report is whole.
        """
        if self.failed is not None:
            return
        try:
            self.stream.write(text)
        except OSError as err:
            if self._file is None:
                self.failed = err
                return
            raise CannotWrite(f"{self.path}: cannot write: {err.strerror or err}") from None

    def finish(self) -> None:
        """Make the output file appear whole (the rename), or flush stdout."""
        self._commit(None)

    def keep_partial(self) -> str:
        """After an interruption: keep what was written, and say where."""
        if self._file is None:
            self._commit(None)
            return "were written to stdout"
        if self._file.in_place:  # a device or a pipe
            self._commit(None)
            return f"were written to {self.path}"
        partial = Path(f"{self._file.path}.partial")
        self._commit(partial)
        same = Path(os.path.abspath(self.path or "")) == self._file.path  # no symlink on the way
        return f"are in {f'{self.path}.partial' if same else partial}"

    def discard(self) -> None:
        """After a failure: close the file, and leave no temporary file behind."""
        if self._file is not None:
            self._file.abandon()

    def _commit(self, target: Path | None) -> None:
        if self._file is None:
            if self.failed is None:
                try:
                    self.stream.flush()
                except OSError as err:
                    self.failed = err
            return
        try:
            self._file.commit(target)
        except OSError as err:
            self._file.abandon()
            raise CannotWrite(f"{self.path}: cannot write: {err.strerror or err}") from None


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a batch: it stops as Ctrl-C stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Terminated(Interrupted):
    """A batch stopped by SIGTERM or SIGHUP: the message says what was kept; the exit code is the
    shell's for that signal (143, 129)."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within it, SIGTERM and SIGHUP raise Stopped, as SIGINT raises KeyboardInterrupt, so that
    what was written is kept and no temporary file is left behind. A signal that is ignored
    (`nohup` ignores SIGHUP) stays ignored; a second signal acts as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before: dict[int, Any] = {}

    def stop(signum: int, frame: object) -> None:
        for number, handler in before.items():
            signal.signal(number, handler)
        raise Stopped(signum)

    for number in wanted:
        handler = signal.getsignal(number)
        if handler is not signal.SIG_IGN:
            before[number] = signal.SIG_DFL if handler is None else handler
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
