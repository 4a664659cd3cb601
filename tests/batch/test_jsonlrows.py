"""`degreefit batch` reading JSON Lines (batch/jsonlrows.py): a row's `id`, and an input that is
one JSON document rather than one object a line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet
from tests.helpers.batch import (
    EXAMPLES,
    batch,
    batch_refused,
    jsonl,
    persona_csv,
    persona_rows,
    results,
    summary_totals,
)
from tests.helpers.personas import PERSONAS, PHYSICIAN
from tests.helpers.process import run_degreefit


def test_an_id_must_be_text_or_a_number_and_null_means_none(runner: CliRunner, tmp_path: Path) -> None:
    """A null id falls back to the line number; an object as id rejects the row, naming the field."""
    answers = PERSONAS[PHYSICIAN][0]
    path = tmp_path / "cohort.jsonl"
    path.write_text(
        json.dumps({"id": None, **answers}) + "\n" + json.dumps({"id": {"a": 1}, **answers}) + "\n",
        encoding="utf-8",
    )
    result = batch(runner, str(path))
    assert [line["id"] for line in results(result.stdout)] == ["1"]
    assert (
        result.stderr.splitlines()[0] == f"degreefit: error: {path}:2: id: must be a string or a whole number"
    )


UNWRITABLE_IDS = {
    "half a surrogate pair": ("b\\ud800", "id: holds a \\u escape of half a surrogate pair"),
    "NUL": ("b\\u0000c", "id: holds a NUL character"),
}


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
@pytest.mark.parametrize(("spelled", "problem"), list(UNWRITABLE_IDS.values()), ids=list(UNWRITABLE_IDS))
def test_an_id_no_output_can_hold_rejects_its_row(
    tmp_path: Path, output_format: str, spelled: str, problem: str
) -> None:
    """JSON can spell an id as "\\ud800" (no character, and no UTF-8 for it) or with a NUL (which CSV
    readers on Python 3.10 refuse): that row is rejected, naming the id, and the rows around it are
    scored and written."""
    answers = json.dumps(PERSONAS[PHYSICIAN][0])[1:]
    cohort = tmp_path / "cohort.jsonl"
    ids = ['"a"', f'"{spelled}"', '"\\u00e9"']
    cohort.write_text("".join(f'{{"id": {person}, {answers}\n' for person in ids), encoding="utf-8")
    output = tmp_path / f"results.{output_format}"
    completed = run_degreefit("batch", str(cohort), "-o", str(output), "-f", output_format)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert f"degreefit: error: {cohort}:2: {problem}" in completed.stderr
    written = output.read_text(encoding="utf-8")
    if output_format == "jsonl":
        assert [line["id"] for line in results(written)] == ["a", "\u00e9"]
    else:
        assert [row[0] for row in csv.reader(io.StringIO(written, newline=""))] == ["id", "a", "\u00e9"]


def test_csv_read_as_json_lines_says_how_to_read_it_as_csv(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A CSV cohort piped to `batch -` (read as JSON Lines) is rejected, and the first message says
    that it may be CSV and how to read it so."""
    result = batch(runner, "-", stdin=persona_csv(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"]))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("degreefit: error: <stdin>:1: not valid JSON")
    assert first.endswith("; is this CSV? Name a .csv file, or pass --input-format csv")


def test_a_pretty_printed_answers_file_is_refused_in_one_line(runner: CliRunner) -> None:
    """`batch examples/physician-leader.json` (one answers object over 15 lines) is one line saying what
    batch reads and where that file goes instead, not an error for each of its lines."""
    example = EXAMPLES / "physician-leader.json"
    assert batch_refused(runner, str(example)) == (
        f"degreefit: error: {example}:1: not JSON Lines: this JSON goes on over several lines; batch "
        "reads one answers object a line (or CSV). One person's answers file: degreefit ask --answers "
        f"{example}; a JSON list of them: jq -c '.[]' {example} > cohort.jsonl\n"
    )


@pytest.mark.parametrize("people", [3, 20_000], ids=["small", "over-1-MiB"])
def test_a_json_list_of_answers_over_several_lines_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, people: int
) -> None:
    """An indented JSON list of answers objects, small or larger than a row may be, is one error line
    pointing to jq, and no output file."""
    cohort = tmp_path / "cohort.json"
    cohort.write_text(json.dumps(persona_rows()[:1] * people, indent=2), encoding="utf-8")
    result = batch(runner, str(cohort), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert f"jq -c '.[]' {cohort}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.json"]


def test_a_first_row_that_is_only_a_brace_is_one_rejected_row(runner: CliRunner, tmp_path: Path) -> None:
    """A JSON Lines file whose first line is a stray `{` is no document: that row is rejected, the
    people after it are scored."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("{\n" + jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert len(results(result.stdout)) == 6
    assert summary_totals(result.stderr)[:3] == (7, 6, 1)


def test_a_long_numeric_id_is_carried_as_written(tmp_path: Path) -> None:
    """A 33-digit number is too long to be an answer but a fine id: it reaches the results as
    written (it was refused as 'must be a string or a whole number')."""
    answers = json.loads((EXAMPLES / "physician-leader.json").read_text())
    answers.pop("schema_version")
    digits = "123456789012345678901234567890123"
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text('{"id": ' + digits + ", " + json.dumps(answers)[1:] + "\n", encoding="utf-8")
    done = run_degreefit("batch", str(cohort), text=False, cache=tmp_path / "c")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8").splitlines()[0])["id"] == digits
