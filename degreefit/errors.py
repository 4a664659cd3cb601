"""The one family of errors degreefit reports to a user, each with its exit code; and
`assert_never`, for the value an exhaustive branch did not expect (a bug, never the user's)."""

from __future__ import annotations

import os
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
