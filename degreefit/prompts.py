"""The terminal questionnaire: the only module that imports questionary.

`TerminalPrompter` draws each question from its definition in rules/ (a select list, a
checkbox list, a yes/no confirm or a number field), with its help text, readable
labels and a progress marker; Ctrl-B or Shift-Tab goes back one question; Ctrl-C, Ctrl-Q and
Ctrl-D stop.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.styles import Style

from degreefit.exhaustive import assert_never
from degreefit.explain import listed
from degreefit.kinds import is_list
from degreefit.models import AnswerValue, Question
from degreefit.questionnaire import BACK, Reply, Step
from degreefit.wording import readable_answer

_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine"}

BACK_KEYS = ("c-b", "s-tab")
STYLE = Style.from_dict(
    {
        "qmark": "fg:ansicyan bold",
        "question": "bold",
        "answer": "fg:ansicyan",
        "pointer": "fg:ansicyan bold",
        "highlighted": "fg:ansicyan",
        "selected": "fg:ansicyan",
        "instruction": "fg:ansibrightblack",
        "help": "fg:ansibrightblack italic",
        "title": "bold",
    }
)
_CONFIRM = object()


class TerminalPrompter:
    """Asks questions in a terminal with questionary (prompt_toolkit)."""

    def __init__(self, *, stream: TextIO | None = None) -> None:
        # Draw on stdout unless it is redirected (say, to a JSON file): then on stderr.
        chosen = stream or (sys.stdout if sys.stdout.isatty() else sys.stderr)
        self._output: Output = create_output(stdout=chosen)

    def welcome(self, *, least: int, most: int, start: int, degrees: Sequence[str], sources: int) -> None:
        """Print the one-screen welcome."""
        count = f"{least} questions" if least == most else f"{least} to {most} questions"
        if least == 1 == most:
            count = "1 question"
        where = f"Picking up where you left off, at question {start} of {least}." if start > 1 else ""
        width = max(20, min(self._output.get_size().columns, 100) - 1)

        def wrap(text: str) -> str:
            return textwrap.fill(text, width=width) + "\n"

        cited = "one cited source" if sources == 1 else f"{_NUMBERS.get(sources, sources)} cited sources"
        about = (
            f"It compares the {listed(degrees)} and ranks them for you, with the reasons for and "
            f"against each, drawn from {cited}."
        )
        keys = (
            "Ctrl-B or Shift-Tab: back one question. Ctrl-C: stop; your answers are kept "
            "and `degreefit ask --resume` picks up where you left off."
        )
        self._print(
            ("class:title", wrap("degreefit: which graduate degree fits you?")),
            ("", wrap(about) + "\n"),
            ("", wrap(f"{count}, about a minute. Your answers stay on this machine.")),
            ("", wrap(where) if where else ""),
            ("class:help", wrap(keys) + "\n"),
        )

    def ask(self, question: Question, *, default: AnswerValue | None, step: Step) -> Reply:
        """Ask one question and return the answer, or BACK."""
        qmark = f"{step.number} of {step.total}" if step.total > 1 else "?"
        prompt = self._build(question, default=default, qmark=qmark)
        _add_keys(prompt, can_go_back=step.can_go_back)
        checkbox = is_list(question.kind)
        if checkbox:
            # questionary leaves "done (3 selections)" behind a checkbox; the transcript should
            # say which, so the prompt is erased and the answer written in its place.
            prompt.application.erase_when_done = True
        reply: object = prompt.unsafe_ask()
        if reply is BACK:
            return BACK
        answer = _converted(question, reply)
        if checkbox:
            self._print(
                ("class:qmark", qmark),
                ("class:question", f" {question.prompt} "),
                ("class:answer", readable_answer(question, answer)),
                ("", "\n"),
            )
        return answer

    def review(self, answers: Sequence[tuple[Question, AnswerValue]]) -> str | None:
        """List every answer; return the id of the one to change, or None to confirm."""
        width = max(len(q.title()) for q, _ in answers) if answers else 0
        choices: list[Any] = [questionary.Choice("These are right: show my recommendation", value=_CONFIRM)]
        choices.append(questionary.Separator())
        choices += [
            questionary.Choice(f"{q.title():<{width}}  {readable_answer(q, v)}", value=q.id)
            for q, v in answers
        ]
        prompt = questionary.select(
            "Review your answers (Enter on one to change it):",
            choices=choices,
            instruction="(arrow keys, Enter)",  # as the questions say it
            qmark="✔",
            style=STYLE,
            output=self._output,
        )
        _add_keys(prompt, can_go_back=False)
        reply = prompt.unsafe_ask()
        return None if reply is _CONFIRM else str(reply)

    def _build(self, question: Question, *, default: AnswerValue | None, qmark: str) -> questionary.Question:
        # The help text rides in the prompt's instruction, shown only while the question is
        # open: the transcript keeps one line per answer, and going back erases it cleanly.
        common: dict[str, Any] = {"qmark": qmark, "style": STYLE, "output": self._output}
        hint = f"\n  {question.help} " if question.help else " "
        match question.kind:
            case "single":
                choices = [questionary.Choice(c.label, value=c.value) for c in question.choices]
                return questionary.select(
                    question.prompt,
                    choices=choices,
                    default=_default_choice(default),
                    instruction=f"{hint}(arrow keys, Enter)",
                    **common,
                )
            case "multi":
                picked = default if isinstance(default, tuple) else ()
                checks = [
                    questionary.Choice(c.label, value=c.value, checked=c.value in picked)
                    for c in question.choices
                ]
                return questionary.checkbox(
                    question.prompt,
                    choices=checks,
                    validate=lambda chosen: (
                        bool(chosen) or "Pick at least one (Space selects, Enter confirms)."
                    ),
                    instruction=f"{hint}(Space selects, Enter confirms)",
                    **common,
                )
            case "boolean":
                yes = default if isinstance(default, bool) else True
                return questionary.confirm(
                    question.prompt,
                    default=yes,
                    instruction=f"{hint}{'(Y/n)' if yes else '(y/N)'} ",
                    **common,
                )
            case "integer":
                low, high = question.min, question.max
                return questionary.text(
                    question.prompt,
                    default="" if default is None else str(default),
                    validate=lambda text: _number_problem(text, low, high) or True,
                    instruction=hint if question.help else f" ({low} to {high})",
                    **common,
                )
            case _:
                return assert_never(question.kind)

    def _print(self, *parts: tuple[str, str]) -> None:
        print_formatted_text(FormattedText(list(parts)), style=STYLE, output=self._output, end="")


def _default_choice(default: AnswerValue | None) -> str | None:
    return default if isinstance(default, str) else None


MAX_DIGITS = 12  # far beyond any range a question sets, and within what int() takes quickly


def _number_problem(text: str, low: int | None, high: int | None) -> str:
    """Why a typed number is refused ("" when it is taken). Only the digits 0-9: "²" and "①"
    are digits to str.isdigit() but no number to int(), and 5,000 digits would be refused by
    int() itself."""
    stripped = text.strip()
    if (
        not stripped
        or len(stripped) > MAX_DIGITS
        or not all("0" <= char <= "9" for char in stripped)
        or (low is not None and int(stripped) < low)
        or (high is not None and int(stripped) > high)
    ):
        return f"Enter a whole number from {low} to {high}."
    return ""


def _converted(question: Question, reply: object) -> AnswerValue:
    match question.kind:
        case "integer":
            return int(str(reply).strip())
        case "multi":
            return tuple(str(v) for v in reply) if isinstance(reply, list) else ()
        case "single" | "boolean":
            if isinstance(reply, (bool, str)):
                return reply
            raise TypeError(f"unexpected reply {reply!r} to {question.id}")
        case _:
            return assert_never(question.kind)


def _add_keys(prompt: questionary.Question, *, can_go_back: bool) -> None:
    """Ctrl-D stops at every prompt (questionary's lists ignore it), and so does Ctrl-Q, exactly as
    Ctrl-C does (questionary's lists stop on it, but a number field took it as "insert the next key
    as typed"); Ctrl-B and Shift-Tab go back."""
    bindings = KeyBindings()

    def stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())

    def interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")  # as Ctrl-C

    def go_back(event: KeyPressEvent) -> None:
        event.app.erase_when_done = True  # the previous question is redrawn in its place
        event.app.exit(result=BACK)

    bindings.add("c-d", eager=True)(stop)
    bindings.add("c-q", eager=True)(interrupt)
    if can_go_back:
        for key in BACK_KEYS:
            bindings.add(key, eager=True)(go_back)
    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
