"""Answers kept between runs: the resume file and --save-answers."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.ask import resume
from degreefit.cli import app
from degreefit.models import RuleSet
from tests.helpers.personas import PERSONAS
from tests.helpers.process import run_degreefit
from tests.helpers.strategies import as_answer_values

PHYSICIAN = as_answer_values(PERSONAS["mid-career physician leading inside a health system"][0])


@pytest.fixture
def state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private state directory for the resume file."""
    directory = tmp_path / "state"
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(directory))
    return directory


def test_saved_progress_loads_back_unchanged(ruleset: RuleSet, state: Path) -> None:
    """What an interrupted run kept is exactly what --resume starts from."""
    partial = {k: PHYSICIAN[k] for k in ("clinical_status", "career_stage", "goals")}
    resume.save_progress(partial)
    assert resume.load_progress(ruleset) == (partial, "", False)


def test_answers_confirmed_in_the_review_are_kept_as_confirmed(ruleset: RuleSet, state: Path) -> None:
    """Answers kept after the review was confirmed (the report could not be written) say so, so
    that --resume shows the report; answers kept as they were given do not."""
    resume.save_progress(PHYSICIAN, confirmed=True)
    assert resume.load_progress(ruleset) == (PHYSICIAN, "", True)
    resume.save_progress(PHYSICIAN)
    assert resume.load_progress(ruleset).confirmed is False


def test_saving_progress_writes_no_temporary_files_beside_it(state: Path) -> None:
    """The resume file is written through a rename; nothing else is left in the state directory."""
    resume.save_progress(PHYSICIAN)
    resume.save_progress(PHYSICIAN)
    assert sorted(p.name for p in state.iterdir()) == ["resume.json"]


def test_missing_resume_file_says_there_is_nothing_to_resume(ruleset: RuleSet, state: Path) -> None:
    """--resume with no interrupted run starts afresh and says why."""
    answers, notice, _ = resume.load_progress(ruleset)
    assert answers == {}
    assert notice == f"no interrupted run to resume ({state / 'resume.json'} does not exist); starting afresh"


@pytest.mark.parametrize(
    ("content", "notice"),
    [
        ("{not json", "could not use the saved answers"),
        ('{"format": 99, "answers": {}}', "is not a resume file this version understands"),
        ('{"format": 1, "answers": {"clinical_status": "astronaut"}}', "no longer fit the questions"),
        ('{"format": 1, "answers": {"retired_question": true}}', "no longer fit the questions"),
        ("[]", "is not a resume file this version understands"),
    ],
    ids=["corrupt", "other-format", "unknown-value", "unknown-question", "not-an-object"],
)
def test_unusable_resume_file_gives_a_notice_and_a_fresh_start(
    ruleset: RuleSet, state: Path, content: str, notice: str
) -> None:
    """A corrupt or outdated resume file is never a crash: a notice, no answers, and the file moved
    aside to resume.unusable.json, so that later runs stop mentioning it."""
    state.mkdir()
    (state / "resume.json").write_text(content, encoding="utf-8")
    answers, message, _ = resume.load_progress(ruleset)
    assert answers == {}
    assert notice in message
    aside = state / "resume.unusable.json"
    assert message.endswith(f"; it is kept as {aside}; starting afresh")
    # Set aside, it is not offered again (a plain `ask` would ask what to do with it), nor lost.
    assert not (state / "resume.json").exists()
    assert aside.read_text(encoding="utf-8") == content
    assert resume.load_progress(ruleset)[1].startswith("no interrupted run to resume")


def test_clearing_progress_removes_the_resume_file(state: Path) -> None:
    """A completed run leaves no resume file behind (and clearing twice is fine)."""
    resume.save_progress(PHYSICIAN)
    resume.clear_progress()
    resume.clear_progress()
    assert not (state / "resume.json").exists()


def test_resume_without_a_terminal_uses_the_kept_answers(runner: CliRunner, state: Path) -> None:
    """`ask --resume` with stdin not a terminal scores the kept answers and removes the file."""
    resume.save_progress(PHYSICIAN)
    result = runner.invoke(app, ["ask", "--resume", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["top"] == "MMM"
    assert not (state / "resume.json").exists()


def test_resume_without_a_terminal_lists_what_is_still_missing(runner: CliRunner, state: Path) -> None:
    """Kept answers that are incomplete, with nothing to ask on, give exit 2 naming the missing ids."""
    resume.save_progress({k: PHYSICIAN[k] for k in ("clinical_status", "career_stage")})
    result = runner.invoke(app, ["ask", "--resume", "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr == (
        "degreefit: error: your answers: missing required answers: goals, keep_practicing, study_format, "
        "max_years, wants_research, recognition_importance, can_reduce_income\n"
    )
    assert (state / "resume.json").exists(), "nothing the user typed is lost"


def test_answers_file_wins_over_kept_answers(runner: CliRunner, state: Path, tmp_path: Path) -> None:
    """With --resume and --answers, the file's answers replace the kept ones, and a note says which."""
    resume.save_progress({**PHYSICIAN, "recognition_importance": "high"})
    override = tmp_path / "override.json"
    override.write_text('{"recognition_importance": "low", "max_years": 2}', encoding="utf-8")
    assert PHYSICIAN["max_years"] == 2  # the same answer as kept: nothing replaced there
    result = runner.invoke(app, ["ask", "--resume", "--answers", str(override), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["recognition_importance"] == "low"
    assert result.stderr == (
        f"degreefit: note: {override} replaces what the interrupted run kept for recognition_importance\n"
    )


def test_save_answers_writes_a_file_that_answers_reads_back(runner: CliRunner, tmp_path: Path) -> None:
    """--save-answers writes the answers so that --answers on that file gives the identical report."""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(PERSONAS["resident specialising in surgery"][0]), encoding="utf-8")
    saved = tmp_path / "out" / "saved.json"
    first = runner.invoke(app, ["ask", "-a", str(source), "-f", "json", "--save-answers", str(saved)])
    second = runner.invoke(app, ["ask", "-a", str(saved), "-f", "json"])
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert json.loads(saved.read_text(encoding="utf-8"))["schema_version"] == 1
    assert [p.name for p in saved.parent.iterdir()] == ["saved.json"]


def test_save_answers_to_an_unwritable_place_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    """A --save-answers path that cannot be written exits 1 with one line naming it, after the report."""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(PERSONAS["resident specialising in surgery"][0]), encoding="utf-8")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "saved.json"  # a path under a regular file
    result = runner.invoke(app, ["ask", "-a", str(source), "--save-answers", str(target)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"degreefit: error: {target}: cannot write the answers: ")
    assert result.stderr.count("\n") == 1
    assert result.stdout.startswith("Best fit: MMed")  # the report is shown all the same


def test_a_failed_save_keeps_the_resumed_answers(runner: CliRunner, state: Path, tmp_path: Path) -> None:
    """`ask --resume --save-answers PATH` whose PATH cannot be written still shows the report, exits 1,
    and keeps the answers for another --resume: they are not lost with the failed save."""
    resume.save_progress(PHYSICIAN)
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["ask", "--resume", "--save-answers", str(blocker / "saved.json")])
    assert result.exit_code == 1
    assert result.stdout.startswith("Best fit: MMM")
    assert result.stderr.rstrip("\n").endswith("; your answers are kept for `degreefit ask --resume`")
    assert json.loads((state / "resume.json").read_text(encoding="utf-8"))["answers"] == {
        k: list(v) if isinstance(v, tuple) else v for k, v in PHYSICIAN.items()
    }


def test_save_answers_through_a_symlink_writes_the_file_it_names(runner: CliRunner, tmp_path: Path) -> None:
    """--save-answers to a symlink writes the file the link names and leaves the link a link (a
    rename would have replaced the link with a file)."""
    source = tmp_path / "in.json"
    source.write_text(json.dumps(PERSONAS["resident specialising in surgery"][0]), encoding="utf-8")
    real = tmp_path / "kept" / "mine.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "mine.json"
    link.symlink_to(real)
    result = runner.invoke(app, ["ask", "-a", str(source), "--save-answers", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["schema_version"] == 1


def test_progress_that_cannot_be_kept_says_why(state: Path) -> None:
    """When the state directory cannot be made (its parent is a file), saving says so, so that
    no one is told their answers are kept."""
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("a file where the folder should be", encoding="utf-8")
    failed = resume.save_progress(PHYSICIAN)
    assert failed.startswith(f"{state / 'resume.json'} cannot be written: ")


def test_a_resume_file_that_is_a_link_is_replaced_not_written_through(state: Path, tmp_path: Path) -> None:
    """Progress never overwrites the file a link named resume.json points at."""
    state.mkdir()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    (state / "resume.json").symlink_to(victim)
    assert resume.save_progress(PHYSICIAN) == ""
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert not (state / "resume.json").is_symlink()
    assert json.loads((state / "resume.json").read_text(encoding="utf-8"))["answers"]["career_stage"] == "mid"


def test_a_resume_file_that_is_a_fifo_is_set_aside_without_waiting(
    state: Path, tmp_path: Path, ruleset: RuleSet
) -> None:
    """`ask --resume` with a FIFO for resume.json says so and starts afresh; it used to wait
    for a writer for ever. Run as a child with a timeout, so a hang fails the test."""
    state.mkdir()
    os.mkfifo(state / "resume.json")
    done = run_degreefit(
        "ask",
        "--resume",
        "--format",
        "json",
        text=False,
        input=b"",
        cache=tmp_path / "c",
        env={"DEGREEFIT_STATE_DIR": str(state)},
    )
    assert done.returncode == 2
    stderr = done.stderr.decode("utf-8")
    assert f"degreefit: note: {state / 'resume.json'} is not a regular file; it is kept as " in stderr
    assert "Traceback" not in stderr


def test_a_second_run_cannot_take_the_lock_the_first_holds(state: Path) -> None:
    """Two questionnaires at once: the second is told it keeps nothing (see cli), because the
    first holds the lock on the resume file; once the first ends, the lock is free again."""
    first, second = resume.RunLock(), resume.RunLock()
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_the_lock_file_is_removed_when_the_run_ends(state: Path) -> None:
    """A run that ends leaves no resume.lock in the state folder (issue 22); one left by a run that was
    killed is taken by the next run, and removed when it ends."""
    lock = state / "resume.lock"
    first = resume.RunLock()
    assert first.acquire()
    assert lock.exists()
    first.release()
    assert not lock.exists()
    lock.write_bytes(b"")  # left by a run that was killed: unlocked
    second = resume.RunLock()
    assert second.acquire()
    second.release()
    assert sorted(path.name for path in state.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="flock is POSIX")
def test_a_run_that_locks_the_file_its_holder_just_removed_takes_the_new_one(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run ends (removing resume.lock) just after a second run opened it and before it locked
    it: the second, holding a lock on a file no longer there, takes the lock of the new file instead, so
    that a third run cannot take that one too (two runs would keep answers in one resume file)."""
    import fcntl

    first, second, third = resume.RunLock(), resume.RunLock(), resume.RunLock()
    assert first.acquire()
    lock = fcntl.flock
    ended: list[int] = []

    def first_ends_now(handle: int, how: int) -> None:
        if not ended:
            ended.append(handle)
            first.release()
        lock(handle, how)

    monkeypatch.setattr(fcntl, "flock", first_ends_now)
    assert second.acquire()
    assert ended
    assert not third.acquire()
    second.release()
    assert third.acquire()
    third.release()


def test_a_failed_save_that_cannot_be_kept_either_shows_the_answers(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """When --save-answers fails and the answers cannot be kept for --resume either (the state
    directory lies under a file), the message says so and gives them as one line of JSON to
    keep by hand: nothing is claimed."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(blocker / "state"))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["mid-career physician leading inside a health system"][0]))
    result = runner.invoke(
        app, ["ask", "--resume", "--answers", str(answers), "--save-answers", str(blocker / "saved.json")]
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("Best fit: MMM")
    assert "; nor could they be kept for --resume (" in result.stderr
    assert "your answers are kept" not in result.stderr
    line = result.stderr.splitlines()[-1]
    assert json.loads(line)["career_stage"] == "mid"


def test_save_answers_under_a_file_names_the_file_in_the_way(runner: CliRunner, tmp_path: Path) -> None:
    """`--save-answers afile/x.json` where afile is a file says so (it said "File exists")."""
    blocker = tmp_path / "afile"
    blocker.write_text("", encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["mid-career physician leading inside a health system"][0]))
    result = runner.invoke(app, ["ask", "--answers", str(answers), "--save-answers", str(blocker / "x.json")])
    assert result.exit_code == 1
    target = blocker / "x.json"
    assert (
        result.stderr
        == f"degreefit: error: {target}: cannot write the answers: {blocker} is a file, not a folder\n"
    )


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "-",
            "--save-answers -: stdout has the report; name a file for the answers (./- for a file named -)",
        ),
        ("", "--save-answers needs a file name"),
        ("newdir/", "newdir/: cannot write the answers: no such folder; name a file, not a folder"),
        ("folder", "folder: cannot write the answers: it is a folder; name a file in it"),
        ("folder/", "folder/: cannot write the answers: it is a folder; name a file in it"),
    ],
    ids=["dash", "empty", "new-folder", "folder", "folder-slash"],
)
def test_save_answers_to_stdout_or_a_folder_is_refused_before_anything_else(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, message: str
) -> None:
    """`--save-answers -` wrote a file named `-`, and `--save-answers newdir/` a file named `newdir`;
    a folder failed only after the report (after every question, on a terminal). Each is refused at
    once, exit 2 with one line, as batch refuses `-o x/`, and nothing is written."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["mid-career physician leading inside a health system"][0]))
    result = runner.invoke(app, ["ask", "--answers", str(answers), "--save-answers", target])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"degreefit: error: {message}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json", "folder"]
    assert list((tmp_path / "folder").iterdir()) == []


def mode_of(path: Path) -> int:
    """A file's permission bits."""
    return path.stat().st_mode & 0o777


@pytest.mark.usefixtures("umask_022")
def test_the_resume_file_is_readable_by_its_owner_only(state: Path) -> None:
    """Answers about a person's career are private: the resume file is 0600 (it was 0644 under the
    usual umask, readable by every user), and so is one an older version left readable by all."""
    resume.save_progress(PHYSICIAN)
    assert mode_of(state / "resume.json") == 0o600
    (state / "resume.json").chmod(0o644)
    resume.save_progress(PHYSICIAN)
    assert mode_of(state / "resume.json") == 0o600


@pytest.mark.usefixtures("umask_022")
def test_a_state_folder_made_for_the_resume_file_is_its_owners_only(state: Path) -> None:
    """The state folder degreefit makes is opened by its owner only (0700)."""
    resume.save_progress(PHYSICIAN)
    assert mode_of(state) == 0o700


@pytest.mark.usefixtures("umask_022")
def test_save_answers_makes_a_private_file(runner: CliRunner, tmp_path: Path) -> None:
    """--save-answers to a new file makes it 0600 (it was 0644 under the usual umask)."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["mid-career physician leading inside a health system"][0]))
    target = tmp_path / "mine.json"
    result = runner.invoke(app, ["ask", "--answers", str(answers), "--save-answers", str(target)])
    assert result.exit_code == 0, result.output
    assert mode_of(target) == 0o600


@pytest.mark.usefixtures("umask_022")
@pytest.mark.parametrize("mode", [pytest.param(0o600, id="private"), pytest.param(0o644, id="shared")])
def test_save_answers_keeps_the_mode_of_the_file_it_replaces(
    runner: CliRunner, tmp_path: Path, answers_file: Path, mode: int
) -> None:
    """A file that is there keeps its mode when --save-answers writes it again: a private answers file
    (0600) stays private, one its owner shared (0644) stays shared."""
    target = tmp_path / "mine.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(mode)
    result = runner.invoke(app, ["ask", "--answers", str(answers_file), "--save-answers", str(target)])
    assert result.exit_code == 0, result.output
    assert mode_of(target) == mode
    assert json.loads(target.read_text(encoding="utf-8"))["career_stage"] == "mid"


@pytest.mark.parametrize(
    ("args", "status"),
    [([], 2), (["--answers", "partial"], 2), (["--answers", "whole"], 0)],
    ids=["no-answers", "partial-answers", "whole-answers"],
)
def test_without_a_terminal_kept_answers_are_left_as_they_are(
    runner: CliRunner, state: Path, tmp_path: Path, args: list[str], status: int
) -> None:
    """With stdin not a terminal nothing can be asked, so nothing is asked about kept answers
    either: they are left byte for byte, whether the run fails for missing answers or reports."""
    resume.save_progress({k: PHYSICIAN[k] for k in ("clinical_status", "career_stage")})
    before = (state / "resume.json").read_bytes()
    whole = PERSONAS["resident specialising in surgery"][0]
    files = {"partial": {"clinical_status": whole["clinical_status"]}, "whole": whole}
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    named = [str(tmp_path / a) if a in files else a for a in args]
    result = runner.invoke(app, ["ask", *named, "--format", "json"])
    assert result.exit_code == status, result.stderr
    assert (state / "resume.json").read_bytes() == before
    assert sorted(p.name for p in state.iterdir()) == ["resume.json"]
