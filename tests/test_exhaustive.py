"""An exhaustive branch that meets a value it does not handle fails loudly, naming the value."""

from __future__ import annotations

from typing import Any

import pytest

from degreefit.errors import assert_never


def test_an_unhandled_value_is_named_in_the_failure() -> None:
    """A kind added to the data but missed by a branch shows up as an error naming it."""
    unexpected: Any = "ranking"
    with pytest.raises(AssertionError, match="unhandled value: 'ranking'"):
        assert_never(unexpected)
