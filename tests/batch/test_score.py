"""`degreefit batch` scoring rows (batch/score.py): a rejected row gets the message `ask` gives,
named by file, line and id; a row no degree is open to."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.answers import as_json, random_answers
from degreefit.batch.rows import Row, Scored
from degreefit.batch.score import Scorer
from degreefit.engine import Engine, close_call
from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.batch import ASTRONAUT, ask_errors, batch, csv_cell, csv_text, jsonl, persona_rows, results
from tests.helpers.cases import tiny_rules
from tests.helpers.edits import append, made_up_claim
from tests.helpers.gates import CLOSING_GATES
from tests.helpers.personas import PERSONAS, PHYSICIAN

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


def test_a_long_id_is_cut_short_where_a_message_names_the_row(runner: CliRunner, tmp_path: Path) -> None:
    """A 10,000-character id is named by its first characters in the message, and whole in the report's
    id field."""
    long_id = "x" * 10_000
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([{"id": long_id, "bad": 1}]), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    batch(runner, str(cohort), "--errors", str(report))
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["id"] == long_id
    assert rejected["error"].startswith(f"{cohort}:1 (id {'x' * 37}...): unknown key")
    assert len(rejected["error"].splitlines()[0]) < 200 + len(str(cohort))


def test_a_row_every_degree_is_closed_to_has_no_top_and_is_counted_apart(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """With gates that close every degree to non-clinicians, such a row's top is null (not the
    first closed degree) and the summary counts it under none_open, not as anyone's best fit."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    manager = {**persona_rows()[1], "id": "manager"}
    assert manager["clinical_status"] == "non_clinician"
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([manager, persona_rows()[0]]), encoding="utf-8")
    result = batch(runner, str(cohort), "--rules", str(rules_copy))
    assert result.exit_code == 0, result.output
    rows = results(result.stdout)
    assert [row["top"] for row in rows] == [None, "MMM"]
    summary = batch(runner, str(cohort), "--rules", str(rules_copy), "--summary-only", "-f", "json")
    document = json.loads(summary.stdout)
    assert document["none_open"] == 1
    assert sum(document["top"].values()) == 1


@pytest.mark.parametrize("rules", ["built-in", "tiny"])
def test_each_verdict_is_what_the_one_ranking_and_its_close_call_say(
    ruleset: RuleSet, rules_copy: Path, rules: str
) -> None:
    """For 3,000 random people scored in one batch (so that verdicts are shared and a lead too wide
    for one claim to matter skips the search), each row's first place, what decided it and its close
    call are exactly what `Engine.standings` and `engine.close_call` give that person alone."""
    chosen = ruleset if rules == "built-in" else load_ruleset(tiny_rules(rules_copy))
    scorer, engine = Scorer(chosen, "cohort.jsonl"), Engine(chosen)
    rng = random.Random(18)
    for line in range(1, 3001):
        answers = random_answers(chosen, rng)
        scored = scorer.score(Row(line, None, as_json(answers)))
        assert isinstance(scored, Scored)
        recommendation = engine.recommend(answers)
        standing = recommendation.standings
        verdict = scored.verdict
        assert (verdict.top or None, verdict.first, verdict.decided) == (
            standing.top,
            standing.first,
            standing.decided,
        )
        assert verdict.close_call == close_call(recommendation, chosen.claims), answers


HOSTILE_ID = "\x1b]0;owned\x07\x1b[2J\u202eevil\x9b"
HOSTILE_SHOWN = "\\x1b]0;owned\\x07\\x1b[2J\\u202eevil\\x9b"


@pytest.mark.parametrize("where", ["stderr", "--errors"])
def test_an_id_is_escaped_where_a_message_names_the_row(
    runner: CliRunner, tmp_path: Path, where: str
) -> None:
    """An id holding terminal controls (ESC ] 0; ... BEL retitles a terminal, ESC [2J clears it) is named
    in a rejected row's message with those characters escaped, as \\x1b; the report's id field keeps
    the id as given."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([{"id": HOSTILE_ID, "bad": 1}]), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    result = batch(runner, str(cohort), *(["--errors", str(report)] if where == "--errors" else []))
    assert result.exit_code == 2
    for control in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert control not in result.stderr
    if where == "stderr":
        assert result.stderr.startswith(f"degreefit: error: {cohort}:1 (id {HOSTILE_SHOWN}): unknown key")
    else:
        [rejected] = results(report.read_text(encoding="utf-8"))
        assert rejected["id"] == HOSTILE_ID
        assert rejected["error"].startswith(f"{cohort}:1 (id {HOSTILE_SHOWN}): unknown key")
