"""What an edit of a rule set changes, item by item: added, removed, changed and reweighted
(`degreefit/ruleset/edits.py`)."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from degreefit.ruleset.load import load_ruleset
from tests.helpers.diff import BUILTIN, listed, rules_diff
from tests.helpers.edits import append, edit, made_up_claim


def test_items_added_removed_and_changed_are_each_named(runner: CliRunner, rules_copy: Path) -> None:
    append(rules_copy, "claims.yaml", made_up_claim("made-up"))
    append(
        rules_copy,
        "rules/extra.yaml",
        "rules:\n  - id: made-up-rule\n    claim: made-up\n    when: {wants_research: {is: true}}\n"
        "    effects: {MMed: for}\n",
    )
    edit(rules_copy, "scoring.yaml", "{name: weak, points: 1}", "{name: weak, points: 2}")
    # A goal that rules name only beside others, so every condition still names some goal without it.
    edit(
        rules_copy,
        "questions.yaml",
        "      - {value: global_health_organization, "
        'label: "Work for a global health organization such as the WHO"}\n',
        "",
    )
    for name in ("rules/clinical.yaml", "rules/practicalities.yaml", "claims.yaml"):
        path = rules_copy / name
        text = path.read_text(encoding="utf-8")
        assert ", global_health_organization]" in text
        path.write_text(text.replace(", global_health_organization]", "]"), encoding="utf-8")
    copy = load_ruleset(rules_copy)
    level_of = {claim.id: claim.level for claim in copy.claims}
    weak = sum(level_of[rule.claim] == "weak" for rule in copy.rules)
    assert weak > 0
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "300")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert {"claim made-up", "rule made-up-rule"} <= listed(out, "added")
    assert ": moderate, of MMed" in out
    assert ": claim made-up: MMed for" in out
    assert "  reweighted level weak" in out
    assert f": 1 -> 2 points ({weak} rules use it)" in out
    assert "  changed    question goals" in out
    assert ": choices removed: global_health_organization" in out
    # The rule whose condition named the goal is also reweighted (its claim is weak): one line says both.
    assert re.search(
        r"  reweighted rule mmed-opens-doors +: MMed for \([^)]*\) -> for \([^)]*\); condition\s+changed", out
    )
    assert re.search(r"  changed    claim mmed-opens-doors +: who changed", out)
    assert re.search(r"  changed    note mmed-weigh-against-goals +: condition changed", out)
    assert "300 random answer sets" in out
