"""The knowledge base paraphrases its sources: no text of rules/ repeats a run of 14 or more
of their words. The sources live in the steering folder beside the checkout (../shared)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from degreefit.ruleset.load import builtin_rules_dir

RUN = 14
ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"


def _words(text: str) -> list[str]:
    """Lower-case words, with hyphens and dashes as spaces and one kind of apostrophe."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return re.findall(r"[a-z0-9']+", re.sub(r"[-–—]", " ", text))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1)}


@pytest.mark.skipif(
    not SOURCES.is_dir(), reason="the sources are not beside this checkout (../shared/sources)"
)
def test_no_rule_file_copies_a_run_of_14_words_from_a_source() -> None:
    """Every text of rules/ (claims, reasons, notes, profiles, comments, cases, the guide), and
    the README's and changelog's, is in our own words."""
    documents = sorted(SOURCES.glob("0*.txt"))
    assert documents, "no source documents found"
    copied = set().union(*(_runs(_words(d.read_text(encoding="utf-8"))) for d in documents))
    files = sorted(builtin_rules_dir().rglob("*.yaml"))
    assert len(files) >= 5
    files += sorted(builtin_rules_dir().rglob("*.md"))  # the guide for rule authors
    files += [path for path in (ROOT / "README.md", ROOT / "CHANGELOG.md") if path.is_file()]
    found = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            words = _words(line)
            found += [f"{path.name}:{number}: {' '.join(run)}" for run in _runs(words) & copied]
    # Folded YAML texts run over several lines: read each file whole too.
    for path in files:
        whole = _runs(_words(path.read_text(encoding="utf-8")))
        found += [f"{path.name}: {' '.join(run)}" for run in whole & copied]
    assert not found, "\n".join(sorted(set(found)))
