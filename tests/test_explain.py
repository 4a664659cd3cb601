"""Explanations: what would change the first place, why not a degree, how the points add up."""

from __future__ import annotations

import json
import random
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import AnswerSpace, Change, random_answers
from degreefit.cli import app
from degreefit.engine import Engine
from degreefit.explain import MAX_TRIED, search_changes, what_would_change
from degreefit.models import AnswerValue, RuleSet
from degreefit.report.wording import searched_line
from tests.helpers.personas import PERSONAS
from tests.helpers.process import run_degreefit
from tests.helpers.strategies import as_answer_values, sampled_suggestions, valid_answers

PROPERTIES = settings(max_examples=60, deadline=None)
RESIDENT = as_answer_values(PERSONAS["resident specialising in surgery"][0])
NURSE = as_answer_values(PERSONAS["nurse who wants to run a care organization"][0])
# The resident, but one who would stop clinical work while studying: the MMed leads. Since issue 19
# the MMM opens after residency (gate mmm-after-residency), so no change of her own answers puts
# another degree first.
RESIDENT_OFF_THE_WARDS = {**RESIDENT, "keep_practicing": False}
# The same surgeon a year out of residency, an early-career attending: the MMed leads, and the
# smallest change that puts the MMM ahead of it (not level with it) adds a leadership goal.
SURGEON_OFF_THE_WARDS = {**RESIDENT_OFF_THE_WARDS, "clinical_status": "practicing_physician"}
LEAVER = PERSONAS["physician moving beyond clinical medicine"][0]


def as_lists(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as JSON writes them: lists for tuples."""
    return {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}


def _ask_json(runner: CliRunner, answers: dict[str, Any], *extra: str) -> dict[str, Any]:
    result = runner.invoke(
        app, ["ask", "--answers", "-", "--format", "json", *extra], input=json.dumps(as_lists(answers))
    )
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


@PROPERTIES
@given(data=st.data())
def test_each_suggested_change_gives_the_stated_top_pick_and_points(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """Applying a suggested change and asking again gives the new top pick (first on its own, where
    before another degree was, or a tie) and the points it promised."""
    runner = CliRunner()
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    report = _ask_json(runner, answers)
    assume(report["what_would_change"])  # about two people in three have a change to check
    for alternative in report["what_would_change"]:
        changed = {**{k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}}
        changed.update(alternative["changes"])
        for question in alternative["any_of"]:  # brought in, and any answer gives the same first place
            changed[question] = ruleset.question(question).choices[0].value
        space = AnswerSpace(ruleset)
        settled = space.settle(as_answer_values(changed))
        again = _ask_json(runner, settled)
        assert again["top"] == alternative["new_top"]
        assert again["tied_for_first"] == [alternative["new_top"]] != report["tied_for_first"]
        points = {
            r["degree"]: {"goals": r["goal_points"], "costs": r["cost_points"]} for r in again["ranking"]
        }
        assert points == alternative["points"]


def _top(engine: Engine, answers: dict[str, AnswerValue]) -> tuple[str, ...]:
    """The open degrees tied for first (one when a degree comes first on its own)."""
    return engine.standings(engine.outcome(answers)).first


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
            continue  # a change may exist that drops every goal given: another person's advice
        if len(found[0].changes) == 2 and not found[0].any_of:
            assert tops_by_size[1] == set()
            checked += 1
        elif len(found[0].changes) == 1 and not found[0].any_of:
            assert tops_by_size[1]
    assert checked > 0, "the sample should hold people whose smallest change is a pair"


@PROPERTIES
@given(data=st.data())
def test_contributions_add_up_to_each_degrees_points(ruleset: RuleSet, data: st.DataObject) -> None:
    """With --explain, every degree's contributions sum to its goal and cost points."""
    runner = CliRunner()
    answers = as_answer_values(data.draw(valid_answers(ruleset)))
    report = _ask_json(runner, answers, "--explain")
    for entry in report["ranking"]:
        total = sum(c["effect"] for c in entry["contributions"])
        assert total == pytest.approx(entry["goal_points"] + entry["cost_points"], abs=1e-9)
        for contribution in entry["contributions"]:
            assert contribution["condition"].lstrip("(").startswith(("your ", "you answered "))


def test_a_pick_that_rests_on_one_claim_says_which(runner: CliRunner) -> None:
    """A physician leaving clinical medicine to whom recognition matters only somewhat has one claim
    for the MBA and none for the others: the report calls it a close call and names that claim."""
    leaving = {**LEAVER, "recognition_importance": "medium"}
    report = _ask_json(runner, leaving)
    assert (report["top"], report["decided"], report["close_call"]) == ("MBA", "goals", True)
    assert [claim["claim"] for claim in report["rests_on"]] == ["mba-broader-business-exposure"]
    result = runner.invoke(app, ["ask", "-a", "-"], input=json.dumps(leaving))
    assert result.exit_code == 0
    assert result.stdout.startswith("Best fit: MBA (Master of Business Administration)")


def test_a_tie_is_called_a_tie_in_every_format(runner: CliRunner) -> None:
    """A nurse whose only goal is global health work: no degree open to her is linked to it, so the MHA
    and the MBA tie. JSON has no top and lists both; text and Markdown say tie and show no best fit."""
    nurse = {
        **PERSONAS["nurse who wants to run a care organization"][0],
        "goals": ["global_health_organization"],
    }
    report = _ask_json(runner, nurse)
    assert (report["top"], report["tied_for_first"], report["decided"]) == (None, ["MHA", "MBA"], "tie")
    assert (report["close_call"], report["rests_on"]) == (True, [])
    assert [g["value"] for g in report["unaddressed_goals"]] == ["global_health_organization"]
    for fmt in ("text", "markdown"):
        result = runner.invoke(app, ["ask", "-a", "-", "-f", fmt], input=json.dumps(nurse))
        assert result.exit_code == 0
        assert "tie" in result.stdout.splitlines()[0].lower()
        assert "Best fit" not in result.stdout


def test_what_would_change_names_the_change_in_words(runner: CliRunner) -> None:
    """The early-career surgeon hears which goals to change for the MMM to come first, with the points
    of both."""
    report = _ask_json(runner, SURGEON_OFF_THE_WARDS)
    assert report["top"] == "MMed"
    first = next(a for a in report["what_would_change"] if a["new_top"] == "MMM")
    leadership = {"lead_within_health_system", "run_healthcare_organization", "quality_improvement"}
    assert leadership & set(first["changes"]["goals"])
    assert "MMM would come first" in first["text"]
    assert "to your goals" in first["text"]


def test_suggestions_change_only_answers_the_person_controls(ruleset: RuleSet) -> None:
    """Clinical status, career stage and specialty are never suggested as changes."""
    fixed = {q.id for q in ruleset.questions if not q.actionable}
    found = sampled_suggestions(ruleset, seed=3, people=100)
    assert found, "the sample should hold people with suggestions"
    for answers, alternative in found:
        changed = {c.question.id for c in alternative.changes}
        brought_in = {c.question.id for c in alternative.changes if c.question.id not in answers}
        assert not (changed - brought_in) & fixed


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
    """The early-career surgeon asking why not the MMM sees the missing positives and the change that
    would do it."""
    report = _ask_json(runner, SURGEON_OFF_THE_WARDS, "--why-not", "mmm")
    why = report["why_not"]
    assert why["rank"] > 1
    assert why["change"]["new_top"] == "MMM"
    assert why["change"] == report["what_would_change"][0]
    assert [m["rule"] for m in why["missing"]][:1] == ["mmm-clinician-to-leader"]
    assert all(m["effect"] > 0 for m in why["missing"])
    assert all(a["effect"] < 0 for a in why["against"])


def test_why_not_a_later_path_suggests_no_change_of_answers(runner: CliRunner) -> None:
    """The resident asking why not the MMM hears that no change of her own answers would put it first:
    it is a later path for her, opening after residency (gate mmm-after-residency, issue 19), and no
    suggestion names it."""
    report = _ask_json(runner, RESIDENT_OFF_THE_WARDS, "--why-not", "MMM")
    assert report["top"] == "MMed"
    assert "MMM" in report["later"]
    assert all(a["new_top"] != "MMM" for a in report["what_would_change"])
    why = report["why_not"]
    assert (why["eligibility"], why["change"], why["blocked_by"]) == ("not_yet", None, None)
    assert why["text"] == "No change of one or two of your own answers would put MMM first."


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
    for fmt, heading in (
        ("text", "How each degree's points add up"),
        ("markdown", "## How each degree's points add up"),
    ):
        result = runner.invoke(
            app, ["ask", "-a", "-", "-f", fmt, "--explain", "--why-not", "MMM"], input=source
        )
        assert result.exit_code == 0
        assert heading in result.stdout
        assert "Why not MMM?" in result.stdout


def test_a_huge_why_not_argument_is_named_briefly(runner: CliRunner) -> None:
    """A 100,000-character --why-not is refused in one short line, not echoed whole."""
    result = runner.invoke(app, ["ask", "--answers", "-", "--why-not", "X" * 100_000], input="{}")
    assert result.exit_code == 2
    assert len(result.stderr) < 200
    assert result.stderr.startswith(f"degreefit: error: no degree '{'X' * 40}…': the degrees are ")


def test_a_change_that_only_differs_in_the_specialty_is_said_once(ruleset: RuleSet) -> None:
    """A physician in training aiming beyond medicine: adding the specialising goal brings in the
    specialty question; when every specialty gives the same first place, the suggestion is made once,
    for any specialty."""
    engine = Engine(ruleset)
    trainee = as_answer_values(
        {
            "clinical_status": "physician_in_training",
            "region": "kenya",
            "career_stage": "student",
            "goals": ["career_beyond_medicine", "digital_health", "global_health_organization"],
            "keep_practicing": False,
            "study_format": "online_part_time",
            "max_years": 5,
            "wants_research": False,
            "recognition_importance": "medium",
            "can_reduce_income": True,
        }
    )
    found = what_would_change(engine, trainee, limit=5)
    adding = [
        a for a in found if any(c.action == "add" and c.value == "specialize_clinically" for c in a.changes)
    ]
    assert len(adding) == 1
    for alternative in adding:
        assert "specialty" in alternative.any_of
        assert all(c.question.id != "specialty" for c in alternative.changes)


def test_a_change_that_drops_every_goal_given_is_left_out(ruleset: RuleSet) -> None:
    """Replacing the person's only goal with another is another person's advice: never suggested."""
    found = sampled_suggestions(ruleset, seed=5, people=150)
    assert found
    for answers, alternative in found:
        assert set(answers["goals"]) & set(alternative.answers["goals"])  # type: ignore[arg-type]


def test_why_not_a_degree_tied_for_first_says_so(runner: CliRunner) -> None:
    """A nurse whose only goal is global health work, asking why not the MBA, hears that it is tied for
    first with the MHA, not that it ranks second."""
    nurse = {
        **PERSONAS["nurse who wants to run a care organization"][0],
        "goals": ["global_health_organization"],
    }
    why = _ask_json(runner, nurse, "--why-not", "MBA")["why_not"]
    assert "tied for first" in why["text"]
    assert "MHA" in why["text"]


# Issue 22, item 10: a goals question of thousands of choices made millions of pairs of changes to try.
def _with_extra_goals(rules: Path, count: int) -> Path:
    """The rule set `rules` with `count` more goals, which no rule names (`rules check` passes it)."""
    path = rules / "questions.yaml"
    last = (
        '      - {value: broad_business_exposure, label: "Get broad business training beyond health care"}\n'
    )
    more = "".join(f"      - {{value: extra_{i}, label: Extra goal {i}}}\n" for i in range(count))
    text = path.read_text(encoding="utf-8")
    assert text.count(last) == 1
    path.write_text(text.replace(last, last + more), encoding="utf-8")
    return rules


def _words(text: str) -> str:
    """Text with its lines joined and its runs of spaces made one, as a person reads wrapped text."""
    return " ".join(text.replace("•", " ").split())


def test_ask_with_2000_goals_tries_the_first_changes_and_says_so(rules_copy: Path, tmp_path: Path) -> None:
    """`ask` on a rule set whose goals have 2,000 choices more (it took ten minutes) ends within seconds,
    and its report says that only the first MAX_TRIED changes were tried. The resident off the wards
    has no change to find (since issue 19 the nurse finds five at once, adding consulting for the
    MBA), so the search reaches its budget."""
    rules = _with_extra_goals(rules_copy, 2_000)
    answers = tmp_path / "resident.json"
    answers.write_text(json.dumps(as_lists(RESIDENT_OFF_THE_WARDS)), encoding="utf-8")
    args = ["ask", "--rules", str(rules), "--answers", str(answers)]
    done = run_degreefit(*args, cache="")
    assert (done.returncode, done.stderr) == (0, "")
    said = _words(searched_line(MAX_TRIED))
    assert said == (
        "Of the changes of one or two of your own answers, only the first 50,000 were tried: there are too "
        "many to try them all."
    )
    assert said in _words(done.stdout)


def test_the_built_in_rules_are_always_searched_whole(ruleset: RuleSet) -> None:
    """For the built-in rules every change of one or two answers is tried, for every degree asked about:
    the budget is far from reached."""
    engine, rng = Engine(ruleset), random.Random(13)
    for _ in range(100):
        answers = random_answers(ruleset, rng)
        assert search_changes(engine, answers).searched == 0
        for code in engine.codes:
            assert search_changes(engine, answers, target=code, limit=1).searched == 0


def test_a_search_cut_short_finds_what_the_first_changes_find(
    ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cut short after a few changes, the search says how many it tried and finds what the whole search
    finds among those first changes, in the same order."""
    engine, rng = Engine(ruleset), random.Random(17)
    checked = 0
    for _ in range(100):
        answers = random_answers(ruleset, rng)
        whole = search_changes(engine, answers, limit=100)
        monkeypatch.setattr("degreefit.explain.MAX_TRIED", 12)
        cut = search_changes(engine, answers, limit=100)
        monkeypatch.undo()
        assert cut.searched == 12
        kept = [a.changes for a in cut.found]
        assert kept == [a.changes for a in whole.found][: len(kept)]
        checked += bool(kept)
    assert checked > 0, "the sample should hold people with a change among their first twelve"


def test_a_report_cut_short_says_so_instead_of_no_change_would(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the search stops after its first changes and finds none, the report does not say that no
    change would do: it says how many changes were tried, under the heading and for why-not alike."""
    monkeypatch.setattr("degreefit.explain.MAX_TRIED", 1)
    report = _ask_json(runner, RESIDENT_OFF_THE_WARDS, "--why-not", "MBA")
    assert report["why_not"]["text"] == searched_line(1)
    assert (report["why_not"]["searched"], report["what_would_change_searched"]) == (1, 1)
    result = runner.invoke(app, ["ask", "--answers", "-"], input=json.dumps(as_lists(RESIDENT_OFF_THE_WARDS)))
    assert result.exit_code == 0
    assert _words(searched_line(1)) in _words(result.stdout)
    assert "No change of one or two" not in result.stdout
    monkeypatch.undo()
    complete = _ask_json(runner, RESIDENT)
    assert complete["what_would_change_searched"] is None  # with the budget as shipped, every change is tried
