"""How claims of different sources relate: program examples, degree-wide ranges, agreement and
disagreement. The checks that keep a program's page speaking for that program only, and two
sources that disagree shown as such:
- a claim from one program's page is an example (`program`), shown by a note, never scored;
- a claim about the degree as a whole resting on programs' pages lists at least three of them;
- two claims of different sources on one topic of one degree, for people both reach, say how
  they relate (`agrees_with`, or `disagrees`), and where they contradict each other the scoring
  follows the better tier: the claim not followed counts for no one the two disagree about
  (`follow: both` where they point different ways and each counts at its level).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from degreefit.conditions import reads
from degreefit.models import BOTH, TIERS, AllOf, Claim, Condition, RuleSet
from degreefit.ruleset.claimuse import Finding, Use, readable
from degreefit.ruleset.satisfy import Budget, Spent, Undecided, example

MIN_EXAMPLES = 3  # programs' pages a degree-wide claim drawn from them rests on
_EVERYONE: Condition = AllOf(())


def tier_rank(ruleset: RuleSet, claim: Claim) -> int:
    """The place of a claim's source among the tiers: 0 for the best (primary)."""
    source = next((s for s in ruleset.sources if s.id == claim.source), None)
    return TIERS.index(source.tier) if source is not None else len(TIERS)


def claim_link_problems(claim: Claim, ruleset: RuleSet) -> list[tuple[str, str]]:
    """Problems with one claim's program, examples and links: (key, message)."""
    found: list[tuple[str, str]] = []
    claims = {c.id: c for c in ruleset.claims}
    source = next((s for s in ruleset.sources if s.id == claim.source), None)
    dated_page = source is not None and source.page_date is not None
    if (
        dated_page
        and source is not None
        and source.tier in ("primary", "institutional")
        and claim.as_of is None
    ):
        found.append(("as_of", f"'{source.id}' shows a date: give the year the fact holds for, as_of: YEAR"))
    if claim.program and claim.examples:
        found.append(
            ("examples", "a program's claim is an example itself; only a degree-wide claim lists examples")
        )
    if (
        source is not None
        and source.from_programs
        and not claim.program
        and len(claim.examples) < MIN_EXAMPLES
    ):
        found.append(
            (
                "program",
                f"'{source.id}' is one program's page: name the program (program: NAME), or make the "
                f"claim degree-wide with at least {MIN_EXAMPLES} programs' examples",
            )
        )
    if claim.examples:
        found += _example_problems(claim, claims)
    codes = frozenset(d.code for d in ruleset.degrees)
    for other in claim.agrees_with:
        found += _link_problem("agrees_with", claim, other, claims, degrees=codes)
    if claim.disagrees is not None:
        link = claim.disagrees
        found += _link_problem("disagrees", claim, link.claim, claims, same_degree=False, degrees=codes)
        if link.follow not in (claim.id, link.claim, BOTH):
            found.append(
                ("disagrees", f"follow names '{link.follow}': name one of the two claims, or `both`")
            )
        elif link.claim in claims and link.follow != BOTH:
            followed = claims[link.follow]
            unfollowed = claims[link.claim if link.follow == claim.id else claim.id]
            # One program's page cannot speak for the degree: a degree-wide claim may be followed
            # over it, whatever its tier. Otherwise the better tier is followed.
            over_a_program = bool(unfollowed.program) and not followed.program
            if not over_a_program and tier_rank(ruleset, followed) > tier_rank(ruleset, unfollowed):
                found.append(
                    (
                        "disagrees",
                        f"the scoring follows the better source: '{unfollowed.id}' rests on a better "
                        f"tier than '{followed.id}'",
                    )
                )
        if not link.why.strip():
            found.append(("disagrees", "say why the scoring follows the claim it follows: why: ..."))
    return found


def _example_problems(claim: Claim, claims: Mapping[str, Claim]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    sources = set()
    for name in claim.examples:
        example_claim = claims.get(name)
        if example_claim is None:
            found.append(("examples", f"unknown claim '{name}'"))
        elif not example_claim.program:
            found.append(("examples", f"'{name}' is not a program's claim (it names no program)"))
        elif not set(example_claim.degrees) & set(claim.degrees):
            found.append(("examples", f"'{name}' speaks of another degree"))
        else:
            sources.add(example_claim.source)
    if len(sources) < MIN_EXAMPLES and not found:
        found.append(
            (
                "examples",
                f"a degree-wide claim drawn from programs rests on at least {MIN_EXAMPLES} programs' pages; "
                f"these come from {len(sources)}",
            )
        )
    return found


def _link_problem(
    key: str,
    claim: Claim,
    other: str,
    claims: Mapping[str, Claim],
    *,
    same_degree: bool = True,
    degrees: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """A link to an unknown claim or to itself; one of agreement between claims about different
    degrees (two sources that disagree may tie one goal to different degrees). Degree codes not in
    degrees.yaml (`degrees`) are left out: they are reported once, where they are written."""
    if other == claim.id:
        return [(key, "a claim cannot be linked to itself")]
    if other not in claims:
        return [(key, f"unknown claim '{other}'")]
    theirs, ours = set(claims[other].degrees) & degrees, set(claim.degrees) & degrees
    if same_degree and theirs and ours and not theirs & ours:
        return [(key, f"'{other}' speaks of other degrees; a link joins two claims about one degree")]
    return []


def linked(a: Claim, b: Claim) -> bool:
    """Whether either claim says how it relates to the other."""
    return any(
        (x.disagrees is not None and x.disagrees.claim == y.id) or y.id in x.agrees_with
        for x, y in ((a, b), (b, a))
    )


def use_link_problems(uses: Sequence[Use], ruleset: RuleSet, budget: Budget | None = None) -> list[Finding]:
    """Program claims scored; a claim not followed in a disagreement still used (by a rule, gate
    or note: the report shows both sides there) for the people the two disagree about; two claims
    on one topic that do not say how they relate. The searches share the check's `budget`: once it
    is spent, the use it ran out at says so and the searches stop."""
    claims = {c.id: c for c in ruleset.claims}
    questions = ruleset.questions
    found: list[Finding] = []
    for index, use in enumerate(uses):
        claim = claims.get(use.claim)
        if claim is None:
            continue
        if claim.program and use.role != "note":
            found.append(
                Finding(
                    index,
                    "claim",
                    f"claim '{claim.id}' speaks for one program ({claim.program}): show it with a note; "
                    "only a degree-wide claim moves scores or closes a degree",
                )
            )
        for other in ruleset.claims:
            link = other.disagrees
            if link is None or claim.id not in (other.id, link.claim):
                continue
            if link.follow == claim.id:
                continue
            followed = claims.get(link.follow)
            if followed is None:
                continue
            try:
                clash = example(AllOf((use.when, link.about or followed.who or _EVERYONE)), questions, budget)
            except (Undecided, Spent) as err:  # Spent: the budget is gone, and the check ends here
                found.append(Finding(index, "when", f"held to the disagreement with '{followed.id}': {err}"))
                if isinstance(err, Spent):
                    return sorted(found)
                continue
            if clash is not None:
                shown = readable(
                    clash, questions, reads(use.when) | reads(link.about or followed.who or _EVERYONE)
                )
                found.append(
                    Finding(
                        index,
                        "when",
                        f"claim '{claim.id}' disagrees with '{followed.id}', which the scoring follows; "
                        f"this use fires for people they disagree about (for example {shown}): narrow "
                        "`when` to leave them out (the `about` of the disagreement, or the `who` of the "
                        "claim followed)",
                    )
                )
    found += _unlinked(uses, ruleset, budget)
    return sorted(found)


def _unlinked(uses: Sequence[Use], ruleset: RuleSet, budget: Budget | None) -> list[Finding]:
    """Two used claims of different sources on one topic of one degree, for people both reach,
    that do not say how they relate (reported at the later use)."""
    first_use: dict[str, int] = {}
    for index, use in enumerate(uses):
        first_use.setdefault(use.claim, index)
    claims = [c for c in ruleset.claims if c.id in first_use and c.topic is not None and not c.program]
    found: list[Finding] = []
    for position, claim in enumerate(claims):
        for earlier in claims[:position]:
            if earlier.topic != claim.topic or earlier.source == claim.source or linked(earlier, claim):
                continue
            if not set(earlier.degrees) & set(claim.degrees):
                continue
            try:
                both = example(
                    AllOf((earlier.who or _EVERYONE, claim.who or _EVERYONE)), ruleset.questions, budget
                )
            except (Undecided, Spent):
                both = {}  # undecided: say how they relate, to be safe
            if both is not None:
                found.append(
                    Finding(
                        max(first_use[claim.id], first_use[earlier.id]),
                        "claim",
                        f"claims '{earlier.id}' and '{claim.id}' speak of the {claim.topic} of "
                        f"{', '.join(sorted(set(earlier.degrees) & set(claim.degrees)))} for the same people "
                        "from different sources: say how they relate (agrees_with, or disagrees)",
                    )
                )
    return found
