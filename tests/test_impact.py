"""Whose advice an edit changes: the same people ranked under both rule sets
(`degreefit/ruleset/impact.py`)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.engine import Engine
from degreefit.ruleset.edits import edits
from degreefit.ruleset.impact import Person, Shift, impact, sample
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


@settings(max_examples=25, deadline=None)
@given(
    claim_index=st.integers(min_value=0, max_value=200), level=st.sampled_from(["strong", "moderate", "weak"])
)
def test_each_shift_is_what_ranking_its_example_under_both_gives(
    claim_index: int, level: str, tmp_path_factory: Any
) -> None:
    """Property: for any claim given any level, every shift the diff reports is borne out by
    its example person ranked under the old and the new rule set, and the counts add up."""
    old = load_ruleset()
    used = [c for c in old.claims if not c.unused]
    claim = used[claim_index % len(used)]
    rules = tmp_path_factory.mktemp("diff") / "rules"
    shutil.copytree(builtin_rules_dir(), rules)
    text = (rules / "claims.yaml").read_text(encoding="utf-8")
    start = text.index(f"- id: {claim.id}\n")
    at = text.index(f"level: {claim.level}", start)
    (rules / "claims.yaml").write_text(
        text[:at] + f"level: {level}" + text[at + len(f"level: {claim.level}") :], encoding="utf-8"
    )
    new = load_ruleset(rules)
    people = list(sample(new, 300, seed=random.Random(claim_index).randrange(1000)))
    effect = impact(old, new, people, "sample")
    assert effect.compared == 300
    reweighted = {(e.kind, e.how) for e in edits(old, new)}
    by_rules = {("rule", "reweighted")} if any(rule.claim == claim.id for rule in old.rules) else set()
    assert reweighted == (set() if level == claim.level else {("claim", "reweighted"), *by_rules})
    for shift in effect.shifts:
        answers = as_answer_values(dict(shift.example.data))
        before = Engine(old).standings(Engine(old).outcome(answers)).first
        after = Engine(new).standings(Engine(new).outcome(answers)).first
        assert (before, after) == (shift.before, shift.after)
        assert set(before) != set(after)
    if level == claim.level:
        assert effect.shifts == ()
