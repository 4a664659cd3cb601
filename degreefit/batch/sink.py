"""Where a batch's results and errors report go: stdout (as UTF-8), or a file that appears whole."""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, NamedTuple, cast

from degreefit.atomicwrite import AtomicFile
from degreefit.errors import CannotWrite
from degreefit.output import Utf8Writer
from degreefit.quoting import counted, printable

_CHUNK = 1 << 16  # characters gathered before they go to a file: a full disk fails once a chunk


class Kept(NamedTuple):
    """Where the text written before an interruption is: a PATH.partial file, or where it was
    written in place (stdout, a device, a pipe)."""

    where: str
    in_place: bool

    def said(self, count: int, noun: str, after: str = "") -> str:
        """`the 6 rows scored so far are in out.jsonl.partial`, for said(6, "row", " scored")."""
        if self.in_place:
            verb = "was written to" if count == 1 else "were written to"
        else:
            verb = "is in" if count == 1 else "are in"
        return f"the {counted(count, noun)}{after} so far {verb} {self.where}"


def _utf8(stdout: IO[str]) -> IO[str]:
    """Stdout for results, which are data: UTF-8 like every input, whatever its encoding (cp1252,
    say, which has ë but not 王); stdout itself when it writes UTF-8, or has no bytes under it."""
    encoding, buffer = getattr(stdout, "encoding", None), getattr(stdout, "buffer", None)
    if buffer is None or not encoding:
        return stdout
    try:
        if codecs.lookup(encoding).name == "utf-8":
            return stdout
    except LookupError:
        pass
    stdout.flush()  # what it holds goes first
    return cast("IO[str]", Utf8Writer(buffer))


class Sink:
    """Where results go: stdout, or a file written whole (see files.AtomicFile).

    Text for a file is gathered and written a chunk at a time, each chunk flushed, so that what
    the file holds for sure is known: when a write fails (a full disk), `salvage` gives back every
    line, read back from the file or not written yet, for another home. A failed file stays until
    `salvage` or `discard`. On an interruption, what was written is kept: a file becomes
    PATH.partial. Pass unencodable="backslashreplace" for text that may quote a file name that is
    not UTF-8 (Python holds its bad bytes as lone surrogates): \\udcff is then written for the byte FF.
    """

    def __init__(self, path: str | None, stdout: IO[str], *, unencodable: str = "strict") -> None:
        self.path = path
        self.shown = printable(path or "")  # as messages name it: control characters escaped
        self._file: AtomicFile | None = None
        self.failed: OSError | None = None  # stdout could not take the results (a closed pipe)
        self._pending: list[str] = []  # text for the file, not written yet
        self._size = 0  # its characters
        self._lines = 0  # lines written to the file and flushed
        self.unrecovered = 0  # lines `salvage` could not read back
        if path is None:
            self.stream: IO[str] = _utf8(stdout)
            return
        if path.endswith(("/", os.sep)) and not os.path.isdir(path):  # Path() would drop the slash
            raise CannotWrite(f"{self.shown}: cannot write: No such directory; name a file, not a folder")
        try:
            self._file = AtomicFile(Path(path), errors=unencodable)  # keeps a replaced file's mode
        except (FileExistsError, NotADirectoryError):  # a file stands where a folder on the way should
            blocked = next(
                (p for p in Path(path).parents if p.exists() and not p.is_dir()), Path(path).parent
            )
            said = f"{printable(str(blocked))} is a file, not a folder"
            raise CannotWrite(f"{self.shown}: cannot write: {said}") from None
        except OSError as err:
            raise CannotWrite(f"{self.shown}: cannot write: {err.strerror or err}") from None
        self.stream = self._file.stream

    def write(self, text: str) -> None:
        """Write text; a file that cannot take it (a full disk) is a CannotWrite naming it.

        When stdout fails (its reader has gone: `batch ... | head -1`), the text goes nowhere
        and `failed` says why: the batch goes on, so that the errors report is whole.
        """
        if self._file is not None:
            self._pending.append(text)
            self._size += len(text)
            if self._size >= _CHUNK:
                self._flush()
            return
        if self.failed is not None:
            return
        try:
            self.stream.write(text)
        except OSError as err:
            self.failed = err

    def _flush(self) -> None:
        """Write the text gathered for the file, and flush it; CannotWrite if the file cannot take it."""
        if not self._pending or self._file is None:
            return
        text = "".join(self._pending)
        try:
            self._file.stream.write(text)
            self._file.stream.flush()
        except OSError as err:
            raise CannotWrite(f"{self.shown}: cannot write: {err.strerror or err}") from None
        self._lines += text.count("\n")
        self._pending.clear()
        self._size = 0

    def finish(self) -> None:
        """Make the output file appear whole (the rename), or flush stdout."""
        self._flush()
        self._commit(None)

    def keep_partial(self) -> Kept:
        """After an interruption: keep what was written, and say where."""
        if self._file is None:
            self._commit(None)
            return Kept("stdout", in_place=True)
        self._flush()
        if self._file.in_place:  # a device or a pipe
            self._commit(None)
            return Kept(self.shown, in_place=True)
        partial = Path(f"{self._file.path}.partial")
        self._commit(partial)
        same = Path(os.path.abspath(self.path or "")) == self._file.path  # no symlink on the way
        return Kept(f"{self.shown}.partial" if same else printable(str(partial)), in_place=False)

    def salvage(self) -> Iterator[str]:
        """After a write to the file failed: each line given to it, in order (those flushed read back
        from it, then those not written yet), for another home; then the file is discarded. Lines
        that cannot be read back are counted in `unrecovered`."""
        self.unrecovered = 0
        try:
            if self._file is not None and not self._file.in_place:  # a device or a pipe has the rest
                yield from self._read_back()
            for text in self._pending:
                lines = text.split("\n")  # not splitlines(): a JSON line may hold U+2028 as it is
                yield from lines[:-1] if lines[-1] == "" else lines
        finally:
            self._pending.clear()
            self.discard()

    def _read_back(self) -> Iterator[str]:
        """The lines flushed to the file, read back from its start; those that cannot be are counted."""
        left = self._lines
        try:
            handle = self._file.stream.fileno() if self._file is not None else -1
            os.lseek(handle, 0, os.SEEK_SET)  # the temporary file is open for reading too (mkstemp)
            rest = b""
            while left:
                chunk = os.read(handle, _CHUNK)
                if not chunk:
                    break
                *lines, rest = (rest + chunk).split(b"\n")
                for line in lines[:left]:
                    yield line.decode("utf-8", "replace")
                left -= min(left, len(lines))
        except (OSError, ValueError):
            pass
        self.unrecovered = left

    def discard(self) -> None:
        """After a failure: close the file, and leave no temporary file behind."""
        if self._file is not None:
            self._file.abandon()

    def _commit(self, target: Path | None) -> None:
        if self._file is None:
            if self.failed is None:
                try:
                    self.stream.flush()
                except OSError as err:
                    self.failed = err
            return
        try:
            self._file.commit(target)
        except OSError as err:
            raise CannotWrite(f"{self.shown}: cannot write: {err.strerror or err}") from None
