"""Citation numbers: each section of a source has one number, its place in sources.yaml, in every
report of a rule set; a report lists exactly the sections it cites, in number order."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.models import Cite, RuleSet
from degreefit.report.citations import citation_numbers
from tests.helpers.personas import PERSONAS, PHYSICIAN, persona_answers

MANAGER = "early-career manager running a hospital's operations"
FORMATS = ["text", "markdown"]
# The heading over the list of cited sections, and one entry of it, in each format.
SOURCES_HEADING = {"text": "\nSources\n", "markdown": "\n## Sources\n"}
ENTRY = {"text": re.compile(r"^ *\[(\d+)\] (.+)$"), "markdown": re.compile(r"^- \[(\d+)\] (.+)$")}
MARK = re.compile(r"\[(\d+)\]")


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console so wide that no line wraps: each reason and each cited section stays on one line."""
    monkeypatch.setenv("COLUMNS", "1000")


def report(
    runner: CliRunner, tmp_path: Path, answers: dict[str, Any], output_format: str, *options: str
) -> str:
    """The report `degreefit ask` prints for these answers in one format."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--answers", str(path), "--format", output_format, *options])
    assert (result.exit_code, result.stderr) == (0, ""), (result.stderr, result.exception)
    return result.stdout


def split(text: str, output_format: str) -> tuple[str, list[tuple[int, str]]]:
    """A report's body (all above its Sources list) and the list: (number, the section it names)."""
    body, rest = text.split(SOURCES_HEADING[output_format], 1)
    entries = []
    for line in rest.lstrip("\n").splitlines():
        match = ENTRY[output_format].match(line)
        if not match:
            break
        entries.append((int(match[1]), match[2]))
    return body, entries


def described(ruleset: RuleSet, cite: Cite) -> str:
    """A cited section as the Sources list names it (a section headed by the page's title is not
    named again)."""
    source = ruleset.source(cite.source)
    tag = " (AI-written source)" if source.ai_written else ""
    section = "" if cite.section.casefold() == source.title.casefold() else f", section “{cite.section}”"
    return f"{source.short}, “{source.title}”{section}{tag}"


def cited_in(document: Any) -> Iterator[tuple[int, Cite]]:
    """Every citation number anywhere in a JSON report, with the source and section beside it."""
    if isinstance(document, dict):
        if "citation" in document:
            yield document["citation"], Cite(document["source"], document["section"])
        for value in document.values():
            yield from cited_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from cited_in(value)


def test_every_section_has_its_place_in_sources_yaml_as_its_number(ruleset: RuleSet) -> None:
    """The first source's first section is 1; the numbers run on through each source's sections in turn."""
    in_order = [Cite(s.id, section.heading) for s in ruleset.sources for section in s.sections]
    assert list(citation_numbers(ruleset).items()) == [(c, n) for n, c in enumerate(in_order, start=1)]


@pytest.mark.parametrize("output_format", FORMATS)
def test_one_section_has_one_number_in_the_reports_of_two_people(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, output_format: str
) -> None:
    """The physician leader and the hospital manager cite some of the same sections (not all, and not
    first in the same order): each such section has the same number in both reports."""
    numbers = {}
    for name in (PHYSICIAN, MANAGER):
        _, entries = split(report(runner, tmp_path, persona_answers(name), output_format), output_format)
        numbers[name] = {section: number for number, section in entries}
    shared = numbers[PHYSICIAN].keys() & numbers[MANAGER].keys()
    assert len(shared) >= 2, numbers
    assert numbers[PHYSICIAN].keys() != numbers[MANAGER].keys()
    assert {s: numbers[PHYSICIAN][s] for s in shared} == {s: numbers[MANAGER][s] for s in shared}
    fixed = {described(ruleset, cite): number for cite, number in citation_numbers(ruleset).items()}
    assert {s: numbers[MANAGER][s] for s in shared} == {s: fixed[s] for s in shared}


def test_json_reports_of_all_personas_give_one_section_one_number(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet
) -> None:
    """Across the JSON reports of every persona, each citation number stands for the section that has
    that place in sources.yaml, wherever it appears (reasons, gates, notes, claims)."""
    fixed = citation_numbers(ruleset)
    seen: set[int] = set()
    for name in PERSONAS:
        document = json.loads(report(runner, tmp_path, persona_answers(name), "json", "--explain"))
        for number, cite in cited_in(document):
            assert fixed[cite] == number, (name, cite)
            seen.add(number)
    assert len(seen) > 1


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("name", list(PERSONAS))
def test_sources_list_exactly_the_cited_sections_in_number_order(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, name: str, output_format: str
) -> None:
    """Under Sources, each section the report cites is named once, under its own number, in number
    order; no section the report does not cite is listed."""
    body, entries = split(report(runner, tmp_path, persona_answers(name), output_format), output_format)
    numbers = [number for number, _ in entries]
    assert numbers == sorted(set(numbers))
    assert set(numbers) == {int(n) for n in MARK.findall(body)}
    by_number = {number: cite for cite, number in citation_numbers(ruleset).items()}
    assert entries == [(number, described(ruleset, by_number[number])) for number in numbers]


@pytest.mark.parametrize("name", list(PERSONAS))
def test_json_citations_list_exactly_the_cited_sections_in_number_order(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    """The JSON report's `citations` holds every number its reasons, gates, notes and claims carry, once
    each, in number order, with the same source and section; `sources` describes exactly their sources."""
    document = json.loads(report(runner, tmp_path, persona_answers(name), "json", "--explain"))
    listed = [(c["number"], Cite(c["source"], c["section"])) for c in document["citations"]]
    assert [number for number, _ in listed] == sorted({number for number, _ in listed})
    assert set(listed) == set(cited_in(document))
    assert set(document["sources"]) == {cite.source for _, cite in listed}


def turn_against(rules_dir: Path, rule_id: str, degree: str) -> None:
    """Make a rule of rules/leadership.yaml, which counts for one degree, count against it instead."""
    path = rules_dir / "rules" / "leadership.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {rule_id}\n")
    old, new = f"effects: {{{degree}: for}}", f"effects: {{{degree}: against}}"
    end = text.index(old, start)
    path.write_text(text[:end] + new + text[end + len(old) :], encoding="utf-8")


def reason_citations(document: dict[str, Any]) -> dict[tuple[str, str], tuple[float, int]]:
    """(degree, rule) -> (effect, citation number) for every reason of a JSON report."""
    return {
        (entry["degree"], reason["rule"]): (reason["effect"], reason["citation"])
        for entry in document["ranking"]
        for reason in entry["reasons"]
    }


def cited_lines(markdown: str) -> dict[str, int]:
    """Each line of a Markdown report that ends in a citation: its text (without the points) -> [n]."""
    body, _ = split(markdown, "markdown")
    found = {}
    for line in body.splitlines():
        match = re.match(r"^- (?:\*\*[+−][\d.]+\*\* )?(.+) \[(\d+)\](?: \*\(AI-written source\)\*)?$", line)
        if match:
            found[match[1]] = int(match[2])
    return found


def test_a_changed_rule_leaves_the_numbers_of_the_other_reasons_alone(
    runner: CliRunner, tmp_path: Path, rules_copy: Path
) -> None:
    """Turning one rule from for the MMM to against it moves its reason, and so changes which section the
    report cites first; yet every reason keeps its citation number, that one included."""
    turn_against(rules_copy, "mmm-clinician-to-leader", "MMM")
    answers = persona_answers(PHYSICIAN)
    changed = ("--rules", str(rules_copy))

    before = reason_citations(json.loads(report(runner, tmp_path, answers, "json")))
    after = reason_citations(json.loads(report(runner, tmp_path, answers, "json", *changed)))
    rule = ("MMM", "mmm-clinician-to-leader")
    assert before[rule][0] > 0 > after[rule][0]
    assert before.keys() == after.keys()
    assert {key: number for key, (_, number) in before.items()} == {
        key: number for key, (_, number) in after.items()
    }

    # The same in the Markdown report, as a person reads it: each cited line keeps its [n].
    markdowns = [report(runner, tmp_path, answers, "markdown", *options) for options in ((), changed)]
    first_cited = [list(dict.fromkeys(MARK.findall(split(m, "markdown")[0]))) for m in markdowns]
    assert first_cited[0] != first_cited[1], "numbered as first cited, the citations would move"
    lines_before, lines_after = (cited_lines(m) for m in markdowns)
    shared = lines_before.keys() & lines_after.keys()
    assert len(shared) >= 5
    assert {line: lines_before[line] for line in shared} == {line: lines_after[line] for line in shared}


def test_a_page_whose_only_heading_is_its_title_is_cited_without_a_section(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A South African resident's report cites UKZN's MMed page, whose text stands under its title
    alone, as source and title, not with the title again as a section; a section with a heading of
    its own is still named."""
    answers = {
        **persona_answers(PHYSICIAN),
        "clinical_status": "physician_in_training",
        "career_stage": "early",
        "region": "south_africa",
        "goals": ["specialize_clinically"],
        "specialty": "internal_medicine",
    }
    cited = dict(split(report(runner, tmp_path, answers, "markdown"), "markdown")[1])
    assert "UKZN MMed, “Master of Medicine (MMed)”" in cited.values()
    assert "UKZN MMed introduction, “Masters in Medicine: Introduction”, section “Introduction”" in (
        cited.values()
    )
    assert not [entry for entry in cited.values() if entry.count("“Master of Medicine (MMed)”") > 1]
