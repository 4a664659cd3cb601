"""Errors to exit codes, in one place: what a failing command says on stderr and how it ends.

Every failure a user can fix is a DegreefitError; `exits_cleanly` turns it (and Ctrl-C, and
a stdout that fails or goes away) into a message and an exit code. The command line applies
it once, around every command, so a new command cannot forget it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator

from degreefit.errors import EXIT_CANNOT_WRITE, EXIT_INTERRUPTED, DegreefitError


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
