"""The report as Markdown, to paste into a note or send to a mentor."""

from __future__ import annotations

from typing import TextIO

from degreefit.engine import Contribution, DegreeResult
from degreefit.errors import assert_never
from degreefit.models import Cite, Gate
from degreefit.output import fitted
from degreefit.report import Report, signed
from degreefit.report.citations import Citations
from degreefit.report.outline import (
    AnswerRows,
    Breakdown,
    Bullets,
    Examples,
    Headline,
    LaterPaths,
    Made,
    OtherDegree,
    OtherDegrees,
    Ranking,
    Reasons,
    Recap,
    Silence,
    SourceList,
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


def render(report: Report, file: TextIO) -> None:
    """Write the whole report as a Markdown document."""
    file.write(fitted(to_markdown(report), file))


def to_markdown(report: Report) -> str:
    """The whole report as a Markdown document."""
    cites = Citations(report.ruleset)
    lines: list[str] = []
    for part in outline(report):
        if isinstance(part, Headline):
            lines += [f"# {part.title}", ""]
        elif isinstance(part, Made):
            lines += [f"*{part.text}*", ""]
        elif isinstance(part, Ranking):
            lines += _ranking(part)
        elif isinstance(part, TopPick):
            lines += _top_pick(part, cites)
        elif isinstance(part, TiedDegrees):
            lines += _tied(part, cites)
        elif isinstance(part, LaterPaths):
            lines += _later(part, cites)
        elif isinstance(part, Silence):
            lines += _silence(part)
        elif isinstance(part, Bullets):
            lines += ["", f"## {part.heading.text}", "", *_bullets(part, cites)]
        elif isinstance(part, Examples):
            lines += ["", f"## {part.heading.text}"]
            for code, shown in part.groups:
                lines += ["", f"**{code}**", "", *_bullets(Bullets(part.heading, shown), cites)]
        elif isinstance(part, OtherDegrees):
            lines += ["", f"## {part.heading.text}"]
            for degree in part.degrees:
                lines += _other(degree, part.heading.empty, cites)
        elif isinstance(part, Breakdown):
            lines += _breakdown(part, cites)
        elif isinstance(part, WhyNotDegree):
            lines += _why_not(part, cites)
        elif isinstance(part, AnswerRows):
            lines += ["", f"## {part.heading.text}", "", "| Question | Answer |", "|---|---|"]
            lines += [f"| {_cell(q)} | {_cell(a)} |" for q, a in part.rows]
        elif isinstance(part, SourceList):
            lines += _sources(part, cites)
        elif isinstance(part, Recap):  # for a screen; the document is the copy, so it asks for none
            lines += ["", f"## {part.heading.text}", "", *(f"- {line}" for line in part.lines)]
            lines += ["", f"    {part.command}"]
        else:
            assert_never(part)
    return "\n".join(lines) + "\n"


def _ranking(part: Ranking) -> list[str]:
    lines = ["| # | Degree | Name | Goals | Costs | Eligibility |", "|---:|---|---|---|---|---|"]
    for rank, result in zip(part.ranks, part.results, strict=True):
        lines.append(
            f"| {rank} | {_cell(result.degree.code)} | {_cell(result.degree.name)} | {goals_cell(result)} "
            f"| {costs_cell(result)} | {ELIGIBILITY_WORDS[result.eligibility]} |"
        )
    return [*lines, "", f"*{part.legend}*"]


def _about(result: DegreeResult) -> str:
    """A degree's code, name and points: "MMM: Master of Medical Management (goals +5, costs none)"."""
    return f"{result.degree.code}: {result.degree.name} ({standing_words(result, ', ')})"


def _top_pick(part: TopPick, cites: Citations) -> list[str]:
    top = part.result
    lines = ["", f"## {_about(top)}", "", f"*{top.degree.summary}*", "", f"**{part.firmness}**"]
    if part.rests_on is not None:
        lines += ["", f"### {part.rests_on.heading.text}", "", *_bullets(part.rests_on, cites)]
    for reasons in part.reasons:
        lines += _reasons(reasons, cites)
    return lines


def _tied(part: TiedDegrees, cites: Citations) -> list[str]:
    lines = ["", f"## {part.heading.text}", "", f"**{part.intro}**"]
    for degree in part.degrees:
        lines += ["", f"### {_about(degree.result)}"]
        for reasons in degree.reasons:
            lines += _reasons(reasons, cites, level="####")
        silent = [f"- {topic}" for topic in degree.silent] or [f"- {part.silent.empty}"]
        lines += ["", f"#### {part.silent.text}", "", *silent]
    return lines


def _later(part: LaterPaths, cites: Citations) -> list[str]:
    lines = ["", f"## {part.heading.text}"]
    for path in part.paths:
        lines += ["", f"### {_about(path.result)}, {ELIGIBILITY_WORDS[path.result.eligibility]}", ""]
        lines += [_gate(gate, cites) for gate in path.gates]
        lines += _reasons(path.counts_for, cites, level="####")
    return lines


def _silence(part: Silence) -> list[str]:
    lines = ["", f"## {part.heading.text}"]
    if part.nothing_counts:
        lines += ["", f"**{part.nothing_counts}**"]
    if part.rows:
        lines += ["", part.intro, "", "| Degree | The sources say nothing on |", "|---|---|"]
        lines += [f"| {_cell(code)} | {_cell('; '.join(topics))} |" for code, topics in part.rows]
    if part.unaddressed or part.not_considered:
        lines += ["", *(f"- {text}" for text in (*part.unaddressed, *part.not_considered))]
    return lines


def _bullets(part: Bullets, cites: Citations) -> list[str]:
    return [f"- {line.text}{'' if line.cite is None else _mark(line.cite, cites)}" for line in part.lines]


def _reasons(reasons: Reasons, cites: Citations, *, level: str = "###") -> list[str]:
    body = [_gate(g, cites) for g in reasons.gates] + [_reason(c, cites) for c in reasons.contributions]
    return ["", f"{level} {reasons.heading.text}", "", *(body or [f"- {reasons.heading.empty}"])]


def _breakdown(part: Breakdown, cites: Citations) -> list[str]:
    lines = ["", f"## {part.heading.text}"]
    for degree in part.degrees:
        lines += ["", f"### {degree.result.degree.code}", "", degree.sum]
        lines += [""] if degree.rules or degree.gates else []
        for fired in degree.rules:
            item = fired.contribution
            weight = f"{fired.weight}: " if fired.weight else ""
            conflict = ", a conflict" if item.rule.conflict else ""
            lines.append(
                f"- **{signed(item.points)}** {weight}`{item.rule.id}`{conflict} when {fired.condition}"
                f"{_mark(item.rule.cite, cites)}"
            )
        for applied in degree.gates:
            gate, mark = applied.gate, _mark(applied.gate.cite, cites)
            lines.append(f"- **{ELIGIBILITY_WORDS[gate.status]}** `{gate.id}` when {applied.condition}{mark}")
    return lines


def _why_not(part: WhyNotDegree, cites: Citations) -> list[str]:
    lines = ["", f"## {part.heading.text}", "", part.standing]
    lines += ["", *(_gate(g, cites) for g in part.gates)] if part.gates else []
    if part.against is not None:
        lines += ["", part.against.heading.text, ""]
        lines += [_reason(c, cites) for c in part.against.contributions]
    if part.missing is not None:
        lines += ["", part.missing.heading.text, ""]
        lines += [f"- **{signed(r.points)}** when {r.condition} (`{r.rule}`)" for r in part.missing.rules]
    lines += ["", f"**{part.verdict}**"]
    return lines


def _reason(contribution: Contribution, cites: Citations) -> str:
    mark = _mark(contribution.rule.cite, cites)
    return f"- **{signed(contribution.points)}** {reason_text(contribution)}{mark}"


def _gate(gate: Gate, cites: Citations) -> str:
    return f"- **{ELIGIBILITY_WORDS[gate.status]}**: {gate.reason}{_mark(gate.cite, cites)}"


def _mark(cite: Cite, cites: Citations) -> str:
    tag = f" *{AI_WRITTEN_TAG}*" if cites.is_ai_written(cite) else ""
    return f" [{cites.number(cite)}]{tag}"


def _other(degree: OtherDegree, empty: str, cites: Citations) -> list[str]:
    result = degree.result
    head = f"### {_about(result)}, {ELIGIBILITY_WORDS[result.eligibility]}"
    main = degree.counts_for + degree.counts_against + degree.costs
    body = [_gate(g, cites) for g in result.gates] + [_reason(c, cites) for c in main]
    if not result.evidence:
        body.append(f"- {empty}")
    return ["", head, "", *body]


def _sources(part: SourceList, cites: Citations) -> list[str]:
    lines = ["", f"## {part.heading.text}", ""]
    for number, source, section in cites.notes():
        # A bullet, not "2." of an ordered list: Markdown would renumber the list from its first item.
        lines.append(f"- [{number}] {cited_section(source, section)}")
    lines.append("")
    for source in cites.sources():
        said = " ".join(
            part
            for part in (f"{source.publisher}.", source.url and f"<{source.url}>", source.provenance)
            if part
        )
        lines.append(f"- **{source.short}**: {said}")
        if source.ai_written:
            lines.append(f"- {ai_written_note(source)}")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
