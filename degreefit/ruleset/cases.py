"""`degreefit rules test`: run each test case of a rule set (the advice its answers get, and each
expectation that advice breaks), the coverage of the rule set by its cases (what no case makes the
report give), and how each case went, in words. The cases are read and held to the rule set in
`casefile`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from degreefit.engine import Engine, Recommendation
from degreefit.errors import DegreefitError
from degreefit.models import RuleSet
from degreefit.quoting import counted, listed
from degreefit.ruleset.casefile import Case, case_files, load_cases
from degreefit.ruleset.claimuse import shown_beside
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from degreefit.ruleset.printout import Said


def run(directory: Path | None, *, show_coverage: bool, every: bool) -> Said:
    """Run the cases of the rule set in `directory` (the built-in one when None): the report,
    failing when a case does; DegreefitError when it has no cases."""
    where = directory or builtin_rules_dir()
    ruleset = load_ruleset(where)
    cases = load_cases(where, ruleset) if case_files(where) else ()
    if not cases:
        raise DegreefitError(
            f"{where / 'cases'}: no test cases; add a YAML file of cases there, written like "
            f"{builtin_rules_dir() / 'cases' / 'personas.yaml'}"
        )
    engine = Engine(ruleset)
    results = [run_case(engine, case) for case in cases]
    found = coverage(ruleset, results) if show_coverage else None
    report = case_report(results, where, found, every=every)
    failed = sum(not result.passed for result in results)
    if failed:
        return Said(report, f"{failed:,} of {counted(len(results), 'case')} failed")
    return Said(report + all_passed(results, where))


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


def case_report(results: Sequence[Result], where: Path, found: Coverage | None, *, every: bool) -> str:
    """Each failing case with what failed and what decided it (with `every`, a line for each
    passing case too), then the coverage when asked for."""
    lines = []
    for result in results:
        case = result.case
        place = f"{where / case.file}:{case.line}: {case.id}"
        if result.passed:
            if every:
                lines.append(f"{place}: ok")
            continue
        lines.append(f"{place}: FAILED ({case.who})")
        lines += [f"  {failure}" for failure in result.failures]
        lines.append("  decided by:")
        lines += [f"    {line}" for line in decided_by(result)]
    if found is not None:
        missed = found.unexercised
        items = sum(what != "claim" for what, _ in missed)
        claims = len(missed) - items
        lines.append(
            f"coverage: {found.items - items} of {found.items} rules, gates and notes and "
            f"{found.claims - claims} of {counted(found.claims, 'used claim')} are exercised by some case"
        )
        if missed:
            lines.append("not exercised by any case:")
            lines += [f"  {kind} {item}" for kind, item in missed]
    return "".join(f"{line}\n" for line in lines)


def all_passed(results: Sequence[Result], where: Path) -> str:
    """The closing line when every case holds."""
    every = "the 1 case passes" if len(results) == 1 else f"all {len(results):,} cases pass"
    return f"{where / 'cases'}: {every}\n"


def decided_by(result: Result) -> list[str]:
    """What decided a case's advice, one line each: every degree's goal and cost points and its
    eligibility ("MBA goals +2, costs none"), best first, then each rule that moved a degree (on
    which account) and each gate that closed one."""
    lines = []
    for degree in result.recommendation.ranking:
        status = "" if degree.eligibility == "eligible" else f", {degree.eligibility.replace('_', ' ')}"
        lines.append(
            f"{degree.degree.code} goals {_points(degree.goal)}, costs {_points(degree.cost)}{status}"
        )
        for contribution in degree.contributions:
            rule = contribution.rule
            claim = _claim_of(rule.id, rule.claim)
            lines.append(f"  {contribution.points:+g} {rule.bears_on}  rule {rule.id}{claim}")
        for gate in degree.gates:
            lines.append(f"  {gate.status.replace('_', ' ')}  gate {gate.id}{_claim_of(gate.id, gate.claim)}")
    return lines


def _claim_of(item: str, claim: str) -> str:
    return "" if claim in (item, "") else f" (claim {claim})"


def _points(points: float) -> str:
    """Points on one account: "+2", "-1.5", or "none"."""
    return f"{points:+g}" if points else "none"
