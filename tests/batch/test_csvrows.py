"""`degreefit batch` reading CSV (batch/csvrows.py): the header, cells as answers, and a record
that cannot be read rejecting only its own row."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from degreefit.models import RuleSet
from tests.helpers.batch import (
    ask_errors,
    batch,
    batch_ok,
    csv_text,
    persona_csv_rows,
    results,
    summary_totals,
    ten_people_csv,
)
from tests.helpers.personas import PERSONAS, PHYSICIAN


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


def test_a_csv_id_with_a_nul_rejects_its_row(runner: CliRunner, tmp_path: Path, ruleset: RuleSet) -> None:
    """A CSV cell can hold a NUL too: that row is rejected (on every Python: 3.10's csv module cannot
    read the line, later ones read a NUL that the CSV output could not carry); the others are scored."""
    header, rows = persona_csv_rows(ruleset, ["a", "b-NUL-c", "d", "e", "f", "g"])
    text = csv_text(header, rows).replace("b-NUL-c", "b\x00c")  # Python 3.10's csv.writer cannot write a NUL
    cohort, result = _batch_csv_text(runner, tmp_path, text, "--format", "csv")
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
    cohort, result = _batch_csv_text(runner, tmp_path, csv_text(header, rows), "--format", "csv")
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


@pytest.mark.parametrize(
    ("header", "problem"),
    [
        pytest.param(
            "clinical_status,goals,goals", "the header names a column twice: goals", id="repeated-column"
        ),
        pytest.param(
            "clinical_status,", "the header has an empty column name (a trailing comma?)", id="trailing-comma"
        ),
    ],
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
    cohort, result = _batch_csv_text(runner, tmp_path, "\n\n")
    assert result.exit_code == 2
    assert result.stderr == (
        f"degreefit: error: {cohort}: has no header; a CSV cohort starts with a line of question ids\n"
    )


def test_a_csv_header_that_is_not_utf8_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """A CSV saved as Latin-1 says its header is not UTF-8, with no internal marker (UTF-16: see
    test_batch_hostile)."""
    cohort, result = _batch_csv_text(runner, tmp_path, "clinical_status,carrière\n".encode("latin-1"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"degreefit: error: {cohort}:1: the header cannot be read: not UTF-8 text"
    )
    assert "unreadable" not in result.stderr


@pytest.mark.parametrize("where", [1, 9], ids=["second-row", "last-row"])
def test_a_csv_quote_left_open_rejects_only_its_own_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, where: int
) -> None:
    """A CSV row whose id opens a quote it never closes (`"a2 (Dr. Smith,...`) is rejected on its own
    line, with words saying so; every other row is scored, and the summary counts ten rows."""
    header, rows = ten_people_csv(ruleset)
    lines = csv_text(header, rows).splitlines()
    lines[where + 1] = lines[where + 1].replace(f"a{where + 1},", f'"a{where + 1} (Dr. Smith,', 1)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    report = tmp_path / "errors.jsonl"

    result = batch(runner, str(cohort), "--errors", str(report))

    assert result.exit_code == 2, result.stderr
    expected = [f"a{n}" for n in range(1, 11) if n != where + 1]
    assert [line["id"] for line in results(result.stdout)] == expected
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["line"] == where + 2  # the header is line 1
    assert rejected["error"] == (
        f'{cohort}:{where + 2}: a quote (") opens a field that nothing closes; close the quote, or write '
        '"" for a quote inside a quoted field'
    )
    assert summary_totals(result.stderr)[:3] == (10, 9, 1)


def test_a_csv_header_with_a_quote_left_open_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """A header that opens a quote and never closes it stops the batch at once, naming line 1."""
    cohort, result = _batch_csv_text(runner, tmp_path, 'id,"clinical_status\na1,practicing_physician\n')
    assert result.exit_code == 2
    assert result.stderr.startswith(f"degreefit: error: {cohort}:1: the header cannot be read: a quote")


def test_a_quoted_csv_cell_over_two_lines_is_one_person(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A valid RFC 4180 cell holding a line break (`"p1 first⏎second",...`, as a spreadsheet writes
    a cell with Alt-Enter) is one person, at the line the record starts on: no phantom person
    `second"` from its second line, and the rows after it keep their own line numbers."""
    header, rows = persona_csv_rows(ruleset, ["p1 first\nsecond", "p2", "p3", "p4", "p5", "p6"])
    cohort, result = _batch_csv(runner, tmp_path, header, rows)
    assert cohort.read_bytes().decode("utf-8").startswith(f'{",".join(header)}\r\n"p1 first\nsecond",')
    assert result.exit_code == 0, result.stderr
    assert _lines(result.stdout) == list(
        {"p1 first\nsecond": 2, "p2": 4, "p3": 5, "p4": 6, "p5": 7, "p6": 8}.items()
    )
    assert summary_totals(result.stderr)[:3] == (6, 6, 0)


def test_a_record_over_several_lines_with_the_wrong_fields_is_rejected_whole(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A record whose quoted cell goes on over three lines, and that has a field too many, is one
    rejected row naming the lines it covers: none of its lines is read as a person of its own."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    rows[1] = ["p2 a\nb\nc", *rows[1][1:], "extra"]
    report = tmp_path / "errors.jsonl"
    cohort, result = _batch_csv(runner, tmp_path, header, rows, "--errors", str(report))
    assert result.exit_code == 2, result.stderr
    assert _lines(result.stdout) == list({"p1": 2, "p3": 6, "p4": 7, "p5": 8, "p6": 9}.items())
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected == {
        "line": 3,
        "id": "p2 a\nb\nc",
        "error": f"{cohort}:3: has {len(header) + 1} fields; the header has {len(header)} "
        "(this record goes on to line 5: a quoted field holds line breaks)",
    }
    assert summary_totals(result.stderr)[:3] == (6, 5, 1)


def test_a_row_of_empty_cells_is_counted_and_rejected(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A row of empty cells (`,,,,`, as a spreadsheet exports an empty row) is a rejected row that says
    so, not skipped unseen: the summary counts every record. A truly blank line is still no row."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    body = csv_text(header, rows).splitlines(keepends=True)
    empty = "," * (len(header) - 1) + "\r\n"
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("".join([*body[:3], empty, " ,  ,\r\n", "\r\n", *body[3:]]), encoding="utf-8")

    result = batch(runner, str(cohort))

    assert result.exit_code == 2
    assert [line["line"] for line in results(result.stdout)] == [2, 3, 7, 8, 9, 10]
    said = "every cell is empty; fill in the person's answers, or delete the line"
    assert result.stderr.splitlines()[:2] == [
        f"degreefit: error: {cohort}:4: {said}",
        f"degreefit: error: {cohort}:5: {said}",
    ]
    assert summary_totals(result.stderr)[:3] == (8, 6, 2)


@pytest.mark.parametrize("cell", ["٣", "３", "0_3", " 3_0", "+3", "3.0", "1" * 5000])
def test_csv_whole_numbers_are_ascii_digits_only(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, cell: str
) -> None:
    """A years cell is a number only in the digits 0-9, as JSON and the prompt take it: Arabic-Indic
    `٣`, full-width `３` and `0_3` are that row's error, quoting the cell, not 3."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    rows[0][header.index("max_years")] = cell
    cohort, result = _batch_csv(runner, tmp_path, header, rows)
    assert result.exit_code == 2, result.stdout
    assert [line["id"] for line in results(result.stdout)] == ["p2", "p3", "p4", "p5", "p6"]
    assert result.stderr.startswith(
        f"degreefit: error: {cohort}:2 (id p1): max_years: must be a whole number"
    )


def test_a_quote_left_open_before_a_line_that_is_not_utf8_rejects_each_line_alone(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A quoted field cannot go on into a line that is not UTF-8: the open quote rejects its line,
    the next line is rejected as not UTF-8, and the rows after them are read as usual."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    body = csv_text(header, rows).encode("utf-8").splitlines(keepends=True)
    body[2] = b'"' + body[2]
    body[3] = body[3].replace(b"p3", b"p\xff3", 1)
    cohort, result = _batch_csv_text(runner, tmp_path, b"".join(body))
    assert result.exit_code == 2
    assert [line["id"] for line in results(result.stdout)] == ["p1", "p4", "p5", "p6"]
    assert result.stderr.splitlines()[:2] == [
        f'degreefit: error: {cohort}:3: a quote (") opens a field that nothing closes; close the quote, '
        'or write "" for a quote inside a quoted field',
        f"degreefit: error: {cohort}:4: not UTF-8 text (byte 1)",
    ]
    assert summary_totals(result.stderr)[:3] == (6, 4, 2)


def test_a_csv_header_names_its_columns_escaped(runner: CliRunner, tmp_path: Path) -> None:
    """An unknown column holding terminal controls is named with them escaped (\\x1b), not raw."""
    cohort, result = _batch_csv_text(runner, tmp_path, "id,\x1b[2Jgoals\x07\na1,x\n")
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    assert result.stderr.startswith(
        f"degreefit: error: {cohort}:1: the header names unknown columns: \\x1b[2Jgoals\\x07"
    )


def test_a_quoted_csv_cell_over_lines_too_long_for_a_row_is_one_rejected_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A valid quoted id cell of 800 lines (160 KB, more than the reader holds in a field) is one
    rejected row naming the lines it covers: its last line, which reads as a person of the header's
    width on its own, is not scored as a phantom, and the rows after it keep their line numbers
    (issue 22, item 4)."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    rows[1][0] = "\n".join(f"line {n} " + "y" * 200 for n in range(800))
    report = tmp_path / "errors.jsonl"
    cohort, result = _batch_csv(runner, tmp_path, header, rows, "--errors", str(report))
    assert result.exit_code == 2, result.stderr
    assert _lines(result.stdout) == list({"p1": 2, "p3": 803, "p4": 804, "p5": 805, "p6": 806}.items())
    assert results(report.read_text(encoding="utf-8")) == [
        {
            "line": 3,
            "id": None,
            "error": f"{cohort}:3: cannot be read as CSV: field larger than field limit (131072) "
            "(this record goes on to line 802: a quoted field holds line breaks)",
        }
    ]
    assert summary_totals(result.stderr)[:3] == (6, 5, 1)


def test_a_csv_record_over_lines_longer_than_a_row_is_one_rejected_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A record whose quoted cells, each under the reader's field limit, hold line breaks over more than
    a row may hold (1 MiB) is read to its end without holding it, and rejected as one row naming its
    lines; the rows after it are scored."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    cell = "\n".join("z" * 1000 for _ in range(120))  # 120 KB a cell
    rows[2] = [rows[2][0], *(cell for _ in header[1:])]
    cohort, result = _batch_csv(runner, tmp_path, header, rows)
    assert result.exit_code == 2, result.stderr
    end = 4 + 119 * (len(header) - 1)
    assert _lines(result.stdout) == list(
        {"p1": 2, "p2": 3, "p4": end + 1, "p5": end + 2, "p6": end + 3}.items()
    )
    assert result.stderr.splitlines()[0] == (
        f"degreefit: error: {cohort}:4: longer than 1024 KiB; a row holds one person's answers "
        f"(this record goes on to line {end}: a quoted field holds line breaks)"
    )
    assert summary_totals(result.stderr)[:3] == (6, 5, 1)


def test_a_stray_quote_before_more_rows_than_a_row_may_hold_rejects_only_its_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """A quote nothing closes, followed by 12,000 rows (more than a row may hold, read on past it and
    kept aside to be read again), rejects its own line only: every other row is scored, and the
    summary counts them all."""
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    people = [[f"a{n}", *rows[n % 6][1:]] for n in range(12_000)]
    text = csv_text(header, people).replace("\r\na1,", '\r\n"a1 (Dr. Smith,', 1)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(text, encoding="utf-8", newline="")
    assert len(text) > 1024 * 1024

    result = batch(runner, str(cohort), "--format", "csv")

    assert result.exit_code == 2, result.stderr
    scored = [row[0] for row in csv.reader(io.StringIO(result.stdout, newline=""))][1:]
    assert scored == [f"a{n}" for n in range(12_000) if n != 1]
    assert result.stderr.splitlines()[0].startswith(
        f'degreefit: error: {cohort}:3: a quote (") opens a field'
    )
    assert summary_totals(result.stderr)[:3] == (12_000, 11_999, 1)


def test_a_stray_quote_whose_rows_cannot_be_kept_aside_rejects_them_with_it(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the rows after a quote nothing closes cannot be kept aside to be read again (the disk is
    full), they are rejected with its row, as one row naming their lines: counted, never dropped."""
    import errno
    import tempfile

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    header, rows = persona_csv_rows(ruleset, ["p1", "p2", "p3", "p4", "p5", "p6"])
    people = [[f"a{n}", *rows[n % 6][1:]] for n in range(12_000)]
    text = csv_text(header, people).replace("\r\na1,", '\r\n"a1 (Dr. Smith,', 1)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(text, encoding="utf-8", newline="")

    result = batch(runner, str(cohort))

    assert result.exit_code == 2, result.stderr
    assert [line["id"] for line in results(result.stdout)] == ["a0"]
    assert result.stderr.splitlines()[0] == (
        f'degreefit: error: {cohort}:3: a quote (") opens a field that nothing closes; close the quote, or '
        'write "" for a quote inside a quoted field; lines 4 to 12001, after it, are rejected with it: they '
        "could not be kept to be read again (No space left on device)"
    )
    assert summary_totals(result.stderr)[:3] == (2, 1, 1)


def _batch_csv(
    runner: CliRunner, tmp_path: Path, header: list[str], rows: list[list[str]], *options: str
) -> tuple[Path, Result]:
    """Write the header and rows to cohort.csv as a spreadsheet does and run `batch` on it."""
    return _batch_csv_text(runner, tmp_path, csv_text(header, rows), *options)


def _batch_csv_text(
    runner: CliRunner, tmp_path: Path, text: str | bytes, *options: str
) -> tuple[Path, Result]:
    """Write the text (or bytes) to cohort.csv as it is and run `batch` on it."""
    cohort = tmp_path / "cohort.csv"
    if isinstance(text, bytes):
        cohort.write_bytes(text)
    else:
        cohort.write_text(text, encoding="utf-8", newline="")
    return cohort, batch(runner, str(cohort), *options)


def _lines(output: str) -> list[tuple[str, int]]:
    """Each scored row of the output, in order: its id and the line it came from."""
    return [(line["id"], line["line"]) for line in results(output)]
