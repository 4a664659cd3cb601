"""The sentences every format of the report shares: the headline, how clearly the top pick
leads, what would change it, why not another degree, how a score adds up, readable answers.

Change a reason's wording here and the text, Markdown and JSON reports all follow.
"""

from __future__ import annotations

from collections.abc import Mapping

from degreefit.answers import Answers
from degreefit.changetext import describe_alternative
from degreefit.engine import DegreeResult, Recommendation
from degreefit.explain import Explanation, WhyNot, listed
from degreefit.models import AnswerValue, Note, Question, RuleSet, Source, Status

ELIGIBILITY_WORDS: dict[Status, str] = {
    "eligible": "eligible",
    "not_yet": "not yet",
    "ineligible": "ineligible",
}

AI_WRITTEN_TAG = "(AI-written source)"  # beside every citation of such a source


def ai_written_note(source: Source) -> str:
    """What a reader should know about a source that says it was written by AI."""
    return (
        f"AI-written source: the {source.short} says it was written by AI and reviewed by a human. "
        "Reasons resting on it are marked; weigh them with that in mind."
    )


def cited_section(source: Source, section: str) -> str:
    """A cited section as a list of sources names it: source, title, section (and the AI tag)."""
    tag = f" {AI_WRITTEN_TAG}" if source.ai_written else ""
    return f"{source.short}, “{source.title}”, section “{section}”{tag}"


def readable_answer(question: Question, value: AnswerValue) -> str:
    """An answer as a person reads it: labels instead of ids, yes/no for booleans."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "; ".join(question.label(v) for v in value)
    if isinstance(value, str):
        return question.label(value)
    return str(value)


def headline(recommendation: Recommendation, explanation: Explanation) -> tuple[str, str, str]:
    """The report's first line in three parts (before, the degree codes, after), so a format
    can set the codes apart: "Best fit: |MMM| (Master of Medical Management)", or for a tie,
    "A tie for best fit: |MMM and MHA|"."""
    if recommendation.none_open:  # gates close every degree: there is no fit to name
        codes = [result.degree.code for result in recommendation.ranking]
        return "No degree is open to you: ", listed(codes), " each ask for something you do not have (below)."
    if explanation.tied:
        return "A tie for best fit: ", listed(explanation.tied), ""
    top = recommendation.top.degree
    return "Best fit: ", top.code, f" ({top.name})"


def document_title(recommendation: Recommendation, explanation: Explanation) -> str:
    """The title of the report as a document (Markdown): its best fit, the tie, or that no
    degree is open (as the headline says)."""
    if recommendation.none_open:
        return "degreefit: no degree is open to you"
    if explanation.tied:
        tied = listed([f"the {code}" for code in explanation.tied])
        return f"degreefit: a tie for best fit between {tied}"
    top = recommendation.top.degree
    return f"degreefit: best fit is the {top.code} ({top.name})"


def margin_line(recommendation: Recommendation, explanation: Explanation) -> str:
    """How clearly the top pick leads, in one sentence."""
    top, second = recommendation.ranking[0], recommendation.ranking[1]
    if recommendation.none_open:
        return "degreefit names no best fit; why each degree is closed to you is listed under it."
    if explanation.tied:
        both = "both" if len(explanation.tied) == 2 else "all"
        return (
            f"A tie: {listed(explanation.tied)} {both} score {top.score:.1f}. The claims that bear on "
            "your answers do not put one ahead; they are listed in a fixed order, not by fit."
        )
    lead = f"it scores {explanation.margin:.1f} above {second.degree.code}"
    if explanation.rests_on:
        count = len(explanation.rests_on)
        which = "one claim" if count == 1 else f"{count} claims, each of them"
        return f"A close call: {lead}, but the pick rests on {which} (below)."
    if explanation.close_call:
        return f"A close call: {lead}; a small change in your answers could swap them."
    return f"A clear lead: {lead}."


def rests_on_heading(recommendation: Recommendation, count: int = 1) -> str:
    """The heading over the claims a pick rests on."""
    which = "this claim" if count == 1 else "any one of these claims"
    return f"Without {which}, {recommendation.top.degree.code} would not come first"


def note_line(note: Note) -> str:
    """A note worth knowing, with the degrees it is about (when it names them)."""
    about = f" ({listed(note.degrees)})" if note.degrees else ""
    return f"{note.text}{about}"


def change_lines(recommendation: Recommendation, answers: Answers, explanation: Explanation) -> list[str]:
    """Each alternative that would change the top pick, in a sentence (or why there is none)."""
    top = recommendation.top.degree.code
    lines = [describe_alternative(a, answers.values, top) for a in explanation.alternatives]
    if lines:
        return lines
    if explanation.tied:
        return ["No change of one or two of your own answers would put one degree ahead of the others."]
    return [f"No change of one or two of your own answers would put another degree ahead of {top}."]


def why_not_standing(why: WhyNot, degrees: int) -> str:
    """Where the degree asked about stands: its rank among `degrees` and its score."""
    return f"It ranks {why.rank} of {degrees}, score {why.result.score:.1f}."


def why_not_verdict(why: WhyNot, answers: Mapping[str, AnswerValue], top: str) -> str:
    """The one-sentence answer to "why not this degree": already first, blocked, or what would do it."""
    code = why.result.degree.code
    if why.rank == 1:
        return f"{code} is already your top pick."
    if why.blocked_by is not None:
        return f"No change of your own answers would put {code} first: {why.blocked_by.reason}"
    if why.change is None:
        return f"No change of one or two of your own answers would put {code} first."
    return describe_alternative(why.change, answers, top)


def score_sum(result: DegreeResult, ruleset: RuleSet) -> str:
    """How a degree's score adds up: the points of each rule, their total, and the curve."""
    spread = f"{ruleset.scoring.spread:g}"
    total = _signed(result.points)
    curve = f"score 100 / (1 + e^({_signed(-result.points)}/{spread})) = {result.score:.1f}"
    if not result.contributions:
        return f"no rule fired: 0 points → {curve}"
    terms = [_signed(c.points) for c in result.contributions]
    added = terms[0] + "".join(f" {'−' if t.startswith('−') else '+'} {t.lstrip('−')}" for t in terms[1:])
    return f"{added} = {total} point{'' if abs(result.points) == 1 else 's'} → {curve}"


def _signed(value: float) -> str:
    """A number as a person writes it: −3 with a real minus sign, 0 and 2 plain."""
    if value == 0:
        return "0"  # not "-0", whatever the sign of the zero
    return f"−{abs(value):g}" if value < 0 else f"{value:g}"


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 row`, `2,500 rows`; an irregular plural is given (`2,021 people`)."""
    return f"{count:,} {noun if count == 1 else (plural or noun + 's')}"
