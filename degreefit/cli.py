"""The command line: declare the commands and their options, and dispatch to the core.

Every command runs inside `exits.exits_cleanly`, applied once by the app's group class,
which turns a DegreefitError (and Ctrl-C, and a failing stdout) into a message and an exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer
from typer.core import TyperGroup

from degreefit import __version__
from degreefit.errors import (
    DegreefitError,
)
from degreefit.exits import exits_cleanly, note, silence_stdout, stand_in_for_closed_streams
from degreefit.formats import Format
from degreefit.output import utf8, write_json, write_text

if TYPE_CHECKING:
    from degreefit.models import RuleSet

F = TypeVar("F", bound=Callable[..., None])


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


@app.command()
def ask(
    answers: AnswersOption = None,
    output_format: FormatOption = Format.text,
    rules: RulesOption = None,
    save_answers: SaveOption = None,
    resume: ResumeOption = False,
    explain_scores: ExplainOption = False,
    why_not: WhyNotOption = None,
) -> None:
    """Ask the questions (or read the answers), then rank the degrees with reasons and sources.

    On a terminal, degreefit asks whatever --answers does not give. Without a terminal it
    never asks: every required answer must come from --answers (or --resume).
    """
    from degreefit import intake
    from degreefit.formats import render
    from degreefit.report import report_for
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    if why_not is not None:
        from degreefit.catalog import find_degree

        why_not = find_degree(ruleset, why_not).code  # a typo is caught before any question
    gathered = intake.gather(ruleset, source=answers, resume=resume, say=note)
    unsaved = intake.keep(gathered, save_to=save_answers)  # said after the report, shown all the same
    report = report_for(ruleset, gathered.answers, breakdown=explain_scores, why_not=why_not)
    render(report, sys.stdout, output_format)
    sys.stdout.flush()  # so that a failing stdout is reported here, as the command's own failure
    if unsaved is not None:
        raise unsaved


def _rules_dir(rules: str | None) -> Path | None:
    if rules is None:
        return None
    if not rules:
        raise DegreefitError("--rules needs a directory (a copy of rules/)")
    return Path(rules)


@app.command()
def schema(rules: RulesOption = None) -> None:
    """Print the JSON Schema of an answers file, for web forms and survey tools."""
    from degreefit.contract import json_schema
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    write_json(json_schema(ruleset))


class ViewFormat(str, Enum):
    """How `degrees` and `sources` print."""

    text = "text"
    json = "json"


ViewFormatOption = Annotated[
    ViewFormat,
    typer.Option("--format", "-f", help="text: for people (plain when piped); json: for programs."),
]


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

    ruleset = load_ruleset(_rules_dir(rules))
    degree = find_degree(ruleset, code) if code is not None else None
    if output_format is ViewFormat.json:
        document = degrees_json(ruleset) if degree is None else degree_json(degree)
        write_json(document)
        return
    from degreefit.catalogtext import print_degree, print_degrees

    if degree is None:
        print_degrees(ruleset, file=sys.stdout)
    else:
        print_degree(ruleset, degree, file=sys.stdout)


@app.command()
def sources(output_format: ViewFormatOption = ViewFormat.text, rules: RulesOption = None) -> None:
    """The documents degreefit's advice is drawn from: title, publisher, provenance, sections."""
    from degreefit.catalog import sources_json
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    if output_format is ViewFormat.json:
        write_json(sources_json(ruleset))
        return
    from degreefit.catalogtext import print_sources

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

    ruleset = load_ruleset(_rules_dir(rules))
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


rules_app = typer.Typer(
    help="Check, test and compare rule sets (copies of rules/ that an advisor edits). "
    "The guide for rule authors is README.md in the rules folder (rules/README.md).",
    no_args_is_help=True,
)
app.add_typer(rules_app, name="rules")


RulesDirArgument = Annotated[
    Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
    typer.Argument(metavar="[DIR]", help="The rule set (a copy of rules/); the built-in one when left out."),
]


@rules_app.command("check")
def rules_check(
    directory: RulesDirArgument = None,
) -> None:
    """Check a rule set and report every problem at once, as file:line: rule-id: message.

    Beyond what loading checks (unknown keys, ids, questions, values, degrees, cites, rules
    that can never fire, rules held to their claims), it reports source sections no claim
    cites, claims nothing uses without saying why, degrees that no answers rank first (a
    degree marked thinly_sourced is a note instead), and test cases (DIR/cases) that are not
    well formed. Exit 0 when clean, 2 when not.
    """
    from degreefit.ruleset import check

    checked = check.run(_rules_dir(directory))
    write_text(checked.text)
    if checked.error:
        raise DegreefitError(checked.error)


@rules_app.command("test")
def rules_test(
    directory: RulesDirArgument = None,
    show_coverage: Annotated[
        bool,
        typer.Option(
            "--coverage", help="Also list the rules, gates, notes and claims that no case exercises."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every case, passing ones too.")
    ] = False,
) -> None:
    """Run the rule set's test cases (DIR/cases/*.yaml): each is a person's answers and what
    the advice must be.

    A case can expect the degree first on its own (`top: MMed`), the degrees tied for first
    (`top: [MHA, MBA]`), acceptable firsts (`top_one_of`), degrees kept out of first place
    (`not_first`), a degree's `eligibility`, and rules, gates, notes or claims among the
    `reasons`. Each failing case is shown with what it got and the rules that decided it
    (--verbose lists the passing ones too). Exit 0 when every case holds, 2 when not.
    """
    from degreefit.ruleset import cases

    tested = cases.run(_rules_dir(directory), show_coverage=show_coverage, every=verbose)
    write_text(tested.text)
    if tested.error:
        raise DegreefitError(tested.error)


@rules_app.command("diff")
def rules_diff(
    old: Annotated[str, typer.Argument(metavar="OLD", help="The rule set before the edit (a directory).")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="The rule set after the edit (a directory).")],
    answers: Annotated[
        Optional[str],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Option("--answers", "-a", metavar="FILE", help="Compare the advice for one person's answers."),
    ] = None,
    cohort_file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--cohort", metavar="FILE", help="Compare the advice for a cohort (JSON Lines or CSV)."),
    ] = None,
    sample_size: Annotated[
        Optional[int],  # noqa: UP045 - typer reads this annotation at runtime
        typer.Option(
            "--sample",
            min=0,
            max=100_000,
            metavar="N",
            help="Without --answers or --cohort: how many random answer sets join NEW's test cases "
            "(default 2000).",
        ),
    ] = None,
    output_format: ViewFormatOption = ViewFormat.text,
) -> None:
    """Show what an edit of a rule set changes, and whose advice it changes.

    First the claims, rules, gates, notes, degrees and questions added, removed, changed or
    reweighted; then, for the same people ranked under OLD and under NEW, how many first
    places change and from what to what, the largest score moves, and one example person
    for each. The people are NEW's test cases plus a fixed sample of random answers (the
    same every run), or those of --answers or --cohort.
    """
    from degreefit.ruleset import diff, workbench

    compared = diff.run(
        Path(old),
        Path(new),
        answers=answers,
        cohort=cohort_file,
        sample_size=sample_size,
        cohort_people=_cohort_people,
    )
    if output_format is ViewFormat.json:
        write_json(workbench.diff_json(old, new, compared.changes, compared.effect))
    else:
        write_text(workbench.diff_text(old, new, compared.changes, compared.effect))
    if compared.failure:
        raise DegreefitError(compared.failure)


def _cohort_people(source: str, ruleset: RuleSet) -> Any:
    """The people of a cohort file, one per row; a row that cannot be read is skipped."""
    from degreefit.batch.read import cohort_people

    return cohort_people(source, ruleset)


def main() -> None:
    """The `degreefit` console script."""
    stand_in_for_closed_streams()
    with exits_cleanly():  # also around start-up and --help, before any command runs
        try:
            app()
        finally:
            sys.stdout.flush()  # so that a failing stdout (--help into a full disk) is caught
