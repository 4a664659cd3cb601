"""The rule-set cache: a second load skips YAML and pydantic, and any edit, corruption or oddity of
an entry is a miss, never a wrong rule set (`degreefit/ruleset/cache.py`)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.models import RuleSet
from degreefit.ruleset import cache
from degreefit.ruleset import validate as rulefiles
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import (
    FIRST_RULE,
    MISSPELT_DEGREE,
    UNKNOWN_DEGREE,
    append,
    ask,
    edit,
    made_up_claim,
    problems_of,
)
from tests.helpers.process import run_degreefit


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(directory))
    return directory


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every rule set that is validated (read from YAML) from now on."""
    calls: list[str] = []
    validate = rulefiles.read_rule_set

    def counting(files: dict[str, bytes], *, path: str, sha256: str, builtin: bool) -> RuleSet:
        calls.append(path)
        return validate(files, path=path, sha256=sha256, builtin=builtin)

    monkeypatch.setattr(rulefiles, "read_rule_set", counting)
    return calls


def test_second_load_comes_from_the_cache_and_is_equal(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load validates and writes the cache; the second reads it back into an equal RuleSet."""
    validations = _count_validations(monkeypatch)
    first = load_ruleset(rules_copy)
    assert len(list(cache_dir.glob("ruleset-*.json"))) == 1
    second = load_ruleset(rules_copy)
    assert second == first
    assert validations == [str(rules_copy.resolve())]


def test_a_rule_set_rules_check_passed_is_not_checked_again_by_ask_or_batch(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, answers_file: Path
) -> None:
    """`rules check` caches the rule set it passed: `ask --rules` and `batch --rules` after it read it from
    the cache, never validating (nor searching) it again (issue 22, item 8)."""
    from degreefit.cli import app

    validations = _count_validations(monkeypatch)
    assert runner.invoke(app, ["rules", "check", str(rules_copy)]).exit_code == 0
    for _ in range(2):
        assert ask(runner, rules_copy, answers_file)[0] == 0
        batch = [
            "batch",
            "--rules",
            str(rules_copy),
            str(answers_file),
            "-o",
            str(cache_dir.parent / "o.jsonl"),
        ]
        assert runner.invoke(app, batch).exit_code == 0
    assert validations == [str(rules_copy.resolve())]


CACHED_LOAD = """\
import hashlib, json, sys
from degreefit.ruleset.load import load_ruleset
ruleset = load_ruleset()
print(json.dumps({
    "yaml": "yaml" in sys.modules,
    "pydantic": "pydantic" in sys.modules,
    "ruleset": hashlib.sha256(repr(ruleset).encode()).hexdigest(),
}))
"""


def test_cached_load_imports_neither_yaml_nor_pydantic(cache_dir: Path) -> None:
    """In a second process the built-in rule set comes from the cache: equal, and without yaml or pydantic."""

    def run() -> dict[str, object]:
        done = run_degreefit(code=CACHED_LOAD, cache=cache_dir)
        assert done.returncode == 0, done.stderr
        result: dict[str, object] = json.loads(done.stdout)
        return result

    first, second = run(), run()
    assert (first["yaml"], first["pydantic"]) == (True, True)
    assert (second["yaml"], second["pydantic"]) == (False, False)
    assert second["ruleset"] == first["ruleset"]


def test_editing_a_rule_file_invalidates_the_cache(rules_copy: Path, cache_dir: Path) -> None:
    """After a rule file, the claim a rule rests on, or the scale changes, the next load sees the new
    points, not the cached rule set's."""

    def first_rule() -> tuple[str, Mapping[str, float]]:
        rule = load_ruleset(rules_copy).rules[0]
        return rule.id, rule.effects

    assert first_rule() == ("mmed-for-specialising", {"MMed": 2.5})  # strong: 3, less 0.5 (AI-written)
    edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: {MMed: against}",
        after=FIRST_RULE,
    )
    assert first_rule() == ("mmed-for-specialising", {"MMed": -2.5})
    edit(rules_copy, "claims.yaml", "    level: strong\n", "    level: moderate\n", after=FIRST_RULE)
    assert first_rule() == ("mmed-for-specialising", {"MMed": -1.5})
    edit(rules_copy, "scoring.yaml", "{name: moderate, points: 2}", "{name: moderate, points: 5}")
    assert first_rule() == ("mmed-for-specialising", {"MMed": -4.5})


# A rule file of one rule, resting on a claim made up for it.
MORE_RULES = """\
rules:
  - id: more-rules
    claim: zz-more
    when: {goals: {contains_any: [career_beyond_medicine]}}
    effects: {MMed: against}
"""


def test_adding_a_rule_file_invalidates_the_cache(rules_copy: Path, cache_dir: Path) -> None:
    """A new file in rules/rules is seen by the next load."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-more"))  # before the first load: only a file is new
    before = load_ruleset(rules_copy)
    append(rules_copy, "rules/more.yaml", MORE_RULES)
    after = load_ruleset(rules_copy)
    assert len(after.rules) == len(before.rules) + 1
    (added,) = [rule for rule in after.rules if rule.id == "more-rules"]
    assert (added.claim, added.effects) == ("zz-more", {"MMed": -1.5})  # moderate, of the AI-written guide


def test_a_rule_set_that_became_invalid_is_not_served_from_the_cache(
    rules_copy: Path, cache_dir: Path
) -> None:
    """A rule set that loaded once and was then broken reports its problem instead of the cached copy."""
    load_ruleset(rules_copy)
    line = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    assert problems_of(rules_copy) == [f"rules/clinical.yaml:{line}: {UNKNOWN_DEGREE}"]


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe not json \x80",
        b"",
        b"{}",
        b"[1, 2]",
        b'{"key": 1}',
        b'{"@": "Nope"}',
        b'{"@": "RuleSet"}',
    ],
    ids=["bytes", "empty", "empty-object", "list", "wrong-key", "unknown-class", "missing-fields"],
)
def test_a_corrupt_cache_file_is_ignored(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes
) -> None:
    """A cache entry holding garbage is a miss: the rule set is validated again and loads equal."""
    first = load_ruleset(rules_copy)
    (entry,) = cache_dir.glob("ruleset-*.json")
    entry.write_bytes(garbage)
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == first
    assert validations == [str(rules_copy.resolve())]


def test_a_truncated_cache_file_is_ignored(rules_copy: Path, cache_dir: Path) -> None:
    """A cache entry cut short (a crash mid-write on another system) is a miss."""
    first = load_ruleset(rules_copy)
    (entry,) = cache_dir.glob("ruleset-*.json")
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert load_ruleset(rules_copy) == first


def test_a_cache_dir_that_is_a_file_is_skipped(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, answers_file: Path
) -> None:
    """DEGREEFIT_CACHE_DIR naming a file (so nothing can be cached) still loads and runs normally:
    each load reads the YAML again, and gives, field by field, what a load through a working cache
    gives."""
    not_a_dir = tmp_path / "a-file"
    not_a_dir.write_bytes(b"not a directory")
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(not_a_dir))
    validations = _count_validations(monkeypatch)
    uncached = load_ruleset(rules_copy)
    assert load_ruleset(rules_copy) == uncached
    assert validations == [str(rules_copy.resolve())] * 2
    assert not_a_dir.read_bytes() == b"not a directory"
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(tmp_path / "a-cache"))
    load_ruleset(rules_copy)
    cached = load_ruleset(rules_copy)
    assert validations == [str(rules_copy.resolve())] * 3  # the last load came from the cache
    assert [f for f in RuleSet._fields if getattr(cached, f) != getattr(uncached, f)] == []
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stderr) == (0, "")
    assert stdout


def test_empty_cache_dir_turns_caching_off(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEGREEFIT_CACHE_DIR="" validates on every load (each giving the same rule set) and writes no
    cache anywhere."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", "")
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == load_ruleset(rules_copy)
    assert validations == [str(rules_copy.resolve())] * 2
    assert list(home.iterdir()) == []


def _resealed(text: str) -> str:
    """A cache entry with its checksum line recomputed over its body, as a hand editor would: with the
    algorithm the line names, which is all the entry tells of it."""
    import hashlib
    import zlib

    line, body = text.split("\n", 1)
    if line.startswith("crc32 "):
        return f"crc32 {zlib.crc32(body.encode()):08x}\n{body}"
    algorithm, _ = line.split(" ")
    return f"{algorithm} {hashlib.new(algorithm, body.encode()).hexdigest()}\n{body}"


# Values validation refuses, written into a cache entry by hand (issue 22, item 9).
HAND_EDITS = {
    "no-points": ('"name": "strong", "points": 3}', '"name": "strong", "points": 0}'),
    "huge-points": ('"name": "strong", "points": 3}', '"name": "strong", "points": 1e308}'),
    "negative-level": ('"name": "weak", "points": 1}', '"name": "weak", "points": -1}'),
    "discount-above-a-level": ('"ai_written_discount": 0.5', '"ai_written_discount": 4'),
    "discount-as-text": ('"ai_written_discount": 0.5', '"ai_written_discount": "0.5"'),
    "a-rule-turned": ('"effects": {"MMM": 3.0}', '"effects": {"MMM": -30.0}'),
}


# Edits that keep the entry's checksum line as it was (so the checksum no longer matches).
UNSEALED_EDITS = {
    "discount-as-text": ('"ai_written_discount": 0.5', '"ai_written_discount": "0.5"'),
    "discount-changed": ('"ai_written_discount": 0.5', '"ai_written_discount": 0.25'),
    "field-renamed": ('"path": ', '"pathway": '),
}
CACHE_EDITS = [
    *(pytest.param(old, new, False, id=name) for name, (old, new) in UNSEALED_EDITS.items()),
    *(pytest.param(old, new, True, id=f"{name}-resealed") for name, (old, new) in HAND_EDITS.items()),
]


@pytest.mark.parametrize(("old", "new", "resealed"), CACHE_EDITS)
def test_a_cache_entry_edited_by_hand_is_a_miss(
    rules_copy: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    runner: CliRunner,
    answers_file: Path,
    old: str,
    new: str,
    resealed: bool,
) -> None:
    """A cache entry edited by hand, keeping its key (the discount written as text, changed, a field
    renamed), is a miss; so is a hand edit of a value validation refuses whose checksum line is
    recomputed as the entry spells it. The rule set is read from its files again, and `ask` gives the
    report it gave before (no traceback, no other ranking)."""
    first = load_ruleset(rules_copy)
    before = ask(runner, rules_copy, answers_file)
    assert before[0] == 0, before
    assert before[1].startswith("Best fit: ")
    (entry,) = cache_dir.glob("ruleset-*.json")
    text = entry.read_text(encoding="utf-8")
    assert old in text
    edited = text.replace(old, new, 1)
    edited = _resealed(edited) if resealed else edited
    entry.write_text(edited, encoding="utf-8")
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == first
    assert validations == [str(rules_copy.resolve())]
    entry.write_text(edited, encoding="utf-8")
    assert ask(runner, rules_copy, answers_file) == before


def test_the_checksums_secret_is_private_and_its_loss_is_a_miss(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The secret that keys the checksums is readable by its owner only; without it (deleted, or cut
    short) no entry can be trusted: a miss, after which a new secret is made and the cache works again."""
    first = load_ruleset(rules_copy)
    secret = cache_dir / cache.SECRET_NAME
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert len(secret.read_bytes()) == cache.SECRET_BYTES
    validations = _count_validations(monkeypatch)
    secret.write_bytes(secret.read_bytes()[:5])
    assert load_ruleset(rules_copy) == first  # cut short: a miss, and nothing stored under it
    secret.unlink()
    assert load_ruleset(rules_copy) == first  # gone: a miss, which makes a new one
    assert load_ruleset(rules_copy) == first  # a hit
    assert validations == [str(rules_copy.resolve())] * 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_a_cache_entry_neither_hangs_nor_is_written(
    rules_copy: Path, cache_dir: Path, answers_file: Path
) -> None:
    """A FIFO where the cache entry goes is neither read nor written: `ask` runs as without a cache."""
    load_ruleset(rules_copy)
    (entry,) = cache_dir.glob("ruleset-*.json")
    entry.unlink()
    os.mkfifo(entry)
    done = run_degreefit("ask", "--rules", str(rules_copy), "--answers", str(answers_file), cache=cache_dir)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Best fit: ")


LOADED_BY_VALIDATE = """\
import sys
import degreefit.ruleset.validate
print("\\n".join(sorted(name for name in sys.modules if name.startswith("degreefit."))))
"""


def test_the_cache_key_stamps_every_module_that_decides_what_is_valid() -> None:
    """Every degreefit module that validating a rule set runs (all that ruleset/validate.py imports,
    in a fresh interpreter) is stamped into the cache key, so editing any of them makes cached
    entries stale; and every stamped path is a module that exists."""
    run = run_degreefit(code=LOADED_BY_VALIDATE)
    assert run.returncode == 0, run.stderr
    package = Path(cache.__file__).resolve().parent.parent
    modules = [Path(*name.split(".")[1:]) for name in run.stdout.split()]
    # A package's __init__.py holds no validating code (the version is in the key on its own).
    loaded = [str(module.with_suffix(".py")) for module in modules if not (package / module).is_dir()]
    assert "ruleset/validate.py" in loaded
    assert set(loaded) <= set(cache._VALIDATING_MODULES), set(loaded) - set(cache._VALIDATING_MODULES)
    assert "ruleset/cache.py" in cache._VALIDATING_MODULES
    for name in cache._VALIDATING_MODULES:
        assert (package / name).is_file(), name


def _forged(entry: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """Rewrite a cache entry as one who can replace the cache's secret would: its rule set edited by
    `edit`, sealed with a secret of their own, written in place of the cache's."""
    import hashlib

    body = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])
    edit(body["ruleset"])
    text = json.dumps(body, ensure_ascii=False)
    secret = os.urandom(cache.SECRET_BYTES)
    (entry.parent / cache.SECRET_NAME).write_bytes(secret)
    checksum = hashlib.blake2b(text.encode(), key=secret, digest_size=16).hexdigest()
    entry.write_text(f"blake2b {checksum}\n{text}", encoding="utf-8")


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], object]:
    def edit(ruleset: dict[str, Any]) -> None:
        holder: Any = ruleset
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = value

    return edit


# Entries sealed with a secret of their own (issue 22, item 9): each loaded as it was, a traceback.
FORGED = {
    "when-null": _set(("rules", 0, "when"), None),
    "when-a-cite": _set(("rules", 0, "when"), {"@": "Cite", "source": "x", "section": "y"}),
    "unknown-question": _set(
        ("rules", 0, "when"), {"@": "Comparison", "question": "x", "op": "is", "value": 1}
    ),
    "lt-several": _set(
        ("gates", 0, "when"), {"@": "Comparison", "question": "max_years", "op": "lt", "value": [1]}
    ),
    "no-points": _set(("scoring", "levels", 0, "points"), 0),
    "points-as-text": _set(("scoring", "levels", 0, "points"), "3"),
    "points-true": _set(("scoring", "levels", 0, "points"), True),
    "nan": _set(("scoring", "ai_written_discount"), float("nan")),
    "unknown-section": _set(("rules", 0, "cite", "section"), "nowhere"),
    "unknown-degree": _set(("gates", 0, "degree"), "PhD"),
    "unknown-kind": _set(("questions", 0, "kind"), "essay"),
    "choices-a-dict": _set(("questions", 0, "choices"), {}),
    "no-rules-field": lambda ruleset: ruleset.pop("rules"),
    "an-unknown-class": _set(("rules", 0, "cite", "@"), "Popen"),
}


@pytest.mark.parametrize("forge", FORGED.values(), ids=FORGED.keys())
def test_a_cache_entry_forged_with_a_secret_of_its_own_is_a_miss_when_malformed(
    rules_copy: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    runner: CliRunner,
    answers_file: Path,
    forge: Callable[[dict[str, Any]], object],
) -> None:
    """An entry whose secret was replaced too (so that its checksum holds) but whose records are not as
    validation makes them (a condition null, a test of an unknown question, a level of no points, a
    cite of no section...) is a miss: the rule set is read from its files again, and `ask` gives the
    report it gave before, never a traceback."""
    first = load_ruleset(rules_copy)
    before = ask(runner, rules_copy, answers_file)
    (entry,) = cache_dir.glob("ruleset-*.json")
    _forged(entry, forge)
    forged = entry.read_text(encoding="utf-8")
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == first
    assert validations == [str(rules_copy.resolve())]
    entry.write_text(forged, encoding="utf-8")
    assert ask(runner, rules_copy, answers_file) == before


def _places(value: object, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every place inside a rule set's JSON (class tags aside)."""
    inner: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        inner = [(key, item) for key, item in value.items() if key != "@"]
    elif isinstance(value, list):
        inner = list(enumerate(value))
    return [path] + [place for key, item in inner for place in _places(item, (*path, key))]


FORGED_VALUES: list[object] = [
    None,
    0,
    -1,
    2.5,
    1e308,
    "",
    "x",
    "MMM",
    "goals",
    "is",
    "lt",
    "integer",
    True,
    [],
    {},
    ["x"],
]
FORGED_VALUES += [{"@": "Cite", "source": "x", "section": "y"}, {"@": "AnyOf", "conditions": []}]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_forged_cache_entry_gives_a_report_or_a_miss_never_a_traceback(
    rules_copy: Path, cache_dir: Path, runner: CliRunner, answers_file: Path, data: st.DataObject
) -> None:
    """Whatever a forged entry holds in place of one or two of its values (null, numbers, text, lists,
    records of another class), `ask` reads it or misses, and reports: exit 0, never a traceback."""
    shutil.rmtree(cache_dir, ignore_errors=True)  # each example forges the entry written from the files
    load_ruleset(rules_copy)
    (entry,) = cache_dir.glob("ruleset-*.json")
    ruleset = json.loads(entry.read_text(encoding="utf-8").split("\n", 1)[1])["ruleset"]
    places = [place for place in _places(ruleset) if place]
    values = st.sampled_from(FORGED_VALUES)
    edits = data.draw(st.lists(st.tuples(st.sampled_from(places), values), min_size=1, max_size=2))

    def edit(forged: dict[str, Any]) -> None:
        for place, value in edits:
            with contextlib.suppress(KeyError, IndexError, TypeError):  # a place the first edit removed
                _set(place, value)(forged)

    _forged(entry, edit)
    result = runner.invoke(
        app, ["ask", "--rules", str(rules_copy), "--answers", str(answers_file), "--format", "json"]
    )
    assert result.exit_code == 0, (edits, result.exception)
    assert json.loads(result.stdout)["top"]
