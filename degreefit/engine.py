"""Score the degrees for one set of answers and rank them: pure, deterministic, terminal-free.

Each rule whose condition holds adds its claim's points to degrees, on one of two accounts:
the goals account (what the sources link to the person's goals and situation) or the costs
account (documented practical costs: length, format, thesis, income, clinical time). Each gate
whose condition holds limits a degree's eligibility.

The one ranking (`Standings`, built by `standings`) orders every degree the same way for every
command: degrees open now, then those not open yet, then those closed; within each, more goal
points first; and among degrees level on goals that the sources link to at least one of the
person's goals, fewer cost points against first. Degrees still level are tied: a tie is listed
in the order of degrees.yaml, and no command reads that order as a preference."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from typing import Literal, NamedTuple

from degreefit import kinds
from degreefit.answers import stretch, stretches
from degreefit.conditions import Predicate, by_id, comparisons, compile_condition
from degreefit.models import (
    AnswerValue,
    Claim,
    Condition,
    Degree,
    Gate,
    Note,
    Question,
    Rule,
    RuleSet,
    Status,
)

_STRICTNESS: dict[Status, int] = {"eligible": 0, "not_yet": 1, "ineligible": 2}
_STATUSES: tuple[Status, ...] = ("eligible", "not_yet", "ineligible")
_REMEMBERED = 1 << 14  # standings kept per engine: memory stays bounded over a cohort

Decided = Literal["goals", "costs", "tie", "only_open", "none_open"]


class Contribution(NamedTuple):
    """A rule that fired for a degree, the points it gave (negative: against), and its reason
    as it reads under that degree."""

    rule: Rule
    points: float
    reason: str


class DegreeResult(NamedTuple):
    """How one degree fares for one person: its points on the goals and the costs accounts."""

    degree: Degree
    goal: float
    cost: float
    eligibility: Status
    contributions: tuple[Contribution, ...]
    gates: tuple[Gate, ...]

    @property
    def points(self) -> float:
        """Goal and cost points together."""
        return self.goal + self.cost

    @property
    def evidence(self) -> bool:
        """Whether any rule counted for or against this degree (False: the sources are silent)."""
        return bool(self.contributions)


def place(eligibility: Status, goal: float, cost: float) -> tuple[int, float, float]:
    """How a degree places, lower first: open now, not yet, closed; then more goal points; then,
    for a degree the sources link to the person's goals (goal points above 0), fewer costs.
    Degrees that place alike are tied. A documented cost never lifts a degree linked to none of
    the person's goals above another: silence is no merit."""
    return (_STRICTNESS[eligibility], -goal, -cost if goal > 0 else 0.0)


class Standings(NamedTuple):
    """The one ranking of the degrees for one person, read by every command.

    `order`: every degree code, best first (a tie in degrees.yaml order). `first`: the degrees
    open now that share first place (one when a degree leads alone; none when no degree is open
    now). `decided`: what put the first degree ahead of the next open one: "goals", "costs"
    (level on goals, fewer documented costs), "tie", "only_open" (the only degree open now) or
    "none_open" (no degree is open now). `later`: the degrees not open yet, best first.
    """

    order: tuple[str, ...]
    first: tuple[str, ...]
    decided: Decided
    later: tuple[str, ...]
    lead: float  # goal points (or, decided by costs, cost points) between first and the next open one

    @property
    def top(self) -> str | None:
        """The degree first on its own among those open now, or None (a tie, or none open)."""
        return self.first[0] if len(self.first) == 1 else None

    @property
    def tied(self) -> bool:
        """Whether two or more open degrees share first place."""
        return len(self.first) > 1

    @property
    def close(self) -> bool:
        """Whether the standings alone make the advice a close call: a tie, or a first place
        decided by costs alone (`close_call` adds a first place that rests on one claim)."""
        return self.decided in ("tie", "costs")


def standings(
    codes: Sequence[str], statuses: Sequence[Status], goal: Sequence[float], cost: Sequence[float]
) -> Standings:
    """Rank degrees from their eligibility and points (each in `codes` order); see `place`."""
    places = [place(s, g, c) for s, g, c in zip(statuses, goal, cost, strict=True)]
    ranked = sorted(range(len(codes)), key=lambda i: (places[i], i))
    order = tuple(codes[i] for i in ranked)
    later = tuple(codes[i] for i in ranked if statuses[i] == "not_yet")
    open_now = [i for i in ranked if statuses[i] == "eligible"]
    if not open_now:
        return Standings(order, (), "none_open", later, 0.0)
    best = places[open_now[0]]
    first = tuple(codes[i] for i in open_now if places[i] == best)
    if len(first) > 1:
        return Standings(order, first, "tie", later, 0.0)
    if len(open_now) == 1:
        return Standings(order, first, "only_open", later, 0.0)
    top, runner = open_now[0], open_now[1]
    if goal[top] != goal[runner]:
        return Standings(order, first, "goals", later, goal[top] - goal[runner])
    return Standings(order, first, "costs", later, cost[top] - cost[runner])


class Recommendation(NamedTuple):
    """All degrees, best first, how they stand, and the notes worth knowing for these answers."""

    ranking: tuple[DegreeResult, ...]
    standings: Standings
    notes: tuple[Note, ...] = ()

    @property
    def top(self) -> DegreeResult | None:
        """The degree first on its own among those open now; None on a tie or when none is open."""
        code = self.standings.top
        return None if code is None else self.result(code)

    @property
    def first(self) -> tuple[DegreeResult, ...]:
        """The open degrees that share first place (one, two or more; none when none is open)."""
        return tuple(self.result(code) for code in self.standings.first)

    @property
    def none_open(self) -> bool:
        """Whether no degree is open to this person now (each is closed or not open yet)."""
        return not self.standings.first

    @property
    def open_now(self) -> tuple[str, ...]:
        """The codes of the degrees open to this person now (eligible; not `not_yet`), best first."""
        return tuple(r.degree.code for r in self.ranking if r.eligibility == "eligible")

    def result(self, code: str) -> DegreeResult:
        """How the degree `code` fares."""
        return next(r for r in self.ranking if r.degree.code == code)

    def claims_used(self, *, gates: bool, notes: bool) -> set[str]:
        """The ids of the claims behind what holds for this person: the rules that counted, and,
        when asked for, the gates that apply and the notes that hold."""
        used = {c.rule.claim for r in self.ranking for c in r.contributions}
        if gates:
            used |= {g.claim for r in self.ranking for g in r.gates}
        if notes:
            used |= {note.claim for note in self.notes}
        return used


def rests_on(recommendation: Recommendation, claims: Sequence[Claim]) -> tuple[Claim, ...]:
    """The claims the first place rests on: each one, left out alone, would change which degrees
    come first. Exact: every claim behind a reason or a gate is tried. None on a tie."""
    standing = recommendation.standings
    if standing.top is None:
        return ()
    used = recommendation.claims_used(gates=True, notes=False)
    return tuple(
        claim
        for claim in claims
        if claim.id in used and without_claim(recommendation, claim.id).first != standing.first
    )


def without_claim(recommendation: Recommendation, claim: str) -> Standings:
    """The standings once the claim `claim` is left out (its points and its gates)."""
    results = recommendation.ranking
    codes = [r.degree.code for r in results]
    return _standings_without(
        claim,
        codes,
        {code: at for at, code in enumerate(codes)},
        [r.goal for r in results],
        [r.cost for r in results],
        {c.rule.id: c.rule for r in results for c in r.contributions}.values(),  # each rule once
        [g for r in results for g in r.gates],
    )


def _standings_without(
    claim: str,
    codes: Sequence[str],
    index: Mapping[str, int],
    goal: Sequence[float],
    cost: Sequence[float],
    rules: Iterable[Rule],
    gates: Iterable[Gate],
) -> Standings:
    """The standings of `codes` (`index`: where each is; `goal` and `cost`: their points) once the
    claim `claim` is left out: the points of the rules on it that fired taken off, the gates on it
    that apply set aside. The one subtraction behind `without_claim` (from a recommendation) and
    `Engine.rests_on_a_claim` (from what fired, row after row)."""
    goal, cost = list(goal), list(cost)
    for rule in rules:
        if rule.claim == claim:
            points = goal if rule.bears_on == "goals" else cost
            for code, value in rule.effects.items():
                points[index[code]] -= value
    strictest = [0] * len(codes)
    for gate in gates:
        if gate.claim != claim:
            at = index[gate.degree]
            strictest[at] = max(strictest[at], _STRICTNESS[gate.status])
    return standings(codes, [_STATUSES[s] for s in strictest], goal, cost)


def close_call(recommendation: Recommendation, claims: Sequence[Claim]) -> bool:
    """Whether the advice is a close call: a tie, a first place decided only by costs, or one
    that rests on a single claim."""
    return recommendation.standings.close or bool(rests_on(recommendation, claims))


def _factor(questions: Mapping[str, Question], starts: Mapping[str, list[int]]) -> Factor:
    """How many answers a question can have for a group, counting "not answered" (see
    `kinds.told_apart`; a wide integer counts by its stretches `starts`)."""
    return lambda key, named: kinds.told_apart(questions[key], named, starts)


class Outcome(NamedTuple):
    """The bare result of scoring: each degree's goal and cost points and its eligibility, in
    degrees.yaml order."""

    goal: tuple[float, ...]
    cost: tuple[float, ...]
    statuses: tuple[Status, ...]

    @property
    def points(self) -> tuple[float, ...]:
        """Each degree's goal and cost points together."""
        return tuple(g + c for g, c in zip(self.goal, self.cost, strict=True))


_Held = tuple[tuple[float, ...], "tuple[int, ...] | None", tuple[Rule, ...], tuple[Gate, ...]]


class _Group(NamedTuple):
    """The rules and gates that read the same questions, with their results cached by answers."""

    reading: Reading
    pick: Callable[[list[object]], object]  # the group's cache key, from the engine's view of answers
    rules: tuple[tuple[Rule, Predicate], ...]
    gates: tuple[tuple[Gate, Predicate], ...]
    # cache key -> (points per degree, gate strictness per degree or None without gates, the rules
    # and the gates that hold)
    cache: dict[object, _Held]


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
            (position[key], starts[key]) for key, question in questions.items() if kinds.is_wide(question)
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
        self._nothing = (0.0,) * (2 * len(self.codes))
        self._standings: dict[Outcome, Standings] = {}
        self._named: dict[tuple[int, ...], tuple[Status, ...]] = {}  # gate strictness -> statuses
        self._notes = tuple((note, compile_condition(note.when)) for note in ruleset.notes)
        self._rule_order = {rule.id: i for i, rule in enumerate(ruleset.rules)}

    def outcome(self, answers: Mapping[str, AnswerValue]) -> Outcome:
        """Each degree's points and eligibility for validated answers (fast: cached per group).

        The caches key answers by value, so they take validated answers: in raw data a null
        answer and a missing one, or true and 1, would share a key.
        """
        held = self._held(answers)
        vectors = [one[0] for one in held]
        strictest = self._open
        for one in held:
            if one[1] is not None:
                strictest = one[1] if strictest is self._open else tuple(map(max, strictest, one[1]))
        points = tuple(map(sum, zip(*vectors, strict=True))) if vectors else self._nothing
        statuses = self._named.get(strictest)
        if statuses is None:
            statuses = self._named[strictest] = tuple(_STATUSES[s] for s in strictest)
        n = len(self.codes)
        return Outcome(points[:n], points[n:], statuses)

    def held(self, answers: Mapping[str, AnswerValue]) -> tuple[tuple[Rule, ...], tuple[Gate, ...]]:
        """The rules and the gates that hold for validated answers, group by group (fast: cached
        per group, as `outcome` is; `fired` gives them in rule-set order)."""
        found = self._held(answers)
        return (
            tuple(rule for one in found for rule in one[2]),
            tuple(gate for one in found for gate in one[3]),
        )

    def _held(self, answers: Mapping[str, AnswerValue]) -> list[_Held]:
        """Each group's cached result for these answers."""
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
        found = []
        for group in self._groups:
            key = group.pick(view)
            cached = group.cache.get(key)
            if cached is None:
                cached = group.cache[key] = self._evaluate(group, answers)
            found.append(cached)
        return found

    def _evaluate(self, group: _Group, answers: Mapping[str, AnswerValue]) -> _Held:
        n = len(self.codes)
        vector = [0.0] * (2 * n)  # goal points of each degree, then cost points
        closed = [0] * n
        rules = tuple(rule for rule, holds in group.rules if holds(answers))
        gates = tuple(gate for gate, holds in group.gates if holds(answers))
        for rule in rules:
            shift = n if rule.bears_on == "costs" else 0
            for code, effect in rule.effects.items():
                vector[shift + self._index[code]] += effect
        for gate in gates:
            i = self._index[gate.degree]
            closed[i] = max(closed[i], _STRICTNESS[gate.status])
        return tuple(vector), (tuple(closed) if group.gates else None), rules, gates

    def standings(self, outcome: Outcome) -> Standings:
        """How the degrees stand for an outcome: the one ranking (see `standings`)."""
        found = self._standings.get(outcome)
        if found is None:
            if len(self._standings) >= _REMEMBERED:
                self._standings.clear()
            found = self._standings[outcome] = standings(
                self.codes, outcome.statuses, outcome.goal, outcome.cost
            )
        return found

    def fired(self, answers: Mapping[str, AnswerValue]) -> tuple[list[Rule], list[Gate]]:
        """The rules (in rule-set order, whatever the grouping) and the gates whose conditions hold
        for validated answers."""
        rules, gates = self.held(answers)  # from the groups' caches, as `outcome` reads them
        return sorted(rules, key=lambda rule: self._rule_order[rule.id]), list(gates)

    def recommend(self, answers: Mapping[str, AnswerValue]) -> Recommendation:
        """Score and rank every degree for these answers, with the rules behind each score."""
        outcome = self.outcome(answers)
        fired, closed = self.fired(answers)
        ranked = self.standings(outcome)
        results = {
            degree.code: self._result(degree, index, outcome, fired, closed)
            for index, degree in enumerate(self.ruleset.degrees)
        }
        return Recommendation(tuple(results[code] for code in ranked.order), ranked, self.noted(answers))

    def rests_on_a_claim(self, outcome: Outcome, rules: Sequence[Rule], gates: Sequence[Gate]) -> bool:
        """Whether the first place rests on a claim (`rests_on` is not empty), found from the rules
        and gates that fired (`fired`) without building the recommendation: for batch, row after row."""
        first = self.standings(outcome).first
        if len(first) != 1:
            return False
        codes, index, goal, cost = self.codes, self._index, outcome.goal, outcome.cost
        for claim in dict.fromkeys([*(r.claim for r in rules), *(g.claim for g in gates)]):
            if _standings_without(claim, codes, index, goal, cost, rules, gates).first != first:
                return True
        return False

    def noted(self, answers: Mapping[str, AnswerValue]) -> tuple[Note, ...]:
        """The notes whose conditions hold for these answers, in rule-set order."""
        return tuple(note for note, holds in self._notes if holds(answers))

    def _result(
        self, degree: Degree, index: int, outcome: Outcome, fired: list[Rule], closed: list[Gate]
    ) -> DegreeResult:
        return DegreeResult(
            degree=degree,
            goal=outcome.goal[index],
            cost=outcome.cost[index],
            eligibility=outcome.statuses[index],
            contributions=tuple(
                Contribution(rule, rule.effects[degree.code], rule.reason_for(degree.code))
                for rule in fired
                if degree.code in rule.effects
            ),
            gates=tuple(gate for gate in closed if gate.degree == degree.code),
        )


# Rules and gates grouped by the questions their conditions read, for the engine's caches. The
# engine computes each group's effect once per combination of the answers it reads, so fewer groups
# make scoring cheaper while a group that can tell too many answers apart would make its cache
# useless; `group_readings` balances the two.
Reading = dict[str, frozenset[object]]  # the questions a condition reads, each with the values it names


def read_by(condition: Condition) -> Reading:
    """The questions a condition reads, each with the values its tests name."""
    reading: Reading = {}
    for test in comparisons(condition):
        named = test.value if isinstance(test.value, tuple) else (test.value,)
        reading[test.question] = reading.get(test.question, frozenset()) | frozenset(named)
    return reading


_SMALL_GROUP = 5000  # answer combinations a merged group may have; its cache stays small
_TRIES = 64  # groups a reading may join: the newest ones (few rule sets have more, and then it stays linear)
Factor = Callable[[str, frozenset[object]], int]  # answers a question can have, given the values named


def reading_key(reading: Reading) -> tuple[object, ...]:
    """A reading as a hashable key (its questions and values in a fixed order)."""
    return tuple(sorted((key, tuple(sorted(map(repr, named)))) for key, named in reading.items()))


def _size(reading: Reading, factor: Factor) -> int:
    """How many answer combinations a group that reads this can tell apart."""
    return int(math.prod(factor(key, named) for key, named in reading.items()))


def _grown(size: int, group: Reading, reading: Reading, factor: Factor) -> int:
    """The size of a group of `size` combinations once it reads `reading` too (early: once too large)."""
    for key, named in reading.items():
        if key not in group:
            size *= factor(key, named)
        elif not named <= group[key]:  # exact: `size` is the product of the factors of its questions
            size = size // factor(key, group[key]) * factor(key, group[key] | named)
        if size > _SMALL_GROUP:
            break
    return size


def group_readings(ruleset: RuleSet, factor: Factor) -> tuple[list[Reading], dict[tuple[object, ...], int]]:
    """Few groups of questions such that every condition reads within one of them, and the group of
    each condition's reading (by `reading_key`).

    Fewer groups make an evaluation cheaper (one cache lookup each), so groups with few
    answer combinations merge; a group with many takes in no other, since a cache miss
    re-evaluates every rule in it. A reading's group is the one that took it in: groups
    only grow, so it reads all the reading does. A reading tries at most the _TRIES newest
    groups, each try costing the questions of the reading, not of the group: the work grows
    with the rules (10,000 rules group in a fraction of a second), where trying every group
    for every rule grew with their product.
    """
    readings = [read_by(rule.when) for rule in ruleset.rules] + [read_by(gate.when) for gate in ruleset.gates]
    distinct = {reading_key(r): r for r in readings}
    ordered = sorted(distinct.items(), key=lambda item: (-_size(item[1], factor), item[0]))
    merged: list[Reading] = []
    sizes: list[int] = []
    home: dict[tuple[object, ...], int] = {}
    for key, reading in ordered:
        for index in range(max(0, len(merged) - _TRIES), len(merged)):
            group = merged[index]
            size = _grown(sizes[index], group, reading, factor)
            if size <= _SMALL_GROUP:
                merged[index], sizes[index], home[key] = _merged(group, reading), size, index
                break
        else:
            home[key] = len(merged)
            merged.append(dict(reading))
            sizes.append(_size(reading, factor))
    return merged, home


def _merged(a: Reading, b: Reading) -> Reading:
    return {key: a.get(key, frozenset()) | b.get(key, frozenset()) for key in sorted(a.keys() | b.keys())}
