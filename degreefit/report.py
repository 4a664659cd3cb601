"""What every report shows, independent of its format: reasons in order, citations,
readable answers, and the JSON document of `--format json`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from degreefit.answers import SCHEMA_VERSION, Answers, as_json
from degreefit.conditions import by_id, describe
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.explain import Alternative, Explanation, WhyNot, changed_values, describe_alternative
from degreefit.models import AnswerValue, Cite, Question, Rule, RuleSet, Source, Status

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


def cited_sources(recommendation: Recommendation, ruleset: RuleSet) -> list[Source]:
    """The sources the report cites, in rule-set order."""
    used = {c.rule.cite.source for r in recommendation.ranking for c in r.contributions}
    used |= {g.cite.source for r in recommendation.ranking for g in r.gates}
    return [s for s in ruleset.sources if s.id in used]


class Citations:
    """Numbers each (source, section) the first time a report cites it: [1], [2], ..."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        self._numbers: dict[tuple[str, str], int] = {}

    def number(self, cite: Cite) -> int:
        """The footnote number of a citation."""
        return self._numbers.setdefault((cite.source, cite.section), len(self._numbers) + 1)

    def is_ai_written(self, cite: Cite) -> bool:
        """Whether the cited source says it was written by AI."""
        return self._ruleset.source(cite.source).ai_written

    def notes(self) -> list[tuple[int, Source, str]]:
        """Every citation given so far: number, source, section heading."""
        return [(n, self._ruleset.source(s), section) for (s, section), n in self._numbers.items()]


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
    """The document `--format json` prints (schema_version 1)."""
    questions = by_id(ruleset.questions)
    top = recommendation.top.degree.code
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "top": top,
        "margin": explanation.margin,
        "close_call": explanation.close_call,
        "ranking": [
            _entry(result, questions if explanation.breakdown else None) for result in recommendation.ranking
        ],
        "what_would_change": [
            _alternative_json(alternative, answers, top) for alternative in explanation.alternatives
        ],
        "answers": answers.to_json(),
        "sources": {
            s.id: {
                "title": s.title,
                "publisher": s.publisher,
                "url": s.url,
                "ai_written": s.ai_written,
                "provenance": s.provenance,
            }
            for s in cited_sources(recommendation, ruleset)
        },
        "rules": {"path": ruleset.path, "sha256": ruleset.sha256, "builtin": ruleset.builtin},
    }
    if explanation.why_not is not None:
        document["why_not"] = _why_not_json(explanation.why_not, answers, top, questions)
    return document


def _alternative_json(alternative: Alternative, answers: Answers, top: str) -> dict[str, Any]:
    return {
        "changes": as_json(changed_values(alternative.changes, alternative.answers)),
        "new_top": alternative.top,
        "scores": alternative.scores,
        "text": describe_alternative(alternative, answers.values, top),
    }


def _rule_json(rule: Rule, effect: float, questions: Mapping[str, Question]) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "effect": effect,
        "condition": describe(rule.when, questions),
        "text": rule.reason,
        "source": rule.cite.source,
        "section": rule.cite.section,
    }


def _why_not_json(
    why: WhyNot, answers: Answers, top: str, questions: Mapping[str, Question]
) -> dict[str, Any]:
    code = why.result.degree.code
    blocked = why.blocked_by
    return {
        "degree": code,
        "rank": why.rank,
        "score": why.result.score,
        "eligibility": why.result.eligibility,
        "blocked_by": None if blocked is None else {"rule": blocked.id, "text": blocked.reason},
        "against": [_rule_json(c.rule, c.points, questions) for c in why.against],
        "missing": [_rule_json(rule, rule.effects[code], questions) for rule in why.missing],
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


def _entry(result: DegreeResult, questions: Mapping[str, Question] | None) -> dict[str, Any]:
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
                "source": g.cite.source,
                "section": g.cite.section,
                "rule": g.id,
            }
            for g in result.gates
        ],
        "reasons": [
            {
                "text": c.rule.reason,
                "effect": c.points,
                "source": c.rule.cite.source,
                "section": c.rule.cite.section,
                "rule": c.rule.id,
            }
            for c in reasons_for(result) + reasons_against(result)
        ],
    }
    if questions is not None:  # --explain: every rule that fired, in rule-set order, with its condition
        entry["contributions"] = [_rule_json(c.rule, c.points, questions) for c in result.contributions]
    return entry


def margin_line(recommendation: Recommendation, explanation: Explanation) -> str:
    """How clearly the top pick leads, in one sentence."""
    top, second = recommendation.ranking[0], recommendation.ranking[1]
    if explanation.margin == 0:
        return (
            f"A tie: {top.degree.code} and {second.degree.code} both score {top.score:.1f}; "
            f"{top.degree.code} is listed first only by the tie-break, and a small change in your "
            "answers could swap them."
        )
    lead = f"it scores {explanation.margin:.1f} above {second.degree.code}"
    if explanation.close_call:
        return f"A close call: {lead}; a small change in your answers could swap them."
    return f"A clear lead: {lead}."


def change_lines(recommendation: Recommendation, answers: Answers, explanation: Explanation) -> list[str]:
    """Each alternative that would change the top pick, in a sentence (or why there is none)."""
    top = recommendation.top.degree.code
    lines = [describe_alternative(a, answers.values, top) for a in explanation.alternatives]
    return lines or [f"No change of one or two of your own answers would put another degree ahead of {top}."]


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


def counted(count: int, noun: str) -> str:
    """`1 row`, `2,500 rows`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
