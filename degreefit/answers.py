"""Validate parsed answers (see `inputfile`) against the rule set's questions.

This is the boundary of `--answers`: whatever arrives, either a valid `Answers` comes
out or an AnswersError whose message names the file and the field. The checks follow
each question's kind (see `kinds`), so they match the pydantic contract that `degreefit schema`
publishes (see `schema`; a property test holds the two together).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple, cast

from degreefit.answerspace import AnswerSpace
from degreefit.conditions import describe
from degreefit.errors import AnswersError
from degreefit.kinds import acceptor, value_problem
from degreefit.models import AnswerValue, Question, RuleSet
from degreefit.quoting import closest, did_you_mean, json_type, shown

SCHEMA_VERSION = 1


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
            f"{name}: expected a JSON object whose keys are question ids, got {json_type(data)}"
        )
    questions = space.questions
    wrong = value_problems(data, questions)
    problems = [f"{name}: {message}" for message in wrong]
    if problems:
        if complete:
            usable = {k: v for k, v in data.items() if k in questions and not value_problem(questions[k], v)}
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
                warnings.append(f"{name}: {shown(question.id)} is ignored: it is asked only when {condition}")
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
            (question.id, acceptor(question), space.when_of(question), question.required)
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
        for key, accepts, when, required in self._steps:
            value = data.get(key, _ABSENT)
            if value is _ABSENT:
                if required and (when is None or when(kept)):
                    return None  # missing
                continue
            if when is not None and not when(kept):
                return None  # answered, but not asked: validate warns
            if not accepts(value):
                return None
            kept[key] = cast("AnswerValue", tuple(value) if isinstance(value, list) else value)  # accepted
        extra = len(data) - len(kept)
        if extra and (extra > 1 or data.get("schema_version", _ABSENT) != SCHEMA_VERSION):
            return None  # an unknown key, or a schema_version that is wrong
        if extra and type(data["schema_version"]) is not int:
            return None  # 1.0 or true is not the schema version 1
        return kept


SHOWN_KEYS = 10  # unknown keys named in a message; the rest are counted


def value_problems(data: Mapping[str, object], questions: Mapping[str, Question]) -> list[str]:
    """Each key that is not a question, and each value that its question does not accept."""
    problems: list[str] = []
    unknown = 0
    for key, value in data.items():
        if key == "schema_version":
            if type(value) is not int or value != SCHEMA_VERSION:
                problems.append(f"schema_version: must be {SCHEMA_VERSION}; got {shown(value)}")
            continue
        question = questions.get(key)
        if question is None:
            unknown += 1
            if unknown <= SHOWN_KEYS:  # 30,000 unknown keys are not 30,000 lines
                problems.append(f"unknown key {shown(key)}{did_you_mean(key, questions)}")
            continue
        problem = value_problem(question, value)
        if problem:
            problems.append(f"{key}: {problem}")
    if unknown > SHOWN_KEYS:
        problems.append(f"and {unknown - SHOWN_KEYS:,} more unknown keys")
    return problems


def _frozen(value: object) -> AnswerValue:
    if isinstance(value, list):
        return tuple(str(item) for item in value)
    if isinstance(value, (bool, int, str)):
        return value
    raise TypeError(f"not an answer value: {value!r}")  # unreachable after value_problems
