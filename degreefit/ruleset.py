"""Find a rules/ directory, read its files, and return its validated RuleSet.

The built-in rules ship inside the package (degreefit/rules in a wheel); a source
checkout uses the top-level rules/ directory. `--rules DIR` points at another copy.
"""

from __future__ import annotations

from pathlib import Path

from degreefit import cache
from degreefit.errors import Problem, RulesError
from degreefit.models import RuleSet

REQUIRED_FILES = ("questions.yaml", "degrees.yaml", "sources.yaml", "scoring.yaml", "claims.yaml")


def builtin_rules_dir() -> Path:
    """The rule set that ships with degreefit.

    It is found beside this module, not through importlib.resources (whose import costs
    about 7 ms of every start): degreefit runs from files, never from a zip, since the
    rule-set cache is keyed by the rule files' sizes, times and inodes.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"  # an editable install or a checkout


def rule_files(directory: Path) -> list[str]:
    """The files of a rule set, by name relative to its directory, in load order."""
    if not directory.is_dir():
        problem = "is not a directory" if directory.exists() else "no such rules directory"
        raise RulesError([Problem(str(directory), 0, "", problem)])
    missing = [name for name in REQUIRED_FILES if not (directory / name).is_file()]
    if missing:
        problems = [Problem(name, 0, "", "file is missing") for name in missing]
        raise RulesError(problems, directory=str(directory))
    names = list(REQUIRED_FILES)
    rules_dir = directory / "rules"
    if rules_dir.is_dir():
        names += sorted(f"rules/{p.name}" for p in rules_dir.iterdir() if p.suffix in (".yaml", ".yml"))
    return names


def read_files(directory: Path, names: list[str]) -> dict[str, bytes]:
    """The bytes of each named rule file."""
    try:
        return {name: (directory / name).read_bytes() for name in names}
    except OSError as err:
        problem = Problem(str(err.filename), 0, "", err.strerror or "cannot be read")
        raise RulesError([problem], directory=str(directory)) from err


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
        from degreefit.rulefiles import read_rule_set  # the slow path: yaml and pydantic

        contents = read_files(where, names)
        ruleset = read_rule_set(contents, path=str(where), sha256=digest(contents), builtin=builtin)
    except RulesError as err:
        if not err.directory:
            raise
        # Named as the user named the directory, so each file reads as `rules check` gives it.
        raise RulesError(list(err.problems), directory=str(shown)) from None
    cache.store(ruleset, cache_key)
    return ruleset
