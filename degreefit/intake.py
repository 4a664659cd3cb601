"""Gather the answers for `ask`: from a file or stdin, from an interrupted run, and from the
person at the terminal; then keep them (--save-answers) or forget them (the resume file).

It prints nothing: warnings and notes go to the `say` callback, so the command line decides
where they appear, and tests can collect them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from degreefit.answerfile import decode, read_source
from degreefit.answers import Answers, as_json, require_complete, validate
from degreefit.errors import AnswersError, CannotWrite, Interrupted

if TYPE_CHECKING:
    from degreefit.models import AnswerValue, RuleSet

Say = Callable[[str, str], None]
"""Where a warning or a note goes: called with its label ("warning", "note", or "" for a
plain remark) and its text."""


@dataclass(frozen=True)
class Gathered:
    """The complete answers, and whether the resume file was in play (resumed or kept by this run)."""

    answers: Answers
    resumable: bool


def gather(ruleset: RuleSet, *, source: str | None, resume: bool, say: Say) -> Gathered:
    """Every answer, from `source` (a file, or "-" for stdin) over a resumed run's, the rest asked
    on the terminal; without a terminal, whatever is missing is an AnswersError."""
    name, data = "your answers", cast("object", {})
    if source is not None:
        if not source:
            raise AnswersError("--answers needs a file name, or - to read stdin")
        if source == "-" and _stdin_is_terminal():  # else it would wait unseen
            say("", "reading the answers (JSON) from the terminal; end with Ctrl-D")
        name, raw = read_source(source)
        data = decode(name, raw)
    on_terminal = source != "-" and _stdin_is_terminal()
    # Nothing will be asked or resumed: a wrong value is reported with what is missing too.
    from_file = validate(data, ruleset, name=name, complete=not on_terminal and not resume)
    for warning in from_file.warnings:
        say("warning", warning)
    resumed: dict[str, AnswerValue] = {}
    if resume:
        from degreefit import resume as saved

        resumed, notice = saved.load_progress(ruleset)
        if notice:
            say("note", notice)
    # Answers from the file win over answers kept by an interrupted run; say which, if any.
    replaced = [key for key, value in from_file.values.items() if key in resumed and resumed[key] != value]
    if replaced:
        say("note", f"{name} replaces what the interrupted run kept for {', '.join(replaced)}")
    given = validate(as_json({**resumed, **from_file.values}), ruleset, name=name)
    asked_here = False  # asked on this terminal, keeping the answers for --resume as it went
    if given.missing and on_terminal:
        asked, asked_here = _ask_in_terminal(ruleset, from_file.values, resumed, say=say)
        given = validate(as_json(asked), ruleset, name="your answers")
    elif source is None and not resume:
        raise AnswersError(
            "no answers given, and stdin is not a terminal to ask them on: pass --answers FILE, "
            f"or - to read them from stdin (required: {', '.join(given.missing)})"
        )
    return Gathered(require_complete(given, name=name), resumable=resume or asked_here)


def keep(gathered: Gathered, *, save_to: str | None) -> CannotWrite | None:
    """Write the answers to `save_to` if asked, and forget the resume file now the run is whole.

    A failed save is returned, not raised, so the report is shown all the same; the answers
    then stay in the resume file, or, when even that fails, the message carries them.
    """
    values = gathered.answers.values
    unsaved: CannotWrite | None = None
    if save_to is not None:
        from degreefit.resume import save_answers

        try:
            save_answers(Path(save_to), values)
        except CannotWrite as err:
            unsaved = err
    if not gathered.resumable:
        return unsaved
    from degreefit import resume as saved

    if unsaved is None:
        saved.clear_progress()  # the run is complete: nothing to resume
        return None
    failed = saved.save_progress(values)  # the answers outlive the failed save
    kept = (
        "; your answers are kept for `degreefit ask --resume`"
        if not failed
        else f"; nor could they be kept for --resume ({failed}); here they are, "
        f"to pass back with --answers:\n  {saved.answers_line(values)}"
    )
    return CannotWrite(unsaved.message + kept)


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask_in_terminal(
    ruleset: RuleSet,
    given: Mapping[str, AnswerValue],
    resumed: Mapping[str, AnswerValue],
    *,
    say: Say,
) -> tuple[dict[str, AnswerValue], bool]:
    """Run the questionnaire for whatever `given` lacks, keeping progress for --resume; return
    the answers, and whether this run kept them (no other run was keeping its own)."""
    from degreefit import resume as saved
    from degreefit.prompts import TerminalPrompter
    from degreefit.questionnaire import run

    so_far: dict[str, AnswerValue] = dict(resumed)
    failed = ""  # why the last answers could not be kept, if they could not
    lock = saved.RunLock()
    alone = lock.acquire()

    def save(answers: Mapping[str, AnswerValue]) -> None:
        nonlocal failed
        so_far.clear()
        so_far.update(answers)
        if alone:  # another run keeps its own answers in the resume file: leave them be
            failed = saved.save_progress(answers)

    if not alone:
        say(
            "note",
            "another `degreefit ask` is answering now and keeps its answers for "
            "--resume; this run keeps none (use --save-answers to keep yours)",
        )
    elif not resumed and saved.resume_path().exists():
        say("note", "an interrupted run is kept; `degreefit ask --resume` goes on with it")
    try:
        answers = run(ruleset, TerminalPrompter(), given=given, resumed=resumed, save=save)
    except (KeyboardInterrupt, EOFError):
        if not so_far:
            raise Interrupted("stopped before the first answer; nothing was kept") from None
        if alone and not failed:
            where = saved.resume_path()
            raise Interrupted(
                f"your answers so far are kept in {where}; `degreefit ask --resume` picks up there"
            ) from None
        why = failed or "another run keeps its answers there"
        raise Interrupted(
            f"your answers so far could not be kept for --resume ({why}); here they are, "
            f"to pass back with --answers:\n  {saved.answers_line(so_far)}"
        ) from None
    finally:
        lock.release()
    return answers, alone  # the caller forgets the progress once the answers are safe
