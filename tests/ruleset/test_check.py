"""`degreefit rules check`: each problem of a rule set as `DIR/file:line: id: message`, or a clean verdict."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.models import TIERS, RuleSet
from degreefit.report import today
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from degreefit.ruleset.satisfy import TOO_INTRICATE, TOO_INTRICATE_IN_ALL
from tests.helpers.cases import tiny_claim, tiny_person, tiny_rules
from tests.helpers.edits import (
    BROKEN_EFFECTS,
    BROKEN_EFFECTS_MESSAGE,
    FIRST_RULE,
    MISSPELT_DEGREE,
    MMED_SECTIONS,
    POINTS_FROM_LEVELS,
    TOO_LONG,
    UNKNOWN_DEGREE,
    append,
    edit,
    made_up_claim,
    problems_of,
)
from tests.helpers.gates import CLOSING_GATES
from tests.helpers.personas import PERSONAS
from tests.helpers.process import limit_memory, run_degreefit
from tests.helpers.strategies import as_answer_values

CLEAN = "no problems; every degree ranks first for some answers"
NEVER_FIRES = "can never fire: no valid answers make its condition true"
# A condition no valid answers satisfy: specialty is asked only when goals include specialize_clinically.
SURGERY_WITHOUT_SPECIALISING = (
    "{all: [{specialty: {is: surgery}}, {goals: {contains_none: [specialize_clinically]}}]}"
)
# The condition of the rule mmed-supervised-practice (rules/practicalities.yaml).
SUPERVISED_PRACTICE_WHEN = "{study_format: {is: online_part_time}}"


def rules_check(runner: CliRunner, directory: Path | None = None) -> tuple[int, list[str], str]:
    """Run `degreefit rules check [DIR]`; return the exit code, the lines of stdout, and stderr."""
    args = ["rules", "check"] if directory is None else ["rules", "check", str(directory)]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def only_problem(runner: CliRunner, directory: Path) -> str:
    """Run `degreefit rules check DIR`, check it failed with exactly one problem, and give that line."""
    code, lines, stderr = rules_check(runner, directory)
    assert (code, stderr) == (2, failed(directory, 1))
    assert len(lines) == 1, lines
    return lines[0]


def passes(runner: CliRunner, directory: Path) -> list[str]:
    """Run `degreefit rules check DIR`, check it passed (exit 0, nothing on stderr), and give its lines."""
    code, lines, stderr = rules_check(runner, directory)
    assert (code, stderr) == (0, "")
    return lines


def problem(directory: Path, name: str, line: int, rule_id: str, message: str) -> str:
    """A problem line as `rules check` prints it: the file inside the directory the user named."""
    who = f" {rule_id}:" if rule_id else ""
    return f"{directory / name}:{line}:{who} {message}"


def failed(directory: Path, count: int) -> str:
    """The last line `rules check` writes to stderr for a rule set with `count` problems."""
    return f"degreefit: error: {directory}: {count} problem{'s' if count != 1 else ''}\n"


def line_of(directory: Path, name: str, text: str) -> int:
    """The line on which `text` (found once) starts in rules/`name`."""
    content = (directory / name).read_text(encoding="utf-8")
    assert content.count(text) == 1, f"{text!r} is not in {name} exactly once"
    return content[: content.index(text)].count("\n") + 1


def used_claims(ruleset: RuleSet) -> set[str]:
    """The claims a rule, gate or note uses, with the programs' examples a used claim rests on (shown
    with it) and the other side of a disagreement whose followed side is used (or, where both
    count, whose other side is)."""
    uses = (
        {r.claim for r in ruleset.rules} | {g.claim for g in ruleset.gates} | {n.claim for n in ruleset.notes}
    )
    uses |= {name for claim in ruleset.claims if claim.id in uses for name in claim.examples}
    sides = {
        c.id
        for c in ruleset.claims
        if c.disagrees is not None
        and (c.disagrees.follow in uses or (c.disagrees.follow == "both" and c.disagrees.claim in uses))
    }
    return uses | sides


def counts(ruleset: RuleSet) -> str:
    """The counts `rules check` gives of a clean rule set, computed from the rule set itself: its items,
    its sources by tier, and its dated facts (the stale ones older than scoring.yaml's limit)."""
    facts = sum(len(getattr(d.profile, topic)) for d in ruleset.degrees for topic in d.profile._fields)
    # Every claim, every degree's summary and every profile fact carries one cite; rules, gates and
    # notes cite through their claims.
    cites = len(ruleset.claims) + len(ruleset.degrees) + facts
    used = sum(claim.id in used_claims(ruleset) for claim in ruleset.claims)
    assert 0 < used < len(ruleset.claims)  # the built-in claims: some used, some saying why not
    tiers = ", ".join(
        f"{sum(s.tier == tier for s in ruleset.sources)} {tier.replace('_', '-')}" for tier in TIERS
    )
    years = [claim.as_of for claim in ruleset.claims if claim.as_of is not None]
    span = f" ({min(years)} to {max(years)})" if years else ""
    limit = ruleset.scoring.stale_after_years
    old = sum(today().year - year > limit for year in years)
    items = [
        f"{len(ruleset.questions)} questions",
        f"{len(ruleset.degrees)} degrees",
        f"{len(ruleset.sources)} sources",
        f"{len(ruleset.claims)} claims ({used} used)",
        f"{len(ruleset.rules)} rules",
        f"{len(ruleset.gates)} gates",
        f"{len(ruleset.notes)} notes",
        f"{cites} cites",
    ]
    better = {s.id for s in ruleset.sources if s.tier in ("primary", "institutional")}
    undated = sum(claim.as_of is None and claim.source in better for claim in ruleset.claims)
    return (
        f"{', '.join(items)}; sources by tier: {tiers}; {len(years)} facts dated{span}, "
        f"{old} older than {limit} years, {undated} from pages that show no date"
    )


def stale(directory: Path, ruleset: RuleSet) -> list[str]:
    """The note `rules check` gives, a line each, on every fact older than scoring.yaml's
    `stale_after_years`, at the line of its `as_of` in claims.yaml."""
    text = (directory / "claims.yaml").read_text(encoding="utf-8")
    limit = ruleset.scoring.stale_after_years
    notes = []
    for claim in ruleset.claims:
        if claim.as_of is None or today().year - claim.as_of <= limit:
            continue
        item = f"  - id: {claim.id}\n"
        assert text.count(item) == 1, f"{item!r} is not in claims.yaml exactly once"
        at = text.index(f"    as_of: {claim.as_of}\n", text.index(item))
        assert "\n  - " not in text[text.index(item) + 1 : at], f"{claim.id} has no as_of in its item"
        age = today().year - claim.as_of
        notes.append(
            f"  {directory / 'claims.yaml'}:{text[:at].count(chr(10)) + 1}: {claim.id}: note: as of "
            f"{claim.as_of}, {age} years old (older than {limit}: scoring.yaml stale_after_years); "
            "look for a newer page"
        )
    return notes


def clean(notes: int) -> str:
    """How the verdict on a clean rule set ends, with `notes` notes and every degree first somewhere."""
    if not notes:
        return CLEAN
    said = "1 note" if notes == 1 else f"{notes} notes"
    return f"no problems, {said}; every degree ranks first for some answers"


def verdict(directory: Path, ruleset: RuleSet) -> list[str]:
    """The lines `rules check` prints for a clean rule set in `directory`: its counts and its notes on
    stale facts."""
    notes = stale(directory, ruleset)
    return [f"{directory}: {counts(ruleset)}: {clean(len(notes))}", *notes]


# --- a clean rule set ----------------------------------------------------------


def test_builtin_rules_pass_the_check(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit rules check` on the built-in rules exits 0 with a line of counts and no problems, then a
    note on each fact older than scoring.yaml allows."""
    code, lines, stderr = rules_check(runner)
    assert (code, stderr) == (0, "")
    assert lines == verdict(builtin_rules_dir(), ruleset)


def test_an_unedited_copy_passes_the_check(runner: CliRunner, rules_copy: Path, ruleset: RuleSet) -> None:
    """`degreefit rules check DIR` on an unedited copy of rules/ names DIR and finds no problems."""
    assert passes(runner, rules_copy) == verdict(rules_copy, ruleset)


# --- what the loader finds, reported by the check --------------------------------

BROKEN = [
    pytest.param(*BROKEN_EFFECTS, TOO_LONG, 0, "", BROKEN_EFFECTS_MESSAGE, id="yaml-syntax"),
    pytest.param(
        "rules/clinical.yaml",
        "    effects: {MMed: for}\n",
        "    effects: {MMed: for}\n    weight: 3\n",
        FIRST_RULE,
        1,
        "mmed-for-specialising",
        "unknown key 'weight'",
        id="unknown-key",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "- wants_research: {is: false}",
        "- wants_reserch: {is: false}",
        "",
        0,
        "mmed-research-unwelcome",
        "condition names unknown question 'wants_reserch'; did you mean 'wants_research'?",
        id="unknown-question",
    ),
    pytest.param(
        "rules/practicalities.yaml",
        SUPERVISED_PRACTICE_WHEN,
        "{study_format: {is: online}}",
        "",
        0,
        "mmed-supervised-practice",
        "'online' is not a choice of question 'study_format' (questions.yaml); "
        "its choices are online_part_time, full_time, either",
        id="unknown-choice",
    ),
    pytest.param(*MISSPELT_DEGREE, FIRST_RULE, 0, *UNKNOWN_DEGREE.split(": ", 1), id="unknown-degree"),
    pytest.param(
        "claims.yaml",
        '    section: "Comparing Master of Medicine Providers"\n',
        '    section: "Comparing Master of Medicine Provider"\n',
        "",
        0,
        "mmed-compared-programs",
        "source 'mmed-guide' has no section 'Comparing Master of Medicine Provider'; "
        "did you mean 'Comparing Master of Medicine Providers'? " + MMED_SECTIONS,
        id="unknown-section",
    ),
    pytest.param(
        "rules/practicalities.yaml",
        TOO_LONG,
        FIRST_RULE,
        "",
        0,
        "mmed-for-specialising",
        "rule id 'mmed-for-specialising' is also used in rules/clinical.yaml",
        id="duplicate-id",
    ),
    pytest.param(
        "rules/practicalities.yaml",
        SUPERVISED_PRACTICE_WHEN,
        SURGERY_WITHOUT_SPECIALISING,
        "",
        0,
        "mmed-supervised-practice",
        NEVER_FIRES,
        id="never-fires",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "{specialty: {is: other}}",
        "{all: [{specialty: {is: other}}, {goals: {contains_none: [specialize_clinically]}}]}",
        "",
        0,
        "mmed-disciplines-are-examples",
        NEVER_FIRES,
        id="note-never-fires",
    ),
    pytest.param(
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
        "",
        1,
        "clinical_status",
        "condition names 'career_stage', which is asked later; it may only look at earlier questions",
        id="when-names-a-later-question",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "    claim: mmed-for-specialising\n",
        "    claim: mmed-for-specialisng\n",
        FIRST_RULE,
        0,
        "mmed-for-specialising",
        "unknown claim 'mmed-for-specialisng'; did you mean 'mmed-for-specialising'? (claims.yaml)",
        id="unknown-claim",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: {MMed: 4}",
        FIRST_RULE,
        0,
        "mmed-for-specialising",
        f"effects.MMed: a rule says only `for` or `against` (got 4); {POINTS_FROM_LEVELS}",
        id="points-typed-into-a-rule",
    ),
    pytest.param(
        "claims.yaml",
        "    level: strong\n",
        "    level: very strong\n",
        FIRST_RULE,
        0,
        "mmed-for-specialising",
        "'very strong' is not a level of scoring.yaml; did you mean 'strong'? Use one of its levels: "
        "strong 3, moderate 2, weak 1",
        id="level-not-on-the-scale",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: {MMM: for}",
        FIRST_RULE,
        0,
        "mmed-for-specialising",
        "moves MMM, but its claim 'mmed-for-specialising' speaks of MMed; "
        "a rule may move only the degrees its claim names",
        id="degree-its-claim-does-not-name",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "after", "below", "rule_id", "message"), BROKEN)
def test_check_reports_a_broken_rule_set_at_the_file_and_line(
    runner: CliRunner,
    rules_copy: Path,
    name: str,
    old: str,
    new: str,
    after: str,
    below: int,
    rule_id: str,
    message: str,
) -> None:
    """A broken copy of rules/ exits 2, prints `DIR/file:line: id: message`, and counts it on stderr."""
    line = edit(rules_copy, name, old, new, after=after) + below
    assert only_problem(runner, rules_copy) == problem(rules_copy, name, line, rule_id, message)


def test_check_reports_every_problem_in_load_order_then_line(runner: CliRunner, rules_copy: Path) -> None:
    """Problems in three files all come out at once: questions.yaml, degrees.yaml, then claims.yaml (load
    order, not alphabetical), then by line."""
    mmed = edit(  # the anchor starts with the newline before the cite
        rules_copy,
        "degrees.yaml",
        '\n    cite: {source: mmed-guide, section: "What is a Master of Medicine Degree?"}',
        '\n    cite: {source: mmed_guide, section: "What is a Master of Medicine Degree?"}',
    )
    mmm = edit(  # the anchor starts on the line before the cite
        rules_copy,
        "degrees.yaml",
        "health-care focus.\n    cite: {source: usnews-mmm,",
        "health-care focus.\n    cite: {source: usnews_mmm,",
    )
    question = edit(
        rules_copy,
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
    )
    level = edit(
        rules_copy, "claims.yaml", "    level: strong\n", "    level: very strong\n", after=FIRST_RULE
    )
    assert mmm < mmed
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (2, failed(rules_copy, 4))
    assert lines == [
        problem(
            rules_copy,
            "questions.yaml",
            question + 1,
            "clinical_status",
            "condition names 'career_stage', which is asked later; it may only look at earlier questions",
        ),
        problem(
            rules_copy,
            "degrees.yaml",
            mmm + 1,
            "MMM",
            "unknown source 'usnews_mmm'; did you mean 'usnews-mmm'?",
        ),
        problem(
            rules_copy,
            "degrees.yaml",
            mmed + 1,
            "MMed",
            "unknown source 'mmed_guide'; did you mean 'mmed-guide'?",
        ),
        problem(
            rules_copy,
            "claims.yaml",
            level,
            "mmed-for-specialising",
            "'very strong' is not a level of scoring.yaml; did you mean 'strong'? Use one of its levels: "
            "strong 3, moderate 2, weak 1",
        ),
    ]


# --- what only the check finds ------------------------------------------------

FURTHER_READING = '      - heading: "Further reading"\n'
CONCLUSION = '      - heading: "Conclusion"\n'


def test_a_section_no_claim_cites_is_reported_at_its_heading(runner: CliRunner, rules_copy: Path) -> None:
    """A source section that no claim cites is a problem on its line of sources.yaml."""
    line = edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING) + 1
    load_ruleset(rules_copy)  # the loader accepts it: only the check looks for uncited sections
    assert only_problem(runner, rules_copy) == problem(
        rules_copy,
        "sources.yaml",
        line,
        "mmed-guide",
        "section 'Further reading' is cited by no claim (or say why in its why_uncited)",
    )


def test_a_section_that_says_why_it_is_uncited_passes(runner: CliRunner, rules_copy: Path) -> None:
    """Giving the uncited section a `why_uncited` reason makes the check pass again."""
    reason = "        why_uncited: a list of links, with nothing to advise on\n"
    edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING + reason)
    assert passes(runner, rules_copy) == verdict(rules_copy, load_ruleset(rules_copy))


def test_a_section_cited_only_by_a_claim_nothing_uses_counts_as_cited(
    runner: CliRunner, rules_copy: Path
) -> None:
    """A section is cited when a claim comes from it, even a claim that no rule uses (and says why): the
    source's idea is written down, and why it moves no score."""
    edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING)
    claim = made_up_claim("zz-further-reading", extra="    unused: It gives further reading, no advice.\n")
    append(
        rules_copy, "claims.yaml", claim.replace("How Master of Medicine Programs Work", "Further reading")
    )
    copy = load_ruleset(rules_copy)
    (cited_by,) = [claim for claim in copy.claims if claim.cite.section == "Further reading"]
    assert (cited_by.id, bool(cited_by.unused)) == ("zz-further-reading", True)
    assert passes(runner, rules_copy) == verdict(rules_copy, copy)


NOTHING_USES = "no rule, gate or note uses this claim; use it, or say why in `unused`"


def test_a_claim_nothing_uses_is_reported_until_it_says_why(runner: CliRunner, rules_copy: Path) -> None:
    """A claim that no rule, gate or note uses, and that does not say why in `unused`, is a problem on its
    line of claims.yaml; saying why makes the check pass."""
    line = append(rules_copy, "claims.yaml", made_up_claim("zz-unused")) + 1
    load_ruleset(rules_copy)  # the loader accepts it: only the check looks for unused claims
    assert only_problem(runner, rules_copy) == problem(
        rules_copy, "claims.yaml", line, "zz-unused", NOTHING_USES
    )
    append(rules_copy, "claims.yaml", "    unused: It repeats what another claim says.\n")
    assert passes(runner, rules_copy) == verdict(rules_copy, load_ruleset(rules_copy))


def test_a_claim_that_says_it_is_unused_but_is_used_is_reported(runner: CliRunner, rules_copy: Path) -> None:
    """A claim whose `unused` says why nothing uses it, while a rule does, is a problem on its line."""
    line = (
        append(rules_copy, "claims.yaml", made_up_claim("zz-used", extra="    unused: Nothing needs it.\n"))
        + 1
    )
    rule = "rules:\n  - id: zz-uses-it\n    claim: zz-used\n    when: {wants_research: {is: false}}\n"
    append(rules_copy, "rules/zz.yaml", rule + "    effects: {MMed: against}\n")
    assert only_problem(runner, rules_copy) == problem(
        rules_copy,
        "claims.yaml",
        line,
        "zz-used",
        "this claim says it is unused, but a rule, gate or note uses it",
    )


# Under the tests' small rule set (`tiny_rules`) no answers rank the MHA first on its own: the one
# claim for it counts for the MBA alike. A claim of the MHA that nothing uses, saying why, is added,
# for the message to name.
MHA_UNUSED = tiny_claim("zz-mha-unused", "weak", "[MHA]", '    unused: "Made up for a test."\n')
# A strong claim (3 points) counted against the MHA for every answer; and a weak one (1 point)
# counted for it where policy reform is a goal, which puts it ahead of the MBA (2 points each).
AGAINST_MHA = """\
rules:
  - id: zz-always-against-mha
    claim: zz-against-mha
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MHA: against}
"""
MHA_FOR_POLICY = """\
rules:
  - id: zz-mha-for-policy
    claim: zz-mha-policy
    when: {goals: {contains_any: [policy_reform]}}
    effects: {MHA: for}
"""


def tiny_for_check(rules: Path) -> Path:
    """The tests' small rule set (`tiny_rules`), in which the MHA at best ties for first, with an
    unused claim of the MHA that says why."""
    tiny_rules(rules)
    append(rules, "claims.yaml", MHA_UNUSED)
    return rules


SEARCHED = "no answers rank it first on its own (searched 4000 random valid answer sets)"
TIES = (
    "at best it ties for first, and tied degrees are reported as a tie, which names none of them the pick, "
    "so a degree that only ever ties is never the pick on its own"
)
# What to do about the MHA when no answers rank it first: its one claim that nothing uses is named.
WHAT_TO_DO = (
    "If a source speaks for MHA, write down what it says as a claim (claims.yaml; of those written there, "
    "nothing uses zz-mha-unused: read their `unused` first) and count it `for` MHA in a rule, only for the "
    "people the source speaks of and no more strongly than its words allow; if the sources say little "
    'about MHA, mark it in degrees.yaml with `thinly_sourced: "why"`, and rules check notes it instead of '
    "reporting it"
)
NEVER_FIRST = f"{SEARCHED}; {TIES}. {WHAT_TO_DO}"


def test_a_degree_no_answers_rank_first_is_reported_at_its_code(runner: CliRunner, rules_copy: Path) -> None:
    """A degree that only ever ties for first (the MHA, whose one claim counts for the MBA alike) is
    reported on its line of degrees.yaml as never ranking first on its own: the message says that
    tied degrees are reported as a tie, which claims of it nothing uses, and what the author may do
    (and not overstate)."""
    tiny_for_check(rules_copy)
    load_ruleset(rules_copy)  # the loader accepts it: only the search with the engine finds it
    line = line_of(rules_copy, "degrees.yaml", "  - code: MHA\n")
    assert only_problem(runner, rules_copy) == problem(rules_copy, "degrees.yaml", line, "MHA", NEVER_FIRST)


def test_a_degree_that_never_even_ties_for_first_says_so(runner: CliRunner, rules_copy: Path) -> None:
    """A degree that a strong claim counts against for everyone never even ties for first: the message
    says so, instead of explaining ties."""
    tiny_for_check(rules_copy)
    append(rules_copy, "claims.yaml", tiny_claim("zz-against-mha", "strong", "[MHA]"))
    append(rules_copy, "rules/zz.yaml", AGAINST_MHA)
    line = line_of(rules_copy, "degrees.yaml", "  - code: MHA\n")
    code, lines, _ = rules_check(runner, rules_copy)
    assert code == 2
    assert lines == [
        problem(
            rules_copy, "degrees.yaml", line, "MHA", f"{SEARCHED}; it never even ties for first. {WHAT_TO_DO}"
        )
    ]


THIN = '    thinly_sourced: "the sources say little about it"\n'


def test_a_degree_marked_thinly_sourced_is_a_note_not_a_problem(runner: CliRunner, rules_copy: Path) -> None:
    """A degree no answers rank first, marked `thinly_sourced` in degrees.yaml with a reason, passes the
    check: the summary says so and counts a note, and the note follows on a line of its own."""
    tiny_for_check(rules_copy)
    line = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA\n" + THIN)
    copy = load_ruleset(rules_copy)
    assert copy.degree("MHA").thinly_sourced == "the sources say little about it"
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (0, "")
    assert lines == [
        f"{rules_copy}: {counts(copy)}: no problems, 1 note; every degree but MHA ranks first for some "
        "answers (marked thinly sourced)",
        _thin_note(rules_copy, line, f": {SEARCHED}; at best it ties for first"),
    ]


def test_a_thinly_sourced_mark_that_is_not_needed_is_noted(runner: CliRunner, rules_copy: Path) -> None:
    """A degree marked thinly sourced that some answers do rank first passes, with a note that the mark
    may go (before the notes on stale facts)."""
    line = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA\n" + THIN)
    code, lines, _ = rules_check(runner, rules_copy)
    assert code == 0
    old = stale(rules_copy, load_ruleset(rules_copy))
    assert lines[1:] == [
        _thin_note(rules_copy, line, ", yet some answers rank it first on its own; the mark may go"),
        *old,
    ]
    assert lines[0].endswith(f": {clean(1 + len(old))}")


def _thin_note(directory: Path, line: int, rest: str) -> str:
    """The note, on a line of its own, on the MHA marked thinly sourced at `line` of degrees.yaml; `rest`
    follows the reason in brackets."""
    said = f"note: thinly sourced (the sources say little about it){rest}"
    return "  " + problem(directory, "degrees.yaml", line, "MHA", said)


def test_a_thinly_sourced_mark_needs_a_reason(rules_copy: Path) -> None:
    """`thinly_sourced` says why: left empty, it is refused at its line."""
    line = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", '  - code: MHA\n    thinly_sourced: ""\n') + 1
    assert problems_of(rules_copy) == [
        f'degrees.yaml:{line}: MHA: say why the sources say too little about it, as in thinly_sourced: "..."'
    ]


@pytest.mark.parametrize(
    ("lifted", "first", "reported"),
    [
        pytest.param(False, ("MHA", "MBA"), True, id="tied"),
        pytest.param(True, ("MHA",), False, id="alone"),
    ],
)
def test_a_tie_for_first_does_not_count_as_ranking_first(
    runner: CliRunner, rules_copy: Path, lifted: bool, first: tuple[str, ...], reported: bool
) -> None:
    """Where policy reform is a goal, one claim counts for the MHA and the MBA alike: they tie for
    first. A weak claim more for the MHA there puts it first on its own. A tie is no lead: only
    without that claim does `rules check` report that no answers rank the MHA first."""
    tiny_for_check(rules_copy)
    if lifted:
        append(rules_copy, "claims.yaml", tiny_claim("zz-mha-policy", "weak", "[MHA]"))
        append(rules_copy, "rules/zz.yaml", MHA_FOR_POLICY)
    copy = load_ruleset(rules_copy)
    engine = Engine(copy)
    answers = as_answer_values(tiny_person("policy_reform"))
    assert engine.standings(engine.outcome(answers)).first == first
    line = line_of(rules_copy, "degrees.yaml", "  - code: MHA\n")
    expected = [problem(rules_copy, "degrees.yaml", line, "MHA", NEVER_FIRST)] if reported else []
    code, lines, _ = rules_check(runner, rules_copy)
    assert (code, lines) == ((2, expected) if reported else (0, verdict(rules_copy, copy)))


def test_a_degree_not_open_yet_is_never_first(runner: CliRunner, rules_copy: Path) -> None:
    """However many points a degree not open yet has, it is never first: the MHA, lifted above the MBA
    where policy reform is a goal but made not open yet to everyone, is reported as never even tying
    for first."""
    tiny_for_check(rules_copy)
    append(rules_copy, "claims.yaml", tiny_claim("zz-mha-policy", "weak", "[MHA]"))
    append(rules_copy, "rules/zz.yaml", MHA_FOR_POLICY)
    gate = """
gates:
  - id: zz-mha-later
    claim: zz-mha-unused
    degree: MHA
    status: not_yet
    when: {career_stage: {in: [student, early, mid, senior]}}
    reason: Made up for a test.
"""
    append(rules_copy, "rules/zz.yaml", gate)
    edit(rules_copy, "claims.yaml", '    unused: "Made up for a test."\n', "", after="- id: zz-mha-unused")
    line = line_of(rules_copy, "degrees.yaml", "  - code: MHA\n")
    code, lines, _ = rules_check(runner, rules_copy)
    assert code == 2
    [said] = lines
    assert said.startswith(
        problem(rules_copy, "degrees.yaml", line, "MHA", f"{SEARCHED}; it never even ties")
    )


def test_problems_only_the_check_finds_follow_load_order(runner: CliRunner, rules_copy: Path) -> None:
    """An uncited section, an unused claim and a degree never ranked first come out in load order:
    degrees.yaml, then sources.yaml, then claims.yaml."""
    tiny_for_check(rules_copy)
    why = "    why_uncited: No claim of the tests' small rule set comes from it.\n"
    edit(rules_copy, "sources.yaml", why, "", after="- heading: Conclusion")
    append(rules_copy, "claims.yaml", made_up_claim("zz-unused"))
    code, lines, _ = rules_check(runner, rules_copy)
    assert code == 2
    assert [line.split(":")[0] for line in lines] == [
        str(rules_copy / "degrees.yaml"),
        str(rules_copy / "sources.yaml"),
        str(rules_copy / "claims.yaml"),
    ]


def test_ask_refuses_a_rule_that_can_never_fire(runner: CliRunner, rules_copy: Path, tmp_path: Path) -> None:
    """`ask --rules DIR` refuses a rule that can never fire with exit 2, naming it as `rules check` does."""
    line = edit(
        rules_copy, "rules/practicalities.yaml", SUPERVISED_PRACTICE_WHEN, SURGERY_WITHOUT_SPECIALISING
    )
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["resident specialising in surgery"][0]), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--rules", str(rules_copy), "--answers", str(answers)])
    assert (result.exit_code, result.stdout) == (2, "")
    where = f"rules/practicalities.yaml:{line}: mmed-supervised-practice: {NEVER_FIRES}"
    assert result.stderr == (
        f"degreefit: error: the rule set in {rules_copy} has a problem:\n  {rules_copy}/{where}\n"
    )
    _, lines, _ = rules_check(runner, rules_copy)
    assert lines == [f"{rules_copy}/{where}"]


# --- the built-in rule set ------------------------------------------------------


def test_every_section_of_every_source_is_cited(ruleset: RuleSet) -> None:
    """Every section heading in sources.yaml is cited by at least one claim, unless it says why not."""
    raw: dict[str, Any] = yaml.safe_load((builtin_rules_dir() / "sources.yaml").read_text(encoding="utf-8"))
    headings = {
        (source["id"], section["heading"])
        for source in raw["sources"]
        for section in source["sections"]
        if not section.get("why_uncited")
    }
    assert {source["id"] for source in raw["sources"]} == {source.id for source in ruleset.sources}
    assert {"usnews-mmm", "mmed-guide"} < {source.id for source in ruleset.sources}
    assert len(headings) == sum(len(s.sections) for s in ruleset.sources)  # none says why it is uncited
    cited = {(claim.source, claim.section) for claim in ruleset.claims}
    assert headings - cited == set()


def test_every_built_in_claim_is_used_or_says_why_not(ruleset: RuleSet) -> None:
    """Each claim of the built-in rules is used by a rule, gate or note (or shown with one: a program's
    example, the other side of a disagreement), or says in `unused` why not; never both."""
    uses = used_claims(ruleset)
    assert uses <= {claim.id for claim in ruleset.claims}
    used = [claim.id for claim in ruleset.claims if claim.id in uses]
    unused = [claim.id for claim in ruleset.claims if claim.unused]
    assert used
    assert unused
    assert sorted(used + unused) == sorted(claim.id for claim in ruleset.claims)


# --- bounded work ---------------------------------------------------------------------

MANY_CHOICES = "".join(f'      - {{value: h{i}, label: "Hobby {i}"}}\n' for i in range(27))
HOBBIES = f"""
  - id: hobbies
    actionable: true
    kind: multi
    required: false
    prompt: Which of these do you do?
    choices:
{MANY_CHOICES}"""
NAMED = ", ".join(f"h{i}" for i in range(24))


def rules_check_in_a_process(directory: Path) -> tuple[int, list[str]]:
    """`degreefit rules check DIR` in a process of its own, so that a hang fails the test (after 60 s)."""
    done = run_degreefit("rules", "check", str(directory), cache="")
    return done.returncode, done.stdout.splitlines()


@pytest.mark.parametrize(
    ("when", "fires"),
    [
        (f"{{hobbies: {{contains_any: [{NAMED}]}}}}", True),
        ("{any: [" + ", ".join(f"{{hobbies: {{contains_all: [h{i}]}}}}" for i in range(24)) + "]}", True),
        (
            f"{{all: [{{hobbies: {{contains_any: [{NAMED}]}}}}, {{hobbies: {{contains_none: [{NAMED}]}}}}]}}",
            False,
        ),
    ],
    ids=["one-test-of-24", "24-tests-of-one", "24-that-cannot-fire"],
)
def test_a_rule_naming_24_of_27_choices_is_checked_in_moments(
    rules_copy: Path, ruleset: RuleSet, when: str, fires: bool
) -> None:
    """A rule naming 24 of a question's 27 choices (once, or in 24 tests) is checked exactly and at once:
    `rules check` finds nothing wrong, or that it can never fire (it took minutes and gigabytes)."""
    append(rules_copy, "questions.yaml", HOBBIES)
    append(rules_copy, "claims.yaml", made_up_claim("zz-hobbies", "[MBA]"))
    rule = f"rules:\n  - id: hobbies\n    claim: zz-hobbies\n    when: {when}\n    effects: {{MBA: for}}\n"
    (rules_copy / "rules" / "hobbies.yaml").write_text(rule, encoding="utf-8")
    code, lines = rules_check_in_a_process(rules_copy)
    if fires:
        # The claim and the question added come last: the built-in stale facts keep their lines.
        notes = stale(rules_copy, ruleset)
        assert (code, lines[0].endswith(f": {clean(len(notes))}"), lines[1:]) == (0, True, notes), lines
    else:
        assert (code, lines) == (2, [problem(rules_copy, "rules/hobbies.yaml", 4, "hobbies", NEVER_FIRES)])


def three_sat(variables: int, clauses: int) -> str:
    """A condition over yes/no questions b0, b1, ...: `clauses` random `any`s of three answers, all of
    which must hold (satisfiability itself, at its hardest ratio of clauses to questions)."""
    import random

    rng = random.Random(1)
    anys = [
        "{any: ["
        + ", ".join(
            f"{{b{v}: {{is: {rng.choice(['true', 'false'])}}}}}" for v in rng.sample(range(variables), 3)
        )
        + "]}"
        for _ in range(clauses)
    ]
    return "{all: [" + ", ".join(anys) + "]}"


def test_a_condition_too_intricate_to_decide_is_refused_in_seconds(rules_copy: Path) -> None:
    """A rule whose condition is a puzzle over 30 yes/no questions (deciding it would take minutes) is
    refused at once as too intricate to check, at its line, saying to split it: never a hang."""
    questions = (f'\n  - {{id: b{i}, kind: boolean, prompt: "B{i}?", required: false}}\n' for i in range(30))
    append(rules_copy, "questions.yaml", "".join(questions))
    append(rules_copy, "claims.yaml", made_up_claim("zz-puzzle", "[MBA]"))
    when = three_sat(30, 129)
    rule = f"rules:\n  - id: puzzle\n    claim: zz-puzzle\n    when: {when}\n    effects: {{MBA: for}}\n"
    (rules_copy / "rules" / "puzzle.yaml").write_text(rule, encoding="utf-8")
    code, lines = rules_check_in_a_process(rules_copy)
    too_intricate = (
        "too intricate to check: telling which answers make it true would take more than 2,000,000 steps; "
        "split it into simpler conditions (a rule each)"
    )
    assert (code, lines) == (2, [problem(rules_copy, "rules/puzzle.yaml", 4, "puzzle", too_intricate)])


CLOSES_EVERY_DEGREE = (
    "with 'mha-closed', 'mmm-admits-only-physicians' and 'mmed-needs-medical-degree', it closes every degree "
    "to some people (for example clinical status: Not a clinician): the report would have no degree to offer "
    "them; narrow one of these gates, so that a degree stays open to them"
)


def test_gates_that_close_every_degree_to_someone_are_reported(runner: CliRunner, rules_copy: Path) -> None:
    """When gates close every degree to some valid answers (a non-clinician, here), `rules check` says so
    at the first of those gates, naming the others and an example, instead of "no problems"."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    code, lines, _ = rules_check(runner, rules_copy)
    assert (code, lines) == (
        2,
        [problem(rules_copy, "rules/closed.yaml", 2, "mba-closed", CLOSES_EVERY_DEGREE)],
    )


def test_gates_that_leave_one_degree_open_to_everyone_are_fine(runner: CliRunner, rules_copy: Path) -> None:
    """A gate that closes a third degree to non-clinicians leaves them the fourth: no problem."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES.split("\n\n")[0] + "\n", encoding="utf-8")
    code, lines, _ = rules_check(runner, rules_copy)
    assert (code, lines) == (0, verdict(rules_copy, load_ruleset(rules_copy)))


def _many_goals_rule(rules: Path) -> None:
    """138 goals more (150 in all), and a rule whose condition, and its claim's `who`, is one `any` of 150
    `all`s of 3 `contains_any` tests of random goals: holding the rule to the claim searches every
    pick of goals (issue 22, item 8)."""
    rng = random.Random(1)
    names = [f"g{i}" for i in range(138)]
    last = "      - {value: broad_business_exposure, "
    more = "".join(f"      - {{value: {name}, label: {name}}}\n" for name in names)
    edit(rules, "questions.yaml", last, more + last)

    def tests() -> str:
        return ", ".join(f"{{goals: {{contains_any: [{rng.choice(names)}]}}}}" for _ in range(3))

    condition = "      any:\n" + "".join(f"        - all: [{tests()}]\n" for _ in range(150))
    append(rules, "claims.yaml", made_up_claim("zz-many", extra=f"    who:\n{condition}"))
    rule = "rules:\n  - id: many\n    claim: zz-many\n    effects: {MMed: for}\n    when:\n"
    append(rules, "rules/many.yaml", rule + condition)


@pytest.mark.skipif(sys.platform == "win32", reason="memory limits through `resource` are POSIX")
def test_a_rule_too_intricate_to_hold_to_its_claim_is_a_problem_within_a_gigabyte(rules_copy: Path) -> None:
    """A 150-goal rule held to its claim is a problem at its line, too intricate to check, from `rules
    check` limited to 1 GB of memory (it held 1.4 GB, and died of a MemoryError under the limit)."""

    _many_goals_rule(rules_copy)
    done = run_degreefit("rules", "check", str(rules_copy), cache="", timeout=120, preexec_fn=limit_memory)
    assert (done.returncode, done.stderr) == (2, failed(rules_copy, 1))
    assert done.stdout == (
        problem(rules_copy, "rules/many.yaml", 6, "many", "held to the `who` of its claim 'zz-many': ")
        + f"{TOO_INTRICATE}\n"
    )


def _many_intricate_rules(rules: Path, count: int) -> None:
    """`count` rules in one file, each with the 150-goal condition of its claim's `who` (as
    `_many_goals_rule` writes it), so that holding each to its claim searches every pick of goals to
    the end: each search stops at MAX_STEPS, a few seconds, and together they took minutes."""
    rng = random.Random(1)
    names = [f"g{i}" for i in range(138)]
    last = "      - {value: broad_business_exposure, "
    edit(
        rules, "questions.yaml", last, "".join(f"      - {{value: {n}, label: {n}}}\n" for n in names) + last
    )
    tests = (
        ", ".join(f"{{goals: {{contains_any: [{rng.choice(names)}]}}}}" for _ in range(3)) for _ in range(150)
    )
    condition = "      any:\n" + "".join(f"        - all: [{three}]\n" for three in tests)
    append(rules, "claims.yaml", made_up_claim("zz-many", extra=f"    who:\n{condition}"))
    rule = "    claim: zz-many\n    effects: {MMed: for}\n    when:\n" + condition
    append(rules, "rules/many.yaml", "rules:\n" + "".join(f"  - id: many{n}\n{rule}" for n in range(count)))


@pytest.mark.skipif(sys.platform == "win32", reason="memory limits through `resource` are POSIX")
@pytest.mark.parametrize("command", ["rules check", "ask --rules"])
def test_many_intricate_rules_are_refused_in_seconds_as_a_rule_set_too_intricate_to_check(
    rules_copy: Path, tmp_path: Path, command: str
) -> None:
    """30 rules in one file (500 KB), each too intricate to hold to its claim within MAX_STEPS: the
    searches of one check share a budget, so `rules check`, and `ask --rules`, which checks the rule
    set before using it, stop in seconds (they took minutes), within 1 GB, with exit 2 and a problem
    at the rule where the check stopped, saying the rule set is too intricate to check."""

    _many_intricate_rules(rules_copy, 30)
    assert (rules_copy / "rules" / "many.yaml").stat().st_size > 500_000
    answers = tmp_path / "answers.json"
    answers.write_text(
        json.dumps({"schema_version": 1, **PERSONAS[next(iter(PERSONAS))][0]}), encoding="utf-8"
    )
    args = ["rules", "check", str(rules_copy)]
    if command == "ask --rules":
        args = ["ask", "--rules", str(rules_copy), "--answers", str(answers), "--format", "json"]
    done = run_degreefit(*args, cache=tmp_path / "cache", preexec_fn=limit_memory)
    said = done.stdout if command == "rules check" else done.stderr
    held = "held to the `who` of its claim 'zz-many': "
    assert done.returncode == 2, done.stderr
    assert problem(rules_copy, "rules/many.yaml", 6, "many0", held + TOO_INTRICATE) in said
    assert problem(rules_copy, "rules/many.yaml", 161, "many1", held + TOO_INTRICATE_IN_ALL) in said
    assert said.count("too intricate") == 2
    assert "Traceback" not in done.stderr
