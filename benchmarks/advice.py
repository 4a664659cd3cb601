"""How often the advice answers: three figures over a seeded random population of valid answer sets.

1. tied for first: the share of people with two or more degrees open to them sharing first place;
2. no reason: the share for whom no degree they can enter now (eligible) has any reason counted
   for it (a reason against does not count: it tells a person nothing to choose by);
3. not-yet first: how many people have a degree they cannot enter yet heading the advice.

Targets (issue 19, after issue 18's 25%, 10% and 0): at most 20%, at most 5%, and 0. On main 0fe88c8
(the ranking before issue 18) the same 240 people gave 41.2%, 35.4% and 40; before issue 19's primary
sources (01e379c), 18.3%, 7.5% and 0. The population is drawn from the rule set's
questions (rules/questions.yaml), the same people every run for a seed:

    python benchmarks/advice.py [--people 240] [--seed 18] [--check] [--rules DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from pathlib import Path

os.environ.setdefault("DEGREEFIT_CACHE_DIR", "")  # measure the rules, not the rule-set cache

from degreefit.answers import random_answers
from degreefit.engine import Engine
from degreefit.ruleset.load import load_ruleset

TIED_TARGET = 0.20
NO_REASON_TARGET = 0.05
NOT_YET_FIRST_TARGET = 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=240, help="random answer sets (default 240)")
    parser.add_argument("--seed", type=int, default=18, help="the population's seed (default 18)")
    parser.add_argument("--rules", type=Path, default=None, help="a rule set folder (default: built in)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()

    ruleset = load_ruleset(args.rules) if args.rules else load_ruleset()
    engine = Engine(ruleset)
    rng = random.Random(args.seed)
    tied = no_reason = not_yet_first = 0
    for _ in range(args.people):
        recommendation = engine.recommend(random_answers(ruleset, rng))
        ranking = recommendation.ranking
        tied += recommendation.standings.tied
        open_now = [r for r in ranking if r.eligibility == "eligible"]
        no_reason += not any(c.points > 0 for r in open_now for c in r.contributions)
        not_yet_first += any(
            recommendation.result(code).eligibility != "eligible" for code in recommendation.standings.first
        )

    people = args.people
    print(f"advice over {people:,} random valid answer sets (seed {args.seed}):")
    print(f"  tied for first         {tied / people:6.1%}  ({tied} of {people}; target <= {TIED_TARGET:.0%})")
    print(
        f"  no reason for any open {no_reason / people:6.1%}  "
        f"({no_reason} of {people}; target <= {NO_REASON_TARGET:.0%})"
    )
    print(f"  not-yet degree first   {not_yet_first:6d}  (of {people}; target {NOT_YET_FIRST_TARGET})")
    missed = (
        tied / people > TIED_TARGET
        or no_reason / people > NO_REASON_TARGET
        or not_yet_first > NOT_YET_FIRST_TARGET
    )
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
