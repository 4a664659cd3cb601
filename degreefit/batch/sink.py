"""Where a batch's results and errors report go: stdout (as UTF-8), or a file that appears whole."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import IO, cast

from degreefit.errors import CannotWrite
from degreefit.files import AtomicFile
from degreefit.output import Utf8Writer


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

    On an interruption, what was written is kept: a file becomes PATH.partial. Pass
    unencodable="backslashreplace" for text that may quote a file name that is not UTF-8
    (Python holds its bad bytes as lone surrogates): \\udcff is then written for the byte FF.
    """

    def __init__(self, path: str | None, stdout: IO[str], *, unencodable: str = "strict") -> None:
        self.path = path
        self._file: AtomicFile | None = None
        self.failed: OSError | None = None  # stdout could not take the results (a closed pipe)
        if path is None:
            self.stream: IO[str] = _utf8(stdout)
            return
        if path.endswith(("/", os.sep)) and not os.path.isdir(path):  # Path() would drop the slash
            raise CannotWrite(f"{path}: cannot write: No such directory; name a file, not a folder")
        try:
            self._file = AtomicFile(Path(path), errors=unencodable)  # keeps a replaced file's mode
        except (FileExistsError, NotADirectoryError):  # a file stands where a folder on the way should
            blocked = next(
                (p for p in Path(path).parents if p.exists() and not p.is_dir()), Path(path).parent
            )
            raise CannotWrite(f"{path}: cannot write: {blocked} is a file, not a folder") from None
        except OSError as err:
            raise CannotWrite(f"{path}: cannot write: {err.strerror or err}") from None
        self.stream = self._file.stream

    def write(self, text: str) -> None:
        """Write text; a file that cannot take it (a full disk) is a CannotWrite naming it.

        When stdout fails (its reader has gone: `batch ... | head -1`), the text goes nowhere
        and `failed` says why: the batch goes on, so that the errors report is whole.
        """
        if self.failed is not None:
            return
        try:
            self.stream.write(text)
        except OSError as err:
            if self._file is None:
                self.failed = err
                return
            raise CannotWrite(f"{self.path}: cannot write: {err.strerror or err}") from None

    def finish(self) -> None:
        """Make the output file appear whole (the rename), or flush stdout."""
        self._commit(None)

    def keep_partial(self) -> str:
        """After an interruption: keep what was written, and say where."""
        if self._file is None:
            self._commit(None)
            return "were written to stdout"
        if self._file.in_place:  # a device or a pipe
            self._commit(None)
            return f"were written to {self.path}"
        partial = Path(f"{self._file.path}.partial")
        self._commit(partial)
        same = Path(os.path.abspath(self.path or "")) == self._file.path  # no symlink on the way
        return f"are in {f'{self.path}.partial' if same else partial}"

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
            self._file.abandon()
            raise CannotWrite(f"{self.path}: cannot write: {err.strerror or err}") from None
