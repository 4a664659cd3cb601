"""Helpers for the command-line tests: the physician persona and running `degreefit ask`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from degreefit.cli import app

# The built-in questions, in the order they are asked.
QUESTION_ORDER = (
    "clinical_status",
    "region",
    "career_stage",
    "goals",
    "specialty",
    "keep_practicing",
    "study_format",
    "max_years",
    "wants_research",
    "recognition_importance",
    "can_reduce_income",
)
QUESTION_IDS = set(QUESTION_ORDER)


def ask(runner: CliRunner, answers: Path, *options: str) -> Result:
    """Run `degreefit ask --answers FILE OPTIONS...` and check it succeeded."""
    result = runner.invoke(app, ["ask", "--answers", str(answers), *options])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def ask_json(runner: CliRunner, answers: Path, *options: str) -> dict[str, Any]:
    """The JSON report for an answers file."""
    document: dict[str, Any] = json.loads(ask(runner, answers, "--format", "json", *options).stdout)
    return document
