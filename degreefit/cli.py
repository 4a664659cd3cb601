"""The command line: parse options, call the core, print the result.

Every failure a user can fix is a DegreefitError; `_exits_cleanly` is the one place
that turns it (and Ctrl-C) into a message on stderr and an exit code.
"""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import sys
from collections.abc import Callable, Mapping
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, Optional, TextIO, TypeVar, cast

import typer

from degreefit import __version__
from degreefit.errors import (
    EXIT_CANNOT_WRITE,
    EXIT_INTERRUPTED,
    AnswersError,
    CannotWrite,
    DegreefitError,
    Interrupted,
)

if TYPE_CHECKING:
    from degreefit.models import AnswerValue, RuleSet

F = TypeVar("F", bound=Callable[..., None])

app = typer.Typer(
    name="degreefit",
    help="Which graduate degree fits you? Answers a few questions, then ranks the degrees its rule "
    "set compares (the built-in one: MMM, MHA, MBA and MMed) with reasons from cited sources.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # help paragraphs reflow to the terminal's width
)


class Format(str, Enum):
    """How `ask` prints its report."""

    text = "text"
    json = "json"
    markdown = "markdown"


def _exits_cleanly(command: F) -> F:
    """Turn user errors, Ctrl-C and a failing stdout into a message and an exit code."""

    @functools.wraps(command)
    def run(*args: object, **kwargs: object) -> None:
        try:
            command(*args, **kwargs)
        except DegreefitError as err:
            for line in err.message.splitlines():
                continued = line.startswith("  ")  # the lines of a list under its heading
                sys.stderr.write(f"{line}\n" if continued else f"degreefit: {err.label}: {line}\n")
            raise typer.Exit(err.exit_code) from None
        except KeyboardInterrupt:
            sys.stderr.write("\ndegreefit: interrupted\n")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (`degreefit ask ... | head`): stop quietly.
            _silence_stdout()
            raise typer.Exit(0) from None
        except OSError as err:  # stdout itself failed, e.g. a full disk
            _silence_stdout()
            sys.stderr.write(f"degreefit: error: cannot write the output: {err.strerror or err}\n")
            raise typer.Exit(EXIT_CANNOT_WRITE) from None

    return run  # type: ignore[return-value]


def _silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit cannot fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # stdout was closed from the start: it has no descriptor
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends


class _ClosedStdout(io.TextIOBase):
    """Stands in for stdout when degreefit starts with it closed (`degreefit ... >&-`).

    Python then sets sys.stdout to None. Writing here fails as writing to a closed
    descriptor does, so a command that prints exits 1 with the usual message, and one that
    prints nothing (`batch -o FILE`) runs as usual.
    """

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


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
@_exits_cleanly
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
    from degreefit.answers import as_json, decode, read_source, require_complete, validate
    from degreefit.engine import Engine
    from degreefit.explain import explain
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    if why_not is not None:
        from degreefit.catalog import find_degree

        why_not = find_degree(ruleset, why_not).code  # a typo is caught before any question
    name, data = "your answers", cast("object", {})
    if answers is not None:
        if not answers:
            raise AnswersError("--answers needs a file name, or - to read stdin")
        if answers == "-" and sys.stdin is not None and sys.stdin.isatty():  # else it would wait unseen
            sys.stderr.write("degreefit: reading the answers (JSON) from the terminal; end with Ctrl-D\n")
        name, raw = read_source(answers)
        data = decode(name, raw)
    on_terminal = answers != "-" and sys.stdin is not None and sys.stdin.isatty()
    # Nothing will be asked or resumed: a wrong value is reported with what is missing too.
    from_file = validate(data, ruleset, name=name, complete=not on_terminal and not resume)
    for warning in from_file.warnings:
        sys.stderr.write(f"degreefit: warning: {warning}\n")
    resumed: dict[str, AnswerValue] = {}
    if resume:
        from degreefit import resume as saved

        resumed, notice = saved.load_progress(ruleset)
        if notice:
            sys.stderr.write(f"degreefit: note: {notice}\n")
    # Answers from the file win over answers kept by an interrupted run; say which, if any.
    replaced = [key for key, value in from_file.values.items() if key in resumed and resumed[key] != value]
    if replaced:
        sys.stderr.write(
            f"degreefit: note: {name} replaces what the interrupted run kept for {', '.join(replaced)}\n"
        )
    given = validate(as_json({**resumed, **from_file.values}), ruleset, name=name)
    asked_here = False  # asked on this terminal, keeping the answers for --resume as it went
    if given.missing and on_terminal:
        asked, asked_here = _ask_in_terminal(ruleset, from_file.values, resumed)
        given = validate(as_json(asked), ruleset, name="your answers")
    elif answers is None and not resume:
        raise AnswersError(
            "no answers given, and stdin is not a terminal to ask them on: pass --answers FILE, "
            f"or - to read them from stdin (required: {', '.join(given.missing)})"
        )
    final = require_complete(given, name=name)
    unsaved: CannotWrite | None = None  # said after the report, which is shown all the same
    if save_answers is not None:
        from degreefit.resume import save_answers as write_answers

        try:
            write_answers(Path(save_answers), final.values)
        except CannotWrite as err:
            unsaved = err
    kept_for_resume = ""  # said with a failed --save-answers: where the answers are after all
    if resume or asked_here:
        from degreefit import resume as saved

        if unsaved is None:
            saved.clear_progress()  # the run is complete: nothing to resume
        else:
            failed = saved.save_progress(final.values)  # the answers outlive the failed save
            kept_for_resume = (
                "; your answers are kept for `degreefit ask --resume`"
                if not failed
                else f"; nor could they be kept for --resume ({failed}); here they are, "
                f"to pass back with --answers:\n  {saved.answers_line(final.values)}"
            )
    engine = Engine(ruleset)
    recommendation = engine.recommend(final.values)
    explanation = explain(
        engine, recommendation, final.values, breakdown=explain_scores, why_not_code=why_not
    )

    if output_format is Format.json:
        from degreefit.report import to_json

        document = to_json(recommendation, ruleset, final, explanation)
        _write_json(document)
    elif output_format is Format.markdown:
        from degreefit.markdown import to_markdown

        _write(to_markdown(recommendation, ruleset, final, explanation))
    else:
        from degreefit.render import print_report

        print_report(recommendation, ruleset, final, explanation, file=sys.stdout)
    if unsaved is not None:
        raise CannotWrite(unsaved.message + kept_for_resume)


def _ask_in_terminal(
    ruleset: RuleSet, given: Mapping[str, AnswerValue], resumed: Mapping[str, AnswerValue]
) -> tuple[dict[str, AnswerValue], bool]:
    """Run the questionnaire for whatever `given` lacks, keeping progress for --resume; return
    the answers, and whether this run kept them (no other run was keeping its own)."""
    from degreefit import resume as saved
    from degreefit.prompts import TerminalPrompter
    from degreefit.questionnaire import run

    so_far: dict[str, AnswerValue] = dict(resumed)
    failed = ""  # why the last answers could not be kept, if they could not
    lock = saved.RunLock()
    alone = lock.acquire()

    def save(answers: Mapping[str, AnswerValue]) -> None:
        nonlocal failed
        so_far.clear()
        so_far.update(answers)
        if alone:  # another run keeps its own answers in the resume file: leave them be
            failed = saved.save_progress(answers)

    if not alone:
        sys.stderr.write(
            "degreefit: note: another `degreefit ask` is answering now and keeps its answers for "
            "--resume; this run keeps none (use --save-answers to keep yours)\n"
        )
    elif not resumed and saved.resume_path().exists():
        sys.stderr.write(
            "degreefit: note: an interrupted run is kept; `degreefit ask --resume` goes on with it\n"
        )
    try:
        answers = run(ruleset, TerminalPrompter(), given=given, resumed=resumed, save=save)
    except (KeyboardInterrupt, EOFError):
        if not so_far:
            raise Interrupted("stopped before the first answer; nothing was kept") from None
        if alone and not failed:
            where = saved.resume_path()
            raise Interrupted(
                f"your answers so far are kept in {where}; `degreefit ask --resume` picks up there"
            ) from None
        why = failed or "another run keeps its answers there"
        raise Interrupted(
            f"your answers so far could not be kept for --resume ({why}); here they are, "
            f"to pass back with --answers:\n  {saved.answers_line(so_far)}"
        ) from None
    finally:
        lock.release()
    return answers, alone  # the caller forgets the progress once the answers are safe


def _rules_dir(rules: str | None) -> Path | None:
    if rules is None:
        return None
    if not rules:
        raise DegreefitError("--rules needs a directory (a copy of rules/)")
    return Path(rules)


@app.command()
@_exits_cleanly
def schema(rules: RulesOption = None) -> None:
    """Print the JSON Schema of an answers file, for web forms and survey tools."""
    from degreefit.contract import json_schema
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    _write_json(json_schema(ruleset))


class ViewFormat(str, Enum):
    """How `degrees` and `sources` print."""

    text = "text"
    json = "json"


ViewFormatOption = Annotated[
    ViewFormat,
    typer.Option("--format", "-f", help="text: for people (plain when piped); json: for programs."),
]


@app.command()
@_exits_cleanly
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
        _write_json(document)
        return
    from degreefit.catalogtext import print_degree, print_degrees

    if degree is None:
        print_degrees(ruleset, file=sys.stdout)
    else:
        print_degree(ruleset, degree, file=sys.stdout)


@app.command()
@_exits_cleanly
def sources(output_format: ViewFormatOption = ViewFormat.text, rules: RulesOption = None) -> None:
    """The documents degreefit's advice is drawn from: title, publisher, provenance, sections."""
    from degreefit.catalog import sources_json
    from degreefit.ruleset.load import load_ruleset

    ruleset = load_ruleset(_rules_dir(rules))
    if output_format is ViewFormat.json:
        _write_json(sources_json(ruleset))
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
@_exits_cleanly
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
        stdout=_utf8(sys.stdout),
    )
    if finished.stdout_failed is not None:  # stdout went away, or failed: the errors report is whole
        _silence_stdout()
    if summary_only and output_format is BatchFormat.json:
        _write_json(finished.summary)
    else:
        from degreefit.batch.display import print_batch_summary

        print_batch_summary(finished.summary, file=sys.stdout if summary_only else sys.stderr)
    finished.check()


def _utf8(stdout: TextIO) -> IO[str]:
    """Stdout for results, which are data: UTF-8 like every input, whatever the locale says
    (`LC_ALL=C` made a non-ASCII id a UnicodeEncodeError); stdout itself when it is UTF-8."""
    from degreefit.plaintext import can_print

    buffer = getattr(stdout, "buffer", None)
    if buffer is None or can_print("ë", stdout):
        return stdout
    return cast("IO[str]", _Utf8Writer(buffer))


class _Utf8Writer(io.TextIOBase):
    """Text written to a byte stream as UTF-8; unlike a TextIOWrapper, it never closes the
    stream under it (stdout outlives it)."""

    def __init__(self, buffer: IO[bytes]) -> None:
        self._buffer = buffer

    def write(self, text: str) -> int:
        self._buffer.write(text.encode("utf-8", "surrogateescape"))
        return len(text)

    def flush(self) -> None:
        self._buffer.flush()


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
@_exits_cleanly
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
    from degreefit.errors import RulesError
    from degreefit.ruleset.cases import case_files, load_cases
    from degreefit.ruleset.check import check
    from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

    where = _rules_dir(directory) or builtin_rules_dir()
    verdict = check(where)
    problems = list(verdict.problems)
    if not problems and case_files(where):  # the cases are read against a rule set that loads
        try:
            load_cases(where, load_ruleset(where))  # `rules test` runs them; here, only their form
        except RulesError as err:
            problems += err.problems
    if problems:
        for problem in problems:
            _write(f"{_joined(where, problem.file)}{str(problem)[len(problem.file) :]}\n")
        count = len(problems)
        raise DegreefitError(f"{where}: {count} problem{'s' if count != 1 else ''}")
    _write(f"{where}: {verdict.summary}\n")


@rules_app.command("test")
@_exits_cleanly
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
    from degreefit.engine import Engine
    from degreefit.report import counted
    from degreefit.ruleset import workbench
    from degreefit.ruleset.cases import case_files, coverage, load_cases, run_case
    from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

    where = _rules_dir(directory) or builtin_rules_dir()
    ruleset = load_ruleset(where)
    cases = load_cases(where, ruleset) if case_files(where) else ()
    if not cases:
        raise DegreefitError(
            f"{where / 'cases'}: no test cases; add a YAML file of cases there, written like "
            f"{builtin_rules_dir() / 'cases' / 'personas.yaml'}"
        )
    engine = Engine(ruleset)
    results = [run_case(engine, case) for case in cases]
    found = coverage(ruleset, results) if show_coverage else None
    _write(workbench.case_report(results, where, found, every=verbose))
    failed = sum(not result.passed for result in results)
    if failed:
        raise DegreefitError(f"{failed:,} of {counted(len(results), 'case')} failed")
    _write(workbench.all_passed(results, where))


@rules_app.command("diff")
@_exits_cleanly
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
    from degreefit.report import counted
    from degreefit.ruleset import diff, workbench
    from degreefit.ruleset.load import load_ruleset

    if answers is not None and cohort_file is not None:
        raise DegreefitError("give --answers or --cohort, not both")
    if sample_size is not None and (answers is not None or cohort_file is not None):
        raise DegreefitError(
            "--sample adds random people to NEW's test cases; leave it out with --answers or --cohort"
        )
    before_dir, after_dir = Path(old), Path(new)
    before, after = load_ruleset(before_dir), load_ruleset(after_dir)
    people: Any
    if answers is not None:
        from degreefit.answers import decode, read_source

        name, raw = read_source(answers)
        data = decode(name, raw)
        if not isinstance(data, dict):
            raise AnswersError(f"{name}: expected a JSON object whose keys are question ids")
        people, origin = [diff.Person(name, data)], name
    elif cohort_file is not None:
        people, origin = _cohort_people(cohort_file, after), cohort_file
    else:
        from degreefit.ruleset.cases import read_cases

        # Cases whose answers NEW no longer accepts are compared where OLD can, or skipped.
        mine = [diff.Person(f"case {c.entry.id}", c.entry.answers, case=True) for c in read_cases(after_dir)]
        size = diff.SAMPLE_SIZE if sample_size is None else sample_size
        people = [*mine, *diff.sample(after, size)]
        sampled = f"{counted(size, 'random answer set')}, seed {diff.SAMPLE_SEED}"
        origin = f"{counted(len(mine), 'test case')} of NEW and {sampled}"
    changes = diff.edits(before, after)
    effect = diff.impact(before, after, people, origin)
    if output_format is ViewFormat.json:
        _write_json(workbench.diff_json(old, new, changes, effect))
    else:
        _write(workbench.diff_text(old, new, changes, effect))
    if not effect.compared:  # no verdict on the advice: say why rather than "no change"
        raise DegreefitError(f"no one could be ranked under both rule sets: {effect.skipped_example}")


def _cohort_people(source: str, ruleset: RuleSet) -> Any:
    """The people of a cohort file, one per row; a row that cannot be read is skipped."""
    from degreefit.batch.read import cohort_people

    return cohort_people(source, ruleset)


def _joined(directory: Path, file: str) -> str:
    """A problem's file as the user can open it: inside the directory they named."""
    return str(directory / file) if not Path(file).is_absolute() else file


def _write(text: str) -> None:
    from degreefit.plaintext import fitted

    sys.stdout.write(fitted(text, sys.stdout))
    sys.stdout.flush()


def _write_json(document: object) -> None:
    """JSON with its characters as they are, or escaped (\\u2019) where stdout cannot print them."""
    from degreefit.plaintext import can_print

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if not can_print(text, sys.stdout):
        text = json.dumps(document, indent=2) + "\n"
    sys.stdout.write(text)
    sys.stdout.flush()


def main() -> None:
    """The `degreefit` console script."""
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:  # closed: there is nowhere to say anything
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - open until the process ends
    try:
        try:
            app()
        finally:
            sys.stdout.flush()  # so that a failing stdout (--help > /dev/full) is caught below
    except KeyboardInterrupt:  # during start-up, before a command runs
        sys.stderr.write("\ndegreefit: interrupted\n")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
    except OSError as err:
        _silence_stdout()
        sys.stderr.write(f"degreefit: error: cannot write the output: {err.strerror or err}\n")
        sys.exit(EXIT_CANNOT_WRITE)
