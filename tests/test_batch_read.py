"""`degreefit batch` opening its input (batch/read.py): the format from the name or
--input-format, and a missing file named."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import PERSONAS
    from test_batch import (
        batch,
        batch_ok,
        csv_text,
        jsonl,
        persona_csv_rows,
        persona_tops,
        results,
        summary_counts,
    )
else:
    from tests.conftest import PERSONAS
    from tests.test_batch import (
        batch,
        batch_ok,
        csv_text,
        jsonl,
        persona_csv_rows,
        persona_tops,
        results,
        summary_counts,
    )


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


def test_missing_input_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    """A batch on a file that does not exist exits 2 with `degreefit: error: FILE: no such file`."""
    missing = tmp_path / "no-such-cohort.jsonl"
    result = batch(runner, str(missing))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"degreefit: error: {missing}: no such file\n"
