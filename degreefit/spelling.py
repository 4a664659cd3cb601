"""How messages spell what they quote: did-you-mean hints (the option a misspelt name most
likely meant), and values as YAML spells them."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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
