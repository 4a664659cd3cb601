"""Find a rules/ directory, read its files, and return its validated RuleSet.

The built-in rules ship inside the package (degreefit/rules in a wheel); a source
checkout uses the top-level rules/ directory. `--rules DIR` points at another copy.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from degreefit.errors import Problem, RulesError
from degreefit.inputfile import kind_of_file
from degreefit.models import RuleSet
from degreefit.ruleset import cache

REQUIRED_FILES = ("questions.yaml", "degrees.yaml", "sources.yaml", "scoring.yaml", "claims.yaml")


def builtin_rules_dir() -> Path:
    """The rule set that ships with degreefit.

    It is found beside this module, not through importlib.resources (whose import costs
    about 7 ms of every start): degreefit runs from files, never from a zip, since the
    rule-set cache is keyed by the rule files' sizes, times and inodes.
    """
    here = Path(__file__).resolve().parent.parent  # the degreefit package
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"  # an editable install or a checkout


def rule_files(directory: Path) -> list[str]:
    """The files of a rule set, by name relative to its directory, in load order.

    Each must be a regular file (or a symbolic link to one): a FIFO would never end, a device
    such as /dev/zero never stops giving bytes, and a link to nothing has nothing to read. Every
    such file is reported at once, by its name inside the rule set.
    """
    if not directory.is_dir():
        problem = "is not a directory" if directory.exists() else "no such rules directory"
        raise RulesError([Problem(str(directory), 0, "", problem)])
    names = list(REQUIRED_FILES)
    rules_dir = directory / "rules"
    if rules_dir.is_dir():
        names += sorted(f"rules/{p.name}" for p in rules_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    problems = [Problem(name, 0, "", said) for name in names if (said := _not_a_file(directory / name))]
    if problems:
        raise RulesError(problems, directory=str(directory))
    return names


def _not_a_file(path: Path) -> str:
    """Why `path` cannot be read as a rule file ("" when it can: a regular file, or a link to one)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if not os.path.islink(path):
            return "file is missing"
        return f"is a symbolic link to {os.readlink(path)}, which does not exist"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "is a symbolic link that leads back to itself (a loop), not a file"
        return f"cannot be read: {err.strerror or err}"
    return "" if stat.S_ISREG(mode) else _NOT_A_FILE.format(kind_of_file(mode))


_NOT_A_FILE = "is {}, not a file; a rule file is YAML text"
MAX_FILE_BYTES = 8 * 1024 * 1024  # 10,000 rules take under 2 MB: this only bounds the work


def read_files(directory: Path, names: list[str]) -> dict[str, bytes]:
    """The bytes of each named rule file: only regular files, each of at most MAX_FILE_BYTES (checked
    on the open file, so that one swapped for a FIFO or a device since `rule_files` is refused too)."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name in names:
        try:
            contents[name] = _read(directory / name)
        except _Unreadable as err:
            problems.append(Problem(name, 0, "", str(err)))
        except OSError as err:
            said = _not_a_file(directory / name) or f"cannot be read: {err.strerror or err}"
            problems.append(Problem(name, 0, "", said))
    if problems:
        raise RulesError(problems, directory=str(directory))
    return contents


class _Unreadable(Exception):
    """A rule file that is no regular file, or too large."""


def _read(path: Path) -> bytes:
    # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for ever.
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(handle, "rb") as file:
        mode = os.fstat(file.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _Unreadable(_NOT_A_FILE.format(kind_of_file(mode)))
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Unreadable(
            f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; a rule file is a few kilobytes"
        )
    return data


def digest(contents: dict[str, bytes]) -> str:
    """The sha256 of a rule set: every file's name and bytes, in load order."""
    import hashlib  # only when validating: a cached rule set carries its digest

    hasher = hashlib.sha256()
    for name, data in contents.items():
        hasher.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return hasher.hexdigest()


def load_ruleset(directory: Path | None = None) -> RuleSet:
    """Load and validate a rule set (the built-in one by default), using the cache."""
    builtin = directory is None
    shown = builtin_rules_dir() if directory is None else directory
    where = shown.resolve()
    try:
        names = rule_files(where)
        cache_key = cache.key((where / name for name in names), builtin=builtin)
        cached = cache.load(str(where), cache_key)
        if cached is not None:
            return cached
        from degreefit.ruleset.validate import read_rule_set  # the slow path: yaml and pydantic

        contents = read_files(where, names)
        ruleset = read_rule_set(contents, path=str(where), sha256=digest(contents), builtin=builtin)
    except RulesError as err:
        if not err.directory:
            raise
        # Named as the user named the directory, so each file reads as `rules check` gives it.
        raise RulesError(list(err.problems), directory=str(shown)) from None
    cache.store(ruleset, cache_key)
    return ruleset
