"""Helpers that edit a writable copy of the rules and read the problems `rules check` names."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.errors import RulesError
from degreefit.ruleset.load import load_ruleset

# Anchors for `edit(..., after=...)`: the first rule of rules/clinical.yaml (and its claim in
# claims.yaml), `effects: {MMed: for}`; and a rule of rules/practicalities.yaml, `effects: {MMed: against}`.
FIRST_RULE = "  - id: mmed-for-specialising\n"


TOO_LONG = "  - id: mmed-too-long\n"


# Edits (name, old, new) for `edit(..., after=...)`: a misspelt degree in the first rule (after
# FIRST_RULE), and a YAML syntax error in the effects of mmed-too-long (after TOO_LONG).
MISSPELT_DEGREE = ("rules/clinical.yaml", "effects: {MMed: for}", "effects: {MMEd: for}")


UNKNOWN_DEGREE = "mmed-for-specialising: unknown degree 'MMEd'; did you mean 'MMed'?"


BROKEN_EFFECTS = (
    "rules/practicalities.yaml",
    "    effects: {MMed: against}\n",
    "    effects: MMed: against\n",
)


# What a level of scoring.yaml off the scale is told (after "level 'NAME' has POINTS ").
OFF_THE_SCALE = "points; a level's points are a whole number from 1 to 10 (the other levels: "


# What a rule that types points into its effects is told (after "got ...; ").
POINTS_FROM_LEVELS = (
    "the points come from its claim's `level` in claims.yaml, on the scale of scoring.yaml: "
    "strong 3, moderate 2, weak 1"
)


BROKEN_EFFECTS_MESSAGE = (
    'text containing a colon must be in quotes, as in effects: "MMed: against"; a mapping written on one '
    "line goes in braces, as in effects: {MMed: against}"
)


def _offset(text: str, name: str, old: str, after: str) -> int:
    """Where `old` is in `text`: its one occurrence; or, with `after`, its first occurrence after
    the one occurrence of `after`, inside the same list item (before the next `  - `)."""
    if not after:
        assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
        return text.index(old)
    assert text.count(after) == 1, f"{after!r} is not in {name} exactly once"
    start = text.index(after) + len(after)
    at = text.find(old, start)
    assert at >= 0, f"{old!r} is not in {name} after {after!r}"
    assert "\n  - " not in text[start - 1 : at], f"{old!r} is not in the item {after!r} starts in {name}"
    return at


def line_in(rules: Path, name: str, text: str, *, after: str = "") -> int:
    """The line on which `text` starts in rules/`name` (found as `edit` finds `old`)."""
    content = (rules / name).read_text(encoding="utf-8")
    return content[: _offset(content, name, text, after)].count("\n") + 1


def edit(rules: Path, name: str, old: str, new: str, *, after: str = "") -> int:
    """Replace the one occurrence of `old` in rules/`name` by `new` (with `after`: the first `old`
    in the list item that `after` starts); return the line `old` started on."""
    path = rules / name
    text = path.read_text(encoding="utf-8")
    at = _offset(text, name, old, after)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def append(rules: Path, name: str, text: str) -> int:
    """Add `text` at the end of rules/`name` (created if need be); return the line it starts on."""
    path = rules / name
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    assert not before or before.endswith("\n")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def made_up_claim(claim_id: str, degrees: str = "[MMed]", extra: str = "", level: str = "moderate") -> str:
    """A claim to append to claims.yaml, made up for a test (citing a real section); `extra`
    adds lines of its own (`who:`, `unused:`)."""
    return (
        f"\n  - id: {claim_id}\n"
        "    source: mmed-guide\n"
        '    section: "How Master of Medicine Programs Work"\n'
        "    says: A claim made up for a test.\n"
        '    hedge: "made up"\n'
        f"    level: {level}\n"
        f"    degrees: {degrees}\n"
        f"{extra}"
    )


def problems_of(rules: Path) -> list[str]:
    """The problems load_ruleset reports for a rule set, each as the CLI prints it."""
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules)
    return [str(problem) for problem in caught.value.problems]


def heading(rules: Path, count: int) -> str:
    """The first line of the CLI's report of a broken rule set in `rules`."""
    problems = "a problem" if count == 1 else f"{count} problems"
    return f"degreefit: error: the rule set in {rules} has {problems}:\n"


def listed(rules: Path, problem: object) -> str:
    """A problem as the CLI lists it under the heading: its file inside the rule set, as
    `rules check` names it."""
    return f"  {rules}/{problem}\n"


def ask(runner: CliRunner, rules: Path, answers: Path) -> tuple[int, str, str]:
    """Run `degreefit ask` with a rule set; return exit code, stdout and stderr."""
    result = runner.invoke(app, ["ask", "--rules", str(rules), "--answers", str(answers)])
    return result.exit_code, result.stdout, result.stderr


# The sections of the MMed guide, as an unknown section's message lists them.
MMED_SECTIONS = (
    "Cite one of its sections in sources.yaml: '(introduction)', 'What is a Master of Medicine Degree?', "
    "'How Master of Medicine Programs Work', 'Comparing Master of Medicine Providers', "
    "'Benefits and Limitations of MMed Qualifications', 'Investment and Return Considerations', "
    "'Conclusion' (`degreefit sources` lists every source's sections)"
)


DIFFERENCE = "What’s the Difference Between a MMM and a MHA?"


STRAIGHT_DIFFERENCE = "What's the Difference Between a MMM and a MHA?"
