"""Engine speed: answer sets scored (and ranked) per second, and the time of the
what-would-change search.

Targets (issue 5): at least 100,000 answer sets per second on one core, and the
exhaustive search over every one- and two-answer change under 50 ms. For information
(issue 22): the same search on a goals question of 2,000 choices more, which tries only
the first `explain.MAX_TRIED` changes. Scoring gives each
degree's goal and cost points and eligibility (`Engine.outcome`); ranking reads the one
ranking every command reads (`Engine.standings`). Run it with the Python of the
environment degreefit is installed in:

    python benchmarks/engine.py [--sets 20000] [--check]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DEGREEFIT_CACHE_DIR", "")  # measure the engine, not the rule-set cache

from degreefit.answers import AnswerSpace, random_answers
from degreefit.engine import Engine
from degreefit.explain import MAX_TRIED, search_changes, what_would_change
from degreefit.models import AnswerValue, RuleSet
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset

RATE_TARGET = 100_000
SEARCH_TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", type=int, default=20_000, help="random answer sets (default 20000)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()

    ruleset = load_ruleset()
    rng = random.Random(2025)
    sets = [random_answers(ruleset, rng) for _ in range(args.sets)]

    engine = Engine(ruleset)
    start = time.perf_counter()
    for answers in sets:
        engine.outcome(answers)
    cold = len(sets) / (time.perf_counter() - start)
    start = time.perf_counter()
    for answers in sets:
        engine.outcome(answers)
    warm = len(sets) / (time.perf_counter() - start)
    start = time.perf_counter()
    for answers in sets:
        engine.standings(engine.outcome(answers))
    ranked = len(sets) / (time.perf_counter() - start)

    # The search's own workload: every one-answer change of a person's answers, and pairs.
    space = AnswerSpace(ruleset)
    neighbours = []
    for answers in sets[:200]:
        for change in space.changes(answers):
            changed = dict(answers)
            changed[change.question.id] = change.applied(changed)
            neighbours.append(space.settle(changed))
    engine = Engine(ruleset)
    start = time.perf_counter()
    for answers in neighbours:
        engine.outcome(answers)
    nearby = len(neighbours) / (time.perf_counter() - start)

    timings = []
    for answers in sets[:300]:
        engine = Engine(ruleset)  # a fresh engine each time: one `ask` run's cost, caches empty
        start = time.perf_counter()
        what_would_change(engine, answers)
        timings.append((time.perf_counter() - start) * 1000)
    median, worst = statistics.median(timings), max(timings)

    print(f"answer sets scored per second, random, first time  {cold:10,.0f}")
    print(f"answer sets scored per second, random, cached      {warm:10,.0f}  (target >= {RATE_TARGET:,})")
    print(f"answer sets scored and ranked per second, cached   {ranked:10,.0f}")
    print(f"answer sets scored per second, one change away     {nearby:10,.0f}  (the search's workload)")
    print(
        f"what-would-change search, fresh engine: median {median:.1f} ms, worst {worst:.1f} ms "
        f"over {len(timings)} people (target < {SEARCH_TARGET_MS:g} ms)"
    )
    many, cut = _many_goals_search(sets[:20])
    print(
        f"what-would-change search, 2,000 goals more: worst {many:.2f} s over 20 people "
        f"({cut} stopped at the first {MAX_TRIED:,} changes)"
    )
    ok = warm >= RATE_TARGET and worst < SEARCH_TARGET_MS
    return 0 if ok or not args.check else 1


def _many_goals_search(people: list[dict[str, AnswerValue]]) -> tuple[float, int]:
    """The worst time of the what-would-change search for these people when the goals question has
    2,000 choices more that no rule names, and how many of the searches were cut short."""
    with tempfile.TemporaryDirectory() as folder:
        rules = Path(folder) / "rules"
        shutil.copytree(builtin_rules_dir(), rules)
        path = rules / "questions.yaml"
        last = "      - {value: broad_business_exposure, "
        more = "".join(f"      - {{value: extra_{i}, label: Extra goal {i}}}\n" for i in range(2000))
        path.write_text(path.read_text(encoding="utf-8").replace(last, more + last), encoding="utf-8")
        ruleset: RuleSet = load_ruleset(rules)
    worst, cut = 0.0, 0
    for answers in people:
        engine = Engine(ruleset)
        start = time.perf_counter()
        searched = search_changes(engine, answers).searched
        worst = max(worst, time.perf_counter() - start)
        cut += bool(searched)
    return worst, cut


if __name__ == "__main__":
    sys.exit(main())
