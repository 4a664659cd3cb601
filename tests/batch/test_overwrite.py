"""`degreefit batch` never writing over its input or its results (batch/overwrite.py), under
any name."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers.batch import batch, jsonl, persona_rows
from tests.helpers.process import run_degreefit


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


def test_stdin_redirected_from_the_output_file_is_refused(tmp_path: Path) -> None:
    """`degreefit batch - -o cohort.jsonl < cohort.jsonl` is refused (exit 2) and the cohort file is
    left whole: the results would have replaced the input being read."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    before = cohort.read_bytes()
    with cohort.open("rb") as stdin:
        completed = run_degreefit("batch", "-", "--errors", str(cohort), stdin=stdin)
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
