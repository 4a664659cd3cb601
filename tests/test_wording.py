"""The sentences every format shares (degreefit/wording.py): the headline, how clearly the pick leads,
what would change it, why not another degree, how a score adds up, answers and counts as people read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from degreefit.engine import Recommendation
from degreefit.models import RuleSet
from degreefit.wording import (
    change_lines,
    cited_section,
    counted,
    document_title,
    headline,
    margin_line,
    note_line,
    readable_answer,
    score_sum,
    why_not_standing,
    why_not_verdict,
)

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import persona_answers
    from test_report import report_of
else:
    from tests.conftest import persona_answers
    from tests.test_report import report_of

PHYSICIAN = "mid-career physician leading inside a health system"
MANAGER = "early-career manager running a hospital's operations"
NURSE = "nurse who wants to run a care organization"  # the MHA and the MBA tie
LEAVER = "physician moving beyond clinical medicine"


def test_a_clear_lead_is_headlined_with_its_name_and_its_lead() -> None:
    """One best fit: its code set apart from its name; the lead over the second, in score points."""
    report = report_of(persona_answers(PHYSICIAN))
    recommendation, explanation = report.recommendation, report.explanation
    assert headline(recommendation, explanation) == ("Best fit: ", "MMM", " (Master of Medical Management)")
    assert document_title(recommendation, explanation) == (
        "degreefit: best fit is the MMM (Master of Medical Management)"
    )
    assert margin_line(recommendation, explanation) == "A clear lead: it scores 26.3 above MBA."
    assert change_lines(recommendation, report.answers, explanation) == [
        "No change of one or two of your own answers would put another degree ahead of MMM."
    ]


def test_a_tie_is_headlined_as_a_tie() -> None:
    """Two degrees tied for first: both named, in the headline, the title and the margin line."""
    report = report_of(persona_answers(NURSE))
    recommendation, explanation = report.recommendation, report.explanation
    assert headline(recommendation, explanation) == ("A tie for best fit: ", "MHA and MBA", "")
    assert (
        document_title(recommendation, explanation)
        == "degreefit: a tie for best fit between the MHA and the MBA"
    )
    assert margin_line(recommendation, explanation).startswith("A tie: MHA and MBA both score 50.0. ")
    assert change_lines(recommendation, report.answers, explanation) == [
        "No change of one or two of your own answers would put one degree ahead of the others."
    ]


def test_a_pick_resting_on_one_claim_is_a_close_call() -> None:
    """The manager's MHA leads, but would not without one claim: the margin line says so."""
    report = report_of(persona_answers(MANAGER))
    assert margin_line(report.recommendation, report.explanation) == (
        "A close call: it scores 12.2 above MBA, but the pick rests on one claim (below)."
    )


def test_no_open_degree_is_headlined_as_none_open() -> None:
    """When gates close every degree, the headline names them all and no best fit."""
    report = report_of(persona_answers(PHYSICIAN))
    closed = Recommendation(
        tuple(r._replace(eligibility="ineligible") for r in report.recommendation.ranking)
    )
    before, codes, after = headline(closed, report.explanation)
    assert (before, codes) == ("No degree is open to you: ", "MMM, MBA, MHA and MMed")
    assert after == " each ask for something you do not have (below)."
    assert margin_line(closed, report.explanation).startswith("degreefit names no best fit;")
    assert document_title(closed, report.explanation) == "degreefit: no degree is open to you"


def test_why_not_says_where_a_degree_stands_and_what_would_put_it_first() -> None:
    """--why-not: the rank and score, then already first, or no change would do, or the change."""
    report = report_of(persona_answers(PHYSICIAN), why_not="MBA")
    why = report.explanation.why_not
    assert why is not None
    assert why_not_standing(why, 4) == "It ranks 2 of 4, score 50.0."
    assert why_not_verdict(why, report.answers.values, "MMM") == (
        "No change of one or two of your own answers would put MBA first."
    )
    first = report_of(persona_answers(LEAVER), why_not="MBA").explanation.why_not
    assert first is not None
    assert why_not_verdict(first, report.answers.values, "MBA") == "MBA is already your top pick."


def test_a_score_adds_up_with_real_minus_signs_and_the_curve(ruleset: RuleSet) -> None:
    """Each rule's points, their total and the curve; a degree no rule moved says so."""
    ranking = report_of(persona_answers(PHYSICIAN)).recommendation.ranking
    assert [score_sum(result, ruleset) for result in ranking] == [
        "3 + 2 + 2 = 7 points → score 100 / (1 + e^(−7/6)) = 76.3",
        "no rule fired: 0 points → score 100 / (1 + e^(0/6)) = 50.0",
        "−2 = −2 points → score 100 / (1 + e^(2/6)) = 41.7",
        "1 − 2 − 2 − 1 − 1 = −5 points → score 100 / (1 + e^(5/6)) = 30.3",
    ]


def test_a_note_names_the_degrees_it_is_about() -> None:
    """A note about some degrees ends with them; a note about all of them stands alone."""
    notes = report_of(persona_answers(PHYSICIAN)).recommendation.notes
    lines = [note_line(note) for note in notes]
    assert lines[0] == notes[0].text
    assert lines[1] == f"{notes[1].text} (MMM)"


def test_a_cited_section_names_its_source_and_marks_one_written_by_ai(ruleset: RuleSet) -> None:
    """How a list of sources names a section: source, title, section, and the AI tag when due."""
    assert cited_section(ruleset.source("mmed-guide"), "How Master of Medicine Programs Work") == (
        "MMed guide, “Master of Medicine: Your Guide to Advanced Medical Degrees”, "
        "section “How Master of Medicine Programs Work” (AI-written source)"
    )
    usnews = next(source for source in ruleset.sources if not source.ai_written)
    assert not cited_section(usnews, "Any").endswith("(AI-written source)")


def test_answers_read_as_people_write_them(ruleset: RuleSet) -> None:
    """Labels instead of ids, several choices joined by semicolons, yes/no, numbers as they are."""
    questions = {question.id: question for question in ruleset.questions}
    assert readable_answer(questions["clinical_status"], "practicing_physician") == "Practicing physician"
    assert readable_answer(questions["goals"], ("lead_within_health_system", "quality_improvement")) == (
        "Lead within a health system; Improve quality and operations"
    )
    assert readable_answer(questions["keep_practicing"], True) == "yes"
    assert readable_answer(questions["wants_research"], False) == "no"
    assert readable_answer(questions["max_years"], 2) == "2"


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [(1, "row", "", "1 row"), (2500, "row", "", "2,500 rows"), (2021, "person", "people", "2,021 people")],
)
def test_counted_says_the_count_with_its_noun(count: int, noun: str, plural: str, expected: str) -> None:
    """One row, thousands with a comma, an irregular plural when given."""
    assert counted(count, noun, plural) == expected
