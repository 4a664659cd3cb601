"""The one family of errors degreefit reports to a user, each with its exit code, and how a failing
command ends: `exits_cleanly` turns such an error (and Ctrl-C, and a stdout that fails or goes
away) into a message on stderr and an exit code. The command line applies it once, around every
command, so a new command cannot forget it. And `assert_never`, for the value an exhaustive
branch did not expect (a bug, never the user's)."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator
from typing import NamedTuple, NoReturn

EXIT_CANNOT_WRITE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class DegreefitError(Exception):
    """A problem the user can fix; the CLI prints its message and exits with `exit_code`."""

    exit_code = EXIT_BAD_INPUT
    label = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class AnswersError(DegreefitError):
    """An answers file (or stdin) that is not valid answers."""


class Interrupted(DegreefitError):
    """The person stopped the questionnaire (Ctrl-C or Ctrl-D); the message says what was kept."""

    exit_code = EXIT_INTERRUPTED
    label = "interrupted"


class CannotWrite(DegreefitError):
    """An output (the report, a saved answers file) could not be written."""

    exit_code = EXIT_CANNOT_WRITE


Loc = tuple[object, ...]
"""Where a value is in a rule file's YAML: the keys and list indices that lead to it."""


class Problem(NamedTuple):
    """One problem in a rule set: where it is and what is wrong."""

    file: str
    line: int
    rule_id: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f" {self.rule_id}:" if self.rule_id else ""
        return f"{where}:{who} {self.message}"


class RulesError(DegreefitError):
    """A rule set that cannot be used; lists every problem found."""

    def __init__(self, problems: list[Problem], *, directory: str = "") -> None:
        self.problems = tuple(problems)
        self.directory = directory
        count = len(problems)
        which = f"the rule set in {directory}" if directory else "the rule set"
        head = f"{which} has a problem" if count == 1 else f"{which} has {count} problems"
        # Each file as `rules check` names it: inside the directory, ready to open.
        shown = [p._replace(file=os.path.join(directory, p.file)) if directory else p for p in problems]
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in shown))


def assert_never(value: NoReturn) -> NoReturn:
    """Fail loudly on a value that an exhaustive branch did not expect.

    End every branch on a closed set (a question kind, an output format) with it: mypy then reports
    a case that no branch handles (typing has its own only from Python 3.11)."""
    raise AssertionError(f"unhandled value: {value!r}")


@contextlib.contextmanager
def exits_cleanly() -> Iterator[None]:
    """Run a command; end a user error, Ctrl-C or a failing stdout with a message and SystemExit."""
    try:
        yield
    except DegreefitError as err:
        report(err)
        raise SystemExit(err.exit_code) from None
    except KeyboardInterrupt:
        sys.stderr.write("\ndegreefit: interrupted\n")
        raise SystemExit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        # The reader went away (`degreefit ask ... | head`): stop quietly.
        silence_stdout()
        raise SystemExit(0) from None
    except OSError as err:  # stdout itself failed, e.g. a full disk
        silence_stdout()
        sys.stderr.write(f"degreefit: error: cannot write the output: {err.strerror or err}\n")
        raise SystemExit(EXIT_CANNOT_WRITE) from None


def report(err: DegreefitError) -> None:
    """Say a user error on stderr: each line labelled, the lines of a list under its heading as they are."""
    for line in err.message.splitlines():
        continued = line.startswith("  ")
        sys.stderr.write(f"{line}\n" if continued else f"degreefit: {err.label}: {line}\n")


def note(label: str, text: str) -> None:
    """Say a warning or a note on stderr, labelled the way errors are (no label: a plain remark)."""
    sys.stderr.write(f"degreefit: {label}: {text}\n" if label else f"degreefit: {text}\n")


def silence_stdout() -> None:
    """Point stdout at the null device, so the flush at exit cannot fail again."""
    try:
        descriptor = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError):  # stdout was closed from the start: it has no descriptor
        sys.stdout = Discard()
        return
    try:
        os.dup2(null, descriptor)
    except OSError:
        sys.stdout = Discard()
    finally:
        os.close(null)  # dup2 made a copy; this one would be left open (a ResourceWarning at exit)


class Discard(io.TextIOBase):
    """Stands in for a stream nothing can be written to any more: takes text, keeps none, and holds
    no file (a file opened for it would be left open at exit)."""

    def write(self, text: str) -> int:
        return len(text)


class ClosedStdout(io.TextIOBase):
    """Stands in for stdout when degreefit starts with it closed (`degreefit ... >&-`).

    Python then sets sys.stdout to None. Writing here fails as writing to a closed
    descriptor does, so a command that prints exits 1 with the usual message, and one that
    prints nothing (`batch -o FILE`) runs as usual.
    """

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "stdout is closed")


def stand_in_for_closed_streams() -> None:
    """Give a closed stdout a stand-in that fails on write, and a closed stderr the null device."""
    if sys.stdout is None:
        sys.stdout = ClosedStdout()
    if sys.stderr is None:  # closed: there is nowhere to say anything
        sys.stderr = Discard()
