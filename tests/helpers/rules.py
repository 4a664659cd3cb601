"""The built-in rule set and its test cases, read straight from the files."""

from __future__ import annotations

import functools
from typing import Any

import yaml

from degreefit.models import RuleSet
from degreefit.ruleset.load import builtin_rules_dir, digest, read_files, rule_files
from degreefit.ruleset.validate import read_rule_set


@functools.cache
def builtin_rules() -> RuleSet:
    """The built-in rule set read straight from its files, never from a cache: for tests that
    need it while they are collected, before the isolated cache of each test is set up."""
    where = builtin_rules_dir()
    files = read_files(where, rule_files(where))
    return read_rule_set(files, path=str(where), sha256=digest(files), builtin=True)


def shipped_cases(file: str) -> list[dict[str, Any]]:
    """The test cases of one file of the built-in rules (rules/cases/), as written."""
    with (builtin_rules_dir() / "cases" / file).open(encoding="utf-8") as handle:
        cases: list[dict[str, Any]] = yaml.safe_load(handle)["cases"]
    return cases
