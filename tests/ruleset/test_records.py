"""A rule, gate or note takes its points, cite and wording from its claim, and a cite is spelt as
its source spells it (`degreefit/ruleset/records.py`)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import DIFFERENCE, STRAIGHT_DIFFERENCE, ask, edit


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
