"""`degreefit degrees` and `degreefit sources`: what the sources say, cited, in text and JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.catalog import PROFILE_TOPICS
from degreefit.cli import app
from degreefit.models import Cite, RuleSet
from degreefit.report.citations import citation_numbers
from tests.helpers.personas import PERSONAS
from tests.helpers.rules import builtin_rules

NOT_COVERED = "not covered by the sources"
AI_TAG = "(AI-written source)"
ANSI = "\x1b["
CODES = [degree.code for degree in builtin_rules().degrees]
NOTE = re.compile(r"^ *\[(\d+)\] (.+?), “(.+?)”, section “(.+?)”( \(AI-written source\))?$")


def run(runner: CliRunner, *args: str) -> str:
    """Run degreefit with `args`; check it succeeds quietly and return its stdout."""
    result = runner.invoke(app, list(args))
    assert (result.exit_code, result.stderr) == (0, ""), (result.stderr, result.exception)
    return result.stdout


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console so wide that no line wraps: each fact, reason and note stays on one line."""
    monkeypatch.setenv("COLUMNS", "1000")


def notes(text: str) -> dict[int, tuple[str, str, str, bool]]:
    """The numbered notes under "Sources": number -> (short name, title, section, tagged AI-written).

    A note wrapped at the console's width is joined back (with one space) before it is read.
    """
    lines = text.splitlines()
    body = lines[lines.index("Sources") + 1 :]
    joined: list[str] = []
    for line in body:
        if re.match(r"^ *\[\d+\] ", line) or not joined:
            joined.append(line.strip())
        elif line.startswith("      "):  # the continuation of a wrapped note
            joined[-1] += " " + line.strip()
        else:
            break
    found: dict[int, tuple[str, str, str, bool]] = {}
    for note in joined:
        match = NOTE.match(note)
        assert match, note
        found[int(match[1])] = (match[2], match[3], match[4], bool(match[5]))
    return found


def table_cells(text: str) -> dict[str, dict[str, str]]:
    """The plain table of `degreefit degrees`: degree code -> column heading -> the cell's text.

    Columns start where their headings start; a cell's lines are joined with one space.
    """
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("Degree "))
    headings = re.findall(r"\S+(?: \S+)*", lines[header])
    starts = [lines[header].index(h) for h in headings]
    rows: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for line in lines[header + 1 :]:
        if line.startswith("`degreefit"):
            break
        if not line.strip() or set(line.strip()) == {"-"}:
            continue
        cells = [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)], strict=True)]
        if cells[0] in CODES:
            current = rows[cells[0]] = {h: [] for h in headings}
        assert current is not None, line
        for heading, cell in zip(headings, cells, strict=True):
            if cell:
                current[heading].append(cell)
    return {code: {h: " ".join(parts) for h, parts in row.items()} for code, row in rows.items()}


# --- degreefit degrees ------------------------------------------------------------


def test_degrees_lists_the_four_degrees_side_by_side(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit degrees` shows each degree's code and name, who it is for, admission and duration."""
    text = run(runner, "degrees")
    cells = table_cells(text)
    by_short = {s.short: s for s in ruleset.sources}
    number = {(by_short[short].id, section): n for n, (short, _, section, _) in notes(text).items()}
    assert list(cells) == CODES
    for degree in ruleset.degrees:
        row = cells[degree.code]
        assert row["Degree"] == f"{degree.code} {degree.name}"
        for topic in ("who_for", "admission", "duration"):
            shown = [
                f"{fact.text} [{number[fact.cite]}]"
                + (f" {AI_TAG}" if ruleset.source(fact.cite.source).ai_written else "")
                for fact in getattr(degree.profile, topic)
            ]
            assert row[PROFILE_TOPICS[topic]] == (" ".join(shown) or NOT_COVERED), (degree.code, topic)


def test_degrees_says_when_the_sources_do_not_give_a_duration(runner: CliRunner) -> None:
    """The MMM's, MHA's and MBA's typical duration reads "not covered by the sources"; the MMed's is cited."""
    cells = table_cells(run(runner, "degrees"))
    durations = {code: row["Typical duration"] for code, row in cells.items()}
    assert {code: durations[code] for code in ("MMM", "MHA", "MBA")} == dict.fromkeys(
        ("MMM", "MHA", "MBA"), NOT_COVERED
    )
    assert re.fullmatch(
        r"Typically 2 to 4 years beyond the medical degree\. \[\d+\] \(AI-written source\)", durations["MMed"]
    )


def test_degrees_numbers_its_citations_and_lists_them_under_sources(
    runner: CliRunner, ruleset: RuleSet
) -> None:
    """Every fact in the table carries a [n] marker, and the Sources list explains each n once, in number
    order, each section under the fixed number that it has in every report (its place in sources.yaml)."""
    text = run(runner, "degrees")
    listed = notes(text)
    assert list(listed) == sorted(listed)
    table = "\n".join(text.splitlines()[: text.splitlines().index("Sources")])
    assert {int(n) for n in re.findall(r"\[(\d+)\]", table)} == set(listed)
    shown = {
        (fact.cite.source, fact.cite.section)
        for degree in ruleset.degrees
        for topic in ("who_for", "admission", "duration")
        for fact in getattr(degree.profile, topic)
    }
    by_short = {s.short: s for s in ruleset.sources}
    assert {(by_short[short].id, section) for short, _, section, _ in listed.values()} == shown
    fixed = citation_numbers(ruleset)
    for number, (short, _, section, _) in listed.items():
        assert fixed[Cite(by_short[short].id, section)] == number, (short, section)
    for short, title, _, tagged in listed.values():
        assert title == by_short[short].title
        assert tagged is by_short[short].ai_written


def test_degrees_piped_has_no_escape_codes(runner: CliRunner) -> None:
    """Piped (not a terminal), `degreefit degrees` and `degreefit degrees MMed` print plain text."""
    assert ANSI not in run(runner, "degrees")
    assert ANSI not in run(runner, "degrees", "MMed")


@pytest.mark.parametrize("code", ["MMed", "mmed", "MMED", "mMeD"])
def test_one_degree_shows_its_whole_profile(runner: CliRunner, wide: None, code: str) -> None:
    """`degreefit degrees mmed` (in any letter case) shows every topic of the MMed's profile, each cited."""
    text = run(runner, "degrees", code)
    assert text == run(runner, "degrees", "MMed")
    assert text.splitlines()[0].startswith("+- MMed · Master of Medicine -")
    rows = {}
    for line in text.splitlines():
        match = re.match(r"^\| (\S+(?: \S+)*)  +(.+?) *\|$", line)
        if match:
            rows[match[1]] = match[2]
    assert list(rows) == ["Summary", *PROFILE_TOPICS.values()]
    for label, fact in rows.items():
        assert re.search(r"\. \[\d+\] \(AI-written source\)$", fact), (label, fact)
    for university in ("University of Sydney", "University of Singapore", "University of Edinburgh"):
        assert university in rows["Example programs"]
    assert "Johns Hopkins University" in rows["Example programs"]
    assert all(tagged for *_, tagged in notes(text).values())


def test_one_degree_says_which_topics_the_sources_do_not_cover(runner: CliRunner, wide: None) -> None:
    """`degreefit degrees MHA` says "not covered by the sources" for its format, duration, cost, examples."""
    text = run(runner, "degrees", "MHA")
    for label in ("Format", "Typical duration", "Cost", "Example programs"):
        assert re.search(rf"^\| {label}  +{NOT_COVERED} +\|$", text, re.MULTILINE), label
    assert AI_TAG not in text


def test_an_unknown_degree_is_an_error_that_suggests_the_closest(runner: CliRunner) -> None:
    """`degreefit degrees MBB` exits 2, lists the four codes and asks whether MBA was meant."""
    result = runner.invoke(app, ["degrees", "MBB"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "degreefit: error: no degree 'MBB': the degrees are MMM, MHA, MBA, MMed; did you mean MBA?\n"
    )


def test_degrees_json_has_every_profile_with_its_cites(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit degrees --format json` gives the four profiles in order, uncovered topics as null."""
    document = json.loads(run(runner, "degrees", "--format", "json"))
    assert set(document) == {"schema_version", "degrees", "null_means"}
    assert (document["schema_version"], document["null_means"]) == (1, NOT_COVERED)
    assert [d["code"] for d in document["degrees"]] == CODES == [d.code for d in ruleset.degrees]
    sections = {(s.id, section.heading) for s in ruleset.sources for section in s.sections}
    for entry, degree in zip(document["degrees"], ruleset.degrees, strict=True):
        assert set(entry) == {"code", "name", "summary", "profile"}
        assert entry["name"] == degree.name
        assert entry["summary"] == {"text": degree.summary, **degree.cite._asdict()}
        assert list(entry["profile"]) == list(PROFILE_TOPICS)
        for topic, facts in entry["profile"].items():
            expected = getattr(degree.profile, topic)
            if not expected:
                assert facts is None, (degree.code, topic)
                continue
            assert facts == [{"text": f.text, **f.cite._asdict()} for f in expected]
        cites = [entry["summary"], *(f for facts in entry["profile"].values() for f in facts or [])]
        assert {(c["source"], c["section"]) for c in cites} <= sections
    durations = {d["code"]: d["profile"]["duration"] for d in document["degrees"]}
    assert (durations["MMM"], durations["MHA"], durations["MBA"]) == (None, None, None)


@pytest.mark.parametrize("code", ["MMed", "mmed"])
def test_one_degree_as_json_is_that_degrees_object(runner: CliRunner, code: str) -> None:
    """`degreefit degrees MMed --format json` gives just the MMed's object, as the full list has it."""
    everything = json.loads(run(runner, "degrees", "--format", "json"))
    one: dict[str, Any] = json.loads(run(runner, "degrees", code, "--format", "json"))
    assert one == everything["degrees"][CODES.index("MMed")]


# --- degreefit sources -------------------------------------------------------------


def panels(text: str) -> dict[str, str]:
    """The panels `degreefit sources` prints, by source id (from each panel's title); the tier
    headings between them belong to no panel."""
    found: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        match = re.match(r"^\+- (\S+) · ", line)
        if match:
            current = match[1]
            found[current] = ""
        if current:
            found[current] += line + "\n"
        if re.match(r"^\+-+\+$", line):
            current = ""
    return found


def tiers(text: str) -> list[tuple[str, list[str]]]:
    """The tier headings `degreefit sources` prints, each with the ids of the sources under it."""
    found: list[tuple[str, list[str]]] = []
    inside = False
    for line in text.splitlines():
        match = re.match(r"^\+- (\S+) · ", line)
        if match:
            inside = True
            found[-1][1].append(match[1])
        elif re.match(r"^\+-+\+$", line):
            inside = False
        elif not inside:
            found.append((line, []))
    return found


def test_sources_lists_every_source_under_its_tier(runner: CliRunner, ruleset: RuleSet, wide: None) -> None:
    """`degreefit sources` groups the sources by tier, primary first and the AI-written guide last,
    each heading saying what the tier is and how many sources it holds."""
    shown = tiers(run(runner, "sources"))
    order = ("primary", "institutional", "news", "ai_written")
    count = {tier: sum(s.tier == tier for s in ruleset.sources) for tier in order}
    assert count["primary"] + count["institutional"] >= 15
    assert [heading for heading, _ in shown] == [
        "Primary: a program's own page, an accreditor, a regulator, a statistics office "
        f"({count['primary']})",
        "Institutional: a professional body, or a university's text on another host "
        f"({count['institutional']})",
        "News (1)",
        "Written by AI (1)",
    ]
    assert [ids for _, ids in shown] == [[s.id for s in ruleset.sources if s.tier == tier] for tier in order]
    assert shown[2][1] == ["usnews-mmm"]
    assert shown[3][1] == ["mmed-guide"]


def test_sources_describes_every_source(runner: CliRunner, ruleset: RuleSet, wide: None) -> None:
    """`degreefit sources` shows each source's title, publisher, address (or that it is missing), what
    it speaks for, the date the page shows (or that it shows none), when it was read, and every
    section."""
    text = run(runner, "sources")
    assert ANSI not in text
    shown = panels(text)
    assert sorted(shown) == sorted(source.id for source in ruleset.sources)
    assert len(ruleset.sources) >= 17  # the two seeds and at least 15 primary or institutional pages

    def row(label: str, value: str) -> str:
        return rf"^\| {label} +{re.escape(value)} +\|$"

    for source in ruleset.sources:
        panel = shown[source.id]
        assert panel.startswith(f"+- {source.id} · {source.short} -"), source.id
        assert re.search(row("Title", source.title), panel, re.MULTILINE), source.id
        assert re.search(row("Publisher", source.publisher), panel, re.MULTILINE), source.id
        address = source.url or "not given in the copy degreefit holds"
        assert re.search(row("Address", address), panel, re.MULTILINE), source.id
        assert re.search(row("Speaks for", source.scope), panel, re.MULTILINE), source.id
        assert re.search(row("Page date", source.page_date or "no date shown"), panel, re.MULTILINE), (
            source.id
        )
        assert source.read
        assert re.search(row("Read", source.read), panel, re.MULTILINE), source.id
        for section in source.sections:
            note = f" ({section.note})" if section.note else ""
            assert re.search(rf"^\| .* {re.escape(section.heading + note)} +\|$", panel, re.MULTILINE)
    usnews = shown["usnews-mmm"]
    assert re.search(row("Address", "not given in the copy degreefit holds"), usnews, re.MULTILINE)
    assert re.search(row("Page date", "no date shown"), usnews, re.MULTILINE)
    assert re.search(
        row("Address", "https://publichealth.jhu.edu/academics/mha"), shown["jhu-mha"], re.MULTILINE
    )


def test_sources_marks_the_mmed_guide_as_ai_written(runner: CliRunner, wide: None) -> None:
    """`degreefit sources` warns that the MMed guide was written by AI, and says so of no other source."""
    shown = panels(run(runner, "sources"))
    note = (
        "AI-written source: the MMed guide says it was written by AI and reviewed by a human. "
        "Reasons resting on it are marked; weigh them with that in mind."
    )
    assert note in shown["mmed-guide"]
    assert [name for name, panel in shown.items() if "AI-written" in panel] == ["mmed-guide"]


def test_sources_json_describes_every_source(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit sources --format json` gives each source's id, names, address, tier, kind, scope,
    dates, provenance and sections, sorted by tier (in file order within a tier)."""
    document = json.loads(run(runner, "sources", "--format", "json"))
    assert set(document) == {"schema_version", "sources"}
    assert document["schema_version"] == 1
    order = ("primary", "institutional", "news", "ai_written")
    expected = sorted(ruleset.sources, key=lambda source: order.index(source.tier))
    assert [s["id"] for s in document["sources"]] == [source.id for source in expected]
    for entry, source in zip(document["sources"], expected, strict=True):
        assert entry == {
            "id": source.id,
            "short": source.short,
            "title": source.title,
            "publisher": source.publisher,
            "url": source.url,
            "ai_written": source.tier == "ai_written",
            "tier": source.tier,
            "kind": source.kind,
            "scope": source.scope,
            "page_date": source.page_date,
            "read": source.read,
            "provenance": source.provenance or None,
            "sections": [{"heading": s.heading, "note": s.note or None} for s in source.sections],
        }
    tiers_seen = [s["tier"] for s in document["sources"]]
    per_tier = [sum(one.tier == tier for one in ruleset.sources) for tier in order]
    assert [tiers_seen.count(tier) for tier in order] == per_tier
    assert [s["id"] for s in document["sources"] if s["ai_written"]] == ["mmed-guide"]
    assert document["sources"][-1]["id"] == "mmed-guide"
    usnews = next(s for s in document["sources"] if s["id"] == "usnews-mmm")
    assert (usnews["url"], usnews["tier"], usnews["page_date"]) == (None, "news", None)
    assert usnews["sections"][0] == {
        "heading": "(introduction)",
        "note": "the paragraphs before the first heading",
    }


# --- the report of `ask` ------------------------------------------------------------


def test_report_marks_exactly_the_reasons_that_rest_on_the_ai_written_guide(
    runner: CliRunner, ruleset: RuleSet, tmp_path: Path, wide: None
) -> None:
    """In the report of the surgery resident (who also wants to lead within a health system, so that
    U.S. News reasons count too) each MMed-guide reason is marked (AI-written source), no other is."""
    answers = tmp_path / "answers.json"
    resident = {**PERSONAS["resident specialising in surgery"][0]}
    resident["goals"] = [*resident["goals"], "lead_within_health_system"]
    answers.write_text(json.dumps(resident), encoding="utf-8")
    text = run(runner, "ask", "--answers", str(answers))
    # A rule that moves two degrees may word its reason for each.
    rules = {rule.reason_for(code): rule for rule in ruleset.rules for code in rule.effects}
    marked: dict[str, bool] = {}
    for line in text.splitlines():
        match = re.match(r"^\|? *[+−]\d+(?:\.\d+)? (.+?) \[\d+\]( \(AI-written source\))? *\|?$", line)
        if match:
            marked[match[1]] = bool(match[2])
    reason_lines = [line for line in text.splitlines() if re.match(r"^\|? *[+−]\d", line)]
    assert len(marked) == len(reason_lines) > 0
    sources = {reason: ruleset.source(rules[reason].cite.source) for reason in marked}
    assert {s.id for s in sources.values()} == {"usnews-mmm", "mmed-guide"}
    for reason, tagged in marked.items():
        assert tagged is sources[reason].ai_written, reason
