"""`degreefit batch` on a terminal (batch/display.py): the cohort summary and the progress line."""

from __future__ import annotations

import re
from pathlib import Path

import pexpect  # type: ignore[import-untyped]
import pytest
from typer.testing import CliRunner

from tests.helpers.batch import (
    batch,
    batch_ok,
    counts_each_persona,
    jsonl,
    persona_rows,
    summary_totals,
)
from tests.helpers.cases import tiny_person, tiny_rules
from tests.helpers.process import TIMEOUT, installed_script, terminal_env


def test_summary_only_prints_the_table_on_stdout_and_no_rows(runner: CliRunner, tmp_path: Path) -> None:
    """`--summary-only` prints the cohort summary table on stdout and no result rows."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    result = batch_ok(runner, str(cohort), "--summary-only")
    assert result.stderr == ""
    assert counts_each_persona(result.stdout), result.stdout
    assert summary_totals(result.stdout)[:3] == (6, 6, 0)
    assert "{" not in result.stdout
    assert "p1" not in result.stdout


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
    env = {**terminal_env(tmp_path), "DEGREEFIT": str(installed_script())}
    child = pexpect.spawn(
        "bash", ["-c", command], encoding="utf-8", dimensions=(24, 120), env=env, cwd=str(tmp_path)
    )
    try:
        child.expect(pexpect.EOF, timeout=TIMEOUT)
        screen = ANSI.sub("", child.before)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0, screen
    assert re.search(progress, screen), screen[:2000]
    assert screen.index("scoring") < screen.index(f"{rows:,} rows: {rows:,} scored, 0 rejected")
    with (tmp_path / "results.jsonl").open(encoding="utf-8") as written:
        assert sum(1 for _ in written) == rows


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


def test_the_summary_table_gives_ties_a_line_of_their_own(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """The cohort summary counts each degree that is first on its own, then the people with a tie for
    first on a line of their own: a tie is no one degree's pick."""
    rules = str(tiny_rules(rules_copy))
    people = [tiny_person("policy_reform"), tiny_person("policy_reform"), tiny_person("consulting")]
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(people), encoding="utf-8")
    result = batch_ok(runner, str(cohort), "--rules", rules, "--summary-only")
    assert result.stdout == (
        "Cohort summary\n"
        "\n"
        "  Best fit         People\n"
        " -------------------------\n"
        "  MMM                   0\n"
        "  MHA                   0\n"
        "  MBA                   1\n"
        "  MMed                  0\n"
        "  tied for first        2\n"
        "\n"
        "3 rows: 3 scored, 0 rejected; 3 close calls\n"
    )
