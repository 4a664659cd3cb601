"""Helpers for the `rules diff` tests: the built-in rules, a tiny pair of rule sets, running `rules diff`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.cases import tiny_person, tiny_rules

BUILTIN = str(builtin_rules_dir())


TIE = tiny_person("policy_reform")


CONSULTANT = tiny_person("policy_reform", "consulting")


def rules_diff(runner: CliRunner, old: Path | str, new: Path | str, *args: str) -> Any:
    result = runner.invoke(app, ["rules", "diff", str(old), str(new), *args])
    assert "Traceback" not in result.output
    return result


def tiny_pair(rules_copy: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the tests' small rule set (`tiny_rules`): OLD, and NEW to edit."""
    old = tiny_rules(rules_copy)
    new = tmp_path / "new"
    shutil.copytree(old, new)
    return old, new


def listed(out: str, how: str) -> set[str]:
    """What the edits part of `rules diff` lists as `how` (added, removed, reweighted...): each its
    kind and id, e.g. "claim made-up"."""
    return set(re.findall(rf"^  {how} +(\S+ \S+)", out, re.M))
