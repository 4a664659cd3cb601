"""The terminal report: the only module that imports rich.

On a terminal it draws colour, rounded boxes and bars; when stdout is not a terminal,
or NO_COLOR is set, the same report comes out as plain text: no escape codes at all.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from typing import Any, NamedTuple, TextIO

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from degreefit.answers import Answers
from degreefit.catalog import NOT_COVERED
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Explanation, WhyNot, listed
from degreefit.models import PROFILE_TOPICS, Cite, Degree, Fact, Gate, RuleSet
from degreefit.plaintext import can_print, fitted
from degreefit.report import (
    ELIGIBILITY_WORDS,
    Citations,
    ai_written_note,
    answer_rows,
    change_lines,
    counted,
    headline,
    margin_line,
    reasons_against,
    reasons_for,
    rests_on_heading,
    score_sum,
    why_not_verdict,
)

BAR_WIDTH = 10
# rich's SIMPLE box drawn with ASCII: a rule under the header and nothing else.
PLAIN_BOX = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)
ELIGIBILITY_STYLES = {"eligible": "green", "not_yet": "yellow", "ineligible": "red"}


def _show(file: TextIO, draw: Callable[[Console, bool], None]) -> None:
    """Draw on a terminal with colour and Unicode; otherwise plain: ASCII, no escape codes,
    no trailing spaces (rich pads every line to the width)."""
    probe = Console(file=file)
    # Text from the rule set is printed as written: `[/]` or `[bold]` in a name is no markup.
    literal: dict[str, Any] = {"highlight": False, "markup": False, "emoji": False}
    if probe.is_terminal and not os.environ.get("NO_COLOR") and can_print("█░•“”·−", file):
        draw(Console(file=file, **literal), True)
        return
    buffer = io.StringIO()
    draw(Console(file=buffer, width=probe.width, no_color=True, force_terminal=False, **literal), False)
    plain = "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    file.write(fitted(plain, file))


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
    _show(file, lambda console, fancy: _draw(console, report, fancy=fancy))


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
                    _cite_mark(item.rule.cite, cites),
                ),
            )
        for gate in result.gates:
            grid.add_row(
                Text(f"    {ELIGIBILITY_WORDS[gate.status]}", style=ELIGIBILITY_STYLES[gate.status]),
                Text.assemble(
                    (gate.id, "bold"),
                    f" (when {describe(gate.when, questions)})",
                    _cite_mark(gate.cite, cites),
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
        grid.add_row(" •", Text.assemble(note.text, about, _cite_mark(note.cite, cites)))
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
            grid.add_row("  •", Text.assemble(claim.says, _cite_mark(claim.cite, cites)))
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
            closed.add_row(marker, Text.assemble(gate.reason, _cite_mark(gate.cite, cites)))
        parts.append(closed)
    if items:
        counted = _hanging_grid()
        for item in items:
            sign = "+" if item.points > 0 else "−"
            marker = Text(
                f"{' ' * indent}{sign}{abs(item.points):g}", style="green" if item.points > 0 else "red"
            )
            counted.add_row(marker, Text.assemble(item.reason, _cite_mark(item.rule.cite, cites)))
        parts.append(counted)
    return Group(*parts)


def _hanging_grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column()
    return grid


def _cite_mark(cite: Cite, cites: Citations) -> Text:
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
    return Group(_citation_notes(cites), about)


def _facts(facts: tuple[Fact, ...], cites: Citations) -> Text:
    if not facts:
        return Text(NOT_COVERED, style="dim italic")
    text = Text()
    for number, fact in enumerate(facts):
        if number:
            text.append("\n")
        text.append_text(Text.assemble(fact.text, _cite_mark(fact.cite, cites)))
    return text


def _citation_notes(cites: Citations) -> Group:
    """The sections cited so far, in number order, under a Sources heading."""
    notes = Table.grid(padding=(0, 1))
    # As wide in every report: a list that cites [11] or not has its notes in the same column.
    notes.add_column(justify="right", no_wrap=True, style="cyan", min_width=len(f"  [{cites.highest}]"))
    notes.add_column()
    for number, source, section in cites.notes():
        tag = " (AI-written source)" if source.ai_written else ""
        notes.add_row(f"  [{number}]", f"{source.short}, “{source.title}”, section “{section}”{tag}")
    return Group(Text("Sources", style="bold"), notes)


def print_degrees(ruleset: RuleSet, *, file: TextIO) -> None:
    """The degrees side by side: who each is for, admission, duration."""
    _show(file, lambda console, fancy: _draw_degrees(console, ruleset, fancy=fancy))


def _draw_degrees(console: Console, ruleset: RuleSet, *, fancy: bool) -> None:
    cites = Citations(ruleset)
    table = Table(box=box.SIMPLE_HEAD if fancy else PLAIN_BOX, pad_edge=False, show_lines=True, expand=True)
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
    console.print(_citation_notes(cites))


def print_degree(ruleset: RuleSet, degree: Degree, *, file: TextIO) -> None:
    """One degree's whole profile, topic by topic, with citations."""
    _show(file, lambda console, fancy: _draw_degree(console, ruleset, degree, fancy=fancy))


def _draw_degree(console: Console, ruleset: RuleSet, degree: Degree, *, fancy: bool) -> None:
    cites = Citations(ruleset)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Summary", Text.assemble(degree.summary, _cite_mark(degree.cite, cites)))
    for topic, label in PROFILE_TOPICS.items():
        grid.add_row(label, _facts(getattr(degree.profile, topic), cites))
    title = f"{degree.code} · {degree.name}"
    console.print(Panel(grid, title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII))
    console.print(_citation_notes(cites))


def print_sources(ruleset: RuleSet, *, file: TextIO) -> None:
    """Each source: title, publisher, address, provenance and the sections rules cite."""
    _show(file, lambda console, fancy: _draw_sources(console, ruleset, fancy=fancy))


def _draw_sources(console: Console, ruleset: RuleSet, *, fancy: bool) -> None:
    for source in ruleset.sources:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        grid.add_row("Publisher", source.publisher)
        grid.add_row(
            "Address", source.url or Text("not given in the copy degreefit holds", style="dim italic")
        )
        grid.add_row("Provenance", source.provenance)
        if source.ai_written:
            grid.add_row("", Text(ai_written_note(source), style="yellow"))
        sections = Text()
        for number, section in enumerate(source.sections):
            sections.append(("\n" if number else "") + section.heading)
            if section.note:
                sections.append(f" ({section.note})", style="dim")
        grid.add_row("Sections", sections)
        title = f"{source.id} · {source.title}"
        console.print(
            Panel(grid, title=Text(title), title_align="left", box=box.ROUNDED if fancy else box.ASCII)
        )


def print_batch_summary(summary: dict[str, Any], *, file: TextIO) -> None:
    """The cohort at a glance: how many people each degree suits best, close calls, rejected rows."""
    _show(file, lambda console, fancy: _draw_batch_summary(console, summary, fancy=fancy))


def _draw_batch_summary(console: Console, summary: dict[str, Any], *, fancy: bool) -> None:
    table = Table(title="Cohort summary", title_justify="left", box=box.SIMPLE_HEAD if fancy else PLAIN_BOX)
    table.add_column("Best fit")
    table.add_column("People", justify="right")
    for code, count in summary["top"].items():
        table.add_row(code, f"{count:,}")
    if summary.get("none_open"):
        table.add_row("none open", f"{summary['none_open']:,}")
    console.print(table)
    rows, close = counted(summary["rows"], "row"), counted(summary["close_calls"], "close call")
    console.print(f"{rows}: {summary['scored']:,} scored, {summary['rejected']:,} rejected; {close}")


class BatchProgress:
    """A progress line on stderr while a batch runs: rows done and rows per second, and for an
    input file of known size, a bar, how much of it is read and the time left."""

    def __init__(
        self, file: TextIO, size: int | None = None, position: Callable[[], int] | None = None
    ) -> None:
        from rich.progress import (
            BarColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        known = bool(size) and position is not None
        console = Console(file=file)
        # "⠏ scoring ━━━╺━━━━ 9% · 38,000 rows · 24,832 rows/s · 0:00:15 left" for a file;
        # "⠏ scoring 38,000 rows · 24,832 rows/s · 0:00:01" for a pipe. On a narrow terminal
        # the bar goes first, then the rate and the time: "⠏ scoring 9% · 38,000 rows".
        narrow = console.width < 64
        columns: list[Any] = [SpinnerColumn(), TextColumn("scoring")]
        if known and console.width >= 84:
            columns.append(BarColumn(bar_width=24))
        if known:
            columns += [TaskProgressColumn(), TextColumn("·")]
        if narrow:
            columns.append(TextColumn("{task.fields[rows]} rows"))
        else:
            columns.append(TextColumn("{task.fields[rows]} rows{task.fields[rate]} ·"))
            columns += [TimeRemainingColumn(), TextColumn("left")] if known else [TimeElapsedColumn()]
        self._progress = Progress(*columns, console=console, transient=True)
        self._task = self._progress.add_task("batch", total=size if known else None, rows="0", rate="")
        self._position = position if known else None
        self._started = time.perf_counter()
        self._next = self._started  # when to show the count next
        self._done = 0

    def __enter__(self) -> BatchProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def advance(self) -> None:
        """Count one more row (and, ten times a second, show the count, the rate and the share read)."""
        self._done += 1
        now = time.perf_counter()
        if now < self._next:
            return
        self._next = now + 0.1
        rate = self._done / max(now - self._started, 1e-9)
        read = self._position() if self._position is not None else None
        self._progress.update(
            self._task, completed=read, rows=f"{self._done:,}", rate=f" · {rate:,.0f} rows/s"
        )
