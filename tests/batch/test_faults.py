"""`degreefit batch` wording rejected rows (batch/faults.py): a short message for a row of
thousands of values, and rows that share a fault each get the message `ask` gives."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import require_complete, validate
from degreefit.errors import AnswersError
from degreefit.models import RuleSet
from tests.helpers.batch import batch, jsonl, persona_rows, results
from tests.helpers.strategies import valid_answers


def test_a_row_of_thousands_of_unknown_goals_or_keys_gets_a_short_message(
    runner: CliRunner, tmp_path: Path
) -> None:
    """60,000 unknown goals are reported as the first 20 and the count, on one short line; 30,000 unknown
    keys as the first ten, a line each, then how many more; both fast."""
    person = persona_rows()[0]
    goals = {**person, "id": "goals", "goals": [f"goal{n}" for n in range(60_000)]}
    keys = {**person, "id": "keys", **{f"key{n}": 1 for n in range(30_000)}}
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([goals, keys]), encoding="utf-8")
    report = tmp_path / "errors.jsonl"

    started = time.perf_counter()
    result = batch(runner, str(cohort), "--errors", str(report))
    elapsed = time.perf_counter() - started

    assert result.exit_code == 2
    first, second = results(report.read_text(encoding="utf-8"))
    assert len(first["error"]) < 1000
    assert first["error"].startswith(f'{cohort}:1 (id goals): goals: "goal0", "goal1", ')
    assert '"goal19" are not among' in first["error"]
    assert first["error"].endswith("; the list holds 60,000 values; the first 20 were checked")
    lines = second["error"].splitlines()
    assert lines == [f'{cohort}:2 (id keys): unknown key "key{n}"' for n in range(10)] + [
        f"{cohort}:2 (id keys): and 29,990 more unknown keys"
    ]
    assert elapsed < 10


@st.composite
def faulty_rows(draw: st.DrawFn, ruleset: RuleSet) -> list[dict[str, Any]]:
    """People with a few faults among them (a misspelt key, a wrong value, an answer left out), each
    fault given to several people whose right answers differ."""
    ids = [q.id for q in ruleset.questions]
    faults: list[tuple[str, object]] = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(["clinicl_status", "Goals", "favourite_colour"]), st.just(1)),
                st.tuples(
                    st.sampled_from(ids),
                    st.sampled_from(["astronaut", 0, 99, True, []]),
                ),
                st.tuples(st.sampled_from(ids), st.just(None)),
            ),
            min_size=1,
            max_size=3,
        )
    )
    people = []
    for _ in range(draw(st.integers(min_value=2, max_value=12))):
        person = dict(draw(valid_answers(ruleset)))
        key, value = draw(st.sampled_from(faults))
        if value is None:
            person.pop(key, None)
        else:
            person[key] = value
        people.append(person)
    return people


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rows_that_share_a_fault_each_get_the_message_ask_gives(
    ruleset: RuleSet, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """However many rows share a fault (a message is found once for them), each rejected row's message is
    the one `ask` gives for those answers alone, and each accepted row is scored."""
    people = data.draw(faulty_rows(ruleset))
    cohort = tmp_path_factory.mktemp("faults") / "cohort.jsonl"
    cohort.write_text(jsonl(people), encoding="utf-8")
    report = cohort.with_name("errors.jsonl")

    result = batch(runner, str(cohort), "--errors", str(report))

    rejected = {line["line"]: line["error"] for line in results(report.read_text(encoding="utf-8"))}
    scored = {line["line"] for line in results(result.stdout)}
    for number, person in enumerate(people, start=1):
        expected = ask_says(person, ruleset, f"{cohort}:{number}")
        if expected is None:
            assert number in scored
        else:
            assert rejected[number] == expected


def ask_says(person: dict[str, Any], ruleset: RuleSet, where: str) -> str | None:
    """What `ask` says of these answers when it cannot use them (None when it can)."""
    try:
        require_complete(validate(person, ruleset, name=where, complete=True), name=where)
    except AnswersError as err:
        return err.message
    return None
