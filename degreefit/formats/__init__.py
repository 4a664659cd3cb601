"""The formats of `ask`'s report, one module each with one signature, `render(report, file)`.

`Format` is the registry: its members are the `--format` choices of `ask`, in the order
`--help` lists them. To add a format (HTML, say), write `formats/html.py` with its `render`,
add its member here, and mypy points at the branch of `render` below that it still lacks.
The format modules are imported only when used: `--format json` never loads rich.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, TextIO

from degreefit.errors import assert_never

if TYPE_CHECKING:
    from degreefit.report import Report


class Format(str, Enum):
    """How `ask` prints its report."""

    text = "text"
    json = "json"
    markdown = "markdown"


def render(report: Report, file: TextIO, fmt: Format) -> None:
    """Write the report to `file` in one format."""
    if fmt is Format.text:
        from degreefit.formats import text

        text.render(report, file)
    elif fmt is Format.json:
        from degreefit.formats import json

        json.render(report, file)
    elif fmt is Format.markdown:
        from degreefit.formats import markdown

        markdown.render(report, file)
    else:
        assert_never(fmt)
