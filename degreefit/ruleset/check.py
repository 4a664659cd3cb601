"""`degreefit rules check`: everything the loader checks, and what only a search can tell.

Beyond the loader's checks (schema, ids, questions and values, degrees, cites, `when`
order, rules that can never fire) it reports source sections that no rule cites, and
degrees that no valid answers rank first (found by searching answers with the engine).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from degreefit.answers import random_answers
from degreefit.conditions import compile_condition, reads
from degreefit.engine import Engine
from degreefit.errors import Problem, RulesError
from degreefit.models import TIERS, AllOf, AnyOf, RuleSet
from degreefit.quoting import listed
from degreefit.report import today
from degreefit.ruleset.casefile import case_files, load_cases
from degreefit.ruleset.claimuse import readable, unused_problems
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset, read_files, rule_files
from degreefit.ruleset.printout import Said, problem_lines, problems_found
from degreefit.ruleset.satisfy import Undecided, example
from degreefit.ruleset.yamlfile import line_at

SEARCH_SEED = 2025  # a fixed seed: the same rule set always gets the same verdict
SEARCH_SIZE = 4000


class CheckResult(NamedTuple):
    """What `rules check` found: the problems, or a summary of a clean rule set. `notes` are
    findings the rule set says it knows of (a degree marked thinly sourced); the summary ends
    with them, a line each, as `DIR/file:line: id: note: ...`."""

    problems: tuple[Problem, ...]
    summary: str
    notes: tuple[Problem, ...] = ()


def run(directory: Path | None) -> Said:
    """`rules check` of the rule set in `directory` (the built-in one when None): every problem,
    its test cases' included, or the summary of a clean rule set."""
    where = directory or builtin_rules_dir()
    verdict = check(where)
    problems = list(verdict.problems)
    if not problems and case_files(where):  # the cases are read against a rule set that loads
        try:
            load_cases(where, load_ruleset(where))  # `rules test` runs them; here, only their form
        except RulesError as err:
            problems += err.problems
    if problems:
        return Said(problem_lines(problems, where), problems_found(problems, where))
    return Said(f"{where}: {verdict.summary}\n")


def check(directory: Path) -> CheckResult:
    """Check the rule set in `directory` as thoroughly as degreefit can."""
    try:
        names = rule_files(directory)
        files = read_files(directory, names)
        # Through the cache: the checked rule set is the one `ask --rules` and `rules test` load next.
        ruleset = load_ruleset(directory)
    except RulesError as err:
        return CheckResult(err.problems, "")
    problems = _uncited_sections(ruleset, files["sources.yaml"])
    problems += _unexplained_claims(ruleset, files["claims.yaml"])
    problems += _closing_every_degree(ruleset, files)
    never_first, notes, excused = _never_first(ruleset, files["degrees.yaml"])
    problems += never_first
    ages, stale = _ages(ruleset, files["claims.yaml"])
    notes += stale
    if problems:
        order = {name: index for index, name in enumerate(names)}  # as the loader orders its own
        return CheckResult(tuple(sorted(problems, key=lambda p: (order[p.file], p.line))), "", tuple(notes))
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
    counts[-1] += f"; {ages}"
    if not notes:
        return CheckResult((), f"{', '.join(counts)}: no problems; every degree ranks first for some answers")
    ranks = "every degree ranks first for some answers"
    if excused:
        ranks = f"every degree but {listed(excused)} ranks first for some answers (marked thinly sourced)"
    said = "1 note" if len(notes) == 1 else f"{len(notes)} notes"
    lines = [f"{', '.join(counts)}: no problems, {said}; {ranks}"]
    lines += [f"  {directory / note.file}:{note.line}: {note.rule_id}: {note.message}" for note in notes]
    return CheckResult((), "\n".join(lines), tuple(notes))


def _ages(ruleset: RuleSet, claims_text: bytes) -> tuple[str, list[Problem]]:
    """The sources by tier and the ages of dated facts, and a note for each fact older than
    scoring.yaml's `stale_after_years` (its year from the page; the age counts from today)."""
    tiers = [f"{sum(s.tier == tier for s in ruleset.sources)} {tier.replace('_', '-')}" for tier in TIERS]
    this_year = today().year
    limit = ruleset.scoring.stale_after_years
    dated = [(index, claim) for index, claim in enumerate(ruleset.claims) if claim.as_of is not None]
    years = [claim.as_of for _, claim in dated if claim.as_of is not None]
    span = f" ({min(years)} to {max(years)})" if years else ""
    stale = [
        Problem(
            "claims.yaml",
            line_at(claims_text, ("claims", index, "as_of")),
            claim.id,
            f"note: as of {claim.as_of}, {this_year - claim.as_of} years old (older than {limit}: "
            "scoring.yaml stale_after_years); look for a newer page",
        )
        for index, claim in dated
        if claim.as_of is not None and this_year - claim.as_of > limit
    ]
    better = {s.id for s in ruleset.sources if s.tier in ("primary", "institutional")}
    undated = sum(claim.as_of is None and claim.source in better for claim in ruleset.claims)
    return (
        f"sources by tier: {', '.join(tiers)}; {len(dated)} facts dated{span}, "
        f"{len(stale)} older than {limit} years, {undated} from pages that show no date",
        stale,
    )


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


def _closing_every_degree(ruleset: RuleSet, files: Mapping[str, bytes]) -> list[Problem]:
    """Valid answers for which gates close every degree (each ineligible), found exactly: the report
    would have no degree to offer those people. Reported at the first gate that closes one for them."""
    closing = [
        [g for g in ruleset.gates if g.degree == d.code and g.status == "ineligible"] for d in ruleset.degrees
    ]
    if not all(closing):
        return []  # a degree no gate closes stays open to everyone
    condition = AllOf(tuple(AnyOf(tuple(gate.when for gate in gates)) for gates in closing))
    try:
        found = example(condition, ruleset.questions)
    except Undecided as err:
        line = line_at(files["degrees.yaml"], ("degrees",))
        return [Problem("degrees.yaml", line, "", f"whether some answers close every degree: {err}")]
    if found is None:
        return []
    fired = [gate for gates in closing for gate in gates if compile_condition(gate.when)(found)]
    fired = sorted(fired, key=ruleset.gates.index)
    shown = readable(found, ruleset.questions, reads(condition))
    others = listed([f"'{gate.id}'" for gate in fired[1:]])
    message = (
        f"with {others}, it closes every degree to some people (for example {shown}): the report would "
        "have no degree to offer them; narrow one of these gates, so that a degree stays open to them"
    )
    name, line = _place_of_gate(fired[0].id, files)
    return [Problem(name, line, fired[0].id, message)]


def _place_of_gate(gate_id: str, files: Mapping[str, bytes]) -> tuple[str, int]:
    """The rule file and line of the gate `gate_id`."""
    import yaml  # only when a gate is to be found: the rule files passed the loader

    for name, text in files.items():
        data = yaml.safe_load(text) if name.startswith("rules/") else None
        gates = data.get("gates") if isinstance(data, dict) else None
        for index, gate in enumerate(gates if isinstance(gates, list) else ()):
            if isinstance(gate, dict) and gate.get("id") == gate_id:
                return name, line_at(text, ("gates", index))
    return "degrees.yaml", 0


# How a tie places degrees, said where a degree only ever ties (scoring.yaml says the same).
TIES = (
    "tied degrees are reported as a tie, which names none of them the pick, so a degree that only ever "
    "ties is never the pick on its own"
)
THIN = "note: thinly sourced"
SHOWN_CLAIMS = 5  # unused claims named in the message, at most


def _never_first(ruleset: RuleSet, degrees_text: bytes) -> tuple[list[Problem], list[Problem], list[str]]:
    """Degrees that no answers rank first on their own (a tie does not count), among SEARCH_SIZE
    random valid answer sets: problems; notes on the degrees marked thinly sourced; and the codes
    of those marked degrees that no answers rank first (excused)."""
    first, tied = _first_places(ruleset)
    problems, notes, excused = [], [], []
    for index, degree in enumerate(ruleset.degrees):
        line = line_at(degrees_text, ("degrees", index))
        if degree.thinly_sourced is not None:
            if degree.code in first:
                message = (
                    f"{THIN} ({degree.thinly_sourced}), yet some answers rank it first on its own; "
                    "the mark may go"
                )
            else:
                message = f"{THIN} ({degree.thinly_sourced}): {_never(degree.code, tied, why=False)}"
                excused.append(degree.code)
            notes.append(Problem("degrees.yaml", line, degree.code, message))
        elif degree.code not in first:
            message = f"{_never(degree.code, tied)}. {_what_to_do(ruleset, degree.code)}"
            problems.append(Problem("degrees.yaml", line, degree.code, message))
    return problems, notes, excused


def _first_places(ruleset: RuleSet) -> tuple[set[str], set[str]]:
    """The degrees some of the answers searched rank first on their own, and those some tie for
    first (the engine's one ranking: open degrees only, a degree not open yet never first)."""
    engine = Engine(ruleset)
    rng = random.Random(SEARCH_SEED)
    codes = {d.code for d in ruleset.degrees}
    first: set[str] = set()
    tied: set[str] = set()
    for _ in range(SEARCH_SIZE):
        best = engine.standings(engine.outcome(random_answers(ruleset, rng))).first
        (first if len(best) == 1 else tied).update(best)
        if first == codes:
            break
    return first, tied


def _never(code: str, tied: set[str], *, why: bool = True) -> str:
    """That no answers rank `code` first on its own, and whether some tie it for first (and, with
    `why`, why a tie is no first place)."""
    searched = f"no answers rank it first on its own (searched {SEARCH_SIZE} random valid answer sets)"
    if code in tied:
        return f"{searched}; at best it ties for first" + (f", and {TIES}" if why else "")
    return f"{searched}; it never even ties for first"


def _what_to_do(ruleset: RuleSet, code: str) -> str:
    """What an author can do for a degree no answers rank first: use a claim, or mark it."""
    used = {r.claim for r in ruleset.rules} | {g.claim for g in ruleset.gates}
    used |= {n.claim for n in ruleset.notes}
    unused = [claim.id for claim in ruleset.claims if code in claim.degrees and claim.id not in used]
    which = ""
    if unused:  # a degree no claim speaks of has none to name
        more = len(unused) - SHOWN_CLAIMS
        named = listed([*unused[:SHOWN_CLAIMS], f"{more} more"] if more > 0 else unused)
        which = f"; of those written there, nothing uses {named}: read their `unused` first"
    return (
        f"If a source speaks for {code}, write down what it says as a claim (claims.yaml{which}) and "
        f"count it `for` {code} in a rule, only for the people the source speaks of and no more strongly "
        f"than its words allow; if the sources say little about {code}, mark it in degrees.yaml with "
        '`thinly_sourced: "why"`, and rules check notes it instead of reporting it'
    )
