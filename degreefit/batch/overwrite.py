"""Refusing to write a batch's results over its input, or its results and errors into one file."""

from __future__ import annotations

import os
import stat
import sys

from degreefit.batch.rows import printable
from degreefit.errors import DegreefitError


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
