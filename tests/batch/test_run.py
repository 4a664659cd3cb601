"""`degreefit batch` options and endings (batch/run.py): --summary-only and --format, an errors
report that is whole when stdout's reader goes away, and never writing over its input or its
results, under any name (stopped by a signal: tests/batch/test_run_signals.py)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers.batch import SUMMARY_KEYS, batch, jsonl, persona_rows, persona_tops, results
from tests.helpers.cases import tiny_person, tiny_rules
from tests.helpers.personas import PERSONAS, PHYSICIAN
from tests.helpers.process import TIMEOUT, run_degreefit, start_degreefit


def test_summary_only_as_json_prints_exactly_the_summary(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only --format json` prints one JSON document and nothing else: rows, scored, rejected,
    close calls, how many people each degree suits best on its own, how many have a tie for first, and
    how many no degree is open to now."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "not json\n", encoding="utf-8")
    lines = results(batch(runner, str(cohort)).stdout)
    close_calls = sum(line["close_call"] for line in lines)

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
        "ties": sum(line["decided"] == "tie" for line in lines),
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


def test_summary_only_refuses_an_output_file(runner: CliRunner, tmp_path: Path) -> None:
    """--summary-only with --output is refused, rather than silently leaving the file unwritten."""
    path = tmp_path / "cohort.jsonl"
    path.write_text(json.dumps(PERSONAS[PHYSICIAN][0]) + "\n", encoding="utf-8")
    result = batch(runner, str(path), "--summary-only", "--output", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert "leave out --output" in result.stderr


def test_summary_only_refuses_csv(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only --format csv` is refused (the summary is a table, or JSON) instead of ignoring csv."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort), "--summary-only", "--format", "csv")
    assert result.exit_code == 2
    assert "--summary-only prints a table" in result.stderr


@pytest.mark.skipif(os.name == "nt", reason="a closed pipe is EPIPE here")
def test_the_errors_report_is_whole_when_the_reader_of_stdout_goes_away(tmp_path: Path) -> None:
    """`batch IN --errors E | head -1`: the batch still reads every row, E holds every rejected one, and
    the exit is 2 with the usual count, not a silent 0."""
    people = persona_rows()
    lines = []
    for n in range(3000):
        lines.append(json.dumps({**people[n % 6], "id": f"p{n}"} if n % 3 else {"id": f"p{n}", "bad": 1}))
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    log = tmp_path / "stderr.txt"
    with (
        log.open("wb") as stderr,
        start_degreefit(
            "batch",
            str(cohort),
            "--errors",
            str(report),
            stdin=None,
            stderr=stderr,
            cache=tmp_path / "subprocess-cache",
        ) as process,
    ):
        assert process.stdout is not None
        try:
            first = process.stdout.readline()
            process.stdout.close()  # as `head -1` does, with some 500 KB of results still to come
            process.wait(timeout=TIMEOUT)
        finally:
            process.kill()
    said = log.read_text(encoding="utf-8")
    assert json.loads(first)["id"] == "p1"
    assert process.returncode == 2, said
    assert "Traceback" not in said
    rejected = results(report.read_text(encoding="utf-8"))
    assert [line["id"] for line in rejected] == [f"p{n}" for n in range(0, 3000, 3)]
    assert said.endswith(f"degreefit: error: 1,000 rows of 3,000 rejected (see {report})\n")


def test_the_summary_counts_ties_apart_from_each_degree(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """A person with a tie for first counts under "ties", not under any of the tied degrees: "top"
    counts only the people a degree is first for on its own."""
    rules = str(tiny_rules(rules_copy))
    people = [tiny_person("policy_reform"), tiny_person("policy_reform"), tiny_person("consulting")]
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(people), encoding="utf-8")
    result = batch(runner, str(cohort), "--rules", rules, "--summary-only", "--format", "json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["top"], summary["ties"], summary["none_open"]) == (
        {"MMM": 0, "MHA": 0, "MBA": 1, "MMed": 0},
        2,
        0,
    )


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
