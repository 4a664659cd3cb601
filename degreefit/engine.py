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

from degreefit.conditions import Predicate, compile_condition, tests
from degreefit.models import AnswerValue, Condition, Degree, Gate, Question, Rule, RuleSet, Status

_STRICTNESS: dict[Status, int] = {"eligible": 0, "not_yet": 1, "ineligible": 2}
_STATUSES: tuple[Status, ...] = ("eligible", "not_yet", "ineligible")


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


def _reads(condition: Condition) -> tuple[str, ...]:
    """The questions a condition reads, sorted."""
    return tuple(sorted({t.question for t in tests(condition)}))


_SMALL_GROUP = 5000  # answer combinations a merged group may have; its cache stays small


def _group_keys(ruleset: RuleSet) -> list[tuple[str, ...]]:
    """Few groups of questions such that every condition reads within one of them.

    Fewer groups make an evaluation cheaper (one cache lookup each), so groups with few
    answer combinations merge. A group with many combinations (one that reads the goals)
    takes in no other: its cache misses often, and a miss re-evaluates every rule in it.
    """
    sets = {_reads(rule.when) for rule in ruleset.rules} | {_reads(gate.when) for gate in ruleset.gates}
    sizes = {q.id: _combinations(q) for q in ruleset.questions}
    ordered = sorted(sets, key=lambda s: (-len(s), s))
    merged: list[set[str]] = []
    for questions in ordered:
        for group in merged:
            if math.prod(sizes[q] for q in group | set(questions)) <= _SMALL_GROUP:
                group.update(questions)
                break
        else:
            merged.append(set(questions))
    return [tuple(sorted(group)) for group in merged]


def _home(keys: dict[tuple[str, ...], int], reads: tuple[str, ...]) -> tuple[str, ...]:
    """The group with the fewest answer combinations that holds every question a condition reads."""
    return min((k for k in keys if set(reads) <= set(k)), key=keys.__getitem__)


def _combinations(question: Question) -> int:
    """How many answers a question can have, counting "not answered"."""
    if question.kind == "multi":
        return int(2 ** len(question.choices))
    if question.kind == "boolean":
        return 3
    if question.kind == "integer":
        return (question.max or 0) - (question.min or 0) + 2
    return len(question.choices) + 1


class Outcome(NamedTuple):
    """The bare result of scoring: each degree's points and eligibility, in degrees.yaml order."""

    points: tuple[float, ...]
    statuses: tuple[Status, ...]


class _Group(NamedTuple):
    """The rules and gates that read the same questions, with their results cached by answers."""

    questions: tuple[str, ...]
    rules: tuple[tuple[Rule, Predicate], ...]
    gates: tuple[tuple[Gate, Predicate], ...]
    # answers of `questions` -> (points per degree, gate strictness per degree or None without gates)
    cache: dict[tuple[AnswerValue | None, ...], tuple[tuple[float, ...], tuple[int, ...] | None]]


class Engine:
    """A rule set compiled once, ready to score many answer sets.

    Rules and gates are grouped by the questions their conditions read; each group's
    effect on the degrees is computed once for each combination of those answers and then
    looked up. A search over thousands of answer sets (what would change the advice) only
    adds up a dozen cached vectors per answer set.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.codes = tuple(d.code for d in ruleset.degrees)
        grouped: dict[tuple[str, ...], tuple[list[tuple[Rule, Predicate]], list[tuple[Gate, Predicate]]]] = {
            key: ([], []) for key in _group_keys(ruleset)
        }
        sizes = {q.id: _combinations(q) for q in ruleset.questions}
        keys = {key: math.prod(sizes[q] for q in key) for key in grouped}  # combinations per group
        for rule in ruleset.rules:
            key = _home(keys, _reads(rule.when))
            grouped[key][0].append((rule, compile_condition(rule.when)))
        for gate in ruleset.gates:
            key = _home(keys, _reads(gate.when))
            grouped[key][1].append((gate, compile_condition(gate.when)))
        self._groups = tuple(_Group(q, tuple(r), tuple(g), {}) for q, (r, g) in grouped.items())
        self._index = {code: i for i, code in enumerate(self.codes)}
        self._open = (0,) * len(self.codes)

    def outcome(self, answers: Mapping[str, AnswerValue]) -> Outcome:
        """Each degree's points and eligibility for these answers (fast: cached per group)."""
        get = answers.get
        vectors = []
        strictest = self._open
        for group in self._groups:
            key = tuple(map(get, group.questions))
            cached = group.cache.get(key)
            if cached is None:
                cached = group.cache[key] = self._evaluate(group, answers)
            vectors.append(cached[0])
            if cached[1] is not None:
                strictest = cached[1] if strictest is self._open else tuple(map(max, strictest, cached[1]))
        points = tuple(map(sum, zip(*vectors, strict=True))) if vectors else (0.0,) * len(self.codes)
        return Outcome(points, tuple(_STATUSES[s] for s in strictest))

    def _evaluate(
        self, group: _Group, answers: Mapping[str, AnswerValue]
    ) -> tuple[tuple[float, ...], tuple[int, ...] | None]:
        vector = [0.0] * len(self.codes)
        closed = [0] * len(self.codes)
        for rule, holds in group.rules:
            if holds(answers):
                for code, effect in rule.effects.items():
                    vector[self._index[code]] += effect
        for gate, holds in group.gates:
            if holds(answers):
                i = self._index[gate.degree]
                closed[i] = max(closed[i], _STRICTNESS[gate.status])
        return tuple(vector), (tuple(closed) if group.gates else None)

    def order(self, outcome: Outcome) -> tuple[str, ...]:
        """Degree codes best first: ineligible last, then more points, then degrees.yaml order."""
        ranked = sorted(
            range(len(self.codes)),
            key=lambda i: (outcome.statuses[i] == "ineligible", -outcome.points[i], i),
        )
        return tuple(self.codes[i] for i in ranked)

    def recommend(self, answers: Mapping[str, AnswerValue]) -> Recommendation:
        """Score and rank every degree for these answers, with the rules behind each score."""
        outcome = self.outcome(answers)
        fired = [rule for group in self._groups for rule, holds in group.rules if holds(answers)]
        closed = [gate for group in self._groups for gate, holds in group.gates if holds(answers)]
        order = {r.id: i for i, r in enumerate(self.ruleset.rules)}
        fired.sort(key=lambda rule: order[rule.id])  # rule-set order, whatever the grouping
        results = {
            degree.code: self._result(degree, index, outcome, fired, closed)
            for index, degree in enumerate(self.ruleset.degrees)
        }
        return Recommendation(tuple(results[code] for code in self.order(outcome)))

    def _result(
        self, degree: Degree, index: int, outcome: Outcome, fired: list[Rule], closed: list[Gate]
    ) -> DegreeResult:
        points = outcome.points[index]
        return DegreeResult(
            degree=degree,
            points=points,
            score=score(points, self.ruleset.scoring.spread),
            eligibility=outcome.statuses[index],
            contributions=tuple(
                Contribution(rule, rule.effects[degree.code]) for rule in fired if degree.code in rule.effects
            ),
            gates=tuple(gate for gate in closed if gate.degree == degree.code),
        )
