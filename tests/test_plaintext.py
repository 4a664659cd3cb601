"""Text for a stream that cannot print every character (degreefit/output.py): plain stand-ins
where the encoding lacks a character, the text unchanged where it has them all."""

from __future__ import annotations

import io

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from degreefit.output import STAND_INS, can_print, encoding_of, fitted

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
