"""Writing files so that a crash never leaves half of one."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file and a rename; raise OSError on failure."""
    import tempfile  # here, not at the top: it imports `random`, and most runs write no file

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        os.chmod(temporary, usual_mode())
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def usual_mode() -> int:
    """The mode a new file gets here (0o666 less the umask); mkstemp's own is private, 0o600."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
