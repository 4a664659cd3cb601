"""The shape of each rule file and the records built from it (`degreefit/ruleset/shapes.py`): a
pydantic error of a rule file reads in plain words (an unknown key with what was meant, a number
that must be finite, an effect written as points); a rule, gate or note takes its points, cite and
wording from its claim, and a cite is spelt as its source spells it."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import (
    DIFFERENCE,
    FIRST_RULE,
    OFF_THE_SCALE,
    POINTS_FROM_LEVELS,
    STRAIGHT_DIFFERENCE,
    TOO_LONG,
    ask,
    edit,
    problems_of,
)


def test_unknown_key_in_a_rule_names_the_key_the_rule_and_the_line(rules_copy: Path) -> None:
    """A key a rule does not have (a typo, a made-up field) is an error naming it, the rule and its line."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: for}\n",
        "    effects: {MMed: for}\n    weight: 3\n",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: mmed-for-specialising: unknown key 'weight'"
    ]


def test_unknown_key_at_the_top_of_a_rule_file_is_reported(rules_copy: Path) -> None:
    """A rule file whose list is misspelt (rulez:) is an error, not an empty file."""
    edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n")
    (problem,) = problems_of(rules_copy)
    assert problem.startswith("rules/clinical.yaml:")
    assert problem.endswith(": unknown key 'rulez'; did you mean 'rules'?")


def test_unknown_key_with_a_block_value_is_reported_at_the_key(rules_copy: Path) -> None:
    """The line of an unknown key is the key's own line, even when its value starts on the next."""
    line = edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n") + 1
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: unknown key 'rulez'; did you mean 'rules'?"
    ]


def test_misspelt_operators_keys_and_numbers_say_what_was_meant(rules_copy: Path) -> None:
    """An advisor editing rules sees, for a misspelt operator or key, the one it most likely meant,
    and for an effect that is neither `for` nor `against`, what an effect takes (in plain words, with
    the value)."""
    operator = edit(
        rules_copy,
        "rules/leadership.yaml",
        "        - goals: {contains_any: [support_clinical_teams]}\n",
        "        - goals: {contians_any: [support_clinical_teams]}\n",
        after="  - id: mmm-frontline-leaders\n",
    )
    key = edit(rules_copy, "rules/practicalities.yaml", "    claim: ", "    cliam: ", after=TOO_LONG)
    word = edit(
        rules_copy, "rules/clinical.yaml", "effects: {MMed: for}", "effects: {MMed: four}", after=FIRST_RULE
    )
    found = problems_of(rules_copy)
    assert (
        f"rules/clinical.yaml:{word}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got 'four'); {POINTS_FROM_LEVELS}" in found
    )
    assert any(
        p.startswith(f"rules/leadership.yaml:{operator}: mmm-frontline-leaders:")
        and "unknown operator 'contians_any' (did you mean 'contains_any'?)" in p
        for p in found
    ), found
    assert (
        f"rules/practicalities.yaml:{key}: mmed-too-long: unknown key 'cliam'; did you mean 'claim'?" in found
    )


FINITE = "Input should be a finite number"


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "scoring.yaml",
            "ai_written_discount: 0.5",
            "ai_written_discount: .nan",
            f"ai_written_discount: {FINITE}",
        ),
        (
            "scoring.yaml",
            "ai_written_discount: 0.5",
            "ai_written_discount: .inf",
            f"ai_written_discount: {FINITE}",
        ),
        (
            "scoring.yaml",
            "{name: strong, points: 3}",
            "{name: strong, points: .nan}",
            f"level 'strong' has .nan {OFF_THE_SCALE}moderate 2, weak 1)",
        ),
        (
            "scoring.yaml",
            "{name: weak, points: 1}",
            "{name: weak, points: -.inf}",
            f"level 'weak' has -.inf {OFF_THE_SCALE}strong 3, moderate 2)",
        ),
    ],
    ids=["nan-discount", "infinite-discount", "nan-level", "infinite-level"],
)
def test_non_finite_numbers_in_a_rule_set_are_rejected(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """A discount or a level's points that is not a finite number is a problem of the rule set, at its
    line."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]


@pytest.mark.parametrize(
    ("weight", "shown"),
    [
        pytest.param("4", "4", id="points"),
        pytest.param("-4", "-4", id="negative-points"),
        pytest.param(".nan", "nan", id="nan"),
        pytest.param("-.inf", "-inf", id="infinite"),
        pytest.param("four", "'four'", id="word"),
        pytest.param("For", "'For'", id="capitalised"),
        pytest.param("yes", "True", id="boolean"),
    ],
)
def test_a_weight_typed_into_a_rule_is_refused(rules_copy: Path, weight: str, shown: str) -> None:
    """Points are never typed into a rule: an effect that is not `for` or `against` (a number, even
    a non-finite one, or any other word) is refused at its line, saying that the points come from the
    claim's level, and naming the levels of scoring.yaml with their points."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        f"effects: {{MMed: {weight}}}",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got {shown}); {POINTS_FROM_LEVELS}"
    ]


def test_a_cite_typed_with_straight_quotes_matches_the_sources_typographic_ones(
    rules_copy: Path, runner: CliRunner, answers_file: Path, ruleset: RuleSet
) -> None:
    """A claim, a degree and a profile fact that cite a heading with ' where the source prints ’ (as a
    keyboard types it) cite that section: the rule set loads as the built-in one does, with the heading
    as the source spells it, and the report reads as it did, with the source's ’."""
    before = ask(runner, rules_copy, answers_file)
    assert "section “What’s the" in before[1]
    after_claim = "  - id: mmm-clinician-to-leader\n"
    edit(rules_copy, "claims.yaml", f'"{DIFFERENCE}"', f'"{STRAIGHT_DIFFERENCE}"', after=after_claim)
    degrees = rules_copy / "degrees.yaml"
    text = degrees.read_text(encoding="utf-8")
    assert text.count(DIFFERENCE) == 5
    degrees.write_text(text.replace(DIFFERENCE, STRAIGHT_DIFFERENCE), encoding="utf-8")
    copy = load_ruleset(rules_copy)
    assert (copy.claims, copy.degrees, copy.rules) == (ruleset.claims, ruleset.degrees, ruleset.rules)
    assert copy.claim("mmm-clinician-to-leader").section == DIFFERENCE
    assert ask(runner, rules_copy, answers_file) == before


def test_a_cite_typed_with_typographic_quotes_matches_a_sources_straight_ones(rules_copy: Path) -> None:
    """The other way round: a source whose heading has ' is cited by headings typed with ’; every cite
    of it loads with the source's own spelling, and the section counts as cited."""
    edit(rules_copy, "sources.yaml", f'"{DIFFERENCE}"', f'"{STRAIGHT_DIFFERENCE}"')
    copy = load_ruleset(rules_copy)
    claims = [
        claim.id for claim in copy.claims if claim.source == "usnews-mmm" and "Difference" in claim.section
    ]
    assert len(claims) == 5
    assert {copy.claim(claim_id).section for claim_id in claims} == {STRAIGHT_DIFFERENCE}
    assert copy.degree("MHA").cite.section == STRAIGHT_DIFFERENCE
    assert [fact.cite.section for fact in copy.degree("MHA").profile.who_for] == [STRAIGHT_DIFFERENCE]
    assert DIFFERENCE not in repr(copy)


def test_a_rules_points_cite_and_reason_come_from_its_claim(ruleset: RuleSet) -> None:
    """No rule types its points: each degree a rule moves gets its claim's level in points (signed for
    or against; less the scale's discount for a source that says it was written by AI), the rule cites
    its claim's section, and without a reason of its own it reads as its claim says."""
    claims = {claim.id: claim for claim in ruleset.claims}
    levels = {level.name: level.points for level in ruleset.scoring.levels}
    ai_written = {source.id for source in ruleset.sources if source.ai_written}
    discount = ruleset.scoring.ai_written_discount
    signs: set[bool] = set()
    for rule in ruleset.rules:
        claim = claims[rule.claim]
        assert rule.effects, rule.id
        points = levels[claim.level] - (discount if claim.source in ai_written else 0)
        assert {abs(effect) for effect in rule.effects.values()} == {points}, rule.id
        assert set(rule.effects) <= set(claim.degrees), rule.id
        assert rule.cite == claim.cite, rule.id
        signs |= {points > 0 for points in rule.effects.values()}
    assert signs == {True, False}  # the built-in rules count claims both for and against
    worded_by_claim = [rule for rule in ruleset.rules if rule.reason == claims[rule.claim].says]
    assert worded_by_claim, "some rules give no reason of their own"
    assert ruleset.gates
    for gate in ruleset.gates:
        assert gate.cite == claims[gate.claim].cite, gate.id
