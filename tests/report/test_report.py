"""One report (degreefit/report/__init__.py): the ranking and explanation `ask` prints for a person's answers,
the order in which a report gives a degree's reasons, the ranks the table shows, points as people
write them."""

from __future__ import annotations

import datetime

import pytest

from degreefit.answers import validate
from degreefit.engine import place
from degreefit.errors import DegreefitError
from degreefit.report import (
    costs_of,
    ranks,
    reasons_against,
    reasons_for,
    report_for,
    signed,
    today,
)
from degreefit.ruleset.load import load_ruleset
from tests.helpers.personas import PERSONAS, PHYSICIAN, persona_answers
from tests.helpers.report import NURSE_FOR_GLOBAL_HEALTH, RESIDENT_WITH_ONE_YEAR, report_of


@pytest.mark.parametrize("name", list(PERSONAS))
def test_a_report_ranks_every_degree_once_in_the_one_ranking(name: str) -> None:
    """Every degree once, in the order of the engine's standings, which place them by eligibility
    and then goals."""
    answers, _, _ = PERSONAS[name]
    report = report_of(answers)
    recommendation = report.recommendation
    ranking = recommendation.ranking
    assert tuple(r.degree.code for r in ranking) == recommendation.standings.order
    assert sorted(r.degree.code for r in ranking) == sorted(d.code for d in report.ruleset.degrees)
    places = [place(r.eligibility, r.goal, r.cost) for r in ranking]
    assert places == sorted(places)
    assert report.answers.values["clinical_status"] == answers["clinical_status"]


def test_explain_and_why_not_are_asked_for() -> None:
    """Without options a report has no breakdown and no why-not; --explain and --why-not add them."""
    plain = report_of(persona_answers(PHYSICIAN)).explanation
    assert (plain.breakdown, plain.why_not) == (False, None)
    asked = report_of(persona_answers(PHYSICIAN), breakdown=True, why_not="MBA").explanation
    assert asked.breakdown
    assert asked.why_not is not None
    assert asked.why_not.result.degree.code == "MBA"


def test_reasons_split_into_goals_for_goals_against_and_costs() -> None:
    """A degree's goal reasons for it (strongest first), its goal reasons against it (strongest
    first) and its costs (a conflict first) together are every rule that counted for it, once."""
    for result in report_of(RESIDENT_WITH_ONE_YEAR).recommendation.ranking:
        found = reasons_for(result) + reasons_against(result) + costs_of(result)
        assert sorted(c.rule.id for c in found) == sorted(c.rule.id for c in result.contributions)
        assert all(c.rule.bears_on == "goals" and c.points > 0 for c in reasons_for(result))
        assert all(c.rule.bears_on == "goals" and c.points < 0 for c in reasons_against(result))
        assert all(c.rule.bears_on == "costs" for c in costs_of(result))
        assert [c.points for c in reasons_for(result)] == sorted(
            (c.points for c in reasons_for(result)), reverse=True
        )
    mmed = report_of(RESIDENT_WITH_ONE_YEAR).recommendation.result("MMed")
    assert costs_of(mmed)[0].rule.conflict, "the conflict comes first among the MMed's costs"


def test_degrees_that_place_alike_share_a_rank() -> None:
    """The two degrees tied for first both rank 1; the next rank counts both of them."""
    recommendation = report_of(NURSE_FOR_GLOBAL_HEALTH).recommendation
    assert recommendation.standings.first == ("MHA", "MBA")
    placed = ranks(recommendation)
    assert (placed["MHA"], placed["MBA"]) == (1, 1)
    assert min(placed[code] for code in ("MMM", "MMed")) == 3


@pytest.mark.parametrize(
    ("points", "written"), [(3.0, "+3"), (2.5, "+2.5"), (-1.5, "−1.5"), (-2.0, "−2"), (0.0, "0"), (-0.0, "0")]
)
def test_points_are_written_with_their_sign_and_no_trailing_zero(points: float, written: str) -> None:
    """A plus for points for, a real minus sign for points against, 2.5 stays 2.5, 3.0 is 3."""
    assert signed(points) == written


# The day a report is made (issue 20, item 15)

NEW_YEAR_2026 = "1767225600"  # SOURCE_DATE_EPOCH of 2026-01-01, 00:00 UTC


def test_a_report_is_dated_the_day_given_or_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """A report carries the day it was made: the day given, else today."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    ruleset = load_ruleset()
    answers = validate(persona_answers(PHYSICIAN), ruleset, name="answers")
    assert report_for(ruleset, answers, made=datetime.date(2024, 2, 29)).made == datetime.date(2024, 2, 29)
    before = datetime.date.today()
    made = report_for(ruleset, answers).made
    assert before <= made <= datetime.date.today()


def test_source_date_epoch_fixes_the_day_a_report_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention) dates the report
    in UTC, so the same answers give the same bytes on any day."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW_YEAR_2026)
    assert report_of(persona_answers(PHYSICIAN)).made == datetime.date(2026, 1, 1)
    assert today() == datetime.date(2026, 1, 1)


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5", "9" * 30])
def test_a_malformed_source_date_epoch_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """A SOURCE_DATE_EPOCH that is no whole number of seconds (or no day at all) is named: no traceback."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(DegreefitError, match="SOURCE_DATE_EPOCH"):
        today()
