"""The command line: parse options, call the core, print the result.

Every failure a user can fix is a DegreefitError; `_exits_cleanly` is the one place
that turns it (and Ctrl-C) into a message on stderr and an exit code.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional, TypeVar

import typer

from degreefit import __version__
from degreefit.errors import EXIT_INTERRUPTED, AnswersError, DegreefitError

F = TypeVar("F", bound=Callable[..., None])

app = typer.Typer(
    name="degreefit",
    help="Which graduate degree fits you: MMM, MHA, MBA or MMed. "
    "Answers a few questions, then ranks the four degrees with reasons from cited sources.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


class Format(str, Enum):
    """How `ask` prints its report."""

    text = "text"
    json = "json"
    markdown = "markdown"


def _exits_cleanly(command: F) -> F:
    """Turn user errors, Ctrl-C and a closed stdout into a message and an exit code."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except DegreefitError as err:
            for line in err.message.splitlines():
                sys.stderr.write(f"degreefit: error: {line}\n" if not line.startswith("  ") else f"{line}\n")
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("\ndegreefit: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`degreefit ask ... | head`): stop quietly.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None

    return run  # type: ignore[return-value]


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"degreefit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Which graduate degree fits you: MMM, MHA, MBA or MMed."""


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


@app.command()
@_exits_cleanly
def ask(
    answers: AnswersOption = None, output_format: FormatOption = Format.text, rules: RulesOption = None
) -> None:
    """Rank the four degrees for your answers, with the reasons and where they come from."""
    from degreefit.answers import decode, read_source, require_complete, validate
    from degreefit.engine import Engine
    from degreefit.ruleset import load_ruleset

    ruleset = load_ruleset(Path(rules) if rules else None)
    if answers is None:
        required = ", ".join(q.id for q in ruleset.questions if q.required and q.when is None)
        raise AnswersError(
            f"no answers given: pass --answers FILE, or - to read them from stdin (required: {required})"
        )
    name, data = read_source(answers)
    given = require_complete(validate(decode(name, data), ruleset, name=name), name=name)
    for warning in given.warnings:
        sys.stderr.write(f"degreefit: warning: {warning}\n")
    recommendation = Engine(ruleset).recommend(given.values)

    if output_format is Format.json:
        from degreefit.report import to_json

        _write(json.dumps(to_json(recommendation, ruleset, given), indent=2, ensure_ascii=False) + "\n")
    elif output_format is Format.markdown:
        from degreefit.markdown import to_markdown

        _write(to_markdown(recommendation, ruleset, given))
    else:
        from degreefit.render import print_report

        print_report(recommendation, ruleset, given, file=sys.stdout)


@app.command()
@_exits_cleanly
def schema(rules: RulesOption = None) -> None:
    """Print the JSON Schema of an answers file, for web forms and survey tools."""
    from degreefit.contract import json_schema
    from degreefit.ruleset import load_ruleset

    ruleset = load_ruleset(Path(rules) if rules else None)
    _write(json.dumps(json_schema(ruleset), indent=2, ensure_ascii=False) + "\n")


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def main() -> None:
    """The `degreefit` console script."""
    try:
        app()
    except KeyboardInterrupt:  # during start-up, before a command runs
        sys.stderr.write("\ndegreefit: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
