"""The report's outline (degreefit/outline.py): its parts in order, each heading and its text for when
it is empty, which parts are left out, and what each lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from degreefit.outline import (
    BEFORE_YOU_ENROL,
    COUNTS_AGAINST,
    OTHER_DEGREES,
    SOURCES,
    UNKNOWNS,
    WHAT_WOULD_CHANGE,
    WHY_IT_FITS,
    WORTH_KNOWING,
    YOUR_ANSWERS,
    AnswerRows,
    Breakdown,
    Bullets,
    Headline,
    OtherDegrees,
    Part,
    Ranking,
    SourceList,
    TopPick,
    WhyNotDegree,
    outline,
)

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import PERSONAS, persona_answers
    from test_report import report_of
else:
    from tests.conftest import PERSONAS, persona_answers
    from tests.test_report import report_of

PHYSICIAN = "mid-career physician leading inside a health system"
MANAGER = "early-career manager running a hospital's operations"
STUDENT = "medical student aiming at pediatrics"


def kinds(parts: tuple[Part, ...]) -> list[str]:
    """Each part by its class name, and a list of lines by its heading."""
    return [part.heading.text if isinstance(part, Bullets) else type(part).__name__ for part in parts]


def test_the_outline_orders_every_section_of_the_report() -> None:
    """The physician's report: headline, ranking, top pick, what the sources do not say, what is worth
    knowing, the other degrees, what would change the pick, the answers and the sources."""
    parts = outline(report_of(persona_answers(PHYSICIAN)))
    assert kinds(parts) == [
        "Headline",
        "Ranking",
        "TopPick",
        UNKNOWNS.text,
        WORTH_KNOWING.text,
        "OtherDegrees",
        WHAT_WOULD_CHANGE.text,
        "AnswerRows",
        "SourceList",
    ]
    assert isinstance(parts[-2], AnswerRows)
    assert parts[-2].heading == YOUR_ANSWERS
    assert isinstance(parts[-1], SourceList)
    assert parts[-1].heading == SOURCES


def test_explain_and_why_not_add_their_sections_before_the_answers() -> None:
    """--explain adds how each score adds up, --why-not the degree asked about, both after what would
    change the pick and before the answers."""
    parts = outline(report_of(persona_answers(PHYSICIAN), breakdown=True, why_not="MBA"))
    names = kinds(parts)
    assert names[names.index(WHAT_WOULD_CHANGE.text) + 1 :] == [
        "Breakdown",
        "WhyNotDegree",
        "AnswerRows",
        "SourceList",
    ]
    breakdown = next(part for part in parts if isinstance(part, Breakdown))
    ranking = next(part for part in parts if isinstance(part, Ranking))
    assert [d.result for d in breakdown.degrees] == list(ranking.results)
    assert [fired.contribution for fired in breakdown.degrees[0].rules] == list(
        ranking.results[0].contributions
    )
    assert all(fired.condition for d in breakdown.degrees for fired in d.rules)
    why_not = next(part for part in parts if isinstance(part, WhyNotDegree))
    assert why_not.heading.text == "Why not MBA?"
    assert why_not.standing == "It ranks 2 of 4, score 50.0."
    assert why_not.missing is not None
    assert why_not.missing.rules, "the physician's MBA misses rules that would count for it"


def test_a_section_with_nothing_to_list_is_left_out() -> None:
    """The manager's report has no notes worth knowing: that section is not there at all."""
    names = kinds(outline(report_of(persona_answers(MANAGER))))
    assert WORTH_KNOWING.text not in names
    assert UNKNOWNS.text in names


def test_the_top_pick_always_says_why_it_fits_and_what_counts_against_it() -> None:
    """ "Why it fits" and "What counts against it" are always there (with their text for when they are
    empty); "Before you can enrol" only when a gate applies to the top pick."""
    top = outline(report_of(persona_answers(PHYSICIAN)))[2]
    assert isinstance(top, TopPick)
    assert [reasons.heading for reasons in top.reasons] == [WHY_IT_FITS, COUNTS_AGAINST]
    fits, against = top.reasons
    assert fits.contributions
    assert [c.points for c in fits.contributions] == sorted(
        (c.points for c in fits.contributions), reverse=True
    )
    assert against.contributions == ()
    assert COUNTS_AGAINST.empty == "Nothing counted against it."
    assert top.margin == "A clear lead: it scores 26.3 above MBA."
    assert top.rests_on is None

    student = outline(report_of(persona_answers(STUDENT)))[2]
    assert isinstance(student, TopPick)
    assert [reasons.heading for reasons in student.reasons] == [WHY_IT_FITS, COUNTS_AGAINST, BEFORE_YOU_ENROL]
    assert student.reasons[-1].gates == student.result.gates
    assert BEFORE_YOU_ENROL.heed


def test_a_pick_that_rests_on_one_claim_lists_it_under_a_heading_to_heed() -> None:
    """The manager's MHA would not come first without one claim: the top pick lists it, cited."""
    top = outline(report_of(persona_answers(MANAGER)))[2]
    assert isinstance(top, TopPick)
    assert top.rests_on is not None
    assert top.rests_on.heading.text == "Without this claim, MHA would not come first"
    assert top.rests_on.heading.heed
    assert len(top.rests_on.lines) == 1
    assert top.rests_on.lines[0].cite is not None


@pytest.mark.parametrize("name", list(PERSONAS))
def test_other_degrees_follow_the_ranking_with_their_reasons_strongest_first(name: str) -> None:
    """Every degree but the first, in ranking order; what counted for it and against it, strongest first."""
    parts = outline(report_of(persona_answers(name)))
    ranking, others = parts[1], next(part for part in parts if isinstance(part, OtherDegrees))
    assert isinstance(ranking, Ranking)
    assert others.heading == OTHER_DEGREES
    assert OTHER_DEGREES.empty == "No rule counted for or against it."
    assert [degree.result for degree in others.degrees] == list(ranking.results[1:])
    assert others.degrees
    for degree in others.degrees:
        assert all(c.points > 0 for c in degree.counts_for)
        assert all(c.points < 0 for c in degree.counts_against)
        assert [abs(c.points) for c in degree.counts_for + degree.counts_against] == sorted(
            (abs(c.points) for c in degree.counts_for), reverse=True
        ) + sorted((abs(c.points) for c in degree.counts_against), reverse=True)


def test_the_headline_names_the_best_fit_for_a_console_and_as_a_title() -> None:
    """The headline comes in two forms: spoken, with the codes apart, and as a document's title."""
    headline = outline(report_of(persona_answers(PHYSICIAN)))[0]
    assert isinstance(headline, Headline)
    assert headline.spoken == ("Best fit: ", "MMM", " (Master of Medical Management)")
    assert headline.title == "degreefit: best fit is the MMM (Master of Medical Management)"


def test_the_answers_are_listed_in_question_order_as_a_person_reads_them() -> None:
    """Each answer by its question's title, with labels instead of ids and yes/no for booleans."""
    rows = next(p for p in outline(report_of(persona_answers(PHYSICIAN))) if isinstance(p, AnswerRows)).rows
    assert rows[0] == ("Clinical status", "Practicing physician")
    assert ("Keep clinical work", "yes") in rows
    assert ("Goals", "Lead within a health system; Improve quality and operations") in rows
