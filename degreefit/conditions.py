"""The condition language of rules/: evaluating a condition, reading it in words, the questions
it reads (parsing and checking one as a rule file writes it: `ruleset/conditionyaml`).

A condition is data, never code:
    {clinical_status: {in: [practicing_physician, physician_in_training]}}
    {goals: {contains_any: [consulting]}}
    {max_years: {lt: 2}}
    {all: [...]}, {any: [...]}, {not: {...}}
A test of a question that was not answered (or not asked) is false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from degreefit import kinds
from degreefit.models import AllOf, AnswerValue, AnyOf, Comparison, Condition, Not, Question

Predicate = Callable[[Mapping[str, AnswerValue]], bool]

LIST_OPS = frozenset({"in", "not_in", "contains_any", "contains_all", "contains_none"})


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
