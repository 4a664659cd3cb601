"""The outline of a report: the sections every format shows, in order, each with its heading, its
text for when it lists nothing, and what it lists. A format (degreefit/formats/) only styles the
parts of `outline(report)`; the sentences in them come from degreefit/report/wording.py."""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from degreefit import __version__
from degreefit.answers import Answers
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Disputed, Explanation, WhyNot
from degreefit.models import Cite, Gate, RuleSet
from degreefit.report import Report, costs_of, nothing_counts, ranks, reasons_against, reasons_for
from degreefit.report.wording import (
    COPY_COMMAND,
    COPY_LINE,
    LEGEND,
    change_heading,
    change_lines,
    document_title,
    example_line,
    firmness,
    headline,
    made_line,
    next_steps,
    note_line,
    nothing_counts_line,
    points_sum,
    readable_answer,
    recap_pick,
    rests_on_heading,
    silent_line,
    tie_line,
    unaddressed_line,
    weight,
    why_not_standing,
    why_not_verdict,
)


class Heading(NamedTuple):
    """A section's heading, and what the section says when it lists nothing."""

    text: str
    empty: str = ""  # only for a section shown even when empty; the outline leaves out the others
    heed: bool = False  # a warning the reader should not miss: a format may set it apart


WHY_IT_FITS = Heading("Why it fits", empty="No rule counted for it.")
COUNTS_FOR = Heading("What counts for it", empty="Nothing counted for it.")
COUNTS_AGAINST = Heading("What counts against it", empty="Nothing counted against it on your goals.")
COSTS_AND_CAVEATS = Heading("Costs and caveats", empty="The sources document no cost of it for your answers.")
BEFORE_YOU_ENROL = Heading("Before you can enrol", heed=True)
SILENT_ABOUT_IT = Heading("What the sources do not say about it", empty="They speak to each limit you gave.")
TIED_FOR_FIRST = Heading("Tied for first")
LATER_PATHS = Heading("Later paths")
COUNTS_FOR_LATER = Heading(
    "What counts for or against it already", empty="Nothing yet, for your answers as they stand."
)
UNKNOWNS = Heading("What the sources do not say")
WORTH_KNOWING = Heading("Worth knowing")
WHAT_PROGRAMS_SHOW = Heading("What programs show")
SOURCES_DISAGREE = Heading("Where sources disagree")
NO_EVIDENCE = "The sources say nothing for or against it for your answers."
OTHER_DEGREES = Heading("Other degrees", empty=NO_EVIDENCE)  # said of a degree no rule counted for or against
HOW_POINTS_ADD_UP = Heading("How each degree's points add up")
WHY_NOT_AGAINST = Heading("What counts against it:")
WHY_NOT_MISSING = Heading("What would count for it, and did not:")
NEXT_STEPS = Heading("What to do next")
YOUR_ANSWERS = Heading("Your answers")
SOURCES = Heading("Sources")
IN_SHORT = Heading("In short")


class Line(NamedTuple):
    """One line of a list, and the section of a source it rests on (if it cites one)."""

    text: str
    cite: Cite | None = None


class Headline(NamedTuple):
    """The first line: `spoken` (before, the degree codes, after) opens a report on a console,
    `title` titles a document (the same news, as a heading)."""

    spoken: tuple[str, str, str]
    title: str


class Made(NamedTuple):
    """When the report was made, by which version of degreefit, with which rules."""

    text: str


class Ranking(NamedTuple):
    """Every degree, best first, with its rank (degrees that place alike share one), and the line
    that says how the order is made."""

    results: tuple[DegreeResult, ...]
    ranks: tuple[int, ...]
    legend: str


class Examples(NamedTuple):
    """What programs' own pages show for the person, a degree at a time, in ranking order: each
    degree's code and its lines (a line a program's fact, with its year and cite)."""

    heading: Heading
    groups: tuple[tuple[str, tuple[Line, ...]], ...]


class Bullets(NamedTuple):
    """A list of lines under a heading."""

    heading: Heading
    lines: tuple[Line, ...]


class Reasons(NamedTuple):
    """Gates, then the rules that counted (strongest first), under a heading."""

    heading: Heading
    gates: tuple[Gate, ...] = ()
    contributions: tuple[Contribution, ...] = ()


class TopPick(NamedTuple):
    """The best fit: its summary, how firm the pick is, the claims it rests on, its reasons."""

    result: DegreeResult
    firmness: str
    rests_on: Bullets | None
    reasons: tuple[Reasons, ...]


class TiedDegree(NamedTuple):
    """One of the degrees tied for first: what counts for and against it, its costs, and the
    topics of the person's limits the sources say nothing about for it."""

    result: DegreeResult
    reasons: tuple[Reasons, ...]
    silent: tuple[str, ...]


class TiedDegrees(NamedTuple):
    """The degrees tied for first, side by side, after a sentence on why they are level."""

    heading: Heading
    intro: str
    degrees: tuple[TiedDegree, ...]
    silent: Heading = SILENT_ABOUT_IT


class LaterPath(NamedTuple):
    """A degree not open yet: what it asks for first, and what counts for or against it already."""

    result: DegreeResult
    gates: tuple[Gate, ...]
    counts_for: Reasons


class LaterPaths(NamedTuple):
    """The degrees not open yet, best first."""

    heading: Heading
    paths: tuple[LaterPath, ...]


class Silence(NamedTuple):
    """What the sources do not say, said once: whether nothing counts for any open degree, the
    topics each degree's sources are silent on, and the person's goals no degree is linked to."""

    heading: Heading
    nothing_counts: str  # empty unless no rule counts for any degree open now
    intro: str
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # a degree's code, and the topics silent for it
    unaddressed: tuple[str, ...]
    not_considered: tuple[str, ...] = ()  # what an answer left open kept the advice from weighing


class OtherDegree(NamedTuple):
    """A degree after the first: what counted for and against it (strongest first), its costs."""

    result: DegreeResult
    counts_for: tuple[Contribution, ...]
    counts_against: tuple[Contribution, ...]
    costs: tuple[Contribution, ...] = ()


class OtherDegrees(NamedTuple):
    """The degrees after the first (not those tied for it, nor the later paths), in ranking order."""

    heading: Heading
    degrees: tuple[OtherDegree, ...]


class RuleFired(NamedTuple):
    """A rule that fired for a degree, with its condition in words and its claim's weight."""

    contribution: Contribution
    condition: str
    weight: str = ""


class GateFired(NamedTuple):
    """A gate that applies to a degree, with its condition in words."""

    gate: Gate
    condition: str


class PointsSum(NamedTuple):
    """How one degree's points add up: the sums in words, then each rule (goals, then costs, in
    rule-set order) and gate."""

    result: DegreeResult
    sum: str
    rules: tuple[RuleFired, ...]
    gates: tuple[GateFired, ...]


class Breakdown(NamedTuple):
    """--explain: how each degree's points add up, in ranking order."""

    heading: Heading
    degrees: tuple[PointsSum, ...]


class RuleMissed(NamedTuple):
    """A rule for a degree that did not fire: its id, the points it would give, its condition."""

    rule: str
    points: float
    condition: str


class MissedRules(NamedTuple):
    """Rules for a degree that did not fire, biggest first, under a heading."""

    heading: Heading
    rules: tuple[RuleMissed, ...]


class WhyNotDegree(NamedTuple):
    """--why-not: where a degree stands, what holds it back, and the verdict."""

    heading: Heading
    standing: str
    gates: tuple[Gate, ...]
    against: Reasons | None
    missing: MissedRules | None
    verdict: str


class AnswerRows(NamedTuple):
    """(question, readable answer) for every answer, in question order."""

    heading: Heading
    rows: tuple[tuple[str, str], ...]


class SourceList(NamedTuple):
    """The sections the report cited: known only once the parts above it are drawn (see Citations)."""

    heading: Heading


class Recap(NamedTuple):
    """The end of a report read on a screen, where the pick has scrolled away: the pick (or the tie,
    or that none is open), the first thing that would change it, and how to get a copy: the
    command for it apart, to be shown whole."""

    heading: Heading
    lines: tuple[str, ...]
    command: str


Part: TypeAlias = (
    Headline
    | Made
    | Ranking
    | TopPick
    | TiedDegrees
    | LaterPaths
    | Silence
    | Bullets
    | Examples
    | OtherDegrees
    | Breakdown
    | WhyNotDegree
    | AnswerRows
    | SourceList
    | Recap
)


def outline(report: Report, *, recap: bool = False) -> tuple[Part, ...]:
    """The parts of a report, in the order every format shows them; a part with nothing to
    list is left out unless its heading has a text for when it is empty. `recap` ends it with a
    recap, for a report read on a screen (the text report), not for the copy that is sent on."""
    recommendation, explanation = report.recommendation, report.explanation
    standings = recommendation.standings
    placed = ranks(recommendation)
    parts: list[Part] = [
        Headline(headline(recommendation, explanation), document_title(recommendation, explanation)),
        Made(made_line(report.made, __version__, report.ruleset)),
        Ranking(recommendation.ranking, tuple(placed[r.degree.code] for r in recommendation.ranking), LEGEND),
    ]
    if recommendation.top is not None:
        parts.append(_top_pick(recommendation.top, recommendation, explanation))
    elif standings.tied:
        parts.append(_tied(recommendation, explanation))
    if standings.later:
        parts.append(_later(recommendation))
    silence = _silence(recommendation, explanation)
    if silence.nothing_counts or silence.rows or silence.unaddressed or silence.not_considered:
        parts.append(silence)
    if explanation.disputes:
        parts.append(
            Bullets(SOURCES_DISAGREE, tuple(line for d in explanation.disputes for line in dispute_lines(d)))
        )
    if explanation.examples:
        parts.append(_examples(recommendation, explanation))
    disputed = {claim.id for d in explanation.disputes for claim in (d.followed, d.other)}
    general = tuple(n for n in recommendation.notes if not n.program and n.claim not in disputed)
    if general:
        parts.append(Bullets(WORTH_KNOWING, tuple(Line(note_line(n), n.cite) for n in general)))
    others = tuple(
        OtherDegree(
            result, tuple(reasons_for(result)), tuple(reasons_against(result)), tuple(costs_of(result))
        )
        for result in recommendation.ranking
        if result.degree.code not in standings.first + standings.later
    )
    if others:
        parts.append(OtherDegrees(OTHER_DEGREES, others))
    questions = by_id(report.ruleset.questions)
    changes = change_lines(recommendation, report.answers, explanation, questions=questions)
    change = change_heading(recommendation)
    parts.append(Bullets(Heading(change), tuple(Line(text) for text in changes)))
    if explanation.breakdown:
        parts.append(_breakdown(recommendation, report.ruleset))
    if explanation.why_not is not None:
        parts.append(_why_not(explanation.why_not, report))
    steps = next_steps(report)
    if steps:
        parts.append(Bullets(NEXT_STEPS, tuple(Line(step.text, step.cite) for step in steps)))
    parts.append(AnswerRows(YOUR_ANSWERS, tuple(answer_rows(report.ruleset, report.answers))))
    parts.append(SourceList(SOURCES))
    if recap:
        lines = (recap_pick(recommendation, explanation), f"{change}: {changes[0]}", COPY_LINE)
        parts.append(Recap(IN_SHORT, lines, COPY_COMMAND))
    return tuple(parts)


def answer_rows(ruleset: RuleSet, answers: Answers) -> list[tuple[str, str]]:
    """(question, readable answer) for every answer, in question order."""
    return [
        (q.title(), readable_answer(q, answers.values[q.id]))
        for q in ruleset.questions
        if q.id in answers.values
    ]


def silent_topics(explanation: Explanation) -> dict[str, tuple[str, ...]]:
    """The topics of the person's limits the sources say nothing about, by degree."""
    found: dict[str, list[str]] = {}
    for unknown in explanation.unknowns:
        constraint = unknown.question.constraint
        topic = constraint.topic if constraint is not None and constraint.topic else unknown.question.title()
        for code in unknown.degrees:
            found.setdefault(code, []).append(topic)
    return {code: tuple(topics) for code, topics in found.items()}


def _top_pick(top: DegreeResult, recommendation: Recommendation, explanation: Explanation) -> TopPick:
    rests_on = None
    if explanation.rests_on:
        heading = Heading(rests_on_heading(recommendation, len(explanation.rests_on)), heed=True)
        rests_on = Bullets(heading, tuple(Line(claim.says, claim.cite) for claim in explanation.rests_on))
    reasons = [
        Reasons(WHY_IT_FITS, contributions=tuple(reasons_for(top))),
        Reasons(COUNTS_AGAINST, contributions=tuple(reasons_against(top))),
        Reasons(COSTS_AND_CAVEATS, contributions=tuple(costs_of(top))),
    ]
    if top.gates:
        reasons.append(Reasons(BEFORE_YOU_ENROL, gates=top.gates))
    return TopPick(top, firmness(recommendation, explanation), rests_on, tuple(reasons))


def _tied(recommendation: Recommendation, explanation: Explanation) -> TiedDegrees:
    silent = silent_topics(explanation)
    degrees = tuple(
        TiedDegree(
            result,
            (
                Reasons(COUNTS_FOR, contributions=tuple(reasons_for(result))),
                Reasons(COUNTS_AGAINST, contributions=tuple(reasons_against(result))),
                Reasons(COSTS_AND_CAVEATS, contributions=tuple(costs_of(result))),
            ),
            silent.get(result.degree.code, ()),
        )
        for result in recommendation.first
    )
    return TiedDegrees(TIED_FOR_FIRST, tie_line(recommendation), degrees)


def _later(recommendation: Recommendation) -> LaterPaths:
    paths = tuple(
        LaterPath(
            result,
            tuple(g for g in result.gates if g.status == "not_yet"),
            Reasons(
                COUNTS_FOR_LATER,
                contributions=(*reasons_for(result), *reasons_against(result), *costs_of(result)),
            ),
        )
        for result in (recommendation.result(code) for code in recommendation.standings.later)
    )
    return LaterPaths(LATER_PATHS, paths)


def _silence(recommendation: Recommendation, explanation: Explanation) -> Silence:
    """Said once: the tied degrees' silent topics are shown beside them, not again here."""
    shown = recommendation.standings.first if recommendation.standings.tied else ()
    silent = silent_topics(explanation)
    rows = tuple(
        (r.degree.code, silent[r.degree.code])
        for r in recommendation.ranking
        if r.degree.code in silent and r.degree.code not in shown
    )
    return Silence(
        UNKNOWNS,
        nothing_counts_line(recommendation) if nothing_counts(recommendation) else "",
        silent_line(),
        rows,
        tuple(unaddressed_line(item) for item in explanation.unaddressed),
        explanation.not_considered,
    )


def _examples(recommendation: Recommendation, explanation: Explanation) -> Examples:
    """Programs' facts grouped under their degree, the degrees in ranking order."""
    groups = []
    for result in recommendation.ranking:
        code = result.degree.code
        lines = tuple(Line(example_line(c), c.cite) for c in explanation.examples if code in c.degrees)
        if lines:
            groups.append((code, lines))
    return Examples(WHAT_PROGRAMS_SHOW, tuple(groups))


def dispute_lines(dispute: Disputed) -> tuple[Line, Line, Line]:
    """A disagreement as three lines: what the advice follows and what the other source says,
    each citing its side, then why the advice follows the first (degreefit's reading, uncited)."""
    followed, other = dispute.followed, dispute.other
    if dispute.both:
        return (
            Line(f"{followed.says} This counts.", followed.cite),
            Line(f"Another source points elsewhere, and counts too: {other.says}", other.cite),
            Line(f"Why: {dispute.why}"),
        )
    return (
        Line(f"{followed.says} The advice follows this.", followed.cite),
        Line(f"Another source says otherwise: {other.says}", other.cite),
        Line(f"Why: {dispute.why}"),
    )


def _breakdown(recommendation: Recommendation, ruleset: RuleSet) -> Breakdown:
    questions = by_id(ruleset.questions)
    degrees = tuple(
        PointsSum(
            result,
            points_sum(result),
            tuple(
                RuleFired(c, describe(c.rule.when, questions), weight(c.rule, ruleset))
                for account in ("goals", "costs")
                for c in result.contributions
                if c.rule.bears_on == account
            ),
            tuple(GateFired(g, describe(g.when, questions)) for g in result.gates),
        )
        for result in recommendation.ranking
    )
    return Breakdown(HOW_POINTS_ADD_UP, degrees)


def _why_not(why: WhyNot, report: Report) -> WhyNotDegree:
    questions = by_id(report.ruleset.questions)
    code = why.result.degree.code
    recommendation = report.recommendation
    missing = tuple(RuleMissed(r.id, r.effects[code], describe(r.when, questions)) for r in why.missing)
    first = recommendation.standings.first
    return WhyNotDegree(
        Heading(f"Why not {code}?"),
        why_not_standing(why, recommendation),
        why.result.gates,
        Reasons(WHY_NOT_AGAINST, contributions=tuple(why.against)) if why.against else None,
        MissedRules(WHY_NOT_MISSING, missing) if missing else None,
        why_not_verdict(why, report.answers.values, first, questions=questions),
    )
