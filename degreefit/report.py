"""What every report shows, independent of its format: reasons in order, citations,
readable answers, and the JSON document of `--format json`."""

from __future__ import annotations

from typing import Any

from degreefit.answers import SCHEMA_VERSION, Answers
from degreefit.engine import Contribution, DegreeResult, Recommendation
from degreefit.models import AnswerValue, Cite, Question, RuleSet, Source, Status

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


def to_json(recommendation: Recommendation, ruleset: RuleSet, answers: Answers) -> dict[str, Any]:
    """The document `--format json` prints (schema_version 1)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "top": recommendation.top.degree.code,
        "ranking": [_entry(result) for result in recommendation.ranking],
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


def _entry(result: DegreeResult) -> dict[str, Any]:
    return {
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
