"""Answers kept between runs: the resume file of an interrupted questionnaire, the answers
of the last report (for --last), and the answers file that `--save-answers` writes.

The resume file lives in the user's state directory (platformdirs), or in
DEGREEFIT_STATE_DIR when that is set. A completed run removes it. Answers about a person's
career are theirs alone: every file written here is readable by its owner only (0600).
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from degreefit.answers import SCHEMA_VERSION, as_json, value_problems
from degreefit.atomicwrite import write_atomically
from degreefit.conditions import by_id
from degreefit.errors import AnswersError, CannotWrite, DegreefitError
from degreefit.inputfile import MAX_BYTES, decode
from degreefit.models import AnswerValue, RuleSet

RESUME_FORMAT = 1
PRIVATE = 0o600  # the mode of every file of answers degreefit makes


def state_dir() -> Path:
    """The folder of degreefit's own files: the resume file, its lock, the last answers."""
    configured = os.environ.get("DEGREEFIT_STATE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_state_path

    return user_state_path("degreefit")


def resume_path() -> Path:
    """Where the answers of an interrupted run are kept."""
    return state_dir() / "resume.json"


def last_path() -> Path:
    """Where the answers of the last report made from a terminal session are kept, for --last."""
    return state_dir() / "last.json"


def keep_last(answers: Mapping[str, AnswerValue]) -> None:
    """Keep the answers of the report just made, so that `ask --last` makes it again in any format.
    A convenience: when they cannot be kept, the report was made all the same, and --last says
    that nothing is kept."""
    with contextlib.suppress(OSError):
        _write_private(last_path(), _answers_text(answers))


def last_source() -> str:
    """The file of the answers kept by keep_last, to read as --answers; an error when there is none."""
    path = last_path()
    if not path.is_file():
        raise DegreefitError(
            f"--last: no answers are kept from an earlier report ({path} does not exist); "
            "answer the questions with `degreefit ask` first"
        )
    return str(path)


def _write_private(path: Path, text: str) -> None:
    """Write one of degreefit's own files: 0600 whatever it was before, never through a link,
    in a folder that only its owner can open when it is made here. Raise OSError on failure."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(path, text, follow_links=False, mode=PRIVATE, keep_mode=False)


def save_progress(answers: Mapping[str, AnswerValue], *, confirmed: bool = False) -> str:
    """Keep the answers given so far, so that an interruption loses nothing; return why they
    could not be kept ("" when they were). The questionnaire goes on either way, and says so
    only if it stops. A resume file that is a symbolic link is replaced, never written through.
    `confirmed`: the person confirmed them in the review (only the report is missing), so a
    resumed run need not show the review again."""
    document: dict[str, object] = {"format": RESUME_FORMAT, "answers": as_json(answers)}
    if confirmed:
        document["confirmed"] = True
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    try:
        _write_private(resume_path(), text)
    except OSError as err:
        return f"{resume_path()} cannot be written: {err.strerror or err}"
    return ""


def answers_line(answers: Mapping[str, AnswerValue]) -> str:
    """The answers as one line of JSON, for a person to keep when no file could."""
    return json.dumps({"schema_version": SCHEMA_VERSION, **as_json(answers)}, ensure_ascii=False)


class RunLock:
    """Held while a questionnaire runs, so that two `ask` runs at once do not keep their answers
    in one resume file, each told its own are kept: the second one keeps none, and says so.
    An advisory lock (flock) on resume.lock beside the resume file; the system drops it when
    the process ends, however it ends. Where locks are not to be had, every run may keep.

    The lock file is removed when the run ends, while still locked. A run that opened it just
    before (and so locks a file no longer there) sees, once it has the lock, that the name now
    leads elsewhere or nowhere, and tries again: two runs never both hold "the" lock. A run killed
    leaves the file, unlocked, and the next run takes it."""

    _TRIES = 10  # each retry means another run removed the file between our open and our lock

    def __init__(self) -> None:
        self.held = False
        self._handle: int | None = None
        self._path: Path | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another run holds it."""
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, as before
            return True
        path = resume_path().with_name("resume.lock")
        for _ in range(self._TRIES):
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
            except OSError:  # the state directory cannot be written: saving will say so
                return True
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if _same_file(handle, path):
                    self._handle, self._path, self.held = handle, path, True
                    return True
            except OSError:
                os.close(handle)
                return False
            os.close(handle)  # locked a file its holder removed as it ended: try the new one
        return False

    def release(self) -> None:
        if self._handle is not None:
            if self._path is not None:
                with contextlib.suppress(OSError):  # removed while locked (see the class)
                    os.unlink(self._path)
            os.close(self._handle)  # closing drops the lock
            self._handle = None
            self.held = False


def _same_file(handle: int, path: Path) -> bool:
    """Whether `path` still names the open file `handle` (not removed, nor replaced)."""
    try:
        named = os.stat(path, follow_symlinks=False)
    except FileNotFoundError:
        return False
    opened = os.fstat(handle)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


class Progress(NamedTuple):
    """What an interrupted run kept: its answers, whether they were confirmed in the review, and
    a notice when they could not be used (then there are none)."""

    answers: dict[str, AnswerValue]
    notice: str = ""
    confirmed: bool = False


def load_progress(ruleset: RuleSet) -> Progress:
    """The answers kept by an interrupted run, and a notice when they could not be used."""
    path = resume_path()
    if not path.exists():
        return Progress({}, f"no interrupted run to resume ({path} does not exist); starting afresh")
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would never end, a device never stop
            return Progress({}, f"{path} is not a regular file{_set_aside(path)}; starting afresh")
        with path.open("rb") as handle:
            document = decode(str(path), handle.read(MAX_BYTES + 1))
    except (OSError, AnswersError) as err:
        unusable = f"could not use the saved answers ({_reason(err)}){_set_aside(path)}"
        return Progress({}, f"{unusable}; starting afresh")
    answers = document.get("answers") if isinstance(document, dict) else None
    if (
        not isinstance(document, dict)
        or document.get("format") != RESUME_FORMAT
        or not isinstance(answers, dict)
    ):
        unknown = f"{path} is not a resume file this version understands{_set_aside(path)}"
        return Progress({}, f"{unknown}; starting afresh")
    questions = by_id(ruleset.questions)
    problems = value_problems(answers, questions)
    if problems:
        unfit = f"the saved answers in {path} no longer fit the questions ({problems[0]})"
        return Progress({}, f"{unfit}{_set_aside(path)}; starting afresh")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in answers.items()}
    return Progress(values, confirmed=document.get("confirmed") is True)


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


def check_save_target(path: str) -> None:
    """Refuse at once a --save-answers that can only fail or surprise: stdout (`-`, which
    would be a file named "-"), or a folder (`new/` would be a file named "new")."""
    if path == "-":
        raise DegreefitError(
            "--save-answers -: stdout has the report; name a file for the answers (./- for a file named -)"
        )
    if not path:
        raise DegreefitError("--save-answers needs a file name")
    if os.path.isdir(path):
        raise DegreefitError(f"{path}: cannot write the answers: it is a folder; name a file in it")
    if path.endswith(("/", os.sep)):  # Path() would drop the slash, and write a file of that name
        raise DegreefitError(f"{path}: cannot write the answers: no such folder; name a file, not a folder")


def keep_aside(answers: Mapping[str, AnswerValue]) -> Path:
    """Move an interrupted run's answers out of the resume file into a file of their own beside it,
    in the format --answers reads, named by when they were kept; return where. Raise OSError."""
    path = resume_path()
    import time

    stamp = time.strftime("%Y-%m-%d-%H%M%S", time.localtime(path.stat().st_mtime))
    aside, count = path.with_name(f"answers-{stamp}.json"), 1
    while aside.exists() or aside.is_symlink():
        count += 1
        aside = path.with_name(f"answers-{stamp}-{count}.json")
    _write_private(aside, _answers_text(answers))
    path.unlink()
    return aside


def _answers_text(answers: Mapping[str, AnswerValue]) -> str:
    """Answers in the contract's format, as a file --answers reads."""
    document = {"schema_version": SCHEMA_VERSION, **as_json(answers)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def save_answers(path: Path, answers: Mapping[str, AnswerValue]) -> None:
    """Write answers in the contract's format, usable with --answers: a new file readable by its
    owner only (0600), a file replaced keeping its mode (a person who shared it meant to)."""
    try:
        write_atomically(path, _answers_text(answers), mode=PRIVATE)
    except (FileExistsError, NotADirectoryError):  # a file stands where a folder on the way should
        blocked = next((p for p in path.parents if p.exists() and not p.is_dir()), path.parent)
        raise CannotWrite(f"{path}: cannot write the answers: {blocked} is a file, not a folder") from None
    except OSError as err:
        raise CannotWrite(f"{path}: cannot write the answers: {err.strerror or err}") from None
