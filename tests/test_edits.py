"""What an edit of a rule set changes, item by item: added, removed, changed and reweighted
(`degreefit/ruleset/edits.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from typer.testing import CliRunner

if TYPE_CHECKING:
    from test_validate import append, edit, made_up_claim
else:
    from tests.test_validate import append, edit, made_up_claim

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from test_diff import BUILTIN, rules_diff
else:
    from tests.test_diff import BUILTIN, rules_diff


def test_items_added_removed_and_changed_are_each_named(runner: CliRunner, rules_copy: Path) -> None:
    append(rules_copy, "claims.yaml", made_up_claim("made-up"))
    append(
        rules_copy,
        "rules/extra.yaml",
        "rules:\n  - id: made-up-rule\n    claim: made-up\n    when: {wants_research: {is: true}}\n"
        "    effects: {MMed: for}\n",
    )
    edit(rules_copy, "scoring.yaml", "{name: weak, points: 1}", "{name: weak, points: 2}")
    edit(
        rules_copy,
        "questions.yaml",
        '      - {value: consulting, label: "Work in health-care consulting"}\n',
        "",
    )
    for text in ("consulting, ", ", consulting"):
        for name in ("rules/leadership.yaml", "rules/practicalities.yaml", "claims.yaml"):
            path = rules_copy / name
            path.write_text(path.read_text(encoding="utf-8").replace(text, ""), encoding="utf-8")
    result = rules_diff(runner, BUILTIN, rules_copy, "--sample", "300")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  added      claim made-up" in out
    assert ": moderate, of MMed" in out
    assert "  added      rule made-up-rule" in out
    assert ": claim made-up: MMed for" in out
    assert "  reweighted level weak" in out
    assert ": 1 -> 2 points (4 rules use it)" in out
    assert "  changed    question goals" in out
    assert ": choices removed: consulting" in out
    assert "  changed    rule mha-ideal-for-nonclinicians" in out
    assert "condition changed" in out
    assert "300 random answer sets" in out
