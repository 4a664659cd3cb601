"""The score curve: points to a 0-100 score, 50 at zero, never falling as points rise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.scorecurve import score


@settings(max_examples=100, deadline=None)
@given(spread=st.floats(min_value=0.1, max_value=100.0))
def test_score_of_zero_points_is_50(spread: float) -> None:
    """Zero points score exactly 50, whatever the spread."""
    assert score(0, spread) == 50.0


@settings(max_examples=200, deadline=None)
@given(
    a=st.floats(min_value=-1e6, max_value=1e6),
    b=st.floats(min_value=-1e6, max_value=1e6),
    spread=st.floats(min_value=1.0, max_value=20.0),
)
def test_score_never_falls_as_points_rise(a: float, b: float, spread: float) -> None:
    """More points never give a lower score, and the score stays within 0..100."""
    low, high = sorted((a, b))
    assert 0.0 <= score(low, spread) <= score(high, spread) <= 100.0


def test_score_follows_the_curve_described_in_scoring_yaml() -> None:
    """With a spread of 6: +6 points score 73.1, +12 score 88.1, -6 score 26.9."""
    assert [score(p, 6) for p in (6, 12, -6)] == [73.1, 88.1, 26.9]


@pytest.mark.parametrize(("points", "expected"), [(-5000, 0.0), (-1e308, 0.0), (5000, 100.0), (1e308, 100.0)])
def test_score_of_extreme_points_is_0_or_100(points: float, expected: float) -> None:
    """A degree far below zero points scores 0 (far above, 100): it does not overflow."""
    assert score(points, 6) == expected
