"""Numbers, true/false and a level's points as written in a rule file, before pydantic sees them.

Pydantic would take true or '6' for a number, and 'yes' or 1 for true; a rule author who wrote
them meant something else, so each is a problem at its line.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, Union, get_args, get_origin, get_type_hints

from degreefit.errors import Loc
from degreefit.ruleset import claimuse
from degreefit.ruleset.yamlfile import ParsedFile


def check_scalars(parsed: ParsedFile, model: type) -> frozenset[Loc]:
    """Numbers and true/false as written (pydantic would take true or '6' for a number, and 'yes' or 1
    for true): each one of the wrong type is a problem at its line. The places reported."""
    found = [
        (loc, message) for loc, message in _scalar_problems(parsed.data, model, ()) if not is_points(loc)
    ]
    for loc, message in found:
        parsed.add(loc, message)
    return frozenset(loc for loc, _ in found)


def _scalar_problems(data: Any, hint: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """The scalars in `data` that are not of the type `hint` (a type of the rule files) wants, exactly."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in (bool, int, float):
        if not isinstance(data, (bool, int, float, str)):
            return  # a list or a mapping: pydantic says what it wanted
        number = isinstance(data, (int, float)) and not isinstance(data, bool)
        wanted = {bool: isinstance(data, bool), int: number, float: number}[hint]
        if not wanted:
            where = ".".join(str(step) for step in loc[1:] if not isinstance(step, int))
            yield loc, f"{where}: must be {_WANTED[hint]}; got {_as_written(data)}"
    elif origin is Union:
        kinds = [arg for arg in args if arg is not type(None)]
        if data is not None and len(kinds) == 1:
            yield from _scalar_problems(data, kinds[0], loc)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _scalar_problems(item, args[0], (*loc, index))
    elif isinstance(hint, type) and hasattr(hint, "_fields") and isinstance(data, dict):
        fields = _hints(hint)
        for key, value in data.items():
            if key in fields:
                yield from _scalar_problems(value, fields[key], (*loc, key))


_WANTED = {bool: "true or false", int: "a whole number", float: "a number"}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _as_written(value: object) -> str:
    """A scalar as YAML spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def is_points(loc: Loc) -> bool:
    """Whether `loc` is a level's points in scoring.yaml."""
    return len(loc) == 4 and loc[:2] == ("scoring", "levels") and loc[3] == "points"


def written_levels(data: Any) -> Any:
    """The levels of scoring.yaml's data, as written (None when they are not there)."""
    scoring = data.get("scoring") if isinstance(data, dict) else None
    return scoring.get("levels") if isinstance(scoring, dict) else None


def check_points(parsed: ParsedFile) -> None:
    """A level's points as written (before pydantic, which would take true for 1): on the scale."""
    for index, message in claimuse.points_problems(written_levels(parsed.data)):
        parsed.add(("scoring", "levels", index, "points"), message)
