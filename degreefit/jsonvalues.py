"""JSON values as a one-line message shows them, and the tokens no answer can be."""

from __future__ import annotations

import json


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
