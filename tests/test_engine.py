"""The engine (degreefit/engine.py): properties of every recommendation, the one ranking, and
eligibility gates; and rules and gates grouped by the questions they read, every condition reading
within its group."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.conditions import comparisons, compile_condition, reads
from degreefit.engine import (
    Engine,
    Recommendation,
    group_readings,
    place,
    read_by,
    reading_key,
    rests_on,
    standings,
)
from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import append, edit, made_up_claim
from tests.helpers.gates import STUDENTS, gate_yaml, gates_yaml
from tests.helpers.personas import LEADER_TO_BE, PERSONAS
from tests.helpers.process import run_degreefit
from tests.helpers.strategies import answer_value, as_answer_values, valid_answers

PROPERTIES = settings(max_examples=150, deadline=None)
TIER = {"eligible": 0, "not_yet": 1, "ineligible": 2}


def _recommend(ruleset: RuleSet, answers: dict[str, Any]) -> Recommendation:
    return Engine(ruleset).recommend(as_answer_values(answers))


def _codes(recommendation: Recommendation) -> list[str]:
    return [result.degree.code for result in recommendation.ranking]


@PROPERTIES
@given(data=st.data())
def test_ranking_lists_every_degree_exactly_once(ruleset: RuleSet, data: st.DataObject) -> None:
    """For any valid answers the ranking holds each degree of degrees.yaml exactly once, in the order
    of the one ranking, and the top pick (when there is one) is its first degree."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    assert sorted(_codes(recommendation)) == sorted(d.code for d in ruleset.degrees)
    assert tuple(_codes(recommendation)) == recommendation.standings.order
    if recommendation.top is not None:
        assert recommendation.top is recommendation.ranking[0]
    else:
        assert len(recommendation.standings.first) != 1


@PROPERTIES
@given(data=st.data())
def test_degrees_are_open_now_then_not_yet_then_closed(ruleset: RuleSet, data: st.DataObject) -> None:
    """No degree open now ranks below one not open yet, and none of either below a closed one."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    tiers = [TIER[result.eligibility] for result in recommendation.ranking]
    assert tiers == sorted(tiers), [(r.degree.code, r.eligibility) for r in recommendation.ranking]


@PROPERTIES
@given(data=st.data())
def test_a_degree_not_open_yet_never_heads_the_advice(ruleset: RuleSet, data: st.DataObject) -> None:
    """Every degree in first place is open now; a degree not open yet is listed as a later path."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    assert all(result.eligibility == "eligible" for result in recommendation.first)
    later = [r.degree.code for r in recommendation.ranking if r.eligibility == "not_yet"]
    assert list(recommendation.standings.later) == later


@PROPERTIES
@given(data=st.data())
def test_goals_decide_and_costs_only_separate_degrees_level_on_goals(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Within a tier more goal points rank higher; cost points order only degrees level on goals that
    the sources link to the person's goals; degrees still level keep degrees.yaml order (a tie)."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    position = {degree.code: index for index, degree in enumerate(ruleset.degrees)}
    keys = [(place(r.eligibility, r.goal, r.cost), position[r.degree.code]) for r in recommendation.ranking]
    assert keys == sorted(keys)
    pairs = list(zip(recommendation.ranking, recommendation.ranking[1:], strict=False))
    assert pairs
    for earlier, later in pairs:
        if TIER[earlier.eligibility] != TIER[later.eligibility]:
            assert TIER[earlier.eligibility] < TIER[later.eligibility]
        elif earlier.goal != later.goal:
            assert earlier.goal > later.goal  # more goal points rank higher
        elif earlier.goal <= 0:
            assert position[earlier.degree.code] < position[later.degree.code]  # costs did not decide
        else:  # level on goals the sources link them to: fewer costs first, then degrees.yaml order
            assert (-earlier.cost, position[earlier.degree.code]) < (-later.cost, position[later.degree.code])


@PROPERTIES
@given(data=st.data())
def test_a_documented_cost_never_hands_first_place_to_a_degree_linked_to_no_goal(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """When a degree comes first on its own and the sources link it to none of the person's goals,
    it leads every other open degree on goals: no other degree lost first place to it by costs alone."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    top = recommendation.top
    if top is None or top.goal > 0:
        return
    others = [r for r in recommendation.ranking if r.eligibility == "eligible" and r is not top]
    assert all(r.goal < top.goal for r in others)
    assert recommendation.standings.decided != "costs"


@PROPERTIES
@given(data=st.data())
def test_a_tie_names_every_open_degree_that_places_alike(ruleset: RuleSet, data: st.DataObject) -> None:
    """First place holds exactly the open degrees that place like the best open one; a tie has no top."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    open_now = [r for r in recommendation.ranking if r.eligibility == "eligible"]
    if not open_now:
        assert (recommendation.standings.first, recommendation.top) == ((), None)
        return
    best = place("eligible", open_now[0].goal, open_now[0].cost)
    first = tuple(r.degree.code for r in open_now if place("eligible", r.goal, r.cost) == best)
    assert recommendation.standings.first == first
    assert (recommendation.top is None) == (len(first) > 1)


@PROPERTIES
@given(data=st.data())
def test_contributions_add_up_to_the_points(ruleset: RuleSet, data: st.DataObject) -> None:
    """A degree's goal and cost points are the sums of its contributions on each account; a cost only
    ever counts against a degree."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    assert recommendation.ranking
    for result in recommendation.ranking:
        goals = [c.points for c in result.contributions if c.rule.bears_on == "goals"]
        costs = [c.points for c in result.contributions if c.rule.bears_on == "costs"]
        assert (math.fsum(goals), math.fsum(costs)) == (result.goal, result.cost)
        assert all(points < 0 for points in costs)
        assert result.evidence == bool(result.contributions)
        for contribution in result.contributions:
            assert contribution.points == contribution.rule.effects[result.degree.code]


@PROPERTIES
@given(data=st.data())
def test_batch_finds_a_pick_resting_on_one_claim_exactly_as_the_report_does(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """`Engine.rests_on_a_claim` (batch's quick path, from the rules that fired) says a first place
    rests on a claim exactly when the report's `rests_on` names one."""
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    engine = Engine(ruleset)
    rules, gates = engine.fired(answers)
    quick = engine.rests_on_a_claim(engine.outcome(answers), rules, gates)
    assert quick == bool(rests_on(engine.recommend(answers), ruleset.claims))


@PROPERTIES
@given(data=st.data())
def test_recommend_is_deterministic(ruleset: RuleSet, data: st.DataObject) -> None:
    """The same answers give equal recommendations, from one engine or from two."""
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    engine = Engine(ruleset)
    first = engine.recommend(answers)
    assert engine.recommend(answers) == first
    assert Engine(ruleset).recommend(dict(answers)) == first


@PROPERTIES
@given(data=st.data())
def test_ranking_does_not_depend_on_the_order_of_answer_keys(ruleset: RuleSet, data: st.DataObject) -> None:
    """Answers given in any key order give the same recommendation."""
    answers = data.draw(valid_answers(ruleset))
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    assert _recommend(ruleset, shuffled) == _recommend(ruleset, answers)


@given(
    points=st.lists(
        st.tuples(
            st.sampled_from(["eligible", "not_yet", "ineligible"]),
            st.integers(-6, 6),
            st.integers(-6, 0),
        ),
        min_size=2,
        max_size=6,
    )
)
def test_standings_of_any_points(points: list[tuple[Any, int, int]]) -> None:
    """For any eligibility and points, the standings agree with `place`: first place is the open
    degrees that place best, the decision is named by what separates first from the next open degree,
    and a degree that is not open now is never in first place."""
    codes = [f"D{i}" for i in range(len(points))]
    found = standings(
        codes, [p[0] for p in points], [float(p[1]) for p in points], [float(p[2]) for p in points]
    )
    open_now = [i for i, p in enumerate(points) if p[0] == "eligible"]
    if not open_now:
        assert (found.first, found.decided, found.top) == ((), "none_open", None)
        return
    best = min(place("eligible", float(points[i][1]), float(points[i][2])) for i in open_now)
    first = [
        codes[i] for i in open_now if place("eligible", float(points[i][1]), float(points[i][2])) == best
    ]
    assert list(found.first) == first
    if len(first) > 1:
        assert found.decided == "tie"
    elif len(open_now) == 1:
        assert found.decided == "only_open"
    else:
        assert found.decided in ("goals", "costs")
        runner = next(
            i
            for i in sorted(
                open_now, key=lambda i: (place("eligible", float(points[i][1]), float(points[i][2])), i)
            )
            if codes[i] != first[0]
        )
        top = codes.index(first[0])
        assert (found.decided == "costs") == (points[top][1] == points[runner][1])


def test_a_not_yet_degree_is_a_later_path(ruleset: RuleSet) -> None:
    """A medical student aiming at pediatrics: the MMed (not open yet) is her first later path, and the
    degrees open to her now, the sources silent on both for her goal, tie for first."""
    answers = PERSONAS["medical student aiming at pediatrics"][0]
    recommendation = _recommend(ruleset, answers)
    assert recommendation.standings.first == ("MHA", "MBA")
    assert recommendation.top is None
    assert recommendation.standings.later[0] == "MMed"
    mmed = recommendation.result("MMed")
    assert (mmed.eligibility, [g.id for g in mmed.gates]) == ("not_yet", ["mmed-after-medical-degree"])
    assert mmed.goal > 0


# The claim the test gates rest on.
TEST_GATE_CLAIM = made_up_claim("test-gates", "[MHA, MBA]", level="weak")

STRICTER_GATES = gates_yaml(
    gate_yaml(
        "test-mba-not-yet",
        "test-gates",
        "MBA",
        "not_yet",
        STUDENTS,
        "A not_yet gate listed before an ineligible one.",
    ),
    gate_yaml(
        "test-mba-ineligible",
        "test-gates",
        "MBA",
        "ineligible",
        STUDENTS,
        "An ineligible gate listed after a not_yet one.",
    ),
    gate_yaml(
        "test-mha-ineligible",
        "test-gates",
        "MHA",
        "ineligible",
        STUDENTS,
        "An ineligible gate listed before a not_yet one.",
    ),
    gate_yaml(
        "test-mha-not-yet",
        "test-gates",
        "MHA",
        "not_yet",
        STUDENTS,
        "A not_yet gate listed after an ineligible one.",
    ),
)


def test_the_strictest_of_two_gates_wins(rules_copy: Path) -> None:
    """When a not_yet and an ineligible gate both apply to a degree, it is ineligible, in either order."""
    append(rules_copy, "claims.yaml", TEST_GATE_CLAIM)
    (rules_copy / "rules" / "zz-test-gates.yaml").write_text(STRICTER_GATES, encoding="utf-8")
    recommendation = _recommend(load_ruleset(rules_copy), PERSONAS["medical student aiming at pediatrics"][0])
    by_code = {r.degree.code: r for r in recommendation.ranking}
    assert {code: r.eligibility for code, r in by_code.items()} == {
        "MMM": "not_yet",
        "MHA": "ineligible",
        "MBA": "ineligible",
        "MMed": "not_yet",
    }
    assert [g.id for g in by_code["MBA"].gates] == ["test-mba-not-yet", "test-mba-ineligible"]
    assert [g.id for g in by_code["MHA"].gates] == ["test-mha-ineligible", "test-mha-not-yet"]
    assert set(_codes(recommendation)[2:]) == {"MHA", "MBA"}


def test_a_claim_of_an_ai_written_source_counts_less_than_its_level(ruleset: RuleSet) -> None:
    """Rules resting on the AI-written MMed guide count their level less the scale's discount; rules
    resting on the news article count their level in full."""
    ai_written = {s.id for s in ruleset.sources if s.ai_written}
    claims = {c.id: c for c in ruleset.claims}
    counted = 0
    for rule in ruleset.rules:
        claim = claims[rule.claim]
        level = ruleset.scoring.points(claim.level)
        expected = level - ruleset.scoring.ai_written_discount if claim.source in ai_written else level
        for effect in rule.effects.values():
            assert abs(effect) == expected, rule.id
            counted += 1
    assert counted > 0
    assert ruleset.scoring.ai_written_discount > 0


# Cached scoring agrees with reading every rule


# The claims the test rules below rest on: one each, so that no claim counts twice.
GOAL_OPERATOR_CLAIMS = (
    made_up_claim("test-two-goals-at-once", "[MBA]")
    + made_up_claim("test-two-goals-left-out", "[MHA]", level="weak")
    + made_up_claim("test-a-goal-or-research", "[MMM, MMed]", level="strong")
)

GOAL_OPERATORS = """\
rules:
  - id: test-all-of-two-goals
    claim: test-two-goals-at-once
    when: {goals: {contains_all: [consulting, digital_health]}}
    effects: {MBA: for}
    reason: A test rule that needs two goals at once.
  - id: test-none-of-two-goals
    claim: test-two-goals-left-out
    when: {all: [{goals: {contains_none: [policy_reform, research_academic]}}, {not: {max_years: {lt: 2}}}]}
    effects: {MHA: against}
    reason: A test rule that needs two goals left out.
  - id: test-a-goal-or-research
    claim: test-a-goal-or-research
    when: {any: [{goals: {contains_any: [career_beyond_medicine]}}, {wants_research: {is: true}}]}
    effects: {MMM: for, MMed: for}
    reason:
      MMM: A test rule that reads a goal or another answer (for the MMM).
      MMed: A test rule that reads a goal or another answer (for the MMed).
"""


def _rule_by_rule(ruleset: RuleSet, answers: dict[str, Any]) -> tuple[list[float], list[str]]:
    """Each degree's points and eligibility, reading every rule and gate in turn (no caches)."""
    codes = [d.code for d in ruleset.degrees]
    points = dict.fromkeys(codes, 0.0)
    status = dict.fromkeys(codes, "eligible")
    strictness = {"eligible": 0, "not_yet": 1, "ineligible": 2}
    for rule in ruleset.rules:
        if compile_condition(rule.when)(answers):
            for code, effect in rule.effects.items():
                points[code] += effect
    for gate in ruleset.gates:
        if (
            compile_condition(gate.when)(answers)
            and strictness[gate.status] > strictness[status[gate.degree]]
        ):
            status[gate.degree] = gate.status
    return [points[c] for c in codes], [status[c] for c in codes]


def _any_answers(ruleset: RuleSet) -> st.SearchStrategy[dict[str, Any]]:
    """Valid values for any subset of the questions (whether they apply or not), goals in any order."""
    return st.fixed_dictionaries({}, optional={q.id: answer_value(q) for q in ruleset.questions}).map(
        lambda answers: as_answer_values(answers)
    )


@pytest.mark.parametrize("extra", ["", GOAL_OPERATORS], ids=["built-in rules", "with every goal operator"])
def test_cached_scores_equal_reading_every_rule(rules_copy: Path, extra: str) -> None:
    """However many answer sets one engine has scored before (its caches warm), each degree's points
    and eligibility are exactly what reading every rule and gate for these answers gives."""
    if extra:
        append(rules_copy, "claims.yaml", GOAL_OPERATOR_CLAIMS)
        (rules_copy / "rules" / "zz-test-goals.yaml").write_text(extra, encoding="utf-8")
    ruleset = load_ruleset(rules_copy)
    engine = Engine(ruleset)

    @settings(max_examples=400, deadline=None)
    @given(answers=_any_answers(ruleset))
    def agrees(answers: dict[str, Any]) -> None:
        outcome = engine.outcome(answers)
        points, statuses = _rule_by_rule(ruleset, answers)
        assert list(outcome.points) == pytest.approx(points)
        assert list(outcome.statuses) == statuses

    agrees()


# A physician whose goals the MMM and the MMed serve alike (a tie): a one-year limit, a conflict with
# the MMed's typical length, breaks it, so her advice changes with max_years alone.
SURGEON_WHO_LEADS = {
    **LEADER_TO_BE,
    "goals": ["lead_within_health_system", "specialize_clinically", "global_health_organization"],
    "specialty": "surgery",
}
JSON = ("--format", "json", "--why-not", "MMed")


def test_an_integer_question_of_a_billion_answers_gives_the_same_advice_at_once(
    rules_copy: Path, tmp_path: Path
) -> None:
    """With max_years from 1 to 1,000,000,000 instead of 1 to 6, `ask` takes moments (not minutes, nor
    all memory) and its advice and what would change it are the same: rules tell answers apart only at
    the numbers they name, so one answer stands for each stretch between them."""
    import json

    from degreefit.explain import what_would_change

    answers = tmp_path / "surgeon.json"
    answers.write_text(json.dumps(SURGEON_WHO_LEADS), encoding="utf-8")

    def ask(rules: Path) -> dict[str, Any]:
        done = run_degreefit("ask", "--rules", str(rules), "--answers", str(answers), *JSON, cache="")
        assert done.returncode == 0, done.stderr
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    narrow = ask(rules_copy)
    engine = Engine(load_ruleset(rules_copy))
    found = what_would_change(engine, as_answer_values(SURGEON_WHO_LEADS), limit=50)
    assert any(c.question.id == "max_years" for a in found for c in a.changes)
    edit(rules_copy, "questions.yaml", "    max: 6\n", "    max: 1000000000\n")
    wide = ask(rules_copy)
    wide_engine = Engine(load_ruleset(rules_copy))
    wide_found = what_would_change(wide_engine, as_answer_values(SURGEON_WHO_LEADS), limit=50)

    def plain(alternatives: list[Any]) -> list[Any]:
        return [([(c.question.id, c.action, c.value) for c in a.changes], a.top) for a in alternatives]

    assert plain(wide_found) == plain(found)
    for key in ("top", "ranking", "what_would_change", "why_not"):
        assert wide[key] == narrow[key], key


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_answers_of_a_wide_integer_range_score_as_their_rules_say(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """With max_years up to a billion, the engine (which caches one result a stretch of years between the
    numbers the rules name) gives every answer the points and eligibility of the rules and gates that fire."""
    years = ruleset.question("max_years")._replace(max=10**9)
    wide = ruleset._replace(questions=tuple(years if q.id == "max_years" else q for q in ruleset.questions))
    engine = Engine(wide)
    for _ in range(3):  # several answers through one engine: its caches are shared between them
        answers = as_answer_values(data.draw(valid_answers(ruleset)))
        answers["max_years"] = data.draw(st.one_of(st.integers(1, 8), st.integers(1, 10**9)))
        fired, closed = engine.fired(answers)
        points = [sum(r.effects.get(d.code, 0.0) for r in fired) for d in wide.degrees]
        outcome = engine.outcome(answers)
        assert list(outcome.points) == pytest.approx(points)
        for degree, status in zip(wide.degrees, outcome.statuses, strict=True):
            gates = {g.status for g in closed if g.degree == degree.code}
            assert status == ("ineligible" if "ineligible" in gates else "not_yet" if gates else "eligible")


def test_when_gates_close_every_degree_the_recommendation_says_none_is_open(rules_copy: Path) -> None:
    """With gates closing the MBA and the MHA to non-clinicians (the MMM and the MMed are closed to them
    already), a non-clinician's recommendation and outcome say no degree is open, so a report can say so
    instead of naming a best fit with "a clear lead"; a physician's say otherwise."""
    from tests.helpers.gates import CLOSING_GATES

    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    engine = Engine(load_ruleset(rules_copy))
    manager = as_answer_values(PERSONAS["early-career manager running a hospital's operations"][0])
    assert manager["clinical_status"] == "non_clinician"
    closed = engine.recommend(manager)
    assert [r.eligibility for r in closed.ranking] == ["ineligible"] * 4
    decided = engine.standings(engine.outcome(manager)).decided
    assert (closed.none_open, closed.open_now, closed.top, decided) == (True, (), None, "none_open")
    physician = as_answer_values(PERSONAS["mid-career physician leading inside a health system"][0])
    advised = engine.recommend(physician)
    decided = engine.standings(engine.outcome(physician)).decided
    assert (advised.none_open, advised.open_now[0], decided) == (False, "MMM", "goals")


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
