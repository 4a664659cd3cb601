"""The guide for rule authors (rules/README.md) stays true to the rule set and the code: its
scale is scoring.yaml's, its operators are the ones conditions accept, its YAML parses, and it
walks through every command an advisor needs."""

from __future__ import annotations

import re

import yaml

from degreefit.kinds import OPS_BY_KIND
from degreefit.models import RuleSet
from degreefit.ruleset.load import builtin_rules_dir

GUIDE = (builtin_rules_dir() / "README.md").read_text(encoding="utf-8")


def test_the_guide_gives_the_scale_of_scoring_yaml(ruleset: RuleSet) -> None:
    rows = re.findall(r"^\| (\w+) \| (\d+) \|", GUIDE, flags=re.M)
    assert rows == [(level.name, str(level.points)) for level in ruleset.scoring.levels]


def test_the_guide_lists_every_operator_of_every_question_kind() -> None:
    table = GUIDE[GUIDE.index("| question kind |") : GUIDE.index("- **A question that was not asked**")]
    listed = set(re.findall(r"`(\w+)`", table))
    for operators in OPS_BY_KIND.values():
        assert operators <= listed


def test_every_yaml_example_of_the_guide_parses() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S)
    assert len(blocks) >= 5
    for block in blocks:
        assert yaml.safe_load(block) is not None


def test_the_guide_walks_through_each_step_with_real_output() -> None:
    for step in ("Add a source", "Add a claim", "Add a rule", "Add a test case", "Add a degree"):
        assert f". {step}" in GUIDE
    for command in ("rules check my-rules", "rules test my-rules", "rules diff rules my-rules"):
        assert f"$ degreefit {command}\n" in GUIDE
    for key in ("top", "top_one_of", "not_first", "eligibility", "reasons", "thinly_sourced", "group: NAME"):
        assert f"`{key}" in GUIDE
