"""The report for programs: the JSON document of `--format json` (schema_version 2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from degreefit import __version__
from degreefit.answers import Answers, as_json
from degreefit.conditions import by_id, describe
from degreefit.engine import DegreeResult
from degreefit.explain import Alternative, WhyNot, changed_values
from degreefit.models import Cite, Claim, Note, Question, Rule
from degreefit.output import json_text
from degreefit.report import Report, costs_of, ranks, reasons_against, reasons_for
from degreefit.report.citations import Citations
from degreefit.report.wording import Step, describe_alternative, next_steps, why_not_standing, why_not_verdict


def render(report: Report, file: TextIO) -> None:
    """Write the document with its characters as they are, or escaped (\\u2019) where the file
    cannot print them."""
    file.write(json_text(to_json(report), file))


REPORT_SCHEMA_VERSION = 2  # of this document; the answers inside it keep their own


def to_json(report: Report) -> dict[str, Any]:
    """The document `--format json` prints (schema_version 2). Everything cited carries its
    source, section and fixed citation number; `citations` lists the cited sections in number
    order and `sources` describes their sources. `top` is null on a tie and when no degree is
    open now; `tied_for_first` then names the tied degrees (none when none is open)."""
    recommendation, ruleset, answers, explanation = (
        report.recommendation,
        report.ruleset,
        report.answers,
        report.explanation,
    )
    questions = by_id(ruleset.questions)
    standings = recommendation.standings
    first = standings.first
    cites = Citations(ruleset)
    why_not = explanation.why_not
    why_not_json = None if why_not is None else _why_not_json(why_not, report, questions, cites)
    document: dict[str, Any] = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "top": standings.top,
        "none_open": recommendation.none_open,  # true: no degree is open now; see `later`
        "decided": standings.decided,
        "close_call": explanation.close_call,
        "tied_for_first": list(first),
        "later": list(standings.later),
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
        "unaddressed_goals": [
            {"question": u.question.id, "value": u.value, "label": u.question.label(u.value)}
            for u in explanation.unaddressed
        ],
        # What the advice could not weigh because an answer left it open (where you will train).
        "not_considered": list(explanation.not_considered),
        "disagreements": [
            {
                "followed": _claim_json(d.followed, cites),
                "other": _claim_json(d.other, cites),
                "both_count": d.both,  # true: the two point different ways and each counts
                "why": d.why,
            }
            for d in explanation.disputes
        ],
        # What programs' own pages show, for what counts for the person (each speaks for one program).
        "what_programs_show": [
            {
                **_claim_json(claim, cites),
                "degrees": list(claim.degrees),
                "program": claim.program,
                "as_of": claim.as_of,
            }
            for claim in explanation.examples
        ],
        # A note with a `program` is an example: what one program's page shows, as of its year.
        "notes": [_note_json(note, cites) for note in recommendation.notes],
        "ranking": [
            _entry(result, questions if explanation.breakdown else None, cites)
            for result in recommendation.ranking
        ],
        "what_would_change": [
            _alternative_json(alternative, answers, first, questions)
            for alternative in explanation.alternatives
        ],
        # How many changes the search tried when it stopped short of them all (null: it tried all).
        "what_would_change_searched": explanation.searched or None,
        "what_to_do_next": [_step_json(step, cites) for step in next_steps(report)],
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
                "tier": s.tier,
                "kind": s.kind,
                "scope": s.scope,
                "page_date": s.page_date,
                "read": s.read,
                "provenance": s.provenance,
            }
            for s in cites.sources()
        },
        "made": report.made.isoformat(),  # the day the report was made
        "degreefit": __version__,  # the version that made it
        "rules": {"path": ruleset.path, "sha256": ruleset.sha256, "builtin": ruleset.builtin},
    }
    if why_not_json is not None:
        document["why_not"] = why_not_json
    return document


def _alternative_json(
    alternative: Alternative, answers: Answers, first: Sequence[str], questions: Mapping[str, Question]
) -> dict[str, Any]:
    return {
        "changes": as_json(changed_values(alternative.changes, alternative.answers)),
        "new_top": alternative.top,
        "points": {code: {"goals": goal, "costs": cost} for code, (goal, cost) in alternative.points.items()},
        "any_of": list(alternative.any_of),
        "text": describe_alternative(alternative, answers.values, first, questions=questions),
    }


def _cited(cite: Cite, cites: Citations) -> dict[str, Any]:
    """The keys that say where something comes from: source, section and citation number."""
    return {"source": cite.source, "section": cite.section, "citation": cites.number(cite)}


def _step_json(step: Step, cites: Citations) -> dict[str, Any]:
    """A next step, and where it comes from (a question the sources leave open cites nothing)."""
    return {
        "text": step.text,
        "degrees": list(step.degrees),
        **({} if step.cite is None else _cited(step.cite, cites)),
    }


def _rule_json(rule: Rule, code: str, questions: Mapping[str, Question], cites: Citations) -> dict[str, Any]:
    return {
        "rule": rule.id,
        "claim": rule.claim,
        "effect": rule.effects[code],
        "bears_on": rule.bears_on,
        "conflict": rule.conflict,
        "condition": describe(rule.when, questions),
        "text": rule.reason_for(code),
        **_cited(rule.cite, cites),
    }


def _why_not_json(
    why: WhyNot, report: Report, questions: Mapping[str, Question], cites: Citations
) -> dict[str, Any]:
    code = why.result.degree.code
    blocked = why.blocked_by
    recommendation, answers = report.recommendation, report.answers
    first = recommendation.standings.first
    return {
        "degree": code,
        "rank": ranks(recommendation)[code],
        "goal_points": why.result.goal,
        "cost_points": why.result.cost,
        "eligibility": why.result.eligibility,
        "tied_with": list(why.tied_with),
        "never_counted": why.never_counted,
        "blocked_by": None if blocked is None else {"rule": blocked.id, "text": blocked.reason},
        "against": [_rule_json(c.rule, code, questions, cites) for c in why.against],
        "missing": [_rule_json(rule, code, questions, cites) for rule in why.missing],
        "change": None if why.change is None else _alternative_json(why.change, answers, first, questions),
        "searched": why.searched or None,
        "standing": why_not_standing(why, recommendation),
        "text": why_not_verdict(why, answers.values, first, questions=questions),
    }


def _entry(
    result: DegreeResult, questions: Mapping[str, Question] | None, cites: Citations
) -> dict[str, Any]:
    entry = {
        "degree": result.degree.code,
        "name": result.degree.name,
        "goal_points": result.goal,
        "cost_points": result.cost,
        "evidence": result.evidence,
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
                "bears_on": c.rule.bears_on,
                "conflict": c.rule.conflict,
                **_cited(c.rule.cite, cites),
                "rule": c.rule.id,
            }
            for c in reasons_for(result) + reasons_against(result) + costs_of(result)
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
        "program": note.program or None,
        "as_of": note.as_of,
        **_cited(note.cite, cites),
    }
