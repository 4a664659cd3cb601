"""Writing files so that a crash never leaves half of one."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


class AtomicFile:
    """A file written whole or not at all: the text goes to a temporary file beside it, which
    `commit` renames over it.

    A symbolic link is followed, so that the file it names is written, not the link
    replaced; with follow_links=False (a file of degreefit's own, like the resume file) the
    link itself is replaced, and nothing is written through it. A device or a pipe
    (`/dev/stdout`, a FIFO) is written in place: a rename would replace it with a regular
    file. A file replaced keeps its permissions, and a new one gets `mode` (None: the usual
    ones); with keep_mode=False every file written gets `mode`. Failures raise OSError.
    """

    def __init__(
        self,
        path: Path,
        *,
        errors: str = "strict",
        follow_links: bool = True,
        mode: int | None = None,
        keep_mode: bool = True,
    ) -> None:
        import tempfile  # here, not at the top: it imports `random`, and most runs write no file

        link = not follow_links and os.path.islink(path)
        self.path = Path(os.path.abspath(path) if link else os.path.realpath(path))
        self._temporary: str | None = None
        if not link and self.path.exists() and not self.path.is_file() and not self.path.is_dir():
            self.stream = self.path.open("w", encoding="utf-8", errors=errors, newline="")
            return
        if self.path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, self._temporary = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}-", suffix=".tmp"
        )
        try:
            os.chmod(self._temporary, _mode_for(self.path, mode=mode, keep_mode=keep_mode))
            self.stream = os.fdopen(handle, "w", encoding="utf-8", errors=errors, newline="")
        except BaseException:
            os.close(handle)
            self.abandon()
            raise

    @property
    def in_place(self) -> bool:
        """Whether the text goes straight to the path (a device or a pipe)."""
        return self._temporary is None

    def commit(self, target: Path | None = None) -> None:
        """Close the file and put it at its path (or at `target`, beside it)."""
        self.stream.close()  # the last of the text reaches the disk here
        if self._temporary is not None:
            os.replace(self._temporary, target or self.path)
            self._temporary = None

    def abandon(self) -> None:
        """Close the file and leave no temporary file behind."""
        if hasattr(self, "stream"):
            with contextlib.suppress(OSError):  # closing flushes, which fails again on a full disk
                self.stream.close()
        if self._temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._temporary)
            self._temporary = None


def write_atomically(
    path: Path, text: str, *, follow_links: bool = True, mode: int | None = None, keep_mode: bool = True
) -> None:
    """Write `text` to `path` whole (see AtomicFile); raise OSError on failure."""
    out = AtomicFile(path, follow_links=follow_links, mode=mode, keep_mode=keep_mode)
    try:
        out.stream.write(text)
        out.commit()
    except BaseException:
        out.abandon()
        raise


def _mode_for(path: Path, *, mode: int | None, keep_mode: bool) -> int:
    """The permissions for a file written at `path`: those of the file it replaces (0600 stays
    0600, 0644 stays 0644) when they are kept, else `mode`, else the usual ones."""
    if keep_mode:
        with contextlib.suppress(OSError):
            return stat.S_IMODE(os.stat(path).st_mode)
    return usual_mode() if mode is None else mode


def usual_mode() -> int:
    """The mode a new file gets here (0o666 less the umask); mkstemp's own is private, 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
