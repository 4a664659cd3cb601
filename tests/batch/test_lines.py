"""`degreefit batch` decoding its input (batch/lines.py): UTF-8 only, LF, CRLF or a lone CR
ending a line, and a line that cannot be read is one rejected row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet
from tests.helpers.batch import (
    batch,
    batch_refused,
    csv_text,
    jsonl,
    persona_csv_rows,
    persona_rows,
    results,
    summary_totals,
    ten_people,
    ten_people_csv,
)
from tests.helpers.personas import PERSONAS, PHYSICIAN


def test_a_line_that_is_not_utf8_is_one_rejected_row(runner: CliRunner, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 reject their row (with the byte's offset); the other rows are scored."""
    good = json.dumps(PERSONAS[PHYSICIAN][0]).encode()
    path = tmp_path / "cohort.jsonl"
    path.write_bytes(good + b"\n" + b'{"clinical_status": "\xff"}\n' + good + b"\n")
    result = batch(runner, str(path))
    assert result.exit_code == 2
    assert [line["line"] for line in results(result.stdout)] == [1, 3]
    assert result.stderr.splitlines()[0] == f"degreefit: error: {path}:2: not UTF-8 text (byte 21)"


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


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_cr_lf_and_crlf_each_end_a_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str, ending: str
) -> None:
    """Lines ending in a lone CR (old Mac files, some exports), CRLF or LF are rows alike: all ten people
    are scored, each under the line number an editor shows."""
    if input_format == "jsonl":
        lines = [json.dumps(person) for person in ten_people()]
    else:
        header, rows = ten_people_csv(ruleset)
        lines = csv_text(header, rows).splitlines()
    cohort = tmp_path / f"cohort.{input_format}"
    cohort.write_bytes(ending.join(lines).encode("utf-8") + ending.encode())

    result = batch(runner, str(cohort))

    assert result.exit_code == 0, result.stderr
    first = 1 if input_format == "jsonl" else 2
    found = [(line["id"], line["line"]) for line in results(result.stdout)]
    assert found == [(f"a{n}", n - 1 + first) for n in range(1, 11)]


def test_a_lone_cr_between_two_json_lines_keeps_two_people(runner: CliRunner, tmp_path: Path) -> None:
    """A lone CR where a line break belongs, amid LF lines, parts two people: three rows, three results."""
    first, second, third = (json.dumps(person) for person in ten_people()[:3])
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_bytes(f"{first}\r{second}\n{third}\n".encode())
    result = batch(runner, str(cohort))
    assert result.exit_code == 0, result.stderr
    assert [line["id"] for line in results(result.stdout)] == ["a1", "a2", "a3"]
    assert "universal-newline" not in result.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_a_utf16_input_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str, encoding: str
) -> None:
    """A cohort saved as UTF-16 or UTF-32 (with its byte order mark) is one message naming the
    encoding, before any row, not a count of rows it does not have."""
    text = _three_people(ruleset, input_format)
    cohort = tmp_path / f"cohort.{input_format}"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    cohort.write_bytes(bom + text.encode(encoding))
    named = "UTF-32" if encoding == "utf-32" else "UTF-16"

    assert batch_refused(runner, str(cohort)) == (
        f"degreefit: error: {cohort}: is {named} text (it starts with a {named} byte order mark); batch "
        "reads UTF-8: save it as UTF-8 (a spreadsheet's 'CSV UTF-8')\n"
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16-le", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32-le", "UTF-32"), ("utf-32-be", "UTF-32")],
)
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_a_utf16_input_without_a_byte_order_mark_is_named(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str, encoding: str, named: str
) -> None:
    """A cohort saved as UTF-16 or UTF-32 with no byte order mark is refused in one message naming
    the encoding, as with the mark; it was a JSON syntax error, or a header with NULs, on each row."""
    text = _three_people(ruleset, input_format)
    cohort = tmp_path / f"cohort.{input_format}"
    cohort.write_bytes(text.encode(encoding))

    assert batch_refused(runner, str(cohort)) == (
        f"degreefit: error: {cohort}: is {named} text (without a byte order mark: its first line has "
        "zero bytes between the letters); batch reads UTF-8: save it as UTF-8 (a spreadsheet's 'CSV UTF-8')\n"
    )


def test_a_nul_in_a_utf8_first_line_is_not_taken_for_utf16(runner: CliRunner, tmp_path: Path) -> None:
    """One NUL in the first row of a UTF-8 file rejects that row only; the file is not named UTF-16."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text('{"id": "a\x00"}\n' + jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert "UTF-16" not in result.stderr
    assert len(results(result.stdout)) == 6


def _three_people(ruleset: RuleSet, input_format: str) -> str:
    """A cohort of three personas, as JSON Lines or as CSV."""
    if input_format == "jsonl":
        return jsonl(persona_rows()[:3])
    header, rows = persona_csv_rows(ruleset, ["a1", "a2", "a3", "a4", "a5", "a6"])
    return csv_text(header, rows[:3])
