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

from degreefit.answers import Answers, as_json, require_complete, validate
from degreefit.errors import AnswersError, CannotWrite, DegreefitError, Interrupted
from degreefit.inputfile import decode, read_source

if TYPE_CHECKING:
    from degreefit.ask.prompts import TerminalPrompter
    from degreefit.models import AnswerValue, RuleSet

Say = Callable[[str, str], None]
"""Where a warning or a note goes: called with its label ("warning", "note", or "" for a
plain remark) and its text."""


@dataclass(frozen=True)
class Gathered:
    """The complete answers; whether the resume file was in play (resumed or kept by this run);
    and whether some were typed in this run (asked, or `--answers -` on a terminal), so that
    they are nowhere else until the report or --save-answers holds them."""

    answers: Answers
    resumable: bool
    typed: bool = False


def source_of(answers: str | None, *, resume: bool, last: bool, save_to: str | None) -> str | None:
    """Where `gather` reads the answers from: --answers, or with --last the answers of the last
    report (never with --answers or --resume). Checked before any question, as --save-answers'
    target is: a person should not answer them in vain."""
    from degreefit.ask import resume as saved

    if last:
        if answers is not None or resume:
            clash = "--answers" if answers is not None else "--resume"
            raise DegreefitError(f"--last reads the answers of the last report; leave out {clash}")
        answers = saved.last_source()
    if save_to is not None:
        saved.check_save_target(save_to)
    return answers


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
    confirmed = False
    if resume:
        from degreefit.ask import resume as saved

        resumed, notice, confirmed = saved.load_progress(ruleset)
        if notice:
            say("note", notice)
    # Answers from the file win over answers kept by an interrupted run; say which, if any.
    replaced = [key for key, value in from_file.values.items() if key in resumed and resumed[key] != value]
    if replaced:
        say("note", f"{name} replaces what the interrupted run kept for {', '.join(replaced)}")
    given = validate(as_json({**resumed, **from_file.values}), ruleset, name=name)
    asked_here = False  # asked on this terminal, keeping the answers for --resume as it went
    typed = source == "-" and _stdin_is_terminal()
    # A run stopped at the review comes back to it: its answers are complete, not confirmed.
    review = bool(resumed) and not confirmed and not given.missing
    if on_terminal and (given.missing or review):
        if review:
            say("note", AT_THE_REVIEW)
        asked, asked_here = _ask_in_terminal(ruleset, from_file.values, resumed, offer=not resume, say=say)
        given = validate(as_json(asked), ruleset, name="your answers")
        typed = True
    elif source is None and not resume:
        raise AnswersError(
            "no answers given, and stdin is not a terminal to ask them on: pass --answers FILE, "
            f"or - to read them from stdin (required: {', '.join(given.missing)})"
        )
    return Gathered(require_complete(given, name=name), resumable=resume or asked_here, typed=typed)


def keep(gathered: Gathered, *, save_to: str | None, unshown: OSError | None = None) -> CannotWrite | None:
    """Write the answers to `save_to` if asked, keep those typed or resumed for --last, and forget
    the resume file now the run is whole.

    Called after the report: `unshown` is why it could not be written (stdout closed, a full
    disk), if it could not. Either failure is returned, not raised, and the answers outlive it:
    in the saved file, else in the resume file, else in the message itself. A report that
    could not be written is not this function's to tell when nothing typed is at stake.
    """
    values = gathered.answers.values
    from degreefit.ask import resume as saved

    if unshown is None and (gathered.typed or gathered.resumable):  # in no file the person has
        saved.keep_last(values)
    problems: list[str] = []
    if unshown is not None and gathered.typed:
        problems.append(f"cannot write the report: {unshown.strerror or unshown}")
    unsaved = False
    if save_to is not None:
        from degreefit.ask.resume import save_answers

        try:
            save_answers(Path(save_to), values)
        except CannotWrite as err:
            problems.append(err.message)
            unsaved = True
    said = "\n".join(problems)
    if not problems or (save_to is not None and not unsaved):  # the report or the file holds them
        if gathered.resumable:
            saved.clear_progress()  # the run is complete: nothing to resume
        if not problems:
            return None
        return CannotWrite(f"{said}; your answers are saved in {save_to}, for --answers")
    if gathered.resumable:
        failed = saved.save_progress(values, confirmed=True)  # the answers outlive the failure
        if not failed:
            return CannotWrite(f"{said}; your answers are kept for `degreefit ask --resume`")
        said += f"; nor could {'they' if unsaved else 'your answers'} be kept for --resume ({failed})"
        here = "here they are"
    elif gathered.typed:
        here = "here are your answers"
    else:
        return CannotWrite(said)  # the answers are in the file they came from
    return CannotWrite(f"{said}; {here}, to pass back with --answers:\n  {saved.answers_line(values)}")


def _stdin_is_terminal() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def _ask_in_terminal(
    ruleset: RuleSet,
    given: Mapping[str, AnswerValue],
    resumed: Mapping[str, AnswerValue],
    *,
    offer: bool,
    say: Say,
) -> tuple[dict[str, AnswerValue], bool]:
    """Run the questionnaire for whatever `given` lacks, keeping progress for --resume; return
    the answers, and whether this run kept them. With `offer` (no --resume), answers an
    interrupted run kept are never replaced unasked: the person chooses first (see _offer_kept)."""
    from degreefit.ask import resume as saved
    from degreefit.ask.prompts import TerminalPrompter
    from degreefit.ask.questionnaire import run

    prompter = TerminalPrompter()
    so_far: dict[str, AnswerValue] = dict(resumed)
    failed = ""  # why the last answers could not be kept, if they could not
    lock = saved.RunLock()
    keeping = lock.acquire()  # no other run is keeping its own answers in the resume file
    not_kept = "another run keeps its answers there"

    def save(answers: Mapping[str, AnswerValue]) -> None:
        nonlocal failed
        so_far.clear()
        so_far.update(answers)
        if keeping:
            failed = saved.save_progress(answers)

    if not keeping:
        say(
            "note",
            "another `degreefit ask` is answering now and keeps its answers for "
            "--resume; this run keeps none (use --save-answers to keep yours)",
        )
    try:
        if keeping and offer and saved.resume_path().exists():
            chosen, problem = _offer_kept(ruleset, prompter, given, say=say)
            so_far.update(chosen)
            if problem:
                keeping, not_kept = False, problem
        answers = run(ruleset, prompter, given=given, resumed=dict(so_far), save=save)
    except (KeyboardInterrupt, EOFError):
        if not so_far:
            earlier = lock.held and saved.resume_path().exists()  # the choice left them in place
            left = "the answers kept before are as they were" if earlier else "nothing was kept"
            raise Interrupted(f"stopped before the first answer; {left}") from None
        if keeping and not failed:
            where = saved.resume_path()
            raise Interrupted(
                f"your answers so far are kept in {where}; `degreefit ask --resume` picks up there"
            ) from None
        raise Interrupted(
            f"your answers so far could not be kept for --resume ({failed or not_kept}); here they are, "
            f"to pass back with --answers:\n  {saved.answers_line(so_far)}"
        ) from None
    finally:
        lock.release()
    return answers, keeping  # the caller forgets the progress once the answers are safe


AT_THE_REVIEW = "every question is answered; confirm your answers in the review, or change any"
_GO_ON, _REPLACE, _BOTH = "go_on", "replace", "both"


def _offer_kept(
    ruleset: RuleSet, prompter: TerminalPrompter, given: Mapping[str, AnswerValue], *, say: Say
) -> tuple[dict[str, AnswerValue], str]:
    """Before the first question, when an interrupted run's answers are kept, ask whether to go on
    with them, start over replacing them, or start over keeping them in a file of their own.
    Return the answers to go on from, and why this run cannot keep its own ("" when it can)."""
    from degreefit.ask import resume as saved
    from degreefit.ask.questionnaire import Step
    from degreefit.models import Choice, Question

    kept = saved.load_progress(ruleset)
    if kept.notice:  # unusable, and moved aside: there is nothing to replace
        say("note", kept.notice)
    if not kept.answers:
        return {}, ""
    count = len(kept.answers)
    question = Question(
        id="kept_answers",
        kind="single",
        prompt=f"An earlier run stopped with {count} answer{'' if count == 1 else 's'} kept. What now?",
        help="Starting over replaces them once you answer, unless you keep them in a file.",
        choices=(
            Choice(_GO_ON, "Go on with them, as `degreefit ask --resume` does"),
            Choice(_REPLACE, "Start over, and replace them"),
            Choice(_BOTH, "Start over, and keep them in a file of their own"),
        ),
    )
    reply = prompter.ask(question, default=None, step=Step(1, 1, can_go_back=False))
    if reply == _GO_ON:
        if not validate(as_json({**kept.answers, **given}), ruleset, name="your answers").missing:
            say("note", AT_THE_REVIEW)
        return kept.answers, ""
    if reply == _BOTH:
        try:
            aside = saved.keep_aside(kept.answers)
        except OSError as err:
            why = f"the earlier answers could not be moved aside: {err.strerror or err}"
            say("warning", f"{why}; they stay for --resume, and this run keeps none of its own")
            return {}, why
        import shlex

        again = f"degreefit ask --answers {shlex.quote(str(aside))}"
        say("note", f"the earlier answers are kept in {aside}; `{again}` goes on with them")
    return {}, ""
