"""Hypothesis strategies built from a rule set's questions, and arbitrary JSON values.

Nothing here names a question id: every strategy reads the questions (their kinds,
choices, bounds and `when` conditions) from the RuleSet it is given, so the strategies
follow rules/ as it changes.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from degreefit.answers import random_answers
from degreefit.conditions import Predicate, by_id, compile_condition
from degreefit.engine import Engine
from degreefit.errors import assert_never
from degreefit.explain import Alternative, what_would_change
from degreefit.models import AnswerValue, Question, RuleSet

SCHEMA_VERSION_KEY = "schema_version"


def as_answer_values(answers: Mapping[str, Any]) -> dict[str, AnswerValue]:
    """JSON-shaped answers (a multi answer as a list) as the engine takes them (a tuple), in key order."""
    return {key: tuple(value) if isinstance(value, list) else value for key, value in answers.items()}


def answer_value(question: Question) -> st.SearchStrategy[Any]:
    """A JSON value that `question` accepts: its kind, choices and bounds respected."""
    match question.kind:
        case "single":
            return st.sampled_from(question.choice_values())
        case "multi":
            return st.lists(st.sampled_from(question.choice_values()), min_size=1, unique=True)
        case "boolean":
            return st.booleans()
        case "integer":
            assert question.min is not None
            assert question.max is not None
            return st.integers(min_value=question.min, max_value=question.max)
        case _:
            return assert_never(question.kind)


def valid_answers(ruleset: RuleSet) -> st.SearchStrategy[dict[str, Any]]:
    """Complete, valid answers (JSON-shaped) to the questions that apply, drawn in question order.

    A question is answered only when its `when` holds for the answers drawn before it;
    a question that is not required is sometimes left out.
    """
    applies: list[tuple[Question, Predicate | None]] = [
        (q, compile_condition(q.when) if q.when is not None else None) for q in ruleset.questions
    ]

    @st.composite
    def draw_answers(draw: st.DrawFn) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for question, condition in applies:
            if condition is not None and not condition(as_answer_values(answers)):
                continue
            if not question.required and not draw(st.booleans()):
                continue
            answers[question.id] = draw(answer_value(question))
        return answers

    return draw_answers()


def _json_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=12),
    )


def json_keys(ruleset: RuleSet) -> st.SearchStrategy[str]:
    """Object keys: the rule set's question ids and schema_version, or (as often) any text."""
    known = [q.id for q in ruleset.questions] + [SCHEMA_VERSION_KEY]
    return st.one_of(st.sampled_from(known), st.text(max_size=12))


def json_values(ruleset: RuleSet) -> st.SearchStrategy[Any]:
    """Arbitrary JSON: null, booleans, integers, finite floats, strings, lists and objects.

    Objects use question ids as keys as often as other text, so some of them look like answers.
    """
    return st.recursive(
        _json_scalars(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(json_keys(ruleset), children, max_size=5),
        ),
        max_leaves=12,
    )


def _near_value(question: Question | None) -> st.SearchStrategy[Any]:
    """A value that is, or is close to, what a key accepts: often right, else wrong in a detail or null."""
    return st.one_of(_near_value_of_kind(question), st.none())


def _choice_or_text(question: Question) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(question.choice_values()), st.text(max_size=8))


def _near_value_of_kind(question: Question | None) -> st.SearchStrategy[Any]:
    if question is None:  # schema_version, or a key that is no question
        return st.sampled_from([1, 1.0, True, False, 0, 2, "1"])
    match question.kind:
        case "single":
            return _choice_or_text(question)
        case "multi":
            return st.lists(_choice_or_text(question), max_size=4)
        case "boolean":
            return st.one_of(st.booleans(), st.sampled_from([0, 1, "true"]))
        case "integer":
            low = question.min if question.min is not None else 0
            high = question.max if question.max is not None else 10
            return st.one_of(
                st.integers(min_value=low - 2, max_value=high + 2),
                st.sampled_from([float(low), True, False, str(low)]),
            )
        case _:
            return assert_never(question.kind)


def answer_objects(ruleset: RuleSet) -> st.SearchStrategy[dict[str, Any]]:
    """JSON objects shaped like answers, valid or nearly so: complete valid answers, with or without
    a schema_version (right or nearly); valid answers with one value replaced (by a near-valid or an
    arbitrary value) or one key added; valid answers plus a valid answer to a question that is not
    asked; and small objects of question-id and unknown keys."""
    questions = by_id(ruleset.questions)

    def value_for(key: str) -> st.SearchStrategy[Any]:
        return st.one_of(_near_value(questions.get(key)), json_values(ruleset))

    @st.composite
    def with_version(draw: st.DrawFn) -> dict[str, Any]:
        return {SCHEMA_VERSION_KEY: draw(_near_value(None)), **draw(valid_answers(ruleset))}

    @st.composite
    def one_changed(draw: st.DrawFn) -> dict[str, Any]:
        answers = draw(valid_answers(ruleset))
        key = draw(st.one_of(st.sampled_from([*answers, SCHEMA_VERSION_KEY]), json_keys(ruleset)))
        answers[key] = draw(value_for(key))
        return answers

    @st.composite
    def one_unasked(draw: st.DrawFn) -> dict[str, Any]:
        answers = draw(valid_answers(ruleset))
        held = as_answer_values(answers)
        unasked = [q for q in ruleset.questions if q.when is not None and not compile_condition(q.when)(held)]
        if unasked:
            question = draw(st.sampled_from(unasked))
            answers[question.id] = draw(answer_value(question))
        return answers

    @st.composite
    def small_object(draw: st.DrawFn) -> dict[str, Any]:
        keys = draw(st.lists(json_keys(ruleset), max_size=4, unique=True))
        return {key: draw(value_for(key)) for key in keys}

    return st.one_of(valid_answers(ruleset), with_version(), one_changed(), one_unasked(), small_object())


def sampled_suggestions(
    ruleset: RuleSet, seed: int, people: int
) -> list[tuple[dict[str, AnswerValue], Alternative]]:
    """Every suggestion of what would change the first place of `people` random people (the same
    people for the same seed), each with the answers of the person it is for."""
    engine, rng = Engine(ruleset), random.Random(seed)
    found: list[tuple[dict[str, AnswerValue], Alternative]] = []
    for _ in range(people):
        answers = random_answers(ruleset, rng)
        found += [(answers, alternative) for alternative in what_would_change(engine, answers)]
    return found
