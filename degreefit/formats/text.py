"""The report for people, drawn with rich.

On a terminal it draws colour, rounded boxes and bars; when stdout is not a terminal,
or NO_COLOR is set, the same report comes out as plain text: no escape codes at all.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from degreefit.citations import Citations
from degreefit.console import PLAIN_BOX, show
from degreefit.engine import Contribution
from degreefit.exhaustive import assert_never
from degreefit.models import Cite, Gate
from degreefit.outline import (
    AnswerRows,
    Breakdown,
    Bullets,
    Headline,
    Line,
    OtherDegree,
    OtherDegrees,
    Ranking,
    Reasons,
    SourceList,
    TopPick,
    WhyNotDegree,
    outline,
)
from degreefit.report import Report
from degreefit.wording import AI_WRITTEN_TAG, ELIGIBILITY_WORDS, ai_written_note, cited_section

BAR_WIDTH = 10
NARROW = 64  # columns below which the ranking drops the degrees' full names and the bars
VERY_NARROW = 40  # and below which it is no table, one degree a line

ELIGIBILITY_STYLES = {"eligible": "green", "not_yet": "yellow", "ineligible": "red"}


def render(report: Report, file: TextIO) -> None:
    """Print the report for people: ranking, top pick, other degrees, what would change it, sources."""
    show(file, lambda console, fancy: _draw(console, report, fancy=fancy))


def _draw(console: Console, report: Report, *, fancy: bool) -> None:
    cites = Citations(report.ruleset)
    gap = ""  # a blank line above each heading, but for the first under the top pick's panel
    for part in outline(report):
        if isinstance(part, Headline):
            before, codes, after = part.spoken
            console.print(Text.assemble(before, (codes, "bold"), after))
        elif isinstance(part, Ranking):
            console.print(_ranking_table(part, fancy=fancy, width=console.width))
        elif isinstance(part, TopPick):
            console.print(_top_panel(part, cites, fancy=fancy))
        elif isinstance(part, Bullets):
            console.print(Text(f"{gap}{part.heading.text}", style="bold"))
            console.print(_bullets(part.lines, cites))
        elif isinstance(part, OtherDegrees):
            console.print(Text(f"{gap}{part.heading.text}", style="bold"))
            for degree in part.degrees:
                console.print(_other_degree(degree, part.heading.empty, cites))
        elif isinstance(part, Breakdown):
            console.print(_breakdown(part, cites, gap=gap))
        elif isinstance(part, WhyNotDegree):
            console.print(_why_not(part, cites, gap=gap))
        elif isinstance(part, AnswerRows):
            if gap:
                console.print()
            console.print(_answers_table(part, fancy=fancy))
        elif isinstance(part, SourceList):
            console.print(_sources(part, cites))
        else:
            assert_never(part)
        gap = "" if isinstance(part, TopPick) else "\n"


def _bullets(lines: tuple[Line, ...], cites: Citations, *, style: str = "") -> Table:
    """Lines as a list whose wrapped lines hang under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(style=style)
    for line in lines:
        mark = "" if line.cite is None else cite_mark(line.cite, cites)
        grid.add_row(" •", Text.assemble(line.text, mark))
    return grid


def _breakdown(part: Breakdown, cites: Citations, *, gap: str) -> Group:
    """Every rule that fired for each degree, its points and condition, adding up to the score."""
    parts: list[RenderableType] = [Text(f"{gap}{part.heading.text}", style="bold")]
    for degree in part.degrees:
        line = Table.grid(padding=(0, 1))  # a long sum wraps under itself, not at the margin
        line.add_column(no_wrap=True)
        line.add_column()
        line.add_row(Text(f"  {degree.result.degree.code}:", style="bold"), Text(degree.sum, style="bold"))
        parts.append(line)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for fired in degree.rules:
            item = fired.contribution
            sign, style = ("+", "green") if item.points > 0 else ("−", "red")
            grid.add_row(
                Text(f"    {sign}{abs(item.points):g}", style=style),
                Text.assemble(
                    (item.rule.id, "bold"), f" (when {fired.condition})", cite_mark(item.rule.cite, cites)
                ),
            )
        for applied in degree.gates:
            gate = applied.gate
            grid.add_row(
                Text(f"    {ELIGIBILITY_WORDS[gate.status]}", style=ELIGIBILITY_STYLES[gate.status]),
                Text.assemble((gate.id, "bold"), f" (when {applied.condition})", cite_mark(gate.cite, cites)),
            )
        if degree.rules or degree.gates:
            parts.append(grid)
    return Group(*parts)


def _why_not(part: WhyNotDegree, cites: Citations, *, gap: str) -> Group:
    parts: list[RenderableType] = [
        Text(f"{gap}{part.heading.text}", style="bold"),
        Text(f"  {part.standing}"),
    ]
    if part.gates:
        parts.append(_reasons([], list(part.gates), cites))
    if part.against is not None:
        against = part.against
        parts += [
            Text(f"  {against.heading.text}"),
            _reasons(list(against.contributions), [], cites, indent=4),
        ]
    if part.missing is not None:
        parts.append(Text(f"  {part.missing.heading.text}"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, style="green")
        grid.add_column()
        for rule in part.missing.rules:
            grid.add_row(f"    +{rule.points:g}", f"when {rule.condition} ({rule.rule})")
        parts.append(grid)
    parts.append(_bullets((Line(part.verdict),), cites, style="bold"))
    return Group(*parts)


def _ranking_table(part: Ranking, *, fancy: bool, width: int) -> RenderableType:
    if width < VERY_NARROW:  # no table fits: one degree a line, its code and score whole
        return Group(
            *(
                Text.assemble(
                    f"{rank}. ",
                    (result.degree.code, "bold"),
                    f" {result.score:.1f} ",
                    (ELIGIBILITY_WORDS[result.eligibility], ELIGIBILITY_STYLES[result.eligibility]),
                )
                for rank, result in enumerate(part.results, start=1)
            ),
            Text(""),
        )
    narrow = width < NARROW  # the code, score and eligibility must fit whole on any terminal
    table = Table(box=box.SIMPLE_HEAD if fancy else PLAIN_BOX, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Degree", style="bold", no_wrap=True)
    if not narrow:
        table.add_column("Name")
    table.add_column("Score", no_wrap=True)
    table.add_column("Eligibility", no_wrap=True)
    for rank, result in enumerate(part.results, start=1):
        eligibility = Text(
            ELIGIBILITY_WORDS[result.eligibility], style=ELIGIBILITY_STYLES[result.eligibility]
        )
        score = _score(result.score, fancy=fancy, bar=not narrow)
        name = [] if narrow else [result.degree.name]
        table.add_row(str(rank), result.degree.code, *name, score, eligibility)
    return table


def _score(score: float, *, fancy: bool, bar: bool = True) -> Text:
    if not bar:
        return Text(f"{score:5.1f}")
    filled = round(score / 100 * BAR_WIDTH)
    full, empty = ("█", "░") if fancy else ("#", ".")
    return Text.assemble(f"{score:5.1f} ", (full * filled, "cyan"), (empty * (BAR_WIDTH - filled), "dim"))


def _top_panel(part: TopPick, cites: Citations, *, fancy: bool) -> Panel:
    top = part.result
    parts: list[RenderableType] = [
        Text(top.degree.summary, style="italic"),
        Text(f"\n{part.margin}", style="bold"),
    ]
    if part.rests_on is not None:
        parts.append(
            Text(f"\n{part.rests_on.heading.text}", style=_heading_style(part.rests_on.heading.heed))
        )
        grid = _hanging_grid()
        for line in part.rests_on.lines:
            mark = "" if line.cite is None else cite_mark(line.cite, cites)
            grid.add_row("  •", Text.assemble(line.text, mark))
        parts.append(grid)
    for reasons in part.reasons:
        parts += _section(reasons, cites)
    title = f"{top.degree.code} · {top.degree.name} · score {top.score:.1f}"
    return Panel(
        Group(*parts), title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII
    )


def _heading_style(heed: bool) -> str:
    return "bold yellow" if heed else "bold"


def _section(reasons: Reasons, cites: Citations) -> list[RenderableType]:
    heading = reasons.heading
    body: RenderableType = (
        _reasons(list(reasons.contributions), list(reasons.gates), cites)
        if reasons.contributions or reasons.gates
        else Text(f"  {heading.empty}", style="dim")
    )
    return [Text(f"\n{heading.text}", style=_heading_style(heading.heed)), body]


def _reasons(
    items: list[Contribution], gates: list[Gate], cites: Citations, *, indent: int = 2
) -> RenderableType:
    """Gates, then reasons, each as a two-column grid, so that wrapped lines hang under the text
    (a grid of its own for the gates: their wide "ineligible:" would push the points right)."""
    parts: list[RenderableType] = []
    if gates:
        closed = _hanging_grid()
        for gate in gates:
            marker = Text(
                " " * indent + ELIGIBILITY_WORDS[gate.status] + ":", style=ELIGIBILITY_STYLES[gate.status]
            )
            closed.add_row(marker, Text.assemble(gate.reason, cite_mark(gate.cite, cites)))
        parts.append(closed)
    if items:
        counted = _hanging_grid()
        for item in items:
            sign = "+" if item.points > 0 else "−"
            marker = Text(
                f"{' ' * indent}{sign}{abs(item.points):g}", style="green" if item.points > 0 else "red"
            )
            counted.add_row(marker, Text.assemble(item.reason, cite_mark(item.rule.cite, cites)))
        parts.append(counted)
    return Group(*parts)


def _hanging_grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    return grid


def cite_mark(cite: Cite, cites: Citations) -> Text:
    """A citation's number after what it cites, and the AI tag when its source says it was written by AI."""
    mark = Text(f" [{cites.number(cite)}]", style="cyan")
    if cites.is_ai_written(cite):
        mark.append(f" {AI_WRITTEN_TAG}", style="dim")
    return mark


def _other_degree(degree: OtherDegree, empty: str, cites: Citations) -> Group:
    """A degree after the first: its gates and main reasons (two for, one against)."""
    result = degree.result
    head = Text.assemble(
        ("  " + result.degree.code, "bold"),
        f" · {result.degree.name} · score {result.score:.1f}",
        (f" · {ELIGIBILITY_WORDS[result.eligibility]}", ELIGIBILITY_STYLES[result.eligibility]),
    )
    main = list(degree.counts_for[:2] + degree.counts_against[:1])
    if not main and not result.gates:
        return Group(head, Text(f"    {empty}", style="dim"))
    parts: list[RenderableType] = [head, _reasons(main, list(result.gates), cites, indent=4)]
    more = len(result.contributions) - len(main)
    if more:
        parts.append(Text(f"    and {more} more (--format markdown or json lists every reason)", style="dim"))
    return Group(*parts)


def _answers_table(part: AnswerRows, *, fancy: bool) -> Table:
    table = Table(title=part.heading.text, title_justify="left", box=box.SIMPLE if fancy else PLAIN_BOX)
    table.add_column("Question")
    table.add_column("Answer")
    for question, answer in part.rows:
        table.add_row(question, answer)
    return table


def _sources(part: SourceList, cites: Citations) -> Group:
    """The sections the report cited, in number order, and what each of their sources is."""
    about = Table.grid(padding=(0, 1))
    about.add_column(no_wrap=True)
    about.add_column()
    for source in cites.sources():
        where = f" {source.url}" if source.url else ""
        about.add_row(
            f"  {source.short}:", Text(f"{source.publisher}.{where} {source.provenance}", style="dim")
        )
        if source.ai_written:
            about.add_row("", Text(ai_written_note(source), style="yellow"))
    return Group(citation_notes(cites, heading=part.heading.text), about)


def citation_notes(cites: Citations, *, heading: str = "Sources") -> Group:
    """The sections cited so far, in number order, under a Sources heading."""
    notes = Table.grid(padding=(0, 1))
    # As wide in every report: a list that cites [11] or not has its notes in the same column.
    notes.add_column(justify="right", no_wrap=True, style="cyan", min_width=len(f"  [{cites.highest}]"))
    notes.add_column()
    for number, source, section in cites.notes():
        notes.add_row(f"  [{number}]", cited_section(source, section))
    return Group(Text(heading, style="bold"), notes)
