"""A question id must be usable as a key of every answers file and a field of the answers contract
(`degreefit/ruleset/questionids.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from tests.helpers.edits import edit, heading, problems_of


def test_a_question_named_like_an_answers_file_key_is_refused(rules_copy: Path) -> None:
    """A question may not be called `id` or `schema_version`: a cohort row's id and an answers file's
    version already use those keys, so answers to it could never be given."""
    line = edit(rules_copy, "questions.yaml", "  - id: wants_research\n", "  - id: id\n")
    reserved = "'id' is reserved (answers files and cohorts use it); name the question otherwise"
    assert f"questions.yaml:{line}: id: {reserved}" in problems_of(rules_copy)


@pytest.mark.parametrize(
    ("question_id", "why"),
    [
        (
            "_extra",
            "starts with an underscore, which the answers contract (`degreefit schema`) cannot take as a key",
        ),
        ("model_config", "is reserved (the answers contract of `degreefit schema` uses the name itself)"),
        ("json", "is reserved (the answers contract of `degreefit schema` uses the name itself)"),
    ],
)
def test_a_question_id_the_answers_contract_cannot_take_is_refused(
    rules_copy: Path, runner: CliRunner, question_id: str, why: str
) -> None:
    """A question called `_extra`, `model_config` or `json` is refused at its line by `rules check` and
    `schema --rules` (exit 2), instead of a traceback, a schema that requires a property it leaves out,
    or a warning."""
    line = edit(rules_copy, "questions.yaml", "  - id: wants_research\n", f"  - id: {question_id}\n")
    for word in ("wants_research:", "{wants_research:"):  # the rules that read it follow the new id
        for file in (rules_copy / "rules").iterdir():
            file.write_text(
                file.read_text(encoding="utf-8").replace(word, word.replace("wants_research", question_id))
            )
    said = f"{rules_copy}/questions.yaml:{line}: {question_id}: '{question_id}' {why}"
    said += "; name the question otherwise"
    checked = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert (checked.exit_code, checked.stdout.splitlines()) == (2, [said])
    schema = runner.invoke(app, ["schema", "--rules", str(rules_copy)])
    assert (schema.exit_code, schema.stdout, schema.stderr) == (2, "", heading(rules_copy, 1) + f"  {said}\n")
