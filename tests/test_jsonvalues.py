"""JSON values in one-line messages: escaped, short, and named by type where they are long."""

from __future__ import annotations

from degreefit.quoting import Unusable, json_type, shown


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
