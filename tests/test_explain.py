"""Explanations: the margin, what would change the top pick, why not a degree, score breakdowns."""

from __future__ import annotations

import json
import random
from itertools import combinations
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answerspace import AnswerSpace, Change, random_answers
from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.explain import is_close_call, margin, what_would_change
from degreefit.models import AnswerValue, RuleSet

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import PERSONAS
    from strategies import as_answer_values, valid_answers
else:
    from tests.conftest import PERSONAS
    from tests.strategies import as_answer_values, valid_answers

PROPERTIES = settings(max_examples=60, deadline=None)
RESIDENT = as_answer_values(PERSONAS["resident specialising in surgery"][0])
NURSE = as_answer_values(PERSONAS["nurse who wants to run a care organization"][0])
# The resident, but one who would stop clinical work while studying: the MMed leads, and the
# smallest change that puts the MMM ahead of it (not level with it) trades one goal for another.
RESIDENT_OFF_THE_WARDS = {**RESIDENT, "keep_practicing": False}
LEAVER = PERSONAS["physician moving beyond clinical medicine"][0]


def _ask_json(runner: CliRunner, answers: dict[str, Any], *extra: str) -> dict[str, Any]:
    as_lists = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
    result = runner.invoke(
        app, ["ask", "--answers", "-", "--format", "json", *extra], input=json.dumps(as_lists)
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@PROPERTIES
@given(data=st.data())
def test_each_suggested_change_gives_the_stated_top_pick_and_scores(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Applying a suggested change and asking again gives the new top pick (first on its own, where
    before another degree was, or a tie) and the scores it promised."""
    runner = CliRunner()
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    report = _ask_json(runner, answers)
    assume(report["what_would_change"])  # about two people in three have a change to check
    for alternative in report["what_would_change"]:
        changed = {**{k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}}
        changed.update(alternative["changes"])
        space = AnswerSpace(ruleset)
        settled = space.settle(as_answer_values(changed))
        again = _ask_json(runner, settled)
        assert again["top"] == alternative["new_top"]
        assert again["tied_for_first"] == [alternative["new_top"]] != report["tied_for_first"]
        assert {r["degree"]: r["score"] for r in again["ranking"]} == alternative["scores"]


def _top(engine: Engine, answers: dict[str, AnswerValue]) -> tuple[str, ...]:
    """The degrees tied for first (one when a degree comes first on its own)."""
    return engine.tied_for_first(engine.outcome(answers))


def _apply(
    engine: Engine, space: AnswerSpace, answers: dict[str, AnswerValue], changes: tuple[Change, ...]
) -> list[tuple[int, tuple[str, ...]]]:
    """(number of answers changed, top) for these changes, and for each way of answering a
    question they bring in (which counts as one more change)."""
    changed = dict(answers)
    for change in changes:
        changed[change.question.id] = change.applied(changed)
    if any(v == () for v in changed.values()):
        return []
    changed = space.settle(changed)
    gaps = space.unanswered(changed)
    if not gaps:
        return [(len(changes), _top(engine, changed))]
    fills = (space.settle({**changed, f.question.id: f.value}) for f in space.fillings(gaps[0]))
    return [(len(changes) + 1, _top(engine, filled)) for filled in fills]


def test_no_smaller_change_exists_than_the_first_suggested(ruleset: RuleSet) -> None:
    """Brute force on a sample: when the first suggestion takes two changes, no single change would do."""
    engine, space, rng = Engine(ruleset), AnswerSpace(ruleset), random.Random(7)
    checked = 0
    for _ in range(150):
        answers = random_answers(ruleset, rng)
        found = what_would_change(engine, answers)
        current = _top(engine, answers)
        singles = list(space.changes(answers))
        reached = [r for change in singles for r in _apply(engine, space, answers, (change,))]
        reached += [r for pair in combinations(singles, 2) for r in _apply(engine, space, answers, pair)]
        tops_by_size = {  # a change counts when one degree comes first on its own, and it is news
            size: {top for n, top in reached if n == size and len(top) == 1} - {current} for size in (1, 2)
        }
        if not found:
            assert tops_by_size == {1: set(), 2: set()}
        elif len(found[0].changes) == 2:
            assert tops_by_size[1] == set()
            checked += 1
        else:
            assert tops_by_size[1]
    assert checked > 0, "the sample should hold people whose smallest change is a pair"


@PROPERTIES
@given(data=st.data())
def test_contributions_add_up_to_the_points_behind_each_score(ruleset: RuleSet, data: st.DataObject) -> None:
    """With --explain, every degree's contributions sum to its points, and the points give its score."""
    runner = CliRunner()
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    report = _ask_json(runner, answers, "--explain")
    for entry in report["ranking"]:
        assert sum(c["effect"] for c in entry["contributions"]) == pytest.approx(entry["points"], abs=1e-9)
        for contribution in entry["contributions"]:
            assert contribution["condition"].startswith(("your ", "you answered "))


def test_margin_and_close_call_follow_the_threshold(ruleset: RuleSet) -> None:
    """The margin is the first score minus the second; under scoring.close_call_below it is a close call."""
    engine = Engine(ruleset)
    for answers in (RESIDENT, NURSE):
        recommendation = engine.recommend(answers)
        first, second = recommendation.ranking[:2]
        assert margin(recommendation) == round(first.score - second.score, 1)
        assert is_close_call(recommendation, ruleset) == (
            margin(recommendation) < ruleset.scoring.close_call_below
        )


def test_close_call_is_said_in_the_top_panel(runner: CliRunner) -> None:
    """A person whose two best degrees are within 5 points is told it is a close call, and which
    claim the pick rests on: a physician leaving clinical medicine to whom recognition across
    industries matters only somewhat has one weak claim for the MBA and none for the others."""
    leaving = {**LEAVER, "recognition_importance": "medium"}
    result = runner.invoke(app, ["ask", "-a", "-"], input=json.dumps(leaving))
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # the panel wraps the sentence
    assert text.startswith("Best fit: MBA (Master of Business Administration) ")
    assert "A close call: it scores 4.2 above MMM, but the pick rests on one claim (below)." in text
    assert "Without this claim, MBA would not come first" in text
    report = _ask_json(runner, leaving)
    assert (report["margin"], report["close_call"]) == (4.2, True)
    assert [claim["claim"] for claim in report["rests_on"]] == ["mba-broader-business-exposure"]


def test_a_tie_is_called_a_tie_not_a_lead(runner: CliRunner) -> None:
    """A physician leaving clinical medicine who also wants to lead scores 62.2 for both the MMM and
    the MBA: the report calls it a tie, in its headline too, and says the order between them is not
    by fit."""
    goals = ["career_beyond_medicine", "lead_within_health_system", "run_healthcare_organization"]
    leaving_but_leading = {**LEAVER, "goals": goals}
    report = _ask_json(runner, leaving_but_leading)
    assert (report["margin"], report["close_call"]) == (0.0, True)
    assert report["tied_for_first"] == ["MMM", "MBA"]
    assert report["rests_on"] == []
    result = runner.invoke(app, ["ask", "-a", "-"], input=json.dumps(leaving_but_leading))
    assert result.stdout.startswith("A tie for best fit: MMM and MBA\n")
    text = " ".join(result.stdout.split())  # the panel wraps the sentence
    assert "A tie: MMM and MBA both score 62.2." in text
    assert "they are listed in a fixed order, not by fit." in text
    assert "Best fit:" not in text
    assert "by 0.0" not in text
    assert "above MBA" not in text
    markdown = runner.invoke(app, ["ask", "-a", "-", "-f", "markdown"], input=json.dumps(leaving_but_leading))
    assert markdown.stdout.startswith("# degreefit: a tie for best fit between the MMM and the MBA\n")


def test_what_would_change_names_the_change_in_words(runner: CliRunner) -> None:
    """The resident hears which goals to change for the MMM to come first, with both scores."""
    report = _ask_json(runner, RESIDENT_OFF_THE_WARDS)
    assert report["top"] == "MMed"
    first = report["what_would_change"][0]
    assert first["changes"] == {"goals": ["lead_within_health_system", "research_academic"]}
    assert first["new_top"] == "MMM"
    assert first["text"] == (
        "If you added “Lead within a health system” to your goals and dropped “Specialize in a clinical "
        "discipline” from your goals, MMM would rank first (score 62.2 vs MMed 54.2)."
    )


def test_suggestions_change_only_answers_the_person_controls(ruleset: RuleSet) -> None:
    """Clinical status, career stage and specialty are never suggested as changes."""
    engine, rng = Engine(ruleset), random.Random(3)
    fixed = {q.id for q in ruleset.questions if not q.actionable}
    checked = 0
    for _ in range(100):
        answers = random_answers(ruleset, rng)
        for alternative in what_would_change(engine, answers):
            changed = {c.question.id for c in alternative.changes}
            brought_in = {c.question.id for c in alternative.changes if c.question.id not in answers}
            assert not (changed - brought_in) & fixed
            checked += 1
    assert checked > 0, "the sample should hold people with suggestions"


def test_at_most_five_suggestions_smallest_first(ruleset: RuleSet) -> None:
    """Suggestions are at most five, ordered by how many answers they change."""
    engine, rng = Engine(ruleset), random.Random(11)
    several = 0
    for _ in range(100):
        found = what_would_change(engine, random_answers(ruleset, rng))
        assert len(found) <= 5
        sizes = [len(a.changes) for a in found]
        assert sizes == sorted(sizes)
        several += len(found) > 1
    assert several > 0, "the sample should hold people with more than one suggestion to order"


def test_why_not_an_ineligible_degree_says_no_change_of_your_answers_would(runner: CliRunner) -> None:
    """A nurse asking why not the MMM hears it admits physicians only, and that no change would do."""
    report = _ask_json(runner, NURSE, "--why-not", "MMM")
    why = report["why_not"]
    assert why["degree"] == "MMM"
    assert why["eligibility"] == "ineligible"
    assert why["change"] is None
    assert why["blocked_by"]["rule"] == "mmm-admits-only-physicians"
    assert why["text"].startswith(
        "No change of your own answers would put MMM first: The MMM admits physicians only"
    )


def test_why_not_a_reachable_degree_gives_the_smallest_change(runner: CliRunner) -> None:
    """The resident asking why not the MMM sees the missing positives and the change that would do it."""
    report = _ask_json(runner, RESIDENT_OFF_THE_WARDS, "--why-not", "mmm")
    why = report["why_not"]
    assert why["rank"] > 1
    assert why["change"]["new_top"] == "MMM"
    assert why["change"] == report["what_would_change"][0]
    assert [m["rule"] for m in why["missing"]][:1] == ["mmm-clinician-to-leader"]
    assert all(m["effect"] > 0 for m in why["missing"])
    assert all(a["effect"] < 0 for a in why["against"])


def test_why_not_the_top_pick_says_it_already_is(runner: CliRunner) -> None:
    """Asking why not the degree that already ranks first says so."""
    report = _ask_json(runner, RESIDENT, "--why-not", "MMed")
    assert report["why_not"]["text"] == "MMed is already your top pick."


def test_why_not_an_unknown_degree_is_refused_before_anything_else(runner: CliRunner) -> None:
    """--why-not with a code that is no degree exits 2 naming the codes."""
    result = runner.invoke(
        app,
        ["ask", "-a", "-", "--why-not", "MSc"],
        input=json.dumps(PERSONAS["resident specialising in surgery"][0]),
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("degreefit: error: no degree 'MSc': the degrees are MMM, MHA, MBA, MMed")


def test_explain_and_why_not_appear_in_the_text_and_markdown_reports(runner: CliRunner) -> None:
    """Both people-facing formats show the score breakdown and the why-not section."""
    source = json.dumps(PERSONAS["resident specialising in surgery"][0])
    for fmt, heading in (("text", "How each score adds up"), ("markdown", "## How each score adds up")):
        result = runner.invoke(
            app, ["ask", "-a", "-", "-f", fmt, "--explain", "--why-not", "MMM"], input=source
        )
        assert result.exit_code == 0
        assert heading in result.stdout
        assert "Why not MMM?" in result.stdout
        assert "3 + 2 + 1 − 1 = 5 points" in result.stdout


def test_a_huge_why_not_argument_is_named_briefly(runner: CliRunner) -> None:
    """A 100,000-character --why-not is refused in one short line, not echoed whole."""
    result = runner.invoke(app, ["ask", "--answers", "-", "--why-not", "X" * 100_000], input="{}")
    assert result.exit_code == 2
    assert len(result.stderr) < 200
    assert result.stderr.startswith(f"degreefit: error: no degree '{'X' * 40}…': the degrees are ")
