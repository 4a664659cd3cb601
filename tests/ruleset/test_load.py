"""The files of a rule set: every missing one named in load order, and files that are no files (a
FIFO, a device, a socket, a broken link, one too large) refused without reading them
(`degreefit/ruleset/load.py`)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.errors import RulesError
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import ask, heading, listed, problems_of
from tests.helpers.process import run_degreefit


def test_every_missing_required_file_is_reported_in_load_order(rules_copy: Path) -> None:
    """Several missing required files are all listed, in load order, relative to the rule set."""
    for name in ("scoring.yaml", "questions.yaml"):
        (rules_copy / name).unlink()
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert caught.value.message == (
        f"the rule set in {rules_copy.resolve()} has 2 problems:\n"
        f"  {rules_copy}/questions.yaml: file is missing\n"
        f"  {rules_copy}/scoring.yaml: file is missing"
    )


def test_claims_yaml_is_required(rules_copy: Path) -> None:
    """A rule set without claims.yaml is refused naming the missing file: rules have nothing to rest on."""
    (rules_copy / "claims.yaml").unlink()
    assert problems_of(rules_copy) == ["claims.yaml: file is missing"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", ["rules/pipe.yaml", "questions.yaml"])
def test_a_fifo_as_a_rule_file_is_refused_without_waiting(
    rules_copy: Path, name: str, answers_file: Path
) -> None:
    """A FIFO named like a rule file (nothing ever writes to it) is refused at once by `rules check` and
    `ask --rules`, exit 2 naming the file, instead of waiting for ever."""
    (rules_copy / name).unlink(missing_ok=True)
    os.mkfifo(rules_copy / name)
    said = f"{rules_copy}/{name}: is a FIFO (a named pipe), not a file; a rule file is YAML text"
    checked = run_degreefit("rules", "check", str(rules_copy), cache="")
    assert (checked.returncode, checked.stdout.splitlines()[0]) == (2, said)
    asked = run_degreefit("ask", "--rules", str(rules_copy), "--answers", str(answers_file), cache="")
    assert (asked.returncode, asked.stdout) == (2, "")
    assert asked.stderr == heading(rules_copy, 1) + f"  {said}\n"


def test_a_link_to_what_is_no_file_is_refused_without_reading_it(rules_copy: Path, socket_file: Path) -> None:
    """A rule file that is a symbolic link to something that is no file (a socket here, as it would
    be to a device such as /dev/zero, which never stops giving bytes) is refused without being read,
    naming the file; so is a folder named like a rule file."""
    (rules_copy / "rules" / "socket.yaml").symlink_to(socket_file)
    (rules_copy / "rules" / "folder.yaml").mkdir()
    checked = run_degreefit("rules", "check", str(rules_copy), cache="")
    assert checked.returncode == 2
    assert checked.stdout.splitlines()[:2] == [
        f"{rules_copy}/rules/folder.yaml: is a folder, not a file; a rule file is YAML text",
        f"{rules_copy}/rules/socket.yaml: is a socket, not a file; a rule file is YAML text",
    ]


def test_a_rule_file_over_the_size_cap_is_refused(rules_copy: Path) -> None:
    """A rule file larger than 8 MB (a sparse file here: it takes no disk) is refused naming it, unread."""
    with (rules_copy / "rules" / "huge.yaml").open("wb") as huge:
        huge.truncate(9 * 1024 * 1024)
    assert problems_of(rules_copy) == ["rules/huge.yaml: is larger than 8 MB; a rule file is a few kilobytes"]


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("nowhere.yaml", "is a symbolic link to nowhere.yaml, which does not exist"),
        ("loop.yaml", "is a symbolic link that leads back to itself (a loop), not a file"),
    ],
    ids=["dangling", "loop"],
)
def test_a_broken_link_in_a_rules_folder_is_named_with_exit_2(
    rules_copy: Path, runner: CliRunner, answers_file: Path, target: str, said: str
) -> None:
    """A dangling symbolic link, or one in a loop, among the rule files: `ask` and `rules check` exit 2
    naming the file once, inside the rule set (not "cannot write the output", not the path twice)."""
    (rules_copy / "rules" / "loop.yaml").symlink_to(target)
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + listed(rules_copy, f"rules/loop.yaml: {said}")
    result = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == f"{rules_copy}/rules/loop.yaml: {said}"


READ_A_FIFO = """\
import sys
from pathlib import Path
from degreefit.errors import RulesError
from degreefit.ruleset.load import read_files
try:
    read_files(Path(sys.argv[1]), ["rules/pipe.yaml"])
except RulesError as err:
    print(err.problems[0])
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_rule_file_swapped_for_a_fifo_after_listing_is_refused_when_read(rules_copy: Path) -> None:
    """A file that became a FIFO after the rule files were listed is refused when it is opened, at once."""
    os.mkfifo(rules_copy / "rules" / "pipe.yaml")
    done = run_degreefit(str(rules_copy), code=READ_A_FIFO)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "rules/pipe.yaml: is a FIFO (a named pipe), not a file; a rule file is YAML text\n"
