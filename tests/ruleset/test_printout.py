"""What `rules check` and `rules diff` print (degreefit/ruleset/printout.py): the lines an advisor
reads, built from problems and from edits and effects written out here (what `rules test` prints:
tests/ruleset/test_cases.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from degreefit.errors import Problem
from degreefit.ruleset import printout
from degreefit.ruleset.edits import Edit
from degreefit.ruleset.impact import CaseShift, Impact, Move, Person, Shift

RULES = Path("rules")


# --- rules check ------------------------------------------------------------------------


def test_problem_lines_name_each_file_inside_the_directory_given() -> None:
    """Each problem is a line of its own, file:line: rule-id: message, its file inside the folder named."""
    problems = [
        Problem("rules/clinical.yaml", 12, "mmed-for-specialising", "unknown degree 'MMEd'"),
        Problem("claims.yaml", 0, "", "file is missing"),
    ]
    assert printout.problem_lines(problems, Path("/tmp/mine")) == (
        "/tmp/mine/rules/clinical.yaml:12: mmed-for-specialising: unknown degree 'MMEd'\n"
        "/tmp/mine/claims.yaml: file is missing\n"
    )


def test_a_problem_in_a_file_named_in_full_keeps_its_own_path() -> None:
    """A problem whose file is an absolute path is not put inside the directory a second time."""
    problem = Problem("/elsewhere/cases/x.yaml", 3, "leader", "no such degree")
    assert printout.problem_lines([problem], RULES) == "/elsewhere/cases/x.yaml:3: leader: no such degree\n"


@pytest.mark.parametrize(("count", "said"), [(1, "rules: 1 problem"), (2, "rules: 2 problems")])
def test_the_failure_message_counts_the_problems(count: int, said: str) -> None:
    """`rules check` fails saying how many problems it found, singular for one."""
    problems = [Problem("scoring.yaml", n + 1, "", "bad") for n in range(count)]
    assert printout.problems_found(problems, RULES) == said


# --- rules diff -------------------------------------------------------------------------

SURGEON = Person("case resident", {"career_stage": "early", "goals": ["specialise"], "keep_practicing": True})


@pytest.mark.parametrize(
    ("codes", "said"),
    [
        (["MMM"], "MMM"),
        (["MHA", "MBA"], "MHA and MBA tied"),
        (["MMM", "MHA", "MBA"], "MMM, MHA and MBA tied"),
        ([], "none open"),
    ],
)
def test_first_place_reads_as_words(codes: list[str], said: str) -> None:
    """First place is one code, the codes tied for it in words, or none open (no degree open now)."""
    assert printout.first_place(codes) == said


def test_a_diff_that_changes_nothing_says_so() -> None:
    """Two rule sets alike: no edits, the people compared, no change of first place, no point moves."""
    nothing = Impact(compared=2000, skipped=0, skipped_example="", shifts=(), moves=(), origin="a sample")
    assert printout.diff_text("rules", "copy", [], nothing) == (
        "rules diff rules -> copy\n"
        "\n"
        "The rule sets hold the same claims, rules, gates, notes, degrees and questions.\n"
        "\n"
        "Its effect on 2,000 people (a sample):\n"
        "  first place changes for 0 (0.0%)\n"
        "  no point moves\n"
    )


def test_a_diff_lists_the_edits_the_shifts_the_cases_and_the_moves() -> None:
    """The edits line up in a column; each shift and move has its count or size and an example
    person; the test cases whose first place changes are named; skipped people say why."""
    changes = [
        Edit("claim", "mmm-positioned-to-lead", "reweighted", "points 2 -> 4"),
        Edit("degree", "MPH", "added"),
    ]
    effect = Impact(
        compared=4,
        skipped=1,
        skipped_example="row 3: goals: unknown value 'x'",
        shifts=(Shift(("MHA", "MBA"), ("MMM",), 1, SURGEON),),
        moves=(
            Move("MMM", "goals", 0.0, 3.0, SURGEON),
            Move("MHA", "costs", -2.0, -0.5, SURGEON),
            Move("MPH", "goals", None, 2.5, SURGEON),
        ),
        origin="cohort.csv",
        cases=(CaseShift("case resident", ("MHA", "MBA"), ("MMM",)),),
    )
    example = "            e.g. case resident: career_stage=early, goals=[specialise], keep_practicing=true"
    assert printout.diff_text("old", "new", changes, effect) == (
        "rules diff old -> new\n"
        "\n"
        "What the edit changes (2):\n"
        "  reweighted claim mmm-positioned-to-lead: points 2 -> 4\n"
        "  added      degree MPH\n"
        "\n"
        "Its effect on 4 people (cohort.csv):\n"
        "  1 skipped: could not be ranked under both rule sets (first: row 3: goals: unknown value 'x')\n"
        "  first place changes for 1 (25.0%)\n"
        "         1  MHA and MBA tied -> MMM\n"
        f"{example}\n"
        "  1 test case among them (`rules test` says which now fail):\n"
        "    case resident: MHA and MBA tied -> MMM\n"
        "  largest point moves:\n"
        "    MMM goals +3 (0 -> +3)\n"
        f"{example}\n"
        "    MHA costs +1.5 (-2 -> -0.5)\n"
        f"{example}\n"
        "    MPH (a new degree) goals +2.5\n"
        f"{example}\n"
    )


def test_a_long_diff_line_wraps_at_100_columns_without_breaking_a_word() -> None:
    """An example person too long for a line goes on, indented, on the next; no word is split."""
    person = Person("sample 7", {f"question_{n}": "a_long_answer_value" for n in range(8)})
    effect = Impact(1, 0, "", (Shift(("MHA",), ("MBA",), 1, person),), (), "a sample")
    assert printout.diff_text("a", "b", [], effect).splitlines()[-5:] == [
        "            e.g. sample 7: question_0=a_long_answer_value, question_1=a_long_answer_value,",
        "              question_2=a_long_answer_value, question_3=a_long_answer_value,",
        "              question_4=a_long_answer_value, question_5=a_long_answer_value,",
        "              question_6=a_long_answer_value, question_7=a_long_answer_value",
        "  no point moves",
    ]


def test_the_diff_for_programs_holds_the_same_facts() -> None:
    """The JSON diff carries the edits, the counts, the shifts and moves with their examples, and
    each changed case by its id."""
    effect = Impact(
        compared=3,
        skipped=0,
        skipped_example="",
        shifts=(Shift(("MHA",), ("MMM",), 2, SURGEON),),
        moves=(Move("MPH", "goals", None, 2.0, SURGEON),),
        origin="answers.json",
        cases=(CaseShift("case resident", ("MHA",), ("MMM",)),),
    )
    example = {"who": "case resident", "answers": dict(SURGEON.data)}
    assert printout.diff_json("old", "new", [Edit("degree", "MPH", "added")], effect) == {
        "old": "old",
        "new": "new",
        "edits": [{"kind": "degree", "id": "MPH", "how": "added", "detail": ""}],
        "people": {"compared": 3, "skipped": 0, "from": "answers.json", "first_place_changed": 2},
        "shifts": [{"from": ["MHA"], "to": ["MMM"], "count": 2, "example": example}],
        "test_cases_changed": [{"case": "resident", "from": ["MHA"], "to": ["MMM"]}],
        "largest_moves": [
            {"degree": "MPH", "account": "goals", "before": None, "after": 2.0, "example": example}
        ],
    }
