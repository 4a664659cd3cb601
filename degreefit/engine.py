"""Score the degrees for one set of answers: pure, deterministic, terminal-free.

Each rule whose condition holds adds its effects to degrees; each gate whose condition
holds limits a degree's eligibility. Points become a 0-100 score on one logistic curve
(rules/scoring.yaml). Ranking: ineligible degrees last, then more points first, then
the order of degrees.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import NamedTuple

from degreefit.conditions import Predicate, compile_condition
from degreefit.models import AnswerValue, Degree, Gate, Rule, RuleSet, Status

_STRICTNESS: dict[Status, int] = {"eligible": 0, "not_yet": 1, "ineligible": 2}


class Contribution(NamedTuple):
    """A rule that fired for a degree, and the points it gave (negative: against)."""

    rule: Rule
    points: float


class DegreeResult(NamedTuple):
    """How one degree fares for one person."""

    degree: Degree
    points: float
    score: float
    eligibility: Status
    contributions: tuple[Contribution, ...]
    gates: tuple[Gate, ...]


class Recommendation(NamedTuple):
    """All degrees, best first."""

    ranking: tuple[DegreeResult, ...]

    @property
    def top(self) -> DegreeResult:
        """The best-fitting degree."""
        return self.ranking[0]


def score(points: float, spread: float) -> float:
    """A 0-100 score for a number of points: 50 at zero, rising along a logistic curve."""
    x = points / spread
    if x >= 0:
        return round(100.0 / (1.0 + math.exp(-x)), 1)
    e = math.exp(x)  # the same curve, written so that a large negative x cannot overflow
    return round(100.0 * e / (1.0 + e), 1)


class Engine:
    """A rule set compiled once into predicates, ready to score many answer sets."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._rules: list[tuple[Rule, Predicate]] = [(r, compile_condition(r.when)) for r in ruleset.rules]
        self._gates: list[tuple[Gate, Predicate]] = [(g, compile_condition(g.when)) for g in ruleset.gates]

    def recommend(self, answers: Mapping[str, AnswerValue]) -> Recommendation:
        """Score and rank every degree for these answers."""
        fired = [rule for rule, holds in self._rules if holds(answers)]
        closed = [gate for gate, holds in self._gates if holds(answers)]
        results = [self._result(degree, fired, closed) for degree in self.ruleset.degrees]
        order = {degree.code: index for index, degree in enumerate(self.ruleset.degrees)}
        results.sort(key=lambda r: (r.eligibility == "ineligible", -r.points, order[r.degree.code]))
        return Recommendation(tuple(results))

    def _result(self, degree: Degree, fired: list[Rule], closed: list[Gate]) -> DegreeResult:
        contributions = tuple(
            Contribution(rule, rule.effects[degree.code]) for rule in fired if degree.code in rule.effects
        )
        gates = tuple(gate for gate in closed if gate.degree == degree.code)
        eligibility: Status = max((g.status for g in gates), key=_STRICTNESS.__getitem__, default="eligible")
        points = math.fsum(c.points for c in contributions)
        return DegreeResult(
            degree=degree,
            points=points,
            score=score(points, self.ruleset.scoring.spread),
            eligibility=eligibility,
            contributions=contributions,
            gates=gates,
        )
