"""SIGTERM and SIGHUP during a batch: stop as Ctrl-C stops it, keeping what was written."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

from degreefit.errors import Interrupted


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a batch: it stops as Ctrl-C stops it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class Terminated(Interrupted):
    """A batch stopped by SIGTERM or SIGHUP: the message says what was kept; the exit code is the
    shell's for that signal (143, 129)."""

    def __init__(self, message: str, signum: int) -> None:
        super().__init__(message)
        self.exit_code = 128 + signum


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Within it, SIGTERM and SIGHUP raise Stopped, as SIGINT raises KeyboardInterrupt, so that
    what was written is kept and no temporary file is left behind. A signal that is ignored
    (`nohup` ignores SIGHUP) stays ignored; a second signal acts as it would have."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers
        return
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    before: dict[int, Any] = {}

    def stop(signum: int, frame: object) -> None:
        for number, handler in before.items():
            signal.signal(number, handler)
        raise Stopped(signum)

    for number in wanted:
        handler = signal.getsignal(number)
        if handler is not signal.SIG_IGN:
            before[number] = signal.SIG_DFL if handler is None else handler
            signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
