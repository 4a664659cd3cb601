"""`degreefit batch` writing results as lines (batch/write.py): JSON Lines and CSV exactly as
the standard writers give them, and nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.batch.rows import Scored, Verdict
from degreefit.batch.write import CsvLines, JsonLines
from degreefit.engine import Decided
from degreefit.models import RuleSet, Status
from tests.helpers.batch import batch, batch_ok, codes, jsonl, persona_rows, results
from tests.helpers.cases import tiny_person, tiny_rules


def test_csv_output_has_a_header_and_one_row_per_scored_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """`--format csv` writes the header `id,line,top,tied_for_first,goals_<degree>...,costs_<degree>...,
    eligibility_<degree>...,decided,close_call` and then one row per scored person, holding what the
    JSON Lines output holds (no score, no margin)."""
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
            "tied_for_first",
            *(f"goals_{c}" for c in degree_codes),
            *(f"costs_{c}" for c in degree_codes),
            *(f"eligibility_{c}" for c in degree_codes),
            "decided",
            "close_call",
        ]
    )
    assert header.startswith("id,line,top,tied_for_first,goals_MMM,")
    assert len(lines) == len(expected) == 6
    for row, line in zip(csv.DictReader(result.stdout.splitlines()), expected, strict=True):
        assert row == {
            "id": line["id"],
            "line": str(line["line"]),
            "top": line["top"] or "",
            "tied_for_first": " ".join(line["tied_for_first"]),
            **{f"goals_{c}": str(line["goals"][c]) for c in degree_codes},
            **{f"costs_{c}": str(line["costs"][c]) for c in degree_codes},
            **{f"eligibility_{c}": line["eligibility"][c] for c in degree_codes},
            "decided": line["decided"],
            "close_call": "true" if line["close_call"] else "false",
        }


def test_a_tie_has_no_top_and_names_the_tied_degrees(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """A person whose goal counts for the MHA and the MBA alike gets no top (null in JSON Lines, an
    empty cell in CSV) and both under tied_for_first, decided "tie", a close call; one the MBA leads
    for gets it as top and alone under tied_for_first; points are written as whole numbers."""
    rules = str(tiny_rules(rules_copy))
    cohort = tmp_path / "cohort.jsonl"
    people = [
        {"id": "tie", **tiny_person("policy_reform")},
        {"id": "mba", **tiny_person("consulting", "broad_business_exposure")},
    ]
    cohort.write_text(jsonl(people), encoding="utf-8")

    tie, mba = results(batch_ok(runner, str(cohort), "--rules", rules).stdout)
    assert tie == {
        "id": "tie",
        "line": 1,
        "top": None,
        "tied_for_first": ["MHA", "MBA"],
        "goals": {"MMM": 0, "MHA": 2, "MBA": 2, "MMed": 0},
        "costs": {"MMM": 0, "MHA": 0, "MBA": 0, "MMed": 0},
        "eligibility": dict.fromkeys(["MMM", "MHA", "MBA", "MMed"], "eligible"),
        "decided": "tie",
        "close_call": True,
    }
    assert (mba["top"], mba["tied_for_first"], mba["decided"], mba["close_call"]) == (
        "MBA",
        ["MBA"],
        "goals",
        False,
    )

    table = batch_ok(runner, str(cohort), "--rules", rules, "--format", "csv").stdout
    assert table.splitlines()[1:] == [
        "tie,1,,MHA MBA,0,2,2,0,0,0,0,0,eligible,eligible,eligible,eligible,tie,true",
        "mba,2,MBA,MBA,0,0,4,0,0,0,0,0,eligible,eligible,eligible,eligible,goals,false",
    ]


@st.composite
def scored_results(draw: st.DrawFn, codes: list[str]) -> Scored:
    """A result as Scorer makes one: any id (or none; never a NUL, which rejects its row), any line
    number, any verdict."""
    points = st.integers(min_value=-20, max_value=20).map(lambda x: x / 2)
    statuses: st.SearchStrategy[Status] = st.sampled_from(["eligible", "not_yet", "ineligible"])
    decided: st.SearchStrategy[Decided] = st.sampled_from(["goals", "costs", "tie", "only_open", "none_open"])
    first = tuple(draw(st.lists(st.sampled_from(codes), unique=True, max_size=len(codes))))
    verdict = Verdict(
        first[0] if len(first) == 1 else "",
        first,
        tuple(draw(points) for _ in codes),
        tuple(draw(points) for _ in codes),
        tuple(draw(statuses) for _ in codes),
        draw(decided),
        draw(st.booleans()),
    )
    return Scored(
        draw(st.integers(min_value=1, max_value=10**9)),
        draw(st.one_of(st.none(), st.text(st.characters(exclude_characters="\x00")))),
        verdict,
    )


def whole(points: float) -> int | float:
    """Points as the output writes them: 2 for 2.0, 2.5 as it is."""
    return int(points) if points.is_integer() else points


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
            "top": verdict.top or None,
            "tied_for_first": list(verdict.first),
            "goals": {c: whole(p) for c, p in zip(columns, verdict.goals, strict=True)},
            "costs": {c: whole(p) for c, p in zip(columns, verdict.costs, strict=True)},
            "eligibility": dict(zip(columns, verdict.eligibility, strict=True)),
            "decided": verdict.decided,
            "close_call": verdict.close_call,
        }
        assert json_lines.line(result) == json.dumps(expected, ensure_ascii=False) + "\n"
        assert json.loads(json_lines.line(result))["id"] == shown

        cells = [
            as_text(shown),
            result.line,
            verdict.top,
            " ".join(verdict.first),
            *map(whole, verdict.goals),
            *map(whole, verdict.costs),
            *verdict.eligibility,
            verdict.decided,
        ]
        expected_cells = [str(cell) for cell in cells] + ["true" if verdict.close_call else "false"]
        line = csv_lines.line(result)
        assert line.endswith("\n")
        assert list(csv.reader(io.StringIO(line, newline=""))) == [expected_cells]
        if "\r" not in shown:
            assert line == _written(expected_cells)
        else:  # csv.writer leaves a lone \r unquoted, which no reader reads back: the id is quoted
            assert line == '"' + expected_cells[0].replace('"', '""') + '",' + _written(expected_cells[1:])


def _written(cells: list[str]) -> str:
    """The cells as a row of the standard csv writer."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


FORMULAS = [
    "=1+1",
    "+A1",
    "-2+3",
    "@SUM(1+1)",
    "\tx",
    "\rx",
    '=HYPERLINK("http://x","a,b")',
    "-",
    "=-",
    "-٣",  # not a plain number: ٣ is no digit 0-9
    "+３",
    " =1+1",  # a spreadsheet may skip the spaces before a formula
    "  @SUM(1+1)",
    "\u00a0=1+1",
]
PLAIN = ["p1", "-2", "+1.5", "a=b", "x@y", "3"]


def test_csv_results_never_start_a_cell_with_a_formula(runner: CliRunner, tmp_path: Path) -> None:
    """An id a spreadsheet would run (=, +, -, @, a tab or a CR first, after spaces or not) comes out in
    CSV behind a ', so it shows as text; plain numbers in the digits 0-9 (-2, +1.5) and other ids are as
    given; JSON Lines keeps every id as is."""
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
