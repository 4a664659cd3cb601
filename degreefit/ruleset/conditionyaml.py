"""Conditions as rule files write them: YAML data parsed into a Condition, and checked against
the questions it may read; and the named groups of a question's choices that conditions use.
Only reading a rule set needs this; the engine does not.

Named groups are written once in questions.yaml, used by name in conditions:

    - id: goals
      groups:
        leadership: [lead_within_health_system, run_healthcare_organization, ...]

A condition lists a group where it lists values, as `group: NAME` (a mapping, so it can never be
mistaken for a choice value): `{goals: {contains_any: [group: leadership, consulting]}}`. Groups
are expanded into their values when the rule set is read (`parse`), so the engine, the cache and
the evaluation of conditions only ever see plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple, get_args

from degreefit import kinds
from degreefit.conditions import LIST_OPS
from degreefit.errors import Loc
from degreefit.models import AllOf, AnyOf, Comparison, Condition, Not, Op, Question, Scalar
from degreefit.quoting import did_you_mean, suggestion

OPS: tuple[str, ...] = get_args(Op)
Groups = Mapping[str, Mapping[str, tuple[str, ...]]]  # question id -> group name -> choice values
GROUPS_SHAPE = "groups are a mapping of names to lists of choices, as in groups: {leadership: [a, b]}"


class ConditionSyntaxError(ValueError):
    """A condition that does not follow the grammar; `loc` says where inside it."""

    def __init__(self, loc: Loc, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def parse(raw: object, loc: Loc = (), *, groups: Groups | None = None) -> Condition:
    """Turn YAML data into a Condition, or raise ConditionSyntaxError.

    A `group: NAME` among a test's values stands for the values of that group of the question
    (`groups`, read from questions.yaml); it is expanded here, so a Condition holds plain values.
    With `groups` None (questions.yaml could not be read), a group stands for no values.
    """
    if not isinstance(raw, dict) or len(raw) != 1:
        raise ConditionSyntaxError(
            loc, "a condition is a mapping with one key: all, any, not, or a question id"
        )
    ((key, body),) = raw.items()
    if key in ("all", "any"):
        if not isinstance(body, list) or not body:
            raise ConditionSyntaxError((*loc, key), f"'{key}' takes a non-empty list of conditions")
        inner = tuple(parse(item, (*loc, key, i), groups=groups) for i, item in enumerate(body))
        return AllOf(inner) if key == "all" else AnyOf(inner)
    if key == "not":
        return Not(parse(body, (*loc, key), groups=groups))
    if not isinstance(key, str):
        raise ConditionSyntaxError(loc, f"{key!r} is not a question id")
    return _parse_comparison(key, body, (*loc, key), groups)


def _parse_comparison(question: str, body: object, loc: Loc, groups: Groups | None) -> Comparison:
    if not isinstance(body, dict) or len(body) != 1:
        raise ConditionSyntaxError(
            loc, f"a test of '{question}' is a mapping with one operator: {', '.join(OPS)}"
        )
    ((op, value),) = body.items()
    if op not in OPS:
        hint = f" ({close})" if isinstance(op, str) and (close := suggestion(op, OPS)) else ""
        raise ConditionSyntaxError(loc, f"unknown operator {op!r}{hint}; use one of {', '.join(OPS)}")
    if op in LIST_OPS:
        if not isinstance(value, list) or not value:
            raise ConditionSyntaxError((*loc, op), f"'{op}' takes a non-empty list of values")
        values = [_values(question, item, (*loc, op, i), groups) for i, item in enumerate(value)]
        return Comparison(question, op, tuple(dict.fromkeys(v for some in values for v in some)))
    if isinstance(value, dict) and "group" in value:
        raise ConditionSyntaxError(
            (*loc, op),
            f"'{op}' takes a single value, not a group; test a group with a list: in: [group: NAME] "
            "(or, for a multi question, contains_any, contains_all or contains_none)",
        )
    if not _is_scalar(value):
        raise ConditionSyntaxError((*loc, op), f"'{op}' takes a single value")
    return Comparison(question, op, value)


def _values(question: str, item: object, loc: Loc, groups: Groups | None) -> tuple[Scalar, ...]:
    """One item of a test's list of values: a value, or `group: NAME` for the values of that group."""
    named = groups.get(question, {}) if groups is not None else {}
    if _is_scalar(item):
        if isinstance(item, str) and item in named:  # a group's name is never a choice
            raise ConditionSyntaxError(
                loc, f"'{item}' is a group of question '{question}', not a choice: write it as group: {item}"
            )
        return (item,)  # type: ignore[return-value]  # _is_scalar: bool, int or str
    if not (isinstance(item, dict) and len(item) == 1 and isinstance(item.get("group"), str)):
        raise ConditionSyntaxError(
            loc, "each value is a choice, or a group of choices written as group: NAME"
        )
    name = item["group"]
    if groups is None:
        return ()
    if name in named:
        return named[name]
    if not named:
        raise ConditionSyntaxError(
            loc, f"question '{question}' has no groups; a question's `groups` in questions.yaml name them"
        )
    listed = ", ".join(named)
    raise ConditionSyntaxError(
        loc,
        f"question '{question}' has no group '{name}'{did_you_mean(name, named) or '.'} "
        f"Its groups (questions.yaml): {listed}",
    )


def _is_scalar(value: object) -> bool:
    return isinstance(value, (bool, int, str))


class Found(NamedTuple):
    """A problem of a condition: where inside it (a path into its YAML), and what is wrong."""

    loc: Loc
    message: str


def problems(condition: Condition, questions: Mapping[str, Question]) -> list[Found]:
    """What is wrong with a well-formed condition given the questions it may look at, each at the
    test it concerns (inside `all`, `any` and `not`), in order."""
    found: list[Found] = []
    for loc, test in located(condition):
        question = questions.get(test.question)
        if question is None:
            hint = did_you_mean(test.question, questions)
            found.append(Found(loc, f"condition names unknown question '{test.question}'{hint}"))
            continue
        if test.op not in kinds.OPS_BY_KIND[question.kind]:
            allowed = ", ".join(sorted(kinds.OPS_BY_KIND[question.kind]))
            message = f"'{test.op}' does not apply to {question.kind} question '{question.id}'; use {allowed}"
            found.append(Found((*loc, test.question), message))
            continue
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        found.extend(
            Found((*loc, test.question, test.op), message)
            for v in values
            if (message := kinds.rule_value_problem(question, v))
        )
    return found


def located(condition: Condition, loc: Loc = ()) -> list[tuple[Loc, Comparison]]:
    """Every comparison (leaf) inside a condition, in order, with its path in the condition's YAML."""
    if isinstance(condition, Comparison):
        return [(loc, condition)]
    if isinstance(condition, Not):
        return located(condition.condition, (*loc, "not"))
    key = "all" if isinstance(condition, AllOf) else "any"
    return [found for i, inner in enumerate(condition.conditions) for found in located(inner, (*loc, key, i))]


def read_groups(data: Any) -> tuple[dict[str, dict[str, tuple[str, ...]]], list[tuple[Loc, str]]]:
    """The groups of questions.yaml's data, taking them out of it (the questions' schema has no
    `groups`), and the problems of their definitions, each at its place in the file.

    A group keeps only its values that are choices, so that a condition using it reports nothing
    more than the definition's own problem.
    """
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    problems: list[tuple[Loc, str]] = []
    questions = data.get("questions") if isinstance(data, dict) else None
    for index, question in enumerate(questions if isinstance(questions, list) else ()):
        if not isinstance(question, dict) or "groups" not in question:
            continue
        loc: Loc = ("questions", index, "groups")
        written = question.pop("groups")
        qid = str(question.get("id", ""))
        kind = question.get("kind")  # as written: not yet checked
        if kind not in kinds.CHOICE_KINDS:
            what = f"a {kind} question" if kind else "a question with no kind"
            problems.append((loc, f"{what} takes no groups: only single and multi questions have choices"))
            continue
        if not isinstance(written, dict) or not written:
            problems.append((loc, GROUPS_SHAPE))
            continue
        choices = _choices(question)
        groups: dict[str, tuple[str, ...]] = {}
        for name, values in written.items():
            at: Loc = (*loc, name)
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                problems.append((at, f"group '{name}': {GROUPS_SHAPE}"))
            elif name in choices:  # left out: a condition listing the name means the choice
                problems.append(
                    (at, f"group '{name}' has the name of a choice of '{qid}'; name the group otherwise")
                )
                continue
            else:
                for number, value in enumerate(values):
                    if value not in choices:
                        hint = did_you_mean(value, choices) or f"; its choices are {', '.join(choices)}"
                        message = f"group '{name}': '{value}' is not a choice of question '{qid}'{hint}"
                        problems.append(((*at, number), message))
                    elif value in values[:number]:
                        problems.append(((*at, number), f"group '{name}': '{value}' is listed twice"))
            listed = values if isinstance(values, list) else []
            groups[str(name)] = tuple(dict.fromkeys(v for v in listed if v in choices))
        found[qid] = groups
    return found, problems


def _choices(question: Mapping[str, Any]) -> list[str]:
    """The choice values of a question as written."""
    choices = question.get("choices")
    return [
        str(choice["value"])
        for choice in (choices if isinstance(choices, list) else ())
        if isinstance(choice, dict) and "value" in choice
    ]
