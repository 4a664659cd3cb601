"""Options shared by several commands, declared once: their flags, metavars and help."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from degreefit.errors import DegreefitError
from degreefit.formats import Format

# typer reads these annotations at runtime, so they keep Optional[...] on Python 3.10.
RulesOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Use the rule set in DIR (a copy of rules/) instead of the built-in one.",
    ),
]
AnswersOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--answers",
        "-a",
        metavar="FILE",
        help="Read the answers from FILE (JSON, see `degreefit schema`); '-' reads stdin.",
    ),
]
FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help="text: a report for people (plain when piped); json: for programs; markdown: to share.",
    ),
]
SaveOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--save-answers",
        metavar="PATH",
        help="Also write the final answers to PATH, in the format --answers reads.",
    ),
]
ResumeOption = Annotated[
    bool,
    typer.Option(
        "--resume", help="Continue an interrupted questionnaire from the first unanswered question."
    ),
]

LastOption = Annotated[
    bool,
    typer.Option(
        "--last",
        help="Use the answers of the last report made from answers typed or resumed here (kept "
        "privately): the same report again, in any --format, without answering again.",
    ),
]

ExplainOption = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Show how each score adds up: every rule that fired, its points, its condition and source.",
    ),
]
WhyNotOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--why-not",
        metavar="DEGREE",
        help="Say what holds DEGREE back, and the smallest change of your answers that would put it first.",
    ),
]


class ViewFormat(str, Enum):
    """How `degrees` and `sources` print."""

    text = "text"
    json = "json"


ViewFormatOption = Annotated[
    ViewFormat,
    typer.Option("--format", "-f", help="text: for people (plain when piped); json: for programs."),
]


def rules_dir(rules: str | None) -> Path | None:
    """The --rules (or DIR) argument as a directory; None for the built-in rule set."""
    if rules is None:
        return None
    if not rules:
        raise DegreefitError("--rules needs a directory (a copy of rules/)")
    return Path(rules)
