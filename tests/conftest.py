"""Fixtures shared by the tests: an isolated cache, the built-in rules, a CLI runner, personas."""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from degreefit.models import RuleSet
from degreefit.ruleset.load import builtin_rules_dir, digest, load_ruleset, read_files, rule_files
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


def _first(top: str | list[str]) -> str:
    return top if isinstance(top, str) else top[0]


# The six personas of the core issue, kept with the rules (rules/cases/personas.yaml), so that
# `degreefit rules test` and the test suite hold the rule set to the same people: answers,
# the degree listed first, and the eligibility each case expects.
PERSONAS: dict[str, tuple[dict[str, Any], str, dict[str, str]]] = {
    case["who"]: (case["answers"], _first(case["expect"]["top"]), case["expect"]["eligibility"])
    for case in shipped_cases("personas.yaml")
}

# Personas whose top pick is a tie: every degree tied for first, in the order listed.
TIES: dict[str, list[str]] = {
    case["who"]: case["expect"]["top"]
    for case in shipped_cases("personas.yaml")
    if isinstance(case["expect"]["top"], list)
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test run gets its own rule-set cache, and output as a dumb terminal shows it."""
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The built-in rule set."""
    return load_ruleset()


@pytest.fixture
def runner() -> CliRunner:
    """A CLI runner for the typer app."""
    return CliRunner()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in rules/ directory, for tests that break it."""
    target = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), target)
    return target


def persona_answers(name: str) -> dict[str, Any]:
    """A copy of one persona's answers."""
    return dict(PERSONAS[name][0])


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common umask (0022), under which a new file is readable by every user unless made
    private: so that a test of a private file means the same on every machine."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)
