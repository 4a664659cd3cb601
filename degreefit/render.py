"""The terminal report, drawn with rich.

On a terminal it draws colour, rounded boxes and bars; when stdout is not a terminal,
or NO_COLOR is set, the same report comes out as plain text: no escape codes at all.
"""

from __future__ import annotations

from typing import NamedTuple, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from degreefit.answers import Answers
from degreefit.conditions import by_id, describe
from degreefit.console import PLAIN_BOX, show
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Explanation, WhyNot, listed
from degreefit.models import Cite, Gate, RuleSet
from degreefit.report import (
    ELIGIBILITY_WORDS,
    Citations,
    ai_written_note,
    answer_rows,
    change_lines,
    headline,
    margin_line,
    reasons_against,
    reasons_for,
    rests_on_heading,
    score_sum,
    why_not_verdict,
)

BAR_WIDTH = 10


ELIGIBILITY_STYLES = {"eligible": "green", "not_yet": "yellow", "ineligible": "red"}


def print_report(
    recommendation: Recommendation,
    ruleset: RuleSet,
    answers: Answers,
    explanation: Explanation,
    *,
    file: TextIO,
) -> None:
    """Print the report for people: ranking, top pick, other degrees, what would change it, sources."""
    report = Report(recommendation, ruleset, answers, explanation)
    show(file, lambda console, fancy: _draw(console, report, fancy=fancy))


class Report(NamedTuple):
    """What one report shows."""

    recommendation: Recommendation
    ruleset: RuleSet
    answers: Answers
    explanation: Explanation


def _draw(console: Console, report: Report, *, fancy: bool) -> None:
    recommendation, ruleset, answers, explanation = report
    cites = Citations(ruleset)
    before, codes, after = headline(recommendation, explanation)
    console.print(Text.assemble(before, (codes, "bold"), after))
    console.print(_ranking_table(recommendation, fancy=fancy, width=console.width))
    console.print(_top_panel(report, cites, fancy=fancy))
    if explanation.unknowns:
        console.print(Text("What the sources do not say", style="bold"))
        console.print(_bullets([unknown.text for unknown in explanation.unknowns]))
        console.print()
    if recommendation.notes:
        console.print(Text("Worth knowing", style="bold"))
        console.print(_notes(recommendation, cites))
        console.print()
    console.print(Text("Other degrees", style="bold"))
    for result in recommendation.ranking[1:]:
        console.print(_other_degree(result, cites))
    console.print(Text("\nWhat would change the top pick", style="bold"))
    console.print(_bullets(change_lines(recommendation, answers, explanation)))
    if explanation.breakdown:
        console.print(_breakdown(recommendation, ruleset, cites))
    if explanation.why_not is not None:
        console.print(_why_not(explanation.why_not, report, cites))
    console.print()
    console.print(_answers_table(ruleset, answers, fancy=fancy))
    console.print(_sources(cites))


def _bullets(lines: list[str], *, style: str = "") -> Table:
    """Lines as a list whose wrapped lines hang under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(style=style)
    for line in lines:
        grid.add_row(" •", line)
    return grid


def _breakdown(recommendation: Recommendation, ruleset: RuleSet, cites: Citations) -> Group:
    """Every rule that fired for each degree, its points and condition, adding up to the score."""
    questions = by_id(ruleset.questions)
    parts: list[RenderableType] = [Text("\nHow each score adds up", style="bold")]
    for result in recommendation.ranking:
        line = Table.grid(padding=(0, 1))  # a long sum wraps under itself, not at the margin
        line.add_column(no_wrap=True)
        line.add_column()
        line.add_row(
            Text(f"  {result.degree.code}:", style="bold"), Text(score_sum(result, ruleset), style="bold")
        )
        parts.append(line)
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column()
        for item in result.contributions:
            sign, style = ("+", "green") if item.points > 0 else ("−", "red")
            grid.add_row(
                Text(f"    {sign}{abs(item.points):g}", style=style),
                Text.assemble(
                    (item.rule.id, "bold"),
                    f" (when {describe(item.rule.when, questions)})",
                    cite_mark(item.rule.cite, cites),
                ),
            )
        for gate in result.gates:
            grid.add_row(
                Text(f"    {ELIGIBILITY_WORDS[gate.status]}", style=ELIGIBILITY_STYLES[gate.status]),
                Text.assemble(
                    (gate.id, "bold"),
                    f" (when {describe(gate.when, questions)})",
                    cite_mark(gate.cite, cites),
                ),
            )
        if result.contributions or result.gates:
            parts.append(grid)
    return Group(*parts)


def _why_not(why: WhyNot, report: Report, cites: Citations) -> Group:
    questions = by_id(report.ruleset.questions)
    code = why.result.degree.code
    top = report.recommendation.top.degree.code
    parts: list[RenderableType] = [
        Text(f"\nWhy not {code}?", style="bold"),
        Text(f"  It ranks {why.rank} of {len(report.recommendation.ranking)}, score {why.result.score:.1f}."),
    ]
    if why.result.gates:
        parts.append(_reasons([], list(why.result.gates), cites))
    if why.against:
        parts += [Text("  What counts against it:"), _reasons(why.against, [], cites, indent=4)]
    if why.missing:
        parts.append(Text("  What would count for it, and did not:"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, style="green")
        grid.add_column()
        for rule in why.missing:
            grid.add_row(f"    +{rule.effects[code]:g}", f"when {describe(rule.when, questions)} ({rule.id})")
        parts.append(grid)
    parts.append(_bullets([why_not_verdict(why, report.answers.values, top)], style="bold"))
    return Group(*parts)


NARROW = 64  # columns below which the ranking drops the degrees' full names and the bars
VERY_NARROW = 40  # and below which it is no table, one degree a line


def _ranking_table(recommendation: Recommendation, *, fancy: bool, width: int) -> RenderableType:
    if width < VERY_NARROW:  # no table fits: one degree a line, its code and score whole
        return Group(
            *(
                Text.assemble(
                    f"{rank}. ",
                    (result.degree.code, "bold"),
                    f" {result.score:.1f} ",
                    (ELIGIBILITY_WORDS[result.eligibility], ELIGIBILITY_STYLES[result.eligibility]),
                )
                for rank, result in enumerate(recommendation.ranking, start=1)
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
    for rank, result in enumerate(recommendation.ranking, start=1):
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


def _notes(recommendation: Recommendation, cites: Citations) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for note in recommendation.notes:
        about = f" ({listed(note.degrees)})" if note.degrees else ""
        grid.add_row(" •", Text.assemble(note.text, about, cite_mark(note.cite, cites)))
    return grid


def _top_panel(report: Report, cites: Citations, *, fancy: bool) -> Panel:
    recommendation, explanation = report.recommendation, report.explanation
    top = recommendation.top
    parts: list[RenderableType] = [
        Text(top.degree.summary, style="italic"),
        Text(f"\n{margin_line(recommendation, explanation)}", style="bold"),
    ]
    if explanation.rests_on:
        parts.append(
            Text(f"\n{rests_on_heading(recommendation, len(explanation.rests_on))}", style="bold yellow")
        )
        grid = _hanging_grid()
        for claim in explanation.rests_on:
            grid.add_row("  •", Text.assemble(claim.says, cite_mark(claim.cite, cites)))
        parts.append(grid)
    parts += _section("Why it fits", reasons_for(top), cites, empty="No rule counted for it.")
    parts += _section(
        "What counts against it", reasons_against(top), cites, empty="Nothing counted against it."
    )
    if top.gates:
        parts += [Text("\nBefore you can enrol", style="bold yellow"), _reasons([], list(top.gates), cites)]
    title = f"{top.degree.code} · {top.degree.name} · score {top.score:.1f}"
    return Panel(
        Group(*parts), title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII
    )


def _section(
    heading: str, items: list[Contribution], cites: Citations, *, empty: str
) -> list[RenderableType]:
    body: RenderableType = _reasons(items, [], cites) if items else Text(f"  {empty}", style="dim")
    return [Text(f"\n{heading}", style="bold"), body]


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
    mark = Text(f" [{cites.number(cite)}]", style="cyan")
    if cites.is_ai_written(cite):
        mark.append(" (AI-written source)", style="dim")
    return mark


def _other_degree(result: DegreeResult, cites: Citations) -> Group:
    head = Text.assemble(
        ("  " + result.degree.code, "bold"),
        f" · {result.degree.name} · score {result.score:.1f}",
        (f" · {ELIGIBILITY_WORDS[result.eligibility]}", ELIGIBILITY_STYLES[result.eligibility]),
    )
    main = reasons_for(result)[:2] + reasons_against(result)[:1]
    if not main and not result.gates:
        return Group(head, Text("    No rule counted for or against it.", style="dim"))
    parts: list[RenderableType] = [head, _reasons(main, list(result.gates), cites, indent=4)]
    more = len(result.contributions) - len(main)
    if more:
        parts.append(Text(f"    and {more} more (--format markdown or json lists every reason)", style="dim"))
    return Group(*parts)


def _answers_table(ruleset: RuleSet, answers: Answers, *, fancy: bool) -> Table:
    table = Table(title="Your answers", title_justify="left", box=box.SIMPLE if fancy else PLAIN_BOX)
    table.add_column("Question")
    table.add_column("Answer")
    for question, answer in answer_rows(ruleset, answers):
        table.add_row(question, answer)
    return table


def _sources(cites: Citations) -> Group:
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
    return Group(citation_notes(cites), about)


def citation_notes(cites: Citations) -> Group:
    """The sections cited so far, in number order, under a Sources heading."""
    notes = Table.grid(padding=(0, 1))
    # As wide in every report: a list that cites [11] or not has its notes in the same column.
    notes.add_column(justify="right", no_wrap=True, style="cyan", min_width=len(f"  [{cites.highest}]"))
    notes.add_column()
    for number, source, section in cites.notes():
        tag = " (AI-written source)" if source.ai_written else ""
        notes.add_row(f"  [{number}]", f"{source.short}, “{source.title}”, section “{section}”{tag}")
    return Group(Text("Sources", style="bold"), notes)
