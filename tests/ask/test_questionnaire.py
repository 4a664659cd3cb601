"""The questionnaire's walk, driven by a scripted prompter: order, going back, review, resume."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.ask.questionnaire import BACK, Reply, Step, applicable, run, settle
from degreefit.conditions import compile_condition
from degreefit.models import AnswerValue, Question, RuleSet
from tests.helpers.personas import PERSONAS
from tests.helpers.strategies import answer_value, as_answer_values


def _as_asked(persona: str, region: str) -> dict[str, AnswerValue]:
    """A persona's answers as a person at the terminal gives them, in the order asked: with the
    region, which an answers file may leave out but the walk asks, second."""
    answers = as_answer_values(PERSONAS[persona][0])
    return {"clinical_status": answers["clinical_status"], "region": region, **answers}


PHYSICIAN = _as_asked("mid-career physician leading inside a health system", "elsewhere")


def answers_a_person_gives(ruleset: RuleSet) -> st.SearchStrategy[dict[str, AnswerValue]]:
    """Complete, valid answers as the walk gathers them: every question whose `when` holds for the
    answers before it is answered, the optional ones too (the walk asks every question that applies;
    only a file may leave one out), in question order."""
    steps = [(q, compile_condition(q.when) if q.when is not None else None) for q in ruleset.questions]

    @st.composite
    def draw_answers(draw: st.DrawFn) -> dict[str, AnswerValue]:
        answers: dict[str, AnswerValue] = {}
        for question, condition in steps:
            if condition is None or condition(answers):
                answers.update(as_answer_values({question.id: draw(answer_value(question))}))
        return answers

    return draw_answers()


@dataclass
class Scripted:
    """A prompter that replies from a script and records what it was asked."""

    replies: dict[str, list[Reply]]
    reviews: list[str | None] = field(default_factory=lambda: [None])
    asked: list[tuple[str, AnswerValue | None, Step]] = field(default_factory=list)
    welcomed: list[tuple[int, int, int]] = field(default_factory=list)
    reviewed: list[list[str]] = field(default_factory=list)

    def welcome(self, *, least: int, most: int, start: int, degrees: Sequence[str], sources: int) -> None:
        self.welcomed.append((least, most, start))

    def ask(self, question: Question, *, default: AnswerValue | None, step: Step) -> Reply:
        self.asked.append((question.id, default, step))
        queue = self.replies[question.id]
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def review(self, answers: Sequence[tuple[Question, AnswerValue]]) -> str | None:
        self.reviewed.append([q.id for q, _ in answers])
        return self.reviews.pop(0)

    def order(self) -> list[str]:
        """The ids of the questions asked, in order."""
        return [qid for qid, _, _ in self.asked]


def _script(answers: Mapping[str, AnswerValue]) -> dict[str, list[Reply]]:
    return {qid: [value] for qid, value in answers.items()}


def _run(ruleset: RuleSet, prompter: Scripted, **layers: Mapping[str, AnswerValue]) -> dict[str, AnswerValue]:
    saved: list[dict[str, AnswerValue]] = []
    result = run(
        ruleset,
        prompter,
        given=layers.get("given", {}),
        resumed=layers.get("resumed", {}),
        save=lambda answers: saved.append(dict(answers)),
    )
    assert saved == [] or saved[-1] == result, "the last save holds the final answers"
    return result


def test_asks_every_applicable_question_in_order_and_returns_the_answers(ruleset: RuleSet) -> None:
    """A physician is asked keep_practicing but not specialty, in the order of questions.yaml."""
    prompter = Scripted(_script(PHYSICIAN))
    assert _run(ruleset, prompter) == dict(PHYSICIAN)
    assert prompter.order() == list(PHYSICIAN)
    assert "specialty" not in prompter.order()


def test_progress_marker_counts_up_to_the_most_questions_until_the_follow_ups_are_known(
    ruleset: RuleSet,
) -> None:
    """The marker says "n of up to 11" while an answer to come decides a follow-up (the goals decide
    the specialty), then "n of 10": the total never grows. It used to read "1 of 8", then "2 of 9"."""
    prompter = Scripted(_script(PHYSICIAN))
    _run(ruleset, prompter)
    steps = [(step.number, step.total, step.exact) for _, _, step in prompter.asked]
    assert steps == [(n, 11, False) for n in range(1, 5)] + [(n, 10, True) for n in range(5, 11)]
    assert prompter.welcomed == [(9, 11, 1)]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_the_count_of_questions_never_grows_and_ends_exact(ruleset: RuleSet, data: st.DataObject) -> None:
    """For any answers, each total is at most the one before, a total said to be exact never
    changes, and the last question is "n of n", exactly."""
    answers = data.draw(answers_a_person_gives(ruleset))
    prompter = Scripted(_script(answers))
    _run(ruleset, prompter)
    steps = [step for _, _, step in prompter.asked]
    assert all(later.total <= step.total for step, later in pairwise(steps))
    assert all(later.total == step.total for step, later in pairwise(steps) if step.exact)
    assert (steps[-1].number, steps[-1].total, steps[-1].exact) == (len(steps), len(steps), True)


def test_going_back_asks_the_previous_question_with_its_answer_as_default(ruleset: RuleSet) -> None:
    """Back at goals returns to career stage, showing the answer given; a new answer replaces it."""
    replies = _script(PHYSICIAN)
    replies["goals"] = [BACK, PHYSICIAN["goals"]]
    replies["career_stage"] = ["mid", "senior"]
    prompter = Scripted(replies)
    result = _run(ruleset, prompter)
    assert prompter.order()[:6] == [
        "clinical_status",
        "region",
        "career_stage",
        "goals",
        "career_stage",
        "goals",
    ]
    assert prompter.asked[4][1] == "mid"
    assert result["career_stage"] == "senior"


def test_going_back_is_not_offered_on_the_first_question(ruleset: RuleSet) -> None:
    """The first question cannot go back; a Back reply there just asks it again."""
    replies = _script(PHYSICIAN)
    replies["clinical_status"] = [BACK, "practicing_physician"]
    prompter = Scripted(replies)
    _run(ruleset, prompter)
    assert prompter.asked[0][2].can_go_back is False
    assert prompter.order()[:2] == ["clinical_status", "clinical_status"]
    assert all(step.can_go_back for _, _, step in prompter.asked[2:])


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(ruleset: RuleSet) -> None:
    """Going back from a nurse's question to make her a non-clinician drops keep_practicing."""
    replies = _script(_as_asked("nurse who wants to run a care organization", "kenya"))
    # At study format, back through every earlier question to clinical status, then forward.
    replies["study_format"] = [BACK, *replies["study_format"]]
    replies["keep_practicing"] = [*replies["keep_practicing"], BACK]
    replies["goals"] = [replies["goals"][0], BACK, replies["goals"][0]]
    replies["career_stage"] = [replies["career_stage"][0], BACK, replies["career_stage"][0]]
    replies["region"] = [replies["region"][0], BACK, replies["region"][0]]
    replies["clinical_status"] = ["other_clinician", "non_clinician"]
    prompter = Scripted(replies)
    result = _run(ruleset, prompter)
    assert result["clinical_status"] == "non_clinician"
    assert "keep_practicing" not in result
    assert prompter.order().count("keep_practicing") == 2  # asked, walked back through, then dropped


def test_review_change_asks_newly_relevant_questions_and_reviews_again(ruleset: RuleSet) -> None:
    """Adding the specialising goal in the review asks the specialty, then shows the review again; the
    question changed from the review shows its place ("4 of 10"), as in the walk."""
    replies = _script(PHYSICIAN)
    replies["goals"] = [PHYSICIAN["goals"], ("specialize_clinically",)]
    replies["specialty"] = ["surgery"]
    prompter = Scripted(replies, reviews=["goals", None])
    result = _run(ruleset, prompter)
    assert result["goals"] == ("specialize_clinically",)
    assert result["specialty"] == "surgery"
    assert prompter.order()[-2:] == ["goals", "specialty"]
    assert len(prompter.reviewed) == 2
    assert "specialty" in prompter.reviewed[1]
    # Asked again from the review, the goals keep their place in the walk: 4 of 10; the specialty
    # they bring in takes its place among the eleven that now apply (it read "1 of 1", shown as "?").
    steps = [(step.number, step.total) for _, _, step in prompter.asked[-2:]]
    assert steps == [(4, 10), (5, 11)]
    assert all(step.can_go_back for _, _, step in prompter.asked[-2:])


def test_back_from_a_question_the_review_brought_in_returns_to_the_one_changed(ruleset: RuleSet) -> None:
    """Back at the specialty that a change of goals in the review brought in asks the goals again,
    with the new goals as the default; going on asks the specialty again, then the review."""
    clinical = ("lead_within_health_system", "specialize_clinically")
    replies = _script(PHYSICIAN)
    replies["goals"] = [PHYSICIAN["goals"], clinical, clinical]
    replies["specialty"] = [BACK, "surgery"]
    prompter = Scripted(replies, reviews=["goals", None])
    result = _run(ruleset, prompter)
    assert prompter.order()[-4:] == ["goals", "specialty", "goals", "specialty"]
    assert prompter.asked[-2][1] == clinical  # the goals just given are the default
    assert [step.number for _, _, step in prompter.asked[-4:]] == [4, 5, 4, 5]
    assert result == {**PHYSICIAN, "goals": clinical, "specialty": "surgery"}
    assert len(prompter.reviewed) == 2


def test_back_from_the_question_chosen_in_the_review_leaves_the_answers_as_they_were(
    ruleset: RuleSet,
) -> None:
    """Backing out of a change (goals, then back from the specialty, then back from the goals)
    returns to the review with the answers of before, the last save holding them too: a review
    never shows a newly relevant question unanswered."""
    saved: list[dict[str, AnswerValue]] = []
    replies = _script(PHYSICIAN)
    replies["goals"] = [PHYSICIAN["goals"], ("specialize_clinically",), BACK]
    replies["specialty"] = [BACK]
    prompter = Scripted(replies, reviews=["goals", None])
    result = run(ruleset, prompter, given={}, resumed={}, save=lambda a: saved.append(dict(a)))
    assert prompter.order()[-3:] == ["goals", "specialty", "goals"]
    assert result == dict(PHYSICIAN)
    assert saved[-1] == dict(PHYSICIAN)
    assert prompter.reviewed == [list(PHYSICIAN), list(PHYSICIAN)]


def test_a_question_brought_in_and_then_left_out_is_not_asked(ruleset: RuleSet) -> None:
    """Back from the specialty to the goals, then goals without the specialising one: the specialty
    no longer applies, and the review comes next."""
    replies = _script(PHYSICIAN)
    replies["goals"] = [PHYSICIAN["goals"], ("specialize_clinically",), ("consulting",)]
    replies["specialty"] = [BACK]
    prompter = Scripted(replies, reviews=["goals", None])
    result = _run(ruleset, prompter)
    assert prompter.order()[-3:] == ["goals", "specialty", "goals"]
    assert result == {**PHYSICIAN, "goals": ("consulting",)}


def test_review_shows_every_answer_in_question_order(ruleset: RuleSet) -> None:
    """The review lists each answer once, in the order of the questions."""
    prompter = Scripted(_script(PHYSICIAN))
    _run(ruleset, prompter)
    assert prompter.reviewed == [list(PHYSICIAN)]


def test_given_answers_are_not_asked_but_appear_in_the_review(ruleset: RuleSet) -> None:
    """Answers from a file are skipped in the walk and can be changed only in the review."""
    given = {k: PHYSICIAN[k] for k in ("clinical_status", "career_stage")}
    prompter = Scripted(_script(PHYSICIAN))
    result = _run(ruleset, prompter, given=given)
    assert prompter.order() == [k for k in PHYSICIAN if k not in given]
    assert prompter.reviewed[0][:3] == ["clinical_status", "region", "career_stage"]
    assert result == dict(PHYSICIAN)


def test_resume_starts_at_the_first_unanswered_question(ruleset: RuleSet) -> None:
    """Resumed answers are not asked again, but going back reaches them with their answers."""
    resumed = {
        k: PHYSICIAN[k] for k in ("clinical_status", "region", "career_stage", "goals", "keep_practicing")
    }
    replies = _script(PHYSICIAN)
    replies["study_format"] = [BACK, "online_part_time"]
    prompter = Scripted(replies)
    result = _run(ruleset, prompter, resumed=resumed)
    assert prompter.order()[:3] == ["study_format", "keep_practicing", "study_format"]
    assert prompter.asked[1][1] is True  # the resumed answer is the default
    assert prompter.welcomed == [(10, 10, 6)]  # the goals are answered: the specialty is not asked
    assert result == dict(PHYSICIAN)


def test_a_run_kept_from_before_the_region_question_asks_only_the_region(ruleset: RuleSet) -> None:
    """Answers kept by an earlier run that never asked the optional region: the walk asks the region
    alone, then goes to the review, instead of asking every kept answer again; Back from the region
    still reaches the one before it."""
    kept = {k: v for k, v in PHYSICIAN.items() if k != "region"}
    replies = _script(PHYSICIAN)
    replies["region"] = [BACK, "kenya"]
    prompter = Scripted(replies)
    result = _run(ruleset, prompter, resumed=kept)
    assert prompter.order() == ["region", "clinical_status", "region"]
    assert prompter.welcomed == [(10, 10, 2)]
    assert result == {**PHYSICIAN, "region": "kenya"}


def test_a_run_resumed_with_every_answer_goes_straight_to_the_review(ruleset: RuleSet) -> None:
    """Answers kept at the review (Ctrl-C there) come back to the review: no welcome (which would
    say "question 11 of 10"), no question, and a change there is asked as usual."""
    replies = _script(PHYSICIAN)
    replies["max_years"] = [3]
    prompter = Scripted(replies, reviews=["max_years", None])
    result = _run(ruleset, prompter, resumed=PHYSICIAN)
    assert prompter.welcomed == []
    assert prompter.order() == ["max_years"]
    assert len(prompter.reviewed) == 2
    assert result == {**PHYSICIAN, "max_years": 3}


def test_every_answer_is_saved_as_it_is_given(ruleset: RuleSet) -> None:
    """The save callback sees the answers grow one by one, so an interruption loses nothing."""
    saved: list[dict[str, AnswerValue]] = []
    run(ruleset, Scripted(_script(PHYSICIAN)), given={}, resumed={}, save=lambda a: saved.append(dict(a)))
    assert [len(s) for s in saved] == list(range(1, len(PHYSICIAN) + 1))


def test_an_interruption_propagates_after_earlier_answers_were_saved(ruleset: RuleSet) -> None:
    """Ctrl-C (KeyboardInterrupt from the prompter) reaches the caller; what was answered is saved."""

    class Interrupting(Scripted):
        def ask(self, question: Question, *, default: AnswerValue | None, step: Step) -> Reply:
            if question.id == "study_format":
                raise KeyboardInterrupt
            return super().ask(question, default=default, step=step)

    saved: list[dict[str, AnswerValue]] = []
    with pytest.raises(KeyboardInterrupt):
        run(
            ruleset,
            Interrupting(_script(PHYSICIAN)),
            given={},
            resumed={},
            save=lambda a: saved.append(dict(a)),
        )
    assert list(saved[-1]) == ["clinical_status", "region", "career_stage", "goals", "keep_practicing"]


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_replying_with_valid_answers_returns_exactly_them(ruleset: RuleSet, data: st.DataObject) -> None:
    """For any valid answers, a person who gives them gets them back, each asked exactly once."""
    answers = data.draw(answers_a_person_gives(ruleset))
    prompter = Scripted(_script(answers))
    assert _run(ruleset, prompter) == answers
    assert prompter.order() == list(answers)


def test_settle_keeps_only_answers_to_questions_that_apply(ruleset: RuleSet) -> None:
    """A specialty without the specialising goal, or keep_practicing for a non-clinician, is dropped."""
    answers = {**PHYSICIAN, "clinical_status": "non_clinician", "specialty": "surgery"}
    settled = settle(ruleset, answers)
    assert "keep_practicing" not in settled
    assert "specialty" not in settled
    assert list(settled) == [q.id for q in ruleset.questions if q.id in settled]


def test_applicable_questions_follow_the_answers(ruleset: RuleSet) -> None:
    """Specialty applies once specialize_clinically is a goal; keep_practicing only for clinicians."""
    ids = [
        q.id
        for q in applicable(
            ruleset, {"clinical_status": "medical_student", "goals": ("specialize_clinically",)}
        )
    ]
    assert "specialty" in ids
    assert "keep_practicing" not in ids
