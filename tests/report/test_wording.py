"""The sentences every format shares (degreefit/report/wording.py): the headline, the ranking's cells, how
firm the pick is, what would change it, why not another degree, how the points add up, answers and
counts as people read them; and what would change the advice, in words: the changes as the person
would make them."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from degreefit.answers import Change
from degreefit.engine import Contribution, DegreeResult, Recommendation, standings
from degreefit.explain import Alternative, Explanation, WhyNot
from degreefit.models import BearsOn, Choice, Cite, Claim, Comparison, Degree, Question, Rule, RuleSet, Status
from degreefit.quoting import counted, listed
from degreefit.report.wording import (
    COPY_COMMAND,
    COPY_LINE,
    LEGEND,
    ask_step,
    change_heading,
    change_lines,
    cited_section,
    costs_cell,
    describe_alternative,
    describe_change,
    document_title,
    firmness,
    goals_cell,
    headline,
    note_line,
    points_sum,
    readable_answer,
    reason_text,
    recap_pick,
    tie_line,
    weight,
    why_not_standing,
    why_not_verdict,
)
from tests.helpers.personas import PHYSICIAN, persona_answers
from tests.helpers.report import NURSE_FOR_GLOBAL_HEALTH, report_of

CITE = Cite("src", "A section")
WHEN = Comparison("goals", "contains_any", ("x",))
NAMES = {"MMM": "Master of Medical Management", "MHA": "Master of Health Administration"}
NAMES |= {"MBA": "Master of Business Administration", "MMed": "Master of Medicine"}


def degree(
    code: str,
    goals: Sequence[float] = (),
    costs: Sequence[float] = (),
    eligibility: Status = "eligible",
    *,
    conflict: bool = False,
) -> DegreeResult:
    """A made-up degree's result: one rule per points given, on the goals or the costs account."""
    contributions = []
    accounts: list[tuple[BearsOn, Sequence[float]]] = [("goals", goals), ("costs", costs)]
    for account, given in accounts:
        for i, points in enumerate(given):
            rule = Rule(
                f"{code}-{account}-{i}",
                WHEN,
                {code: points},
                f"{code} {account} reason {i}.",
                CITE,
                claim=f"claim-{i}",
                bears_on=account,
                conflict=conflict and account == "costs",
            )
            contributions.append(Contribution(rule, points, rule.reason))
    return DegreeResult(
        Degree(code, NAMES[code], "", CITE),
        sum(goals),
        sum(costs),
        eligibility,
        tuple(contributions),
        (),
    )


def recommend(*results: DegreeResult) -> Recommendation:
    """The made-up results ranked as the engine ranks them."""
    ranked = standings(
        [r.degree.code for r in results],
        [r.eligibility for r in results],
        [r.goal for r in results],
        [r.cost for r in results],
    )
    by_code = {r.degree.code: r for r in results}
    return Recommendation(tuple(by_code[code] for code in ranked.order), ranked)


def explained(recommendation: Recommendation, rests_on: tuple[Claim, ...] = ()) -> Explanation:
    """What explain would say of a made-up recommendation, without alternatives."""
    decided = recommendation.standings.decided
    return Explanation(
        decided, decided in ("tie", "costs") or bool(rests_on), [], False, None, rests_on=rests_on
    )


def claim(claim_id: str) -> Claim:
    """A made-up claim of a made-up source."""
    return Claim(claim_id, "src", "A section", "It says so.", "", "strong", ("MMM",))


def test_a_clear_pick_is_headlined_with_its_name_and_says_by_how_much_it_leads() -> None:
    """One best fit: its code set apart from its name; a clear pick leads the next open degree by
    goal points and rests on no single claim."""
    recommendation = recommend(degree("MMM", [3, 2]), degree("MBA", [2]), degree("MHA"))
    explanation = explained(recommendation)
    assert headline(recommendation, explanation) == ("Best fit: ", "MMM", " (Master of Medical Management)")
    assert document_title(recommendation, explanation) == (
        "degreefit: best fit is the MMM (Master of Medical Management)"
    )
    assert firmness(recommendation, explanation) == (
        "A clear pick: MMM leads the next degree open to you, MBA, by 3 goal points, "
        "and no single claim decides it."
    )


def test_a_pick_that_rests_on_a_claim_is_a_close_call_naming_what_follows() -> None:
    """Without one claim (or any one of several) the first place would change: a close call."""
    recommendation = recommend(degree("MMM", [3]), degree("MBA", [2]))
    one = firmness(recommendation, explained(recommendation, (claim("a"),)))
    assert one == (
        "A close call: MMM leads MBA by 1 goal point, but the pick rests on the claim listed below: "
        "without it, MMM would come first."
    )
    two = firmness(recommendation, explained(recommendation, (claim("a"), claim("b"))))
    assert "rests on the 2 claims listed below: without any one of them, the first place changes." in two


def test_a_pick_decided_by_costs_says_the_goals_are_level_and_the_sources_may_be_silent() -> None:
    """Level on goals, first because fewer costs are documented against it: a close call, and the
    sources may say nothing of its own costs."""
    recommendation = recommend(degree("MMed", [2], [-3]), degree("MMM", [2]))
    assert recommendation.standings.decided == "costs"
    assert firmness(recommendation, explained(recommendation)) == (
        "A close call: MMM and MMed are level on goals (+2 each); MMM comes first only because fewer "
        "costs are documented against it (costs: none for MMM, −3 for MMed). The sources may simply "
        "be silent on its own costs: see what they do not say."
    )


def test_the_only_open_degree_is_said_to_be_that() -> None:
    """One degree open now comes first because it is the only one, and a conflict among its costs
    is named."""
    recommendation = recommend(
        degree("MMed", [], [-1.5], conflict=True), degree("MMM", [3], eligibility="ineligible")
    )
    assert recommendation.standings.decided == "only_open"
    assert firmness(recommendation, explained(recommendation)) == (
        "MMed is the only degree open to you now, so it comes first. No goal of yours counts for it in "
        "the sources. But a cost below conflicts with your answers: as you answered, it may rule the "
        "MMed out."
    )


def test_a_tie_with_nothing_counted_is_headlined_as_no_pick() -> None:
    """Degrees that tie because no goal rule counts for any degree open now: the headline, the title
    and the recap still say tie, and say from the first line that there is no pick, since the
    sources' silence is no advice (the medical student aiming at pediatrics: the MHA and the MBA
    tie with nothing for either, the MMM and the MMed not open yet)."""
    recommendation = recommend(degree("MHA"), degree("MBA"), degree("MMM", eligibility="not_yet"))
    explanation = explained(recommendation)
    assert headline(recommendation, explanation) == (
        "A tie, and no pick: no goal of yours counts for ",
        "MHA or MBA",
        " in the sources",
    )
    assert document_title(recommendation, explanation) == (
        "degreefit: a tie, and no pick: no goal of yours counts for the MHA or the MBA in the sources"
    )
    assert recap_pick(recommendation, explanation) == (
        "A tie, and no pick: no goal of yours counts for the MHA or the MBA in the sources."
    )


def test_a_tie_where_one_degree_has_goal_points_is_a_plain_tie() -> None:
    """Two degrees tied on goal points with a third open degree behind: some goal counts, so the
    headline is the plain tie, not "no pick"."""
    recommendation = recommend(degree("MHA", [2]), degree("MBA", [2]), degree("MMed"))
    assert headline(recommendation, explained(recommendation)) == ("A tie for first: ", "MHA and MBA", "")


def test_a_section_headed_by_the_page_title_is_not_named_again(ruleset: RuleSet) -> None:
    """A page whose text stands under its title alone is cited as source and title; a section with
    a heading of its own is named; quotes and case do not make a title a different heading."""
    ukzn = ruleset.source("ukzn-mmed")
    assert cited_section(ukzn, "Master of Medicine (MMed)") == "UKZN MMed, “Master of Medicine (MMed)”"
    assert cited_section(ukzn, "MASTER OF MEDICINE (MMED)") == "UKZN MMed, “Master of Medicine (MMed)”"
    aapl = ruleset.source("aapl-masters-programs")
    assert cited_section(aapl, "Master’s Programs for Physician Leaders") == (
        "AAPL master's degrees, “Master's Programs for Physician Leaders”"
    )
    assert cited_section(ukzn, "Overview") == "UKZN MMed, “Master of Medicine (MMed)”, section “Overview”"


def test_a_tie_is_headlined_as_a_tie_and_never_as_a_best_fit() -> None:
    """Two degrees tied for first: both named as a tie in the headline and the title; the tie
    line says why they are level and that their order is no preference."""
    recommendation = recommend(degree("MHA", [2]), degree("MBA", [2]), degree("MMM", [1]))
    explanation = explained(recommendation)
    assert headline(recommendation, explanation) == ("A tie for first: ", "MHA and MBA", "")
    assert (
        document_title(recommendation, explanation)
        == "degreefit: a tie for first between the MHA and the MBA"
    )
    assert "best fit" not in document_title(recommendation, explanation)
    assert firmness(recommendation, explanation) == ""
    assert tie_line(recommendation) == (
        "A tie: MHA and MBA are level on goals (+2 each) and on costs (none each). "
        "They are listed in the rule set's order, which is no preference."
    )
    assert change_heading(recommendation) == "What would break the tie"
    nothing = recommend(degree("MHA"), degree("MBA", [], [-2]))
    assert tie_line(nothing).startswith("A tie: MHA and MBA are level on goals (none each), and with no goal")


def test_a_degree_not_open_yet_never_heads_the_advice() -> None:
    """When no degree is open now but some will be, the headline says none is open yet and names
    the later ones; it names no best fit."""
    recommendation = recommend(
        degree("MMed", [4], eligibility="not_yet"), degree("MMM", eligibility="ineligible")
    )
    explanation = explained(recommendation)
    assert recommendation.top is None
    assert headline(recommendation, explanation) == (
        "No degree is open to you yet. Later paths: ",
        "MMed",
        " (below).",
    )
    assert document_title(recommendation, explanation) == (
        "degreefit: no degree is open to you yet; later paths: the MMed"
    )
    assert change_heading(recommendation) == "What would open a degree to you now"


def test_no_open_degree_at_all_is_headlined_as_none_open() -> None:
    """When gates close every degree, the headline names them all and no best fit."""
    recommendation = recommend(
        degree("MMM", eligibility="ineligible"), degree("MBA", eligibility="ineligible")
    )
    before, codes, after = headline(recommendation, explained(recommendation))
    assert (before, codes) == ("No degree is open to you: ", "MMM and MBA")
    assert after == " each ask for something you do not have (below)."
    assert document_title(recommendation, explained(recommendation)) == "degreefit: no degree is open to you"


@pytest.mark.parametrize(
    ("goals", "costs", "goal_text", "cost_text"),
    [
        ([3, 2], [], "+5", "none"),
        ([3, -2], [-1.5], "+3 −2", "−1.5"),
        ([-2], [-1, -2], "−2", "−3"),
        ([], [], "none", "none"),
        ([2.5], [-0.5], "+2.5", "−0.5"),
    ],
)
def test_the_ranking_shows_goals_for_and_against_apart_and_costs_or_none(
    goals: list[float], costs: list[float], goal_text: str, cost_text: str
) -> None:
    """Goals: the points for and against apart, or "none" when no goal rule counted; costs: their
    sum, or "none"; 2.5 stays 2.5; a real minus sign."""
    result = degree("MMM", goals, costs)
    assert (goals_cell(result), costs_cell(result)) == (goal_text, cost_text)


def test_the_legend_says_goals_decide_and_costs_only_separate() -> None:
    """The one line under the ranking."""
    assert LEGEND == (
        "Goals decide the order; costs only separate degrees that serve your goals equally. "
        "Costs never count for a degree that serves none of your goals; "
        "degrees share a rank when nothing separates them."
    )


def test_points_add_up_per_account() -> None:
    """Each account's terms and total; an account with one term has no sum; none when nothing counted."""
    assert points_sum(degree("MMM", [3, 2], [-1.5])) == "goals +3 +2 = +5; costs −1.5"
    assert points_sum(degree("MMM", [], [-1, -0.5])) == "goals none; costs −1 −0.5 = −1.5"
    assert points_sum(degree("MMM")) == "goals none; costs none"


def test_a_rule_weighs_its_claims_level_less_the_discount_of_an_ai_written_source(ruleset: RuleSet) -> None:
    """The breakdown's weight: the level's name and points, and for an AI-written source the
    discount, from the rule set's scoring."""
    ai_written = {s.id for s in ruleset.sources if s.ai_written}
    claims = {c.id: c for c in ruleset.claims}
    levels = {level.name: level.points for level in ruleset.scoring.levels}
    discount = ruleset.scoring.ai_written_discount
    seen = set()
    for rule in ruleset.rules:
        found = claims[rule.claim]
        expected = f"{found.level} ({levels[found.level]})"
        if found.source in ai_written:
            expected += f" less {discount:g}, AI-written source"
        assert weight(rule, ruleset) == expected
        seen.add(found.source in ai_written)
    assert seen == {True, False}, "the built-in rules cite both kinds of source"


def test_a_conflict_is_named_as_one() -> None:
    """A cost that rules the degree out as the person answered reads "Conflict: ..."."""
    conflict = degree("MMed", [], [-1.5], conflict=True).contributions[0]
    plain = degree("MMed", [], [-1.5]).contributions[0]
    assert reason_text(conflict) == "Conflict: MMed costs reason 0."
    assert reason_text(plain) == "MMed costs reason 0."


def test_change_lines_say_why_there_is_no_change() -> None:
    """With no alternative: no change would put another degree ahead, break the tie, or open one."""
    report = report_of(persona_answers(PHYSICIAN))
    quiet = report.explanation._replace(alternatives=[])
    top = report.recommendation.standings.first[0]
    assert change_lines(report.recommendation, report.answers, quiet) == [
        f"No change of one or two of your own answers would put another degree ahead of {top}."
    ]
    tie = report_of(NURSE_FOR_GLOBAL_HEALTH)
    assert change_lines(tie.recommendation, tie.answers, tie.explanation._replace(alternatives=[])) == [
        "No change of one or two of your own answers would put one degree ahead of the others."
    ]


def test_why_not_says_a_degree_is_tied_for_first() -> None:
    """--why-not on a degree tied for first: it shares rank 1, and the verdict says it is tied for
    first with the other and what would put it first on its own."""
    report = report_of(NURSE_FOR_GLOBAL_HEALTH, why_not="MBA")
    why = report.explanation.why_not
    assert why is not None
    assert (
        why_not_standing(why, report.recommendation)
        == "It shares rank 1 of 4 with MHA (goals none; costs none)."
    )
    verdict = why_not_verdict(why, report.answers.values, report.recommendation.standings.first)
    assert verdict.startswith("MBA is tied for first with MHA")
    # Since issue 19 a consulting goal counts for the MHA too (claim mha-consulting-among-destinations,
    # +1), beside the MBA (claim mba-consulting-recruiters, +2).
    assert verdict.endswith(("would come first (goals +2 vs MHA +1).", "first on its own."))


def test_why_not_gives_the_rank_and_whether_any_rule_ever_counts_for_it() -> None:
    """A degree no rule of the rule set ever counts for is said to be so; others by their rank,
    shared with the degrees placed alike."""
    recommendation = recommend(degree("MMM", [3]), degree("MBA"), degree("MHA"))
    never = WhyNot(recommendation.result("MBA"), 2, [], [], None, None, never_counted=True)
    assert why_not_standing(never, recommendation) == (
        "It shares rank 2 of 3 with MHA (goals none; costs none). "
        "No rule of this rule set ever counts for MBA."
    )
    assert (
        why_not_verdict(never, {}, ("MMM",))
        == "No change of one or two of your own answers would put MBA first."
    )
    first = WhyNot(recommendation.result("MMM"), 1, [], [], None, None)
    assert why_not_standing(first, recommendation) == "It ranks 1 of 3 (goals +3; costs none)."
    assert why_not_verdict(first, {}, ("MMM",)) == "MMM is already your top pick."


def test_a_note_names_the_degrees_it_is_about() -> None:
    """A note about some degrees ends with them; a note about all of them stands alone. A note that is
    one program's example (issue 19) opens with the program and the year its page shows, or says the
    page is undated."""
    notes = report_of(persona_answers(PHYSICIAN)).recommendation.notes
    assert notes
    for note in notes:
        about = f" ({listed(note.degrees)})" if note.degrees else ""
        year = "" if not note.program else f"as of {note.as_of}" if note.as_of else "undated page"
        opening = f"At {note.program} ({year}): " if note.program else ""
        assert note_line(note) == opening + note.text + about
    assert {bool(note.program) for note in notes} == {True, False}
    assert (
        "At University of Minnesota Executive MHA, USA (undated page): The Executive MHA is 42 credits "
        "taken over 25 months. (MHA)"
    ) in [note_line(note) for note in notes]
    assert {note.as_of is None for note in notes if note.program} == {True, False}
    assert {bool(note.degrees) for note in notes if not note.program} == {True, False}


def test_a_cited_section_names_its_source_and_marks_one_written_by_ai(ruleset: RuleSet) -> None:
    """How a list of sources names a section: source, title, section, and the AI tag when due."""
    assert cited_section(ruleset.source("mmed-guide"), "How Master of Medicine Programs Work") == (
        "MMed guide, “Master of Medicine: Your Guide to Advanced Medical Degrees”, "
        "section “How Master of Medicine Programs Work” (AI-written source)"
    )
    usnews = next(source for source in ruleset.sources if not source.ai_written)
    assert not cited_section(usnews, "Any").endswith("(AI-written source)")


def test_answers_read_as_people_write_them(ruleset: RuleSet) -> None:
    """Labels instead of ids, several choices joined by semicolons, yes/no, numbers as they are."""
    questions = {question.id: question for question in ruleset.questions}
    assert readable_answer(questions["clinical_status"], "practicing_physician") == "Practicing physician"
    assert readable_answer(questions["goals"], ("lead_within_health_system", "quality_improvement")) == (
        "Lead within a health system; Improve quality and operations"
    )
    assert readable_answer(questions["keep_practicing"], True) == "yes"
    assert readable_answer(questions["wants_research"], False) == "no"
    assert readable_answer(questions["max_years"], 2) == "2"


@pytest.mark.parametrize(
    ("count", "noun", "plural", "expected"),
    [(1, "row", "", "1 row"), (2500, "row", "", "2,500 rows"), (2021, "person", "people", "2,021 people")],
)
def test_counted_says_the_count_with_its_noun(count: int, noun: str, plural: str, expected: str) -> None:
    """One row, thousands with a comma, an irregular plural when given."""
    assert counted(count, noun, plural) == expected


# The recap that ends the text report (issue 20, item 12)


def test_the_recap_names_a_pick_and_how_firm_it_is() -> None:
    """A clear pick, a close call, the only degree open, and a conflict, each in a few words."""
    clear = recommend(degree("MMM", [3, 2]), degree("MBA", [2]))
    assert recap_pick(clear, explained(clear)) == (
        "Best fit: the MMM (Master of Medical Management), a clear pick."
    )
    close = recommend(degree("MMM", [3]), degree("MBA", [2]))
    assert recap_pick(close, explained(close, (claim("c"),))) == (
        "Best fit: the MMM (Master of Medical Management), a close call."
    )
    only = recommend(degree("MMM", [3]), degree("MBA", [2], eligibility="ineligible"))
    assert recap_pick(only, explained(only)) == (
        "Best fit: the MMM (Master of Medical Management), the only degree open to you now."
    )
    conflicted = recommend(degree("MMM", [3], [-1], conflict=True), degree("MBA"))
    assert recap_pick(conflicted, explained(conflicted)) == (
        "Best fit: the MMM (Master of Medical Management), a clear pick, "
        "but a cost of it conflicts with your answers."
    )


def test_the_recap_names_a_tie_later_paths_or_that_nothing_is_open() -> None:
    """A tie names the tied degrees; with nothing open now, the later paths, or that none is open."""
    tie = recommend(degree("MHA", [2]), degree("MBA", [2]))
    assert recap_pick(tie, explained(tie)) == "A tie for first: the MHA and the MBA."
    later = recommend(degree("MMed", [2], eligibility="not_yet"), degree("MMM", eligibility="ineligible"))
    assert recap_pick(later, explained(later)) == "No degree is open to you yet; later paths: the MMed."
    none = recommend(degree("MMM", eligibility="ineligible"), degree("MBA", eligibility="ineligible"))
    assert recap_pick(none, explained(none)) == "No degree is open to you."


def test_the_recap_says_how_to_get_a_copy_in_one_sentence() -> None:
    """The way to a copy of the report is said in one place: a sentence and the command it names."""
    assert COPY_LINE.startswith("For a copy")
    assert COPY_COMMAND.startswith("degreefit ask --last --format markdown")


def test_a_question_for_admissions_offices_names_every_degree_it_is_for(ruleset: RuleSet) -> None:
    """A topic the sources leave open for several degrees is one question to the offices of each."""
    question = ruleset.question("max_years")
    assert ask_step(["MHA", "MBA", "MMed"], "program length", question, "3") == (
        "Ask each MHA, MBA or MMed program's admissions office about program length: the sources say "
        f"nothing on it (your answer to “{question.title()}”: 3)."
    )


GOALS = Question(
    "goals",
    "multi",
    "Your goals?",
    topic="Goals",
    choices=(Choice("lead", "Lead a team"), Choice("teach", "Teach")),
)
STAGE = Question("stage", "single", "Your stage?", choices=(Choice("early", "Early"), Choice("mid", "Mid")))
YEARS = Question("years", "integer", "How many years?", min=0, max=5)
PRACTICING = Question("practicing", "boolean", "Do you practice?")


def test_a_goal_added_or_dropped_is_named_by_its_label() -> None:
    """Adding or dropping a goal names the goal's label and the topic of the list."""
    before = {"goals": ("teach",)}
    assert describe_change(Change(GOALS, "add", "lead"), before) == "added “Lead a team” to your goals"
    assert describe_change(Change(GOALS, "drop", "teach"), before) == "dropped “Teach” from your goals"


def test_a_set_answer_says_what_it_was_and_what_it_becomes() -> None:
    """A choice by its label in quotes, a number as is, yes or no for a yes/no question."""
    assert describe_change(Change(STAGE, "set", "mid"), {"stage": "early"}) == (
        "answered “Mid” instead of “Early” to “Your stage?”"
    )
    assert describe_change(Change(YEARS, "set", 3), {"years": 1}) == (
        "answered 3 instead of 1 to “How many years?”"
    )
    assert describe_change(Change(PRACTICING, "set", False), {"practicing": True}) == (
        "answered no to “Do you practice?”"
    )


def test_a_multiple_choice_answer_set_whole_names_each_choice_by_its_label() -> None:
    """A list of goals set at once (its question brought in by another change) reads as the
    goals' labels, never as Python writes a tuple."""
    assert describe_change(Change(GOALS, "set", ("lead", "teach")), {}) == (
        "answered “Lead a team” and “Teach” to “Your goals?”"
    )
    assert describe_change(Change(GOALS, "set", ("teach",)), {}) == "answered “Teach” to “Your goals?”"


def test_two_goals_added_together_are_said_once() -> None:
    """Two goals added in one alternative read as one change, against the degree first now, by
    the goal points each would then have."""
    changes = (Change(GOALS, "add", "lead"), Change(GOALS, "add", "teach"))
    alternative = Alternative(changes, {}, "MMM", {"MMM": (4.0, 0.0), "MMed": (2.5, -1.5)})
    assert describe_alternative(alternative, {"goals": ()}, ("MMed",)) == (
        "If you added “Lead a team” and “Teach” to your goals, MMM would come first (goals +4 vs MMed +2.5)."
    )


def test_out_of_a_tie_the_new_first_is_compared_with_the_best_other_tied_degree() -> None:
    """When the MHA and the MBA tie now and a change puts the MHA first, it is compared with the
    MBA (the other tied degree), never with a degree that is not among them."""
    alternative = Alternative(
        (Change(GOALS, "add", "lead"),), {}, "MHA", {"MHA": (2.0, 0.0), "MBA": (0.0, 0.0), "MMM": (5.0, 0.0)}
    )
    text = describe_alternative(alternative, {"goals": ("teach",)}, ("MHA", "MBA"))
    assert text == "If you added “Lead a team” to your goals, MHA would come first (goals +2 vs MBA 0)."


def test_a_first_place_won_on_costs_says_the_goals_are_level() -> None:
    """Level on goals with the degree first now, the new first is ahead on costs: the sentence
    says both."""
    alternative = Alternative(
        (Change(GOALS, "add", "lead"),), {}, "MBA", {"MBA": (2.0, 0.0), "MMed": (2.0, -3.0)}
    )
    assert describe_alternative(alternative, {"goals": ("teach",)}, ("MMed",)) == (
        "If you added “Lead a team” to your goals, MBA would come first "
        "(level on goals with MMed at +2; costs 0 vs −3)."
    )


def test_a_brought_in_answer_that_does_not_matter_reads_as_any() -> None:
    """A change that brings in a question whose answer does not matter (the specialty, once the
    specialising goal is added) says "any" and the question's topic."""
    specialty = Question(
        "specialty", "single", "Which one?", topic="Specialty", choices=(Choice("surgery", "Surgery"),)
    )
    alternative = Alternative(
        (Change(GOALS, "add", "teach"),),
        {},
        "MMed",
        {"MMed": (4.0, 0.0), "MMM": (3.0, 0.0)},
        any_of=("specialty",),
    )
    text = describe_alternative(
        alternative, {"goals": ("lead",)}, ("MMM",), questions={"specialty": specialty}
    )
    assert (
        text
        == "If you added “Teach” to your goals (any specialty), MMed would come first (goals +4 vs MMM +3)."
    )
