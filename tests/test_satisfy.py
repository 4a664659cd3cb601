"""The exact search for answers that make a condition true (`degreefit/satisfy.py`): it finds such
answers when some exist, says when none do, and stops (Undecided) rather than run for ever."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.conditions import can_hold, compile_condition
from degreefit.conditions import comparisons as leaf_tests
from degreefit.models import AllOf, AnswerValue, AnyOf, Condition, Not, Op, Question, RuleSet
from degreefit.models import Comparison as Leaf

# --- can_hold agrees with an exhaustive search -------------------------------------

# The questions the random conditions test; the others are independent of them (no `when` links).
INVOLVED = ("clinical_status", "goals", "specialty", "keep_practicing")
# The goals a condition may name; every answer set also has one goal none of them names.
GOAL_POOL = ("specialize_clinically", "research_academic", "career_beyond_medicine")
SINGLE_LIST_OPS: tuple[Op, ...] = ("in", "not_in")
MULTI_OPS: tuple[Op, ...] = ("contains_any", "contains_all", "contains_none")


def answer_sets(questions: Sequence[Question]) -> list[dict[str, AnswerValue]]:
    """Every valid answer set to the INVOLVED questions, goals drawn from GOAL_POOL plus one other goal."""
    involved = [q for q in questions if q.id in INVOLVED]
    every_goal = next(q for q in involved if q.id == "goals").choice_values()
    pool = [*GOAL_POOL, next(g for g in every_goal if g not in GOAL_POOL)]
    domains: dict[str, list[AnswerValue]] = {
        "clinical_status": list(next(q for q in involved if q.id == "clinical_status").choice_values()),
        "goals": [goals for size in range(1, len(pool) + 1) for goals in itertools.combinations(pool, size)],
        "specialty": list(next(q for q in involved if q.id == "specialty").choice_values()),
        "keep_practicing": [True, False],
    }
    sets: list[dict[str, AnswerValue]] = [{}]
    earlier: set[str] = set()
    for question in involved:
        assert question.required  # a question that applies must be answered
        if question.when is not None:  # its `when` may only look at questions enumerated already
            assert {t.question for t in leaf_tests(question.when)} <= earlier, question.id
        applies = compile_condition(question.when) if question.when is not None else None
        grown: list[dict[str, AnswerValue]] = []
        for answers in sets:
            if applies is None or applies(answers):
                grown += [{**answers, question.id: value} for value in domains[question.id]]
            else:
                grown.append(answers)  # not asked, so not answered
        sets = grown
        earlier.add(question.id)
    return sets


def leaves(questions: Sequence[Question]) -> st.SearchStrategy[Condition]:
    """A test of one INVOLVED question, with values from its choices (goals: from GOAL_POOL)."""
    by_id = {q.id: q for q in questions}

    def single(question_id: str) -> st.SearchStrategy[Condition]:
        values = by_id[question_id].choice_values()
        return st.one_of(
            st.sampled_from(values).map(lambda v: Leaf(question_id, "is", v)),
            st.tuples(
                st.sampled_from(SINGLE_LIST_OPS),
                st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True),
            ).map(lambda t: Leaf(question_id, t[0], tuple(t[1]))),
        )

    goals: st.SearchStrategy[Condition] = st.tuples(
        st.sampled_from(MULTI_OPS),
        st.lists(st.sampled_from(GOAL_POOL), min_size=1, max_size=2, unique=True),
    ).map(lambda t: Leaf("goals", t[0], tuple(t[1])))
    keep: st.SearchStrategy[Condition] = st.booleans().map(lambda b: Leaf("keep_practicing", "is", b))
    return st.one_of(single("clinical_status"), single("specialty"), goals, keep)


def conditions_over(questions: Sequence[Question]) -> st.SearchStrategy[Condition]:
    """Small conditions: tests combined with all, any and not."""

    def combine(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
        parts = st.lists(children, min_size=1, max_size=3).map(tuple)
        # `all` twice as often: conjunctions are where conditions become impossible.
        return st.one_of(parts.map(AllOf), parts.map(AllOf), parts.map(AnyOf), children.map(Not))

    return st.recursive(leaves(questions), combine, max_leaves=5)


@pytest.fixture(scope="module")
def every_answer_set(ruleset: RuleSet) -> list[dict[str, AnswerValue]]:
    """Every valid answer set to the INVOLVED questions of the built-in rules."""
    return answer_sets(ruleset.questions)


def test_the_exhaustive_search_covers_the_answer_space(
    every_answer_set: list[dict[str, AnswerValue]],
) -> None:
    """The hand-written enumeration asks specialty and keep_practicing only when they apply."""
    assert len(every_answer_set) == len({json.dumps(a, sort_keys=True) for a in every_answer_set})
    for answers in every_answer_set:
        goals = answers["goals"]
        assert isinstance(goals, tuple)
        assert ("specialty" in answers) == ("specialize_clinically" in goals)
        physician = ("practicing_physician", "physician_in_training", "other_clinician")
        assert ("keep_practicing" in answers) == (answers["clinical_status"] in physician)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        pytest.param(
            AllOf(
                (
                    Leaf("specialty", "is", "surgery"),
                    Leaf("goals", "contains_none", ("specialize_clinically",)),
                )
            ),
            False,
            id="specialty-without-specialising",
        ),
        pytest.param(Leaf("specialty", "is", "surgery"), True, id="specialty"),
        pytest.param(
            AllOf((Leaf("keep_practicing", "is", False), Leaf("clinical_status", "is", "non_clinician"))),
            False,
            id="keep-practicing-of-a-non-clinician",
        ),
        pytest.param(
            AllOf((Not(Leaf("keep_practicing", "is", True)), Leaf("clinical_status", "is", "non_clinician"))),
            True,
            id="not-keep-practicing-of-a-non-clinician",
        ),
        pytest.param(
            AllOf(
                (
                    Leaf("goals", "contains_none", ("specialize_clinically", "research_academic")),
                    Leaf("goals", "contains_none", ("career_beyond_medicine",)),
                )
            ),
            True,
            id="a-goal-no-condition-names",
        ),
    ],
)
def test_can_hold_on_known_conditions(
    ruleset: RuleSet, every_answer_set: list[dict[str, AnswerValue]], condition: Condition, expected: bool
) -> None:
    """Conditions a rule author might write are judged possible or impossible as a person would judge them."""
    holds = compile_condition(condition)
    assert any(holds(answers) for answers in every_answer_set) is expected
    assert can_hold(condition, ruleset.questions) is expected


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_can_hold_agrees_with_an_exhaustive_search(
    ruleset: RuleSet, every_answer_set: list[dict[str, AnswerValue]], data: st.DataObject
) -> None:
    """A rule is refused as never firing exactly when no valid answers make its condition true."""
    condition = data.draw(conditions_over(ruleset.questions))
    holds = compile_condition(condition)
    found = any(holds(answers) for answers in every_answer_set)
    assert can_hold(condition, ruleset.questions) is found, condition
