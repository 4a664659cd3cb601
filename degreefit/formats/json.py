"""The report for programs: the JSON document of `--format json` (schema_version 1)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from degreefit.answers import SCHEMA_VERSION, Answers, as_json
from degreefit.changetext import describe_alternative
from degreefit.citations import Citations
from degreefit.conditions import by_id, describe
from degreefit.engine import DegreeResult
from degreefit.explain import Alternative, WhyNot, changed_values
from degreefit.models import Cite, Claim, Note, Question, Rule
from degreefit.output import json_text
from degreefit.report import Report, reasons_against, reasons_for
from degreefit.wording import why_not_verdict


def render(report: Report, file: TextIO) -> None:
    """Write the document with its characters as they are, or escaped (\\u2019) where the file
    cannot print them."""
    file.write(json_text(to_json(report), file))


def to_json(report: Report) -> dict[str, Any]:
    """The document `--format json` prints (schema_version 1). Everything cited carries its
    source, section and fixed citation number; `citations` lists the cited sections in number
    order and `sources` describes their sources."""
    recommendation, ruleset, answers, explanation = (
        report.recommendation,
        report.ruleset,
        report.answers,
        report.explanation,
    )
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
