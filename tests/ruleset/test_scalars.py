"""Numbers, true/false and a level's points are taken only as written (`degreefit/ruleset/scalars.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.edits import OFF_THE_SCALE, edit, problems_of

LEVEL_FAULTS = {
    "zero": (
        "{name: weak, points: 1}",
        "{name: weak, points: 0}",
        f"level 'weak' has 0 {OFF_THE_SCALE}strong 3, moderate 2)",
    ),
    "negative": (
        "{name: weak, points: 1}",
        "{name: weak, points: -1}",
        f"level 'weak' has -1 {OFF_THE_SCALE}strong 3, moderate 2)",
    ),
    "eleven": (
        "{name: strong, points: 3}",
        "{name: strong, points: 11}",
        f"level 'strong' has 11 {OFF_THE_SCALE}moderate 2, weak 1)",
    ),
    "a-billion": (
        "{name: strong, points: 3}",
        "{name: strong, points: 1.0e+9}",
        f"level 'strong' has 1000000000 {OFF_THE_SCALE}moderate 2, weak 1)",
    ),
    "1e9": (
        "{name: strong, points: 3}",
        "{name: strong, points: 1e9}",
        f"level 'strong' has '1e9' {OFF_THE_SCALE}moderate 2, weak 1)",
    ),
    "fraction": (
        "{name: moderate, points: 2}",
        "{name: moderate, points: 1.5}",
        f"level 'moderate' has 1.5 {OFF_THE_SCALE}strong 3, weak 1)",
    ),
    "word": (
        "{name: strong, points: 3}",
        "{name: strong, points: three}",
        f"level 'strong' has 'three' {OFF_THE_SCALE}moderate 2, weak 1)",
    ),
    "boolean": (
        "{name: weak, points: 1}",
        "{name: weak, points: true}",
        f"level 'weak' has true {OFF_THE_SCALE}strong 3, moderate 2)",
    ),
    "name-twice": (
        "    - {name: weak, points: 1}\n",
        "    - {name: weak, points: 1}\n    - {name: strong, points: 4}\n",
        "level 'strong' is listed twice",
    ),
}


@pytest.mark.parametrize(("old", "new", "message"), LEVEL_FAULTS.values(), ids=list(LEVEL_FAULTS))
def test_a_scale_level_is_a_named_whole_number_of_points_from_1_to_10(
    rules_copy: Path, old: str, new: str, message: str
) -> None:
    """The levels of scoring.yaml give each claim's points: a level's points that are not a whole number
    from 1 to 10 (zero, negative, a fraction, a word, a billion, true) are refused at the offending line,
    naming the range and the other levels; so is a level name listed twice."""
    line = edit(rules_copy, "scoring.yaml", old, new) + new[:-1].count("\n")  # the last line of `new`
    assert problems_of(rules_copy) == [f"scoring.yaml:{line}: {message}"]


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "scoring.yaml",
            "ai_written_discount: 0.5\n",
            "ai_written_discount: true\n",
            "ai_written_discount: must be a number; got true",
        ),
        (
            "scoring.yaml",
            "ai_written_discount: 0.5\n",
            "ai_written_discount: '0.5'\n",
            "ai_written_discount: must be a number; got '0.5'",
        ),
        (
            "questions.yaml",
            "    min: 1\n",
            "    min: '1'\n",
            "max_years: min: must be a whole number; got '1'",
        ),
        (
            "questions.yaml",
            "    min: 1\n",
            "    min: true\n",
            "max_years: min: must be a whole number; got true",
        ),
        (
            "questions.yaml",
            "    actionable: true\n    topic: Goals\n",
            "    actionable: 'yes'\n    topic: Goals\n",
            "goals: actionable: must be true or false; got 'yes'",
        ),
        (
            "questions.yaml",
            "    required: false\n",
            "    required: 0\n",
            "region: required: must be true or false; got 0",
        ),
        (
            "sources.yaml",
            "    tier: news\n",
            "    tier: 0\n",
            "usnews-mmm: tier: Input should be 'primary', 'institutional', 'news' or 'ai_written'",
        ),
    ],
    ids=[
        "discount-true",
        "discount-text",
        "min-text",
        "min-true",
        "actionable-text",
        "required-0",
        "tier-0",
    ],
)
def test_numbers_and_true_or_false_are_taken_only_as_written(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """A number written as true or as text ('6'), or true/false written as a word or a number, is refused
    at its line, saying what the key takes and what it got (pydantic alone would take true for 1); a
    source's tier written as a number is refused, naming the tiers."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]
