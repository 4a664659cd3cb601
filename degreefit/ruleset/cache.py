"""A cache of validated rule sets, so that most runs skip YAML parsing and pydantic.

Like a .pyc file: the cache holds a rule set that already passed validation, keyed by
the size, times and inode of its rule files and of the code that validates them
(statting is cheaper than hashing, which this start-up path cannot afford). The change
time is in the key because no copy tool can set it: a file replaced by one of the same
size with its old modification time kept (`cp -p`, `rsync -a`) still misses. A missing,
stale or unreadable entry is simply a miss, and so is one edited since it was written: each
entry starts with a checksum of the rest keyed with a secret of the cache directory's own (its
file `checksum-key`, made on the first write), so an edit whose checksum is recomputed is a miss
too. What the cache gives back is a rule set that passed validation, never one changed by hand.
A cache that cannot be written is skipped.
Set DEGREEFIT_CACHE_DIR to move it, or to an empty string to turn it off.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from degreefit import __version__, models
from degreefit.models import RuleSet

try:  # the C module hashlib takes it from, without hashlib's OpenSSL (2 ms of every start)
    from _blake2 import blake2b
except ImportError:  # another Python than CPython
    from hashlib import blake2b

# 3: Degree.thinly_sourced; 4: a checksum line before the JSON; 5: bears_on, conflict, discount;
# 6: the checksum keyed with the directory's secret
FORMAT = 7
_CLASSES = {cls.__name__: cls for cls in models.MODEL_CLASSES}
# The modules whose code decides what a valid rule set is (every module `ruleset/validate.py`
# imports, and this one, which writes the entries): a change to any of them makes every cached
# entry stale. tests/test_cache.py holds the list to what validate.py imports.
_VALIDATING_MODULES = (
    "models.py",
    "conditions.py",
    "conditionyaml.py",
    "kinds.py",
    "kindvalues.py",
    "jsonvalues.py",
    "exhaustive.py",
    "satisfy.py",
    "groups.py",
    "claimuse.py",
    "errors.py",
    "spelling.py",
    "ruleset/validate.py",
    "ruleset/yamlfile.py",
    "ruleset/yamlwords.py",
    "ruleset/scalars.py",
    "ruleset/shapes.py",
    "ruleset/messages.py",
    "ruleset/records.py",
    "ruleset/crossrefs.py",
    "ruleset/claimlinks.py",
    "ruleset/questionids.py",
    "ruleset/cache.py",
)


def directory() -> Path | None:
    """Where cached rule sets live, or None when caching is off."""
    configured = os.environ.get("DEGREEFIT_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "degreefit" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "degreefit"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "degreefit"


def key(rule_files: Iterable[Path], *, builtin: bool) -> str:
    """The cache key of a rule set: its files' and the validating code's sizes and times."""
    here = Path(__file__).parent.parent  # the degreefit package
    stamps = [_stamp(path) for path in rule_files]
    stamps += [_stamp(here / name) for name in _VALIDATING_MODULES]
    return "\n".join([f"format {FORMAT}", f"degreefit {__version__}", f"builtin {builtin}", *stamps])


def _stamp(path: Path) -> str:
    stat = path.stat()
    return f"{path} {stat.st_size} {stat.st_mtime_ns} {stat.st_ctime_ns} {stat.st_ino}"


def _entry(rules_path: str) -> Path | None:
    base = directory()
    if base is None:
        return None
    return base / f"ruleset-{zlib.crc32(rules_path.encode()):08x}.json"


def load(rules_path: str, cache_key: str) -> RuleSet | None:
    """The cached rule set read from `rules_path`, if it is there, current and as written."""
    entry = _entry(rules_path)
    if entry is None:
        return None
    try:
        secret = _secret(entry.parent, make=False)
        checksum, _, body = _read(entry).partition(b"\n")
        if secret is None or checksum != _checksum(body, secret):
            return None  # edited, or cut short, or written under another secret
        document = json.loads(body, object_hook=_decode)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(document, dict) or document.get("key") != cache_key:
        return None
    ruleset = document.get("ruleset")
    return ruleset if isinstance(ruleset, RuleSet) else None


MAX_ENTRY_BYTES = 64 * 1024 * 1024  # 10,000 rules take about 10 MB


def _read(entry: Path) -> bytes:
    """The bytes of a cache entry; OSError for anything but a regular file of at most MAX_ENTRY_BYTES
    (a FIFO put there would otherwise keep every run waiting)."""
    handle = os.open(entry, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise OSError(f"{entry} is not a file")
        data = file.read(MAX_ENTRY_BYTES + 1)
    if len(data) > MAX_ENTRY_BYTES:
        raise OSError(f"{entry} is too large")
    return data


def _checksum(body: bytes, secret: bytes) -> bytes:
    return b"blake2b " + blake2b(body, key=secret, digest_size=16).hexdigest().encode()


SECRET_NAME = "checksum-key"
SECRET_BYTES = 32


def _secret(base: Path, *, make: bool) -> bytes | None:
    """The secret that keys the checksums of the cache in `base` (with `make`, made if there is none):
    a hand edit cannot recompute a checksum without it. None when it cannot be read (or made)."""
    path = base / SECRET_NAME
    try:
        secret = _read(path)
    except FileNotFoundError:
        if not make:
            return None
        secret = os.urandom(SECRET_BYTES)
        try:
            # Made whole or not at all, and never over another process's: the first one made stays.
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return _secret(base, make=False)
        with os.fdopen(handle, "wb") as file:
            file.write(secret)
        return secret
    except OSError:
        return None
    return secret if len(secret) == SECRET_BYTES else None  # being written, or not ours


def store(ruleset: RuleSet, cache_key: str) -> None:
    """Write a validated rule set to the cache, atomically; any failure is ignored."""
    entry = _entry(ruleset.path)
    if entry is None:
        return
    try:
        if not stat.S_ISREG(os.lstat(entry).st_mode):
            return  # a link, a FIFO or a folder put there: never written through, nor waited on
    except FileNotFoundError:
        pass
    except OSError:
        return
    from degreefit.files import write_atomically  # only on a miss: keeps tempfile off the fast path

    body = json.dumps({"key": cache_key, "ruleset": _encode(ruleset)}, ensure_ascii=False)
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        secret = _secret(entry.parent, make=True)
        if secret is not None:
            write_atomically(entry, f"{_checksum(body.encode(), secret).decode()}\n{body}")


def _encode(value: object) -> Any:
    """Rule-set records as JSON objects tagged with their class; tuples as lists."""
    fields = getattr(value, "_fields", None)
    if isinstance(value, tuple) and fields is not None:
        return {"@": type(value).__name__, **{f: _encode(getattr(value, f)) for f in fields}}
    if isinstance(value, (tuple, list)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(document: dict[str, Any]) -> Any:
    name = document.pop("@", None)
    if name is None:
        return document
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in document.items()}
    return _CLASSES[name](**values)
