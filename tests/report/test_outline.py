"""The report's outline (degreefit/report/outline.py): its parts in order, each heading and its text for when
it is empty, which parts are left out, and what each lists."""

from __future__ import annotations

from typing import Any, TypeVar

import pytest

from degreefit.models import Cite, Fact
from degreefit.report import Report
from degreefit.report.outline import (
    BEFORE_YOU_ENROL,
    COSTS_AND_CAVEATS,
    COUNTS_AGAINST,
    COUNTS_FOR,
    IN_SHORT,
    LATER_PATHS,
    NEXT_STEPS,
    NO_EVIDENCE,
    OTHER_DEGREES,
    SOURCES,
    SOURCES_DISAGREE,
    TIED_FOR_FIRST,
    UNKNOWNS,
    WHAT_PROGRAMS_SHOW,
    WHY_IT_FITS,
    WORTH_KNOWING,
    YOUR_ANSWERS,
    AnswerRows,
    Breakdown,
    Bullets,
    Examples,
    Headline,
    LaterPaths,
    Line,
    OtherDegrees,
    Part,
    Ranking,
    Recap,
    Silence,
    SourceList,
    TiedDegrees,
    TopPick,
    WhyNotDegree,
    outline,
    silent_topics,
)
from degreefit.report.wording import COPY_COMMAND, COPY_LINE
from tests.helpers.personas import PERSONAS, PHYSICIAN, persona_answers
from tests.helpers.report import NURSE_FOR_GLOBAL_HEALTH, RESIDENT_WITH_ONE_YEAR, STUDENT, report_of

P = TypeVar("P")
CHANGE_THE_TOP_PICK = "What would change the top pick"
BREAK_THE_TIE = "What would break the tie"


def kinds(parts: tuple[Part, ...]) -> list[str]:
    """Each part by its class name, and a list of lines by its heading."""
    return [part.heading.text if isinstance(part, Bullets) else type(part).__name__ for part in parts]


def part_of(parts: tuple[Part, ...], kind: type[P]) -> P:
    """The one part of a kind."""
    return next(part for part in parts if isinstance(part, kind))


def maybe(parts: tuple[Part, ...], kind: type[P]) -> P | None:
    """The part of a kind, if the outline has one."""
    return next((part for part in parts if isinstance(part, kind)), None)


def test_the_outline_orders_every_section_of_the_report() -> None:
    """The physician's report: headline, when and with what it was made, ranking, top pick, what the
    sources do not say, where sources disagree and what programs show (issue 19, before what is
    worth knowing), what is worth knowing, the other degrees, what would change the pick, what to do
    next, the answers and the sources."""
    parts = outline(report_of(persona_answers(PHYSICIAN)))
    assert kinds(parts) == [
        "Headline",
        "Made",
        "Ranking",
        "TopPick",
        "Silence",
        SOURCES_DISAGREE.text,
        "Examples",
        WORTH_KNOWING.text,
        "OtherDegrees",
        CHANGE_THE_TOP_PICK,
        NEXT_STEPS.text,
        "AnswerRows",
        "SourceList",
    ]
    assert part_of(parts, Examples).heading == WHAT_PROGRAMS_SHOW
    assert isinstance(parts[-2], AnswerRows)
    assert parts[-2].heading == YOUR_ANSWERS
    assert isinstance(parts[-1], SourceList)
    assert parts[-1].heading == SOURCES


def test_a_tie_shows_the_tied_degrees_side_by_side_and_no_top_pick() -> None:
    """On a tie there is no top pick: the tied degrees stand together, each with what counts for it,
    against it, its costs and what the sources do not say about it; then what would break the tie.
    (The nurse keeps her clinical work: Minnesota's executive MHA is built for people who keep
    working (claim umn-emha-audience), while no source speaks of it for an MBA open to nurses; their
    length, silent before issue 19, now rests on programs' own pages: claims mha-length-programs and
    mba-length-programs.)"""
    parts = outline(report_of({**NURSE_FOR_GLOBAL_HEALTH, "keep_practicing": True}))
    names = kinds(parts)
    assert "TopPick" not in names
    assert names[:4] == ["Headline", "Made", "Ranking", "TiedDegrees"]
    assert BREAK_THE_TIE in names
    assert CHANGE_THE_TOP_PICK not in names
    tied = part_of(parts, TiedDegrees)
    assert tied.heading == TIED_FOR_FIRST
    assert [d.result.degree.code for d in tied.degrees] == ["MHA", "MBA"]
    for degree in tied.degrees:
        assert [reasons.heading for reasons in degree.reasons] == [
            COUNTS_FOR,
            COUNTS_AGAINST,
            COSTS_AND_CAVEATS,
        ]
    assert [d.silent for d in tied.degrees] == [(), ("keeping clinical work while you study",)]
    others = part_of(parts, OtherDegrees)
    assert not {"MHA", "MBA"} & {d.result.degree.code for d in others.degrees}


def test_what_the_sources_do_not_say_is_said_once_and_compactly() -> None:
    """One row per degree with the topics the sources are silent on (never a degree shown beside
    the tie, whose topics stand there), the goals no degree is linked to, and, when nothing counts
    for any open degree, a line that says so first."""
    silence = part_of(outline(report_of(persona_answers(PHYSICIAN))), Silence)
    assert silence.heading == UNKNOWNS
    codes = [code for code, _ in silence.rows]
    assert len(codes) == len(set(codes)), "one row a degree"
    assert all(topics for _, topics in silence.rows)
    assert silence.nothing_counts == "", "the MMM counts for the physician"

    tie = part_of(outline(report_of(NURSE_FOR_GLOBAL_HEALTH)), Silence)
    assert not {"MHA", "MBA"} & {code for code, _ in tie.rows}
    assert tie.nothing_counts.startswith("Nothing in the sources counts for MHA and MBA")
    assert len(tie.unaddressed) == 1
    assert "“Work for a global health organization such as the WHO”" in tie.unaddressed[0]
    assert "programs' own pages" in tie.unaddressed[0]


def test_a_degree_not_open_yet_is_a_later_path_never_the_top_pick() -> None:
    """The student's MMed is not open yet: it heads nothing, and shows under Later paths with the
    gate that holds it and what would count for it then."""
    report = report_of(STUDENT)
    parts = outline(report)
    top = maybe(parts, TopPick)
    assert top is None or top.result.eligibility == "eligible"
    later = part_of(parts, LaterPaths)
    assert later.heading == LATER_PATHS
    paths = {path.result.degree.code: path for path in later.paths}
    assert "MMed" in paths
    assert paths["MMed"].gates
    assert all(gate.status == "not_yet" for gate in paths["MMed"].gates)
    assert paths["MMed"].counts_for.contributions, "the specialising goal would count for the MMed"
    others = maybe(parts, OtherDegrees)
    assert others is None or "MMed" not in {d.result.degree.code for d in others.degrees}


def test_explain_and_why_not_add_their_sections_before_the_answers() -> None:
    """--explain adds how the points add up, --why-not the degree asked about, both after what would
    change the pick and before the answers."""
    parts = outline(report_of(RESIDENT_WITH_ONE_YEAR, breakdown=True, why_not="MBA"))
    names = kinds(parts)
    change = next(name for name in names if name in (CHANGE_THE_TOP_PICK, BREAK_THE_TIE))
    assert names[names.index(change) + 1 :][:2] == ["Breakdown", "WhyNotDegree"]
    assert names[-2:] == ["AnswerRows", "SourceList"]
    breakdown = part_of(parts, Breakdown)
    ranking = part_of(parts, Ranking)
    assert [d.result for d in breakdown.degrees] == list(ranking.results)
    for degree in breakdown.degrees:
        fired = [rule.contribution for rule in degree.rules]
        assert sorted(fired) == sorted(degree.result.contributions)
        accounts = [c.rule.bears_on for c in fired]
        assert accounts == sorted(accounts, key=["goals", "costs"].index), "goals first, then costs"
        assert all(rule.condition and rule.weight for rule in degree.rules)
    why_not = part_of(parts, WhyNotDegree)
    assert why_not.heading.text == "Why not MBA?"
    assert why_not.standing.startswith(("It ranks ", "It shares rank ", "MBA is tied for first"))


def test_the_top_pick_says_why_it_fits_what_counts_against_it_and_its_costs() -> None:
    """ "Why it fits", "What counts against it" and "Costs and caveats" are always there (with their
    text for when they are empty), each listing its own account, strongest first."""
    top = part_of(outline(report_of(persona_answers(PHYSICIAN))), TopPick)
    assert [reasons.heading for reasons in top.reasons] == [WHY_IT_FITS, COUNTS_AGAINST, COSTS_AND_CAVEATS]
    fits, against, costs = top.reasons
    assert fits.contributions
    assert all(c.rule.bears_on == "goals" and c.points > 0 for c in fits.contributions)
    assert [c.points for c in fits.contributions] == sorted(
        (c.points for c in fits.contributions), reverse=True
    )
    assert all(c.rule.bears_on == "goals" and c.points < 0 for c in against.contributions)
    assert all(c.rule.bears_on == "costs" for c in costs.contributions)
    assert COUNTS_AGAINST.empty == "Nothing counted against it on your goals."
    assert COSTS_AND_CAVEATS.empty
    assert top.firmness.startswith(("A clear pick: MMM leads", "A close call: MMM"))
    assert BEFORE_YOU_ENROL.heed


def test_a_pick_that_rests_on_claims_lists_them_under_a_heading_to_heed() -> None:
    """When the first place would change without a claim, the top pick lists it, cited."""
    resting = 0
    for name in PERSONAS:
        report = report_of(persona_answers(name))
        top = maybe(outline(report), TopPick)
        if top is None or not report.explanation.rests_on:
            continue
        resting += 1
        assert top.rests_on is not None
        assert top.rests_on.heading.heed
        assert top.rests_on.heading.text.startswith("Without ")
        assert len(top.rests_on.lines) == len(report.explanation.rests_on)
        assert all(line.cite is not None for line in top.rests_on.lines)
        assert top.firmness.startswith("A close call")
    assert resting  # some persona's pick rests on a claim


@pytest.mark.parametrize("name", list(PERSONAS))
def test_other_degrees_are_those_neither_first_nor_later(name: str) -> None:
    """Every degree that is not first (or tied for it) nor a later path, in ranking order; what
    counted for it and against it strongest first, and its costs apart."""
    report = report_of(persona_answers(name))
    standings = report.recommendation.standings
    parts = outline(report)
    ranking = part_of(parts, Ranking)
    others = maybe(parts, OtherDegrees)
    expected = [r for r in ranking.results if r.degree.code not in standings.first + standings.later]
    assert ([] if others is None else [d.result for d in others.degrees]) == expected
    if others is None:
        return
    assert others.heading == OTHER_DEGREES
    assert OTHER_DEGREES.empty == NO_EVIDENCE == "The sources say nothing for or against it for your answers."
    for degree in others.degrees:
        assert all(c.points > 0 for c in degree.counts_for)
        assert all(c.points < 0 for c in degree.counts_against)
        assert all(c.rule.bears_on == "costs" for c in degree.costs)


def test_the_ranking_shares_a_rank_between_degrees_placed_alike() -> None:
    """The ranking part carries each degree's rank: a tie for first is 1 and 1."""
    ranking = part_of(outline(report_of(NURSE_FOR_GLOBAL_HEALTH)), Ranking)
    assert ranking.ranks[:2] == (1, 1)
    assert ranking.ranks[2] == 3
    assert ranking.legend == (
        "Goals decide the order; costs only separate degrees that serve your goals equally. "
        "Costs never count for a degree that serves none of your goals; "
        "degrees share a rank when nothing separates them."
    )


def test_the_headline_names_the_best_fit_for_a_console_and_as_a_title() -> None:
    """The headline comes in two forms: spoken, with the codes apart, and as a document's title."""
    headline = outline(report_of(persona_answers(PHYSICIAN)))[0]
    assert isinstance(headline, Headline)
    assert headline.spoken == ("Best fit: ", "MMM", " (Master of Medical Management)")
    assert headline.title == "degreefit: best fit is the MMM (Master of Medical Management)"


def test_the_answers_are_listed_in_question_order_as_a_person_reads_them() -> None:
    """Each answer by its question's title, with labels instead of ids and yes/no for booleans."""
    rows = next(p for p in outline(report_of(persona_answers(PHYSICIAN))) if isinstance(p, AnswerRows)).rows
    assert rows[0] == ("Clinical status", "Practicing physician")
    assert ("Keep clinical work", "yes") in rows
    assert ("Goals", "Lead within a health system; Improve quality and operations") in rows


# What to do next (issue 20, item 14)


def steps_of(report: Report) -> Bullets:
    """The report's "What to do next" section."""
    return next(part for part in outline(report) if isinstance(part, Bullets) and part.heading == NEXT_STEPS)


def test_what_to_do_next_comes_after_the_analysis_and_before_the_answers() -> None:
    """The section stands after what would change the pick (and --explain, --why-not) and before the
    answers and sources, which are for reference."""
    names = kinds(outline(report_of(RESIDENT_WITH_ONE_YEAR, breakdown=True, why_not="MBA")))
    assert names[-5:] == ["Breakdown", "WhyNotDegree", NEXT_STEPS.text, "AnswerRows", "SourceList"]


def test_the_next_steps_name_the_programs_of_the_pick_and_what_to_ask_them() -> None:
    """For the physician's MMM: the programs the sources name, cited, then one question for the
    admissions offices on each topic the sources leave open for the MMM, with her answer."""
    report = report_of(persona_answers(PHYSICIAN))
    lines = steps_of(report).lines
    programs = lines[0]
    assert programs.text.startswith(
        "Look at the MMM programs the sources name: Carnegie Mellon University's Heinz"
    )
    assert "University of Southern California's Marshall School of Business" in programs.text
    assert programs.cite == Cite("usnews-mmm", "What Is a Master of Medical Management?")
    asks = lines[1:]
    silent = silent_topics(report.explanation)["MMM"]
    assert [line.text.split(" about ", 1)[1].split(":", 1)[0] for line in asks] == list(silent)
    assert "program length" in silent
    assert all(line.text.startswith("Ask each MMM program's admissions office about ") for line in asks)
    assert all(line.cite is None for line in asks), "a silence cites nothing"
    length = next(line.text for line in asks if "program length" in line.text)
    title = report.ruleset.question("max_years").title()
    assert length.endswith(f"the sources say nothing on it (your answer to “{title}”: 2).")


def test_the_next_steps_of_a_later_path_say_when_it_opens_and_its_programs() -> None:
    """For the medical student: each degree not open yet, with what must happen first (the MMM once
    she practises) and the programs the sources name for it, cited; the questions to ask are for the
    degrees open now, so none goes to the MMM's offices though the sources are silent on its length.
    (Before issue 19 she was to ask the MHA and MBA programs about their length and any thesis; both
    now rest on programs' own pages: claims mha-length-programs and mba-length-programs, and the
    programs' notes on theses.)"""
    report = report_of(STUDENT)
    texts = {line.text: line.cite for line in steps_of(report).lines}
    mmm = next(text for text in texts if text.startswith("Come back to the MMM later: "))
    assert mmm.endswith("once you are practising medicine.")
    assert texts[mmm] == next(g for g in report.ruleset.gates if g.id == "mmm-for-practising-doctors").cite
    assert any(text.startswith("Come back to the MMed later: ") for text in texts)
    providers = next(
        text for text in texts if text.startswith("When the MMed opens to you, look at the programs")
    )
    assert "University of Sydney (2 to 3 years, thesis required)" in providers
    assert texts[providers] == Cite("mmed-guide", "Comparing Master of Medicine Providers")
    assert [code for code, _ in part_of(outline(report), Silence).rows] == ["MMM"]
    assert [text for text in texts if text.startswith("Ask ")] == []


def test_the_next_steps_come_from_the_rule_set_not_from_the_code() -> None:
    """Programs named in degrees.yaml are the ones the steps name: another rule set, other programs."""
    report = report_of(persona_answers(PHYSICIAN))
    ruleset = report.ruleset
    cite = Cite("usnews-mmm", "(closing)")
    degrees = tuple(
        d._replace(profile=d.profile._replace(examples=(Fact("The Example School of Medicine.", cite),)))
        if d.code == "MMM"
        else d
        for d in ruleset.degrees
    )
    other = report._replace(ruleset=ruleset._replace(degrees=degrees))
    first = steps_of(other).lines[0]
    assert first == Line("Look at the MMM programs the sources name: The Example School of Medicine.", cite)
    assert "Carnegie" not in " ".join(line.text for line in steps_of(other).lines)


def test_no_next_step_the_sources_cannot_support_leaves_the_section_out() -> None:
    """A degree first with no programs named and nothing the sources leave open has no step: the
    section is left out rather than padded."""
    report = report_of(persona_answers(PHYSICIAN))
    ruleset = report.ruleset
    degrees = tuple(d._replace(profile=d.profile._replace(examples=())) for d in ruleset.degrees)
    quiet = report._replace(
        ruleset=ruleset._replace(degrees=degrees), explanation=report.explanation._replace(unknowns=())
    )
    assert NEXT_STEPS.text not in kinds(outline(quiet))


# The recap (issue 20, item 12)


@pytest.mark.parametrize(
    ("answers", "pick", "change"),
    [
        pytest.param(
            persona_answers(PHYSICIAN),
            # A close call since issue 19: the MHA no longer counts against a practising physician
            # (claim mha-executive-for-working-clinicians), so the MMM's lead rests on one claim.
            "Best fit: the MMM (Master of Medical Management), a close call.",
            f"{CHANGE_THE_TOP_PICK}: No change of one or two of your own answers would put another degree",
            id="a-pick",
        ),
        pytest.param(
            NURSE_FOR_GLOBAL_HEALTH,
            "A tie, and no pick: no goal of yours counts for the MHA or the MBA in the sources.",
            f"{BREAK_THE_TIE}: If you",
            id="a-tie",
        ),
    ],
)
def test_a_recap_ends_the_outline_when_asked_for(answers: dict[str, Any], pick: str, change: str) -> None:
    """With `recap`, the outline ends, after the sources, with the pick (or the tie), the first thing
    that would change it (as the change section says it) and how to get a copy; without, no recap."""
    report = report_of(answers)
    parts = outline(report, recap=True)
    assert outline(report) == parts[:-1]
    recap = parts[-1]
    assert isinstance(recap, Recap)
    assert recap.heading == IN_SHORT
    changes = next(
        p for p in parts if isinstance(p, Bullets) and p.heading.text in (CHANGE_THE_TOP_PICK, BREAK_THE_TIE)
    )
    assert recap.lines == (pick, f"{changes.heading.text}: {changes.lines[0].text}", COPY_LINE)
    assert recap.lines[1].startswith(change)
    assert recap.command == COPY_COMMAND
