"""The outline of a report: the sections every format shows, in order, each with its heading, its
text for when it lists nothing, and what it lists. A format (degreefit/formats/) only styles the
parts of `outline(report)`; the sentences in them come from degreefit/wording.py."""

from __future__ import annotations

from typing import NamedTuple, TypeAlias

from degreefit.answers import Answers
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Explanation, WhyNot
from degreefit.models import Cite, Gate, RuleSet
from degreefit.report import Report, reasons_against, reasons_for
from degreefit.wording import (
    change_lines,
    document_title,
    headline,
    margin_line,
    note_line,
    readable_answer,
    rests_on_heading,
    score_sum,
    why_not_standing,
    why_not_verdict,
)


class Heading(NamedTuple):
    """A section's heading, and what the section says when it lists nothing."""

    text: str
    empty: str = ""  # only for a section shown even when empty; the outline leaves out the others
    heed: bool = False  # a warning the reader should not miss: a format may set it apart


WHY_IT_FITS = Heading("Why it fits", empty="No rule counted for it.")
COUNTS_AGAINST = Heading("What counts against it", empty="Nothing counted against it.")
BEFORE_YOU_ENROL = Heading("Before you can enrol", heed=True)
UNKNOWNS = Heading("What the sources do not say")
WORTH_KNOWING = Heading("Worth knowing")
OTHER_DEGREES = Heading("Other degrees", empty="No rule counted for or against it.")  # said of a degree
WHAT_WOULD_CHANGE = Heading("What would change the top pick")
HOW_SCORES_ADD_UP = Heading("How each score adds up")
WHY_NOT_AGAINST = Heading("What counts against it:")
WHY_NOT_MISSING = Heading("What would count for it, and did not:")
YOUR_ANSWERS = Heading("Your answers")
SOURCES = Heading("Sources")


class Line(NamedTuple):
    """One line of a list, and the section of a source it rests on (if it cites one)."""

    text: str
    cite: Cite | None = None


class Headline(NamedTuple):
    """The first line: `spoken` (before, the degree codes, after) opens a report on a console,
    `title` titles a document (the same news, as a heading)."""

    spoken: tuple[str, str, str]
    title: str


class Ranking(NamedTuple):
    """Every degree, best first."""

    results: tuple[DegreeResult, ...]


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
    """The best fit: its summary, how clearly it leads, the claims it rests on, its reasons."""

    result: DegreeResult
    margin: str
    rests_on: Bullets | None
    reasons: tuple[Reasons, ...]


class OtherDegree(NamedTuple):
    """A degree after the first: its gates, and what counted for and against it, strongest first."""

    result: DegreeResult
    counts_for: tuple[Contribution, ...]
    counts_against: tuple[Contribution, ...]


class OtherDegrees(NamedTuple):
    """The degrees after the first, in ranking order."""

    heading: Heading
    degrees: tuple[OtherDegree, ...]


class RuleFired(NamedTuple):
    """A rule that fired for a degree, with its condition in words."""

    contribution: Contribution
    condition: str


class GateFired(NamedTuple):
    """A gate that applies to a degree, with its condition in words."""

    gate: Gate
    condition: str


class ScoreSum(NamedTuple):
    """How one degree's score adds up: the sum in words, then each rule (in rule-set order) and gate."""

    result: DegreeResult
    sum: str
    rules: tuple[RuleFired, ...]
    gates: tuple[GateFired, ...]


class Breakdown(NamedTuple):
    """--explain: how each degree's score adds up, in ranking order."""

    heading: Heading
    degrees: tuple[ScoreSum, ...]


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


Part: TypeAlias = (
    Headline | Ranking | TopPick | Bullets | OtherDegrees | Breakdown | WhyNotDegree | AnswerRows | SourceList
)


def outline(report: Report) -> tuple[Part, ...]:
    """The parts of a report, in the order every format shows them; a part with nothing to
    list is left out unless its heading has a text for when it is empty."""
    recommendation, explanation = report.recommendation, report.explanation
    parts: list[Part] = [
        Headline(headline(recommendation, explanation), document_title(recommendation, explanation)),
        Ranking(recommendation.ranking),
        _top_pick(recommendation, explanation),
    ]
    if explanation.unknowns:
        parts.append(Bullets(UNKNOWNS, tuple(Line(unknown.text) for unknown in explanation.unknowns)))
    if recommendation.notes:
        parts.append(Bullets(WORTH_KNOWING, tuple(Line(note_line(n), n.cite) for n in recommendation.notes)))
    others = tuple(
        OtherDegree(result, tuple(reasons_for(result)), tuple(reasons_against(result)))
        for result in recommendation.ranking[1:]
    )
    parts.append(OtherDegrees(OTHER_DEGREES, others))
    changes = change_lines(recommendation, report.answers, explanation)
    parts.append(Bullets(WHAT_WOULD_CHANGE, tuple(Line(text) for text in changes)))
    if explanation.breakdown:
        parts.append(_breakdown(recommendation, report.ruleset))
    if explanation.why_not is not None:
        parts.append(_why_not(explanation.why_not, report))
    parts.append(AnswerRows(YOUR_ANSWERS, tuple(answer_rows(report.ruleset, report.answers))))
    parts.append(SourceList(SOURCES))
    return tuple(parts)


def answer_rows(ruleset: RuleSet, answers: Answers) -> list[tuple[str, str]]:
    """(question, readable answer) for every answer, in question order."""
    return [
        (q.title(), readable_answer(q, answers.values[q.id]))
        for q in ruleset.questions
        if q.id in answers.values
    ]


def _top_pick(recommendation: Recommendation, explanation: Explanation) -> TopPick:
    top = recommendation.top
    rests_on = None
    if explanation.rests_on:
        heading = Heading(rests_on_heading(recommendation, len(explanation.rests_on)), heed=True)
        rests_on = Bullets(heading, tuple(Line(claim.says, claim.cite) for claim in explanation.rests_on))
    reasons = [
        Reasons(WHY_IT_FITS, contributions=tuple(reasons_for(top))),
        Reasons(COUNTS_AGAINST, contributions=tuple(reasons_against(top))),
    ]
    if top.gates:
        reasons.append(Reasons(BEFORE_YOU_ENROL, gates=top.gates))
    return TopPick(top, margin_line(recommendation, explanation), rests_on, tuple(reasons))


def _breakdown(recommendation: Recommendation, ruleset: RuleSet) -> Breakdown:
    questions = by_id(ruleset.questions)
    degrees = tuple(
        ScoreSum(
            result,
            score_sum(result, ruleset),
            tuple(RuleFired(c, describe(c.rule.when, questions)) for c in result.contributions),
            tuple(GateFired(g, describe(g.when, questions)) for g in result.gates),
        )
        for result in recommendation.ranking
    )
    return Breakdown(HOW_SCORES_ADD_UP, degrees)


def _why_not(why: WhyNot, report: Report) -> WhyNotDegree:
    questions = by_id(report.ruleset.questions)
    code = why.result.degree.code
    recommendation = report.recommendation
    missing = tuple(RuleMissed(r.id, r.effects[code], describe(r.when, questions)) for r in why.missing)
    return WhyNotDegree(
        Heading(f"Why not {code}?"),
        why_not_standing(why, len(recommendation.ranking)),
        why.result.gates,
        Reasons(WHY_NOT_AGAINST, contributions=tuple(why.against)) if why.against else None,
        MissedRules(WHY_NOT_MISSING, missing) if missing else None,
        why_not_verdict(why, report.answers.values, recommendation.top.degree.code),
    )
