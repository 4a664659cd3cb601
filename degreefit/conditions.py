"""The condition language of rules/: parsing YAML data, checking it, evaluating it.

A condition is data, never code:
    {clinical_status: {in: [practicing_physician, physician_in_training]}}
    {goals: {contains_any: [consulting]}}
    {max_years: {lt: 2}}
    {all: [...]}, {any: [...]}, {not: {...}}
A test of a question that was not answered (or not asked) is false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple, get_args

from degreefit import kinds
from degreefit.groups import Groups
from degreefit.models import AllOf, AnswerValue, AnyOf, Comparison, Condition, Not, Op, Question, Scalar
from degreefit.spelling import did_you_mean, suggestion

Loc = tuple[object, ...]
Predicate = Callable[[Mapping[str, AnswerValue]], bool]

OPS: tuple[str, ...] = get_args(Op)
LIST_OPS = frozenset({"in", "not_in", "contains_any", "contains_all", "contains_none"})


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


def comparisons(condition: Condition) -> list[Comparison]:
    """Every comparison (leaf) inside a condition, in order."""
    if isinstance(condition, Comparison):
        return [condition]
    if isinstance(condition, Not):
        return comparisons(condition.condition)
    return [t for inner in condition.conditions for t in comparisons(inner)]


def reads(condition: Condition) -> set[str]:
    """The ids of the questions a condition reads."""
    return {test.question for test in comparisons(condition)}


def compile_condition(condition: Condition) -> Predicate:
    """Build a fast predicate over answers (closures from data; nothing is evaluated as code)."""
    if isinstance(condition, Comparison):
        return _compile_comparison(condition)
    if isinstance(condition, Not):
        inner = compile_condition(condition.condition)
        return lambda answers: not inner(answers)
    parts = [compile_condition(c) for c in condition.conditions]
    if isinstance(condition, AllOf):
        return lambda answers: all(p(answers) for p in parts)
    return lambda answers: any(p(answers) for p in parts)


def _compile_comparison(test: Comparison) -> Predicate:
    key, op, value = test.question, test.op, test.value
    if op in LIST_OPS:
        wanted = frozenset(value) if isinstance(value, tuple) else frozenset((value,))
        member: Callable[[AnswerValue], bool] = {
            "in": lambda a: a in wanted,
            "not_in": lambda a: a not in wanted,
            "contains_any": lambda a: isinstance(a, tuple) and not wanted.isdisjoint(a),
            "contains_all": lambda a: isinstance(a, tuple) and wanted.issubset(a),
            "contains_none": lambda a: isinstance(a, tuple) and wanted.isdisjoint(a),
        }[op]
    elif op == "is":
        member = lambda a: a == value and type(a) is type(value)  # noqa: E731 - True is not 1 here
    else:
        bound = value if isinstance(value, int) else 0
        member = {
            "lt": lambda a: isinstance(a, int) and a < bound,
            "lte": lambda a: isinstance(a, int) and a <= bound,
            "gt": lambda a: isinstance(a, int) and a > bound,
            "gte": lambda a: isinstance(a, int) and a >= bound,
        }[op]
    return lambda answers: key in answers and member(answers[key])


# How each operator reads, and the word that joins the last two of several values.
_OP_WORDS = {
    "is": ("is", "or"),
    "in": ("is", "or"),
    "not_in": ("is neither", "nor"),
    "contains_any": ("include", "or"),
    "contains_all": ("include", "and"),
    "contains_none": ("include neither", "nor"),
    "lt": ("is less than", "or"),
    "lte": ("is at most", "or"),
    "gt": ("is more than", "or"),
    "gte": ("is at least", "or"),
}


def describe(condition: Condition, questions: Mapping[str, Question]) -> str:
    """The condition in plain words, using the questions' choice labels."""
    if isinstance(condition, Comparison):
        question = questions.get(condition.question)
        values = condition.value if isinstance(condition.value, tuple) else (condition.value,)
        verb, last = _OP_WORDS[condition.op]
        if condition.op in ("contains_none", "not_in") and len(values) == 1:
            verb = "do not include" if condition.op == "contains_none" else "is not"
        shown = [kinds.shown(question, v) for v in values]
        listed = shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} {last} {shown[-1]}"
        if question is None:
            return f"{condition.question} {verb} {listed}"
        return kinds.comparison_words(question, condition.op, verb, listed)
    if isinstance(condition, Not):
        return f"not ({describe(condition.condition, questions)})"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    return joiner.join(_group(c, questions) for c in condition.conditions)


def _group(condition: Condition, questions: Mapping[str, Question]) -> str:
    text = describe(condition, questions)
    return f"({text})" if isinstance(condition, (AllOf, AnyOf)) else text


def by_id(questions: Sequence[Question]) -> dict[str, Question]:
    """Questions keyed by id."""
    return {q.id: q for q in questions}


def can_hold(condition: Condition, questions: Sequence[Question]) -> bool:
    """Whether some valid answers make the condition true (questions asked only when they apply);
    satisfy.Undecided when that would take too long to tell (see `satisfy`)."""
    return example(condition, questions) is not None


def example(condition: Condition, questions: Sequence[Question]) -> dict[str, AnswerValue] | None:
    """Valid answers that make the condition true, or None when there are none (see `satisfy`)."""
    from degreefit.satisfy import example as search  # the slow path: checking a rule set

    return search(condition, questions)
