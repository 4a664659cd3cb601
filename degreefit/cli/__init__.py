"""The command line: declare the commands and their options, and dispatch to the core.

Every command runs inside `errors.exits_cleanly`, applied once by the app's group class,
which turns a DegreefitError (and Ctrl-C, and a failing stdout) into a message and an exit code.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from degreefit import __version__
from degreefit.cli.options import (
    AnswersOption,
    ExplainOption,
    FormatOption,
    LastOption,
    ResumeOption,
    RulesOption,
    SaveOption,
    ViewFormat,
    ViewFormatOption,
    WhyNotOption,
    rules_dir,
)
from degreefit.cli.rules import rules_app
from degreefit.errors import exits_cleanly, note, silence_stdout, stand_in_for_closed_streams
from degreefit.formats import Format
from degreefit.output import finish_every_write, utf8, write_json


class _Guarded(TyperGroup):
    """The app's group: every command, and every sub-app's, runs inside `exits_cleanly`."""

    def invoke(self, ctx: Any) -> Any:  # Any: typer vendors click from 0.28, its own Context type
        with exits_cleanly():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Guarded,
    name="degreefit",
    help="Which graduate degree fits you? Answers a few questions, then ranks the degrees its rule "
    "set compares (the built-in one: MMM, MHA, MBA and MMed) with reasons from cited sources.",
    add_completion=True,  # --install-completion and --show-completion, for bash, zsh, fish, PowerShell
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # help paragraphs reflow to the terminal's width
)


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
    """Which graduate degree fits you, among the degrees of the rule set."""


@app.command()
def ask(
    answers: AnswersOption = None,
    output_format: FormatOption = Format.text,
    rules: RulesOption = None,
    save_answers: SaveOption = None,
    resume: ResumeOption = False,
    last: LastOption = False,
    explain_scores: ExplainOption = False,
    why_not: WhyNotOption = None,
) -> None:
    """Ask the questions (or read the answers), then rank the degrees with reasons and sources.

    On a terminal, degreefit asks whatever --answers does not give. Without a terminal it
    never asks: every required answer must come from --answers (or --resume, or --last).
    """
    from degreefit.ask import intake
    from degreefit.formats import render
    from degreefit.report import report_for
    from degreefit.ruleset.load import load_ruleset

    answers = intake.source_of(answers, resume=resume, last=last, save_to=save_answers)
    ruleset = load_ruleset(rules_dir(rules))
    if why_not is not None:
        from degreefit.catalog import find_degree

        why_not = find_degree(ruleset, why_not).code  # a typo is caught before any question
    gathered = intake.gather(ruleset, source=answers, resume=resume, say=note)
    report = report_for(ruleset, gathered.answers, breakdown=explain_scores, why_not=why_not)
    unshown: OSError | None = None
    try:
        render(report, sys.stdout, output_format)
        sys.stdout.flush()  # so that a failing stdout is reported here, as the command's own failure
    except OSError as err:  # stdout closed, a full disk: the answers typed must outlive the report
        silence_stdout()
        unshown = err
    # Only now is the resume file forgotten: the answers are in the report, or the saved file.
    failed = intake.keep(gathered, save_to=save_answers, unshown=unshown)
    if failed is not None:
        raise failed
    if unshown is not None:
        raise unshown


@app.command()
def schema(rules: RulesOption = None) -> None:
    """Print the JSON Schema of an answers file, for web forms and survey tools."""
    from degreefit.ruleset.load import load_ruleset
    from degreefit.schema import json_schema

    ruleset = load_ruleset(rules_dir(rules))
    write_json(json_schema(ruleset))


@app.command()
def degrees(
    code: Annotated[
        Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Argument(
            metavar="[DEGREE]", help="One degree's code (as the overview lists them) for its whole profile."
        ),
    ] = None,
    output_format: ViewFormatOption = ViewFormat.text,
    rules: RulesOption = None,
) -> None:
    """What the sources say about each degree: an overview, or one degree's whole profile.

    The overview gives each degree's summary, who it is for, admission and duration. Name a
    degree for every topic (format, cost, focus, recognition, examples too); a topic the sources
    do not cover says so, rather than guessing.
    """
    from degreefit.catalog import degree_json, degrees_json, find_degree
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(rules_dir(rules))
    degree = find_degree(ruleset, code) if code is not None else None
    if output_format is ViewFormat.json:
        document = degrees_json(ruleset) if degree is None else degree_json(degree)
        write_json(document)
        return
    from degreefit.catalog.text import print_degree, print_degrees

    if degree is None:
        print_degrees(ruleset, file=sys.stdout)
    else:
        print_degree(ruleset, degree, file=sys.stdout)


@app.command()
def sources(output_format: ViewFormatOption = ViewFormat.text, rules: RulesOption = None) -> None:
    """The documents degreefit's advice is drawn from: title, publisher, provenance, sections."""
    from degreefit.catalog import sources_json
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(rules_dir(rules))
    if output_format is ViewFormat.json:
        write_json(sources_json(ruleset))
        return
    from degreefit.catalog.text import print_sources

    print_sources(ruleset, file=sys.stdout)


class BatchFormat(str, Enum):
    """How `batch` writes its results."""

    jsonl = "jsonl"
    csv = "csv"
    json = "json"


class InputFormat(str, Enum):
    """How `batch` reads its input."""

    jsonl = "jsonl"
    csv = "csv"


@app.command()
def batch(
    source: Annotated[
        str, typer.Argument(metavar="INPUT", help="JSON Lines or CSV of answers; '-' reads stdin.")
    ],
    output: Annotated[
        Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Option(
            "--output", "-o", metavar="PATH", help="Write the results to PATH (atomically), not stdout."
        ),
    ] = None,
    errors: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--errors", metavar="PATH", help="Write rejected rows to PATH as JSON Lines, not stderr."
        ),
    ] = None,
    output_format: Annotated[
        BatchFormat,
        typer.Option(
            "--format", "-f", help="jsonl or csv for the rows; json for the summary (--summary-only)."
        ),
    ] = BatchFormat.jsonl,
    input_format: Annotated[
        Optional[InputFormat],  # noqa: UP045
        typer.Option("--input-format", help="jsonl or csv; taken from INPUT's extension when left out."),
    ] = None,
    summary_only: Annotated[
        bool,
        typer.Option("--summary-only", help="Print only the cohort summary (with --format json: as JSON)."),
    ] = False,
    rules: RulesOption = None,
) -> None:
    """Score a whole cohort: one result per input row, in order, and a summary.

    A bad row never stops the batch: it goes to the errors report with its line, id and the
    message `ask` would give. Exit 0 when every row was scored, 2 when some were rejected.
    """
    from degreefit.batch.run import run
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(rules_dir(rules))
    finished = run(
        ruleset,
        source,
        output=output,
        errors=errors,
        output_format=output_format.value,
        input_format=input_format.value if input_format else None,
        summary_only=summary_only,
        stdout=utf8(sys.stdout),
    )
    if finished.stdout_failed is not None:  # stdout went away, or failed: the errors report is whole
        silence_stdout()
    if summary_only and output_format is BatchFormat.json:
        write_json(finished.summary)
    else:
        from degreefit.batch.display import print_batch_summary

        print_batch_summary(finished.summary, file=sys.stdout if summary_only else sys.stderr)
    finished.check()


app.add_typer(rules_app, name="rules")  # listed after the other commands, as declared


def main() -> None:
    """The `degreefit` console script."""
    stand_in_for_closed_streams()
    finish_every_write()
    with exits_cleanly():  # also around start-up and --help, before any command runs
        try:
            app()
        finally:
            sys.stdout.flush()  # so that a failing stdout (--help into a full disk) is caught
