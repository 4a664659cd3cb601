"""How messages spell what they quote (degreefit/quoting.py): did-you-mean hints and values as
YAML spells them."""

from __future__ import annotations

import pytest

from degreefit.quoting import closest, did_you_mean, straight_quotes, suggestion, yaml_spelling

CODES = ["MMM", "MHA", "MBA", "MMed"]


def test_swapped_letters_rank_before_a_closer_looking_code() -> None:
    """MAB suggests MBA, its letters swapped, though difflib alone would offer MHA first."""
    assert closest("MAB", CODES) == "MBA"


def test_swapped_letters_are_found_whatever_their_case() -> None:
    """A swap typed in lower case still suggests the code as the rule set spells it."""
    assert suggestion("mab", CODES) == "did you mean 'MBA'?"


def test_two_codes_with_the_same_letters_leave_the_choice_to_likeness() -> None:
    """When the letters fit more than one option, the most alike is offered, not the first listed."""
    assert closest("AMH", ["HAM", "MHA"]) == "MHA"


def test_a_name_written_right_suggests_itself() -> None:
    """A name that is an option is its own closest option (never another with the same letters)."""
    assert closest("MBA", CODES) == "MBA"


def test_nothing_close_gives_no_hint() -> None:
    """A name like none of the options gets no suggestion at all, not a poor one."""
    assert closest("xyz", CODES) == ""
    assert suggestion("xyz", CODES) == ""
    assert did_you_mean("xyz", CODES) == ""


def test_the_hint_is_quoted_unless_asked_not_to_be() -> None:
    """The suggestion quotes the option as a message quotes a value; quoted=False leaves it bare."""
    assert suggestion("MAB", CODES) == "did you mean 'MBA'?"
    assert suggestion("MAB", CODES, quoted=False) == "did you mean MBA?"


def test_did_you_mean_ends_a_message() -> None:
    """did_you_mean starts with "; " so that it can be put after any message."""
    assert f"unknown degree 'MAB'{did_you_mean('MAB', CODES)}" == "unknown degree 'MAB'; did you mean 'MBA'?"


def test_a_stricter_cutoff_drops_a_distant_hint() -> None:
    """A hint that passes the usual cutoff is dropped when a closer match is asked for."""
    assert closest("MMedd", CODES) == "MMed"
    assert closest("career", ["career_stage"]) == "career_stage"
    assert closest("career", ["career_stage"], cutoff=0.9) == ""


def test_only_the_first_100_characters_of_a_long_value_are_compared() -> None:
    """A value pasted far too long is compared by its first 100 characters, the rest ignored."""
    option = "lead_within_health_system_" * 4  # 104 characters
    assert closest(option[:100] + "x" * 5000, [option, "goals"]) == option


@pytest.mark.parametrize(
    ("value", "spelt"),
    [
        (True, "true"),
        (False, "false"),
        ("mid", "'mid'"),
        (3, "3"),
        (1.5, "1.5"),
        (2.0, "2"),
        (-0.0, "0"),
        (1e20, "1e+20"),
        (float("inf"), ".inf"),
        (float("-inf"), "-.inf"),
        (float("nan"), ".nan"),
        (None, "null"),
    ],
)
def test_values_are_spelt_as_yaml_writes_them(value: object, spelt: str) -> None:
    """A value in a message reads as it would in the YAML file: true, 'text', 3, .inf."""
    assert yaml_spelling(value) == spelt


def test_typographic_quotes_become_the_ones_a_keyboard_types() -> None:
    """Curly quotes and apostrophes are made straight; everything else is kept."""
    assert straight_quotes("What’s the “MMM” — ‘really’?") == "What's the \"MMM\" — 'really'?"
