"""How messages quote what they were given: values as JSON or YAML spells them (at most 40
characters), text from the input made printable, the JSON tokens no answer can be, and
did-you-mean hints (the option a misspelt name most likely meant); and how they list names
("MMM, MHA and MBA") and count things ("2 rows")."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence


def closest(value: str, options: Iterable[str], *, cutoff: float = 0.6) -> str:
    """The option closest to `value` (looking at its first 100 characters), or "" when none is
    close. An option with the very same letters in another order (MAB for MBA) comes first:
    swapped letters are the commonest slip, and difflib ranks them no closer than one wrong."""
    options = list(options)
    letters = sorted(value[:100].casefold())
    shuffled = [option for option in options if sorted(option.casefold()) == letters and option != value]
    if len(shuffled) == 1:
        return shuffled[0]
    close = difflib.get_close_matches(value[:100], options, n=1, cutoff=cutoff)
    return close[0] if close else ""


def suggestion(value: str, options: Iterable[str], *, cutoff: float = 0.6, quoted: bool = True) -> str:
    """`did you mean 'x'?` for the closest option (unquoted with quoted=False), or ""."""
    close = closest(value, options, cutoff=cutoff)
    if not close:
        return ""
    return f"did you mean '{close}'?" if quoted else f"did you mean {close}?"


def did_you_mean(value: str, options: Iterable[str], *, cutoff: float = 0.6, quoted: bool = True) -> str:
    """`; did you mean 'x'?` for the closest option, or "" (to end a message with)."""
    hint = suggestion(value, options, cutoff=cutoff, quoted=quoted)
    return f"; {hint}" if hint else ""


def yaml_spelling(value: object) -> str:
    """A value as a YAML file spells it: true, 'text', 3, 1.5, .inf, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}[str(value)]
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return f"'{value}'" if isinstance(value, str) else str(value)


# Typographic quotes and apostrophes, and the straight ones a keyboard types for them.
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def straight_quotes(text: str) -> str:
    """`text` with typographic quotes and apostrophes made straight: ’ and ‘ as ', “ and ” as "."""
    return text.translate(_STRAIGHT)


class Unusable:
    """A JSON token Python parses but no answer can be: NaN, Infinity, a 30-digit number.

    Keeping it as a value (instead of failing the whole parse) lets the field check
    name the field it was given for.
    """

    def __init__(self, token: str) -> None:
        self.written = token  # as the file has it: a long number is still a fine id
        self.token = token if len(token) <= 12 else f"a {len(token)}-digit number"

    def __repr__(self) -> str:
        return self.token


def shown(value: object) -> str:
    """A value as it may appear in a one-line message: JSON-escaped and at most 40 characters."""
    if isinstance(value, Unusable):
        return repr(value)
    text = json.dumps(value, ensure_ascii=True) if not isinstance(value, (dict, list)) else json_type(value)
    return text if len(text) <= 40 else text[:37] + "..."


def json_type(value: object) -> str:
    """What sort of JSON value this is, in words ("a list", "a number", "null")."""
    if isinstance(value, Unusable):
        return repr(value)
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return next((label for cls, label in names.items() if isinstance(value, cls)), type(value).__name__)


def listed(items: Sequence[str]) -> str:
    """ "MMM", "MMM and MHA", "MMM, MHA and MBA"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 row`, `2,500 rows`; an irregular plural is given (`2,021 people`)."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"


def printable(text: str) -> str:
    """Text from the input (an id, a column name) as a message may show it on a terminal: each
    character that does not print escaped, as \\n, \\x1b or \\u202e. Control characters would move the
    cursor, clear the screen or retitle the window; a rule file may hold none, and an id is shown
    as harmlessly."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escaped(ord(char)) for char in text)


_SPELLED = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


def _escaped(code: int) -> str:
    if code in _SPELLED:
        return _SPELLED[code]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
