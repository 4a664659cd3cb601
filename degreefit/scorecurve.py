"""The score curve: how a degree's points become the 0-100 score the ranking shows.

One logistic curve for every degree: 50 at zero points, rising towards 100 with points for,
falling towards 0 with points against. `spread` (rules/scoring.yaml) sets how many points
move a score far: at `spread` points a score is about 73.
"""

from __future__ import annotations

import math


def score(points: float, spread: float) -> float:
    """A 0-100 score for a number of points: 50 at zero, rising along a logistic curve."""
    x = points / spread
    if x >= 0:
        return round(100.0 / (1.0 + math.exp(-x)), 1)
    e = math.exp(x)  # the same curve, written so that a large negative x cannot overflow
    return round(100.0 * e / (1.0 + e), 1)
