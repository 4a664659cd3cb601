"""Answers kept between runs: the resume file of an interrupted questionnaire, and
the answers file that `--save-answers` writes.

The resume file lives in the user's state directory (platformdirs), or in
DEGREEFIT_STATE_DIR when that is set. A completed run removes it.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from degreefit.answers import SCHEMA_VERSION, as_json, decode, value_problems
from degreefit.errors import AnswersError, CannotWrite, DegreefitError
from degreefit.files import write_atomically
from degreefit.models import AnswerValue, RuleSet

RESUME_FORMAT = 1


def resume_path() -> Path:
    """Where the answers of an interrupted run are kept."""
    configured = os.environ.get("DEGREEFIT_STATE_DIR")
    if configured:
        return Path(configured) / "resume.json"
    from platformdirs import user_state_path

    return user_state_path("degreefit") / "resume.json"


def save_progress(answers: Mapping[str, AnswerValue]) -> None:
    """Keep the answers given so far, so that an interruption loses nothing."""
    document = {"format": RESUME_FORMAT, "answers": as_json(answers)}
    # Progress is a convenience: when it cannot be written, the questionnaire goes on.
    with contextlib.suppress(OSError):
        write_atomically(resume_path(), json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def load_progress(ruleset: RuleSet) -> tuple[dict[str, AnswerValue], str]:
    """The answers kept by an interrupted run, and a notice when they could not be used."""
    path = resume_path()
    if not path.exists():
        return {}, f"no interrupted run to resume ({path} does not exist); starting afresh"
    try:
        document = decode(str(path), path.read_bytes())
    except (OSError, AnswersError) as err:
        return {}, f"could not use the saved answers ({_reason(err)}){_set_aside(path)}; starting afresh"
    answers = document.get("answers") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("format") != RESUME_FORMAT
        or not isinstance(answers, dict)
    ):
        return {}, f"{path} is not a resume file this version understands{_set_aside(path)}; starting afresh"
    questions = {q.id: q for q in ruleset.questions}
    problems = value_problems(answers, questions)
    if problems:
        unfit = f"the saved answers in {path} no longer fit the questions ({problems[0]})"
        return {}, f"{unfit}{_set_aside(path)}; starting afresh"
    return {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}, ""


def _set_aside(path: Path) -> str:
    """Move a resume file that cannot be used out of the way (so that it is not offered again),
    keeping it for the curious; say where it went."""
    aside = path.with_name(f"{path.stem}.unusable{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError:
        return ""
    return f"; it is kept as {aside}"


def _reason(err: Exception) -> str:
    return err.message if isinstance(err, DegreefitError) else str(err)


def clear_progress() -> None:
    """Forget the interrupted run (after a completed one)."""
    with contextlib.suppress(OSError):
        resume_path().unlink(missing_ok=True)


def save_answers(path: Path, answers: Mapping[str, AnswerValue]) -> None:
    """Write answers in the contract's format, usable with --answers."""
    document = {"schema_version": SCHEMA_VERSION, **as_json(answers)}
    try:
        write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    except OSError as err:
        raise CannotWrite(f"{path}: cannot write the answers: {err.strerror or err}") from None
