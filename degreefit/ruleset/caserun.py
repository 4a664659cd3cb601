"""A test case run: the advice its answers get, each expectation that advice breaks, and the
coverage of a rule set by its cases (what no case makes the report give)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from degreefit.engine import Engine, Recommendation
from degreefit.explain import listed
from degreefit.models import RuleSet
from degreefit.ruleset.casefile import Case
from degreefit.ruleset.claimuse import shown_beside


class Result(NamedTuple):
    """A case run: what failed (nothing when it passed) and the recommendation it got."""

    case: Case
    failures: tuple[str, ...]
    recommendation: Recommendation

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(engine: Engine, case: Case) -> Result:
    """Run one case: the recommendation for its answers, and each expectation it breaks.

    First place is the engine's (`Standings.first`): the open degrees that share it, as a set (a
    tie is no order), never a degree not open yet."""
    recommendation = engine.recommend(case.answers)
    standing = recommendation.standings
    first = standing.first
    expect = case.expect
    failures: list[str] = []
    got = _first_place(first)
    if isinstance(expect.top, str) and standing.top != expect.top:
        failures.append(f"top: expected {expect.top} first on its own; got {got}")
    elif isinstance(expect.top, list) and set(first) != set(expect.top):
        failures.append(f"top: expected {listed(expect.top)} tied for first; got {got}")
    if expect.top_one_of and not (first and set(first) <= set(expect.top_one_of)):
        failures.append(f"top_one_of: expected first place among {listed(expect.top_one_of)}; got {got}")
    for code in expect.not_first:
        if code in first:
            failures.append(f"not_first: expected {code} out of first place; got {got}")
    status = {r.degree.code: r.eligibility for r in recommendation.ranking}
    for code, wanted in expect.eligibility.items():
        if status[code] != wanted:
            failures.append(f"eligibility: expected {code} {wanted}; got {status[code]}")
    given = reasons_given(recommendation)
    for reason in expect.reasons:
        if reason not in given:
            failures.append(f"reasons: expected {reason} among the reasons; it is not")
    return Result(case, tuple(failures), recommendation)


def _first_place(first: Sequence[str]) -> str:
    """Who comes first, in words: "MBA first on its own", "MHA and MBA tied for first", or "no
    degree open now"."""
    if not first:
        return "no degree open now"
    return f"{first[0]} first on its own" if len(first) == 1 else f"{listed(first)} tied for first"


def reasons_given(recommendation: Recommendation) -> set[str]:
    """The ids of every rule, gate and note the report gives, and of the claims behind them."""
    given: set[str] = set()
    for result in recommendation.ranking:
        for contribution in result.contributions:
            given |= {contribution.rule.id, contribution.rule.claim}
        for gate in result.gates:
            given |= {gate.id, gate.claim}
    for note in recommendation.notes:
        given |= {note.id, note.claim}
    given.discard("")
    return given


class Coverage(NamedTuple):
    """The rules, gates, notes and used claims that no case makes the report give."""

    items: int
    claims: int
    unexercised: tuple[tuple[str, str], ...]  # (kind, id)


def coverage(ruleset: RuleSet, results: Iterable[Result]) -> Coverage:
    """What no case exercises: a rule, gate or note that fires for no case, a used claim
    behind none of them."""
    given: set[str] = set()
    for result in results:
        given |= reasons_given(result.recommendation)
    # A claim shown beside an exercised one is exercised with it.
    given |= shown_beside(ruleset, given)
    items = [
        *(("rule", r.id) for r in ruleset.rules),
        *(("gate", g.id) for g in ruleset.gates),
        *(("note", n.id) for n in ruleset.notes),
    ]
    claims = [("claim", c.id) for c in ruleset.claims if not c.unused]
    missed = tuple(item for item in (*items, *claims) if item[1] not in given)
    return Coverage(len(items), len(claims), missed)
