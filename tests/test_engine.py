"""The engine: properties of every recommendation, the score curve, and eligibility gates."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.conditions import compile_condition
from degreefit.engine import Engine, Recommendation
from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from degreefit.scorecurve import score

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import PERSONAS
    from strategies import answer_value, as_answer_values, valid_answers
    from test_validate import append, edit, made_up_claim
else:
    from tests.conftest import PERSONAS
    from tests.strategies import answer_value, as_answer_values, valid_answers
    from tests.test_validate import append, edit, made_up_claim

PROPERTIES = settings(max_examples=150, deadline=None)


def _recommend(ruleset: RuleSet, answers: dict[str, Any]) -> Recommendation:
    return Engine(ruleset).recommend(as_answer_values(answers))


def _codes(recommendation: Recommendation) -> list[str]:
    return [result.degree.code for result in recommendation.ranking]


@PROPERTIES
@given(data=st.data())
def test_ranking_lists_every_degree_exactly_once(ruleset: RuleSet, data: st.DataObject) -> None:
    """For any valid answers the ranking holds each degree of degrees.yaml exactly once."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    assert sorted(_codes(recommendation)) == sorted(d.code for d in ruleset.degrees)
    assert len(recommendation.ranking) == len(ruleset.degrees)
    assert recommendation.top is recommendation.ranking[0]


@PROPERTIES
@given(data=st.data())
def test_scores_are_between_0_and_100(ruleset: RuleSet, data: st.DataObject) -> None:
    """Every degree's score is within 0..100 and is the score of its points."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    for result in recommendation.ranking:
        assert 0.0 <= result.score <= 100.0
        assert result.score == score(result.points, ruleset.scoring.spread)


@PROPERTIES
@given(data=st.data())
def test_ineligible_degrees_rank_below_every_other(ruleset: RuleSet, data: st.DataObject) -> None:
    """No degree that is open (eligible or not yet) ranks below an ineligible one."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    flags = [result.eligibility == "ineligible" for result in recommendation.ranking]
    assert flags == sorted(flags), [(r.degree.code, r.eligibility) for r in recommendation.ranking]


@PROPERTIES
@given(data=st.data())
def test_open_degrees_are_ordered_by_points_then_by_degrees_yaml(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Among degrees that are not ineligible, more points rank higher and ties keep degrees.yaml order."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    position = {degree.code: index for index, degree in enumerate(ruleset.degrees)}
    open_results = [r for r in recommendation.ranking if r.eligibility != "ineligible"]
    keys = [(-r.points, position[r.degree.code]) for r in open_results]
    assert keys == sorted(keys)


@PROPERTIES
@given(data=st.data())
def test_contributions_add_up_to_the_points(ruleset: RuleSet, data: st.DataObject) -> None:
    """A degree's points are the sum of its contributions, each the effect of a rule on that degree."""
    recommendation = _recommend(ruleset, data.draw(valid_answers(ruleset)))
    for result in recommendation.ranking:
        assert math.fsum(c.points for c in result.contributions) == result.points
        for contribution in result.contributions:
            assert contribution.points == contribution.rule.effects[result.degree.code]


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


@PROPERTIES
@given(data=st.data())
def test_not_yet_gates_do_not_change_the_order(ruleset: RuleSet, data: st.DataObject) -> None:
    """Dropping every not_yet gate from the rule set leaves every ranking as it was."""
    without_not_yet = ruleset._replace(gates=tuple(g for g in ruleset.gates if g.status != "not_yet"))
    answers = data.draw(valid_answers(ruleset))
    assert _codes(_recommend(ruleset, answers)) == _codes(_recommend(without_not_yet, answers))


def test_not_yet_degree_keeps_its_rank_by_points(ruleset: RuleSet) -> None:
    """A medical student aiming at pediatrics sees the MMed first (by points) though it is not open yet."""
    answers = PERSONAS["medical student aiming at pediatrics"][0]
    top = _recommend(ruleset, answers).top
    assert (top.degree.code, top.eligibility) == ("MMed", "not_yet")
    assert [g.id for g in top.gates] == ["mmed-after-medical-degree"]


# The claim the test gates rest on.
TEST_GATE_CLAIM = made_up_claim("test-gates", "[MHA, MBA]", level="weak")

STRICTER_GATES = """\
gates:
  - id: test-mba-not-yet
    claim: test-gates
    degree: MBA
    status: not_yet
    when: {clinical_status: {is: medical_student}}
    reason: A not_yet gate listed before an ineligible one.
  - id: test-mba-ineligible
    claim: test-gates
    degree: MBA
    status: ineligible
    when: {clinical_status: {is: medical_student}}
    reason: An ineligible gate listed after a not_yet one.
  - id: test-mha-ineligible
    claim: test-gates
    degree: MHA
    status: ineligible
    when: {clinical_status: {is: medical_student}}
    reason: An ineligible gate listed before a not_yet one.
  - id: test-mha-not-yet
    claim: test-gates
    degree: MHA
    status: not_yet
    when: {clinical_status: {is: medical_student}}
    reason: A not_yet gate listed after an ineligible one.
"""


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


def test_a_large_negative_effect_scores_0_instead_of_crashing(rules_copy: Path) -> None:
    """A valid rule set in which a degree's points fall far below zero on the curve ranks that degree
    with a score of 0 (and one far above with 100). Points come from a claim's level, at most 10, so
    the curve is stretched instead: at a spread of 0.001, -5 points are -5000 spreads."""
    scoring = rules_copy / "scoring.yaml"
    text = scoring.read_text(encoding="utf-8")
    assert "spread: 6\n" in text
    scoring.write_text(text.replace("spread: 6\n", "spread: 0.001\n"), encoding="utf-8")
    answers = PERSONAS["mid-career physician leading inside a health system"][0]
    ranking = _recommend(load_ruleset(rules_copy), answers).ranking
    mmed = next(r for r in ranking if r.degree.code == "MMed")
    assert mmed.points <= -1
    assert mmed.score == 0.0
    assert ranking[0].points >= 1
    assert ranking[0].score == 100.0


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
    effects: {MMM: for, MMed: against}
    reason:
      MMM: A test rule that reads a goal or another answer (for the MMM).
      MMed: A test rule that reads a goal or another answer (against the MMed).
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


# The answers of a case of rules/cases/more-people.yaml whose advice changes with max_years alone.
RESIDENT = "resident-in-an-unnamed-discipline"
JSON = ("--format", "json", "--why-not", "MMed")


def test_an_integer_question_of_a_billion_answers_gives_the_same_advice_at_once(
    rules_copy: Path, tmp_path: Path
) -> None:
    """With max_years from 1 to 1,000,000,000 instead of 1 to 6, `ask` takes moments (not minutes, nor
    all memory) and its advice and what would change it are the same: rules tell answers apart only at
    the numbers they name, so one answer stands for each stretch between them."""
    import json
    import os
    import subprocess
    import sys

    import yaml

    cases = yaml.safe_load((rules_copy / "cases" / "more-people.yaml").read_text(encoding="utf-8"))["cases"]
    answers = tmp_path / "resident.json"
    answers.write_text(json.dumps(next(c for c in cases if c["id"] == RESIDENT)["answers"]), encoding="utf-8")

    def ask(rules: Path) -> dict[str, Any]:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "degreefit",
                "ask",
                "--rules",
                str(rules),
                "--answers",
                str(answers),
                *JSON,
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "DEGREEFIT_CACHE_DIR": ""},
            check=True,
        )
        report: dict[str, Any] = json.loads(done.stdout)
        return report

    narrow = ask(rules_copy)
    edit(rules_copy, "questions.yaml", "    max: 6\n", "    max: 1000000000\n")
    wide = ask(rules_copy)
    assert any("max_years" in c["changes"] for c in narrow["what_would_change"])
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
    if TYPE_CHECKING:
        from test_check import CLOSING_GATES
    else:
        from tests.test_check import CLOSING_GATES

    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    engine = Engine(load_ruleset(rules_copy))
    manager = as_answer_values(PERSONAS["early-career manager running a hospital's operations"][0])
    assert manager["clinical_status"] == "non_clinician"
    closed = engine.recommend(manager)
    assert [r.eligibility for r in closed.ranking] == ["ineligible"] * 4
    assert (closed.none_open, closed.open_now, engine.outcome(manager).none_open) == (True, (), True)
    physician = as_answer_values(PERSONAS["mid-career physician leading inside a health system"][0])
    advised = engine.recommend(physician)
    assert (advised.none_open, advised.open_now[0], engine.outcome(physician).none_open) == (
        False,
        "MMM",
        False,
    )
