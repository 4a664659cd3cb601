"""The report as Markdown, to paste into a note or send to a mentor."""

from __future__ import annotations

from degreefit.answers import Answers
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Explanation, WhyNot, listed
from degreefit.models import Cite, Gate, RuleSet
from degreefit.report import (
    ELIGIBILITY_WORDS,
    Citations,
    ai_written_note,
    answer_rows,
    change_lines,
    margin_line,
    reasons_against,
    reasons_for,
    rests_on_heading,
    score_sum,
    why_not_verdict,
)


def to_markdown(
    recommendation: Recommendation, ruleset: RuleSet, answers: Answers, explanation: Explanation
) -> str:
    """The whole report as a Markdown document."""
    cites = Citations(ruleset)
    top = recommendation.top
    if explanation.tied:
        tied = listed([f"the {code}" for code in explanation.tied])
        lines = [f"# degreefit: a tie for best fit between {tied}", ""]
    else:
        lines = [f"# degreefit: best fit is the {top.degree.code} ({top.degree.name})", ""]
    lines += ["| # | Degree | Name | Score | Eligibility |", "|---:|---|---|---:|---|"]
    for rank, result in enumerate(recommendation.ranking, start=1):
        lines.append(
            f"| {rank} | {result.degree.code} | {result.degree.name} | {result.score:.1f} "
            f"| {ELIGIBILITY_WORDS[result.eligibility]} |"
        )
    lines += [
        "",
        f"## {top.degree.code}: {top.degree.name} (score {top.score:.1f})",
        "",
        f"*{top.degree.summary}*",
        "",
        f"**{margin_line(recommendation, explanation)}**",
    ]
    if explanation.rests_on:
        lines += ["", f"### {rests_on_heading(recommendation, len(explanation.rests_on))}", ""]
        lines += [f"- {claim.says}{_mark(claim.cite, cites)}" for claim in explanation.rests_on]
    lines += _list("Why it fits", reasons_for(top), cites, "No rule counted for it.")
    lines += _list("What counts against it", reasons_against(top), cites, "Nothing counted against it.")
    if top.gates:
        lines += ["", "### Before you can enrol", ""] + [_gate(g, cites) for g in top.gates]
    if explanation.unknowns:
        lines += ["", "## What the sources do not say", ""]
        lines += [f"- {unknown.text}" for unknown in explanation.unknowns]
    if recommendation.notes:
        lines += ["", "## Worth knowing", ""]
        for note in recommendation.notes:
            about = f" ({listed(note.degrees)})" if note.degrees else ""
            lines.append(f"- {note.text}{about}{_mark(note.cite, cites)}")
    lines += ["", "## Other degrees"]
    for result in recommendation.ranking[1:]:
        lines += _other(result, cites)
    lines += ["", "## What would change the top pick", ""]
    lines += [f"- {line}" for line in change_lines(recommendation, answers, explanation)]
    if explanation.breakdown:
        lines += _breakdown(recommendation, ruleset, cites)
    if explanation.why_not is not None:
        lines += _why_not(explanation.why_not, recommendation, ruleset, answers, cites)
    lines += ["", "## Your answers", "", "| Question | Answer |", "|---|---|"]
    lines += [f"| {_cell(q)} | {_cell(a)} |" for q, a in answer_rows(ruleset, answers)]
    lines += ["", "## Sources", ""]
    for number, source, section in cites.notes():
        tag = " (AI-written source)" if source.ai_written else ""
        # A bullet, not "2." of an ordered list: Markdown would renumber the list from its first item.
        lines.append(f"- [{number}] {source.short}, “{source.title}”, section “{section}”{tag}")
    lines.append("")
    for source in cites.sources():
        where = f" <{source.url}>" if source.url else ""
        lines.append(f"- **{source.short}**: {source.publisher}.{where} {source.provenance}")
        if source.ai_written:
            lines.append(f"- {ai_written_note(source)}")
    return "\n".join(lines) + "\n"


def _breakdown(recommendation: Recommendation, ruleset: RuleSet, cites: Citations) -> list[str]:
    questions = by_id(ruleset.questions)
    lines = ["", "## How each score adds up"]
    for result in recommendation.ranking:
        lines += ["", f"### {result.degree.code}", "", score_sum(result, ruleset), ""]
        for item in result.contributions:
            sign = "+" if item.points > 0 else "−"
            condition, mark = describe(item.rule.when, questions), _mark(item.rule.cite, cites)
            lines.append(f"- **{sign}{abs(item.points):g}** `{item.rule.id}` when {condition}{mark}")
        for gate in result.gates:
            condition, mark = describe(gate.when, questions), _mark(gate.cite, cites)
            lines.append(f"- **{ELIGIBILITY_WORDS[gate.status]}** `{gate.id}` when {condition}{mark}")
    return lines


def _why_not(
    why: WhyNot, recommendation: Recommendation, ruleset: RuleSet, answers: Answers, cites: Citations
) -> list[str]:
    questions = by_id(ruleset.questions)
    code = why.result.degree.code
    lines = ["", f"## Why not {code}?", ""]
    lines.append(f"It ranks {why.rank} of {len(recommendation.ranking)}, score {why.result.score:.1f}.")
    lines += [""] + [_gate(g, cites) for g in why.result.gates]
    if why.against:
        lines += ["", "What counts against it:", ""] + [_reason(c, cites) for c in why.against]
    if why.missing:
        lines += ["", "What would count for it, and did not:", ""]
        lines += [
            f"- **+{r.effects[code]:g}** when {describe(r.when, questions)} (`{r.id}`)" for r in why.missing
        ]
    lines += ["", f"**{why_not_verdict(why, answers.values, recommendation.top.degree.code)}**"]
    return lines


def _list(heading: str, items: list[Contribution], cites: Citations, empty: str) -> list[str]:
    body = [_reason(c, cites) for c in items] or [f"- {empty}"]
    return ["", f"### {heading}", "", *body]


def _reason(contribution: Contribution, cites: Citations) -> str:
    sign = "+" if contribution.points > 0 else "−"
    rule = contribution.rule
    return f"- **{sign}{abs(contribution.points):g}** {contribution.reason}{_mark(rule.cite, cites)}"


def _gate(gate: Gate, cites: Citations) -> str:
    return f"- **{ELIGIBILITY_WORDS[gate.status]}**: {gate.reason}{_mark(gate.cite, cites)}"


def _mark(cite: Cite, cites: Citations) -> str:
    tag = " *(AI-written source)*" if cites.is_ai_written(cite) else ""
    return f" [{cites.number(cite)}]{tag}"


def _other(result: DegreeResult, cites: Citations) -> list[str]:
    head = f"### {result.degree.code}: {result.degree.name} (score {result.score:.1f}, "
    head += f"{ELIGIBILITY_WORDS[result.eligibility]})"
    main = reasons_for(result) + reasons_against(result)
    body = [_gate(g, cites) for g in result.gates] + [_reason(c, cites) for c in main]
    return ["", head, "", *(body or ["- No rule counted for or against it."])]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
