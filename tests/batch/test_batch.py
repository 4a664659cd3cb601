"""`degreefit batch` end to end: cohorts scored row by row as `ask` scores each person, every row in
the output or the errors report. The helpers the tests of tests/batch/ share are in
tests/helpers/batch.py."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import random_answers, validate
from degreefit.engine import Engine, close_call
from degreefit.models import Question, RuleSet
from tests.helpers.batch import (
    ASTRONAUT,
    batch,
    batch_ok,
    codes,
    counts_each_persona,
    jsonl,
    persona_rows,
    results,
    summary_totals,
)
from tests.helpers.personas import PERSONAS
from tests.helpers.strategies import valid_answers

RESULT_KEYS = {
    "id",
    "line",
    "top",
    "tied_for_first",
    "goals",
    "costs",
    "eligibility",
    "decided",
    "close_call",
}


# Helpers


def engine_result(ruleset: RuleSet, answers: dict[str, Any]) -> dict[str, Any]:
    """What the engine's one ranking (which `ask` reads too) says of answers, in the shape of a batch
    result line: its standings, each degree's points and eligibility, and its close call."""
    recommendation = Engine(ruleset).recommend(validate(answers, ruleset, name="answers").values)
    standing = recommendation.standings
    by_code = {code: recommendation.result(code) for code in codes(ruleset)}
    return {
        "top": standing.top,
        "tied_for_first": list(standing.first),
        "goals": {code: result.goal for code, result in by_code.items()},
        "costs": {code: result.cost for code, result in by_code.items()},
        "eligibility": {code: result.eligibility for code, result in by_code.items()},
        "decided": standing.decided,
        "close_call": close_call(recommendation, ruleset.claims),
    }


def summary_ties(text: str) -> int:
    """How many people the summary table says have a tie for first, from its line of their own."""
    [count] = re.findall(r"^\s*tied for first\s+([\d,]+)\s*$", text, re.M)
    return int(count.replace(",", ""))


# Round trip: the same answers as `ask`


def test_cohort_of_personas_scores_each_row_as_ask_does(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """Each person in a cohort file gets exactly the first place, goal and cost points, eligibility,
    what decided it and the close call that the engine's one ranking (which `ask` reads) gives them
    alone, under their own id and in input order, and the summary on stderr counts how many people
    each degree suits best."""
    rows = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(rows), encoding="utf-8")
    result = batch_ok(runner, str(cohort))

    lines = results(result.stdout)
    assert len(lines) == len(rows)
    for number, (row, line, (answers, _, _)) in enumerate(
        zip(rows, lines, PERSONAS.values(), strict=True), start=1
    ):
        assert set(line) == RESULT_KEYS
        assert line["id"] == row["id"]
        assert line["line"] == number
        assert {key: line[key] for key in RESULT_KEYS - {"id", "line"}} == engine_result(ruleset, answers)
        assert list(line["goals"]) == list(line["costs"]) == list(line["eligibility"]) == codes(ruleset)

    assert counts_each_persona(result.stderr), result.stderr
    assert summary_ties(result.stderr) == sum(line["decided"] == "tie" for line in lines)
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
    assume(mixed)  # a row or more: an empty cohort has no row to check
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
    assert len(scored) + len(rejected) == len(lines) > 0
    for line in scored:
        assert line["id"] == (expected_ids[line["line"]] or str(line["line"]))
    for line in rejected:
        assert set(line) == {"line", "id", "error"}
        assert line["id"] == expected_ids[line["line"]]
        assert line["error"].startswith(f"{cohort}:{line['line']}")
    close_calls = sum(line["close_call"] for line in scored)
    assert summary_totals(result.stderr) == (len(lines), len(good), len(bad), close_calls)


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
