"""A pydantic error of a rule file reads in plain words: an unknown key with what was meant, a number
that must be finite, an effect written as points (`degreefit/ruleset/shapes.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.edits import FIRST_RULE, OFF_THE_SCALE, POINTS_FROM_LEVELS, TOO_LONG, edit, problems_of


def test_unknown_key_in_a_rule_names_the_key_the_rule_and_the_line(rules_copy: Path) -> None:
    """A key a rule does not have (a typo, a made-up field) is an error naming it, the rule and its line."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: for}\n",
        "    effects: {MMed: for}\n    weight: 3\n",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: mmed-for-specialising: unknown key 'weight'"
    ]


def test_unknown_key_at_the_top_of_a_rule_file_is_reported(rules_copy: Path) -> None:
    """A rule file whose list is misspelt (rulez:) is an error, not an empty file."""
    edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n")
    (problem,) = problems_of(rules_copy)
    assert problem.startswith("rules/clinical.yaml:")
    assert problem.endswith(": unknown key 'rulez'; did you mean 'rules'?")


def test_unknown_key_with_a_block_value_is_reported_at_the_key(rules_copy: Path) -> None:
    """The line of an unknown key is the key's own line, even when its value starts on the next."""
    line = edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n") + 1
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: unknown key 'rulez'; did you mean 'rules'?"
    ]


def test_misspelt_operators_keys_and_numbers_say_what_was_meant(rules_copy: Path) -> None:
    """An advisor editing rules sees, for a misspelt operator or key, the one it most likely meant,
    and for an effect that is neither `for` nor `against`, what an effect takes (in plain words, with
    the value)."""
    operator = edit(
        rules_copy,
        "rules/leadership.yaml",
        "        - goals: {contains_any: [support_clinical_teams]}\n",
        "        - goals: {contians_any: [support_clinical_teams]}\n",
        after="  - id: mmm-frontline-leaders\n",
    )
    key = edit(rules_copy, "rules/practicalities.yaml", "    claim: ", "    cliam: ", after=TOO_LONG)
    word = edit(
        rules_copy, "rules/clinical.yaml", "effects: {MMed: for}", "effects: {MMed: four}", after=FIRST_RULE
    )
    found = problems_of(rules_copy)
    assert (
        f"rules/clinical.yaml:{word}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got 'four'); {POINTS_FROM_LEVELS}" in found
    )
    assert any(
        p.startswith(f"rules/leadership.yaml:{operator}: mmm-frontline-leaders:")
        and "unknown operator 'contians_any' (did you mean 'contains_any'?)" in p
        for p in found
    ), found
    assert (
        f"rules/practicalities.yaml:{key}: mmed-too-long: unknown key 'cliam'; did you mean 'claim'?" in found
    )


FINITE = "Input should be a finite number"


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "scoring.yaml",
            "ai_written_discount: 0.5",
            "ai_written_discount: .nan",
            f"ai_written_discount: {FINITE}",
        ),
        (
            "scoring.yaml",
            "ai_written_discount: 0.5",
            "ai_written_discount: .inf",
            f"ai_written_discount: {FINITE}",
        ),
        (
            "scoring.yaml",
            "{name: strong, points: 3}",
            "{name: strong, points: .nan}",
            f"level 'strong' has .nan {OFF_THE_SCALE}moderate 2, weak 1)",
        ),
        (
            "scoring.yaml",
            "{name: weak, points: 1}",
            "{name: weak, points: -.inf}",
            f"level 'weak' has -.inf {OFF_THE_SCALE}strong 3, moderate 2)",
        ),
    ],
    ids=["nan-discount", "infinite-discount", "nan-level", "infinite-level"],
)
def test_non_finite_numbers_in_a_rule_set_are_rejected(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """A discount or a level's points that is not a finite number is a problem of the rule set, at its
    line."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]


@pytest.mark.parametrize(
    ("weight", "shown"),
    [
        pytest.param("4", "4", id="points"),
        pytest.param("-4", "-4", id="negative-points"),
        pytest.param(".nan", "nan", id="nan"),
        pytest.param("-.inf", "-inf", id="infinite"),
        pytest.param("four", "'four'", id="word"),
        pytest.param("For", "'For'", id="capitalised"),
        pytest.param("yes", "True", id="boolean"),
    ],
)
def test_a_weight_typed_into_a_rule_is_refused(rules_copy: Path, weight: str, shown: str) -> None:
    """Points are never typed into a rule: an effect that is not `for` or `against` (a number, even
    a non-finite one, or any other word) is refused at its line, saying that the points come from the
    claim's level, and naming the levels of scoring.yaml with their points."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        f"effects: {{MMed: {weight}}}",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got {shown}); {POINTS_FROM_LEVELS}"
    ]
