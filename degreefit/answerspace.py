"""The space of valid answers: drawing answer sets at random, for searches with the engine."""

from __future__ import annotations

import random

from degreefit.conditions import compile_condition
from degreefit.models import AnswerValue, Question, RuleSet


def random_answers(ruleset: RuleSet, rng: random.Random) -> dict[str, AnswerValue]:
    """A valid, complete answer set: each question that applies gets a random valid answer."""
    answers: dict[str, AnswerValue] = {}
    for question in ruleset.questions:
        if question.when is None or compile_condition(question.when)(answers):
            answers[question.id] = random_value(question, rng)
    return answers


def random_value(question: Question, rng: random.Random) -> AnswerValue:
    """A random value that `question` accepts."""
    if question.kind == "boolean":
        return rng.random() < 0.5
    if question.kind == "integer":
        return rng.randint(question.min or 0, question.max or 0)
    values = question.choice_values()
    if question.kind == "single":
        return rng.choice(values)
    picked = tuple(v for v in values if rng.random() < 0.25)
    return picked or (rng.choice(values),)
