"""The space of valid answers (`degreefit/answers.py`): which questions apply given earlier answers,
the stretches an integer range is tried by, the one-answer changes a person could make, and random
answer sets."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.answers import (
    AnswerSpace,
    Change,
    as_json,
    every_condition,
    random_answers,
    stretch,
    stretches,
    value_problems,
)
from degreefit.conditions import by_id, compile_condition
from degreefit.models import AllOf, AnswerValue, Cite, Condition, Op, Question, Rule, RuleSet
from degreefit.models import Comparison as Leaf
from tests.helpers.cli import QUESTION_ORDER

# A mid-career clinician's complete answers; specialty and keep_practicing are asked only of some people.
NURSE_MANAGER: dict[str, AnswerValue] = {
    "clinical_status": "other_clinician",
    "career_stage": "mid",
    "goals": ("run_healthcare_organization",),
    "keep_practicing": True,
    "study_format": "either",
    "max_years": 3,
    "wants_research": False,
    "recognition_importance": "low",
    "can_reduce_income": True,
}
# An integer question far too wide to try every answer of, and the numbers rules name for it.
AGE = Question("age", "integer", "How old are you?", topic="Age", min=0, max=1_000_000_000, actionable=True)
ADULT_UNDER_65 = AllOf((Leaf("age", "gte", 18), Leaf("age", "lt", 65)))
INTEGER_OPS: tuple[Op, ...] = ("is", "lt", "lte", "gt", "gte")


def _with_age(ruleset: RuleSet, *conditions: Condition) -> RuleSet:
    """The built-in rule set's scoring and degrees, but one question, AGE, and a rule for each condition."""
    rules = tuple(
        Rule(f"age-{n}", when, {"MBA": 1.0}, "Made up for a test.", Cite("s", "h"), "c")
        for n, when in enumerate(conditions)
    )
    return ruleset._replace(questions=(AGE,), rules=rules, gates=(), notes=())


def test_a_question_applies_only_when_its_when_holds_for_the_earlier_answers(ruleset: RuleSet) -> None:
    """specialty is asked only of someone who wants to specialise, keep_practicing only of clinicians."""
    space = AnswerSpace(ruleset)
    specialty, keep = ruleset.question("specialty"), ruleset.question("keep_practicing")
    assert space.applies(specialty, {"goals": ("consulting", "specialize_clinically")})
    assert not space.applies(specialty, {"goals": ("consulting",)})
    assert not space.applies(specialty, {})
    assert space.applies(keep, {"clinical_status": "other_clinician"})
    assert not space.applies(keep, {"clinical_status": "non_clinician"})
    assert space.applies(ruleset.question("goals"), {})  # no `when`: always asked
    assert space.when_of(ruleset.question("goals")) is None


def test_only_the_questions_a_when_reads_are_marked_as_read_by_one(ruleset: RuleSet) -> None:
    """The built-in `when`s read goals and clinical_status: changing only those adds or drops a question."""
    assert AnswerSpace(ruleset).read_by_when == {"goals", "clinical_status"}


def test_settling_drops_answers_to_questions_that_are_not_asked(ruleset: RuleSet) -> None:
    """A specialty given by someone who does not specialise is dropped; the rest keep question order."""
    answers = {"specialty": "surgery", **NURSE_MANAGER}
    settled = AnswerSpace(ruleset).settle(answers)
    assert settled == NURSE_MANAGER
    assert list(settled) == [q.id for q in ruleset.questions if q.id in NURSE_MANAGER]


def test_applicable_questions_follow_the_answers_given(ruleset: RuleSet) -> None:
    """Wanting to specialise brings specialty in after goals; a non-clinician is not asked keep_practicing;
    the optional region applies to everyone."""
    space = AnswerSpace(ruleset)
    asked = [q.id for q in space.applicable({**NURSE_MANAGER, "goals": ("specialize_clinically",)})]
    assert asked == list(QUESTION_ORDER)
    non_clinician = [q.id for q in space.applicable({**NURSE_MANAGER, "clinical_status": "non_clinician"})]
    assert "keep_practicing" not in non_clinician
    assert "specialty" not in non_clinician


def test_unanswered_lists_the_required_questions_still_to_ask(ruleset: RuleSet) -> None:
    """A physician who wants to specialise still has to give a specialty and say if they keep practising."""
    space = AnswerSpace(ruleset)
    started: dict[str, AnswerValue] = {
        "clinical_status": "practicing_physician",
        "goals": ("specialize_clinically",),
    }
    still = [q for q in QUESTION_ORDER if q not in {"clinical_status", "region", "goals"}]
    assert [q.id for q in space.unanswered(started)] == still
    assert space.unanswered(NURSE_MANAGER) == []


def test_an_integer_range_is_cut_into_stretches_at_the_numbers_rules_name() -> None:
    """Rules naming 18 and 65 cut ages 0 to 1,000,000,000 into five stretches, at each number and the next."""
    found = stretches([AGE], [ADULT_UNDER_65])
    assert found == {"age": [0, 18, 19, 65, 66]}
    starts = found["age"]
    assert [stretch(starts, age) for age in (0, 17, 18, 19, 40, 64, 65, 66, 1_000_000_000)] == [
        0,
        0,
        18,
        19,
        19,
        19,
        65,
        66,
        66,
    ]
    assert stretch([5, 10], 3) == 3  # below every stretch: its own value


def test_the_built_in_max_years_has_a_stretch_for_each_number_its_rules_tell_apart(ruleset: RuleSet) -> None:
    """The built-in rules name 2, 3 and 4 years (4 for South Africa's MMed): a stretch starts at each
    number named and just past it (1, 2, 3, 4, and 5 or more), and only max_years is an integer."""
    assert stretches(ruleset.questions, every_condition(ruleset)) == {"max_years": [1, 2, 3, 4, 5]}


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_no_condition_tells_two_answers_of_one_stretch_apart(data: st.DataObject) -> None:
    """Any two ages in one stretch make every test of the numbers the rules name come out the same."""
    question = AGE._replace(max=100)
    named = data.draw(st.lists(st.integers(0, 100), min_size=1, max_size=4), label="named")
    tests = [Leaf("age", data.draw(st.sampled_from(INTEGER_OPS)), value) for value in named]
    tests.append(Leaf("age", data.draw(st.sampled_from(("in", "not_in"))), tuple(named)))
    starts = stretches([question], tests)["age"]
    first = data.draw(st.integers(0, 100), label="first")
    begins = stretch(starts, first)
    ends = next((start - 1 for start in starts if start > begins), 100)
    second = data.draw(st.integers(begins, ends), label="second")
    for test in tests:
        holds = compile_condition(test)
        assert holds({"age": first}) == holds({"age": second}), (test, starts)


def test_every_condition_of_a_rule_set_is_listed(ruleset: RuleSet) -> None:
    """Rules, gates, notes, question `when`s, constraint `when`s and the `when`s of what the advice could
    not weigh (`not_considered`) all count as conditions to search."""
    own = (
        (
            q.when,
            q.constraint.when if q.constraint else None,
            q.not_considered.when if q.not_considered else None,
        )
        for q in ruleset.questions
    )
    of_questions = [when for whens in own for when in whens if when is not None]
    assert len(of_questions) > sum(q.when is not None for q in ruleset.questions)  # constraints' too
    assert any(q.not_considered and q.not_considered.when for q in ruleset.questions)  # and not_considered
    assert list(every_condition(ruleset)) == [
        *(rule.when for rule in ruleset.rules),
        *(gate.when for gate in ruleset.gates),
        *(note.when for note in ruleset.notes),
        *of_questions,
    ]


def test_changes_to_goals_add_or_drop_one_goal_and_never_empty_them(ruleset: RuleSet) -> None:
    """With one goal, every other goal may be added and none dropped; with two, each may be dropped."""
    space = AnswerSpace(ruleset)
    goals = ruleset.question("goals")
    one = [c for c in space.changes(NURSE_MANAGER) if c.question.id == "goals"]
    assert [(c.action, c.value) for c in one] == [
        ("add", v) for v in goals.choice_values() if v != "run_healthcare_organization"
    ]
    two = {**NURSE_MANAGER, "goals": ("run_healthcare_organization", "consulting")}
    drops = [c.value for c in space.changes(two) if c.question.id == "goals" and c.action == "drop"]
    assert drops == ["run_healthcare_organization", "consulting"]


def test_changes_offer_each_other_answer_of_actionable_questions_only(ruleset: RuleSet) -> None:
    """A person cannot change their clinical status or career stage, so no change is offered for them; other
    answers are offered each of their other values."""
    changes = [c for c in AnswerSpace(ruleset).changes(NURSE_MANAGER) if c.question.id != "goals"]
    assert [(c.question.id, c.value) for c in changes] == [
        ("keep_practicing", False),
        ("study_format", "online_part_time"),
        ("study_format", "full_time"),
        ("max_years", 1),
        ("max_years", 2),
        ("max_years", 4),
        ("max_years", 5),
        ("max_years", 6),
        ("wants_research", True),
        ("recognition_importance", "medium"),
        ("recognition_importance", "high"),
        ("can_reduce_income", False),
    ]
    every = AnswerSpace(ruleset).changes(NURSE_MANAGER, actionable_only=False)
    assert {"clinical_status", "career_stage"} <= {c.question.id for c in every}


def test_a_wide_integer_answer_is_changed_one_stretch_at_a_time(ruleset: RuleSet) -> None:
    """An age of 40 may change to the start of each other stretch (0, 18, 65, 66), never within its own."""
    space = AnswerSpace(_with_age(ruleset, ADULT_UNDER_65))
    assert [c.value for c in space.changes({"age": 40})] == [0, 18, 65, 66]
    assert [c.value for c in space.fillings(AGE)] == [0, 18, 19, 65, 66]


def test_fillings_answer_a_question_each_way_it_can_be_answered(ruleset: RuleSet) -> None:
    """A question brought in by a change is filled with each choice (goals: each single goal)."""
    space = AnswerSpace(ruleset)
    specialty = ruleset.question("specialty")
    assert [c.value for c in space.fillings(specialty)] == list(specialty.choice_values())
    goals = ruleset.question("goals")
    assert [c.value for c in space.fillings(goals)] == [(v,) for v in goals.choice_values()]
    assert [c.value for c in space.fillings(ruleset.question("keep_practicing"))] == [True, False]


def test_a_change_to_goals_keeps_them_in_choice_order(ruleset: RuleSet) -> None:
    """Adding a goal puts it in its place among the choices; dropping one leaves the others in order."""
    goals = ruleset.question("goals")
    answers = {"goals": ("consulting", "digital_health")}
    added = Change(goals, "add", "lead_within_health_system").applied(answers)
    assert added == ("lead_within_health_system", "consulting", "digital_health")
    assert Change(goals, "drop", "consulting").applied(answers) == ("digital_health",)
    assert Change(goals, "set", ("policy_reform",)).applied(answers) == ("policy_reform",)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_random_answers_are_complete_and_valid(ruleset: RuleSet, seed: int) -> None:
    """Random answers answer exactly the questions that apply, each with a value its question accepts."""
    answers = random_answers(ruleset, random.Random(seed))
    space = AnswerSpace(ruleset)
    assert answers
    assert space.settle(answers) == answers
    assert space.unanswered(answers) == []
    assert value_problems(as_json(answers), by_id(ruleset.questions)) == []
