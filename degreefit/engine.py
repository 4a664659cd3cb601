"""Score the degrees for one set of answers: pure, deterministic, terminal-free.

Each rule whose condition holds adds its effects to degrees; each gate whose condition
holds limits a degree's eligibility. Points become a 0-100 score on one logistic curve
(scorecurve.py; its spread is in rules/scoring.yaml). Ranking: ineligible degrees last,
then more points first, then the order of degrees.yaml.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from operator import itemgetter
from typing import NamedTuple

from degreefit import kinds, kindvalues
from degreefit.answerspace import stretch, stretches
from degreefit.conditions import Predicate, by_id, compile_condition
from degreefit.models import AnswerValue, Degree, Gate, Note, Question, Rule, RuleSet, Status
from degreefit.rulegroups import Factor, Reading, group_readings, read_by, reading_key
from degreefit.scorecurve import score

_STRICTNESS: dict[Status, int] = {"eligible": 0, "not_yet": 1, "ineligible": 2}
_STATUSES: tuple[Status, ...] = ("eligible", "not_yet", "ineligible")


class Contribution(NamedTuple):
    """A rule that fired for a degree, the points it gave (negative: against), and its reason
    as it reads under that degree."""

    rule: Rule
    points: float
    reason: str


class DegreeResult(NamedTuple):
    """How one degree fares for one person."""

    degree: Degree
    points: float
    score: float
    eligibility: Status
    contributions: tuple[Contribution, ...]
    gates: tuple[Gate, ...]


class Recommendation(NamedTuple):
    """All degrees, best first, and the notes worth knowing for these answers."""

    ranking: tuple[DegreeResult, ...]
    notes: tuple[Note, ...] = ()

    @property
    def top(self) -> DegreeResult:
        """The best-fitting degree (when `none_open`, only the first of the closed ones)."""
        return self.ranking[0]

    @property
    def none_open(self) -> bool:
        """Whether gates close every degree to this person (each is ineligible): there is no fit to
        name, and the report says so instead of a best fit and its lead."""
        return all(result.eligibility == "ineligible" for result in self.ranking)

    @property
    def open_now(self) -> tuple[str, ...]:
        """The codes of the degrees open to this person now (eligible; not `not_yet`), best first."""
        return tuple(r.degree.code for r in self.ranking if r.eligibility == "eligible")


def _factor(questions: Mapping[str, Question], starts: Mapping[str, list[int]]) -> Factor:
    """How many answers a question can have for a group, counting "not answered" (see
    `kindvalues.told_apart`; a wide integer counts by its stretches `starts`)."""
    return lambda key, named: kindvalues.told_apart(questions[key], named, starts)


class Outcome(NamedTuple):
    """The bare result of scoring: each degree's points and eligibility, in degrees.yaml order."""

    points: tuple[float, ...]
    statuses: tuple[Status, ...]

    @property
    def none_open(self) -> bool:
        """Whether gates close every degree (each is ineligible): no degree is the best fit."""
        return all(status == "ineligible" for status in self.statuses)


def place(eligibility: Status, points: float) -> tuple[bool, float]:
    """How a degree places, lower first: ineligible last, then more points first; degrees
    that place alike are tied."""
    return (eligibility == "ineligible", -points)


def standing(outcome: Outcome, index: int) -> tuple[bool, float]:
    """How the degree at `index` places in an outcome (see `place`)."""
    return place(outcome.statuses[index], outcome.points[index])


class _Group(NamedTuple):
    """The rules and gates that read the same questions, with their results cached by answers."""

    reading: Reading
    pick: Callable[[list[object]], object]  # the group's cache key, from the engine's view of answers
    rules: tuple[tuple[Rule, Predicate], ...]
    gates: tuple[tuple[Gate, Predicate], ...]
    # cache key -> (points per degree, gate strictness per degree or None without gates)
    cache: dict[object, tuple[tuple[float, ...], tuple[int, ...] | None]]


class Engine:
    """A rule set compiled once, ready to score many answer sets.

    Rules and gates are grouped by the questions their conditions read; each group's
    effect on the degrees is computed once for each combination of those answers and then
    looked up. A group keys a multiple-choice answer by the choices its conditions name
    (a bit mask), so a group that reads three of eleven goals sees 9 combinations, not
    2049. A search over thousands of answer sets (what would change the advice) only adds
    up a few cached vectors per answer set.
    """

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.codes = tuple(d.code for d in ruleset.degrees)
        questions = by_id(ruleset.questions)
        self._ids = tuple(questions)
        position = {key: i for i, key in enumerate(self._ids)}
        conditions = [r.when for r in ruleset.rules] + [g.when for g in ruleset.gates]
        starts = stretches(questions.values(), conditions)
        readings, homes = group_readings(ruleset, _factor(questions, starts))
        members: list[tuple[list[tuple[Rule, Predicate]], list[tuple[Gate, Predicate]]]] = [
            ([], []) for _ in readings
        ]
        for rule in ruleset.rules:
            members[homes[reading_key(read_by(rule.when))]][0].append((rule, compile_condition(rule.when)))
        for gate in ruleset.gates:
            members[homes[reading_key(read_by(gate.when))]][1].append((gate, compile_condition(gate.when)))
        # A multiple-choice answer becomes a bit mask of its choices; each group that reads it
        # gets a slot of its own, after the answers, holding the mask of the choices it names.
        self._bits: list[tuple[int, dict[object, int]]] = []
        for key, question in questions.items():
            if kinds.is_list(question.kind):
                named = {c.value for c in question.choices} | {
                    str(v) for r in readings for v in r.get(key, ())
                }
                self._bits.append((position[key], {value: 1 << i for i, value in enumerate(sorted(named))}))
        # A wide integer answer is keyed by where its stretch starts: no rule or gate tells two answers
        # of a stretch apart, so a cache holds one entry a stretch, not one a number ever answered.
        self._wide = [
            (position[key], starts[key])
            for key, question in questions.items()
            if kindvalues.is_wide(question)
        ]
        bits = dict(self._bits)
        self._slots: list[tuple[int, int]] = []  # (position of the answer, mask of the named choices)
        groups = []
        for reading, (rules, gates) in zip(readings, members, strict=True):
            picked = []
            for key, values in reading.items():
                if not kinds.is_list(questions[key].kind):
                    picked.append(position[key])
                    continue
                mask = sum(bits[position[key]][str(value)] for value in values)
                picked.append(len(self._ids) + len(self._slots))
                self._slots.append((position[key], mask))
            pick = itemgetter(*picked) if picked else (lambda view: ())
            groups.append(_Group(reading, pick, tuple(rules), tuple(gates), {}))
        self._groups = tuple(groups)
        self._index = {code: i for i, code in enumerate(self.codes)}
        self._open = (0,) * len(self.codes)
        self._nothing = (0.0,) * len(self.codes)
        self._named: dict[tuple[int, ...], tuple[Status, ...]] = {}  # gate strictness -> statuses
        self._notes = tuple((note, compile_condition(note.when)) for note in ruleset.notes)
        self._rule_order = {rule.id: i for i, rule in enumerate(ruleset.rules)}

    def outcome(self, answers: Mapping[str, AnswerValue]) -> Outcome:
        """Each degree's points and eligibility for validated answers (fast: cached per group).

        The caches key answers by value, so they take validated answers: in raw data a null
        answer and a missing one, or true and 1, would share a key.
        """
        view: list[object] = list(map(answers.get, self._ids))
        for position, bits in self._bits:
            chosen = view[position]
            if isinstance(chosen, tuple):
                mask = 0
                for value in chosen:
                    mask |= bits.get(value, 0)
                view[position] = mask
            elif chosen is not None:
                view[position] = (chosen,)  # not a list: kept apart from every mask
        for position, starts in self._wide:
            number = view[position]
            if type(number) is int:
                view[position] = stretch(starts, number)
        for position, mask in self._slots:
            chosen = view[position]
            view.append(chosen & mask if type(chosen) is int else chosen)
        vectors = []
        strictest = self._open
        for group in self._groups:
            key = group.pick(view)
            cached = group.cache.get(key)
            if cached is None:
                cached = group.cache[key] = self._evaluate(group, answers)
            vectors.append(cached[0])
            if cached[1] is not None:
                strictest = cached[1] if strictest is self._open else tuple(map(max, strictest, cached[1]))
        points = tuple(map(sum, zip(*vectors, strict=True))) if vectors else self._nothing
        statuses = self._named.get(strictest)
        if statuses is None:
            statuses = self._named[strictest] = tuple(_STATUSES[s] for s in strictest)
        return Outcome(points, statuses)

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
        ranked = sorted(range(len(self.codes)), key=lambda i: (*standing(outcome, i), i))
        return tuple(self.codes[i] for i in ranked)

    def tied_for_first(self, outcome: Outcome) -> tuple[str, ...]:
        """The degrees that share first place (one code when a degree leads on its own)."""
        best = min(standing(outcome, i) for i in range(len(self.codes)))
        return tuple(code for i, code in enumerate(self.codes) if standing(outcome, i) == best)

    def fired(self, answers: Mapping[str, AnswerValue]) -> tuple[list[Rule], list[Gate]]:
        """The rules and the gates whose conditions hold for these answers, in rule-set order."""
        fired = [rule for group in self._groups for rule, holds in group.rules if holds(answers)]
        closed = [gate for group in self._groups for gate, holds in group.gates if holds(answers)]
        fired.sort(key=lambda rule: self._rule_order[rule.id])  # whatever the grouping
        return fired, closed

    def recommend(self, answers: Mapping[str, AnswerValue]) -> Recommendation:
        """Score and rank every degree for these answers, with the rules behind each score."""
        outcome = self.outcome(answers)
        fired, closed = self.fired(answers)
        results = {
            degree.code: self._result(degree, index, outcome, fired, closed)
            for index, degree in enumerate(self.ruleset.degrees)
        }
        notes = tuple(note for note, holds in self._notes if holds(answers))
        return Recommendation(tuple(results[code] for code in self.order(outcome)), notes)

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
                Contribution(rule, rule.effects[degree.code], rule.reason_for(degree.code))
                for rule in fired
                if degree.code in rule.effects
            ),
            gates=tuple(gate for gate in closed if gate.degree == degree.code),
        )
