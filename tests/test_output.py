"""Writing results: JSON as written or escaped for the stream, and data as UTF-8 whatever the locale."""

from __future__ import annotations

import io
import json

from degreefit.output import json_text, utf8


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
