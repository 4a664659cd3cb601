"""How messages spell what they quote (degreefit/quoting.py): did-you-mean hints, values as YAML
spells them, and JSON values in one-line messages, escaped, short, and named by type where they
are long."""

from __future__ import annotations

import pytest

from degreefit.quoting import (
    Unusable,
    closest,
    did_you_mean,
    json_type,
    shown,
    straight_quotes,
    suggestion,
    yaml_spelling,
)

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


def test_a_value_is_shown_as_json_and_cut_at_40_characters() -> None:
    """Strings keep their quotes and escapes; a long one ends in an ellipsis within 40 characters."""
    assert shown("caf\u00e9") == '"caf\\u00e9"'
    assert shown(True) == "true"
    assert shown(None) == "null"
    long = shown("x" * 100)
    assert len(long) == 40
    assert long.endswith("...")


def test_objects_and_lists_are_named_not_written_out() -> None:
    """A list or an object in a message is named by its type, whatever it holds."""
    assert shown([1, 2]) == "a list"
    assert shown({"a": 1}) == "an object"
    assert [json_type(v) for v in ("s", 1, 1.5, False, None)] == [
        "a string",
        "a number",
        "a number",
        "a boolean",
        "null",
    ]


def test_an_unusable_token_is_named_as_written_or_by_its_length() -> None:
    """NaN reads as written; a 30-digit number by how many digits it has."""
    assert shown(Unusable("NaN")) == json_type(Unusable("NaN")) == "NaN"
    assert shown(Unusable("1" * 30)) == "a 30-digit number"
    assert Unusable("1" * 30).written == "1" * 30
