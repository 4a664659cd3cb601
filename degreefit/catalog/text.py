"""The catalog in text: the degrees and the sources, drawn with rich."""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from degreefit.catalog import NOT_COVERED, PROFILE_TOPICS
from degreefit.formats.text import citation_notes, cite_mark
from degreefit.models import TIERS, Degree, Fact, RuleSet, Source
from degreefit.output import plain_box, show
from degreefit.report.citations import Citations
from degreefit.report.wording import TIER_HEADINGS, ai_written_note


def print_degrees(ruleset: RuleSet, *, file: TextIO) -> None:
    """The degrees side by side: who each is for, admission, duration."""
    show(file, lambda console, fancy: _draw_degrees(console, ruleset, fancy=fancy))


def _draw_degrees(console: Console, ruleset: RuleSet, *, fancy: bool) -> None:
    cites = Citations(ruleset)
    table = Table(box=box.SIMPLE_HEAD if fancy else plain_box(), pad_edge=False, show_lines=True, expand=True)
    table.add_column("Degree", style="bold", ratio=2)
    for topic, share in (("who_for", 3), ("admission", 3), ("duration", 2)):
        table.add_column(PROFILE_TOPICS[topic], ratio=share, overflow="fold")  # a long word breaks, never cut
    for degree in ruleset.degrees:
        profile = degree.profile
        table.add_row(
            Text.assemble((degree.code, "bold"), "\n", (degree.name, "")),
            _facts(profile.who_for, cites),
            _facts(profile.admission, cites),
            _facts(profile.duration, cites),
        )
    console.print(table)
    console.print(Text("`degreefit degrees CODE` shows one degree in full.", style="dim"))
    console.print(citation_notes(cites))


def print_degree(ruleset: RuleSet, degree: Degree, *, file: TextIO) -> None:
    """One degree's whole profile, topic by topic, with citations."""
    show(file, lambda console, fancy: _draw_degree(console, ruleset, degree, fancy=fancy))


def _draw_degree(console: Console, ruleset: RuleSet, degree: Degree, *, fancy: bool) -> None:
    cites = Citations(ruleset)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Summary", Text.assemble(degree.summary, cite_mark(degree.cite, cites)))
    for topic, label in PROFILE_TOPICS.items():
        grid.add_row(label, _facts(getattr(degree.profile, topic), cites))
    title = f"{degree.code} · {degree.name}"
    console.print(Panel(grid, title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII))
    console.print(citation_notes(cites))


def print_sources(ruleset: RuleSet, *, file: TextIO) -> None:
    """Each source: title, publisher, address, provenance and the sections rules cite."""
    show(file, lambda console, fancy: _draw_sources(console, ruleset, fancy=fancy))


def _draw_sources(console: Console, ruleset: RuleSet, *, fancy: bool) -> None:
    for tier in TIERS:
        sources = [s for s in ruleset.sources if s.tier == tier]
        if not sources:
            continue
        console.print(Text(f"{TIER_HEADINGS[tier]} ({len(sources)})", style="bold"))
        for source in sources:
            _draw_source(console, source, fancy=fancy)


def _draw_source(console: Console, source: Source, *, fancy: bool) -> None:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")  # an address is folded, never cut
    grid.add_row("Title", source.title)
    grid.add_row("Publisher", source.publisher)
    grid.add_row("Address", source.url or Text("not given in the copy degreefit holds", style="dim italic"))
    if source.scope:
        grid.add_row("Speaks for", source.scope)
    grid.add_row("Page date", source.page_date or Text("no date shown", style="dim italic"))
    if source.read:
        grid.add_row("Read", source.read)
    if source.provenance:
        grid.add_row("Provenance", source.provenance)
    if source.ai_written:
        grid.add_row("", Text(ai_written_note(source), style="yellow"))
    sections = Text()
    for number, section in enumerate(source.sections):
        sections.append(("\n" if number else "") + section.heading)
        if section.note:
            sections.append(f" ({section.note})", style="dim")
    grid.add_row("Sections", sections)
    title = f"{source.id} · {source.short}"  # the title is a row: a long one would be cut here
    console.print(Panel(grid, title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII))


def _facts(facts: tuple[Fact, ...], cites: Citations) -> Text:
    if not facts:
        return Text(NOT_COVERED, style="dim italic")
    text = Text()
    for number, fact in enumerate(facts):
        if number:
            text.append("\n")
        text.append_text(Text.assemble(fact.text, cite_mark(fact.cite, cites)))
    return text
