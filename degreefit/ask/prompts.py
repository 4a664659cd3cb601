"""The terminal questionnaire: the only module that imports questionary.

`TerminalPrompter` draws each question from its definition in rules/ (a select list, a
checkbox list, a yes/no question or a number field), with its help text, readable
labels and a progress marker; Ctrl-B or Shift-Tab goes back one question; Ctrl-C, Ctrl-Q and
Ctrl-D stop. Every line it draws is broken between words to fit the terminal (at most 100
columns wide), and a yes/no question has no answer ready: Enter alone takes none.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import Any, TextIO

import questionary
from prompt_toolkit import PromptSession, print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.output import Output, create_output
from prompt_toolkit.styles import Style
from questionary.styles import merge_styles_default

from degreefit.ask.questionnaire import BACK, Reply, Step
from degreefit.errors import assert_never
from degreefit.models import AnswerValue, Question
from degreefit.quoting import listed
from degreefit.report.wording import readable_answer

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
INDENT = "  "  # where a question's second and later lines start
WIDEST = 100  # columns: longer lines are hard to read, as in the welcome
Parts = list[tuple[str, str]]  # styled text: (style class, text)
_SELECT = 3  # columns before a choice's label: " » "
_CHECKBOX = 5  # and in a checkbox list: " » ○ "
_NO_BREAK = "\u00a0"  # holds the words of a key hint together on one line
_TABLE_ANSWERS = 24  # the fewest columns for the answers beside the topics in the review


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
        total = str(least) if least == most else f"up to {most}"  # as the progress marker says it
        where = f"Picking up where you left off, at question {start} of {total}." if start > 1 else ""
        width = self._width()

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
        qmark = _marker(step)
        width = self._width()
        prompt = self._build(question, default=default, qmark=qmark, width=width)
        _add_keys(prompt, can_go_back=step.can_go_back)
        # questionary leaves its own line behind (the help too, "done (3 selections)" for a
        # checkbox), cut at the terminal's edge; the transcript keeps one line per answer, whole
        # and broken between words, so the prompt is erased and that line written in its place.
        prompt.application.erase_when_done = True
        reply: object = prompt.unsafe_ask()
        if reply is BACK:
            return BACK
        answer = _converted(question, reply)
        said = [
            ("class:qmark", qmark),
            ("class:question", question.prompt),
            ("class:answer", readable_answer(question, answer)),
        ]
        self._print(*laid_out(said, width=width), ("", "\n"))
        return answer

    def review(self, answers: Sequence[tuple[Question, AnswerValue]]) -> str | None:
        """List every answer, each whole; return the id of the one to change, or None to confirm."""
        width = self._width()
        rows = [(q.title(), readable_answer(q, v)) for q, v in answers]
        choices: list[Any] = [questionary.Choice("These are right: show my recommendation", value=_CONFIRM)]
        choices.append(questionary.Separator())
        choices += [
            questionary.Choice(title, value=q.id)
            for title, (q, _) in zip(review_rows(rows, width=width), answers, strict=True)
        ]
        message, instruction = _heading(
            "✔", "Review your answers (Enter on one to change it):", "", "(arrow keys, Enter)", width=width
        )
        prompt = questionary.select(
            message,
            choices=choices,
            instruction=instruction,  # as the questions say it
            qmark="✔",
            style=STYLE,
            output=self._output,
        )
        _add_keys(prompt, can_go_back=False)
        # A row of several lines would be repeated after the heading once chosen: the review
        # goes, and the question to change (or the report) takes its place.
        prompt.application.erase_when_done = True
        reply = prompt.unsafe_ask()
        return None if reply is _CONFIRM else str(reply)

    def _build(
        self, question: Question, *, default: AnswerValue | None, qmark: str, width: int
    ) -> questionary.Question:
        # The help text rides in the prompt's instruction, shown only while the question is
        # open: the transcript keeps one line per answer, and going back erases it cleanly.
        common: dict[str, Any] = {"qmark": qmark, "style": STYLE, "output": self._output}

        def heading(keys: str) -> tuple[str, str]:
            return _heading(qmark, question.prompt, question.help or "", keys, width=width)

        match question.kind:
            case "single":
                message, instruction = heading("(arrow keys, Enter)")
                choices = [
                    questionary.Choice(_label(c.label, prefix=_SELECT, width=width), value=c.value)
                    for c in question.choices
                ]
                return questionary.select(
                    message,
                    choices=choices,
                    default=_default_choice(default),
                    instruction=instruction,
                    **common,
                )
            case "multi":
                message, instruction = heading("(Space selects, Enter confirms)")
                picked = default if isinstance(default, tuple) else ()
                checks = [
                    questionary.Choice(
                        _label(c.label, prefix=_CHECKBOX, width=width),
                        value=c.value,
                        checked=c.value in picked,
                    )
                    for c in question.choices
                ]
                return questionary.checkbox(
                    message,
                    choices=checks,
                    validate=lambda chosen: (
                        bool(chosen) or "Pick at least one (Space selects, Enter confirms)."
                    ),
                    instruction=instruction,
                    **common,
                )
            case "boolean":
                answer = default if isinstance(default, bool) else None
                keys = {None: "(y/n)", True: "(Y/n)", False: "(y/N)"}[answer]
                return _yes_no(
                    heading(keys),
                    nudged=heading(f"{keys} Press y or n."),
                    default=answer,
                    qmark=qmark,
                    output=self._output,
                )
            case "integer":
                low, high = question.min, question.max
                message, instruction = heading("" if question.help else f"({low} to {high})")
                return questionary.text(
                    message,
                    default="" if default is None else str(default),
                    validate=lambda text: _number_problem(text, low, high) or True,
                    instruction=instruction,
                    **common,
                )
            case _:
                return assert_never(question.kind)

    def _width(self) -> int:
        """The columns a line may fill: the terminal's, up to WIDEST, less one for the cursor."""
        return max(20, min(self._output.get_size().columns, WIDEST) - 1)

    def _print(self, *parts: tuple[str, str]) -> None:
        print_formatted_text(FormattedText(list(parts)), style=STYLE, output=self._output, end="")


def _marker(step: Step) -> str:
    """The progress marker: "3 of 9", or "3 of up to 10" while a follow-up may still drop out."""
    if step.total <= 1:
        return "?"
    return f"{step.number} of {step.total}" if step.exact else f"{step.number} of up to {step.total}"


def laid_out(parts: Parts, *, width: int, indent: str = INDENT) -> Parts:
    """Styled text in lines of at most `width` columns, broken only at spaces (a word wider than a
    line keeps its own line, whole; a no-break space holds words together); a newline in a part
    starts a new line. Lines after the first start with `indent`; a space or break takes the style
    of the word after it."""
    out: Parts = []
    column, fresh = 0, True  # fresh: nothing on the line yet
    for style, text in parts:
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append((style, "\n" + indent))
                column, fresh = len(indent), True
            for word in filter(None, line.split(" ")):
                if not fresh and column + 1 + len(word) > width:
                    out.append((style, "\n" + indent))
                    column, fresh = len(indent), True
                if not fresh:
                    out.append((style, " "))
                    column += 1
                out.append((style, word))
                column += len(word)
                fresh = False
    return out


def _heading(qmark: str, prompt: str, help_text: str, keys: str, *, width: int) -> tuple[str, str]:
    """A question's message and instruction for questionary, laid out with its marker: the help
    on lines of its own under the prompt, followed by the keys (on one line)."""
    keys = keys.replace(" ", _NO_BREAK)
    instruction = f"\n{help_text} {keys}" if help_text else keys
    parts = laid_out(
        [("class:qmark", qmark), ("class:question", prompt), ("class:instruction", instruction)],
        width=width,
    )
    message = "".join(text for style, text in parts if style == "class:question")
    rest = "".join(text for style, text in parts if style == "class:instruction")
    # questionary writes " {message} " between the marker and the instruction: one space each.
    return message.removeprefix(" "), rest.removeprefix(" ").replace(_NO_BREAK, " ") + " "


def _label(label: str, *, prefix: int, width: int) -> str:
    """A choice's label, broken between words to fit after `prefix` columns (the pointer, the box);
    its later lines start under its first."""
    return f"\n{' ' * prefix}".join(_words(label, width - prefix))


def review_rows(rows: Sequence[tuple[str, str]], *, width: int) -> list[str]:
    """The review's rows (topic, answer), each answer whole: beside the topics in a column when it
    leaves the answers room, else each answer under its topic, indented."""
    topics = max((len(topic) for topic, _ in rows), default=0)
    beside = _SELECT + topics + 2  # where the answers start, after the pointer and the topics
    if width - beside >= _TABLE_ANSWERS:
        pad = f"\n{' ' * beside}"
        return [f"{topic:<{topics}}  {pad.join(_words(answer, width - beside))}" for topic, answer in rows]
    under = _SELECT + len(INDENT)
    pad = f"\n{' ' * under}"
    return [f"{topic}{pad}{pad.join(_words(answer, width - under))}" for topic, answer in rows]


def _words(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False) or [text]


def _yes_no(
    heading: tuple[str, str],
    *,
    nudged: tuple[str, str],
    default: bool | None,
    qmark: str,
    output: Output,
) -> questionary.Question:
    """A yes/no question: y or n answers at once. With no `default` (the answer given before, when
    going back or changing it) none is ready: Enter alone shows the `nudged` heading instead."""
    shown = {"heading": heading}

    def tokens() -> FormattedText:
        message, instruction = shown["heading"]
        return FormattedText(
            [("class:qmark", qmark), ("class:question", f" {message} "), ("class:instruction", instruction)]
        )

    bindings = KeyBindings()

    def answer(value: bool) -> Callable[[KeyPressEvent], None]:
        def handler(event: KeyPressEvent) -> None:
            event.app.exit(result=value)

        return handler

    for key in "yY":
        bindings.add(key)(answer(True))
    for key in "nN":
        bindings.add(key)(answer(False))

    @bindings.add("c-m", eager=True)
    def enter(event: KeyPressEvent) -> None:
        if default is None:
            shown["heading"] = nudged
        else:
            event.app.exit(result=default)

    @bindings.add("c-c", eager=True)
    def interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @bindings.add(Keys.Any)
    def other(event: KeyPressEvent) -> None:
        """Any other key is ignored: nothing is typed."""

    style = merge_styles_default([STYLE])
    session: PromptSession[bool] = PromptSession(tokens, key_bindings=bindings, style=style, output=output)
    return questionary.Question(session.app)


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
    as typed"); Ctrl-O does nothing; Ctrl-B and Shift-Tab go back."""
    bindings = KeyBindings()

    def stop(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError())

    def interrupt(event: KeyPressEvent) -> None:
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")  # as Ctrl-C

    def go_back(event: KeyPressEvent) -> None:
        event.app.erase_when_done = True  # the previous question is redrawn in its place
        event.app.exit(result=BACK)

    def ignore(event: KeyPressEvent) -> None:
        """Ctrl-O is prompt_toolkit's "accept and fetch the next line": in a list it ended the
        prompt with no choice (a traceback at the review, an empty answer elsewhere)."""

    bindings.add("c-d", eager=True)(stop)
    bindings.add("c-q", eager=True)(interrupt)
    bindings.add("c-o", eager=True)(ignore)
    if can_go_back:
        for key in BACK_KEYS:
            bindings.add(key, eager=True)(go_back)
    app = prompt.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
