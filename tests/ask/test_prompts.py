"""The interactive questionnaire, driven through a real terminal the way a person uses it.

Each test spawns the installed `degreefit` script on a pseudo-terminal (pexpect), waits
for every question's prompt text from rules/questions.yaml, and presses keys: arrows and
Enter in select lists, Space in the goals checkbox, y/n in confirms, digits in the number
field, Ctrl-B to go back and Ctrl-C to stop. The JSON report printed after the review is
compared with the one `degreefit ask --answers FILE --format json` prints.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

# pexpect ships neither type stubs nor a py.typed marker (typeshed's types-pexpect is not a
# test dependency); the `Terminal` protocol below types the part of it these tests use.
import pexpect  # type: ignore[import-untyped]
import pytest

from degreefit.models import AnswerValue, Question, RuleSet
from degreefit.report.wording import readable_answer
from tests.helpers.personas import PHYSICIAN, persona_answers
from tests.helpers.process import installed_script, run_degreefit, terminal_env

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "physician-leader.json"
TIMEOUT = 10  # seconds for any one prompt to appear; the whole module takes a few seconds

ENTER, SPACE, BACKSPACE = "\r", " ", "\x7f"
DOWN, UP = "\x1b[B", "\x1b[A"
CTRL_B, CTRL_C, CTRL_Q = "\x02", "\x03", "\x11"
CTRL_O = "\x0f"

# prompt_toolkit asks the terminal where the cursor is (a CPR request) before drawing each
# prompt, and waits up to a second for the reply when leaving it. A real terminal answers
# at once; so does `Session.expect`, or every answer would take a second longer.
CPR_REQUEST = "\x1b[6n"
CPR_REPLY = "\x1b[1;1R"

ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
STYLE = r"(?:\x1b\[[0-9;]*m)*"  # colour codes that may sit between two pieces of screen text
END_OF_ROW = r"(?=\x1b|\r)"  # the end of a choice's label (before a colour code or the line end)
POINTER = "»"
REVIEW_PROMPT = "Review your answers (Enter on one to change it):"
CONFIRM_ROW = "These are right: show my recommendation"
NUMBER_PROBLEM = "Enter a whole number from 1 to 6."


class Terminal(Protocol):
    """The part of `pexpect.spawn` these tests use."""

    before: str
    exitstatus: int | None
    signalstatus: int | None
    logfile_read: io.StringIO | None
    delaybeforesend: float | None

    def expect(self, pattern: list[Any], timeout: float = -1) -> int: ...

    def send(self, s: str) -> int: ...

    def sendeof(self) -> None: ...

    def close(self, force: bool = True) -> None: ...


class Start(Protocol):
    """The `terminal` fixture: start `degreefit ask ARGS...`, given the answers it offers as defaults;
    `before` runs in the child before degreefit starts (to close or redirect its stdout), `env`
    adds to or (with None) removes from its environment; the terminal is `columns` wide."""

    def __call__(
        self,
        *args: str,
        answers: Mapping[str, AnswerValue] | None = None,
        before: Callable[[], None] | None = None,
        env: Mapping[str, str | None] | None = None,
        columns: int = 120,
    ) -> Session: ...


class Session:
    """A person at a terminal running `degreefit ask`: waits for each question, then presses keys."""

    def __init__(self, child: Terminal, ruleset: RuleSet, answers: Mapping[str, AnswerValue]) -> None:
        self.child = child
        self.ruleset = ruleset
        self.answers: dict[str, AnswerValue] = dict(answers)  # the current answers, i.e. the defaults
        self.transcript = io.StringIO()
        child.logfile_read = self.transcript
        self._open: Question | None = None
        self._field = ""  # what the open number field holds

    # Waiting for the screen

    def expect(self, *patterns: Any) -> int:
        """Wait for the earliest of `patterns` (regexes, or pexpect.EOF), answering CPR requests."""
        while True:
            index = self.child.expect([re.escape(CPR_REQUEST), *patterns])
            if index == 0:
                self.child.send(CPR_REPLY)
                continue
            return index - 1

    def at(self, question_id: str, marker: str | None = None) -> Session:
        """Wait until the question is asked (with the progress `marker`, like `3 of 9`, if given)."""
        question = self.ruleset.question(question_id)
        self.expect(prompt_pattern(question, marker))
        self._opened(question)
        return self

    def first_question(self) -> tuple[str, str]:
        """Wait for whichever question comes first; return its id and its progress marker."""
        questions = self.ruleset.questions
        index = self.expect(*(prompt_pattern(q) for q in questions))
        self._opened(questions[index])
        marker = plain(self.child.before).rsplit("\n", 1)[-1].strip()  # the qmark left of the prompt
        return questions[index].id, marker

    def at_review(self) -> Session:
        """Wait until the review of every answer is shown, pointer on the confirm row."""
        self.expect(re.escape(REVIEW_PROMPT))
        self.expect(pointer_on(CONFIRM_ROW))
        return self

    def shows(self, text: str) -> None:
        """Wait until `text` is drawn (after whatever was last waited for)."""
        self.expect(re.escape(text))

    # Answering the open question

    def answer_select(self, choice: str | int) -> None:
        """Move the pointer to a choice (by label or index) with the arrow keys, then press Enter."""
        question = self._question("single")
        labels = [c.label for c in question.choices]
        values = [c.value for c in question.choices]
        target = choice if isinstance(choice, int) else labels.index(choice)
        current = self.answers.get(question.id)
        start = values.index(current) if isinstance(current, str) else 0
        self.expect(pointer_on(labels[start]))  # the pointer starts on the current answer
        steps = target - start
        self.child.send((DOWN * steps if steps >= 0 else UP * -steps) + ENTER)
        self._answered(values[target])

    def answer_checkbox(self, choices: Sequence[str | int]) -> None:
        """Tick exactly these choices (labels or indices) with Down and Space, then press Enter."""
        question = self._question("multi")
        labels = [c.label for c in question.choices]
        wanted = {c if isinstance(c, int) else labels.index(c) for c in choices}
        current = self.answers.get(question.id)
        ticked = {
            i for i, c in enumerate(question.choices) if isinstance(current, tuple) and c.value in current
        }
        keys, at = "", 0  # the pointer starts on the first choice
        for index in sorted(wanted ^ ticked):
            keys += DOWN * (index - at) + SPACE
            at = index
        self.child.send(keys + ENTER)
        self._answered(tuple(question.choices[i].value for i in sorted(wanted)))

    def answer_confirm(self, yes: bool) -> None:
        """Press y or n, which answers at once."""
        self._question("boolean")
        self.child.send("y" if yes else "n")
        self._answered(yes)

    def type_refused(self, text: str) -> None:
        """Clear the field, type `text` and press Enter, for a reply the question refuses."""
        self._question("integer")
        self.child.send(BACKSPACE * len(self._field) + f"{text}{ENTER}")
        self._field = text

    def answer_number(self, number: int) -> None:
        """Clear the field, type the number and press Enter; one out of range leaves the question open."""
        question = self._question("integer")
        self.child.send(BACKSPACE * len(self._field) + f"{number}{ENTER}")
        self._field = str(number)
        low = number if question.min is None else question.min
        high = number if question.max is None else question.max
        if low <= number <= high:
            self._answered(number)

    def answer(self, question_id: str, value: Any, marker: str | None = None) -> None:
        """Wait for the question and give `value` (as in an answers file) with the right keys."""
        question = self.at(question_id, marker)._question(None)
        if question.kind == "single":
            self.answer_select([c.value for c in question.choices].index(value))
        elif question.kind == "multi":
            self.answer_checkbox([[c.value for c in question.choices].index(v) for v in value])
        elif question.kind == "boolean":
            self.answer_confirm(value)
        else:
            self.answer_number(value)

    def answer_all(self, answers: Mapping[str, Any], *, after: str | None = None) -> None:
        """Answer every question in `answers`, in order (only those after `after`, if given)."""
        ids = list(answers)
        for question_id in ids[ids.index(after) + 1 :] if after else ids:
            self.answer(question_id, answers[question_id])

    def go_back(self) -> None:
        """Press Ctrl-B."""
        self._open = None
        self.child.send(CTRL_B)

    def interrupt(self) -> None:
        """Press Ctrl-C."""
        self._open = None
        self.child.send(CTRL_C)

    # The review

    def confirm_review(self) -> None:
        """Press Enter on `These are right: show my recommendation`."""
        self.child.send(ENTER)

    def change_in_review(self, question_id: str) -> None:
        """Move down to the question's row (skipping the separator) and press Enter on it."""
        rows = [q for q in self.ruleset.questions if q.id in self.answers]
        question = self.ruleset.question(question_id)
        width = max(len(q.title()) for q in rows)
        shown = readable_answer(question, self.answers[question_id])
        self.expect(re.escape(f"{question.title():<{width}}  ") + spread(shown))  # the row shows the answer
        self.child.send(DOWN * (1 + rows.index(question)) + ENTER)

    # The end

    def finish(self) -> tuple[int | None, str]:
        """Wait for the program to exit; its exit status and what it printed since the last wait."""
        self.expect(pexpect.EOF)
        output = self.child.before
        self.child.close()
        return self.child.exitstatus, plain(output)

    def report(self) -> tuple[str, dict[str, Any]]:
        """Wait for a successful exit; the JSON report printed after the review (text, parsed)."""
        status, output = self.finish()
        assert status == 0, output
        text = json_text(output)
        document: dict[str, Any] = json.loads(text)
        return text, document

    def _question(self, kind: str | None) -> Question:
        assert self._open is not None, "wait for a question (Session.at) before answering it"
        assert kind is None or self._open.kind == kind, f"{self._open.id} is a {self._open.kind} question"
        return self._open

    def _opened(self, question: Question) -> None:
        self._open = question
        current = self.answers.get(question.id)
        self._field = "" if current is None or question.kind != "integer" else str(current)

    def _answered(self, value: AnswerValue) -> None:
        assert self._open is not None
        self.answers[self._open.id] = value
        self._open = None


def prompt_pattern(question: Question, marker: str | None = None) -> str:
    """A regex for the question's prompt, after its progress marker if given (on a narrow terminal
    the prompt takes more than one line)."""
    text = spread(question.prompt)
    return f"{re.escape(marker)}{STYLE} {text}" if marker else text


def spread(text: str) -> str:
    """A regex for `text` as the screen may show it: its words in order, each whole, with spaces,
    line breaks or cursor moves between them."""
    return rf"(?:\s|{ANSI.pattern})+".join(re.escape(word) for word in text.split())


def pointer_on(label: str) -> str:
    """A regex for the select pointer resting on the choice with this label."""
    return f"{POINTER} {STYLE}{re.escape(label)}{END_OF_ROW}"


def plain(output: str) -> str:
    """Terminal output as text: no escape sequences, and newlines instead of CR LF."""
    return ANSI.sub("", output).replace("\r\n", "\n").replace("\r", "")


def json_text(output: str) -> str:
    """The JSON document at the end of the output: from its opening `{`, the one followed by a key
    indented two spaces. The `{` may follow the last row of the review, which is erased on the
    screen but not in the stream of text: there the cursor moved back before it was written."""
    found = re.search(r"\{\n(?=  \")", output)
    assert found, output
    return output[found.start() :]


def at_no_terminal(env: Mapping[str, str]) -> dict[str, str | None]:
    """The person's environment for a run without a terminal: no COLUMNS, as at the terminal."""
    return {**env, "COLUMNS": None}


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a person at an xterm, with degreefit's state and cache under tmp_path."""
    return {**terminal_env(tmp_path, "xterm-256color"), "DEGREEFIT_STATE_DIR": str(tmp_path / "state")}


@pytest.fixture
def terminal(ruleset: RuleSet, env: dict[str, str], tmp_path: Path) -> Iterator[Start]:
    """Start `degreefit ask ARGS...` on a terminal 40 rows high (120 columns wide unless told);
    every child is closed at the end."""
    children: list[Terminal] = []
    person = env

    def start(
        *args: str,
        answers: Mapping[str, AnswerValue] | None = None,
        before: Callable[[], None] | None = None,
        env: Mapping[str, str | None] | None = None,
        columns: int = 120,
    ) -> Session:
        changed = {**person, **(env or {})}
        child: Terminal = pexpect.spawn(
            str(installed_script()),
            ["ask", *args],
            encoding="utf-8",
            dimensions=(40, columns),
            timeout=TIMEOUT,
            env={key: value for key, value in changed.items() if value is not None},
            cwd=str(tmp_path),
            preexec_fn=before,
        )
        # Keys go out only once their prompt is on the screen, so pexpect's pause before each is not needed.
        child.delaybeforesend = None
        children.append(child)
        return Session(child, ruleset, answers or {})

    yield start
    for child in children:
        child.close(force=True)


def ask_json(env: Mapping[str, str], answers: Path) -> str:
    """What `degreefit ask --answers FILE --format json` prints, run without a terminal."""
    done = run_degreefit(
        "ask",
        "--answers",
        str(answers),
        "--format",
        "json",
        script=True,
        input="",
        env=at_no_terminal(env),
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def physician_file() -> dict[str, Any]:
    """The physician persona's answers as its answers file gives them (examples/physician-leader.json,
    without its schema_version): the region, which a file may leave out, is not among them."""
    return persona_answers(PHYSICIAN)


REGION = "elsewhere"  # the physician's region: the advice of a file without one is the advice for it
REGION_LABEL = "Another country, or not decided yet"


def physician() -> dict[str, Any]:
    """The physician persona's answers as a person gives them at the terminal, in question order: the
    file's, and the region, which the questionnaire asks second."""
    answers = physician_file()
    return {"clinical_status": answers["clinical_status"], "region": REGION, **answers}


def answers_file(tmp_path: Path, answers: Mapping[str, Any]) -> Path:
    """A file holding `answers` (schema_version 1), for `ask --answers`: the same answers as typed."""
    path = tmp_path / "typed.json"
    path.write_text(json.dumps({"schema_version": 1, **answers}), encoding="utf-8")
    return path


def test_full_run_gives_the_same_report_as_the_answers_file(
    terminal: Start, env: dict[str, str], tmp_path: Path
) -> None:
    """Answering every question at the terminal gives the report the same answers in a file give, and
    the transcript names each answer (the goals by their labels, not "done (2 selections)")."""
    session = terminal("--format", "json")
    # Up to 11 until the goals say whether the specialty is asked: the count never grows.
    session.at("clinical_status", "1 of up to 11").answer_select("Practicing physician")
    session.at("region", "2 of up to 11").answer_select(REGION_LABEL)
    session.at("career_stage", "3 of up to 11").answer_select("Mid-career")
    session.at("goals", "4 of up to 11").answer_checkbox(
        ["Lead within a health system", "Improve quality and operations"]
    )
    session.at("keep_practicing", "5 of 10").answer_confirm(True)
    session.at("study_format", "6 of 10").answer_select("Online, part-time")
    session.at("max_years", "7 of 10").answer_number(2)
    session.at("wants_research", "8 of 10").answer_confirm(False)
    session.at("recognition_importance", "9 of 10").answer_select("Low")
    session.at("can_reduce_income", "10 of 10").answer_confirm(False)
    session.at_review().confirm_review()
    _, report = session.report()

    expected = json.loads(ask_json(env, answers_file(tmp_path, physician())))
    assert report["top"] == expected["top"] == "MMM"
    assert report["ranking"] == expected["ranking"]
    assert report["answers"] == expected["answers"] == physician()
    # The transcript says which goals were picked, as it does for every other answer.
    transcript = plain(session.transcript.getvalue())
    goals = "Lead within a health system; Improve quality and operations"
    line = words(f"4 of up to 11 What do you want the degree to help you do? {goals}\n5 of 10 ")
    shown = words(transcript)
    assert line in shown  # on two lines, broken between words
    # questionary may draw "done (2 selections)" for an instant before the line above replaces it.
    assert "selections)" not in shown[shown.index(line) :]


def test_ctrl_b_goes_back_with_the_previous_answer_as_default(terminal: Start) -> None:
    """Ctrl-B at the goals question asks the career stage again, pointer on the answer given."""
    session = terminal("--format", "json")
    session.answer("clinical_status", "practicing_physician")
    session.answer("region", REGION)
    session.answer("career_stage", "mid")
    session.at("goals", "4 of up to 11").go_back()
    # answer_select checks that the pointer starts on Mid-career
    session.at("career_stage", "3 of up to 11").answer_select("Senior")
    session.answer_all(physician(), after="career_stage")
    session.at_review().confirm_review()
    _, report = session.report()

    assert report["answers"] == {**physician(), "career_stage": "senior"}


def test_review_change_asks_the_newly_relevant_question(terminal: Start, ruleset: RuleSet) -> None:
    """Adding a clinical goal in the review brings in the specialty question, then the review again."""
    session = terminal("--format", "json")
    session.answer_all(physician())
    session.at_review().change_in_review("goals")
    goals = ["Lead within a health system", "Specialize in a clinical discipline"]
    session.at("goals").answer_checkbox([*goals, "Improve quality and operations"])
    session.at("specialty").answer_select("Internal medicine")
    # The topic column is as wide as the longest topic shown, "Need for recognition across industries".
    session.at_review().shows(f"{'Specialty':<38}  Internal medicine")
    session.shows("Need for recognition across industries  Low")
    session.confirm_review()
    _, report = session.report()

    goal_values = ["lead_within_health_system", "specialize_clinically", "quality_improvement"]
    assert report["answers"] == {**physician(), "goals": goal_values, "specialty": "internal_medicine"}
    assert list(report["answers"]) == [q.id for q in ruleset.questions]  # in question order


@pytest.mark.parametrize(
    ("region", "label"),
    [("south_africa", "South Africa"), ("elsewhere", REGION_LABEL)],
    ids=["a-country", "another-or-undecided"],
)
def test_the_region_picked_shows_in_the_review_by_its_label(
    terminal: Start, ruleset: RuleSet, region: str, label: str
) -> None:
    """A person who picks a country at the region question, or "Another country, or not decided yet",
    sees that label beside the region's topic in the review (and after the question, in the
    transcript), never the answer's id; confirmed, the report holds the answer."""
    question = ruleset.question("region")
    answers = {**physician(), "region": region}
    session = terminal("--format", "json")
    session.answer("clinical_status", answers["clinical_status"])
    session.at("region", "2 of up to 11").answer_select(label)
    session.answer_all(answers, after="region")
    session.at_review()
    width = max(len(q.title()) for q in ruleset.questions if q.id in answers)
    session.expect(re.escape(f"{question.title():<{width}}  ") + spread(label))  # the region's row
    shown = screen_text(session)
    assert words(f"2 of up to 11 {question.prompt} {label}") in shown  # the transcript
    assert region not in shown.rsplit(REVIEW_PROMPT, 1)[1]
    session.confirm_review()
    _, report = session.report()

    assert report["answers"] == answers


def test_a_question_the_review_brings_in_shows_its_place_and_can_go_back(terminal: Start) -> None:
    """The specialty that a change of goals in the review brings in reads "5 of 11" (it read "?"),
    and Ctrl-B there goes back to the goals, their new answer ticked (it did nothing, and said
    nothing); Ctrl-B at the goals, asked again from the review, returns to the review unchanged."""
    session = terminal("--format", "json")
    session.answer_all(physician())
    session.at_review().change_in_review("goals")
    goals = ["Lead within a health system", "Specialize in a clinical discipline"]
    session.at("goals", "4 of 10").answer_checkbox(goals)
    session.at("specialty", "5 of 11").go_back()
    session.at("goals", "4 of 11").answer_checkbox(goals)  # checks the new goals are the ones ticked
    session.at("specialty", "5 of 11").answer_select("Surgery")
    session.at_review().change_in_review("max_years")
    session.at("max_years", "8 of 11").go_back()
    session.at_review().confirm_review()
    _, report = session.report()

    expected = {**physician(), "goals": ["lead_within_health_system", "specialize_clinically"]}
    assert report["answers"] == {**expected, "specialty": "surgery"}


def test_ctrl_c_keeps_the_answers_and_resume_goes_on_from_there(
    terminal: Start, env: dict[str, str], ruleset: RuleSet, tmp_path: Path
) -> None:
    """Ctrl-C at the study format, after five answers, exits 130 keeping them; --resume asks only the
    rest."""
    answers = physician()
    first_five = list(answers)[:5]
    session = terminal("--format", "json")
    for question_id in first_five:
        session.answer(question_id, answers[question_id])
    session.at("study_format", "6 of 10").interrupt()
    status, output = session.finish()

    resume_file = tmp_path / "state" / "resume.json"
    assert status == 130
    assert kept_for_resume(resume_file) in output
    assert "Traceback" not in session.transcript.getvalue()
    assert json.loads(resume_file.read_text(encoding="utf-8"))["answers"] == {
        q: answers[q] for q in first_five
    }

    resumed = terminal("--resume", "--format", "json", answers={q: answers[q] for q in first_five})
    resumed.shows("Picking up where you left off, at question 6 of 10.")
    assert resumed.first_question() == ("study_format", "6 of 10")
    resumed.answer_select("Online, part-time")
    resumed.answer_all(answers, after="study_format")
    resumed.at_review().confirm_review()
    text, report = resumed.report()

    assert text == ask_json(env, answers_file(tmp_path, answers))
    assert report["answers"] == answers
    assert not resume_file.exists()
    shown = plain(resumed.transcript.getvalue())
    assert not [q for q in first_five if ruleset.question(q).prompt in shown]  # never asked again


def test_ctrl_c_at_the_review_and_resume_comes_back_to_the_review(
    terminal: Start, env: dict[str, str], tmp_path: Path
) -> None:
    """Ctrl-C at the review keeps every answer; `ask --resume` shows the review again (it printed the
    report at once and removed the resume file), where an answer can still be changed; the
    resume file goes only once the report is shown."""
    answers = physician()
    session = terminal("--format", "json")
    session.answer_all(answers)
    session.at_review().interrupt()
    status, output = session.finish()
    resume_file = tmp_path / "state" / "resume.json"
    assert status == 130
    assert "`degreefit ask --resume` picks up there" in output
    assert json.loads(resume_file.read_text(encoding="utf-8"))["answers"] == answers

    resumed = terminal("--resume", "--format", "json", answers=answers)
    resumed.shows("every question is answered; confirm your answers in the review, or change any")
    resumed.at_review()
    assert resume_file.exists()
    resumed.change_in_review("max_years")
    resumed.at("max_years", "7 of 10").answer_number(3)
    resumed.at_review().confirm_review()
    _, report = resumed.report()

    assert report["answers"] == {**answers, "max_years": 3}
    assert not resume_file.exists()
    assert "Picking up where you left off" not in resumed.transcript.getvalue()


KEPT_PROMPT = "An earlier run stopped with 6 answers kept. What now?"
GO_ON = "Go on with them, as `degreefit ask --resume` does"


def keep_six(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """An interrupted run's resume file holding the physician's first six answers; its path and them."""
    six = dict(list(physician().items())[:6])
    resume_file = tmp_path / "state" / "resume.json"
    resume_file.parent.mkdir()
    resume_file.write_text(json.dumps({"format": 1, "answers": six}), encoding="utf-8")
    return resume_file, six


def kept_for_resume(resume_file: Path) -> str:
    """What an interrupted `ask` says of the answers it kept in resume_file."""
    return (
        f"degreefit: interrupted: your answers so far are kept in {resume_file}; "
        "`degreefit ask --resume` picks up there"
    )


def kept_answers(resume_file: Path) -> dict[str, Any]:
    """The answers a resume file holds."""
    answers: dict[str, Any] = json.loads(resume_file.read_text(encoding="utf-8"))["answers"]
    return answers


def test_a_plain_ask_asks_before_it_replaces_kept_answers(terminal: Start, tmp_path: Path) -> None:
    """A plain `ask` while six answers are kept asks first what to do with them (it asked nothing,
    and one answer then Ctrl-C left one kept of six); going on, the default, picks up at 7 of 10."""
    resume_file, six = keep_six(tmp_path)
    session = terminal("--format", "json", answers=six)
    session.shows(KEPT_PROMPT)
    session.expect(pointer_on(GO_ON))
    session.child.send(ENTER)
    session.shows("Picking up where you left off, at question 7 of 10.")
    session.answer("max_years", physician()["max_years"], "7 of 10")
    session.at("wants_research").interrupt()
    status, _ = session.finish()

    assert status == 130
    assert kept_answers(resume_file) == {**six, "max_years": physician()["max_years"]}


@pytest.mark.parametrize("choice", ["replace", "keep-both"])
def test_starting_over_replaces_kept_answers_only_when_told(
    terminal: Start, tmp_path: Path, choice: str
) -> None:
    """Told to start over and replace, one answer then Ctrl-C leaves that one answer kept; told to
    keep both, the six earlier answers move to a private file of their own that --answers reads,
    and the note names it."""
    resume_file, six = keep_six(tmp_path)
    session = terminal("--format", "json")
    session.shows(KEPT_PROMPT)
    session.expect(pointer_on(GO_ON))
    session.child.send(DOWN * (1 if choice == "replace" else 2) + ENTER)
    session.answer("clinical_status", "non_clinician", "1 of up to 11")
    session.at("region").interrupt()
    status, _ = session.finish()

    assert status == 130
    assert kept_answers(resume_file) == {"clinical_status": "non_clinician"}
    aside = [p for p in resume_file.parent.iterdir() if p.name.startswith("answers-")]
    if choice == "replace":
        assert aside == []
        return
    [earlier] = aside
    assert json.loads(earlier.read_text(encoding="utf-8")) == {"schema_version": 1, **six}
    assert earlier.stat().st_mode & 0o777 == 0o600
    said = " ".join(plain(session.transcript.getvalue()).split())
    assert f"degreefit: note: the earlier answers are kept in {earlier}; `degreefit ask --answers " in said


def test_ctrl_c_at_the_choice_leaves_the_kept_answers_as_they_were(terminal: Start, tmp_path: Path) -> None:
    """Stopping at the question about the kept answers changes nothing, and says so."""
    resume_file, _ = keep_six(tmp_path)
    before = resume_file.read_bytes()
    session = terminal("--format", "json")
    session.shows(KEPT_PROMPT)
    session.interrupt()
    status, output = session.finish()

    assert status == 130
    assert "stopped before the first answer; the answers kept before are as they were" in output
    assert resume_file.read_bytes() == before


@pytest.mark.parametrize("stop_at", ["goals", "max_years"], ids=["checkbox", "number-field"])
def test_ctrl_q_stops_exactly_as_ctrl_c_does(terminal: Start, tmp_path: Path, stop_at: str) -> None:
    """Ctrl-Q (questionary's second stop key) stops at every question as Ctrl-C does: exit 130, the
    answers so far kept for --resume. In the number field it did not stop at all (it waited to
    insert the next key as typed), while in the lists it stopped."""
    answers = physician()
    before = list(answers)[: list(answers).index(stop_at)]
    session = terminal("--format", "json")
    session.answer_all({q: answers[q] for q in before})
    session.at(stop_at)
    session.child.send(CTRL_Q)
    status, output = session.finish()

    resume_file = tmp_path / "state" / "resume.json"
    assert status == 130
    assert kept_for_resume(resume_file) in output
    assert json.loads(resume_file.read_text(encoding="utf-8"))["answers"] == {q: answers[q] for q in before}


def test_ctrl_o_does_nothing_at_a_question_or_the_review(terminal: Start) -> None:
    """Ctrl-O (prompt_toolkit's accept-and-next) ended a list with no choice: an empty answer at a
    question, a traceback at the review. Now it does nothing, and the run ends with the report."""
    answers = physician()
    session = terminal("--format", "json")
    session.answer_all({q: answers[q] for q in list(answers)[: list(answers).index("study_format")]})
    session.at("study_format")
    session.child.send(CTRL_O)
    session.answer_select("Online, part-time")
    session.answer_all(answers, after="study_format")
    session.at_review()
    session.child.send(CTRL_O)
    session.confirm_review()
    _, report = session.report()
    assert report["answers"]["study_format"] == "online_part_time"
    assert report["top"] == "MMM"


def test_ctrl_c_at_the_first_question_keeps_nothing(terminal: Start, tmp_path: Path) -> None:
    """Ctrl-C before any answer exits 130 saying nothing was kept, without a traceback."""
    session = terminal("--format", "json")
    session.at("clinical_status", "1 of up to 11").interrupt()
    status, output = session.finish()

    assert status == 130
    assert "degreefit: interrupted: stopped before the first answer; nothing was kept" in output
    assert "Traceback" not in session.transcript.getvalue()
    assert not (tmp_path / "state" / "resume.json").exists()
    assert not (tmp_path / "state" / "resume.lock").exists()


def run_ask(env: Mapping[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`degreefit ask ARGS...` run without a terminal (stdin a closed pipe), to the end."""
    return run_degreefit("ask", *args, script=True, input="", env=at_no_terminal(env))


def test_last_makes_the_report_just_made_again_in_another_format(
    terminal: Start, env: dict[str, str], tmp_path: Path
) -> None:
    """After a session, `ask --last --format markdown` prints the Markdown of the same answers without
    a question (there was no way short of answering again); they are kept readable by their owner only."""
    session = terminal("--format", "json")
    session.answer_all(physician())
    session.at_review().confirm_review()
    session.report()

    last = tmp_path / "state" / "last.json"
    assert last.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in last.parent.iterdir()] == ["last.json"]  # no resume.lock left (issue 22)
    copy = run_ask(env, "--last", "--format", "markdown")
    assert copy.returncode == 0, copy.stderr
    assert copy.stderr == ""
    same = answers_file(tmp_path, physician())
    assert copy.stdout == run_ask(env, "--answers", str(same), "--format", "markdown").stdout
    assert copy.stdout.startswith("# ")


def test_saved_answers_reproduce_the_interactive_report(
    terminal: Start, env: dict[str, str], tmp_path: Path
) -> None:
    """--save-answers writes a file that gives, with --answers, the very report the session printed."""
    saved = tmp_path / "answers" / "mine.json"
    session = terminal("--format", "json", "--save-answers", str(saved))
    session.answer_all(physician())
    session.at_review().confirm_review()
    text, report = session.report()

    assert json.loads(saved.read_text(encoding="utf-8")) == {"schema_version": 1, **physician()}
    assert ask_json(env, saved) == text
    assert [p.name for p in saved.parent.iterdir()] == ["mine.json"]  # no temporary file left
    assert report["answers"] == physician()


def test_a_session_whose_answers_cannot_be_saved_loses_nothing(terminal: Start, tmp_path: Path) -> None:
    """When --save-answers cannot be written at the end of a session, the report is still shown, the
    exit is 1 with one line saying why, and the answers are kept for `degreefit ask --resume`."""
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    session = terminal("--format", "json", "--save-answers", str(blocker / "mine.json"))
    session.answer_all(physician())
    session.at_review().confirm_review()
    status, output = session.finish()

    assert status == 1
    assert json.loads(json_text(output.split("degreefit: error:")[0]))["answers"] == physician()
    assert "cannot write the answers" in output
    assert "your answers are kept for `degreefit ask --resume`" in " ".join(output.split())
    kept = json.loads((tmp_path / "state" / "resume.json").read_text(encoding="utf-8"))
    assert kept["answers"] == physician()


def test_a_folder_for_the_saved_answers_is_refused_before_the_first_question(
    terminal: Start, tmp_path: Path, ruleset: RuleSet
) -> None:
    """`--save-answers newdir/` is refused before any question is asked (exit 2), not after a
    whole session, and no file named `newdir` appears."""
    session = terminal("--save-answers", "newdir/")
    status, output = session.finish()

    assert status == 2
    assert output == (
        "degreefit: error: newdir/: cannot write the answers: no such folder; name a file, not a folder\n"
    )
    assert ruleset.questions[0].prompt not in session.transcript.getvalue()
    assert not (tmp_path / "newdir").exists()


def close_stdout() -> None:
    """In the child: start degreefit with its stdout closed, as `degreefit ask >&-` does."""
    os.close(1)


def stdout_to(path: Path, *, limit: int | None = None) -> Callable[[], None]:
    """In the child: send stdout to `path` (a FIFO, or a file that can grow to `limit` bytes, then
    fails as a full disk does; never a device)."""

    def redirect() -> None:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        os.dup2(descriptor, 1)
        os.close(descriptor)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return redirect


def finish_session(session: Session) -> tuple[int | None, str]:
    """Answer every question as the physician, confirm the review, and wait for the exit."""
    session.answer_all(physician())
    session.at_review().confirm_review()
    return session.finish()


@pytest.mark.skipif(os.name == "nt", reason="descriptors, FIFOs and file size limits are POSIX")
@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("closed", "stdout is closed"),
        ("reader-gone", "Broken pipe"),
        ("full", "File too large"),
        ("full-unbuffered", "File too large"),
    ],
)
def test_answers_outlive_a_report_that_cannot_be_written(
    terminal: Start, env: dict[str, str], tmp_path: Path, case: str, reason: str
) -> None:
    """When the report cannot be written after a whole session (stdout closed; a pipe whose reader
    has gone; a file that can grow no more, as on a full disk, with PYTHONUNBUFFERED too, where a
    short write used to be dropped without a word), the exit is 1 with one line saying why and
    that the answers are kept; `ask --resume` then shows the report, with no question asked.
    The resume file used to be gone by then, and every typed answer with it."""
    before: Callable[[], None]
    unbuffered: dict[str, str | None] = {"PYTHONUNBUFFERED": None}
    reader = None
    if case == "closed":
        before = close_stdout
    elif case == "reader-gone":
        fifo = tmp_path / "report.fifo"
        os.mkfifo(fifo)
        reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # so that the child's open does not wait
        before = stdout_to(fifo)
    else:
        before = stdout_to(tmp_path / "report.txt", limit=2048)
        if case == "full-unbuffered":
            unbuffered = {"PYTHONUNBUFFERED": "1"}
    session = terminal("--format", "json", before=before, env=unbuffered)
    session.shows("degreefit: which graduate degree fits you?")  # the child has opened its stdout
    if reader is not None:
        os.close(reader)  # the reader goes away before the report
    status, output = finish_session(session)

    assert status == 1
    said = " ".join(output.split())
    assert f"degreefit: error: cannot write the report: {reason}; your answers are kept for" in said
    assert said.endswith("`degreefit ask --resume`")
    assert "Traceback" not in said
    kept = json.loads((tmp_path / "state" / "resume.json").read_text(encoding="utf-8"))
    assert kept["answers"] == physician()

    text, _ = terminal("--resume", "--format", "json").report()  # nothing left to ask
    assert text == ask_json(env, answers_file(tmp_path, physician()))
    assert not (tmp_path / "state" / "resume.json").exists()


@pytest.mark.skipif(os.name == "nt", reason="closing a descriptor before exec is POSIX")
def test_answers_that_outlive_no_report_and_no_resume_file_are_shown(terminal: Start, tmp_path: Path) -> None:
    """With stdout closed and the state directory unwritable, the answers of a whole session are
    printed on stderr as the one line of JSON that Ctrl-C gives, to pass back with --answers."""
    (tmp_path / "state").write_text("a file where the folder should be", encoding="utf-8")
    status, output = finish_session(terminal("--format", "json", before=close_stdout))

    assert status == 1
    said = " ".join(output.split())
    assert "degreefit: error: cannot write the report: stdout is closed; nor could your " in said
    assert "answers be kept for --resume (" in said
    line = next(text for text in output.splitlines() if text.startswith("  {"))
    assert json.loads(line) == {"schema_version": 1, **physician()}


@pytest.mark.skipif(os.name == "nt", reason="closing a descriptor before exec is POSIX")
def test_answers_typed_for_answers_dash_outlive_a_closed_stdout(terminal: Start) -> None:
    """JSON typed on the terminal for `--answers -` is in no file: when the report cannot be written,
    the answers come back on stderr as one line of JSON."""
    session = terminal("--answers", "-", before=close_stdout)
    session.shows("reading the answers (JSON) from the terminal; end with Ctrl-D")
    session.child.send(EXAMPLE.read_text(encoding="utf-8").replace("\n", " ") + "\n")
    session.child.sendeof()
    session.child.sendeof()
    status, output = session.finish()

    assert status == 1
    assert "degreefit: error: cannot write the report: stdout is closed; here are your answers" in output
    line = next(text for text in output.splitlines() if text.startswith("  {"))
    assert json.loads(line) == {"schema_version": 1, **physician_file()}


def test_answers_typed_on_the_terminal_for_answers_dash_are_asked_for(
    terminal: Start, env: dict[str, str]
) -> None:
    """`ask --answers -` on a terminal says it reads the answers there (it used to wait unseen);
    answers typed and ended with Ctrl-D give the report."""
    session = terminal("--answers", "-", "--format", "json")
    session.shows("reading the answers (JSON) from the terminal; end with Ctrl-D")
    session.child.send(EXAMPLE.read_text(encoding="utf-8").replace("\n", " ") + "\n")
    session.child.sendeof()
    session.child.sendeof()
    status, output = session.finish()
    assert status == 0, output
    assert '"top": "MMM"' in output


def test_answers_that_cannot_be_kept_are_shown_to_keep_by_hand(terminal: Start, tmp_path: Path) -> None:
    """With the state directory unwritable (a file stands where it should be), Ctrl-C does not
    claim the answers are kept: it says why not and prints them as one line of JSON."""
    (tmp_path / "state").write_text("a file where the folder should be", encoding="utf-8")
    answers = physician()
    session = terminal("--format", "json")
    session.answer("clinical_status", answers["clinical_status"])
    session.answer("region", answers["region"])
    session.answer("career_stage", answers["career_stage"])
    session.at("goals").interrupt()
    status, output = session.finish()

    assert status == 130
    said = " ".join(output.split())
    assert "your answers so far could not be kept for --resume (" in said
    assert "kept in" not in said
    line = next(text for text in output.splitlines() if text.startswith("  {"))
    assert json.loads(line) == {
        "schema_version": 1,
        "clinical_status": answers["clinical_status"],
        "region": answers["region"],
        "career_stage": answers["career_stage"],
    }


def test_a_second_run_at_once_keeps_nothing_and_leaves_the_first_ones_answers(
    terminal: Start, tmp_path: Path
) -> None:
    """Two questionnaires at once with one state directory: the second is told it keeps no
    answers, and stopping it leaves the first one's resume file as the first one kept it."""
    answers = physician()
    first = terminal("--format", "json")
    first.answer("clinical_status", answers["clinical_status"])
    first.at("region")
    resume_file = tmp_path / "state" / "resume.json"
    kept_by_first = resume_file.read_text(encoding="utf-8")

    second = terminal("--format", "json")
    second.shows("another `degreefit ask` is answering now")
    second.answer("clinical_status", "non_clinician")
    second.at("region").interrupt()
    status, output = second.finish()

    assert status == 130
    assert "another run keeps its answers there" in " ".join(output.split())
    assert resume_file.read_text(encoding="utf-8") == kept_by_first
    first.interrupt()
    assert first.finish()[0] == 130


def test_partial_answers_file_asks_only_the_missing_questions(terminal: Start, tmp_path: Path) -> None:
    """With --answers giving two answers, the terminal asks only the other questions."""
    answers = physician()
    partial = tmp_path / "partial.json"
    given = {"clinical_status": answers["clinical_status"], "career_stage": answers["career_stage"]}
    partial.write_text(json.dumps(given), encoding="utf-8")
    session = terminal("--answers", str(partial), "--format", "json", answers=given)

    # The file leaves out the region too: as an answer missing from it, the region is asked.
    assert session.first_question() == ("region", "1 of up to 9")
    session.answer_select(REGION_LABEL)
    session.at("goals", "2 of up to 9")
    session.answer_checkbox(["Lead within a health system", "Improve quality and operations"])
    session.answer_all(answers, after="goals")
    session.at_review().confirm_review()
    _, report = session.report()

    assert report["answers"] == answers


@pytest.mark.parametrize("text", ["²", "①", "3" * 4400], ids=["superscript", "circled", "4400-digits"])
def test_digits_that_are_no_number_are_refused_with_the_same_words(terminal: Start, text: str) -> None:
    """ "²" and "①" count as digits to Python but are no number, and 4,400 digits are more than
    Python turns into a number: each gets the usual words, never a crash of the prompt."""
    answers = physician()
    session = terminal("--format", "json")
    session.answer_all({q: answers[q] for q in list(answers)[: list(answers).index("max_years")]})
    session.at("max_years", "7 of 10")
    session.type_refused(text)
    session.shows(NUMBER_PROBLEM)
    session.answer_number(2)
    session.answer_all(answers, after="max_years")
    session.at_review().confirm_review()
    _, report = session.report()

    assert report["answers"] == {**answers, "max_years": 2}


def test_years_out_of_range_are_refused_until_a_valid_number(terminal: Start) -> None:
    """Typing 9 for the years shows `Enter a whole number from 1 to 6.` and keeps asking; 3 is taken."""
    answers = physician()
    session = terminal("--format", "json")
    session.answer_all({q: answers[q] for q in list(answers)[: list(answers).index("max_years")]})
    session.at("max_years", "7 of 10").answer_number(9)
    session.shows(NUMBER_PROBLEM)
    session.answer_number(3)  # the question is still open, its field still holding the 9
    session.answer_all(answers, after="max_years")
    session.at_review().confirm_review()
    _, report = session.report()

    assert report["answers"] == {**answers, "max_years": 3}


def screen_text(session: Session) -> str:
    """Everything drawn so far, as words with single spaces between them (line breaks are spaces)."""
    return " ".join(plain(session.transcript.getvalue()).split())


def words(text: str) -> str:
    """`text` with single spaces, to find in `screen_text`."""
    return " ".join(text.split())


def test_career_stage_fits_whatever_the_clinical_status(terminal: Start, ruleset: RuleSet) -> None:
    """A pharmacist is asked her career stage in words that fit her (no "doctors"), told that residents
    and fellows count as early career, and offered "Student, not yet working in my field" where a
    medical student was asked whether she was "still studying"."""
    session = terminal("--format", "json")
    session.answer("clinical_status", "other_clinician")
    session.answer("region", "australia")
    question = ruleset.question("career_stage")
    session.at("career_stage").answer_select("Early career, including residency or fellowship")
    shown = screen_text(session).split(question.prompt, 1)[1]
    assert words(question.help or "") in shown
    assert "Residents and fellows count as early career." in shown
    assert "Student, not yet working in my field" in shown
    assert "doctor" not in shown
    assert "Still studying" not in shown
    session.at("goals").interrupt()
    assert session.finish()[0] == 130


def test_a_student_is_told_how_to_answer_the_income_question(
    terminal: Start, ruleset: RuleSet, tmp_path: Path
) -> None:
    """A medical student is not asked about keeping clinical work, and the income question's help says
    how to answer with no income now; a clinician's clinical-work question says that keeping a few
    shifts is cutting back, and that income is asked on its own."""
    student = terminal("--format", "json")
    student.answer_all(
        {
            "clinical_status": "medical_student",
            "region": "uganda",
            "career_stage": "student",
            "goals": ["research_academic"],
            "study_format": "full_time",
            "max_years": 3,
            "wants_research": True,
            "recognition_importance": "low",
        }
    )
    student.at("can_reduce_income").shows("(y/n)")
    income = ruleset.question("can_reduce_income")
    assert words(f"{income.prompt} {income.help}") in screen_text(student)
    assert "If you earn nothing now, answer for the tuition" in screen_text(student)
    assert ruleset.question("keep_practicing").prompt not in screen_text(student)
    student.interrupt()
    assert student.finish()[0] == 130
    (tmp_path / "state" / "resume.json").unlink()  # else the next run first asks whether to go on

    clinician = terminal("--format", "json")
    clinician.answer("clinical_status", "practicing_physician")
    clinician.answer("region", "united_states")
    clinician.answer("career_stage", "mid")
    clinician.answer("goals", ["lead_within_health_system"])
    clinician.at("keep_practicing").shows("(y/n)")
    keep = ruleset.question("keep_practicing")
    assert words(f"{keep.prompt} {keep.help}") in screen_text(clinician)
    assert "Answer no if you could cut back, to fewer shifts or none." in screen_text(clinician)
    clinician.interrupt()
    assert clinician.finish()[0] == 130


def test_yes_no_questions_have_no_answer_ready(terminal: Start) -> None:
    """A yes/no question shows (y/n), neither capital: Enter alone answers nothing and says to press
    y or n (it used to answer yes). Going back to it, the answer given is ready: (y/N), and Enter
    keeps it."""
    answers = physician()
    session = terminal("--format", "json")
    session.answer_all({q: answers[q] for q in ("clinical_status", "region", "career_stage", "goals")})
    session.at("keep_practicing", "5 of 10").shows("(y/n)")
    session.child.send(ENTER)
    session.shows("(y/n) Press y or n.")
    session.answer_confirm(False)
    session.at("study_format", "6 of 10").go_back()
    session.at("keep_practicing", "5 of 10").shows("(y/N)")
    session.child.send(ENTER)  # keeps "no"
    session.answer_all(answers, after="keep_practicing")
    session.at_review().confirm_review()
    _, report = session.report()

    assert report["answers"] == {**answers, "keep_practicing": False}
    assert "(Y/n)" not in session.transcript.getvalue()


@pytest.mark.parametrize("columns", [60, 100])
def test_every_line_breaks_between_words_and_every_answer_shows_whole(
    terminal: Start, ruleset: RuleSet, columns: int
) -> None:
    """On a terminal 60 or 100 columns wide, each prompt, help text and key hint is broken only
    between words (no "arrow ke / ys"), and the transcript and the review show each answer whole,
    the third goal too (the review cut it at the edge: "Improve quality and operatio")."""
    goals = ["lead_within_health_system", "quality_improvement", "global_health_organization"]
    answers = {**physician(), "goals": goals}
    session = terminal("--format", "json", columns=columns)
    session.answer_all(answers)
    session.at_review()
    session.shows("Can give up income")  # the review's last row: the whole review is drawn
    shown = screen_text(session)
    for question in ruleset.questions:
        if question.id in answers:
            assert words(f"{question.prompt} {question.help or ''}") in shown, question.id
    for keys in ("(arrow keys, Enter)", "(Space selects, Enter confirms)", "(y/n)"):
        assert keys in shown
    all_goals = readable_answer(ruleset.question("goals"), tuple(goals))
    assert all_goals.endswith("Work for a global health organization such as the WHO")
    assert f"What do you want the degree to help you do? {all_goals}" in shown  # the transcript
    assert f"Goals {all_goals}" in shown  # the review
    session.confirm_review()
    _, report = session.report()
    assert report["answers"] == answers


def test_resuming_counts_as_the_marker_does(terminal: Start) -> None:
    """Picking up after one answer, the welcome says "question 2 of up to 11", as the marker beside
    the question does: the goals, still to come, decide whether the specialty is asked."""
    first = terminal("--format", "json")
    first.answer("clinical_status", "practicing_physician")
    first.at("region").interrupt()
    assert first.finish()[0] == 130

    resumed = terminal("--resume", "--format", "json", answers={"clinical_status": "practicing_physician"})
    resumed.shows("Picking up where you left off, at question 2 of up to 11.")
    assert resumed.first_question() == ("region", "2 of up to 11")
    resumed.interrupt()
    assert resumed.finish()[0] == 130
