"""`degreefit rules check`: everything the loader checks, and what only a search can tell.

Beyond the loader's checks (schema, ids, questions and values, degrees, cites, `when`
order, rules that can never fire) it reports source sections that no rule cites, and
degrees that no valid answers rank first (found by searching answers with the engine).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import NamedTuple

from degreefit.answerspace import random_answers
from degreefit.claimuse import unused_problems
from degreefit.engine import Engine
from degreefit.errors import Problem, RulesError
from degreefit.models import RuleSet
from degreefit.rulefiles import line_at, read_rule_set
from degreefit.ruleset import digest, read_files, rule_files

SEARCH_SEED = 2025  # a fixed seed: the same rule set always gets the same verdict
SEARCH_SIZE = 4000


class Verdict(NamedTuple):
    """What `rules check` found: the problems, or a summary of a clean rule set."""

    problems: tuple[Problem, ...]
    summary: str


def check(directory: Path) -> Verdict:
    """Check the rule set in `directory` as thoroughly as degreefit can."""
    try:
        names = rule_files(directory)
        files = read_files(directory, names)
        ruleset = read_rule_set(files, path=str(directory), sha256=digest(files), builtin=False)
    except RulesError as err:
        return Verdict(err.problems, "")
    problems = _uncited_sections(ruleset, files["sources.yaml"])
    problems += _unexplained_claims(ruleset, files["claims.yaml"])
    problems += _never_first(ruleset, files["degrees.yaml"])
    if problems:
        order = {name: index for index, name in enumerate(names)}  # as the loader orders its own
        return Verdict(tuple(sorted(problems, key=lambda p: (order[p.file], p.line))), "")
    used = sum(not claim.unused for claim in ruleset.claims)
    facts = sum(len(getattr(d.profile, topic)) for d in ruleset.degrees for topic in d.profile._fields)
    cites = len(ruleset.claims) + len(ruleset.degrees) + facts
    counts = [
        f"{len(ruleset.questions)} questions",
        f"{len(ruleset.degrees)} degrees",
        f"{len(ruleset.sources)} sources",
        f"{len(ruleset.claims)} claims ({used} used)",
        f"{len(ruleset.rules)} rules",
        f"{len(ruleset.gates)} gates",
        f"{len(ruleset.notes)} notes",
        f"{cites} cites",
    ]
    return Verdict((), f"{', '.join(counts)}: no problems; every degree ranks first for some answers")


def _unexplained_claims(ruleset: RuleSet, claims_text: bytes) -> list[Problem]:
    """Claims nothing uses that do not say why (and claims that say so but are used)."""
    return [
        Problem("claims.yaml", line_at(claims_text, ("claims", index)), ruleset.claims[index].id, message)
        for index, message in unused_problems(ruleset)
    ]


def _uncited_sections(ruleset: RuleSet, sources_text: bytes) -> list[Problem]:
    """Sections of a source that no claim comes from (and that do not say why)."""
    cited = {(claim.source, claim.section) for claim in ruleset.claims}
    problems = []
    for index, source in enumerate(ruleset.sources):
        for number, section in enumerate(source.sections):
            if (source.id, section.heading) in cited or section.why_uncited:
                continue
            line = line_at(sources_text, ("sources", index, "sections", number))
            message = f"section '{section.heading}' is cited by no claim (or say why in its why_uncited)"
            problems.append(Problem("sources.yaml", line, source.id, message))
    return problems


def _never_first(ruleset: RuleSet, degrees_text: bytes) -> list[Problem]:
    """Degrees that no answers rank first on their own (a tie does not count), among
    SEARCH_SIZE random valid answer sets."""
    engine = Engine(ruleset)
    rng = random.Random(SEARCH_SEED)
    unseen = {d.code for d in ruleset.degrees}
    for _ in range(SEARCH_SIZE):
        outcome = engine.outcome(random_answers(ruleset, rng))
        tied = engine.tied_for_first(outcome)
        if len(tied) == 1:
            unseen.discard(tied[0])
        if not unseen:
            return []
    return [
        Problem(
            "degrees.yaml",
            line_at(degrees_text, ("degrees", index)),
            degree.code,
            f"no answers rank it first on its own (searched {SEARCH_SIZE} random valid answer sets)",
        )
        for index, degree in enumerate(ruleset.degrees)
        if degree.code in unseen
    ]
