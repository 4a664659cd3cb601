"""What `rules check`, `rules test` and `rules diff` print (degreefit/ruleset/printout.py): the
lines an advisor reads, built from real case runs and from edits and effects written out here."""

from __future__ import annotations

from pathlib import Path

import pytest

from degreefit.engine import Engine
from degreefit.errors import Problem
from degreefit.models import RuleSet
from degreefit.ruleset import printout as workbench
from degreefit.ruleset.casefile import Case, Expect, load_cases
from degreefit.ruleset.cases import Result, all_passed, case_report, coverage, decided_by, run_case
from degreefit.ruleset.edits import Edit
from degreefit.ruleset.impact import CaseShift, Impact, Move, Person, Shift
from degreefit.ruleset.load import builtin_rules_dir, load_ruleset
from tests.helpers.cases import case, tiny_person, tiny_rules, tiny_student, write_cases

RULES = Path("rules")


@pytest.fixture(scope="module")
def shipped(ruleset: RuleSet) -> dict[str, Case]:
    """The built-in rules' own test cases, by id."""
    return {case.id: case for case in load_cases(builtin_rules_dir(), ruleset)}


def run(ruleset: RuleSet, case: Case) -> Result:
    """One case run against its rule set."""
    return run_case(Engine(ruleset), case)


@pytest.fixture
def tiny(rules_copy: Path) -> tuple[RuleSet, dict[str, Case]]:
    """The tests' small rule set (`tiny_rules`) and three cases of it, each holding, by id: a
    consultant the MBA suits on its own, a tie of the MHA and the MBA, and a medical student who
    cannot take the MMed yet and has a year at most."""
    tiny_rules(rules_copy)
    student = tiny_student()
    cases = [
        case({"top": "MBA"}, tiny_person("policy_reform", "consulting"), id="consultant", who="consultant"),
        case({"top": ["MHA", "MBA"]}, tiny_person("policy_reform"), id="tie", who="policy maker"),
        case(
            {"top": "MBA", "eligibility": {"MMed": "not_yet"}}, student, id="student", who="medical student"
        ),
    ]
    write_cases(rules_copy, cases)
    ruleset = load_ruleset(rules_copy)
    return ruleset, {c.id: c for c in load_cases(rules_copy, ruleset)}


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


def test_a_passing_run_closes_with_the_count_of_cases(tiny: tuple[RuleSet, dict[str, Case]]) -> None:
    """Every case holding ends in one line saying so: "the 1 case passes", "all N cases pass"."""
    ruleset, cases = tiny
    results = [run(ruleset, case) for case in cases.values()]
    assert all(result.passed for result in results)
    assert all_passed(results, RULES) == "rules/cases: all 3 cases pass\n"
    assert all_passed(results[:1], RULES) == "rules/cases: the 1 case passes\n"


def test_passing_cases_print_nothing_unless_every_case_is_asked_for(
    tiny: tuple[RuleSet, dict[str, Case]],
) -> None:
    """A passing case says nothing by default, and `ok` at its file and line when every case is shown."""
    ruleset, cases = tiny
    result = run(ruleset, cases["tie"])
    assert case_report([result], RULES, None, every=False) == ""
    assert case_report([result], RULES, None, every=True) == "rules/cases/mine.yaml:17: tie: ok\n"


def test_a_failing_case_says_what_failed_and_what_decided_it(tiny: tuple[RuleSet, dict[str, Case]]) -> None:
    """A failing case names its place and who, each broken expectation, then every degree's goal
    and cost points, best first, with the rules that moved it on either account (and the claim
    behind a rule of another name)."""
    ruleset, cases = tiny
    wrong = cases["consultant"]._replace(expect=Expect(top=["MHA", "MBA"]))
    assert case_report([run(ruleset, wrong)], RULES, None, every=False) == (
        "rules/cases/mine.yaml:2: consultant: FAILED (consultant)\n"
        "  top: expected MHA and MBA tied for first; got MBA first on its own\n"
        "  decided by:\n"
        "    MBA goals +4, costs none\n"
        "      +2 goals  rule policy-for-mha-and-mba (claim zz-policy)\n"
        "      +2 goals  rule mba-for-consulting (claim zz-consulting)\n"
        "    MHA goals +2, costs none\n"
        "      +2 goals  rule policy-for-mha-and-mba (claim zz-policy)\n"
        "    MMM goals none, costs none\n"
        "    MMed goals none, costs none\n"
    )


def test_a_degree_not_open_now_is_shown_with_the_gate_that_keeps_it_closed(
    tiny: tuple[RuleSet, dict[str, Case]],
) -> None:
    """What decided a case names a degree's eligibility in words after its points, and each gate
    behind it; a cost counts on its own account."""
    ruleset, cases = tiny
    lines = decided_by(run(ruleset, cases["student"]))
    assert lines[-3:] == [
        "MMed goals +3, costs none, not yet",
        "  +3 goals  rule mmed-for-specialising (claim zz-specialising)",
        "  not yet  gate mmed-after-medical-school (claim zz-mmed-later)",
    ]
    assert "MHA goals +2, costs -2" in lines
    assert "  -2 costs  rule mha-too-long (claim zz-mha-length)" in lines


def test_coverage_counts_what_the_cases_exercise_and_lists_the_rest(
    ruleset: RuleSet, shipped: dict[str, Case]
) -> None:
    """With coverage asked for, one line counts what some case exercises; what none does is listed."""
    every = [run(ruleset, case) for case in shipped.values()]
    whole = case_report(every, RULES, coverage(ruleset, every), every=False)
    items = len(ruleset.rules) + len(ruleset.gates) + len(ruleset.notes)
    claims = sum(not claim.unused for claim in ruleset.claims)
    assert whole == (
        f"coverage: {items} of {items} rules, gates and notes and "
        f"{claims} of {claims} used claims are exercised by some case\n"
    )
    one = every[:1]
    found = coverage(ruleset, one)
    assert found.unexercised
    lines = case_report(one, RULES, found, every=False).splitlines()
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
        ([], "none open"),
    ],
)
def test_first_place_reads_as_words(codes: list[str], said: str) -> None:
    """First place is one code, the codes tied for it in words, or none open (no degree open now)."""
    assert workbench.first_place(codes) == said


def test_a_diff_that_changes_nothing_says_so() -> None:
    """Two rule sets alike: no edits, the people compared, no change of first place, no point moves."""
    nothing = Impact(compared=2000, skipped=0, skipped_example="", shifts=(), moves=(), origin="a sample")
    assert workbench.diff_text("rules", "copy", [], nothing) == (
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
    assert workbench.diff_text("a", "b", [], effect).splitlines()[-5:] == [
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
    assert workbench.diff_json("old", "new", [Edit("degree", "MPH", "added")], effect) == {
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
