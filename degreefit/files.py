"""Writing files so that a crash never leaves half of one."""

from __future__ import annotations

import os
from pathlib import Path


def destination(path: Path) -> tuple[Path, bool]:
    """Where writing `path` really goes, and whether to write there in place.

    A symbolic link is followed, so that the file it names is written, not the link
    replaced. A device or a pipe (`/dev/stdout`, a FIFO) is written in place: a rename
    would replace it with a regular file.
    """
    real = Path(os.path.realpath(path))
    return real, real.exists() and not real.is_file() and not real.is_dir()


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename; raise OSError on failure."""
    import tempfile  # here, not at the top: it imports `random`, and most runs write no file

    real, in_place = destination(path)
    if in_place:
        with real.open("w", encoding="utf-8") as out:
            out.write(text)
        return
    real.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}-", suffix=".tmp")
    try:
        os.chmod(temporary, usual_mode())
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, real)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def usual_mode() -> int:
    """The mode a new file gets here (0o666 less the umask); mkstemp's own is private, 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
