"""Gathering the answers for `ask`: from a file, over a resumed run, and keeping them after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from degreefit.ask import intake, resume
from degreefit.errors import AnswersError
from degreefit.models import RuleSet

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LEADER = EXAMPLES / "physician-leader.json"


@pytest.fixture
def state(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A private state directory for the resume file."""
    directory = tmp_path / "state"
    monkeypatch.setenv("DEGREEFIT_STATE_DIR", str(directory))
    return directory


class Notes:
    """Collects what intake says, as `degreefit: LABEL: TEXT` would show it."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def __call__(self, label: str, text: str) -> None:
        self.said.append((label, text))


def test_a_complete_file_gives_its_answers_and_says_nothing(ruleset: RuleSet, state: Path) -> None:
    """A complete answers file is taken as it is: no warning, no note, no resume file in play."""
    notes = Notes()
    gathered = intake.gather(ruleset, source=str(LEADER), resume=False, say=notes)
    assert gathered.answers.values["clinical_status"] == "practicing_physician"
    assert gathered.answers.values["goals"] == ("lead_within_health_system", "quality_improvement")
    assert notes.said == []
    assert not gathered.resumable


def test_an_answer_the_questionnaire_would_not_ask_is_a_warning_not_an_error(
    ruleset: RuleSet, state: Path, tmp_path: Path
) -> None:
    """An answer to a question that does not apply is ignored, and the warning says why."""
    answers = {**json.loads(LEADER.read_text()), "specialty": "pediatrics"}
    source = tmp_path / "answers.json"
    source.write_text(json.dumps(answers))
    notes = Notes()
    gathered = intake.gather(ruleset, source=str(source), resume=False, say=notes)
    assert "specialty" not in gathered.answers.values
    assert len(notes.said) == 1
    label, text = notes.said[0]
    assert label == "warning"
    assert "specialty" in text
    assert "is ignored" in text


def test_without_answers_or_a_terminal_the_error_lists_what_is_required(
    ruleset: RuleSet, state: Path
) -> None:
    """With no --answers and stdin not a terminal, nothing is asked: the error names the required answers."""
    with pytest.raises(AnswersError, match=r"pass --answers FILE.*required: clinical_status"):
        intake.gather(ruleset, source=None, resume=False, say=Notes())


def test_an_empty_answers_option_says_what_to_give(ruleset: RuleSet, state: Path) -> None:
    """`--answers ''` is told to name a file or '-'."""
    with pytest.raises(AnswersError, match="--answers needs a file name, or - to read stdin"):
        intake.gather(ruleset, source="", resume=False, say=Notes())


def test_a_file_over_a_resumed_run_wins_and_says_which_answers_it_replaced(
    ruleset: RuleSet, state: Path
) -> None:
    """With --resume, the file's answers replace the interrupted run's, and a note names them."""
    resume.save_progress({"clinical_status": "medical_student", "career_stage": "mid"})
    notes = Notes()
    gathered = intake.gather(ruleset, source=str(LEADER), resume=True, say=notes)
    assert gathered.answers.values["clinical_status"] == "practicing_physician"
    assert notes.said == [("note", f"{LEADER} replaces what the interrupted run kept for clinical_status")]
    assert gathered.resumable


def test_keeping_a_resumed_run_forgets_the_resume_file(ruleset: RuleSet, state: Path, tmp_path: Path) -> None:
    """Once a resumed run is whole, its resume file goes, and --save-answers writes a file --answers reads."""
    resume.save_progress({"clinical_status": "practicing_physician"})
    gathered = intake.gather(ruleset, source=str(LEADER), resume=True, say=Notes())
    saved = tmp_path / "mine.json"
    assert intake.keep(gathered, save_to=str(saved)) is None
    assert not resume.resume_path().exists()
    again = intake.gather(ruleset, source=str(saved), resume=False, say=Notes())
    assert again.answers.values == gathered.answers.values


def test_a_failed_save_is_returned_and_the_answers_stay_for_resume(
    ruleset: RuleSet, state: Path, tmp_path: Path
) -> None:
    """A --save-answers that cannot be written comes back (the report is shown first), and the
    answers are kept for --resume, as its message says."""
    resume.save_progress({"clinical_status": "practicing_physician"})
    gathered = intake.gather(ruleset, source=str(LEADER), resume=True, say=Notes())
    (tmp_path / "taken").mkdir()  # a folder where the file should go
    unsaved = intake.keep(gathered, save_to=str(tmp_path / "taken"))
    assert unsaved is not None
    assert unsaved.message.endswith("; your answers are kept for `degreefit ask --resume`")
    assert resume.load_progress(ruleset)[0] == dict(gathered.answers.values)


def test_a_lost_report_of_answers_from_a_file_is_not_for_keep_to_tell(ruleset: RuleSet, state: Path) -> None:
    """Answers read from a file are in that file: when the report cannot be written, keep says
    nothing (the command line reports the failed output as any command does)."""
    gathered = intake.gather(ruleset, source=str(LEADER), resume=False, say=Notes())
    assert intake.keep(gathered, save_to=None, unshown=OSError(28, "No space left on device")) is None


def test_typed_answers_saved_to_a_file_are_pointed_to_when_the_report_is_lost(
    ruleset: RuleSet, state: Path, tmp_path: Path
) -> None:
    """Typed answers that --save-answers wrote are safe when the report fails: the message says where
    they are, and the resume file is forgotten."""
    resume.save_progress({"clinical_status": "practicing_physician"})
    gathered = intake.gather(ruleset, source=str(LEADER), resume=True, say=Notes())
    typed = intake.Gathered(gathered.answers, resumable=True, typed=True)
    saved = tmp_path / "mine.json"
    failed = intake.keep(typed, save_to=str(saved), unshown=OSError(28, "No space left on device"))
    assert failed is not None
    assert failed.message == (
        f"cannot write the report: No space left on device; your answers are saved in {saved}, for --answers"
    )
    assert json.loads(saved.read_text(encoding="utf-8"))["clinical_status"] == "practicing_physician"
    assert not resume.resume_path().exists()


@pytest.mark.usefixtures("umask_022")
def test_typed_answers_are_kept_privately_for_last(ruleset: RuleSet, state: Path) -> None:
    """Once the report of typed (or resumed) answers is shown, they are kept for --last, readable
    by their owner only, in the format --answers reads."""
    gathered = intake.gather(ruleset, source=str(LEADER), resume=False, say=Notes())
    typed = intake.Gathered(gathered.answers, resumable=False, typed=True)
    assert intake.keep(typed, save_to=None) is None
    last = resume.last_path()
    assert last.parent == state
    assert last.stat().st_mode & 0o777 == 0o600
    again = intake.gather(ruleset, source=resume.last_source(), resume=False, say=Notes())
    assert again.answers.values == gathered.answers.values


def test_answers_from_a_file_or_a_lost_report_are_not_kept_for_last(ruleset: RuleSet, state: Path) -> None:
    """Answers read from a file are in that file (a script's runs write nothing here), and a report
    that could not be written was not made: neither is kept for --last."""
    gathered = intake.gather(ruleset, source=str(LEADER), resume=False, say=Notes())
    assert intake.keep(gathered, save_to=None) is None
    typed = intake.Gathered(gathered.answers, resumable=False, typed=True)
    intake.keep(typed, save_to=None, unshown=OSError(28, "No space left on device"))
    assert not resume.last_path().exists()
