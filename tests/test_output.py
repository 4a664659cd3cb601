"""Writing to a stream (degreefit/output.py): JSON as written or escaped for the stream, and data as
UTF-8 whatever the locale; how rich draws, with colour and Unicode on a terminal and plain text (no
escape codes, no trailing spaces, an ASCII box) everywhere else; and text for a stream that cannot
print every character, plain stand-ins where the encoding lacks a character, the text unchanged
where it has them all."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rich import box
from rich.console import Console
from rich.table import Table

from degreefit.output import STAND_INS, can_print, encoding_of, fitted, json_text, plain_box, show, utf8


def test_json_keeps_its_characters_where_the_stream_can_print_them() -> None:
    """On a UTF-8 stream the typographic apostrophe is written as it is."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert json_text({"why": "the source’s words"}, stream) == '{\n  "why": "the source’s words"\n}\n'


def test_json_escapes_what_an_ascii_stream_cannot_print_and_reads_back_the_same() -> None:
    """On an ASCII stream the apostrophe becomes \\u2019: the same document, printable."""
    stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    text = json_text({"why": "the source’s words"}, stream)
    assert "\\u2019" in text
    assert json.loads(text) == {"why": "the source’s words"}


def test_results_to_an_ascii_stdout_are_written_as_utf8() -> None:
    """Under LC_ALL=C a non-ASCII id is written in UTF-8 bytes, not refused."""
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="ascii")
    writer = utf8(stdout)
    writer.write("Zoë\n")
    writer.flush()
    assert raw.getvalue() == "Zoë\n".encode()


def test_a_utf8_stdout_is_used_as_it_is() -> None:
    """Where stdout already speaks UTF-8 nothing is wrapped around it."""
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    assert utf8(stdout) is stdout


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


REPORT_LINE = "MMM · 72 – “a route to lead” — ‘close’ → • █░ −2 … é\u00a0中"


def stream(encoding: str) -> io.TextIOWrapper:
    """A text stream in `encoding`, as sys.stdout is under LC_ALL=C or PYTHONIOENCODING."""
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding)


class Unknown(io.StringIO):
    """A stream that says it writes in an encoding Python does not know."""

    encoding = "no-such-codec"


def test_an_ascii_stream_gets_plain_stand_ins() -> None:
    """On ASCII, quotes turn straight, dashes and arrows into hyphens, bars into # and ., and any
    other character it lacks into ?."""
    assert fitted(REPORT_LINE, stream("ascii")) == (
        "MMM - 72 - \"a route to lead\" -- 'close' -> * #. -2 ... ? ?"
    )


def test_a_utf8_stream_keeps_every_typographic_character() -> None:
    """On UTF-8 the text is printed exactly as written."""
    assert fitted(REPORT_LINE, stream("utf-8")) == REPORT_LINE


def test_a_code_page_keeps_the_letters_it_has() -> None:
    """cp437 lacks curly quotes but has é: the quotes get stand-ins, é is kept, 中 becomes ?."""
    assert fitted(REPORT_LINE, stream("cp437")) == (
        "MMM - 72 - \"a route to lead\" -- 'close' -> * #. -2 ... é ?"
    )


def test_an_unknown_encoding_is_written_as_ascii() -> None:
    """A stream naming an encoding Python lacks gets ASCII text instead of a LookupError."""
    assert not can_print("abc", Unknown())
    assert fitted("MMM · é", Unknown()) == "MMM - ?"


def test_a_stream_that_names_no_encoding_is_taken_as_utf8() -> None:
    """An in-memory stream, which names no encoding, is written as UTF-8: nothing is replaced."""
    assert encoding_of(io.StringIO()) == "utf-8"
    assert fitted(REPORT_LINE, io.StringIO()) == REPORT_LINE


def test_every_stand_in_is_ascii() -> None:
    """Each stand-in can be printed anywhere: it is plain ASCII."""
    assert STAND_INS
    for stand_in in STAND_INS.values():
        assert isinstance(stand_in, str)
        assert stand_in.isascii()


ENCODINGS = ["ascii", "latin-1", "cp437", "cp1252", "utf-8"]
# Text each encoding can print: a one-byte encoding's characters, or any but a lone surrogate.
PRINTABLE = {
    encoding: st.text(bytes(range(256)).decode(encoding, errors="ignore"))
    for encoding in ENCODINGS
    if encoding != "utf-8"
} | {"utf-8": st.text(st.characters(exclude_categories=["Cs"]))}


@given(text=st.text(), encoding=st.sampled_from(ENCODINGS))
def test_fitted_text_can_always_be_printed_on_its_stream(text: str, encoding: str) -> None:
    """Whatever the text, what fitted returns encodes in the stream's encoding without error."""
    result = fitted(text, stream(encoding))
    assert result.encode(encoding).decode(encoding) == result


@given(data=st.data(), encoding=st.sampled_from(ENCODINGS))
def test_text_the_stream_can_print_is_left_alone(data: st.DataObject, encoding: str) -> None:
    """Text that the encoding can print comes back unchanged: stand-ins are a last resort."""
    text = data.draw(PRINTABLE[encoding], label="text")
    assume(can_print(text, stream(encoding)))
    assert fitted(text, stream(encoding)) == text


@pytest.mark.parametrize("encoding", ["ascii", "cp437"])
def test_stand_ins_keep_the_report_line_for_line(encoding: str) -> None:
    """Stand-ins never add or remove a line break, so the report keeps its layout line by line."""
    text = "\n".join([REPORT_LINE] * 3) + "\n"
    assert fitted(text, stream(encoding)).count("\n") == 3
