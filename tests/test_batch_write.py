"""`degreefit batch` writing results as lines (batch/write.py): JSON Lines and CSV exactly as
the standard writers give them, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.batch.rows import Scored, Verdict
from degreefit.batch.write import CsvLines, JsonLines
from degreefit.models import RuleSet, Status

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from test_batch import batch, codes, jsonl, persona_rows, results
else:
    from tests.test_batch import batch, codes, jsonl, persona_rows, results


def test_csv_output_has_a_header_and_one_row_per_scored_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """`--format csv` writes the header `id,line,top,score_<degree>...,eligibility_<degree>...,margin,
    close_call` and then one row per scored person, holding what the JSON Lines output holds."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    expected = results(batch(runner, str(cohort)).stdout)

    result = batch(runner, str(cohort), "--format", "csv")
    assert result.exit_code == 2
    header, *lines = result.stdout.splitlines()
    degree_codes = codes(ruleset)
    assert header == ",".join(
        [
            "id",
            "line",
            "top",
            *(f"score_{c}" for c in degree_codes),
            *(f"eligibility_{c}" for c in degree_codes),
            "margin",
            "close_call",
        ]
    )
    assert header.startswith("id,line,top,score_MMM,")
    assert len(lines) == len(expected) == 6
    for row, line in zip(csv.DictReader(result.stdout.splitlines()), expected, strict=True):
        assert row == {
            "id": line["id"],
            "line": str(line["line"]),
            "top": line["top"],
            **{f"score_{c}": str(line["scores"][c]) for c in degree_codes},
            **{f"eligibility_{c}": line["eligibility"][c] for c in degree_codes},
            "margin": str(line["margin"]),
            "close_call": "true" if line["close_call"] else "false",
        }


@st.composite
def scored_results(draw: st.DrawFn, codes: list[str]) -> Scored:
    """A result as Scorer makes one: any id (or none; never a NUL, which rejects its row), any line
    number, any verdict."""
    scores = st.floats(min_value=0, max_value=100).map(lambda x: round(x, 1))
    statuses: st.SearchStrategy[Status] = st.sampled_from(["eligible", "not_yet", "ineligible"])
    verdict = Verdict(
        draw(st.sampled_from(codes)),
        tuple(draw(scores) for _ in codes),
        tuple(draw(statuses) for _ in codes),
        draw(scores),
        draw(st.booleans()),
    )
    return Scored(
        draw(st.integers(min_value=1, max_value=10**9)),
        draw(st.one_of(st.none(), st.text(st.characters(exclude_characters="\x00")))),
        verdict,
    )


def as_text(cell: str) -> str:
    """A CSV cell as a spreadsheet must show it, never run it: behind a ' when it starts as a formula
    would (=, +, -, @, a tab, a carriage return) and is not a plain number."""
    if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not re.fullmatch(r"[+-]?\d+(\.\d+)?", cell):
        return "'" + cell
    return cell


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_output_line_is_what_the_standard_json_and_csv_writers_give(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Whatever an id holds (quotes, commas, line breaks, any script), a JSON Lines result is exactly
    json.dumps of the result, and a CSV result reads back (with the csv module) to the id and the
    values, an id a spreadsheet would run as a formula behind a '; a row without an id is named by
    its line number."""
    columns = codes(ruleset)
    json_lines, csv_lines = JsonLines(columns), CsvLines(columns)
    for result in data.draw(st.lists(scored_results(columns), min_size=1, max_size=5)):
        shown = result.id if result.id is not None else str(result.line)
        verdict = result.verdict
        expected = {
            "id": shown,
            "line": result.line,
            "top": verdict.top,
            "scores": dict(zip(columns, verdict.scores, strict=True)),
            "eligibility": dict(zip(columns, verdict.eligibility, strict=True)),
            "margin": verdict.margin,
            "close_call": verdict.close_call,
        }
        assert json_lines.line(result) == json.dumps(expected, ensure_ascii=False) + "\n"
        assert json.loads(json_lines.line(result))["id"] == shown

        cells = [
            as_text(shown),
            result.line,
            verdict.top,
            *verdict.scores,
            *verdict.eligibility,
            verdict.margin,
        ]
        expected_cells = [str(cell) for cell in cells] + ["true" if verdict.close_call else "false"]
        line = csv_lines.line(result)
        assert line.endswith("\n")
        assert list(csv.reader(io.StringIO(line, newline=""))) == [expected_cells]
        if "\r" not in shown:  # csv.writer leaves a lone \r unquoted, which no reader reads back
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerow(expected_cells)
            assert line == buffer.getvalue()


FORMULAS = ["=1+1", "+A1", "-2+3", "@SUM(1+1)", "\tx", "\rx", '=HYPERLINK("http://x","a,b")', "-", "=-"]
PLAIN = ["p1", "-2", "+1.5", "a=b", "x@y", "3"]


def test_csv_results_never_start_a_cell_with_a_formula(runner: CliRunner, tmp_path: Path) -> None:
    """An id a spreadsheet would run (=, +, -, @, a tab or a CR first) comes out in CSV behind a ', so it
    shows as text; plain numbers (-2, +1.5) and other ids are as given; JSON Lines keeps every id as is."""
    ids = FORMULAS + PLAIN
    people = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl({**people[n % 6], "id": id_} for n, id_ in enumerate(ids)), encoding="utf-8")

    as_csv = batch(runner, str(cohort), "--format", "csv")
    as_jsonl = batch(runner, str(cohort))

    assert as_csv.exit_code == 0, as_csv.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(as_csv.stdout, newline=""))][1:]
    assert cells == [f"'{id_}" for id_ in FORMULAS] + PLAIN
    assert [line["id"] for line in results(as_jsonl.stdout)] == ids
