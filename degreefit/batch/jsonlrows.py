"""Rows of a JSON Lines input: one answers object a line, and an `id` if given."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator

from degreefit.batch.lines import MAX_LINE, WholeInput
from degreefit.batch.rows import ID_KEY, Rejected, Row, id_problem
from degreefit.errors import AnswersError, DegreefitError
from degreefit.inputfile import parse
from degreefit.quoting import Unusable


def jsonl_rows(lines: Iterable[tuple[str | None, str]], name: str) -> Iterator[Row | Rejected]:
    """Rows of a JSON Lines stream; blank lines are skipped.

    The first row is read, and checked, before the first is asked for: an input that is not
    JSON Lines at all (UTF-16, or one JSON document over several lines) is refused whole.
    """
    numbered = enumerate(lines, start=1)
    try:
        first = next(((n, line) for n, line in numbered if line[0] is None or line[0].strip()), None)
    except WholeInput as err:
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
