"""The `batch` command's loop: check the options, read the input row by row, score each row,
write its result or its error, and keep what was written when stopped (Ctrl-C, SIGTERM, SIGHUP)."""

from __future__ import annotations

import os
import signal
import stat
import sys
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Literal

from degreefit.batch.overwrite import refuse_overwriting
from degreefit.batch.read import InputFormat, format_of, opened_input, read_rows
from degreefit.batch.rows import Rejected
from degreefit.batch.score import Scorer
from degreefit.batch.signals import Stopped, Terminated, stopped_by_signals
from degreefit.batch.sink import Sink
from degreefit.batch.write import CsvLines, JsonLines, Writer, error_line
from degreefit.conditions import by_id
from degreefit.errors import CannotWrite, DegreefitError, Interrupted
from degreefit.exhaustive import assert_never
from degreefit.models import RuleSet

if TYPE_CHECKING:
    from degreefit.batch.display import BatchProgress

OutputFormat = Literal["jsonl", "csv", "json"]


@dataclass(frozen=True)
class Finished:
    """A batch that read its input to the end: the cohort summary, and what its exit code comes from."""

    summary: dict[str, Any]
    errors: str | None  # where the rejected rows went (--errors), or None for stderr
    stdout_failed: OSError | None  # stdout could not take the results (its reader went, a full disk)

    def check(self) -> None:
        """Raise what the batch ends in: CannotWrite when stdout failed (not a closed pipe), else a
        DegreefitError when rows were rejected; nothing when every row was scored."""
        from degreefit.wording import counted

        rejected, rows = self.summary["rejected"], self.summary["rows"]
        said = f"{counted(rejected, 'row')} of {rows:,} rejected (see {self.errors or 'above'})"
        failed = self.stdout_failed
        if failed is not None and not isinstance(failed, BrokenPipeError):
            problem = f"cannot write the results to stdout: {failed.strerror or failed}"
            raise CannotWrite(f"{problem}; {said}" if rejected else problem)
        if rejected:
            raise DegreefitError(said)


def run(
    ruleset: RuleSet,
    source: str,
    *,
    output: str | None,
    errors: str | None,
    output_format: OutputFormat,
    input_format: InputFormat | None,
    summary_only: bool,
    stdout: IO[str],
) -> Finished:
    """Score every row of `source` ("-" for stdin) and write the results to `output` (or `stdout`,
    also for "-"), each rejected row to `errors` (or stderr), in input order.

    A bad row never stops the batch. On Ctrl-C, SIGTERM or SIGHUP, what was written is kept
    (a file as PATH.partial) and Interrupted says where; on any other failure no half-written
    file is left behind.
    """
    if output == "-":  # stdout, as without --output
        output = None
    if errors == "-":
        said = "without it they go to stderr (- is no file name here)"
        raise DegreefitError(f"--errors names a file for the rejected rows; {said}")
    if summary_only and output is not None:
        raise DegreefitError("--summary-only prints the summary on stdout; leave out --output")
    if output_format == "json" and not summary_only:
        raise DegreefitError("--format json is for --summary-only; rows are written as jsonl or csv")
    if summary_only and output_format == "csv":
        raise DegreefitError("--summary-only prints a table (or, with --format json, JSON); not csv")
    refuse_overwriting(source, output, errors)
    read_as = input_format or format_of(source)
    with opened_input(source) as stream:
        name = "<stdin>" if source == "-" else source
        questions = by_id(ruleset.questions)
        rows = read_rows(stream, name=name, read_as=read_as, questions=questions)
        scorer = Scorer(ruleset, name)
        sink = Sink(None if summary_only else output, stdout)
        try:
            # Error messages quote the input's name, which may hold bytes that are not UTF-8.
            error_sink = Sink(errors, sys.stderr, unencodable="backslashreplace") if errors else None
        except CannotWrite:
            sink.discard()
            raise
        writer = _writer(output_format, scorer.engine.codes)
        progress = _progress(stream)
        written = 0
        try:
            if not summary_only:
                sink.write(writer.header())
            with stopped_by_signals(), progress:
                for row in rows:
                    result = scorer.score(row)
                    if isinstance(result, Rejected):
                        if error_sink is not None:
                            error_sink.write(error_line(result) + "\n")
                        else:
                            for line in result.error.splitlines():
                                sys.stderr.write(f"degreefit: error: {line}\n")
                    elif not summary_only:
                        sink.write(writer.line(result))
                        written += 1
                    progress.advance()
        except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM or SIGHUP
            where = sink.keep_partial()
            if error_sink is not None:
                error_sink.keep_partial()
            done = written + scorer.rejected
            if isinstance(stop, Stopped):
                by = signal.Signals(stop.signum).name
                message = f"stopped by {by} after {done} rows; the {written} rows scored so far {where}"
                raise Terminated(message, stop.signum) from None
            raise Interrupted(
                f"stopped after {done} rows; the {written} rows scored so far {where}"
            ) from None
        except Exception:  # a bad header, or a full disk: no half-written results file is left behind
            sink.discard()
            if error_sink is not None:
                error_sink.discard()
            raise
        sink.finish()
        if error_sink is not None:
            error_sink.finish()
        return Finished(scorer.summary(), errors, sink.failed)


def _writer(output_format: OutputFormat, codes: tuple[str, ...]) -> Writer:
    """The writer of the rows: CSV, or JSON Lines (whose header, none, --summary-only never writes)."""
    match output_format:
        case "csv":
            return CsvLines(codes)
        case "jsonl" | "json":
            return JsonLines(codes)
        case _:
            return assert_never(output_format)


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def advance(self) -> None:
        return None


def _progress(stream: IO[bytes]) -> _NoProgress | BatchProgress:
    """A progress line on stderr when it is a terminal (with a bar when the input is a file of
    known size); nothing otherwise."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from degreefit.batch.display import BatchProgress

    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError):
        return BatchProgress(sys.stderr)
    if not stat.S_ISREG(info.st_mode):
        return BatchProgress(sys.stderr)
    return BatchProgress(sys.stderr, info.st_size, stream.tell)
