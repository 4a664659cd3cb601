"""A pydantic validation error of a rule file in plain words, naming the key and what it wants.

Pydantic's own wording names Python types; a rule author reads YAML, so an unknown key gets a
did-you-mean, a missing one its name, and an effect with points the scale to use instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from degreefit.quoting import did_you_mean
from degreefit.ruleset.shapes import KEYS


def pydantic_message(error: Mapping[str, Any], scale: str) -> str:
    """The message for one pydantic error of a rule file; `scale` is scoring.yaml's scale as written,
    for an effect written as points."""
    loc = [str(step) for step in error["loc"] if not isinstance(step, int)]
    where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
    error_type = error["type"]
    if error_type == "unexpected_keyword_argument" or error_type == "extra_forbidden":
        if not loc:
            return "unknown key"
        if loc[-1] in KEYS:  # a real key, in the wrong kind of item (effects in a note, say)
            return f"key '{loc[-1]}' does not belong here"
        return f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], KEYS)}"
    if error_type == "literal_error" and len(loc) >= 2 and loc[-2] == "effects":
        levels = f", on the scale of scoring.yaml: {scale}" if scale else " (scoring.yaml)"
        return (
            f"{where}: a rule says only `for` or `against` (got {error.get('input')!r}); the points come "
            f"from its claim's `level` in claims.yaml{levels}"
        )
    if error_type in ("float_parsing", "float_type"):
        shown = f"; got {error['input']!r}" if isinstance(error.get("input"), (str, bool)) else ""
        return f"{where}: must be a number{shown}" if where else f"must be a number{shown}"
    if error_type == "missing" or error_type == "missing_argument":
        return f"missing key '{loc[-1]}'" if loc else "missing key"
    message = str(error["msg"])
    return f"{where}: {message}" if where else message
