"""Why the advice is what it is: what would change the first place, why not another degree, and
what the sources do not say. Everything here is computed with the engine, from the rules as data.

What would change the top pick is an exhaustive search: every change of one answer the
person controls (questions marked `actionable` in rules/questions.yaml), then every pair
of them. A goals list changes one goal at a time. A change that brings in a new question
(adding the specialising goal brings in the specialty) is counted with each way of
answering it, as one more change. Smallest first; among equals, question and choice order.
A question of thousands of choices makes millions of pairs: the search tries at most MAX_TRIED
changes, and says when it stopped short of them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import islice
from typing import NamedTuple

from degreefit import engine as ranking
from degreefit.answers import AnswerSpace, Change, every_condition, stretches
from degreefit.conditions import compile_condition, reads
from degreefit.engine import Contribution, Decided, DegreeResult, Engine, Recommendation
from degreefit.models import BOTH, AnswerValue, Claim, Condition, Gate, Question, Rule, RuleSet
from degreefit.quoting import listed

MAX_ALTERNATIVES = 5
MAX_CHANGES = 2
# Changed answer sets one search tries, at most: the built-in rules need at most a few hundred,
# and 50,000 take about half a second. A goals question of 2,000 choices makes two million pairs.
MAX_TRIED = 50_000


class Alternative(NamedTuple):
    """A set of changes to the answers, and the degree that would then come first on its own.
    `points` holds each degree's (goal, cost) points after the changes; `any_of` the questions a
    change brings in whose answer does not matter (any answer gives the same first place)."""

    changes: tuple[Change, ...]
    answers: dict[str, AnswerValue]
    top: str
    points: dict[str, tuple[float, float]]
    any_of: tuple[str, ...] = ()


class WhyNot(NamedTuple):
    """What holds one degree back for this person."""

    result: DegreeResult
    rank: int
    against: list[Contribution]
    missing: list[Rule]  # rules for it that did not fire, biggest first
    change: Alternative | None  # the smallest change that would put it first
    blocked_by: Gate | None  # a gate on answers the person cannot change, if that is what stops it
    tied_with: tuple[str, ...] = ()  # the other degrees it shares first place with, when it does
    never_counted: bool = False  # no rule of the rule set ever counts for it
    searched: int = 0  # the changes tried, when the search for `change` stopped short of them all


class Searched(NamedTuple):
    """The alternatives a search found, and the changes it tried when it stopped short of them all
    (0: it tried every one)."""

    found: list[Alternative]
    searched: int = 0


def what_would_change(
    engine: Engine,
    answers: Mapping[str, AnswerValue],
    *,
    target: str | None = None,
    limit: int = MAX_ALTERNATIVES,
) -> list[Alternative]:
    """The smallest changes of the person's own answers that put another degree open to them (or
    `target`) first on its own (see `search_changes`)."""
    return search_changes(engine, answers, target=target, limit=limit).found


def search_changes(
    engine: Engine,
    answers: Mapping[str, AnswerValue],
    *,
    target: str | None = None,
    limit: int = MAX_ALTERNATIVES,
) -> Searched:
    """The smallest changes of the person's own answers that put another degree open to them (or
    `target`) first on its own, among the first MAX_TRIED changes. A change that only makes a tie
    changes no pick; when the person's answers are a tie already, a change that puts any one of the
    tied degrees first alone does.

    Left out: a change that drops every choice the person gave to a question (their only goal,
    say), since that is another person's advice; and a change that differs from one found only
    in the answer to a question it brings in (the specialty), which is merged into it."""
    current = engine.standings(engine.outcome(answers)).first
    found: list[Alternative] = []
    done: list[frozenset[Named]] = []  # the changes of each found, named (see `_named`)
    seen: dict[tuple[frozenset[Named], str], int] = {}
    searched = 0
    space = AnswerSpace(engine.ruleset)
    candidates = _candidates(space, answers)
    for tried, (changes, changed) in enumerate(islice(candidates, MAX_TRIED + 1), start=1):
        if tried > MAX_TRIED:  # one more was there to try
            searched = MAX_TRIED
            break
        named = _named(changes)
        if any(smaller < named for smaller in done):
            continue  # a smaller change already does it: this one only adds to it
        if _drops_all(answers, changed):
            continue
        outcome = engine.outcome(changed)
        top = engine.standings(outcome).top
        if top is None or (top,) == current or (target is not None and top != target):
            continue
        own = tuple(c for c in changes if c.question.id in answers or c.question.actionable)
        brought = tuple(c.question.id for c in changes if c not in own)
        key = (_named(own), top)
        if brought and key in seen:
            earlier = found[seen[key]]
            found[seen[key]] = earlier._replace(any_of=tuple(dict.fromkeys(earlier.any_of + brought)))
            continue
        seen[key] = len(found)
        done.append(named)
        points = {
            code: (goal, cost)
            for code, goal, cost in zip(engine.codes, outcome.goal, outcome.cost, strict=True)
        }
        found.append(Alternative(changes, changed, top, points))
        if len(found) == limit:
            break
    return Searched([_merged_fully(a, engine, space) for a in found], searched)


Named = tuple[str, str, AnswerValue]


def _named(changes: Sequence[Change]) -> frozenset[Named]:
    """Changes by their question's id, action and value: hashing a change hashes its question, all
    its choices, which is slow for a question of thousands."""
    return frozenset((change.question.id, change.action, change.value) for change in changes)


def _merged_fully(alternative: Alternative, engine: Engine, space: AnswerSpace) -> Alternative:
    """An alternative whose brought-in answers were merged keeps them only if every answer to
    them gives the same first place; otherwise it is shown as found."""
    if not alternative.any_of:
        return alternative
    for question_id in alternative.any_of:
        for filling in space.fillings(space.questions[question_id]):
            changed = dict(alternative.answers)
            changed[question_id] = filling.value
            if engine.standings(engine.outcome(changed)).top != alternative.top:
                return alternative._replace(any_of=())
    kept = tuple(c for c in alternative.changes if c.question.id not in alternative.any_of)
    return alternative._replace(changes=kept)


def _drops_all(answers: Mapping[str, AnswerValue], changed: Mapping[str, AnswerValue]) -> bool:
    """Whether the change leaves none of the choices the person gave to a multiple-choice question."""
    for key, given in answers.items():
        now = changed.get(key)
        if isinstance(given, tuple) and given and not (isinstance(now, tuple) and set(given) & set(now)):
            return True
    return False


Candidate = tuple[tuple[Change, ...], dict[str, AnswerValue]]


def _candidates(space: AnswerSpace, answers: Mapping[str, AnswerValue]) -> Iterator[Candidate]:
    """Valid changed answer sets, by number of changes (1, then 2), in a fixed order; made as they
    are asked for, since a search seldom needs them all."""
    singles = list(space.changes(answers))
    twos: list[Candidate] = []  # one change that brings in a question, with an answer to it
    for change in singles:
        for complete, changed in _completed(space, answers, (change,)):
            if len(complete) == 1:
                yield complete, changed
            else:
                twos.append((complete, changed))
    yield from twos
    for pair in _pairs(singles):
        yield from _completed(space, answers, pair)


def _pairs(singles: Sequence[Change]) -> Iterator[tuple[Change, Change]]:
    """Each pair of single changes, in order, but for two values set to one question (no pair of
    changes): a question's changes come together, so they are stepped over at once."""
    after = list(range(1, len(singles) + 1))  # where the pairs of each change start
    for at in range(len(singles) - 2, -1, -1):
        first, second = singles[at], singles[at + 1]
        if first.action == second.action == "set" and first.question.id == second.question.id:
            after[at] = after[at + 1]
    for at, first in enumerate(singles):
        start = after[at] if first.action == "set" else at + 1
        for second in islice(singles, start, None):
            yield first, second


def _completed(
    space: AnswerSpace, answers: Mapping[str, AnswerValue], changes: tuple[Change, ...]
) -> Iterator[Candidate]:
    """The answers after `changes`, and each way to answer a question the changes bring in, within
    MAX_CHANGES changes."""
    changed = dict(answers)
    for change in changes:
        changed[change.question.id] = change.applied(changed, space.positions(change.question))
    if any(value == () for value in changed.values()):
        return  # a goals list emptied by two drops is no valid answer
    if not any(change.question.id in space.read_by_when for change in changes):
        yield changes, changed  # no question's `when` reads what changed: nothing comes or goes
        return
    changed = space.settle(changed)
    gaps = space.unanswered(changed, settled=True)
    if not gaps:
        yield changes, changed
        return
    if len(changes) == MAX_CHANGES:
        return  # answering the question brought in would make one change too many
    for filling in space.fillings(gaps[0]):
        yield from _completed(space, changed, (*changes, filling))


def why_not(
    engine: Engine, recommendation: Recommendation, answers: Mapping[str, AnswerValue], code: str
) -> WhyNot:
    """What holds back the degree `code`: its gates, the rules against it, the rules for it that
    did not fire, and the smallest change that would put it first (if any can)."""
    ranked = enumerate(recommendation.ranking, start=1)
    rank, result = next((i, r) for i, r in ranked if r.degree.code == code)
    fired = {c.rule.id for c in result.contributions}
    missing = sorted(
        (r for r in engine.ruleset.rules if r.effects.get(code, 0) > 0 and r.id not in fired),
        key=lambda r: -r.effects[code],
    )
    never = not any(r.effects.get(code, 0) > 0 for r in engine.ruleset.rules)
    against = [c for c in result.contributions if c.points < 0]
    fixed = {q.id for q in engine.ruleset.questions if not q.actionable}
    closed_for_good = [g for g in result.gates if g.status == "ineligible"]
    blocked_by = next((g for g in closed_for_good if reads(g.when) <= fixed), None)
    first = recommendation.standings.first
    tied_with = tuple(c for c in first if c != code) if code in first and len(first) > 1 else ()
    change, searched = None, 0
    if recommendation.standings.top != code and blocked_by is None:
        found, searched = search_changes(engine, answers, target=code, limit=1)
        change = found[0] if found else None
    return WhyNot(result, rank, against, missing[:3], change, blocked_by, tied_with, never, searched)


def changed_values(changes: Sequence[Change], answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Each changed question's new answer (a goals list in full), in the order changed."""
    values: dict[str, AnswerValue] = {}
    for change in changes:
        values[change.question.id] = answers[change.question.id]
    return values


class Unknown(NamedTuple):
    """An answer that limits the choice, and the open degrees the sources say nothing about on it."""

    question: Question
    degrees: tuple[str, ...]
    text: str


def unknowns(
    recommendation: Recommendation, ruleset: RuleSet, answers: Mapping[str, AnswerValue]
) -> list[Unknown]:
    """For each constraint the person gave, the open degrees that no rule or note on it speaks
    of for someone like them (it reads the question, and holds for their answers with that one
    answered some way): the sources are silent there, so those degrees gained or lost nothing on it."""
    found = []
    # One answer a stretch of a number question stands for all (however wide its range).
    numbers = stretches(ruleset.questions, every_condition(ruleset))
    for question in ruleset.questions:
        constraint = question.constraint
        if constraint is None or question.id not in answers:
            continue
        if constraint.when is not None and not compile_condition(constraint.when)(answers):
            continue
        values: Sequence[AnswerValue] = question.choice_values() or (
            (True, False) if question.kind == "boolean" else numbers.get(question.id, [])
        )
        alike = [{**answers, question.id: value} for value in values]

        def speaks(condition: Condition, alike: list[dict[str, AnswerValue]] = alike) -> bool:
            holds = compile_condition(condition)
            return any(holds(one) for one in alike)

        spoken = {
            code
            for rule in ruleset.rules
            if question.id in reads(rule.when) and speaks(rule.when)
            for code in rule.effects
        } | {
            code
            for note in ruleset.notes
            if question.id in reads(note.when) and speaks(note.when)
            for code in note.degrees
        }
        silent = tuple(
            r.degree.code
            for r in recommendation.ranking
            if r.degree.code not in spoken and r.eligibility != "ineligible"
        )
        if silent:
            named = listed([f"the {code}" for code in silent])
            text = (
                f"For {named}, no source we hold says anything about {constraint.topic}: check each program."
            )
            found.append(Unknown(question, silent, text))
    return found


class Unaddressed(NamedTuple):
    """A choice the person made (a goal) that the sources link to no degree open to them now."""

    question: Question
    value: str


def unaddressed(
    engine: Engine, recommendation: Recommendation, answers: Mapping[str, AnswerValue]
) -> tuple[Unaddressed, ...]:
    """The person's choices (of a multiple-choice question, such as their goals) that the sources
    link to no degree open to them now: with that choice alone, no goal rule counts for or against
    such a degree (a degree not open yet is a later path, shown apart)."""
    reachable = {r.degree.code for r in recommendation.ranking if r.eligibility == "eligible"}
    found = []
    for question in engine.ruleset.questions:
        chosen = answers.get(question.id)
        if not isinstance(chosen, tuple):
            continue
        for value in chosen:
            alone = dict(answers)
            alone[question.id] = (value,)
            rules, _ = engine.fired(alone)
            if not any(r.bears_on == "goals" and reachable.intersection(r.effects) for r in rules):
                found.append(Unaddressed(question, value))
    return tuple(found)


class Disputed(NamedTuple):
    """Two claims whose sources disagree, one of which counts for the person: the claim the
    scoring follows, the other, and why it follows the first."""

    followed: Claim
    other: Claim
    why: str
    both: bool = False  # both count, each at its level (`follow: both`)


def disputes(
    recommendation: Recommendation, ruleset: RuleSet, answers: Mapping[str, AnswerValue]
) -> tuple[Disputed, ...]:
    """The disagreements between sources that concern the person: they are among the people the
    two disagree about (the disagreement's `about`, else the followed claim's `who`); for a
    followed claim that speaks of everyone, when a rule or note on it holds for them."""
    used = recommendation.claims_used(gates=False, notes=True)  # a rule or note on it, as said above
    found = []
    for claim in ruleset.claims:
        link = claim.disagrees
        if link is None:
            continue
        both = link.follow == BOTH
        followed = claim if both else ruleset.claim(link.follow)
        about = link.about or followed.who
        if not (compile_condition(about)(answers) if about is not None else followed.id in used):
            continue
        other = link.claim if followed.id == claim.id else claim.id
        found.append(Disputed(followed, ruleset.claim(other), link.why, both))
    return tuple(found)


def program_examples(recommendation: Recommendation, ruleset: RuleSet) -> tuple[Claim, ...]:
    """What programs show for the person: the program claims of the notes that hold for them (each
    answers a limit they gave), then the examples of every claim a rule, gate or note that holds
    for them rests on, in claims order."""
    used = recommendation.claims_used(gates=True, notes=True)
    noted = [note.claim for note in recommendation.notes if note.program]  # answers to the person's limits
    behind = {name for claim in ruleset.claims if claim.id in used for name in claim.examples}
    ordered = [*noted, *(c.id for c in ruleset.claims if c.id in behind and c.id not in noted)]
    return tuple(ruleset.claim(name) for name in dict.fromkeys(ordered) if ruleset.claim(name).program)


def not_considered(engine: Engine, answers: Mapping[str, AnswerValue]) -> tuple[str, ...]:
    """What the advice could not take into account: for each question whose answer leaves it open
    (rules/questions.yaml, `not_considered`), its sentence, when another answer to that question
    would change the advice: the order of the degrees, or what counts for or against a degree on
    the person's goals."""
    found = []
    for question in engine.ruleset.questions:
        unsure = question.not_considered
        if unsure is None:
            continue
        if unsure.when is None and question.id in answers:
            continue
        if unsure.when is not None and not compile_condition(unsure.when)(answers):
            continue
        now = _advice(engine, answers)
        values: Sequence[AnswerValue] = question.choice_values() or (
            (True, False) if question.kind == "boolean" else ()
        )
        if any(_advice(engine, {**answers, question.id: value}) != now for value in values):
            found.append(unsure.text)
    return tuple(found)


def _advice(engine: Engine, answers: Mapping[str, AnswerValue]) -> tuple[object, ...]:
    """What a change of answer could change in the advice: the standings, and the goal rules and
    the gates that hold for these answers."""
    standings = engine.standings(engine.outcome(answers))
    rules, gates = engine.fired(answers)
    goals = frozenset(rule.id for rule in rules if rule.bears_on == "goals")
    return standings.order, standings.first, standings.decided, goals, frozenset(g.id for g in gates)


class Explanation(NamedTuple):
    """Everything the report says beyond the ranking: how firm the advice is and what decided
    it, what the sources do not say, alternatives, breakdown, why-not."""

    decided: Decided
    close_call: bool
    alternatives: list[Alternative]
    breakdown: bool  # show how each degree's points add up (--explain)
    why_not: WhyNot | None
    tied: tuple[str, ...] = ()  # the degrees tied for first, when two or more are
    rests_on: tuple[Claim, ...] = ()  # claims without which the top pick would not be first
    unknowns: tuple[Unknown, ...] = ()
    unaddressed: tuple[Unaddressed, ...] = ()  # the person's goals no open degree is linked to
    searched: int = 0  # the changes tried, when the search for `alternatives` stopped short of them all
    disputes: tuple[Disputed, ...] = ()  # sources that disagree on what counts for the person
    examples: tuple[Claim, ...] = ()  # what programs' own pages show, for what counts for the person
    not_considered: tuple[str, ...] = ()  # what an answer left open kept the advice from weighing


def explain(
    engine: Engine,
    recommendation: Recommendation,
    answers: Mapping[str, AnswerValue],
    *,
    breakdown: bool = False,
    why_not_code: str | None = None,
) -> Explanation:
    """The explanations of one recommendation."""
    ruleset = engine.ruleset
    standings = recommendation.standings
    pillars = ranking.rests_on(recommendation, ruleset.claims)
    alternatives, searched = search_changes(engine, answers)
    return Explanation(
        decided=standings.decided,
        close_call=standings.close or bool(pillars),  # engine.close_call, its claims tried once
        alternatives=alternatives,
        breakdown=breakdown,
        why_not=why_not(engine, recommendation, answers, why_not_code) if why_not_code else None,
        tied=standings.first if standings.tied else (),
        rests_on=pillars,
        unknowns=tuple(unknowns(recommendation, ruleset, answers)),
        unaddressed=unaddressed(engine, recommendation, answers),
        searched=searched,
        disputes=disputes(recommendation, ruleset, answers),
        examples=program_examples(recommendation, ruleset),
        not_considered=not_considered(engine, answers),
    )
