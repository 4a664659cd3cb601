"""The batch command on a terminal: the cohort summary and the progress line, drawn with rich."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TextIO

from rich import box
from rich.console import Console
from rich.table import Table

from degreefit.output import plain_box, show
from degreefit.quoting import counted


def print_batch_summary(summary: dict[str, Any], *, file: TextIO) -> None:
    """The cohort at a glance: how many people each degree suits best on its own, how many have a
    tie for first, close calls, rejected rows."""
    show(file, lambda console, fancy: _draw_batch_summary(console, summary, fancy=fancy))


def _draw_batch_summary(console: Console, summary: dict[str, Any], *, fancy: bool) -> None:
    table = Table(title="Cohort summary", title_justify="left", box=box.SIMPLE_HEAD if fancy else plain_box())
    table.add_column("Best fit")
    table.add_column("People", justify="right")
    for code, count in summary["top"].items():
        table.add_row(code, f"{count:,}")
    table.add_row("tied for first", f"{summary['ties']:,}")  # counted apart: a tie is no one's pick
    if summary["none_open"]:
        table.add_row("none open now", f"{summary['none_open']:,}")
    console.print(table)
    rows, close = counted(summary["rows"], "row"), counted(summary["close_calls"], "close call")
    console.print(f"{rows}: {summary['scored']:,} scored, {summary['rejected']:,} rejected; {close}")


class BatchProgress:
    """A progress line on stderr while a batch runs: rows done and rows per second, and for an
    input file of known size, a bar, how much of it is read and the time left."""

    def __init__(
        self, file: TextIO, size: int | None = None, position: Callable[[], int] | None = None
    ) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        known = bool(size) and position is not None
        console = Console(file=file)
        # "⠏ scoring ━━━╺━━━━ 9% · 38,000 rows · 24,832 rows/s · 0:00:15 left" for a file;
        # "⠏ scoring 38,000 rows · 24,832 rows/s · 0:00:01" for a pipe. On a narrow terminal
        # the bar goes first, then the rate and the time: "⠏ scoring 9% · 38,000 rows".
        narrow = console.width < 64
        columns: list[Any] = [SpinnerColumn(), TextColumn("scoring")]
        if known and console.width >= 84:
            columns.append(BarColumn(bar_width=24))
        if known:
            columns += [TaskProgressColumn(), TextColumn("·")]
        if narrow:
            columns.append(TextColumn("{task.fields[rows]} rows"))
        else:
            columns.append(TextColumn("{task.fields[rows]} rows{task.fields[rate]} ·"))
            columns += [TimeRemainingColumn(), TextColumn("left")] if known else [TimeElapsedColumn()]
        self._progress = Progress(*columns, console=console, transient=True)
        self._task = self._progress.add_task("batch", total=size if known else None, rows="0", rate="")
        self._position = position if known else None
        self._started = time.perf_counter()
        self._next = self._started  # when to show the count next
        self._done = 0

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self) -> None:
        """Count one more row (and, ten times a second, show the count, the rate and the share read)."""
        self._done += 1
        now = time.perf_counter()
        if now < self._next:
            return
        self._next = now + 0.1
        rate = self._done / max(now - self._started, 1e-9)
        read = self._position() if self._position is not None else None
        self._progress.update(
            self._task, completed=read, rows=f"{self._done:,}", rate=f" · {rate:,.0f} rows/s"
        )
