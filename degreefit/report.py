"""What every report shows, independent of its format: reasons in order, citations,
readable answers, and the JSON document of `--format json`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from degreefit.answers import SCHEMA_VERSION, Answers, as_json
from degreefit.changetext import describe_alternative
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Alternative, Explanation, WhyNot, changed_values, listed
from degreefit.models import AnswerValue, Cite, Claim, Note, Question, Rule, RuleSet, Source, Status

ELIGIBILITY_WORDS: dict[Status, str] = {
    "eligible": "eligible",
    "not_yet": "not yet",
    "ineligible": "ineligible",
}


def ai_written_note(source: Source) -> str:
    """What a reader should know about a source that says it was written by AI."""
    return (
        f"AI-written source: the {source.short} says it was written by AI and reviewed by a human. "
        "Reasons resting on it are marked; weigh them with that in mind."
    )


def reasons_for(result: DegreeResult) -> list[Contribution]:
    """The rules that count for a degree, strongest first (ties keep rule-set order)."""
    return sorted((c for c in result.contributions if c.points > 0), key=lambda c: -c.points)


def reasons_against(result: DegreeResult) -> list[Contribution]:
    """The rules that count against a degree, strongest first."""
    return sorted((c for c in result.contributions if c.points < 0), key=lambda c: c.points)


def citation_numbers(ruleset: RuleSet) -> dict[Cite, int]:
    """The fixed number of every (source, section) of a rule set: its place in sources.yaml,
    counting the sections of each source in turn from 1. A section has the same number in
    every report, so a change to one rule renumbers no other citation."""
    sections = [Cite(s.id, section.heading) for s in ruleset.sources for section in s.sections]
    return {cite: number for number, cite in enumerate(sections, start=1)}


class Citations:
    """The citations one report gives: each section by its fixed number (citation_numbers),
    remembered so that the report can list exactly the sections it cited."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        self._numbers = citation_numbers(ruleset)
        self._cited: set[Cite] = set()

    def number(self, cite: Cite) -> int:
        """The footnote number of a citation (and a note that the report cites it)."""
        self._cited.add(cite)
        return self._numbers[cite]

    @property
    def highest(self) -> int:
        """The highest number any citation of the rule set has, so a list of them can be as wide
        in every report."""
        return max(self._numbers.values(), default=0)

    def is_ai_written(self, cite: Cite) -> bool:
        """Whether the cited source says it was written by AI."""
        return self._ruleset.source(cite.source).ai_written

    def notes(self) -> list[tuple[int, Source, str]]:
        """Every section cited so far, in number order: number, source, section heading."""
        cited = sorted(self._cited, key=self._numbers.__getitem__)
        return [(self._numbers[c], self._ruleset.source(c.source), c.section) for c in cited]

    def sources(self) -> list[Source]:
        """The sources of the sections cited so far, in rule-set order."""
        used = {c.source for c in self._cited}
        return [s for s in self._ruleset.sources if s.id in used]


def readable_answer(question: Question, value: AnswerValue) -> str:
    """An answer as a person reads it: labels instead of ids, yes/no for booleans."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, tuple):
        return "; ".join(question.label(v) for v in value)
    if isinstance(value, str):
        return question.label(value)
    return str(value)


def answer_rows(ruleset: RuleSet, answers: Answers) -> list[tuple[str, str]]:
    """(question, readable answer) for every answer, in question order."""
    return [
        (q.title(), readable_answer(q, answers.values[q.id]))
        for q in ruleset.questions
        if q.id in answers.values
    ]


def to_json(
    recommendation: Recommendation, ruleset: RuleSet, answers: Answers, explanation: Explanation
) -> dict[str, Any]:
    """The document `--format json` prints (schema_version 1). Everything cited carries its
    source, section and fixed citation number; `citations` lists the cited sections in number
    order and `sources` describes their sources."""
    questions = by_id(ruleset.questions)
    top = recommendation.top.degree.code
    cites = Citations(ruleset)
    why_not = explanation.why_not
    why_not_json = None if why_not is None else _why_not_json(why_not, answers, top, questions, cites)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "top": top,
        "none_open": recommendation.none_open,  # true: every degree is closed; `top` is no fit
        "margin": explanation.margin,
        "close_call": explanation.close_call,
        "tied_for_first": list(explanation.tied or (top,)),
        "rests_on": [_claim_json(claim, cites) for claim in explanation.rests_on],
        "unknowns": [
            {
                "question": u.question.id,
                "topic": u.question.constraint.topic if u.question.constraint else "",
                "degrees": list(u.degrees),
                "text": u.text,
            }
            for u in explanation.unknowns
        ],
        "notes": [_note_json(note, cites) for note in recommendation.notes],
        "ranking": [
            _entry(result, questions if explanation.breakdown else None, cites)
            for result in recommendation.ranking
        ],
        "what_would_change": [
            _alternative_json(alternative, answers, top) for alternative in explanation.alternatives
        ],
        "answers": answers.to_json(),
        "citations": [  # after every part that cites (why_not is built first): what they cite
            {"number": number, "source": source.id, "section": section}
            for number, source, section in cites.notes()
        ],
        "sources": {
            s.id: {
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "ai_written": s.ai_written,
                "provenance": s.provenance,
            }
            for s in cites.sources()
        },
        "rules": {"path": ruleset.path, "sha256": ruleset.sha256, "builtin": ruleset.builtin},
    }
    if why_not_json is not None:
        document["why_not"] = why_not_json
    return document


def _alternative_json(alternative: Alternative, answers: Answers, top: str) -> dict[str, Any]:
    return {
        "changes": as_json(changed_values(alternative.changes, alternative.answers)),
        "new_top": alternative.top,
        "scores": alternative.scores,
        "text": describe_alternative(alternative, answers.values, top),
    }


def _cited(cite: Cite, cites: Citations) -> dict[str, Any]:
    """The keys that say where something comes from: source, section and citation number."""
    return {"source": cite.source, "section": cite.section, "citation": cites.number(cite)}


def _rule_json(rule: Rule, code: str, questions: Mapping[str, Question], cites: Citations) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "claim": rule.claim,
        "effect": rule.effects[code],
        "condition": describe(rule.when, questions),
        "text": rule.reason_for(code),
        **_cited(rule.cite, cites),
    }


def _why_not_json(
    why: WhyNot, answers: Answers, top: str, questions: Mapping[str, Question], cites: Citations
) -> dict[str, Any]:
    code = why.result.degree.code
    blocked = why.blocked_by
    return {
        "degree": code,
        "rank": why.rank,
        "score": why.result.score,
        "eligibility": why.result.eligibility,
        "blocked_by": None if blocked is None else {"rule": blocked.id, "text": blocked.reason},
        "against": [_rule_json(c.rule, code, questions, cites) for c in why.against],
        "missing": [_rule_json(rule, code, questions, cites) for rule in why.missing],
        "change": None if why.change is None else _alternative_json(why.change, answers, top),
        "text": why_not_verdict(why, answers.values, top),
    }


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


def _entry(
    result: DegreeResult, questions: Mapping[str, Question] | None, cites: Citations
) -> dict[str, Any]:
    entry = {
        "degree": result.degree.code,
        "name": result.degree.name,
        "score": result.score,
        "points": result.points,
        "eligibility": result.eligibility,
        "eligibility_notes": [
            {
                "status": g.status,
                "text": g.reason,
                **_cited(g.cite, cites),
                "rule": g.id,
            }
            for g in result.gates
        ],
        "reasons": [
            {
                "text": c.reason,
                "claim": c.rule.claim,
                "effect": c.points,
                **_cited(c.rule.cite, cites),
                "rule": c.rule.id,
            }
            for c in reasons_for(result) + reasons_against(result)
        ],
    }
    if questions is not None:  # --explain: every rule that fired, in rule-set order, with its condition
        code = result.degree.code
        entry["contributions"] = [_rule_json(c.rule, code, questions, cites) for c in result.contributions]
    return entry


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


def _claim_json(claim: Claim, cites: Citations) -> dict[str, Any]:
    return {"claim": claim.id, "text": claim.says, **_cited(claim.cite, cites)}


def _note_json(note: Note, cites: Citations) -> dict[str, Any]:
    return {
        "note": note.id,
        "claim": note.claim,
        "degrees": list(note.degrees),
        "text": note.text,
        **_cited(note.cite, cites),
    }


def change_lines(recommendation: Recommendation, answers: Answers, explanation: Explanation) -> list[str]:
    """Each alternative that would change the top pick, in a sentence (or why there is none)."""
    top = recommendation.top.degree.code
    lines = [describe_alternative(a, answers.values, top) for a in explanation.alternatives]
    if lines:
        return lines
    if explanation.tied:
        return ["No change of one or two of your own answers would put one degree ahead of the others."]
    return [f"No change of one or two of your own answers would put another degree ahead of {top}."]


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
