"""What `rules check`, `rules test` and `rules diff` print (degreefit/ruleset/workbench.py): the
lines an advisor reads, built from real case runs and from edits and effects written out here."""

from __future__ import annotations

from pathlib import Path

import pytest

from degreefit.engine import Engine
from degreefit.errors import Problem
from degreefit.models import RuleSet
from degreefit.ruleset import workbench
from degreefit.ruleset.casecheck import Case, load_cases
from degreefit.ruleset.casefile import Expect
from degreefit.ruleset.caserun import Result, coverage, run_case
from degreefit.ruleset.edits import Edit
from degreefit.ruleset.impact import CaseShift, Impact, Move, Person, Shift
from degreefit.ruleset.load import builtin_rules_dir

RULES = Path("rules")


@pytest.fixture(scope="module")
def shipped(ruleset: RuleSet) -> dict[str, Case]:
    """The built-in rules' own test cases, by id."""
    return {case.id: case for case in load_cases(builtin_rules_dir(), ruleset)}


def run(ruleset: RuleSet, case: Case) -> Result:
    """One case run against the built-in rules."""
    return run_case(Engine(ruleset), case)


# --- rules check ------------------------------------------------------------------------


def test_problem_lines_name_each_file_inside_the_directory_given() -> None:
    """Each problem is a line of its own, file:line: rule-id: message, its file inside the folder named."""
    problems = [
        Problem("rules/clinical.yaml", 12, "mmed-for-specialising", "unknown degree 'MMEd'"),
        Problem("claims.yaml", 0, "", "file is missing"),
    ]
    assert workbench.problem_lines(problems, Path("/tmp/mine")) == (
        "/tmp/mine/rules/clinical.yaml:12: mmed-for-specialising: unknown degree 'MMEd'\n"
        "/tmp/mine/claims.yaml: file is missing\n"
    )


def test_a_problem_in_a_file_named_in_full_keeps_its_own_path() -> None:
    """A problem whose file is an absolute path is not put inside the directory a second time."""
    problem = Problem("/elsewhere/cases/x.yaml", 3, "leader", "no such degree")
    assert workbench.problem_lines([problem], RULES) == "/elsewhere/cases/x.yaml:3: leader: no such degree\n"


@pytest.mark.parametrize(("count", "said"), [(1, "rules: 1 problem"), (2, "rules: 2 problems")])
def test_the_failure_message_counts_the_problems(count: int, said: str) -> None:
    """`rules check` fails saying how many problems it found, singular for one."""
    problems = [Problem("scoring.yaml", n + 1, "", "bad") for n in range(count)]
    assert workbench.problems_found(problems, RULES) == said


# --- rules test -------------------------------------------------------------------------


def test_a_passing_run_closes_with_the_count_of_cases(ruleset: RuleSet, shipped: dict[str, Case]) -> None:
    """Every case holding ends in one line saying so: "the 1 case passes", "all N cases pass"."""
    results = [run(ruleset, case) for case in shipped.values()]
    assert len(results) > 1
    assert all(result.passed for result in results)
    assert workbench.all_passed(results, RULES) == f"rules/cases: all {len(results):,} cases pass\n"
    assert workbench.all_passed(results[:1], RULES) == "rules/cases: the 1 case passes\n"


def test_passing_cases_print_nothing_unless_every_case_is_asked_for(
    ruleset: RuleSet, shipped: dict[str, Case]
) -> None:
    """A passing case says nothing by default, and `ok` at its file and line when every case is shown."""
    result = run(ruleset, shipped["physician-executive"])
    assert workbench.case_report([result], RULES, None, every=False) == ""
    assert workbench.case_report([result], RULES, None, every=True) == (
        "rules/cases/more-people.yaml:6: physician-executive: ok\n"
    )


def test_a_failing_case_says_what_failed_and_what_decided_it(
    ruleset: RuleSet, shipped: dict[str, Case]
) -> None:
    """A failing case names its place and who, each broken expectation, then every degree's
    points with the rules that moved it (and the claim behind a rule of another name)."""
    wrong = shipped["physician-executive"]._replace(expect=Expect(top="MBA"))
    assert workbench.case_report([run(ruleset, wrong)], RULES, None, every=False) == (
        "rules/cases/more-people.yaml:6: physician-executive: FAILED (physician executive)\n"
        "  top: expected MBA first on its own; got MMM first on its own\n"
        "  decided by:\n"
        "    MMM +3 points\n"
        "      +3  rule mmm-clinician-to-leader\n"
        "    MBA 0 points\n"
        "    MHA -2 points\n"
        "      -2  rule mha-serves-another-group (claim mmm-mha-serve-different-groups)\n"
        "    MMed -4 points\n"
        "      +1  rule mmed-opens-doors\n"
        "      -2  rule mmed-research-unwelcome (claim mmed-thesis)\n"
        "      -2  rule mmed-supervised-practice\n"
        "      -1  rule mmed-tuition-and-income\n"
    )


def test_a_closed_degree_is_shown_with_the_gate_that_closed_it(
    ruleset: RuleSet, shipped: dict[str, Case]
) -> None:
    """What decided a case names a closed degree's eligibility in words and each gate that closed it."""
    lines = workbench.decided_by(run(ruleset, shipped["nurse-manager"]))
    assert "MMM 0 points, ineligible" in lines
    assert "  ineligible  gate mmm-admits-only-physicians" in lines
    assert "  ineligible  gate mmed-needs-medical-degree (claim mmed-admission)" in lines


def test_coverage_counts_what_the_cases_exercise_and_lists_the_rest(
    ruleset: RuleSet, shipped: dict[str, Case]
) -> None:
    """With coverage asked for, one line counts what some case exercises; what none does is listed."""
    every = [run(ruleset, case) for case in shipped.values()]
    whole = workbench.case_report(every, RULES, coverage(ruleset, every), every=False)
    items = len(ruleset.rules) + len(ruleset.gates) + len(ruleset.notes)
    claims = sum(not claim.unused for claim in ruleset.claims)
    assert whole == (
        f"coverage: {items} of {items} rules, gates and notes and "
        f"{claims} of {claims} used claims are exercised by some case\n"
    )
    one = every[:1]
    found = coverage(ruleset, one)
    assert found.unexercised
    lines = workbench.case_report(one, RULES, found, every=False).splitlines()
    assert lines[1] == "not exercised by any case:"
    assert lines[2:] == [f"  {kind} {item}" for kind, item in found.unexercised]


# --- rules diff -------------------------------------------------------------------------

SURGEON = Person("case resident", {"career_stage": "early", "goals": ["specialise"], "keep_practicing": True})


@pytest.mark.parametrize(
    ("codes", "said"),
    [
        (["MMM"], "MMM"),
        (["MHA", "MBA"], "MHA and MBA tied"),
        (["MMM", "MHA", "MBA"], "MMM, MHA and MBA tied"),
    ],
)
def test_first_place_reads_as_words(codes: list[str], said: str) -> None:
    """First place is one code, or the codes tied for it in words."""
    assert workbench.first_place(codes) == said


def test_a_diff_that_changes_nothing_says_so() -> None:
    """Two rule sets alike: no edits, the people compared, no change of first place, no score moves."""
    nothing = Impact(compared=2000, skipped=0, skipped_example="", shifts=(), moves=(), origin="a sample")
    assert workbench.diff_text("rules", "copy", [], nothing) == (
        "rules diff rules -> copy\n"
        "\n"
        "The rule sets hold the same claims, rules, gates, notes, degrees and questions.\n"
        "\n"
        "Its effect on 2,000 people (a sample):\n"
        "  first place changes for 0 (0.0%)\n"
        "  no score moves\n"
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
        moves=(Move("MMM", 40.0, 62.5, SURGEON), Move("MPH", None, 71.0, SURGEON)),
        origin="cohort.csv",
        cases=(CaseShift("case resident", ("MHA", "MBA"), ("MMM",)),),
    )
    example = "            e.g. case resident: career_stage=early, goals=[specialise], keep_practicing=true"
    assert workbench.diff_text("old", "new", changes, effect) == (
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
        "  largest score moves:\n"
        "    MMM +22.5 (40.0 -> 62.5)\n"
        f"{example}\n"
        "    MPH (a new degree) up to 71.0\n"
        f"{example}\n"
    )


def test_a_long_diff_line_wraps_at_100_columns_without_breaking_a_word() -> None:
    """An example person too long for a line goes on, indented, on the next; no word is split."""
    person = Person("sample 7", {f"question_{n}": "a_long_answer_value" for n in range(8)})
    effect = Impact(1, 0, "", (Shift(("MHA",), ("MBA",), 1, person),), (), "a sample")
    assert workbench.diff_text("a", "b", [], effect).splitlines()[-5:] == [
        "            e.g. sample 7: question_0=a_long_answer_value, question_1=a_long_answer_value,",
        "              question_2=a_long_answer_value, question_3=a_long_answer_value,",
        "              question_4=a_long_answer_value, question_5=a_long_answer_value,",
        "              question_6=a_long_answer_value, question_7=a_long_answer_value",
        "  no score moves",
    ]


def test_the_diff_for_programs_holds_the_same_facts() -> None:
    """The JSON diff carries the edits, the counts, the shifts and moves with their examples, and
    each changed case by its id."""
    effect = Impact(
        compared=3,
        skipped=0,
        skipped_example="",
        shifts=(Shift(("MHA",), ("MMM",), 2, SURGEON),),
        moves=(Move("MPH", None, 55.0, SURGEON),),
        origin="answers.json",
        cases=(CaseShift("case resident", ("MHA",), ("MMM",)),),
    )
    example = {"who": "case resident", "answers": dict(SURGEON.data)}
    assert workbench.diff_json("old", "new", [Edit("degree", "MPH", "added")], effect) == {
        "old": "old",
        "new": "new",
        "edits": [{"kind": "degree", "id": "MPH", "how": "added", "detail": ""}],
        "people": {"compared": 3, "skipped": 0, "from": "answers.json", "first_place_changed": 2},
        "shifts": [{"from": ["MHA"], "to": ["MMM"], "count": 2, "example": example}],
        "test_cases_changed": [{"case": "resident", "from": ["MHA"], "to": ["MMM"]}],
        "largest_moves": [{"degree": "MPH", "before": None, "after": 55.0, "example": example}],
    }
