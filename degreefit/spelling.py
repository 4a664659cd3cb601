"""Did-you-mean hints: the option a misspelt name most likely meant."""

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


def did_you_mean(value: str, options: Iterable[str]) -> str:
    """`; did you mean 'x'?` for the closest option, or "" (to end a message with)."""
    close = closest(value, options)
    return f"; did you mean '{close}'?" if close else ""


# Typographic quotes and apostrophes, and the straight ones a keyboard types for them.
_STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def straight_quotes(text: str) -> str:
    """`text` with typographic quotes and apostrophes made straight: ’ and ‘ as ', “ and ” as "."""
    return text.translate(_STRAIGHT)
