"""SIGTERM, SIGHUP and the other signals that would end a batch: stop as Ctrl-C stops it, keeping
what was written."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

from degreefit.errors import Interrupted

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
