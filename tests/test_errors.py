"""The one error family (degreefit/errors.py): how a problem in a rule set reads, how a
RulesError sums its problems up, the exit code of each kind of error, what a failing command says
on stderr and the code it ends with, and an exhaustive branch that fails loudly on a value it does
not handle."""

from __future__ import annotations

import errno
from typing import Any

import pytest

from degreefit.errors import (
    EXIT_BAD_INPUT,
    EXIT_CANNOT_WRITE,
    EXIT_INTERRUPTED,
    AnswersError,
    CannotWrite,
    DegreefitError,
    Interrupted,
    Problem,
    RulesError,
    assert_never,
    exits_cleanly,
    note,
)

MISSPELT = Problem("rules/clinical.yaml", 12, "mmed-for-specialising", "unknown degree 'MMEd'")
MISSING = Problem("claims.yaml", 0, "", "file is missing")


def test_a_problem_reads_file_line_id_message() -> None:
    """A problem reads as `file:line: id: message`, ready to paste into an editor's go-to."""
    assert str(MISSPELT) == "rules/clinical.yaml:12: mmed-for-specialising: unknown degree 'MMEd'"


def test_a_problem_without_a_line_or_an_id_leaves_them_out() -> None:
    """A problem of a whole file has no line number and no id, and no empty `:` where they would be."""
    assert str(MISSING) == "claims.yaml: file is missing"
    assert str(Problem("scoring.yaml", 4, "", "a level needs a name")) == (
        "scoring.yaml:4: a level needs a name"
    )


def test_a_rules_error_with_one_problem_says_a_problem() -> None:
    """One problem: "has a problem", then the problem indented on its own line."""
    error = RulesError([MISSPELT])
    assert error.message == (
        "the rule set has a problem:\n  rules/clinical.yaml:12: mmed-for-specialising: unknown degree 'MMEd'"
    )
    assert error.problems == (MISSPELT,)


def test_a_rules_error_counts_its_problems_and_names_the_directory() -> None:
    """Several problems are counted; with a directory, it is named and each file put inside it."""
    error = RulesError([MISSPELT, MISSING], directory="/home/me/rules")
    assert error.message == (
        "the rule set in /home/me/rules has 2 problems:\n"
        "  /home/me/rules/rules/clinical.yaml:12: mmed-for-specialising: unknown degree 'MMEd'\n"
        "  /home/me/rules/claims.yaml: file is missing"
    )
    assert str(error) == error.message
    assert error.directory == "/home/me/rules"
    assert error.problems == (MISSPELT, MISSING)  # the problems themselves keep their own file names


@pytest.mark.parametrize(
    ("error", "code", "label"),
    [
        (AnswersError("goals: unknown value"), EXIT_BAD_INPUT, "error"),
        (RulesError([MISSING]), EXIT_BAD_INPUT, "error"),
        (CannotWrite("report.txt: disk full"), EXIT_CANNOT_WRITE, "error"),
        (Interrupted("your answers are kept"), EXIT_INTERRUPTED, "interrupted"),
    ],
)
def test_each_error_has_its_exit_code_and_label(error: DegreefitError, code: int, label: str) -> None:
    """Bad input exits 2, an output that cannot be written 1, an interruption 130 labelled so."""
    assert (error.exit_code, error.label) == (code, label)
    assert isinstance(error, DegreefitError)


def test_the_exit_codes_are_the_documented_ones() -> None:
    """The codes scripts rely on: 1 cannot write, 2 bad input, 130 interrupted (as for SIGINT)."""
    assert (EXIT_CANNOT_WRITE, EXIT_BAD_INPUT, EXIT_INTERRUPTED) == (1, 2, 130)


def test_an_error_keeps_its_message_as_given() -> None:
    """The message shown to the user is the one the error was raised with, line breaks and all."""
    error = AnswersError("answers.json: 2 problems:\n  goals: unknown")
    assert error.message == str(error) == "answers.json: 2 problems:\n  goals: unknown"


def test_a_user_error_is_one_labelled_line_per_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A DegreefitError's lines are each labelled; a list's indented lines stay under their heading."""
    with pytest.raises(SystemExit) as stop, exits_cleanly():
        raise AnswersError("answers.json: 2 problems:\n  goals: unknown\nsee degreefit schema")
    assert stop.value.code == 2
    assert capsys.readouterr().err == (
        "degreefit: error: answers.json: 2 problems:\n"
        "  goals: unknown\n"
        "degreefit: error: see degreefit schema\n"
    )


def test_an_interruption_is_labelled_so_and_exits_130(capsys: pytest.CaptureFixture[str]) -> None:
    """Stopping the questionnaire says what was kept under the label 'interrupted'."""
    with pytest.raises(SystemExit) as stop, exits_cleanly():
        raise Interrupted("nothing was kept")
    assert stop.value.code == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "degreefit: interrupted: nothing was kept\n"


def test_ctrl_c_anywhere_in_a_command_exits_130(capsys: pytest.CaptureFixture[str]) -> None:
    """Ctrl-C outside the questionnaire says 'interrupted' and exits 130, never a traceback."""
    with pytest.raises(SystemExit) as stop, exits_cleanly():
        raise KeyboardInterrupt
    assert stop.value.code == EXIT_INTERRUPTED
    assert capsys.readouterr().err == "\ndegreefit: interrupted\n"


def test_a_failing_stdout_says_why_and_exits_1(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk under stdout is one line naming the cause, exit 1."""
    monkeypatch.setattr("degreefit.errors.silence_stdout", lambda: None)  # keep pytest's capture
    with pytest.raises(SystemExit) as stop, exits_cleanly():
        raise OSError(errno.ENOSPC, "No space left on device")
    assert stop.value.code == EXIT_CANNOT_WRITE
    assert capsys.readouterr().err == "degreefit: error: cannot write the output: No space left on device\n"


def test_a_reader_that_went_away_ends_quietly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`degreefit ask ... | head`: the closed pipe is no error, exit 0 and nothing said."""
    monkeypatch.setattr("degreefit.errors.silence_stdout", lambda: None)
    with pytest.raises(SystemExit) as stop, exits_cleanly():
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")
    assert stop.value.code == 0
    assert capsys.readouterr().err == ""


def test_notes_and_warnings_are_labelled_like_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """A note reads `degreefit: note: ...`; a plain remark has no label."""
    note("note", "an interrupted run is kept")
    note("", "reading the answers (JSON) from the terminal; end with Ctrl-D")
    assert capsys.readouterr().err == (
        "degreefit: note: an interrupted run is kept\n"
        "degreefit: reading the answers (JSON) from the terminal; end with Ctrl-D\n"
    )


def test_an_unhandled_value_is_named_in_the_failure() -> None:
    """A kind added to the data but missed by a branch shows up as an error naming it."""
    unexpected: Any = "ranking"
    with pytest.raises(AssertionError, match="unhandled value: 'ranking'"):
        assert_never(unexpected)
