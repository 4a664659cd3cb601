"""Rules and gates grouped by the questions they read: every condition reads within its group."""

from __future__ import annotations

from degreefit.conditions import comparisons, reads
from degreefit.engine import group_readings, read_by, reading_key
from degreefit.models import RuleSet


def test_every_rule_and_gate_reads_within_the_group_that_took_it_in(ruleset: RuleSet) -> None:
    """The engine looks a condition's result up by its group's answers: the group must read all it does."""
    groups, home = group_readings(ruleset, lambda key, named: len(named) + 2)
    conditions = [rule.when for rule in ruleset.rules] + [gate.when for gate in ruleset.gates]
    assert conditions
    for condition in conditions:
        reading = read_by(condition)
        group = groups[home[reading_key(reading)]]
        assert all(key in group and named <= group[key] for key, named in reading.items())


def test_readings_that_could_tell_too_many_answers_apart_stay_apart(ruleset: RuleSet) -> None:
    """With every question telling thousands of answers apart, no two readings share a group."""
    groups, home = group_readings(ruleset, lambda key, named: 10_000)
    assert len(groups) == len(set(home.values())) == len(home) > 1


def test_a_reading_names_each_question_with_the_values_its_tests_name(ruleset: RuleSet) -> None:
    """The values named by tests of one question are gathered under it."""
    rule = next(r for r in ruleset.rules if len(reads(r.when)) > 1)
    reading = read_by(rule.when)
    assert set(reading) == reads(rule.when)
    for test in comparisons(rule.when):
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        assert set(values) <= reading[test.question]
