"""One report: what `ask` shows for one person's answers, whatever the format. The sections it
shows, in order, are in degreefit/outline.py; the sentences in them in degreefit/wording.py."""

from __future__ import annotations

from typing import NamedTuple

from degreefit.answers import Answers
from degreefit.engine import Contribution, DegreeResult, Engine, Recommendation
from degreefit.explain import Explanation, explain
from degreefit.models import RuleSet


class Report(NamedTuple):
    """What one report is about: the ranking, the rule set, the answers and what explains the pick."""

    recommendation: Recommendation
    ruleset: RuleSet
    answers: Answers
    explanation: Explanation


def report_for(
    ruleset: RuleSet, answers: Answers, *, breakdown: bool = False, why_not: str | None = None
) -> Report:
    """Rank the degrees for these answers and explain the pick: the report `ask` prints
    (`breakdown` for --explain, `why_not` a degree code for --why-not)."""
    engine = Engine(ruleset)
    recommendation = engine.recommend(answers.values)
    explanation = explain(engine, recommendation, answers.values, breakdown=breakdown, why_not_code=why_not)
    return Report(recommendation=recommendation, ruleset=ruleset, answers=answers, explanation=explanation)


def reasons_for(result: DegreeResult) -> list[Contribution]:
    """The rules that count for a degree, strongest first (ties keep rule-set order)."""
    return sorted((c for c in result.contributions if c.points > 0), key=lambda c: -c.points)


def reasons_against(result: DegreeResult) -> list[Contribution]:
    """The rules that count against a degree, strongest first."""
    return sorted((c for c in result.contributions if c.points < 0), key=lambda c: c.points)
