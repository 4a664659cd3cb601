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
import math
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from degreefit import __version__, kinds, models
from degreefit.conditions import LIST_OPS, comparisons
from degreefit.models import Comparison, Gate, Note, Question, Rule, RuleSet

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
# entry stale. tests/ruleset/test_cache.py holds the list to what validate.py imports.
_VALIDATING_MODULES = (
    "models.py",
    "inputfile.py",
    "conditions.py",
    "ruleset/conditionyaml.py",
    "kinds.py",
    "ruleset/satisfy.py",
    "ruleset/claimuse.py",
    "errors.py",
    "quoting.py",
    "ruleset/validate.py",
    "ruleset/yamlfile.py",
    "ruleset/yamlerrors.py",
    "ruleset/scalars.py",
    "ruleset/shapes.py",
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
        document = json.loads(body, object_hook=_decode, parse_constant=_no_constant)
    except (OSError, ValueError, TypeError, KeyError):
        return None  # unreadable, not JSON, or records not as the rule set's are (see `_decode`)
    if not isinstance(document, dict) or document.get("key") != cache_key:
        return None
    ruleset = document.get("ruleset")
    return ruleset if isinstance(ruleset, RuleSet) and _sound(ruleset) else None


def _sound(ruleset: RuleSet) -> bool:
    """Whether what a rule set's records name is its own (questions and their values, degrees,
    claims, sources and their sections, levels) and its scale counts: all the engine and the report
    look up. `store` writes only rule sets that passed validation, so this holds for every entry
    but one forged with the cache's secret, which it makes a miss, not a traceback (issue 22)."""
    uses: list[Rule | Gate | Note] = [*ruleset.rules, *ruleset.gates, *ruleset.notes]
    questions = {q.id: q for q in ruleset.questions}
    degrees = {d.code for d in ruleset.degrees}
    sources = {s.id for s in ruleset.sources}
    sections = {(s.id, section.heading) for s in ruleset.sources for section in s.sections}
    claims = {c.id for c in ruleset.claims}
    levels = {level.name: level.points for level in ruleset.scoring.levels}
    if not (
        len(questions) == len(ruleset.questions)
        and len(degrees) == len(ruleset.degrees) >= 2
        and len(sources) == len(ruleset.sources)
        and len(levels) == len(ruleset.scoring.levels) >= 1
        and all(points > 0 for points in levels.values())
        and 0 <= ruleset.scoring.ai_written_discount < min(levels.values())
        and not any(kinds.shape_problems(q) for q in ruleset.questions)
    ):
        return False
    cites = [c.cite for c in ruleset.claims] + [use.cite for use in uses] + [d.cite for d in ruleset.degrees]
    cites += [fact.cite for d in ruleset.degrees for facts in d.profile for fact in facts]
    named = [set(c.degrees) for c in ruleset.claims] + [set(n.degrees) for n in ruleset.notes]
    named += [set(r.effects) | set(r.reasons) for r in ruleset.rules] + [{g.degree} for g in ruleset.gates]
    conditions = [q.when for q in ruleset.questions] + [c.who for c in ruleset.claims]
    conditions += [q.constraint.when for q in ruleset.questions if q.constraint is not None]
    conditions += [use.when for use in uses]
    return (
        all((cite.source, cite.section) in sections for cite in cites)
        and all(codes <= degrees for codes in named)
        and all(c.level in levels for c in ruleset.claims)
        and all(use.claim in claims for use in uses if use.claim)
        and all(_sound_test(test, questions) for c in conditions if c is not None for test in comparisons(c))
    )


def _sound_test(test: Comparison, questions: dict[str, Question]) -> bool:
    """Whether a test names a question, an operator of its kind, and values it can hold."""
    question = questions.get(test.question)
    if question is None or test.op not in kinds.OPS_BY_KIND[question.kind]:
        return False
    if not isinstance(test.value, tuple):
        return not kinds.rule_value_problem(question, test.value)
    listed = test.op in LIST_OPS  # only these compare with several values
    return listed and not any(kinds.rule_value_problem(question, value) for value in test.value)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is no number of a rule set")


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
    from degreefit.atomicwrite import write_atomically  # only on a miss: keeps tempfile off the fast path

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
    """A JSON object as the record its class tag names, each field of the type its class declares
    (TypeError when one is not: an entry that is not as `store` writes it is a miss)."""
    name = document.pop("@", None)
    if name is None:
        return document
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in document.items()}
    cls = _CLASSES[name]
    record = cls(**values)
    for (field, fits), value in zip(_field_checks(cls), record, strict=True):
        if not fits(value):
            raise TypeError(f"{name}.{field} is not as the rule set's records hold it")
    return record


_Check = Callable[[object], bool]
_FIELD_CHECKS: dict[type, list[tuple[str, _Check]]] = {}


def _field_checks(cls: type) -> list[tuple[str, _Check]]:
    """How to tell each field of a record class holds what it declares, in field order, read from
    its annotations (`models` writes them as strings; they are read here, not through typing, which
    costs more than the rest of a cached load)."""
    checks = _FIELD_CHECKS.get(cls)
    if checks is None:
        spelt = {
            field: str(getattr(kind, "__forward_arg__", kind)) for field, kind in cls.__annotations__.items()
        }
        checks = _FIELD_CHECKS[cls] = [(field, _check(kind)) for field, kind in spelt.items()]
    return checks


_PLAIN: dict[str, type] = {"str": str, "int": int, "bool": bool, "None": type(None)}


def _types(spelt: str) -> frozenset[type] | None:
    """The types a value of a type `models` spells may have, exactly (a bool is no int), when that is
    all the type says; None for float, a Literal, tuple[...] or Mapping[...]."""
    name, bracket, inner = spelt.strip().partition("[")
    if not bracket:
        if name in _PLAIN:
            return frozenset({_PLAIN[name]})
        named = getattr(models, name, None)  # a record class, or an alias: Condition, Scalar, Kind...
        if isinstance(named, type):
            return frozenset({named})
        members = getattr(named, "__args__", ())
        return frozenset(members) if members and all(isinstance(m, type) for m in members) else None
    if name == "Union":
        parts = [_types(arg) for arg in _split(inner.removesuffix("]"))]
        if all(part is not None for part in parts):
            return frozenset().union(*(part for part in parts if part is not None))
    return None


def _check(spelt: str) -> _Check:
    """A check of a value against a type as `models` spells it: str, int, float, bool, None, a record
    class, an alias of `models` (a Literal, or a Union of classes), Union[...], tuple[X, ...],
    Mapping[str, X] or Literal[...]."""
    kinds = _types(spelt)
    if kinds is not None:
        return lambda value: type(value) in kinds
    name, bracket, inner = spelt.strip().partition("[")
    if name == "float":  # a whole number written without a point is a float too; a bool is not
        return lambda value: type(value) is int or (type(value) is float and math.isfinite(value))
    if not bracket:  # an alias of `models` that is a Literal
        return _literal(getattr(models, name).__args__)
    args = [arg for arg in _split(inner.removesuffix("]")) if arg != "..."]
    if name == "Literal":
        return _literal(tuple(arg.strip("'\"") for arg in args))  # Literal['a', 'b']: strings only
    parts = [_check(arg) for arg in args]
    if name == "Union":
        return lambda value: any(fits(value) for fits in parts)
    if name == "tuple":
        item_kinds = _types(args[0])
        if item_kinds is not None:
            return lambda value: type(value) is tuple and all(type(one) in item_kinds for one in value)
        item = parts[0]
        return lambda value: type(value) is tuple and all(item(one) for one in value)
    if name == "Mapping":
        key, item = parts
        return lambda value: type(value) is dict and all(key(k) and item(v) for k, v in value.items())
    raise ValueError(f"no check for the type {spelt}")


def _literal(values: tuple[object, ...]) -> _Check:
    return lambda value: type(value) is str and value in values


def _split(inner: str) -> list[str]:
    """The arguments of a subscript, split at its commas outside brackets."""
    parts, depth, start = [], 0, 0
    for at, char in enumerate(inner):
        depth += (char == "[") - (char == "]")
        if char == "," and depth == 0:
            parts.append(inner[start:at].strip())
            start = at + 1
    parts.append(inner[start:].strip())
    return parts
