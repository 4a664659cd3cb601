"""YAML syntax errors in plain words, for an advisor who edits rule files but does not program.

PyYAML says what its parser expected ("mapping values are not allowed here"); an advisor needs
what to change and where. Each common error is recognised from PyYAML's own wording and the
text around it, and reported at the line to fix, which is not always the line where PyYAML
stopped (an unclosed quote is noticed where the next quote is). An error not recognised keeps
PyYAML's words, after "YAML syntax:".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import yaml

_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what YAML counts as a line break
_KEY = re.compile(r"\s*(?:-\s+)?([\w-]+):\s+(.*?)\s*$")  # `key: value`, or `- key: value`
_GLUED_KEY = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:[^\s:/]")  # `id:value`, no space after the colon
_MAPPING_KEYS = frozenset(
    {"effects", "cite", "when", "who", "constraint", "not_considered", "disagrees"}
)  # keys whose value is a mapping
_CLOSERS = {"[": "]", "{": "}"}
INDENTED = "keys of one item, and the dashes of one list, start in the same column"
_GLUED = "a key's colon must be followed by a space, as in `id: value`"


class Said(NamedTuple):
    """A syntax error as a rule file's author reads it: the line to fix (1-based) and what to do."""

    line: int
    message: str


def syntax_error(err: yaml.YAMLError, data: bytes) -> Said:
    """The line and plain words for a YAML error raised while reading `data`."""
    if isinstance(err, yaml.reader.ReaderError):
        return _unreadable(err, data)
    if not isinstance(err, yaml.MarkedYAMLError):
        return Said(0, f"YAML syntax: {err}")
    text = data.decode("utf-8", errors="replace")  # bytes past the error were never read
    lines = _BREAKS.split(text)
    said = _plain(err, lines, text)
    if said is not None:
        return said
    mark = err.problem_mark or err.context_mark
    message = f"YAML syntax: {err.problem or err}"
    if err.context and err.context_mark is not None:  # e.g. where an unclosed brace opened
        message += f" ({err.context}, which starts on line {err.context_mark.line + 1})"
    return Said(mark.line + 1 if mark is not None else 0, message)


def _plain(err: yaml.MarkedYAMLError, lines: Sequence[str], text: str) -> Said | None:
    problem, context = err.problem or "", err.context or ""
    mark, opened = err.problem_mark, err.context_mark
    if mark is None:
        return None
    line, column = mark.line, mark.column
    here = lines[line] if line < len(lines) else ""
    above = _sibling_dash(lines, line) or _line_above(lines, line)
    if problem.startswith("key ") and problem.endswith(" is written twice"):  # our loader's own
        return Said(line + 1, f"{problem}; keep one of them")
    if problem == "mapping values are not allowed here":
        if ":" in here[:column].rstrip(":").replace("://", ""):  # a second colon on a line with a key
            return Said(line + 1, _colon_message(here))
        if above and _GLUED_KEY.match(lines[above - 1]) and ": " not in lines[above - 1]:
            return Said(above, _GLUED)
        return Said(line + 1, _indented(above))
    if problem.startswith(("expected <block end>", "did not find expected")):
        found = _found(problem)
        if column == _indent(here):
            return Said(line + 1, _indented(above))
        if found in ("}", "]"):
            return Said(line + 1, f"this line has a '{found}' that closes nothing; remove it")
        if found == "<scalar>":
            return _after_a_quote(text, mark, line)
        return None
    if problem.startswith("found character '\\t'"):
        return Said(line + 1, "this line has a tab character; use spaces instead")
    if problem.startswith("found character '") and problem.endswith("' that cannot start any token"):
        character = problem[len("found character '") : -len("' that cannot start any token")]
        return Said(line + 1, f"a value cannot start with {character}; put the value in quotes")
    if problem.startswith("found undefined alias"):
        return Said(line + 1, "a value cannot start with *; put the value in quotes")
    if problem.startswith("could not determine a constructor for the tag"):
        tag = problem.split(" the tag ", 1)[1]
        return Said(
            line + 1,
            f"a value cannot start with ! (YAML reads it as the tag {tag}, which rule files do not use); "
            "put the value in quotes",
        )
    if problem.startswith("found unknown escape character"):
        return Said(
            line + 1,
            "a backslash in double quotes starts an escape, and this one is unknown; "
            "use single quotes, or write the backslash twice",
        )
    if context == "while scanning a quoted scalar" and opened is not None:
        return Said(
            opened.line + 1,
            "the quote that opens on this line is never closed; end the text with the same quote",
        )
    if context in ("while parsing a flow sequence", "while parsing a flow mapping") and opened is not None:
        return _unclosed(problem, opened, mark, lines)
    if problem == "could not find expected ':'" and opened is not None:
        if _GLUED_KEY.match(lines[opened.line] if opened.line < len(lines) else ""):
            return Said(opened.line + 1, _GLUED)
        return Said(
            opened.line + 1,
            "this line is neither `key: value` nor a list item (`- ...`): add the colon after its key, "
            "or, if it goes on with the text of the line above, indent it further than that line's key",
        )
    if problem == "sequence entries are not allowed here":
        return Said(
            line + 1,
            "a list item (- ) cannot follow a key on its line: start it on the next line, indented, "
            "or write the list in brackets, as in [a, b]",
        )
    if problem == "but found another document":
        return Said(line + 1, "a rule file holds one document: remove the --- on this line")
    return None


def _found(problem: str) -> str:
    """What the parser found instead, from "expected X, but found 'Y'"."""
    return problem.rsplit("but found ", 1)[-1].strip("'")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _line_above(lines: Sequence[str], line: int) -> int:
    """The 1-based number of the nearest line above `line` (0-based) with something other than a comment."""
    for number in range(min(line, len(lines)) - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number + 1
    return 0


def _sibling_dash(lines: Sequence[str], line: int) -> int:
    """For a list item (a line starting "- "), the 1-based number of the nearest item above
    that it should line up with (its dash within two columns of this one's), or 0: the line
    just above a misplaced item is often the last key of the item before, not its dash."""
    if line >= len(lines) or not lines[line].lstrip().startswith("- "):
        return 0
    column = _indent(lines[line])
    for number in range(line - 1, -1, -1):
        text = lines[number]
        if text.lstrip().startswith("- ") and abs(_indent(text) - column) <= 2:
            return number + 1
        if text.strip() and not text.lstrip().startswith("#") and _indent(text) < column - 2:
            return 0  # out of this list: no item above to line up with
    return 0


def _indented(above: int) -> str:
    if not above:
        return f"this line is indented differently from the lines above it: {INDENTED}"
    return f"this line is indented differently from line {above}: {INDENTED}"


def _colon_message(text: str) -> str:
    """A colon inside a value: quote the value (or, for a mapping, brace it)."""
    key = _KEY.match(text)
    if key is None or key.group(2).startswith(('"', "'")):
        return "text containing a colon must be in quotes"
    name, value = key.groups()
    quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
    message = f"text containing a colon must be in quotes, as in {name}: {quoted}"
    if name in _MAPPING_KEYS:
        message += f"; a mapping written on one line goes in braces, as in {name}: {{{value}}}"
    return message


def _after_a_quote(text: str, mark: yaml.Mark, line: int) -> Said:
    """Text after a closing quote: the quote of an earlier line left open, or an apostrophe in quotes."""
    scalar = _last_scalar(text, mark)
    if scalar is not None and scalar.style in ('"', "'") and scalar.start_mark.line < scalar.end_mark.line:
        started = scalar.start_mark.line + 1
        return Said(
            started,
            f"the quote that opens on this line is closed only on line {scalar.end_mark.line + 1}; "
            "end the text on this line with the same quote",
        )
    return Said(
        line + 1,
        "text follows the quote that closes it on this line: put all of the text in the quotes "
        "(inside single quotes, write an apostrophe twice: 'it''s')",
    )


def _last_scalar(text: str, mark: yaml.Mark) -> yaml.ScalarToken | None:
    """The last scalar token PyYAML read before `mark`."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass
    return last


def _unclosed(problem: str, opened: yaml.Mark, mark: yaml.Mark, lines: Sequence[str]) -> Said:
    """A [ or { written on one line and not closed as it should be."""
    where = lines[opened.line] if opened.line < len(lines) else ""
    bracket = where[opened.column] if opened.column < len(where) else "["
    closer = _CLOSERS.get(bracket, "]")
    got = problem.rsplit("but got ", 1)[-1].strip("'")
    if got == ":" and mark.line == opened.line:
        return Said(
            mark.line + 1,
            "text containing a colon must be in quotes (or is a comma missing before it?)",
        )
    if got in ("]", "}") and got != closer:
        at = "this line" if mark.line == opened.line else f"line {opened.line + 1}"
        return Said(
            mark.line + 1, f"the {bracket} opened on {at} is closed with {got}; close it with {closer}"
        )
    if mark.line == opened.line:
        return Said(
            mark.line + 1,
            f"the {bracket} on this line is not closed where it should be: separate its items with "
            f"commas and end it with {closer}",
        )
    return Said(
        opened.line + 1,
        f"the {bracket} on this line is never closed: end it with {closer} "
        "(and separate its items with commas)",
    )


def _unreadable(err: yaml.reader.ReaderError, data: bytes) -> Said:
    if err.encoding != "unicode":  # a byte that is not UTF-8, at a byte position
        line = data[: err.position].count(b"\n") + 1
        return Said(line, "this line has a character that is not UTF-8: save the file as UTF-8 text")
    text = data.decode("utf-8")  # the reader decoded it: `position` counts characters
    line = len(_BREAKS.split(text[: err.position]))
    return Said(
        line,
        f"this line has a control character (#x{err.character:04x}) that YAML does not allow; delete it",
    )
