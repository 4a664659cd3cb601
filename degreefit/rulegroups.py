"""Rules and gates grouped by the questions their conditions read, for the engine's caches.

The engine computes each group's effect once per combination of the answers it reads, so
fewer groups make scoring cheaper while a group that can tell too many answers apart would
make its cache useless; `group_readings` balances the two.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from degreefit.conditions import comparisons
from degreefit.models import Condition, RuleSet

Reading = dict[str, frozenset[object]]  # the questions a condition reads, each with the values it names


def read_by(condition: Condition) -> Reading:
    """The questions a condition reads, each with the values its tests name."""
    reading: Reading = {}
    for test in comparisons(condition):
        named = test.value if isinstance(test.value, tuple) else (test.value,)
        reading[test.question] = reading.get(test.question, frozenset()) | frozenset(named)
    return reading


_SMALL_GROUP = 5000  # answer combinations a merged group may have; its cache stays small
_TRIES = 64  # groups a reading may join: the newest ones (few rule sets have more, and then it stays linear)
Factor = Callable[[str, frozenset[object]], int]  # answers a question can have, given the values named


def reading_key(reading: Reading) -> tuple[object, ...]:
    """A reading as a hashable key (its questions and values in a fixed order)."""
    return tuple(sorted((key, tuple(sorted(map(repr, named)))) for key, named in reading.items()))


def _size(reading: Reading, factor: Factor) -> int:
    """How many answer combinations a group that reads this can tell apart."""
    return int(math.prod(factor(key, named) for key, named in reading.items()))


def _grown(size: int, group: Reading, reading: Reading, factor: Factor) -> int:
    """The size of a group of `size` combinations once it reads `reading` too (early: once too large)."""
    for key, named in reading.items():
        if key not in group:
            size *= factor(key, named)
        elif not named <= group[key]:  # exact: `size` is the product of the factors of its questions
            size = size // factor(key, group[key]) * factor(key, group[key] | named)
        if size > _SMALL_GROUP:
            break
    return size


def group_readings(ruleset: RuleSet, factor: Factor) -> tuple[list[Reading], dict[tuple[object, ...], int]]:
    """Few groups of questions such that every condition reads within one of them, and the group of
    each condition's reading (by `reading_key`).

    Fewer groups make an evaluation cheaper (one cache lookup each), so groups with few
    answer combinations merge; a group with many takes in no other, since a cache miss
    re-evaluates every rule in it. A reading's group is the one that took it in: groups
    only grow, so it reads all the reading does. A reading tries at most the _TRIES newest
    groups, each try costing the questions of the reading, not of the group: the work grows
    with the rules (10,000 rules group in a fraction of a second), where trying every group
    for every rule grew with their product.
    """
    readings = [read_by(rule.when) for rule in ruleset.rules] + [read_by(gate.when) for gate in ruleset.gates]
    distinct = {reading_key(r): r for r in readings}
    ordered = sorted(distinct.items(), key=lambda item: (-_size(item[1], factor), item[0]))
    merged: list[Reading] = []
    sizes: list[int] = []
    home: dict[tuple[object, ...], int] = {}
    for key, reading in ordered:
        for index in range(max(0, len(merged) - _TRIES), len(merged)):
            group = merged[index]
            size = _grown(sizes[index], group, reading, factor)
            if size <= _SMALL_GROUP:
                merged[index], sizes[index], home[key] = _merged(group, reading), size, index
                break
        else:
            home[key] = len(merged)
            merged.append(dict(reading))
            sizes.append(_size(reading, factor))
    return merged, home


def _merged(a: Reading, b: Reading) -> Reading:
    return {key: a.get(key, frozenset()) | b.get(key, frozenset()) for key in sorted(a.keys() | b.keys())}
