"""Opening a batch's input and reading it as rows, as JSON Lines or CSV: for `batch`, and for
`rules diff --cohort`."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal

from degreefit.batch.csvrows import csv_rows
from degreefit.batch.jsonlrows import jsonl_rows
from degreefit.batch.lines import text_lines
from degreefit.batch.rows import Rejected, Row
from degreefit.conditions import by_id
from degreefit.errors import DegreefitError
from degreefit.exhaustive import assert_never
from degreefit.models import Question, RuleSet

if TYPE_CHECKING:
    from degreefit.ruleset.impact import Person

InputFormat = Literal["jsonl", "csv"]


def format_of(source: str) -> InputFormat:
    """The format an input's name says: CSV for a .csv file (in any case), JSON Lines otherwise."""
    suffix = Path(source).suffix.lower()
    return "csv" if suffix == ".csv" else "jsonl"


def open_input(source: str) -> IO[bytes]:
    """The input's bytes: stdin for "-", else the file; a plain message when it cannot be opened."""
    if source == "-":
        if sys.stdin is None:
            raise DegreefitError("- reads stdin, but stdin is closed; name the input file instead")
        return sys.stdin.buffer
    try:
        return open(source, "rb")
    except FileNotFoundError:
        raise DegreefitError(f"{source}: no such file") from None
    except OSError as err:
        raise DegreefitError(f"{source}: cannot be read: {err.strerror or err}") from None


def read_rows(
    stream: IO[bytes], *, name: str, read_as: InputFormat, questions: dict[str, Question]
) -> Iterator[Row | Rejected]:
    """The rows of the input, read as `read_as` says; a CSV header is read, and checked, here."""
    lines = text_lines(stream)
    match read_as:
        case "csv":
            return csv_rows(lines, name, questions)
        case "jsonl":
            return jsonl_rows(lines, name)
        case _:
            return assert_never(read_as)


def cohort_people(source: str, ruleset: RuleSet) -> Iterator[Person]:
    """The people of a cohort file, one per row; a row that cannot be read is skipped."""
    from degreefit.ruleset.impact import Person

    stream = open_input(source)
    questions = by_id(ruleset.questions)
    rows = read_rows(stream, name=source, read_as=format_of(source), questions=questions)
    for row in rows:
        label = f"{source}:{row.line}" + (f" (id {row.id})" if row.id is not None else "")
        if isinstance(row, Rejected):
            yield Person(label, {}, row.error)
        elif not isinstance(row.data, dict):
            yield Person(label, {}, f"{label}: expected a JSON object whose keys are question ids")
        else:
            yield Person(label, row.data)
