"""`assert_never` for exhaustive branches (typing has it only from Python 3.11).

End every branch on a closed set (a question kind, an output format) with it: mypy then
reports a case that no branch handles, and at run time an unhandled value is a bug.
"""

from __future__ import annotations

from typing import NoReturn


def assert_never(value: NoReturn) -> NoReturn:
    """Fail loudly on a value that an exhaustive branch did not expect."""
    raise AssertionError(f"unhandled value: {value!r}")
