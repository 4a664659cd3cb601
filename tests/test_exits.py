"""Errors to exit codes: what a failing command says on stderr, and the code it ends with."""

from __future__ import annotations

import errno

import pytest

from degreefit.errors import (
    EXIT_CANNOT_WRITE,
    EXIT_INTERRUPTED,
    AnswersError,
    Interrupted,
    exits_cleanly,
    note,
)


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
