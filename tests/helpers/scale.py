"""Helpers for the scale tests: generated conditions and the count of calls made."""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from types import FrameType

from degreefit.models import AllOf, Condition, Rule, RuleSet
from degreefit.models import Comparison as Leaf


def _test(kind: int, rng: random.Random, ruleset: RuleSet) -> Leaf:
    """A test of one of six questions, naming a few of its values at random."""
    question = ruleset.question(QUESTIONS[kind])
    if question.kind == "multi":
        return Leaf(
            question.id, "contains_any", tuple(rng.sample(question.choice_values(), rng.randint(1, 4)))
        )
    if question.kind == "single":
        return Leaf(question.id, "in", tuple(rng.sample(question.choice_values(), rng.randint(1, 2))))
    if question.kind == "integer":
        return Leaf(question.id, "lte", rng.randint(question.min or 0, question.max or 0))
    return Leaf(question.id, "is", rng.random() < 0.5)


QUESTIONS = (
    "goals",
    "clinical_status",
    "max_years",
    "wants_research",
    "recognition_importance",
    "study_format",
)


def generated(ruleset: RuleSet, count: int) -> RuleSet:
    """The built-in rule set and `count` generated rules, each on a claim of its own (as a script
    that writes rules would make them)."""
    rng = random.Random(count)
    claims, rules = [], []
    for number in range(count):
        code = rng.choice([d.code for d in ruleset.degrees])
        tests = [_test(kind, rng, ruleset) for kind in rng.sample(range(len(QUESTIONS)), rng.randint(1, 3))]
        when: Condition = tests[0] if len(tests) == 1 else AllOf(tuple(tests))
        claim = ruleset.claims[0]._replace(id=f"gen-{number}", degrees=(code,), who=None, level="weak")
        claims.append(claim)
        rules.append(Rule(f"gen-{number}", when, {code: 1.0}, "Generated.", claim.cite, claim.id))
    return ruleset._replace(rules=(*ruleset.rules, *rules), claims=(*ruleset.claims, *claims))


def calls(work: Callable[[], object]) -> int:
    """How many Python functions (and comprehensions) `work` calls."""
    counted = 0

    def count(frame: FrameType, event: str, arg: object) -> None:
        nonlocal counted
        counted += event == "call"

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return counted
