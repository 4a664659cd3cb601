"""One report (degreefit/report.py): the ranking and explanation `ask` prints for a person's answers,
and the order in which a report gives a degree's reasons."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from degreefit.answers import validate
from degreefit.report import Report, reasons_against, reasons_for, report_for
from degreefit.ruleset.load import load_ruleset

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import PERSONAS, persona_answers
else:
    from tests.conftest import PERSONAS, persona_answers

PHYSICIAN = "mid-career physician leading inside a health system"


def report_of(answers: dict[str, Any], *, breakdown: bool = False, why_not: str | None = None) -> Report:
    """The report `ask` prints for these answers on the built-in rules."""
    ruleset = load_ruleset()
    valid = validate(answers, ruleset, name="answers")
    return report_for(ruleset, valid, breakdown=breakdown, why_not=why_not)


@pytest.mark.parametrize("name", list(PERSONAS))
def test_a_report_ranks_the_degrees_for_the_answers(name: str) -> None:
    """Every degree once, best first, with the top pick each persona expects."""
    answers, top, _ = PERSONAS[name]
    report = report_of(answers)
    ranking = report.recommendation.ranking
    assert ranking[0].degree.code == top
    assert sorted(r.degree.code for r in ranking) == sorted(d.code for d in report.ruleset.degrees)
    assert [r.score for r in ranking] == sorted((r.score for r in ranking), reverse=True)
    assert report.answers.values["clinical_status"] == answers["clinical_status"]


def test_explain_and_why_not_are_asked_for() -> None:
    """Without options a report has no breakdown and no why-not; --explain and --why-not add them."""
    plain = report_of(persona_answers(PHYSICIAN)).explanation
    assert (plain.breakdown, plain.why_not) == (False, None)
    asked = report_of(persona_answers(PHYSICIAN), breakdown=True, why_not="MBA").explanation
    assert asked.breakdown
    assert asked.why_not is not None
    assert asked.why_not.result.degree.code == "MBA"


def test_reasons_come_strongest_first_for_and_then_against() -> None:
    """A degree's reasons for it, strongest first, then those against it, strongest first; rules that
    gave no points are neither."""
    mmed = next(
        r for r in report_of(persona_answers(PHYSICIAN)).recommendation.ranking if r.degree.code == "MMed"
    )
    assert [c.points for c in reasons_for(mmed)] == [1]
    assert [c.points for c in reasons_against(mmed)] == [-2, -2, -1, -1]
