"""Whose advice an edit changes: the same people ranked under both rule sets
(`degreefit/ruleset/impact.py`)."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.engine import Engine
from degreefit.models import RuleSet
from degreefit.ruleset.edits import edits
from degreefit.ruleset.impact import Impact, Person, Shift, impact, sample
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from tests.helpers.cases import case, tiny_person, write_cases
from tests.helpers.diff import CONSULTANT, TIE, rules_diff, tiny_pair
from tests.helpers.edits import append
from tests.helpers.strategies import as_answer_values


def test_an_added_question_is_compared_where_both_can_answer(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    old, new = tiny_pair(rules_copy, tmp_path)
    write_cases(new, [case({"top": "MBA"}, CONSULTANT, id="consultant"), case({"top": ["MHA", "MBA"]}, TIE)])
    append(new, "questions.yaml", "\n  - id: likes_tea\n    kind: boolean\n    prompt: Do you like tea?\n")
    result = rules_diff(runner, old, new, "--sample", "50")
    assert result.exit_code == 0, result.output
    assert "  added      question likes_tea" in result.stdout
    # The samples are NEW's: they answer it. The test cases do not, and are skipped, saying why.
    assert "Its effect on 50 people" in result.stdout
    skipped = "2 skipped: could not be ranked under both rule sets (first: case consultant: not "
    assert skipped + "valid for NEW: missing required answers: likes_tea)" in " ".join(result.stdout.split())


def test_first_places_are_compared_as_sets_of_the_degrees_open_now(rules_copy: Path, tmp_path: Path) -> None:
    """A shift is a change of the set of degrees open now that share first place: the MMed made not
    open yet to a medical student gives way to the MHA and the MBA tied; the tie, listed in another
    order when degrees.yaml lists the MBA first, is no shift; a person whose points do not move is in
    no move."""
    old, new = tiny_pair(rules_copy, tmp_path)
    rules_file = old / "rules" / "tiny.yaml"
    rules_file.write_text(rules_file.read_text(encoding="utf-8").split("gates:")[0], encoding="utf-8")
    text = (new / "degrees.yaml").read_text(encoding="utf-8")
    mha, mba, end = (text.index(f"  - code: {code}") for code in ("MHA", "MBA", "MMed"))
    (new / "degrees.yaml").write_text(
        text[:mha] + text[mba:end] + text[mha:mba] + text[end:], encoding="utf-8"
    )
    student = tiny_person(
        "specialize_clinically",
        "policy_reform",
        specialty="surgery",
        clinical_status="medical_student",
        career_stage="student",
    )
    people = [Person("tie", TIE), Person("student", student), Person("consultant", CONSULTANT)]
    effect = impact(load_ruleset(old), load_ruleset(new), people, "three people")
    assert effect.compared == 3
    assert effect.shifts == (Shift(("MMed",), ("MBA", "MHA"), 1, people[1]),)
    assert effect.moves == ()


def _reweighted(claim_id: str, was: str, level: str, rules: Path) -> RuleSet:
    """The built-in rules, copied to `rules`, with one claim given another level."""
    shutil.copytree(builtin_rules_dir(), rules)
    text = (rules / "claims.yaml").read_text(encoding="utf-8")
    start = text.index(f"- id: {claim_id}\n")
    at = text.index(f"level: {was}", start)
    (rules / "claims.yaml").write_text(
        text[:at] + f"level: {level}" + text[at + len(f"level: {was}") :], encoding="utf-8"
    )
    return load_ruleset(rules)


def _first(ruleset: RuleSet, person: Person) -> tuple[str, ...]:
    """The degrees open now that share first place for the person under the rule set."""
    engine = Engine(ruleset)
    return engine.standings(engine.outcome(as_answer_values(dict(person.data)))).first


def _check_counts(old: RuleSet, new: RuleSet, people: list[Person], effect: Impact) -> None:
    """Each person is compared or skipped; the shifts are exactly the changes of first place found by
    ranking every person under both rule sets, each counted once, and with the people whose first place
    did not change they add up to all compared; each shift's example is one of its people."""
    assert effect.compared + effect.skipped == len(people)
    found: Counter[tuple[frozenset[str], frozenset[str]]] = Counter()
    unchanged = 0
    for person in people:
        before, after = _first(old, person), _first(new, person)
        if set(before) == set(after):
            unchanged += 1
        else:
            found[frozenset(before), frozenset(after)] += 1
    reported = {(frozenset(s.before), frozenset(s.after)): s.people for s in effect.shifts}
    assert len(reported) == len(effect.shifts)  # one shift for each change of first place
    assert reported == dict(found)
    assert effect.changed + unchanged == effect.compared
    assert [s.people for s in effect.shifts] == sorted((s.people for s in effect.shifts), reverse=True)
    for shift in effect.shifts:
        assert (_first(old, shift.example), _first(new, shift.example)) == (shift.before, shift.after)
        assert set(shift.before) != set(shift.after)


@settings(max_examples=25, deadline=None)
@given(
    claim_index=st.integers(min_value=0, max_value=200), level=st.sampled_from(["strong", "moderate", "weak"])
)
def test_the_counts_of_any_reweighting_add_up(claim_index: int, level: str, tmp_path_factory: Any) -> None:
    """Property: for any claim given any level, the shifts the diff reports are exactly what ranking
    each sampled person under the old and the new rule set gives, every person is counted once, and
    the counts add up to the people compared; a level left as it was shifts no one."""
    old = load_ruleset()
    used = [c for c in old.claims if not c.unused]
    claim = used[claim_index % len(used)]
    new = _reweighted(claim.id, claim.level, level, tmp_path_factory.mktemp("diff") / "rules")
    people = list(sample(new, 300, seed=random.Random(claim_index).randrange(1000)))
    effect = impact(old, new, people, "sample")
    assert (effect.compared, effect.skipped) == (300, 0)
    reweighted = {(e.kind, e.how) for e in edits(old, new)}
    by_rules = {("rule", "reweighted")} if any(rule.claim == claim.id for rule in old.rules) else set()
    assert reweighted == (set() if level == claim.level else {("claim", "reweighted"), *by_rules})
    _check_counts(old, new, people, effect)
    assert level != claim.level or effect.shifts == ()  # the same rule set shifts no one


def test_each_shift_is_what_ranking_its_example_under_both_gives(tmp_path: Path) -> None:
    """The first reweighting of a built-in claim (in claims.yaml order, each other level in turn) that
    shifts someone's first place: every shift reported is borne out by its example person, and the
    counts add up. (Most reweightings shift no one in a small sample: this one is sure to have some.)"""
    old = load_ruleset()
    for number, claim in enumerate(c for c in old.claims if not c.unused):
        for level in ("strong", "moderate", "weak"):
            if level == claim.level:
                continue
            new = _reweighted(claim.id, claim.level, level, tmp_path / f"{number}-{level}" / "rules")
            people = list(sample(new, 300, seed=number))
            effect = impact(old, new, people, "sample")
            if effect.shifts:
                _check_counts(old, new, people, effect)
                assert effect.changed >= len(effect.shifts) >= 1
                return
    pytest.fail("no reweighting of a built-in claim shifts anyone's first place")
