"""How rich draws on a stream (degreefit/output.py): colour and Unicode on a terminal, plain
text (no escape codes, no trailing spaces, an ASCII box) everywhere else."""

from __future__ import annotations

import io

import pytest
from rich import box
from rich.console import Console
from rich.table import Table

from degreefit.output import plain_box, show

ESCAPE = "\x1b["


class Terminal(io.TextIOWrapper):
    """A stream that says it is a terminal, as a real one does."""

    def isatty(self) -> bool:
        return True


def draw(console: Console, fancy: bool) -> None:
    """A small table and a coloured line, as the catalog views draw them."""
    table = Table(box=box.SIMPLE_HEAD if fancy else plain_box())
    table.add_column("Degree", style="bold")
    table.add_column("Who it is for")
    table.add_row("MMM", "doctors · who lead [bold]teams[/]")
    console.print(table)
    console.print("fancy" if fancy else "plain", style="red")


def shown(stream: io.TextIOWrapper) -> str:
    """What `show` wrote on the stream, decoded."""
    show(stream, draw)
    stream.flush()
    raw = stream.buffer
    assert isinstance(raw, io.BytesIO)
    return raw.getvalue().decode(stream.encoding)


@pytest.fixture
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal that shows colour."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


PLAIN = (
    "\n"
    "  Degree   Who it is for\n"
    " --------------------------------------------\n"
    "  MMM      doctors · who lead [bold]teams[/]\n"
    "\n"
    "plain\n"
)


def test_a_pipe_gets_plain_text(colour_terminal: None) -> None:
    """Not a terminal: an ASCII rule under the header, no escape codes, no trailing spaces."""
    text = shown(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
    assert text == PLAIN
    assert ESCAPE not in text
    lines = text.splitlines()
    assert lines
    assert all(line == line.rstrip() for line in lines)


def test_a_terminal_gets_colour_and_unicode(colour_terminal: None) -> None:
    """On a terminal that can print Unicode the fancy drawing is used, with colour."""
    text = shown(Terminal(io.BytesIO(), encoding="utf-8"))
    assert "─" in text
    assert f"{ESCAPE}31mfancy" in text


def test_no_color_gives_plain_text_even_on_a_terminal(
    colour_terminal: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR set: the plain drawing, exactly as in a pipe."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert shown(Terminal(io.BytesIO(), encoding="utf-8")) == PLAIN


def test_a_terminal_that_cannot_print_unicode_gets_plain_stand_ins(colour_terminal: None) -> None:
    """An ASCII terminal gets the plain drawing, its middle dot as a hyphen: no traceback."""
    assert shown(Terminal(io.BytesIO(), encoding="ascii")) == PLAIN.replace("·", "-")


def test_markup_in_the_text_is_printed_as_written(colour_terminal: None) -> None:
    """Brackets from a rule set are text, not rich markup, on a terminal and in a pipe alike."""
    assert "[bold]teams[/]" in shown(Terminal(io.BytesIO(), encoding="utf-8"))
    assert "[bold]teams[/]" in shown(io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))
