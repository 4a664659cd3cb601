"""Fixtures shared by the tests: an isolated cache, the built-in rules, a CLI runner, personas."""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from tests.helpers.personas import PHYSICIAN, persona_answers


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


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The common umask (0022), under which a new file is readable by every user unless made
    private: so that a test of a private file means the same on every machine."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """A complete, valid answers file: the mid-career physician persona's answers."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


@pytest.fixture
def socket_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A Unix socket in tmp_path: a path that is no regular file, folder or FIFO, and that no open()
    can read. It stands in for a device (such as /dev/zero), which no test may touch."""
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("Unix sockets are POSIX")
    with socket.socket(socket.AF_UNIX) as server:
        with monkeypatch.context() as here:  # bind a short relative name: a socket's path is limited
            here.chdir(tmp_path)
            server.bind("socket")
        yield tmp_path / "socket"
