"""Rule sets of thousands of rules: checking and scoring them takes work in proportion to the rules.

The work is counted (calls of Python functions, comprehensions included), never timed: twice the
rules must take about twice the calls, where 10,000 rules once took 8 to 21 s to check. The claim
checks' own such test is in ruleset/test_claimuse.py, with `generated` and `calls` from here.
"""

from __future__ import annotations

from degreefit.engine import Engine
from degreefit.models import RuleSet
from tests.helpers.scale import calls, generated


def test_grouping_rules_for_the_engine_grows_with_the_rules(ruleset: RuleSet) -> None:
    """Compiling 4,000 generated rules for scoring takes about twice the work of 2,000: each rule finds
    its group in one step, not by trying every group."""
    small, large = generated(ruleset, 2000), generated(ruleset, 4000)
    ratio = calls(lambda: Engine(large)) / calls(lambda: Engine(small))
    assert ratio < 2.3, ratio
