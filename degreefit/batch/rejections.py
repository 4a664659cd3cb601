"""Where a batch's rejected rows go: the --errors file, or stderr; stderr takes every one of them
over when the file cannot be written (a full disk), so that none is lost without a count."""

from __future__ import annotations

import json
from typing import TextIO

from degreefit.batch.rows import Rejected
from degreefit.batch.sink import Sink
from degreefit.batch.write import error_line
from degreefit.errors import CannotWrite


class Rejections:
    """The rejected rows of a batch, told in the --errors file (`path`) as JSON Lines, or on stderr."""

    def __init__(self, path: str | None, stderr: TextIO) -> None:
        self.path = path
        self._stderr = stderr
        # Error messages quote the input's name, which may hold bytes that are not UTF-8.
        self._sink = Sink(path, stderr, unencodable="backslashreplace") if path else None
        self.failure = ""  # why the --errors file could not be written: its rows went to stderr
        self.unrecovered = 0  # rows of the file that could not be read back for stderr
        self.count = 0

    @property
    def where(self) -> str | None:
        """The --errors file the rejected rows are in; None when they are on stderr."""
        return None if self.failure else self.path

    def put(self, rejected: Rejected) -> None:
        """Tell one rejected row."""
        self.count += 1
        if self._sink is not None:
            try:
                self._sink.write(error_line(rejected) + "\n")
            except CannotWrite as err:
                self._fall_back(err)  # this row too, which the file did not take
            return
        self._say(rejected.error)

    def finish(self) -> None:
        """Make the --errors file appear whole; or, if it cannot be written, tell its rows on stderr."""
        if self._sink is not None:
            try:
                self._sink.finish()
            except CannotWrite as err:
                self._fall_back(err)

    def keep_partial(self) -> str:
        """After an interruption: keep the rows told so far, and say where ("" for stderr)."""
        if self._sink is None:
            return ""
        try:
            kept = self._sink.keep_partial()
        except CannotWrite as err:
            self._fall_back(err)
            return ""
        return kept.said(self.count, "rejected row")

    def discard(self) -> None:
        """After a failure of the batch: leave no temporary file behind."""
        if self._sink is not None:
            self._sink.discard()

    def _fall_back(self, err: CannotWrite) -> None:
        """The file failed: tell on stderr, in order, every row given to it so far, then the rest."""
        sink, self._sink = self._sink, None
        self.failure = err.message
        if sink is None:
            return
        for line in sink.salvage():
            try:
                error = json.loads(line)["error"]
            except (ValueError, KeyError, TypeError):
                self.unrecovered += 1
                continue
            self._say(error)
        self.unrecovered += sink.unrecovered

    def _say(self, error: str) -> None:
        for line in error.splitlines():
            self._stderr.write(f"degreefit: error: {line}\n")
