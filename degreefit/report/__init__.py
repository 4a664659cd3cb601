"""One report: what `ask` shows for one person's answers, whatever the format. The sections it
shows, in order, are in degreefit/report/outline.py; the sentences in them in degreefit/report/wording.py."""

from __future__ import annotations

import datetime
import os
from typing import NamedTuple

from degreefit.answers import Answers
from degreefit.engine import Contribution, DegreeResult, Engine, Recommendation, place
from degreefit.errors import DegreefitError
from degreefit.explain import Explanation, explain
from degreefit.models import RuleSet


class Report(NamedTuple):
    """What one report is about: the ranking, the rule set, the answers, what explains the pick,
    and the day it was made (a report sent to a mentor says when, and with what)."""

    recommendation: Recommendation
    ruleset: RuleSet
    answers: Answers
    explanation: Explanation
    made: datetime.date


def report_for(
    ruleset: RuleSet,
    answers: Answers,
    *,
    breakdown: bool = False,
    why_not: str | None = None,
    made: datetime.date | None = None,
) -> Report:
    """Rank the degrees for these answers and explain the pick: the report `ask` prints
    (`breakdown` for --explain, `why_not` a degree code for --why-not), dated `made` or today."""
    engine = Engine(ruleset)
    recommendation = engine.recommend(answers.values)
    explanation = explain(engine, recommendation, answers.values, breakdown=breakdown, why_not_code=why_not)
    return Report(
        recommendation=recommendation,
        ruleset=ruleset,
        answers=answers,
        explanation=explanation,
        made=made or today(),
    )


def today() -> datetime.date:
    """The day a report is made: today, or the UTC day of SOURCE_DATE_EPOCH when it is set (the
    reproducible-builds convention), so that the same answers can give the same bytes on any day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.date.today()
    try:
        if not (epoch.isascii() and epoch.isdigit()):
            raise ValueError(epoch)
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        shown = epoch if len(epoch) <= 20 else f"{epoch[:20]}…"
        raise DegreefitError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not {shown!r}"
        ) from None


def reasons_for(result: DegreeResult) -> list[Contribution]:
    """The goal rules that count for a degree, strongest first (ties keep rule-set order)."""
    return sorted(
        (c for c in result.contributions if c.rule.bears_on == "goals" and c.points > 0),
        key=lambda c: -c.points,
    )


def nothing_counts(recommendation: Recommendation) -> bool:
    """Whether no goal rule counts for any degree open to the person now (while one is open): then
    a tie for first is no advice, and the report says so from its first line."""
    open_now = [recommendation.result(code) for code in recommendation.open_now]
    return bool(open_now) and not any(reasons_for(result) for result in open_now)


def reasons_against(result: DegreeResult) -> list[Contribution]:
    """The goal rules that count against a degree, strongest first."""
    return sorted(
        (c for c in result.contributions if c.rule.bears_on == "goals" and c.points < 0),
        key=lambda c: c.points,
    )


def costs_of(result: DegreeResult) -> list[Contribution]:
    """The documented costs of a degree (rules on the costs account), conflicts first, then
    strongest first: they only separate degrees level on goals, and always show as caveats."""
    return sorted(
        (c for c in result.contributions if c.rule.bears_on == "costs"),
        key=lambda c: (not c.rule.conflict, -abs(c.points)),
    )


def ranks(recommendation: Recommendation) -> dict[str, int]:
    """Each degree's rank as the table shows it: degrees that place alike share a rank (a tie for
    first is 1 and 1), and the next rank counts every degree above it."""
    places = {r.degree.code: place(r.eligibility, r.goal, r.cost) for r in recommendation.ranking}
    return {code: 1 + sum(other < here for other in places.values()) for code, here in places.items()}


def signed(points: float) -> str:
    """Points as a person writes them: +2.5 and −3 (a real minus sign), 0 plain; `:g`, so 2.5
    stays 2.5 and 3.0 is 3."""
    if points == 0:
        return "0"  # not "-0" or "+0", whatever the sign of the zero
    return f"−{abs(points):g}" if points < 0 else f"+{points:g}"
