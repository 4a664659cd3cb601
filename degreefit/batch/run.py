"""The `batch` command's loop: check the options, read the input row by row, score each row,
write its result or its error, and keep what was written when stopped (Ctrl-C, SIGTERM, SIGHUP...),
losing no row without a count when an output cannot be written."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, Literal

from degreefit.batch.read import InputFormat, format_of, opened_input, read_rows
from degreefit.batch.rejections import Rejections
from degreefit.batch.rows import Rejected, Row
from degreefit.batch.score import Scorer
from degreefit.batch.sink import Sink
from degreefit.batch.write import CsvLines, JsonLines, Writer
from degreefit.conditions import by_id
from degreefit.errors import CannotWrite, DegreefitError, Interrupted, assert_never
from degreefit.models import RuleSet
from degreefit.quoting import counted, printable

if TYPE_CHECKING:
    from degreefit.batch.display import BatchProgress


OutputFormat = Literal["jsonl", "csv", "json"]


@dataclass(frozen=True)
class Finished:
    """A batch that read its input to the end: the cohort summary, and what its exit code comes from."""

    summary: dict[str, Any]
    errors: str | None  # where the rejected rows are (the --errors file), or None for stderr
    stdout_failed: OSError | None  # stdout could not take the results (its reader went, a full disk)
    results_failed: str = ""  # why the results file could not be written (its rows are not kept)
    errors_failed: str = ""  # why the --errors file could not be written (its rows went to stderr)
    unrecovered: int = 0  # rows of that file that could not be read back for stderr

    def check(self) -> None:
        """Raise what the batch ends in: CannotWrite when an output could not be written (not stdout
        closed by its reader), saying what became of its rows; else a DegreefitError when rows were
        rejected; nothing when every row was scored."""
        rejected, rows, scored = self.summary["rejected"], self.summary["rows"], self.summary["scored"]
        where = printable(self.errors) if self.errors else "above"
        said = f"{counted(rejected, 'row')} of {rows:,} rejected (see {where})"
        problems = []
        if self.results_failed:
            lost = f"; the {counted(scored, 'row')} scored {_are(scored)} not kept"
            problems.append(
                self.results_failed + (f"{lost} (the summary above counts them)" if scored else "")
            )
        if self.errors_failed:
            told = rejected - self.unrecovered
            moved = f"; the {counted(told, 'rejected row')} {_are(told)} on stderr above instead"
            if self.unrecovered:
                other = counted(self.unrecovered, "other")
                moved += f"; {other} could not be read back from it, and {_are(self.unrecovered)} lost"
            problems.append(self.errors_failed + (moved if rejected else ""))
        failed = self.stdout_failed
        if failed is not None and not isinstance(failed, BrokenPipeError):
            problems.append(f"cannot write the results to stdout: {failed.strerror or failed}")
        if problems:
            raise CannotWrite("\n".join([*problems, said] if rejected else problems))
        if rejected:
            raise DegreefitError(said)


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


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

    A bad row never stops the batch, nor does an output that cannot be written (a full disk): the
    batch reads on, so that the summary and the other output are whole, and Finished says what
    was lost. On Ctrl-C, SIGTERM, SIGHUP or another signal that would end it, what was written is
    kept (a file as PATH.partial) and Interrupted says where; no temporary file is left behind.
    """
    if output == "":  # Path("") is the current folder: "Is a directory", were it opened
        raise DegreefitError(
            '--output needs a file name ("" names none); without it the results go to stdout'
        )
    if errors == "":
        raise DegreefitError(
            '--errors needs a file name ("" names none); without it rejected rows go to stderr'
        )
    if source == "":
        raise DegreefitError('INPUT needs a file name ("" names none); - reads stdin')
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
    name = "<stdin>" if source == "-" else printable(source)  # as messages name it
    with opened_input(source) as stream:
        rows = read_rows(stream, name=name, read_as=read_as, questions=by_id(ruleset.questions))
        scorer = Scorer(ruleset, name)
        writer = _writer(output_format, scorer.engine.codes)
        with stopped_by_signals():
            results = Sink(None if summary_only else output, stdout)
            try:
                rejections = Rejections(errors, sys.stderr)
            except BaseException:
                results.discard()
                raise
            return _score(rows, scorer, writer, results, rejections, summary_only, _progress(stream))


def _score(
    rows: Iterable[Row | Rejected],
    scorer: Scorer,
    writer: Writer,
    results: Sink,
    rejections: Rejections,
    summary_only: bool,
    progress: _NoProgress | BatchProgress,
) -> Finished:
    """Score each row, writing its result to `results` or telling it in `rejections`."""
    written = 0
    failed = ""  # why the results file could not be written
    try:
        if not summary_only:
            try:
                results.write(writer.header())
            except CannotWrite as err:
                failed = _given_up(results, err)
        with progress:
            for row in rows:
                with held:  # a signal stops the batch between rows, never inside one
                    result = scorer.score(row)
                    if isinstance(result, Rejected):
                        rejections.put(result)
                    elif not summary_only and not failed:
                        try:
                            results.write(writer.line(result))
                            written += 1
                        except CannotWrite as err:
                            failed = _given_up(results, err)
                progress.advance()
        if not failed:
            try:
                with held:
                    results.finish()
            except CannotWrite as err:
                failed = _given_up(results, err)
        rejections.finish()
    except KeyboardInterrupt as stop:  # Ctrl-C, SIGTERM, SIGHUP...
        done = scorer.summary()["rows"]
        raise _interrupted(stop, done, written, failed, results, rejections) from None
    except BaseException:  # the input failed to read on: no temporary file is left
        results.discard()
        rejections.discard()
        raise
    return Finished(
        scorer.summary(), rejections.where, results.failed, failed, rejections.failure, rejections.unrecovered
    )


def _given_up(results: Sink, err: CannotWrite) -> str:
    """The results file failed (a full disk): it is discarded, and the batch reads on."""
    results.discard()
    return err.message


def _interrupted(
    stop: KeyboardInterrupt, done: int, written: int, failed: str, results: Sink, rejections: Rejections
) -> Interrupted:
    """What the batch ends in when stopped: what was kept, and where."""
    kept = []
    if failed:
        kept.append(f"the rows scored are not kept ({failed})")
    else:
        try:
            kept.append(results.keep_partial().said(written, "row", " scored"))
        except CannotWrite as err:
            results.discard()
            kept.append(f"the rows scored are not kept ({err.message})")
    errors_kept = rejections.keep_partial()
    if errors_kept:
        kept.append(errors_kept)
    elif rejections.failure:
        kept.append(f"the rejected rows are above ({rejections.failure})")
    if isinstance(stop, Stopped):
        by = signal.Signals(stop.signum).name
        return Terminated(f"stopped by {by} after {done} rows; {'; '.join(kept)}", stop.signum)
    return Interrupted(f"stopped after {done} rows; {'; '.join(kept)}")


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


def refuse_overwriting(source: str, output: str | None, errors: str | None) -> None:
    """Refuse to write the results over the input (a file, or stdin redirected from one), or the
    results and the errors to one file, under any name (symlinks and `..` resolved)."""
    named = [("INPUT", source), ("--output", output), ("--errors", errors)]
    for index, (first, one) in enumerate(named):
        for second, other in named[index + 1 :]:
            if one is not None and other is not None and same_file(one, other):
                shown = printable(other) if one != "-" else f"{printable(other)}, which stdin reads"
                raise DegreefitError(f"{first} and {second} name the same file ({shown}); give each its own")


def same_file(one: str, other: str) -> bool:
    """Whether two names (or "-" for stdin) are one file; a name not there yet by its real path."""
    stats = []
    for name in (one, other):
        try:
            if name == "-":
                stats.append(os.fstat(sys.stdin.fileno()) if sys.stdin is not None else None)
            else:
                stats.append(os.stat(name))
        except (OSError, ValueError):
            stats.append(None)
    first, second = stats
    if first is not None and second is not None:  # only a regular file is overwritten (not /dev/null)
        same = (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)
        return same and stat.S_ISREG(first.st_mode)
    return "-" not in (one, other) and os.path.realpath(one) == os.path.realpath(other)


# The signals whose default is to end the process, which a handler can catch, and that are not a
# fault of the process itself (SIGSEGV, SIGBUS...): each would leave a batch's temporary files
# behind. SIGINT is Ctrl-C's own; Python ignores SIGPIPE and SIGXFSZ.
STOPPING = (
    *("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGVTALRM", "SIGPROF"),
    *("SIGXCPU", "SIGIO", "SIGPWR", "SIGSTKFLT"),
)


class Stopped(KeyboardInterrupt):
    """A signal (SIGTERM, SIGHUP, ...) during a batch: it stops as Ctrl-C stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Terminated(Interrupted):
    """A batch stopped by SIGTERM, SIGHUP or another signal: the message says what was kept; the exit
    code is the shell's for that signal (143, 129, ...)."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum


class _Held:
    """While `depth` is above 0, a stopping signal waits in `pending` until the held block ends."""

    depth = 0
    pending: KeyboardInterrupt | None = None

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0 and self.pending is not None:
            pending, self.pending = self.pending, None
            raise pending


held = _Held()
"""`with held:` a row is scored, written and counted whole before a signal stops the batch (a
class, not a generator: it is entered once a row)."""


def _raise_or_hold(stop: KeyboardInterrupt) -> None:
    if held.depth:
        held.pending = held.pending or stop
        return
    raise stop


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within it, SIGTERM, SIGHUP and the rest of STOPPING raise Stopped, as SIGINT raises
    KeyboardInterrupt, so that what was written is kept and no temporary file is left behind. Only
    a signal that would end the process is caught: one that is ignored (`nohup` ignores SIGHUP),
    or has a handler, stays so; a second signal acts as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    wanted = [getattr(signal, name) for name in STOPPING if hasattr(signal, name)]
    before: dict[int, Any] = {}

    def stop(signum: int, frame: object) -> None:
        for number, handler in before.items():
            signal.signal(number, handler)
        _raise_or_hold(KeyboardInterrupt() if signum == signal.SIGINT else Stopped(signum))

    for number in wanted:
        if signal.getsignal(number) is signal.SIG_DFL:  # a handler of someone else's is theirs
            before[number] = signal.SIG_DFL
            signal.signal(number, stop)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # Ctrl-C waits for a row too
        before[signal.SIGINT] = signal.default_int_handler
        signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
        held.depth, held.pending = 0, None
