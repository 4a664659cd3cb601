"""Read an answers file (or stdin) and validate it against the rule set's questions.

This is the boundary of `--answers`: whatever arrives, either a valid `Answers` comes
out or an AnswersError whose message names the file and the field. The checks follow
each question's kind, so they match the pydantic contract that `degreefit schema`
publishes (see `contract`; a property test holds the two together).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from degreefit.answerspace import AnswerSpace
from degreefit.conditions import describe
from degreefit.errors import AnswersError
from degreefit.models import AnswerValue, Question, RuleSet
from degreefit.spelling import closest, did_you_mean

MAX_BYTES = 1024 * 1024  # an answers file is a few hundred bytes; this bounds the work
SCHEMA_VERSION = 1
STDIN = "-"


class Answers(NamedTuple):
    """Validated answers, in question order, holding only questions that apply."""

    values: Mapping[str, AnswerValue]
    warnings: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The answers in the contract's format (goals as a list)."""
        return as_json(self.values)


def as_json(answers: Mapping[str, AnswerValue]) -> dict[str, Any]:
    """Answers in the contract's JSON format (goals as a list)."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}


def read_source(source: str) -> tuple[str, bytes]:
    """The display name and bytes of an answers file, or of stdin for '-'."""
    if source == STDIN:
        if sys.stdin is None:
            raise AnswersError("<stdin>: is closed; pass a file to --answers instead of -")
        return "<stdin>", sys.stdin.buffer.read(MAX_BYTES + 1)
    path = Path(source)
    try:
        with path.open("rb") as handle:
            return source, handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise AnswersError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise AnswersError(f"{source}: is a directory, not an answers file") from None
    except OSError as err:
        raise AnswersError(f"{source}: cannot be read: {err.strerror}") from None


def decode(name: str, data: bytes) -> object:
    """Parse the bytes of an answers file as JSON (a UTF-8 BOM is accepted)."""
    if len(data) > MAX_BYTES:
        raise AnswersError(
            f"{name}: larger than {MAX_BYTES // 1024} KiB; an answers file is a small JSON object"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise AnswersError(f"{name}: not UTF-8 text (byte {err.start})") from None
    return parse(name, text)


def parse(name: str, text: str) -> object:
    """Parse the text of one answers object as JSON, with the checks `decode` promises."""
    if not text:
        raise AnswersError(f"{name}: is empty; expected a JSON object of answers")
    if not text.strip():
        raise AnswersError(f"{name}: holds only white space; expected a JSON object of answers")
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as err:
        raise AnswersError(
            f"{name}: not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"
        ) from None
    except _RepeatedKey as err:
        raise AnswersError(f"{name}: key {err} is written twice; keep one") from None
    except RecursionError:
        raise AnswersError(f"{name}: nested too deeply; expected a flat JSON object of answers") from None


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


def _integer(token: str) -> int | Unusable:
    return int(token) if len(token) <= 30 else Unusable(token)


def _number(token: str) -> float | Unusable:
    value = float(token)
    return value if math.isfinite(value) else Unusable(token)  # 1e400 is not "Infinity"


class _RepeatedKey(Exception):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):  # rare: find the key written twice
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(_shown(key))
            seen.add(key)
    return result


# One decoder for every parse: building one costs more than a small answers object's parse.
_DECODER = json.JSONDecoder(
    parse_constant=Unusable, parse_int=_integer, parse_float=_number, object_pairs_hook=_unique_keys
)


def validate(
    data: object,
    ruleset: RuleSet,
    *,
    name: str,
    space: AnswerSpace | None = None,
    complete: bool = False,
) -> Answers:
    """Check parsed JSON against the questions; drop answers to questions that do not apply.

    Pass `space` (the rule set's AnswerSpace) when validating many answer sets: its
    `when` conditions are compiled once. Pass complete=True when nothing will be asked
    later: a wrong value is then reported together with the answers still missing, so that
    one message lists everything to fix.
    """
    space = space or AnswerSpace(ruleset)
    if not isinstance(data, dict):
        raise AnswersError(
            f"{name}: expected a JSON object whose keys are question ids, got {_json_type(data)}"
        )
    questions = space.questions
    wrong = value_problems(data, questions)
    problems = [f"{name}: {message}" for message in wrong]
    if problems:
        if complete:
            usable = {k: v for k, v in data.items() if k in questions and not _value_problem(questions[k], v)}
            answered = validate(usable, ruleset, name=name, space=space)
            # Not a key given with a wrong value, nor one the did-you-mean of a misspelt key names.
            misspelt = {closest(key, questions) for key in data if key not in questions}
            still_missing = [key for key in answered.missing if key not in data and key not in misspelt]
            if still_missing:
                problems.append(f"{name}: missing required answers: {', '.join(still_missing)}")
        raise AnswersError("\n".join(problems))

    kept: dict[str, AnswerValue] = {}
    warnings: list[str] = []
    missing: list[str] = []
    for question in ruleset.questions:
        applies = space.applies(question, kept)
        if question.id in data:
            if applies:
                kept[question.id] = _frozen(data[question.id])
            else:
                condition = describe(question.when, questions) if question.when else ""
                warnings.append(
                    f"{name}: {_shown(question.id)} is ignored: it is asked only when {condition}"
                )
        elif applies and question.required:
            missing.append(question.id)
    return Answers(MappingProxyType(kept), tuple(warnings), tuple(missing))


def require_complete(answers: Answers, *, name: str) -> Answers:
    """The same answers, or an AnswersError listing every required answer still missing."""
    if answers.missing:
        raise AnswersError(f"{name}: missing required answers: {', '.join(answers.missing)}")
    return answers


_ABSENT = object()


class QuickCheck:
    """`validate` and `require_complete` in one pass, for the answer sets they pass without a word.

    Scoring a cohort checks many answer sets, nearly all of them clean: every key a question
    (or schema_version), every value one its question accepts, every answered question one
    that is asked, no required answer missing. `kept` gives such a set's answers, exactly as
    `validate` would keep them; for any other set it gives None, and `validate` then says
    what is wrong, or accepts it with a warning. (A property test holds the two together.)
    """

    def __init__(self, space: AnswerSpace) -> None:
        self._steps = [
            (
                question.id,
                question.kind,
                frozenset(question.choice_values()),
                -math.inf if question.min is None else question.min,
                math.inf if question.max is None else question.max,
                space.when_of(question),
                question.required,
            )
            for question in space.ruleset.questions
        ]

    def kept(self, data: Mapping[str, object]) -> dict[str, AnswerValue] | None:
        """The answers `validate` keeps, when it would keep all of them and nothing is missing."""
        try:
            return self._kept(data)
        except TypeError:  # an unhashable value where a choice belongs
            return None

    def _kept(self, data: Mapping[str, object]) -> dict[str, AnswerValue] | None:
        kept: dict[str, AnswerValue] = {}
        for key, kind, choices, low, high, when, required in self._steps:
            value = data.get(key, _ABSENT)
            if value is _ABSENT:
                if required and (when is None or when(kept)):
                    return None  # missing
                continue
            if when is not None and not when(kept):
                return None  # answered, but not asked: validate warns
            if kind == "single":
                if value.__class__ is not str or value not in choices:
                    return None
            elif kind == "multi":
                if value.__class__ is not list or not value:
                    return None
                value = tuple(value)
                if len(set(value)) != len(value) or not choices.issuperset(value):
                    return None
            elif kind == "boolean":
                if value is not True and value is not False:
                    return None
            elif value.__class__ is not int or not low <= value <= high:
                return None
            kept[key] = value
        extra = len(data) - len(kept)
        if extra and (extra > 1 or data.get("schema_version", _ABSENT) != SCHEMA_VERSION):
            return None  # an unknown key, or a schema_version that is wrong
        if extra and type(data["schema_version"]) is not int:
            return None  # 1.0 or true is not the schema version 1
        return kept


SHOWN_KEYS = 10  # unknown keys named in a message; the rest are counted
SHOWN_VALUES = 20  # wrong values of one list named in a message (batch checks as many)


def value_problems(data: Mapping[str, object], questions: Mapping[str, Question]) -> list[str]:
    """Each key that is not a question, and each value that its question does not accept."""
    problems: list[str] = []
    unknown = 0
    for key, value in data.items():
        if key == "schema_version":
            if type(value) is not int or value != SCHEMA_VERSION:
                problems.append(f"schema_version: must be {SCHEMA_VERSION}; got {_shown(value)}")
            continue
        question = questions.get(key)
        if question is None:
            unknown += 1
            if unknown <= SHOWN_KEYS:  # 30,000 unknown keys are not 30,000 lines
                problems.append(f"unknown key {_shown(key)}{did_you_mean(key, questions)}")
            continue
        problem = _value_problem(question, value)
        if problem:
            problems.append(f"{key}: {problem}")
    if unknown > SHOWN_KEYS:
        problems.append(f"and {unknown - SHOWN_KEYS:,} more unknown keys")
    return problems


def _value_problem(question: Question, value: object) -> str:
    if question.kind == "single":
        if not isinstance(value, str):
            return f"must be one of {_choices(question)}; got {_shown(value)}"
        return _choice_problem(question, value)
    if question.kind == "multi":
        if not isinstance(value, list):
            return f"must be a list of one or more of {_choices(question)}; got {_shown(value)}"
        if not value:
            return "must list at least one choice"
        values = question.choice_values()
        distinct = set(value) if all(isinstance(item, str) for item in value) else None
        if distinct is not None and len(distinct) == len(value) and distinct.issubset(values):
            return ""  # the usual case, checked at once (a cohort validates many answer sets)
        unknown = [item for item in value if item not in values]
        shown = list(dict.fromkeys(_shown(item) for item in unknown))
        repeated = [_shown(item) for item in values if value.count(item) > 1]
        problems = []
        if len(shown) == 1:
            hint = did_you_mean(unknown[0], values) if isinstance(unknown[0], str) else ""
            problems.append(f"{shown[0]} is not one of {_choices(question)}{hint}")
        elif len(shown) > SHOWN_VALUES:  # a list of 60,000 wrong values is not one 600 KB line
            more = f"{', '.join(shown[:SHOWN_VALUES])} and {len(shown) - SHOWN_VALUES:,} more"
            problems.append(f"{more} are not among {_choices(question)}")
        elif shown:
            problems.append(f"{', '.join(shown)} are not among {_choices(question)}")
        if repeated:
            problems.append(f"lists {', '.join(repeated)} more than once")
        return "; ".join(problems)
    if question.kind == "boolean":
        return "" if isinstance(value, bool) else f"must be true or false; got {_shown(value)}"
    low, high = question.min, question.max
    if isinstance(value, bool) or not isinstance(value, int):
        return f"must be a whole number from {low} to {high}; got {_shown(value)}"
    if (low is not None and value < low) or (high is not None and value > high):
        return f"must be from {low} to {high}; got {_shown(value)}"
    return ""


def _choice_problem(question: Question, value: str) -> str:
    values = question.choice_values()
    if value in values:
        return ""
    return f"{_shown(value)} is not one of {_choices(question)}{did_you_mean(value, values)}"


def _frozen(value: object) -> AnswerValue:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, (bool, int, str)):
        return value
    raise TypeError(f"not an answer value: {value!r}")  # unreachable after value_problems


def _choices(question: Question) -> str:
    return ", ".join(question.choice_values())


def _shown(value: object) -> str:
    """A value as it may appear in a one-line message: JSON-escaped and at most 40 characters."""
    if isinstance(value, Unusable):
        return repr(value)
    text = json.dumps(value, ensure_ascii=True) if not isinstance(value, (dict, list)) else _json_type(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _json_type(value: object) -> str:
    if isinstance(value, Unusable):
        return repr(value)
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return next((label for kind, label in names.items() if isinstance(value, kind)), type(value).__name__)
