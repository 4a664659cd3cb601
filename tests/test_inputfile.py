"""Reading an answers file or stdin (degreefit/inputfile.py): the bytes, their size, their encoding
and their JSON; and the words for a path that is no file."""

from __future__ import annotations

import io
import stat
import sys
from pathlib import Path

import pytest

from degreefit.errors import AnswersError
from degreefit.inputfile import MAX_BYTES, decode, kind_of_file, read_source


def test_read_source_raises_for_a_missing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """read_source turns a missing file into an AnswersError naming it."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AnswersError) as raised:
        read_source("nope.json")
    assert raised.value.message == "nope.json: no such file"
    assert raised.value.exit_code == 2


def test_read_source_reads_stdin_bytes_for_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    """read_source('-') returns the raw bytes of stdin under the name <stdin>."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'\xef\xbb\xbf{"a": 1}')))
    assert read_source("-") == ("<stdin>", b'\xef\xbb\xbf{"a": 1}')


def test_decode_accepts_exactly_the_size_limit() -> None:
    """decode accepts a document of exactly MAX_BYTES and refuses one byte more."""
    document = b"{}" + b" " * (MAX_BYTES - 2)
    assert decode("a.json", document) == {}
    with pytest.raises(AnswersError) as raised:
        decode("a.json", document + b" ")
    assert raised.value.message == "a.json: larger than 1024 KiB; an answers file is a small JSON object"


def test_decode_removes_a_bom() -> None:
    """decode reads UTF-8 with a byte order mark as if it had none."""
    assert decode("a.json", b'\xef\xbb\xbf{"max_years": 2}') == {"max_years": 2}


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (stat.S_IFCHR, "a device"),
        (stat.S_IFBLK, "a device"),
        (stat.S_IFDIR, "a folder"),
        (stat.S_IFIFO, "a FIFO (a named pipe)"),
        (stat.S_IFSOCK, "a socket"),
    ],
    ids=["character-device", "block-device", "folder", "fifo", "socket"],
)
def test_what_is_no_file_is_named_by_its_kind(kind: int, said: str) -> None:
    """The words a refusal uses for each kind of path that is no regular file (the rule loader's and
    `batch`'s alike), from the file mode alone, so that no test touches a device."""
    assert kind_of_file(kind | 0o644) == said
