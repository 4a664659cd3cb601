"""`degreefit batch`: cohorts scored row by row, every row in the output or the errors report."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import select
import signal
import stat
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pexpect  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from degreefit.answerspace import random_answers
from degreefit.batch.rows import Scored, Verdict
from degreefit.batch.write import CsvLines, JsonLines
from degreefit.cli import app
from degreefit.models import Question, RuleSet, Status

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import PERSONAS, builtin_rules
    from strategies import valid_answers
else:
    from tests.conftest import PERSONAS, builtin_rules
    from tests.strategies import valid_answers

PHYSICIAN = "mid-career physician leading inside a health system"
RESULT_KEYS = {"id", "line", "top", "scores", "eligibility", "margin", "close_call"}
SUMMARY_KEYS = {"rows", "scored", "rejected", "close_calls", "top", "none_open"}
ASTRONAUT = "astronaut"
SUBPROCESS_TIMEOUT = 30
TRUE_SPELLINGS = ("true", "TRUE", "Yes", "yes", "YES", "True")
FALSE_SPELLINGS = ("false", "FALSE", "No", "no", "NO", "False")


# Helpers


def persona_rows() -> list[dict[str, Any]]:
    """The six personas' answers, each with an `id` (p1..p6), in PERSONAS order."""
    return [{"id": f"p{n}", **answers} for n, (answers, _, _) in enumerate(PERSONAS.values(), start=1)]


def jsonl(rows: Iterable[object]) -> str:
    """Rows as JSON Lines."""
    return "".join(json.dumps(row) + "\n" for row in rows)


def batch(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    """Run `degreefit batch ARGS...` (no check of the outcome)."""
    return runner.invoke(app, ["batch", *args], input=stdin)


def batch_ok(runner: CliRunner, *args: str, stdin: str | None = None) -> Result:
    """Run `degreefit batch ARGS...` and check it scored every row."""
    result = batch(runner, *args, stdin=stdin)
    assert result.exit_code == 0, (result.stderr, result.exception)
    return result


def results(text: str) -> list[dict[str, Any]]:
    """The JSON Lines output of a batch, one object a line."""
    return [json.loads(line) for line in text.splitlines()]


def ask_result(runner: CliRunner, answers: dict[str, Any]) -> dict[str, Any]:
    """What `ask --answers - --format json` says about answers, in the shape of a batch result line."""
    result = runner.invoke(app, ["ask", "--answers", "-", "--format", "json"], input=json.dumps(answers))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    return {
        "top": document["top"],
        "scores": {entry["degree"]: entry["score"] for entry in document["ranking"]},
        "eligibility": {entry["degree"]: entry["eligibility"] for entry in document["ranking"]},
        "margin": document["margin"],
        "close_call": document["close_call"],
    }


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
    """How many people the summary table says each degree suits best."""
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


def persona_tops() -> dict[str, int]:
    """How many of the six personas each degree suits best."""
    tops = Counter(top for _, top, _ in PERSONAS.values())
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


# Round trip: the same answers as `ask`


def test_cohort_of_personas_scores_each_row_as_ask_does(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """Each person in a cohort file gets exactly the top pick, scores, eligibility, margin and close call
    that `ask` gives them alone, under their own id and in input order, and the summary on stderr counts
    how many people each degree suits best."""
    rows = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(rows), encoding="utf-8")
    result = batch_ok(runner, str(cohort))

    lines = results(result.stdout)
    assert len(lines) == len(rows)
    for number, (row, line, (answers, top, eligibility)) in enumerate(
        zip(rows, lines, PERSONAS.values(), strict=True), start=1
    ):
        assert set(line) == RESULT_KEYS
        assert line["id"] == row["id"]
        assert line["line"] == number
        assert {key: line[key] for key in RESULT_KEYS - {"id", "line"}} == ask_result(runner, answers)
        assert list(line["scores"]) == list(line["eligibility"]) == codes(ruleset)
        assert line["top"] == top
        assert eligibility.items() <= line["eligibility"].items()

    assert summary_counts(result.stderr) == persona_tops()
    close_calls = sum(line["close_call"] for line in lines)
    assert summary_totals(result.stderr) == (6, 6, 0, close_calls)
    assert "error" not in result.stderr
    assert "scoring" not in result.stderr  # no progress line when stderr is not a terminal


def test_stdin_is_read_as_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    """`degreefit batch -` reads JSON Lines from stdin and prints what the same file would give; a bad
    row there is named `<stdin>:LINE`."""
    rows = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(rows), encoding="utf-8")
    from_file = batch_ok(runner, str(cohort)).stdout
    assert batch_ok(runner, "-", stdin=jsonl(rows)).stdout == from_file

    result = batch(runner, "-", stdin=jsonl(rows) + "[]\n")
    assert result.exit_code == 2
    assert result.stdout == from_file
    assert result.stderr.startswith(
        "degreefit: error: <stdin>:7: expected a JSON object whose keys are question ids, got a list\n"
    )


# Every row in the output or in the errors report


def _bad_value(question: Question) -> st.SearchStrategy[Any]:
    """A JSON value `question` does not accept."""
    wrong_type = st.sampled_from([None, {"a": 1}, 1.5])
    if question.kind == "single":
        return st.one_of(st.just(ASTRONAUT), st.just(["x"]), wrong_type)
    if question.kind == "multi":
        return st.one_of(st.just([]), st.just([ASTRONAUT]), st.just("x"), wrong_type)
    if question.kind == "boolean":
        return st.one_of(st.sampled_from(["yes", 0, 1]), wrong_type)
    assert question.max is not None
    return st.one_of(st.just(question.max + 1), st.just("2"), st.just(True), wrong_type)


def bad_rows(ruleset: RuleSet) -> st.SearchStrategy[dict[str, Any] | str]:
    """One row that must be rejected: an object with an unknown key, a bad value or a required answer
    taken out, or the raw text of a line that is not JSON or is a JSON list."""
    by_id = {q.id: q for q in ruleset.questions}

    @st.composite
    def unknown_key(draw: st.DrawFn) -> dict[str, Any]:
        answers = draw(valid_answers(ruleset))
        answers[draw(st.sampled_from(["favourite_colour", "Goals", "clinicalstatus"]))] = 1
        return answers

    @st.composite
    def bad_value(draw: st.DrawFn) -> dict[str, Any]:
        answers = draw(valid_answers(ruleset))
        key = draw(st.sampled_from(sorted(answers)))
        answers[key] = draw(_bad_value(by_id[key]))
        return answers

    @st.composite
    def missing(draw: st.DrawFn) -> dict[str, Any]:
        answers = draw(valid_answers(ruleset))
        del answers[draw(st.sampled_from(sorted(k for k in answers if by_id[k].required)))]
        return answers

    not_json = st.sampled_from(["not json", "{", '{"goals": [}', "{'clinical_status': 1}", "nul"])
    a_list = st.lists(st.integers(), max_size=3).map(json.dumps)
    return st.one_of(unknown_key(), bad_value(), missing(), not_json, a_list)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_row_ends_in_the_output_or_the_errors_report(
    ruleset: RuleSet, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """Whatever the mix of good and bad rows, each input line is either scored (in order, under its id)
    or reported in --errors with its line and id, never both and never neither; the exit code is 0
    when no row is bad and 2 otherwise."""
    good: list[dict[str, Any] | str] = list(data.draw(st.lists(valid_answers(ruleset), max_size=6)))
    bad = data.draw(st.lists(bad_rows(ruleset), max_size=6))
    mixed = data.draw(st.permutations([("good", row) for row in good] + [("bad", row) for row in bad]))
    with_ids = data.draw(st.lists(st.booleans(), min_size=len(mixed), max_size=len(mixed)))
    lines: list[str] = []
    expected_ids: dict[int, str | None] = {}
    for number, ((_, row), with_id) in enumerate(zip(mixed, with_ids, strict=True), start=1):
        if isinstance(row, str):
            lines.append(row)
            expected_ids[number] = None
        else:
            person = f"row-{number}" if with_id else None
            lines.append(json.dumps({"id": person, **row} if person else row))
            expected_ids[number] = person
    directory = tmp_path_factory.mktemp("batch")
    cohort = directory / "cohort.jsonl"
    cohort.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    report = directory / "errors.jsonl"

    result = batch(runner, str(cohort), "--errors", str(report))

    assert result.exit_code == (2 if bad else 0), (lines, result.stderr, result.exception)
    scored = results(result.stdout)
    rejected = results(report.read_text(encoding="utf-8"))
    numbered = list(enumerate(mixed, start=1))
    assert [line["line"] for line in scored] == [n for n, (kind, _) in numbered if kind == "good"]
    assert [line["line"] for line in rejected] == [n for n, (kind, _) in numbered if kind == "bad"]
    for line in scored:
        assert line["id"] == (expected_ids[line["line"]] or str(line["line"]))
    for line in rejected:
        assert set(line) == {"line", "id", "error"}
        assert line["id"] == expected_ids[line["line"]]
        assert line["error"].startswith(f"{cohort}:{line['line']}")
    close_calls = sum(line["close_call"] for line in scored)
    assert summary_totals(result.stderr) == (len(lines), len(good), len(bad), close_calls)


# A bad row's message


BAD_ROWS = {
    "bad value": json.dumps({**PERSONAS[PHYSICIAN][0], "clinical_status": ASTRONAUT}),
    "unknown key": json.dumps({**PERSONAS[PHYSICIAN][0], "favourite_colour": "blue"}),
    "two problems": json.dumps({**PERSONAS[PHYSICIAN][0], "max_years": 0, "wants_research": "no"}),
    "missing": json.dumps(
        {k: v for k, v in PERSONAS[PHYSICIAN][0].items() if k not in ("study_format", "max_years")}
    ),
    "not JSON": '{"clinical_status": }',
    "a list": json.dumps(["practicing_physician", "mid"]),
    "repeated key": '{"goals": ["quality_improvement"], "goals": ["quality_improvement"]}',
}


@pytest.mark.parametrize("text", list(BAD_ROWS.values()), ids=list(BAD_ROWS))
def test_bad_row_gets_the_message_ask_gives_with_file_and_line(
    runner: CliRunner, tmp_path: Path, text: str
) -> None:
    """A bad row is reported with the very message `ask` prints for those answers, with FILE:LINE where
    `ask` names the file, on stderr and in the --errors report alike; the rows around it are scored."""
    good = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(good[:2]) + text + "\n" + jsonl(good[2:]), encoding="utf-8")
    expected = ask_errors(runner, tmp_path, text, f"{cohort}:3")

    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert [line["id"] for line in results(result.stdout)] == [row["id"] for row in good]
    assert result.stderr.startswith("".join(f"{line}\n" for line in expected)), result.stderr
    assert result.stderr.endswith("degreefit: error: 1 row of 7 rejected (see above)\n")

    report = tmp_path / "errors.jsonl"
    result = batch(runner, str(cohort), "--errors", str(report))
    assert result.exit_code == 2
    assert "degreefit: error: " + str(cohort) not in result.stderr
    assert result.stderr.endswith(f"degreefit: error: 1 row of 7 rejected (see {report})\n")
    prefix = "degreefit: error: "
    assert results(report.read_text(encoding="utf-8")) == [
        {"line": 3, "id": None, "error": "\n".join(line[len(prefix) :] for line in expected)}
    ]


@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_bad_row_with_an_id_is_named_by_line_and_id(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str
) -> None:
    """The message for a bad row that has an id names the id after the line, as `FILE:2 (id b2): ...`."""
    answers = dict(PERSONAS[PHYSICIAN][0])
    bad = {**answers, "clinical_status": ASTRONAUT}
    cohort = tmp_path / f"cohort.{input_format}"
    if input_format == "jsonl":
        text = jsonl([{"id": "a1", **answers}, {"id": "b2", **bad}])
    else:
        rows = [
            [person, *(csv_cell(v, 0) for v in row.values())]
            for person, row in (("a1", answers), ("b2", bad))
        ]
        text = csv_text(["id", *answers], rows)
    cohort.write_text(text, encoding="utf-8", newline="")
    line = 2 if input_format == "jsonl" else 3  # the CSV header is line 1
    expected = ask_errors(runner, tmp_path, json.dumps(bad), f"{cohort}:{line} (id b2)")

    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert [line["id"] for line in results(result.stdout)] == ["a1"]
    assert result.stderr.splitlines()[: len(expected)] == expected


# CSV input


@pytest.mark.parametrize(
    ("name", "options"),
    [("cohort.csv", []), ("cohort.CSV", []), ("cohort.txt", ["--input-format", "csv"])],
    ids=["by-extension", "upper-case-extension", "input-format-option"],
)
def test_csv_input_scores_like_json_lines(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, name: str, options: list[str]
) -> None:
    """A spreadsheet export of the cohort (BOM, quoted id with a comma, goals joined by `;`, booleans as
    true/false/yes/no in any case, blank lines) scores each person exactly as the JSON Lines file does,
    with each row's physical line number."""
    ids = ["Doe, Jane", "p2", 'Ann "A" Lee', "p4", "p5", "p6"]
    header, rows = persona_csv_rows(ruleset, ids)
    body = csv_text(header, rows).splitlines(keepends=True)
    # Blank lines (empty, white space only, commas only) before rows 1, 3 and 6: physical lines shift.
    blank = "," * (len(header) - 1) + "\r\n"
    lines = [body[0], "\r\n", body[1], body[2], "   \r\n", body[3], body[4], body[5], blank, "\r\n", body[6]]
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + "".join(lines).encode("utf-8"))

    result = batch_ok(runner, str(path), *options)

    same_as_jsonl = [{"id": i, **answers} for i, (answers, _, _) in zip(ids, PERSONAS.values(), strict=True)]
    expected = results(batch_ok(runner, "-", stdin=jsonl(same_as_jsonl)).stdout)
    scored = results(result.stdout)
    assert [line["line"] for line in scored] == [3, 4, 6, 7, 8, 11]
    assert [{**line, "line": 0} for line in scored] == [{**line, "line": 0} for line in expected]
    assert summary_counts(result.stderr) == persona_tops()


def test_csv_rows_with_bad_cells_or_the_wrong_number_of_fields_are_rejected_by_physical_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """In a CSV file, a row with too many or too few fields is rejected with `has N fields; the header
    has M`, a cell its question does not accept with `ask`'s message, and each error cites the row's
    physical line (blank lines counted); the good rows are still scored."""
    ids = [f"p{n}" for n in range(1, 7)]
    header, rows = persona_csv_rows(ruleset, ids)
    width = len(header)
    short = rows[1][:3]
    long = [*rows[2], "extra"]
    wrong = list(rows[3])
    wrong[header.index("wants_research")] = "maybe"
    body = csv_text(header, [rows[0], short, long, wrong, rows[4]]).splitlines(keepends=True)
    path = tmp_path / "cohort.csv"
    lines = [body[0], body[1], "\r\n", body[2], body[3], "\r\n", "\r\n", body[4], body[5]]
    path.write_text("".join(lines), encoding="utf-8", newline="")

    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert [(line["id"], line["line"]) for line in results(result.stdout)] == [("p1", 2), ("p5", 9)]
    stderr = result.stderr.splitlines()
    assert stderr[:3] == [
        f"degreefit: error: {path}:4: has 3 fields; the header has {width}",
        f"degreefit: error: {path}:5: has {width + 1} fields; the header has {width}",
        f'degreefit: error: {path}:8 (id p4): wants_research: must be true or false; got "maybe"',
    ]
    assert stderr[-1] == "degreefit: error: 3 rows of 5 rejected (see above)"


def test_csv_without_a_required_column_rejects_every_row_as_missing_that_answer(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A CSV file without the study_format column gives every row `missing required answers:
    study_format` (the message `ask` gives for answers without it), and scores none."""
    header, rows = persona_csv_rows(ruleset, [f"p{n}" for n in range(1, 7)])
    column = header.index("study_format")
    path = tmp_path / "cohort.csv"
    text = csv_text(
        header[:column] + header[column + 1 :], [row[:column] + row[column + 1 :] for row in rows]
    )
    path.write_text(text, encoding="utf-8", newline="")
    without = {k: v for k, v in PERSONAS[PHYSICIAN][0].items() if k != "study_format"}
    assert ask_errors(runner, tmp_path, json.dumps(without), "FILE") == [
        "degreefit: error: FILE: missing required answers: study_format"
    ]

    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[:6] == [
        f"degreefit: error: {path}:{line} (id p{line - 1}): missing required answers: study_format"
        for line in range(2, 8)
    ]
    assert summary_totals(result.stderr) == (6, 0, 6, 0)


def test_csv_header_with_an_unknown_column_stops_before_any_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A CSV header naming columns that are no question (nor `id`) exits 2 with one error naming them
    (a misspelt one with the question it most likely meant), scores nothing and leaves no output file."""
    header, rows = persona_csv_rows(ruleset, [f"p{n}" for n in range(1, 7)])
    header[header.index("career_stage")] = "carer_stage"
    path = tmp_path / "cohort.csv"
    path.write_text(
        csv_text([*header, "favourite_colour"], [[*row, "blue"] for row in rows]),
        encoding="utf-8",
        newline="",
    )
    output = tmp_path / "out" / "results.jsonl"
    output.parent.mkdir()

    for options in ([], ["--output", str(output)]):
        result = batch(runner, str(path), *options)
        assert result.exit_code == 2
        assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert line == (
            f"degreefit: error: {path}:1: the header names unknown columns: carer_stage (did you mean "
            "career_stage?), favourite_colour; columns are question ids, or id"
        )
    assert list((tmp_path / "out").iterdir()) == []


# Output formats and destinations


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


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_output_file_appears_whole_with_nothing_on_stdout(
    runner: CliRunner, tmp_path: Path, output_format: str
) -> None:
    """`--output PATH` writes to PATH exactly what stdout would have shown, leaves no temporary file
    beside it, prints nothing on stdout and the summary on stderr."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    shown = batch_ok(runner, str(cohort), "--format", output_format).stdout
    target = tmp_path / "out" / f"results.{output_format}"

    result = batch_ok(runner, str(cohort), "--format", output_format, "--output", str(target))
    assert result.stdout == ""
    assert summary_counts(result.stderr) == persona_tops()
    assert [p.name for p in target.parent.iterdir()] == [target.name]
    assert target.read_text(encoding="utf-8") == shown


def test_summary_only_prints_the_table_on_stdout_and_no_rows(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only` prints the cohort summary table on stdout and no result rows."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch_ok(runner, str(cohort), "--summary-only")
    assert result.stderr == ""
    assert summary_counts(result.stdout) == persona_tops()
    assert summary_totals(result.stdout)[:3] == (6, 6, 0)
    assert "{" not in result.stdout
    assert "p1" not in result.stdout


def test_summary_only_as_json_prints_exactly_the_summary(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only --format json` prints one JSON document and nothing else: rows, scored, rejected,
    close calls, how many people each degree suits best, and how many no degree is open to."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "not json\n", encoding="utf-8")
    close_calls = sum(line["close_call"] for line in results(batch(runner, str(cohort)).stdout))

    result = batch(runner, str(cohort), "--summary-only", "--format", "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert set(summary) == SUMMARY_KEYS
    assert summary == {
        "rows": 7,
        "scored": 6,
        "rejected": 1,
        "close_calls": close_calls,
        "top": persona_tops(),
        "none_open": 0,
    }
    assert result.stderr.startswith(f"degreefit: error: {cohort}:7: not valid JSON: ")


def test_json_format_without_summary_only_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """`--format json` without `--summary-only` exits 2 with an error pointing at --summary-only."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort), "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("degreefit: error: ")
    assert "--summary-only" in line


def test_missing_input_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """A batch on a file that does not exist exits 2 with `degreefit: error: FILE: no such file`."""
    missing = tmp_path / "no-such-cohort.jsonl"
    result = batch(runner, str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"degreefit: error: {missing}: no such file\n"


# Scale


def test_twenty_thousand_rows_are_all_written_in_order(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A 20,000-row cohort runs to the end and writes 20,000 result lines, in input order."""
    rows = 20_000
    rng = random.Random(6)
    cohort = tmp_path / "cohort.jsonl"
    with cohort.open("w", encoding="utf-8") as out:
        for number in range(rows):
            answers = random_answers(ruleset, rng)
            out.write(
                json.dumps(
                    {
                        "id": f"p{number}",
                        **{k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
                    }
                )
                + "\n"
            )
    target = tmp_path / "results.jsonl"

    result = batch_ok(runner, str(cohort), "--output", str(target))
    assert summary_totals(result.stderr)[:3] == (rows, rows, 0)
    count = 0
    with target.open(encoding="utf-8") as written:
        for count, text in enumerate(written, start=1):
            line = json.loads(text)
            assert (line["id"], line["line"]) == (f"p{count - 1}", count)
    assert count == rows


# Ctrl-C


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


ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
# Past the first tenth of a second: some of the file read, rows counted, a rate and a time left.
PROGRESS_ON_A_FILE = r"scoring \S+\s+[1-9]\d*% · [1-9][\d,]* rows · [1-9][\d,]* rows/s · \d+:\d\d:\d\d left"
PROGRESS_ON_A_PIPE = r"scoring [1-9][\d,]* rows · [1-9][\d,]* rows/s · \d+:\d\d:\d\d"


@pytest.mark.parametrize(
    ("command", "progress"),
    [
        ('"$DEGREEFIT" batch cohort.jsonl -o results.jsonl', PROGRESS_ON_A_FILE),
        ('"$DEGREEFIT" batch - -o results.jsonl < cohort.jsonl', PROGRESS_ON_A_FILE),
        ('cat cohort.jsonl | "$DEGREEFIT" batch - -o results.jsonl', PROGRESS_ON_A_PIPE),
    ],
    ids=["file", "stdin-from-a-file", "pipe"],
)
def test_a_terminal_shows_progress_then_the_summary(tmp_path: Path, command: str, progress: str) -> None:
    """On a terminal, a batch shows a live progress line on stderr: for a file (named, or redirected to
    stdin), a bar with how much is read, the rows so far, rows/s and the time left; for a pipe, the rows
    so far, rows/s and the time taken. It then gives way to the summary table, and every row is
    written."""
    people = persona_rows()
    rows = 10_000 * len(people)
    (tmp_path / "cohort.jsonl").write_text(jsonl(people) * 10_000, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "COLUMNS", "LINES"}}
    env |= {"TERM": "xterm", "DEGREEFIT": str(Path(sys.executable).parent / "degreefit")}
    env["DEGREEFIT_CACHE_DIR"] = str(tmp_path / "cache")
    child = pexpect.spawn(
        "bash", ["-c", command], encoding="utf-8", dimensions=(24, 120), env=env, cwd=str(tmp_path)
    )
    try:
        child.expect(pexpect.EOF, timeout=SUBPROCESS_TIMEOUT)
        screen = ANSI.sub("", child.before)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, screen
    assert re.search(progress, screen), screen[:2000]
    assert screen.index("scoring") < screen.index(f"{rows:,} rows: {rows:,} scored, 0 rejected")
    with (tmp_path / "results.jsonl").open(encoding="utf-8") as written:
        assert sum(1 for _ in written) == rows


@pytest.mark.skipif(os.name == "nt", reason="SIGINT and select on pipes are POSIX here")
def test_ctrl_c_keeps_the_rows_scored_so_far_in_a_partial_file(tmp_path: Path) -> None:
    """Ctrl-C while a batch waits for more input exits 130 without a traceback, says how many rows were
    done and that the scored ones are in PATH.partial, and that file holds exactly those rows, whole."""
    script = Path(sys.executable).parent / "degreefit"
    target = tmp_path / "out" / "results.jsonl"
    partial = Path(f"{target}.partial")
    rows = persona_rows()
    env = {**os.environ, "DEGREEFIT_CACHE_DIR": str(tmp_path / "subprocess-cache")}
    with subprocess.Popen(
        [str(script), "batch", "-", "--output", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
    ) as process:
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            # The last row is bad: its error on stderr shows that every row before it has been scored,
            # and the batch is then waiting for the next line of the pipe, which stays open.
            process.stdin.write((jsonl(rows) + "[]\n").encode("utf-8"))
            process.stdin.flush()
            seen = read_stderr_until(process, b"got a list\n", SUBPROCESS_TIMEOUT)
            assert b"<stdin>:7: expected a JSON object" in seen, seen
            time.sleep(0.1)
            assert process.poll() is None, "the batch ended before it was interrupted"
            process.send_signal(signal.SIGINT)
            process.wait(timeout=SUBPROCESS_TIMEOUT)
        finally:
            process.kill()
        stdout = process.stdout.read().decode("utf-8")
        stderr = (seen + read_stderr_until(process, b"\0", 5)).decode("utf-8")

    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stdout == ""
    last = stderr.splitlines()[-1]
    assert last.startswith("degreefit: interrupted: ")
    assert re.search(r"\b7 rows\b", last), last
    assert f"the 6 rows scored so far are in {partial}" in last
    assert [p.name for p in target.parent.iterdir()] == [partial.name]
    kept = partial.read_text(encoding="utf-8")
    assert kept.endswith("\n")
    lines = results(kept)
    assert [(line["id"], line["line"]) for line in lines] == [(row["id"], n) for n, row in enumerate(rows, 1)]


def test_a_line_that_is_not_utf8_is_one_rejected_row(runner: CliRunner, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 reject their row (with the byte's offset); the other rows are scored."""
    good = json.dumps(PERSONAS[PHYSICIAN][0]).encode()
    path = tmp_path / "cohort.jsonl"
    path.write_bytes(good + b"\n" + b'{"clinical_status": "\xff"}\n' + good + b"\n")
    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert [line["line"] for line in results(result.stdout)] == [1, 3]
    assert result.stderr.splitlines()[0] == f"degreefit: error: {path}:2: not UTF-8 text (byte 21)"


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
    completed = subprocess.run(
        [sys.executable, "-m", "degreefit", "batch", str(cohort), "-o", str(output), "-f", output_format],
        capture_output=True,
        text=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert f"degreefit: error: {cohort}:2: {problem}" in completed.stderr
    written = output.read_text(encoding="utf-8")
    if output_format == "jsonl":
        assert [line["id"] for line in results(written)] == ["a", "\u00e9"]
    else:
        assert [row[0] for row in csv.reader(io.StringIO(written, newline=""))] == ["id", "a", "\u00e9"]


def test_a_csv_id_with_a_nul_rejects_its_row(runner: CliRunner, tmp_path: Path, ruleset: RuleSet) -> None:
    """A CSV cell can hold a NUL too: that row is rejected (on every Python: 3.10's csv module cannot
    read the line, later ones read a NUL that the CSV output could not carry); the others are scored."""
    header, rows = persona_csv_rows(ruleset, ["a", "b-NUL-c", "d", "e", "f", "g"])
    cohort = tmp_path / "cohort.csv"  # Python 3.10's csv.writer cannot write a NUL itself
    cohort.write_text(csv_text(header, rows).replace("b-NUL-c", "b\x00c"), encoding="utf-8")
    result = batch(runner, str(cohort), "--format", "csv")
    assert result.exit_code == 2
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout, newline=""))] == [
        "id",
        "a",
        "d",
        "e",
        "f",
        "g",
    ]
    [message] = [
        line for line in result.stderr.splitlines() if line.startswith("degreefit: error: ") and ":3:" in line
    ]
    assert message in (
        f"degreefit: error: {cohort}:3: id: holds a NUL character",
        f"degreefit: error: {cohort}:3: cannot be read as CSV: line contains NUL",
    )


def test_a_csv_record_the_reader_cannot_read_rejects_only_its_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A CSV cell longer than the csv module reads (128 KiB) rejects its row with the reader's reason;
    the rows after it are read and scored as usual."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    rows[1][header.index("specialty")] = "x" * 200_000
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(csv_text(header, rows), encoding="utf-8")
    result = batch(runner, str(cohort), "--format", "csv")
    assert result.exit_code == 2, result.stderr
    assert [row[0] for row in csv.reader(io.StringIO(result.stdout, newline=""))] == [
        "id",
        "p1",
        "p3",
        "p4",
        "p5",
        "p6",
    ]
    assert (
        f"degreefit: error: {cohort}:3: cannot be read as CSV: field larger than field limit" in result.stderr
    )
    assert summary_totals(result.stderr)[:3] == (6, 5, 1)


def test_an_input_name_that_is_not_utf8_is_kept_in_the_errors_report(tmp_path: Path) -> None:
    """A file whose name holds a byte that is not UTF-8 can still be a batch's input: its bad rows go to
    --errors as valid JSON, the byte written as a \\udcXX escape; exit 2, no traceback."""
    if sys.platform == "darwin":
        pytest.skip("macOS file names are always UTF-8")
    directory = os.fsencode(tmp_path)
    source = directory + b"/cohort-\xff.jsonl"
    with open(source, "wb") as out:
        out.write(b"[]\n")
    report = tmp_path / "errors.jsonl"
    completed = subprocess.run(
        [
            os.fsencode(sys.executable),
            b"-m",
            b"degreefit",
            b"batch",
            source,
            b"--errors",
            os.fsencode(report),
        ],
        capture_output=True,
        timeout=SUBPROCESS_TIMEOUT,
    )
    assert completed.returncode == 2, completed.stderr
    assert b"Traceback" not in completed.stderr
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["error"].startswith(f"{tmp_path}/cohort-\udcff.jsonl:1: expected a JSON object")


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        ("clinical_status,goals,goals", "the header names a column twice: goals"),
        ("clinical_status,", "the header has an empty column name (a trailing comma?)"),
    ],
    ids=["repeated-column", "trailing-comma"],
)
def test_a_broken_csv_header_stops_before_any_output(
    runner: CliRunner, tmp_path: Path, header: str, problem: str
) -> None:
    """A broken header (a column twice, or an empty one) is one error, and nothing is written."""
    path = tmp_path / "cohort.csv"
    path.write_text(f"{header}\npracticing_physician,x,y\n", encoding="utf-8")
    result = batch(runner, str(path), "--format", "csv")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"degreefit: error: {path}:1: {problem}\n"


def test_csv_cells_that_are_not_whole_numbers_reject_only_their_row(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A years cell like `--5` is that row's error (the message ask gives), not a crash of the batch."""
    header = ",".join(
        [
            "clinical_status",
            "career_stage",
            "goals",
            "study_format",
            "max_years",
            "wants_research",
            "recognition_importance",
            "can_reduce_income",
        ]
    )
    path = tmp_path / "cohort.csv"
    path.write_text(
        f"{header}\nnon_clinician,early,consulting,full_time,--5,no,low,yes\n"
        "non_clinician,early,consulting,full_time,2,no,low,yes\n",
        encoding="utf-8",
    )
    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert [line["line"] for line in results(result.stdout)] == [3]
    expected = f'degreefit: error: {path}:2: max_years: must be a whole number from 1 to 6; got "--5"'
    assert result.stderr.splitlines()[0] == expected


def test_a_csv_line_that_is_not_utf8_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """In CSV too, a line that is not UTF-8 is rejected as such, with the offset of the bad byte."""
    path = tmp_path / "cohort.csv"
    path.write_bytes(b"clinical_status,career_stage\nnon_clinician,\xffearly\n")
    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"degreefit: error: {path}:2: not UTF-8 text (byte 14)"


def test_summary_only_refuses_an_output_file(runner: CliRunner, tmp_path: Path) -> None:
    """--summary-only with --output is refused, rather than silently leaving the file unwritten."""
    path = tmp_path / "cohort.jsonl"
    path.write_text(json.dumps(PERSONAS[PHYSICIAN][0]) + "\n", encoding="utf-8")
    result = batch(runner, str(path), "--summary-only", "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert "leave out --output" in result.stderr


# Output lines, whatever the id holds


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


@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_a_line_over_1_mib_rejects_its_row_and_the_next_rows_are_read(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str
) -> None:
    """A row is one person's answers: a line longer than 1 MiB (what an answers file may hold) is
    rejected, named by its line, without reading it whole; the rows after it are scored."""
    huge = "x" * (3 * 1024 * 1024)
    if input_format == "jsonl":
        rows = persona_rows()
        text = jsonl(rows[:2]) + json.dumps({"id": huge}) + "\n" + jsonl(rows[2:])
        expected = [row["id"] for row in rows]
    else:
        header, cells = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
        text = csv_text(header, cells[:2]) + huge + "\r\n" + csv_text(header, cells[2:]).split("\n", 1)[1]
        expected = ["p1", "p2", "p3", "p4", "p5", "p6"]
    cohort = tmp_path / f"cohort.{input_format}"
    cohort.write_text(text, encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2, result.stderr
    assert [line["id"] for line in results(result.stdout)] == expected
    line = 3 if input_format == "jsonl" else 4  # the CSV header is line 1
    assert f"degreefit: error: {cohort}:{line}: longer than 1024 KiB; a row holds one person's answers\n" in (
        result.stderr
    )
    assert summary_totals(result.stderr)[:3] == (7, 6, 1)


# Files a batch would overwrite or cannot write


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["-o", "{cohort}"], "INPUT and --output name the same file"),
        (["-o", "results.jsonl", "--errors", "results.jsonl"], "--output and --errors name the same file"),
        (["--errors", "{cohort}"], "INPUT and --errors name the same file"),
    ],
    ids=["output-is-input", "errors-is-output", "errors-is-input"],
)
def test_a_batch_never_writes_over_its_input_or_its_results(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], problem: str
) -> None:
    """Naming the input as --output or --errors, or one file for both, is refused before anything is
    read or written (exit 2): the cohort file is left as it was and no results file appears."""
    monkeypatch.chdir(tmp_path)
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    before = cohort.read_bytes()
    result = batch(runner, str(cohort), *(arg.format(cohort=cohort) for arg in args))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"degreefit: error: {problem}")
    assert result.stdout == ""
    assert cohort.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl"]


def test_results_that_cannot_be_written_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    """An --output path that cannot be created (its folder is a file) exits 1, as `ask` does when it
    cannot write, naming the path."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / "a-file" / "results.jsonl"
    result = batch(runner, str(cohort), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"degreefit: error: {target}: cannot write")


def test_summary_only_refuses_csv(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only --format csv` is refused (the summary is a table, or JSON) instead of ignoring csv."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort), "--summary-only", "--format", "csv")
    assert result.exit_code == 2
    assert "--summary-only prints a table" in result.stderr


# CSV that is read as JSON Lines, and CSV cells people write


def test_csv_read_as_json_lines_says_how_to_read_it_as_csv(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A CSV cohort piped to `batch -` (read as JSON Lines) is rejected, and the first message says
    that it may be CSV and how to read it so."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    result = batch(runner, "-", stdin=csv_text(header, rows))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("degreefit: error: <stdin>:1: not valid JSON")
    assert first.endswith("; is this CSV? Name a .csv file, or pass --input-format csv")


def test_goals_separated_by_commas_in_a_quoted_csv_cell_are_read_as_goals(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A spreadsheet cell `"Lead..., Improve..."` (goals separated by commas, so quoted) reads as the
    same goals as `a;b`: the person is scored, not told a goal does not exist."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    column = header.index("goals")
    with_semicolons = csv_text(header, rows)
    for row in rows:
        row[column] = row[column].replace(";", ", ")
    with_commas = csv_text(header, rows)
    assert with_commas != with_semicolons
    (tmp_path / "semicolons.csv").write_text(with_semicolons, encoding="utf-8")
    (tmp_path / "commas.csv").write_text(with_commas, encoding="utf-8")
    expected = batch_ok(runner, str(tmp_path / "semicolons.csv")).stdout
    assert batch_ok(runner, str(tmp_path / "commas.csv")).stdout == expected


def test_a_csv_file_without_a_header_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """An empty (or blank) CSV file has no header to read columns from: exit 2, saying so."""
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("\n\n", encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert result.stderr == (
        f"degreefit: error: {cohort}: has no header; a CSV cohort starts with a line of question ids\n"
    )


def test_the_summary_counts_in_words_a_person_reads(runner: CliRunner, tmp_path: Path) -> None:
    """One row is `1 row`, not `1 rows`; a bad one ends the run with `1 row of 2 rejected`."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()[:1]), encoding="utf-8")
    assert re.search(
        r"^1 row: 1 scored, 0 rejected; \d+ close calls?$", batch_ok(runner, str(cohort)).stderr, re.M
    )
    cohort.write_text(jsonl(persona_rows()[:1]) + "[]\n", encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.stderr.endswith("degreefit: error: 1 row of 2 rejected (see above)\n")


class FullDisk(io.StringIO):
    """A file that takes a few writes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, text: str) -> int:
        self.room -= 1
        if self.room < 0:
            raise OSError(28, "No space left on device")
        return super().write(text)


def test_a_disk_that_fills_up_leaves_no_half_written_results(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When writing the results fails part way (the disk fills up), the batch exits 1 naming the
    file it cannot write, and leaves neither the results file nor a temporary file behind."""
    from degreefit.batch.sink import Sink

    real_init = Sink.__init__

    def filling_up(self: Sink, path: str | None, stdout: Any, **options: Any) -> None:
        real_init(self, path, stdout, **options)
        if path is not None:
            self.stream.close()
            self.stream = FullDisk(room=3)

    monkeypatch.setattr(Sink, "__init__", filling_up)
    cohort_file = tmp_path / "cohort.jsonl"
    cohort_file.write_text(jsonl(persona_rows()), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    target = out / "results.jsonl"
    result = batch(runner, str(cohort_file), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == f"degreefit: error: {target}: cannot write: No space left on device\n"
    assert list(out.iterdir()) == []


# Output paths that are links, devices or directories; stdin that is the output


def test_an_output_that_is_a_symlink_writes_the_file_it_names(runner: CliRunner, tmp_path: Path) -> None:
    """`-o link` where link points at a file writes that file and leaves the link a link."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    real = tmp_path / "real.jsonl"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    batch_ok(runner, str(cohort), "-o", str(link))
    assert link.is_symlink()
    assert len(results(real.read_text(encoding="utf-8"))) == 6


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_an_output_that_is_a_pipe_is_written_not_replaced(runner: CliRunner, tmp_path: Path) -> None:
    """`-o` naming a pipe (a FIFO, /dev/stdout) writes into it, and it stays a pipe: a rename would
    have replaced it with a regular file that its reader never sees."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    fifo = tmp_path / "results.fifo"
    os.mkfifo(fifo)
    received: list[str] = []

    def read_all() -> None:
        with fifo.open(encoding="utf-8") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    batch_ok(runner, str(cohort), "-o", str(fifo))
    reader.join(timeout=SUBPROCESS_TIMEOUT)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [line["id"] for line in results(received[0])] == [row["id"] for row in persona_rows()]


def test_stdin_redirected_from_the_output_file_is_refused(tmp_path: Path) -> None:
    """`degreefit batch - -o cohort.jsonl < cohort.jsonl` is refused (exit 2) and the cohort file is
    left whole: the results would have replaced the input being read."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    before = cohort.read_bytes()
    with cohort.open("rb") as stdin:
        completed = subprocess.run(
            [sys.executable, "-m", "degreefit", "batch", "-", "--errors", str(cohort)],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_TIMEOUT,
        )
    assert completed.returncode == 2, completed.stderr
    assert "INPUT and --errors name the same file" in completed.stderr
    assert cohort.read_bytes() == before


def test_one_file_under_two_names_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    """--output and --errors naming one new file through a symlinked folder are refused: the errors
    would have replaced the results."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    (tmp_path / "real").mkdir()
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    result = batch(
        runner,
        str(cohort),
        "-o",
        str(tmp_path / "real" / "x.jsonl"),
        "--errors",
        str(tmp_path / "alias" / "x.jsonl"),
    )
    assert result.exit_code == 2
    assert "--output and --errors name the same file" in result.stderr
    assert list((tmp_path / "real").iterdir()) == []


@pytest.mark.parametrize("which", ["--output", "--errors"])
def test_an_output_that_cannot_be_made_leaves_no_temporary_file(
    runner: CliRunner, tmp_path: Path, which: str
) -> None:
    """An --output or --errors that is a folder, or lies under a file, exits 1 naming it, and no
    temporary file is left beside either output."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-folder").mkdir()
    good, bad = str(out / "good.jsonl"), str(out / "a-folder")
    args = ["-o", bad, "--errors", good] if which == "--output" else ["-o", good, "--errors", bad]
    result = batch(runner, str(cohort), *args)
    assert result.exit_code == 1
    assert result.stderr == f"degreefit: error: {bad}: cannot write: Is a directory\n"
    assert sorted(p.name for p in out.iterdir()) == ["a-folder"]


def test_a_csv_header_that_is_not_utf8_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """A CSV saved as Latin-1 says its header is not UTF-8, with no internal marker (UTF-16: see
    test_batch_hostile)."""
    cohort = tmp_path / "cohort.csv"
    cohort.write_bytes("clinical_status,carrière\n".encode("latin-1"))
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"degreefit: error: {cohort}:1: the header cannot be read: not UTF-8 text"
    )
    assert "unreadable" not in result.stderr
