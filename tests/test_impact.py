"""Whose advice an edit changes: the same people ranked under both rule sets
(`degreefit/ruleset/impact.py`)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.engine import Engine
from degreefit.ruleset.edits import edits
from degreefit.ruleset.impact import impact, sample
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

if TYPE_CHECKING:
    from strategies import as_answer_values
    from test_validate import append
else:
    from tests.strategies import as_answer_values
    from tests.test_validate import append

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from test_diff import BUILTIN, rules_diff
else:
    from tests.test_diff import BUILTIN, rules_diff


def test_an_added_question_is_compared_where_both_can_answer(runner: CliRunner, rules_copy: Path) -> None:
    append(
        rules_copy,
        "questions.yaml",
        "\n  - id: likes_tea\n    kind: boolean\n    prompt: Do you like tea?\n",
    )
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "50")
    assert result.exit_code == 0, result.output
    assert "  added      question likes_tea" in result.stdout
    # The samples are NEW's: they answer it. The test cases do not, and are skipped, saying why.
    assert "Its effect on 50 people" in result.stdout
    skipped = "21 skipped: could not be ranked under both rule sets (first: case physician-executive: not "
    assert skipped + "valid for NEW: missing required answers: likes_tea)" in " ".join(result.stdout.split())


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
        before = Engine(old).tied_for_first(Engine(old).outcome(answers))
        after = Engine(new).tied_for_first(Engine(new).outcome(answers))
        assert (before, after) == (shift.before, shift.after)
    if level == claim.level:
        assert effect.shifts == ()
