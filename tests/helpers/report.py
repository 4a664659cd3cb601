"""Helpers for the report tests: persona names and a report of a persona's answers."""

from __future__ import annotations

from typing import Any

from degreefit.answers import validate
from degreefit.report import (
    Report,
    report_for,
)
from degreefit.report.outline import (
    AnswerRows,
    Breakdown,
    Bullets,
    LaterPaths,
    OtherDegrees,
    Part,
    Silence,
    SourceList,
    TiedDegrees,
    TopPick,
    WhyNotDegree,
)
from degreefit.ruleset.load import load_ruleset

# A nurse whose only goal is global health work: no rule links the MHA or the MBA to it, and the
# MMM and the MMed are closed to her, so the MHA and the MBA tie for first with nothing for either.
NURSE_FOR_GLOBAL_HEALTH: dict[str, Any] = {
    "clinical_status": "other_clinician",
    "career_stage": "mid",
    "goals": ["global_health_organization"],
    "keep_practicing": False,
    "study_format": "online_part_time",
    "max_years": 2,
    "wants_research": False,
    "recognition_importance": "medium",
    "can_reduce_income": False,
}
# Her report's first line in text and in Markdown: a tie, and no pick.
NO_PICK_TEXT = "A tie, and no pick: no goal of yours counts for MHA or MBA in the sources\n"
NO_PICK_MARKDOWN = (
    "# degreefit: a tie, and no pick: no goal of yours counts for the MHA or the MBA in the sources\n"
)


# A medical student: the MMed and the MMM are not open to her yet.
STUDENT: dict[str, Any] = {
    "clinical_status": "medical_student",
    "career_stage": "student",
    "goals": ["specialize_clinically"],
    "specialty": "pediatrics",
    "study_format": "either",
    "max_years": 4,
    "wants_research": True,
    "recognition_importance": "low",
    "can_reduce_income": True,
}


# A resident who could give one year: the MMed's typical length is a conflict for him.
RESIDENT_WITH_ONE_YEAR: dict[str, Any] = {
    "clinical_status": "physician_in_training",
    "career_stage": "early",
    "goals": ["specialize_clinically", "research_academic"],
    "specialty": "surgery",
    "keep_practicing": True,
    "study_format": "either",
    "max_years": 1,
    "wants_research": True,
    "recognition_importance": "medium",
    "can_reduce_income": True,
}


def report_of(answers: dict[str, Any], *, breakdown: bool = False, why_not: str | None = None) -> Report:
    """The report `ask` prints for these answers on the built-in rules."""
    ruleset = load_ruleset()
    valid = validate(answers, ruleset, name="answers")
    return report_for(ruleset, valid, breakdown=breakdown, why_not=why_not)


def headings(parts: tuple[Part, ...]) -> list[str]:
    """Every heading of an outline in order, and the text a section shows in place of an empty list."""
    found: list[str] = []
    for part in parts:
        if isinstance(part, TopPick):
            found += [part.rests_on.heading.text] if part.rests_on else []
            for reasons in part.reasons:
                found.append(reasons.heading.text)
                found += [] if reasons.gates or reasons.contributions else [reasons.heading.empty]
        elif isinstance(
            part, (Bullets, OtherDegrees, Breakdown, AnswerRows, SourceList, TiedDegrees, Silence)
        ):
            found.append(part.heading.text)
        elif isinstance(part, LaterPaths):
            found.append(part.heading.text)
            for path in part.paths:
                found.append(path.counts_for.heading.text)
        elif isinstance(part, WhyNotDegree):
            found.append(part.heading.text)
            found += [part.against.heading.text] if part.against else []
            found += [part.missing.heading.text] if part.missing else []
    return found
