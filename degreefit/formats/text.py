"""The report for people, drawn with rich.

On a terminal it draws colour and rounded boxes; when stdout is not a terminal,
or NO_COLOR is set, the same report comes out as plain text: no escape codes at all.
"""

from __future__ import annotations

from typing import TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from degreefit.engine import Contribution, DegreeResult
from degreefit.errors import assert_never
from degreefit.models import Cite, Gate
from degreefit.output import plain_box, show
from degreefit.report import Report, signed
from degreefit.report.citations import Citations
from degreefit.report.outline import (
    AnswerRows,
    Breakdown,
    Bullets,
    Examples,
    Headline,
    LaterPaths,
    Line,
    Made,
    OtherDegree,
    OtherDegrees,
    Ranking,
    Reasons,
    Recap,
    Silence,
    SourceList,
    TiedDegree,
    TiedDegrees,
    TopPick,
    WhyNotDegree,
    outline,
)
from degreefit.report.wording import (
    AI_WRITTEN_TAG,
    ELIGIBILITY_WORDS,
    ai_written_note,
    cited_section,
    costs_cell,
    goals_cell,
    reason_text,
    standing_words,
)

NARROW = 64  # columns below which the ranking drops the degrees' full names
VERY_NARROW = 40  # and below which it is no table, one degree in two lines
SIDE_BY_SIDE = 36  # columns each tied degree needs to stand beside the others
# The report is drawn at least this wide: narrower, the words of a reason under a gate's label
# ("ineligible:") or of a cell of the answers table no longer fit whole. A word longer than its
# column still is folded onto the next line, never cut.
LEAST_WIDTH = 30

ELIGIBILITY_STYLES = {"eligible": "green", "not_yet": "yellow", "ineligible": "red"}


def render(report: Report, file: TextIO) -> None:
    """Print the report for people: ranking, top pick (or the tie), later paths, what the sources
    do not say, other degrees, what would change the advice, what to do next, sources, and a recap
    at the end, where the screen stops."""
    show(file, lambda console, fancy: _draw(console, report, fancy=fancy), least_width=LEAST_WIDTH)


def _draw(console: Console, report: Report, *, fancy: bool) -> None:
    cites = Citations(report.ruleset)
    gap = ""  # a blank line above each heading, but for the first under the top pick's panel
    for part in outline(report, recap=True):
        if isinstance(part, Headline):
            before, codes, after = part.spoken
            console.print(Text.assemble(before, (codes, "bold"), after))
        elif isinstance(part, Made):
            pass  # the screen is read now; the date and versions are for a copy sent on (Markdown, JSON)
        elif isinstance(part, Ranking):
            console.print(_ranking_table(part, fancy=fancy, width=console.width))
        elif isinstance(part, TopPick):
            console.print(_top_panel(part, cites, fancy=fancy, width=console.width))
        elif isinstance(part, TiedDegrees):
            console.print(_tied(part, cites, fancy=fancy, width=console.width, gap=gap))
        elif isinstance(part, LaterPaths):
            console.print(_later(part, cites, gap=gap))
        elif isinstance(part, Silence):
            console.print(_silence(part, gap=gap))
        elif isinstance(part, Bullets):
            console.print(Text(f"{gap}{part.heading.text}", style="bold"))
            console.print(_bullets(part.lines, cites))
        elif isinstance(part, Examples):
            console.print(_examples(part, cites, gap=gap))
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
        elif isinstance(part, Recap):
            console.print(_recap(part, fancy=fancy))
        else:
            assert_never(part)
        gap = "" if isinstance(part, (TopPick, Ranking)) else "\n"  # the ranking ends in a blank line


# What programs show, on a screen: a few facts a degree, the rest in Markdown and JSON.
EXAMPLES_SHOWN = 3


def _examples(part: Examples, cites: Citations, *, gap: str) -> Group:
    """Programs' facts under each degree, the first few on a screen."""
    parts: list[RenderableType] = [Text(f"{gap}{part.heading.text}", style="bold")]
    for code, lines in part.groups:
        parts.append(Text(f"  {code}", style="bold"))
        parts.append(_bullets(lines[:EXAMPLES_SHOWN], cites))
        more = len(lines) - EXAMPLES_SHOWN
        if more > 0:
            parts.append(
                Text(f"    and {more} more (--format markdown or json lists every one)", style="dim")
            )
    return Group(*parts)


def _bullets(lines: tuple[Line, ...], cites: Citations, *, style: str = "") -> Table:
    """Lines as a list whose wrapped lines hang under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(style=style, overflow="fold")
    for line in lines:
        mark = "" if line.cite is None else cite_mark(line.cite, cites)
        grid.add_row(" •", Text.assemble(line.text, mark))
    return grid


def _breakdown(part: Breakdown, cites: Citations, *, gap: str) -> Group:
    """Every rule that fired for each degree, its points, its claim's weight and its condition,
    adding up to the degree's goals and costs."""
    parts: list[RenderableType] = [Text(f"{gap}{part.heading.text}", style="bold")]
    for degree in part.degrees:
        line = Table.grid(padding=(0, 1))  # a long sum wraps under itself, not at the margin
        line.add_column(no_wrap=True)
        line.add_column(overflow="fold")
        line.add_row(Text(f"  {degree.result.degree.code}:", style="bold"), Text(degree.sum, style="bold"))
        parts.append(line)
        grid = _hanging_grid()
        for fired in degree.rules:
            item = fired.contribution
            weight = f"{fired.weight}: " if fired.weight else ""
            conflict = ", a conflict" if item.rule.conflict else ""
            grid.add_row(
                _marker(item.points, 4),
                Text.assemble(
                    weight,
                    (item.rule.id, "bold"),
                    f"{conflict} (when {fired.condition})",
                    cite_mark(item.rule.cite, cites),
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
        grid.add_column(overflow="fold")
        for rule in part.missing.rules:
            grid.add_row(f"    +{rule.points:g}", f"when {rule.condition} ({rule.rule})")
        parts.append(grid)
    parts.append(_bullets((Line(part.verdict),), cites, style="bold"))
    return Group(*parts)


def _eligibility(result: DegreeResult) -> Text:
    return Text(ELIGIBILITY_WORDS[result.eligibility], style=ELIGIBILITY_STYLES[result.eligibility])


def _ranking_table(part: Ranking, *, fancy: bool, width: int) -> RenderableType:
    legend = Text(part.legend, style="dim")
    rows = zip(part.ranks, part.results, strict=True)
    if width < VERY_NARROW:  # no table fits: each degree in two lines, its code and points whole
        lines: list[RenderableType] = []
        for rank, result in rows:
            lines.append(Text.assemble(f"{rank}. ", (result.degree.code, "bold"), " ", _eligibility(result)))
            lines.append(Text(f"   {standing_words(result, ', ')}"))
        return Group(*lines, Text(""), legend, Text(""))
    narrow = width < NARROW  # the code, points and eligibility must fit whole on any terminal
    # On a narrow console the columns sit closer: "+2 −2" and "ineligible" stay whole at 40 columns.
    table = Table(box=box.SIMPLE_HEAD if fancy else plain_box(), pad_edge=False, collapse_padding=narrow)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Degree", style="bold", no_wrap=True)
    if not narrow:
        table.add_column("Name", overflow="fold")
    table.add_column("Goals", no_wrap=True)
    table.add_column("Costs", no_wrap=True)
    table.add_column("Eligibility", no_wrap=True)
    for rank, result in rows:
        name = [] if narrow else [result.degree.name]
        table.add_row(
            str(rank), result.degree.code, *name, goals_cell(result), costs_cell(result), _eligibility(result)
        )
    return Group(table, legend, Text(""))


def _top_panel(part: TopPick, cites: Citations, *, fancy: bool, width: int) -> Panel:
    top = part.result
    title = f"{top.degree.code} · {top.degree.name}"
    # In the border, rich cuts a title longer than the panel; inside, it wraps.
    inside = cell_len(title) + 6 > width
    parts: list[RenderableType] = [
        *([Text(title, style="bold")] if inside else []),
        Text(standing_words(top).capitalize(), style="bold"),
        Text(top.degree.summary, style="italic"),
        Text(f"\n{part.firmness}", style="bold"),
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
    return Panel(
        Group(*parts),
        title=None if inside else Text(title),
        title_align="left",
        box=box.ROUNDED if fancy else box.ASCII,
    )


def _tied(part: TiedDegrees, cites: Citations, *, fancy: bool, width: int, gap: str) -> Group:
    """The degrees tied for first side by side, one column each, when the console is wide
    enough; else one after the other."""
    parts: list[RenderableType] = [
        Text(f"{gap}{part.heading.text}", style="bold"),
        Text(part.intro),
    ]
    bodies = [_tied_body(degree, part, cites) for degree in part.degrees]
    if width >= SIDE_BY_SIDE * len(part.degrees):
        table = Table(
            box=box.SIMPLE_HEAD if fancy else plain_box(), pad_edge=False, expand=True, show_edge=False
        )
        for degree in part.degrees:
            result = degree.result
            table.add_column(
                Text.assemble(
                    (result.degree.code, "bold"), f" · {result.degree.name}\n{standing_words(result)}"
                ),
                ratio=1,
                overflow="fold",
            )
        table.add_row(*bodies)
        return Group(*parts, Text(""), table)
    for degree, body in zip(part.degrees, bodies, strict=True):
        parts += [Text(""), _degree_head(degree.result), body]
    return Group(*parts)


def _tied_body(degree: TiedDegree, part: TiedDegrees, cites: Citations) -> Group:
    parts: list[RenderableType] = []
    for reasons in degree.reasons:
        parts += _section(reasons, cites)
    parts.append(Text(f"\n{part.silent.text}", style="bold"))
    if degree.silent:
        parts.append(_bullets(tuple(Line(topic) for topic in degree.silent), cites))
    else:
        parts.append(_empty(part.silent.empty))
    return Group(*parts)


def _later(part: LaterPaths, cites: Citations, *, gap: str) -> Group:
    """Each degree not open yet: what it asks for first, and what counts for or against it already."""
    parts: list[RenderableType] = [Text(f"{gap}{part.heading.text}", style="bold")]
    for path in part.paths:
        result = path.result
        parts.append(_degree_head(result))
        parts.append(_reasons([], list(path.gates), cites, indent=4))
        parts.append(Text(f"    {path.counts_for.heading.text}", style="bold"))
        if path.counts_for.contributions:
            parts.append(_reasons(list(path.counts_for.contributions), [], cites, indent=6))
        else:
            parts.append(_empty(path.counts_for.heading.empty, 6))
    return Group(*parts)


def _silence(part: Silence, *, gap: str) -> Group:
    """What the sources do not say, in a few lines: a degree a line, then the goals no degree meets."""
    parts: list[RenderableType] = [Text(f"{gap}{part.heading.text}", style="bold")]
    lines: list[Text] = []
    if part.nothing_counts:
        lines.append(Text(part.nothing_counts, style="bold yellow"))
    if part.rows:
        lines.append(Text(part.intro))
    notes = _hanging_grid()
    for text in lines:
        notes.add_row(" •", text)
    parts.append(notes)
    if part.rows:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(overflow="fold")
        for code, topics in part.rows:
            grid.add_row(f"   {code}", "; ".join(topics))
        parts.append(grid)
    if part.unaddressed or part.not_considered:
        more = _hanging_grid()
        for goal in (*part.unaddressed, *part.not_considered):
            more.add_row(" •", Text(goal))
        parts.append(more)
    return Group(*parts)


def _degree_head(result: DegreeResult) -> Table:
    """A degree's code, then its name, eligibility and points, wrapped lines hanging under the name."""
    head = Table.grid(padding=(0, 1))
    head.add_column(no_wrap=True, style="bold")
    head.add_column(overflow="fold")
    head.add_row(
        f"  {result.degree.code}",
        Text.assemble(f"· {result.degree.name} · ", _eligibility(result), f" · {standing_words(result)}"),
    )
    return head


def _heading_style(heed: bool) -> str:
    return "bold yellow" if heed else "bold"


def _section(reasons: Reasons, cites: Citations) -> list[RenderableType]:
    heading = reasons.heading
    body: RenderableType = (
        _reasons(list(reasons.contributions), list(reasons.gates), cites)
        if reasons.contributions or reasons.gates
        else _empty(heading.empty)
    )
    return [Text(f"\n{heading.text}", style=_heading_style(heading.heed)), body]


def _empty(text: str, indent: int = 2) -> Padding:
    """What a section says when it lists nothing, its wrapped lines indented like its first."""
    return Padding(Text(text, style="dim"), (0, 0, 0, indent))


def _marker(points: float, indent: int) -> Text:
    return Text(f"{' ' * indent}{signed(points)}", style="green" if points > 0 else "red")


def _reason(item: Contribution, cites: Citations) -> Text:
    """A reason and its citation; a cost that rules the degree out is named a conflict."""
    text = reason_text(item)
    if item.rule.conflict:
        head, rest = text.split(" ", 1)
        return Text.assemble((head + " ", "bold red"), rest, cite_mark(item.rule.cite, cites))
    return Text.assemble(text, cite_mark(item.rule.cite, cites))


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
            counted.add_row(_marker(item.points, indent), _reason(item, cites))
        parts.append(counted)
    return Group(*parts)


def _hanging_grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def cite_mark(cite: Cite, cites: Citations) -> Text:
    """A citation's number after what it cites, and the AI tag when its source says it was written by AI."""
    mark = Text(f" [{cites.number(cite)}]", style="cyan")
    if cites.is_ai_written(cite):
        mark.append(f" {AI_WRITTEN_TAG}", style="dim")
    return mark


def _other_degree(degree: OtherDegree, empty: str, cites: Citations) -> Group:
    """A degree after the first: its gates and main reasons (two for, one against, its conflicts
    or its main cost), or that the sources say nothing for or against it."""
    result = degree.result
    head = _degree_head(result)
    conflicts = [c for c in degree.costs if c.rule.conflict]
    main = list(degree.counts_for[:2] + degree.counts_against[:1]) + (conflicts or list(degree.costs[:1]))
    parts: list[RenderableType] = [head]
    if result.gates or main:
        parts.append(_reasons(main, list(result.gates), cites, indent=4))
    if not result.evidence:
        parts.append(_empty(empty, 4))
    more = len(result.contributions) - len(main)
    if more:
        parts.append(Text(f"    and {more} more (--format markdown or json lists every reason)", style="dim"))
    return Group(*parts)


def _answers_table(part: AnswerRows, *, fancy: bool) -> Table:
    table = Table(title=part.heading.text, title_justify="left", box=box.SIMPLE if fancy else plain_box())
    table.add_column("Question", overflow="fold")
    table.add_column("Answer", overflow="fold")
    for question, answer in part.rows:
        table.add_row(question, answer)
    return table


def _sources(part: SourceList, cites: Citations) -> Group:
    """The sections the report cited, in number order, and what each of their sources is."""
    # A source a line, its name leading: the description wraps under it at any width (a column
    # as wide as the longest name would leave a narrow screen no room for the words).
    about = Table.grid(padding=(0, 1))
    about.add_column(no_wrap=True)
    about.add_column(overflow="fold")
    for source in cites.sources():
        said = " ".join(part for part in (f"{source.publisher}.", source.url, source.provenance) if part)
        about.add_row(" ", Text.assemble(f"{source.short}: ", (said, "dim")))
        if source.ai_written:
            about.add_row("", Text(ai_written_note(source), style="yellow"))
    return Group(citation_notes(cites, heading=part.heading.text), about)


def _recap(part: Recap, *, fancy: bool) -> RenderableType:
    """The recap in a box, so that the end of a long report on a screen says what it came to; the
    command for a copy on a line of its own, to be copied whole."""
    grid = _hanging_grid()
    for line in part.lines:
        grid.add_row("•", Text(line))
    grid.add_row("", Text(part.command, style="bold"))
    title = Text(part.heading.text, style="bold")
    return Group(
        Text(""), Panel(grid, title=title, title_align="left", box=box.ROUNDED if fancy else box.ASCII)
    )


def citation_notes(cites: Citations, *, heading: str = "Sources") -> Group:
    """The sections cited so far, in number order, under a Sources heading."""
    notes = Table.grid(padding=(0, 1))
    # As wide in every report: a list that cites [11] or not has its notes in the same column.
    notes.add_column(justify="right", no_wrap=True, style="cyan", min_width=len(f"  [{cites.highest}]"))
    notes.add_column(overflow="fold")
    for number, source, section in cites.notes():
        notes.add_row(f"  [{number}]", cited_section(source, section))
    return Group(Text(heading, style="bold"), notes)
