"""Helpers for the `degreefit batch` tests: running it, reading its rows and summary."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import select
import subprocess
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from degreefit.answers import validate
from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.models import RuleSet
from tests.helpers.personas import PERSONAS
from tests.helpers.rules import builtin_rules

SUMMARY_KEYS = {"rows", "scored", "rejected", "close_calls", "top", "ties", "none_open"}


ASTRONAUT = "astronaut"


TRUE_SPELLINGS = ("true", "TRUE", "Yes", "yes", "YES", "True")


FALSE_SPELLINGS = ("false", "FALSE", "No", "no", "NO", "False")


def persona_rows() -> list[dict[str, Any]]:
    """The six personas' answers, each with an `id` (p1..p6), in PERSONAS order."""
    return [{"id": f"p{n}", **answers} for n, (answers, _, _) in enumerate(PERSONAS.values(), start=1)]


def jsonl(rows: Iterable[object]) -> str:
    """Rows as JSON Lines."""
    return "".join(json.dumps(row) + "\n" for row in rows)


def batch(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    """Run `degreefit batch ARGS...` (no check of the outcome)."""
    return runner.invoke(app, ["batch", *args], input=stdin)


def batch_refused(runner: CliRunner, *args: str, stdin: str | None = None) -> str:
    """Run `degreefit batch ARGS...`, check it stopped (exit 2) before writing any result, and give
    what it said on stderr."""
    result = batch(runner, *args, stdin=stdin)
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stdout == ""
    return result.stderr


def batch_ok(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    """Run `degreefit batch ARGS...` and check it scored every row."""
    result = batch(runner, *args, stdin=stdin)
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result


def results(text: str) -> list[dict[str, Any]]:
    """The JSON Lines output of a batch, one object a line."""
    return [json.loads(line) for line in text.splitlines()]


def ask_errors(runner: CliRunner, tmp_path: Path, text: str, where: str) -> list[str]:
    """The error lines `ask --answers FILE` prints for a file holding `text`, with `where` for FILE."""
    path = tmp_path / "one-row.json"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["ask", "--answers", str(path), "--format", "json"])
    assert result.exit_code == 2, result.stdout
    prefix = f"degreefit: error: {path}: "
    lines = [line for line in result.stderr.splitlines() if line.startswith("degreefit: error: ")]
    assert lines
    assert all(line.startswith(prefix) for line in lines), result.stderr
    return [f"degreefit: error: {where}: {line[len(prefix) :]}" for line in lines]


def summary_counts(text: str) -> dict[str, int]:
    """How many people the summary table says each degree suits best on its own."""
    found = re.findall(r"^\s*(MMM|MHA|MBA|MMed)\s+([\d,]+)\s*$", text, re.M)
    return {code: int(n.replace(",", "")) for code, n in found}


def summary_totals(text: str) -> tuple[int, int, int, int]:
    """Rows, scored, rejected and close calls, from the summary's last line."""
    match = re.search(
        r"^([\d,]+) rows?: ([\d,]+) scored, ([\d,]+) rejected; ([\d,]+) close calls?$", text, re.M
    )
    assert match, text
    rows, scored, rejected, close = (int(group.replace(",", "")) for group in match.groups())
    return rows, scored, rejected, close


def persona_firsts() -> Counter[str | None]:
    """How many of the six personas each degree comes first for on its own (None: a tie, or no
    degree open now), as the engine's one ranking has it under the built-in rules."""
    ruleset = builtin_rules()
    engine = Engine(ruleset)
    return Counter(
        engine.standings(engine.outcome(validate(answers, ruleset, name="answers").values)).top
        for answers, _, _ in PERSONAS.values()
    )


def persona_tops() -> dict[str, int]:
    """How many of the six personas each degree comes first for on its own."""
    tops = persona_firsts()
    return {degree.code: tops.get(degree.code, 0) for degree in builtin_rules().degrees}


def codes(ruleset: RuleSet) -> list[str]:
    """The degree codes in rule-set order (the column order of the CSV output)."""
    return [degree.code for degree in ruleset.degrees]


def csv_cell(value: object, spelling: int) -> str:
    """An answer as a CSV cell: goals joined by `;`, booleans spelled in some case of true/yes/false/no."""
    if isinstance(value, list):
        return "; ".join(value) if spelling % 2 else ";".join(value)
    if isinstance(value, bool):
        words = TRUE_SPELLINGS if value else FALSE_SPELLINGS
        return words[spelling % len(words)]
    return str(value)


def csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    """A CSV document (with \\r\\n line endings, as spreadsheets write them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def persona_csv_rows(ruleset: RuleSet, ids: list[str]) -> tuple[list[str], list[list[str]]]:
    """The personas as a CSV header (id and every question id) and rows (an empty cell: no answer)."""
    header = ["id", *(q.id for q in ruleset.questions)]
    rows = []
    for number, (person_id, (answers, _, _)) in enumerate(zip(ids, PERSONAS.values(), strict=True)):
        rows.append(
            [
                person_id,
                *(csv_cell(answers[q.id], number) if q.id in answers else "" for q in ruleset.questions),
            ]
        )
    return header, rows


EXAMPLES = Path(__file__).parents[2] / "examples"


def ten_people() -> list[dict[str, Any]]:
    """Ten people (the six personas, then four of them again) with the ids a1..a10."""
    people = persona_rows()
    return [{**people[n % len(people)], "id": f"a{n + 1}"} for n in range(10)]


def ten_people_csv(ruleset: RuleSet) -> tuple[list[str], list[list[str]]]:
    """The same ten people as a CSV header and rows."""
    header, rows = persona_csv_rows(ruleset, ["a1", "a2", "a3", "a4", "a5", "a6"])
    rows = [rows[n % len(rows)][:] for n in range(10)]
    for n, row in enumerate(rows):
        row[0] = f"a{n + 1}"
    return header, rows


def read_stderr_until(process: subprocess.Popen[bytes], marker: bytes, timeout: float) -> bytes:
    """What the process wrote to stderr, read until `marker` shows (or the time is up, or it exits)."""
    assert process.stderr is not None
    descriptor = process.stderr.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([descriptor], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            break
        chunk = os.read(descriptor, 4096)
        if not chunk:
            break
        seen += chunk
    return seen


def persona_csv(ruleset: RuleSet, ids: list[str]) -> str:
    """The six personas as a CSV cohort, under these ids."""
    header, rows = persona_csv_rows(ruleset, ids)
    return csv_text(header, rows)


def counts_each_persona(summary: str) -> bool:
    """Whether a summary table counts, for each degree, the personas it alone comes first for."""
    return summary_counts(summary) == persona_tops()
