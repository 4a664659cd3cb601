"""Why the advice is what it is: the margin, what would change the top pick, and why not
another degree. Everything here is computed with the engine, from the rules as data.

What would change the top pick is an exhaustive search: every change of one answer the
person controls (questions marked `actionable` in rules/questions.yaml), then every pair
of them. A goals list changes one goal at a time. A change that brings in a new question
(adding the specialising goal brings in the specialty) is counted with each way of
answering it, as one more change. Smallest first; among equals, question and choice order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import combinations
from typing import NamedTuple

from degreefit.answerspace import AnswerSpace, Change
from degreefit.conditions import compile_condition, reads
from degreefit.engine import Contribution, DegreeResult, Engine, Outcome, Recommendation, place
from degreefit.models import AnswerValue, Claim, Gate, Question, Rule, RuleSet
from degreefit.scorecurve import score

MAX_ALTERNATIVES = 5
MAX_CHANGES = 2


class Alternative(NamedTuple):
    """A set of changes to the answers, and the degree that would then rank first."""

    changes: tuple[Change, ...]
    answers: dict[str, AnswerValue]
    top: str
    scores: dict[str, float]


class WhyNot(NamedTuple):
    """What holds one degree back for this person."""

    result: DegreeResult
    rank: int
    against: list[Contribution]
    missing: list[Rule]  # rules for it that did not fire, biggest first
    change: Alternative | None  # the smallest change that would put it first
    blocked_by: Gate | None  # a gate on answers the person cannot change, if that is what stops it


def lead(first: float, second: float) -> float:
    """How far one score leads another, in score points (one decimal, as scores are shown)."""
    return round(first - second, 1)


def is_close(margin: float, ruleset: RuleSet) -> bool:
    """Whether a lead is below the rule set's close-call threshold."""
    return margin < ruleset.scoring.close_call_below


def margin(recommendation: Recommendation) -> float:
    """How far the top degree's score leads the second's, in score points."""
    return lead(recommendation.ranking[0].score, recommendation.ranking[1].score)


def is_close_call(recommendation: Recommendation, ruleset: RuleSet) -> bool:
    """Whether the top degree's lead is below the rule set's close-call threshold."""
    return is_close(margin(recommendation), ruleset)


def what_would_change(
    engine: Engine,
    answers: Mapping[str, AnswerValue],
    *,
    target: str | None = None,
    limit: int = MAX_ALTERNATIVES,
) -> list[Alternative]:
    """The smallest changes of the person's own answers that put another degree (or `target`) first
    on its own. A change that only makes a tie changes no pick; when the person's answers are a
    tie already, a change that puts any one of the degrees first on its own does."""
    current = engine.tied_for_first(engine.outcome(answers))
    found: list[Alternative] = []
    for changes, changed in _candidates(AnswerSpace(engine.ruleset), answers):
        if any(set(smaller.changes) < set(changes) for smaller in found):
            continue  # a smaller change already does it: this one only adds to it
        outcome = engine.outcome(changed)
        tied = engine.tied_for_first(outcome)
        top = tied[0]
        if len(tied) == 1 and tied != current and (target is None or top == target):
            found.append(Alternative(changes, changed, top, _scores(engine, outcome)))
            if len(found) == limit:
                break
    return found


def _scores(engine: Engine, outcome: Outcome) -> dict[str, float]:
    spread = engine.ruleset.scoring.spread
    return {code: score(points, spread) for code, points in zip(engine.codes, outcome.points, strict=True)}


def _candidates(
    space: AnswerSpace, answers: Mapping[str, AnswerValue]
) -> Iterator[tuple[tuple[Change, ...], dict[str, AnswerValue]]]:
    """Valid changed answer sets, by number of changes (1, then 2), in a fixed order."""
    singles = list(space.changes(answers))
    by_size: dict[int, list[tuple[tuple[Change, ...], dict[str, AnswerValue]]]] = {1: [], 2: []}
    for size, group in ((1, [(c,) for c in singles]), (2, list(combinations(singles, 2)))):
        for changes in group:
            settings = [c.question.id for c in changes if c.action == "set"]
            if len(set(settings)) < len(settings):
                continue  # two values for one question is no pair of changes
            for complete, changed in _completed(space, answers, changes):
                if len(complete) <= MAX_CHANGES:
                    by_size[len(complete)].append((complete, changed))
        yield from by_size[size]
        by_size[size] = []


def _completed(
    space: AnswerSpace, answers: Mapping[str, AnswerValue], changes: tuple[Change, ...]
) -> Iterator[tuple[tuple[Change, ...], dict[str, AnswerValue]]]:
    """The answers after `changes`, and each way to answer a question the changes bring in."""
    changed = dict(answers)
    for change in changes:
        changed[change.question.id] = change.applied(changed)
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
    against = [c for c in result.contributions if c.points < 0]
    fixed = {q.id for q in engine.ruleset.questions if not q.actionable}
    closed_for_good = [g for g in result.gates if g.status == "ineligible"]
    blocked_by = next((g for g in closed_for_good if reads(g.when) <= fixed), None)
    change = None
    if rank > 1 and blocked_by is None:
        found = what_would_change(engine, answers, target=code, limit=1)
        change = found[0] if found else None
    return WhyNot(result, rank, against, missing[:3], change, blocked_by)


def changed_values(changes: Sequence[Change], answers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    """Each changed question's new answer (a goals list in full), in the order changed."""
    values: dict[str, AnswerValue] = {}
    for change in changes:
        values[change.question.id] = answers[change.question.id]
    return values


def tied_for_first(recommendation: Recommendation) -> tuple[str, ...]:
    """The degrees that share first place: the same points, none of them ineligible (or all)."""
    best = place(recommendation.top.eligibility, recommendation.top.points)
    return tuple(r.degree.code for r in recommendation.ranking if place(r.eligibility, r.points) == best)


def rests_on(recommendation: Recommendation, ruleset: RuleSet) -> tuple[Claim, ...]:
    """The claims the top pick rests on: each one, left out alone, would stop the top degree
    from coming first on its own. Exact: every claim behind a reason or a gate is tried."""
    if len(tied_for_first(recommendation)) > 1:
        return ()
    used = {c.rule.claim for r in recommendation.ranking for c in r.contributions}
    used |= {g.claim for r in recommendation.ranking for g in r.gates}
    top = recommendation.top.degree.code
    return tuple(
        claim
        for claim in ruleset.claims
        if claim.id in used and not _first_without(recommendation, claim.id, top)
    )


def _first_without(recommendation: Recommendation, claim: str, top: str) -> bool:
    """Whether `top` still comes first on its own once the claim `claim` is left out."""

    def standing(result: DegreeResult) -> tuple[bool, float]:
        points = result.points - sum(c.points for c in result.contributions if c.rule.claim == claim)
        closed = any(g.status == "ineligible" and g.claim != claim for g in result.gates)
        return place("ineligible" if closed else "eligible", points)

    places = {result.degree.code: standing(result) for result in recommendation.ranking}
    return all(places[top] < place for code, place in places.items() if code != top)


class Unknown(NamedTuple):
    """An answer that limits the choice, and the open degrees the sources say nothing about on it."""

    question: Question
    degrees: tuple[str, ...]
    text: str


def unknowns(
    recommendation: Recommendation, ruleset: RuleSet, answers: Mapping[str, AnswerValue]
) -> list[Unknown]:
    """For each constraint the person gave, the open degrees that no rule or note on it speaks
    of: the sources are silent there, so those degrees gained or lost nothing on it."""
    found = []
    for question in ruleset.questions:
        constraint = question.constraint
        if constraint is None or question.id not in answers:
            continue
        if constraint.when is not None and not compile_condition(constraint.when)(answers):
            continue
        spoken = {
            code for rule in ruleset.rules if question.id in reads(rule.when) for code in rule.effects
        } | {code for note in ruleset.notes if question.id in reads(note.when) for code in note.degrees}
        silent = tuple(
            r.degree.code
            for r in recommendation.ranking
            if r.degree.code not in spoken and r.eligibility != "ineligible"
        )
        if silent:
            named = listed([f"the {code}" for code in silent])
            text = f"For {named}, the sources say nothing about {constraint.topic}: check each program."
            found.append(Unknown(question, silent, text))
    return found


def listed(items: Sequence[str]) -> str:
    """ "MMM", "MMM and MHA", "MMM, MHA and MBA"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class Explanation(NamedTuple):
    """Everything the report says beyond the ranking: margin, how firm the pick is, what the
    sources do not say, alternatives, breakdown, why-not."""

    margin: float
    close_call: bool
    alternatives: list[Alternative]
    breakdown: bool  # show how each score adds up (--explain)
    why_not: WhyNot | None
    tied: tuple[str, ...] = ()  # the degrees tied for first, when two or more are
    rests_on: tuple[Claim, ...] = ()  # claims without which the top pick would not be first
    unknowns: tuple[Unknown, ...] = ()


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
    tied = tied_for_first(recommendation)
    pillars = rests_on(recommendation, ruleset)
    return Explanation(
        margin=margin(recommendation),
        close_call=is_close_call(recommendation, ruleset) or len(tied) > 1 or bool(pillars),
        alternatives=what_would_change(engine, answers),
        breakdown=breakdown,
        why_not=why_not(engine, recommendation, answers, why_not_code) if why_not_code else None,
        tied=tied if len(tied) > 1 else (),
        rests_on=pillars,
        unknowns=tuple(unknowns(recommendation, ruleset, answers)),
    )
