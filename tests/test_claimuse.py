"""How rules may use claims (`degreefit/claimuse.py`): only the degrees and the people a claim speaks
of, once a degree, at a level on the scale of scoring.yaml; and claims that nothing uses say why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from degreefit.claimuse import Use, use_problems
from degreefit.models import RuleSet

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from test_scale import calls, generated
else:
    from tests.test_scale import calls, generated


def _uses(ruleset: RuleSet) -> list[Use]:
    return [Use("rule", r.id, r.claim, r.when, tuple(r.effects)) for r in ruleset.rules]


def test_checking_how_rules_use_their_claims_grows_with_the_rules(ruleset: RuleSet) -> None:
    """The claim checks of `rules check` (one claim counts once for a degree, ...) on 4,000 generated
    rules take about twice the work of 2,000, not four times: rules are compared only with the rules
    that share their claim."""
    small, large = generated(ruleset, 2000), generated(ruleset, 4000)
    ratio = calls(lambda: use_problems(_uses(large), large)) / calls(
        lambda: use_problems(_uses(small), small)
    )
    assert ratio < 2.3, ratio
