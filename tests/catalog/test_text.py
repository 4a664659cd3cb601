"""The catalog in text (degreefit/catalog/text.py): the degrees overview, one degree in full and
the sources, as drawn on a stream that is not a terminal."""

from __future__ import annotations

import io

import pytest

from degreefit.catalog.text import print_degree, print_degrees, print_sources
from degreefit.models import Degree, Profile, RuleSet

NOT_COVERED = "not covered by the sources"
TOPICS = [
    "Who it is for",
    "Admission",
    "Format",
    "Typical duration",
    "Cost",
    "Focus",
    "Recognition",
    "Example programs",
]


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console so wide that no line wraps: each name and fact stays on one line."""
    monkeypatch.setenv("COLUMNS", "1000")


def drawn(ruleset: RuleSet, *, degree: Degree | None = None, sources: bool = False) -> str:
    """What the overview (or one degree, or the sources) prints on a pipe."""
    out = io.StringIO()
    if sources:
        print_sources(ruleset, file=out)
    elif degree is not None:
        print_degree(ruleset, degree, file=out)
    else:
        print_degrees(ruleset, file=out)
    return out.getvalue()


def test_the_overview_names_every_degree(ruleset: RuleSet, wide: None) -> None:
    """Each degree appears by its code and its full name, in the order of the rule set."""
    text = drawn(ruleset)
    assert ruleset.degrees
    places = [text.index(f" {degree.code} ") for degree in ruleset.degrees]
    assert places == sorted(places)
    for degree in ruleset.degrees:
        assert degree.name in text


def test_the_overview_heads_its_columns_and_points_to_one_degree(ruleset: RuleSet, wide: None) -> None:
    """The columns are who it is for, admission and duration; the last lines say how to see one
    degree in full, then the sources cited."""
    lines = drawn(ruleset).splitlines()
    assert lines[1].split() == ["Degree", "Who", "it", "is", "for", "Admission", "Typical", "duration"]
    assert "`degreefit degrees CODE` shows one degree in full." in lines
    assert lines.index("`degreefit degrees CODE` shows one degree in full.") + 1 == lines.index("Sources")


def first_word(line: str) -> str:
    """The first word of a line ("" for a blank one)."""
    return (line.split() or [""])[0]


def test_the_overview_says_when_a_topic_is_not_covered(ruleset: RuleSet, wide: None) -> None:
    """A degree whose sources give no duration says so in that column, and one that has it shows it."""
    codes = {degree.code for degree in ruleset.degrees}
    rows = {line.split()[0]: line for line in drawn(ruleset).splitlines() if first_word(line) in codes}
    assert set(rows) == codes
    assert rows["MMM"].rstrip().endswith(NOT_COVERED)
    assert NOT_COVERED not in rows["MMed"]


def test_a_degree_with_no_facts_says_each_topic_is_not_covered(ruleset: RuleSet, wide: None) -> None:
    """One degree in full: every topic of a bare profile reads "not covered by the sources"."""
    bare = ruleset.degrees[0]._replace(profile=Profile())
    text = drawn(ruleset._replace(degrees=(bare, *ruleset.degrees[1:])), degree=bare)
    covered = [line for line in text.splitlines() if NOT_COVERED in line]
    assert len(covered) == len(TOPICS)
    assert [line.split(NOT_COVERED)[0].strip("| ") for line in covered] == TOPICS


def test_one_degree_is_titled_with_its_code_and_name(ruleset: RuleSet, wide: None) -> None:
    """The panel of one degree is titled `CODE · name` and lists the summary and every topic."""
    degree = next(d for d in ruleset.degrees if d.code == "MHA")
    lines = drawn(ruleset, degree=degree).splitlines()
    assert lines[0].startswith("+- MHA · Master of Healthcare Administration -")
    labels = [line.strip("| ").split("  ")[0] for line in lines[1 : 2 + len(TOPICS)]]
    assert labels == ["Summary", *TOPICS]


def test_the_plain_drawing_has_no_escape_codes_or_trailing_spaces(ruleset: RuleSet) -> None:
    """On a pipe each view is plain text: no escape codes, no line ending in a space."""
    for text in (drawn(ruleset), drawn(ruleset, degree=ruleset.degrees[0]), drawn(ruleset, sources=True)):
        lines = text.splitlines()
        assert lines
        assert "\x1b[" not in text
        assert all(line == line.rstrip() for line in lines)


def test_sources_name_each_source_and_flag_the_ai_written_one(ruleset: RuleSet, wide: None) -> None:
    """Each source has a panel titled `id · short name`, its full title a row of its own (a long
    title is folded, never cut); one with no address says so; the AI-written one carries the warning."""
    text = drawn(ruleset, sources=True)
    assert ruleset.sources
    for source in ruleset.sources:
        assert f"+- {source.id} · {source.short} -" in text
        assert f"| Title       {source.title} " in text
    assert "Address     not given in the copy degreefit holds" in text
    assert "AI-written source: the MMed guide says it was written by AI" in text


def test_markup_in_a_degree_name_is_printed_as_written(ruleset: RuleSet, wide: None) -> None:
    """Brackets in a degree's name are text, not rich markup."""
    marked = ruleset.degrees[0]._replace(name="Master of [bold]Medical[/] Management")
    text = drawn(ruleset._replace(degrees=(marked, *ruleset.degrees[1:])))
    assert "Master of [bold]Medical[/] Management" in text
