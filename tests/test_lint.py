"""`degreefit rules check`: each problem of a rule set as `DIR/file:line: id: message`, or a clean verdict."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.conditions import can_hold, compile_condition
from degreefit.conditions import tests as leaf_tests
from degreefit.models import AllOf, AnswerValue, AnyOf, Condition, Not, Op, Question, RuleSet
from degreefit.models import Test as Leaf  # not `Test`: pytest would try to collect it
from degreefit.ruleset import builtin_rules_dir, load_ruleset

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import PERSONAS
    from test_rulefiles import edit
else:
    from tests.conftest import PERSONAS
    from tests.test_rulefiles import edit

CLEAN = "no problems; every degree ranks first for some answers"
NEVER_FIRES = "can never fire: no valid answers make its condition true"
# A condition no valid answers satisfy: specialty is asked only when goals include specialize_clinically.
SURGERY_WITHOUT_SPECIALISING = (
    "{all: [{specialty: {is: surgery}}, {goals: {contains_none: [specialize_clinically]}}]}"
)
NAMED_DISCIPLINES_WHEN = "{specialty: {in: [surgery, internal_medicine, pediatrics, emergency_medicine]}}"


def rules_check(runner: CliRunner, directory: Path | None = None) -> tuple[int, list[str], str]:
    """Run `degreefit rules check [DIR]`; return the exit code, the lines of stdout, and stderr."""
    args = ["rules", "check"] if directory is None else ["rules", "check", str(directory)]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout.splitlines(), result.stderr


def problem(directory: Path, name: str, line: int, rule_id: str, message: str) -> str:
    """A problem line as `rules check` prints it: the file inside the directory the user named."""
    who = f" {rule_id}:" if rule_id else ""
    return f"{directory / name}:{line}:{who} {message}"


def failed(directory: Path, count: int) -> str:
    """The last line `rules check` writes to stderr for a rule set with `count` problems."""
    return f"degreefit: error: {directory}: {count} problem{'s' if count != 1 else ''}\n"


def line_of(directory: Path, name: str, text: str) -> int:
    """The line on which `text` (found once) starts in rules/`name`."""
    content = (directory / name).read_text(encoding="utf-8")
    assert content.count(text) == 1, f"{text!r} is not in {name} exactly once"
    return content[: content.index(text)].count("\n") + 1


def summary(ruleset: RuleSet) -> str:
    """The verdict on a clean rule set, with its counts computed from the rule set itself."""
    facts = sum(len(getattr(d.profile, topic)) for d in ruleset.degrees for topic in d.profile._fields)
    # Every rule, every gate, every degree's summary and every profile fact carries one cite.
    cites = len(ruleset.rules) + len(ruleset.gates) + len(ruleset.degrees) + facts
    return (
        f"10 questions, 4 degrees, 2 sources, {len(ruleset.rules)} rules, {len(ruleset.gates)} gates, "
        f"{cites} cites: {CLEAN}"
    )


# --- a clean rule set ----------------------------------------------------------


def test_builtin_rules_pass_the_check(runner: CliRunner, ruleset: RuleSet) -> None:
    """`degreefit rules check` on the built-in rules exits 0 with one line of counts and no problems."""
    code, lines, stderr = rules_check(runner)
    assert (code, stderr) == (0, "")
    assert lines == [f"{builtin_rules_dir()}: {summary(ruleset)}"]


def test_an_unedited_copy_passes_the_check(runner: CliRunner, rules_copy: Path, ruleset: RuleSet) -> None:
    """`degreefit rules check DIR` on an unedited copy of rules/ names DIR and finds no problems."""
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (0, "")
    assert lines == [f"{rules_copy}: {summary(ruleset)}"]


# --- what the loader finds, reported by the check --------------------------------

BROKEN = [
    pytest.param(
        "rules/practicalities.yaml",
        "    effects: {MMed: -4}\n",
        "    effects: MMed: -4\n",
        0,
        "",
        "YAML syntax: mapping values are not allowed here",
        id="yaml-syntax",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "    effects: {MMed: 4}\n",
        "    effects: {MMed: 4}\n    weight: 3\n",
        1,
        "mmed-specialisation",
        "unknown key 'weight'",
        id="unknown-key",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "{wants_research: {is: true}}",
        "{wants_reserch: {is: true}}",
        0,
        "mmed-research-welcome",
        "condition names unknown question 'wants_reserch'; did you mean 'wants_research'?",
        id="unknown-question",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "{specialty: {in: [surgery,",
        "{specialty: {in: [surgeon,",
        0,
        "mmed-named-disciplines",
        "'specialty': 'surgeon' is not one of its choices "
        "(surgery, internal_medicine, pediatrics, emergency_medicine, other)",
        id="unknown-choice",
    ),
    pytest.param(
        "rules/clinical.yaml",
        "effects: {MMed: 4}",
        "effects: {MMEd: 4}",
        0,
        "mmed-specialisation",
        "unknown degree 'MMEd'; did you mean 'MMed'?",
        id="unknown-degree",
    ),
    pytest.param(
        "rules/practicalities.yaml",
        '{source: mmed-guide, section: "Comparing Master of Medicine Providers"}\n\n  - id: mmed-tight',
        '{source: mmed-guide, section: "Comparing Master of Medicine Provider"}\n\n  - id: mmed-tight',
        0,
        "mmed-too-short",
        "source 'mmed-guide' has no section 'Comparing Master of Medicine Provider'; "
        "did you mean 'Comparing Master of Medicine Providers'?",
        id="unknown-section",
    ),
    pytest.param(
        "rules/practicalities.yaml",
        "  - id: mmed-too-short\n",
        "  - id: mmed-specialisation\n",
        0,
        "mmed-specialisation",
        "rule id 'mmed-specialisation' is also used in rules/clinical.yaml",
        id="duplicate-id",
    ),
    pytest.param(
        "rules/clinical.yaml",
        NAMED_DISCIPLINES_WHEN,
        SURGERY_WITHOUT_SPECIALISING,
        0,
        "mmed-named-disciplines",
        NEVER_FIRES,
        id="never-fires",
    ),
    pytest.param(
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
        1,
        "clinical_status",
        "condition names 'career_stage', which is asked later; it may only look at earlier questions",
        id="when-names-a-later-question",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "below", "rule_id", "message"), BROKEN)
def test_check_reports_a_broken_rule_set_at_the_file_and_line(
    runner: CliRunner, rules_copy: Path, name: str, old: str, new: str, below: int, rule_id: str, message: str
) -> None:
    """A broken copy of rules/ exits 2, prints `DIR/file:line: id: message`, and counts it on stderr."""
    line = edit(rules_copy, name, old, new) + below
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (2, failed(rules_copy, 1))
    assert lines == [problem(rules_copy, name, line, rule_id, message)]


def test_check_reports_every_problem_in_load_order_then_line(runner: CliRunner, rules_copy: Path) -> None:
    """Problems in two files all come out at once: questions.yaml before degrees.yaml (load order, not
    alphabetical), then by line."""
    mmed = edit(  # the anchor starts with the newline before the cite
        rules_copy,
        "degrees.yaml",
        '\n    cite: {source: mmed-guide, section: "What is a Master of Medicine Degree?"}',
        '\n    cite: {source: mmed_guide, section: "What is a Master of Medicine Degree?"}',
    )
    mmm = edit(  # the anchor starts on the line before the cite
        rules_copy,
        "degrees.yaml",
        "health-care focus.\n    cite: {source: usnews-mmm,",
        "health-care focus.\n    cite: {source: usnews_mmm,",
    )
    question = edit(
        rules_copy,
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
    )
    assert mmm < mmed
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (2, failed(rules_copy, 3))
    assert lines == [
        problem(
            rules_copy,
            "questions.yaml",
            question + 1,
            "clinical_status",
            "condition names 'career_stage', which is asked later; it may only look at earlier questions",
        ),
        problem(
            rules_copy,
            "degrees.yaml",
            mmm + 1,
            "MMM",
            "unknown source 'usnews_mmm'; did you mean 'usnews-mmm'?",
        ),
        problem(
            rules_copy,
            "degrees.yaml",
            mmed + 1,
            "MMed",
            "unknown source 'mmed_guide'; did you mean 'mmed-guide'?",
        ),
    ]


# --- what only the check finds ------------------------------------------------

FURTHER_READING = '      - heading: "Further reading"\n'
CONCLUSION = '      - heading: "Conclusion"\n'


def test_a_section_no_rule_cites_is_reported_at_its_heading(runner: CliRunner, rules_copy: Path) -> None:
    """A source section that no rule or gate cites is a problem on its line of sources.yaml."""
    line = edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING) + 1
    load_ruleset(rules_copy)  # the loader accepts it: only the check looks for uncited sections
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (2, failed(rules_copy, 1))
    assert lines == [
        problem(
            rules_copy,
            "sources.yaml",
            line,
            "mmed-guide",
            "section 'Further reading' is cited by no rule (or say why in its why_uncited)",
        )
    ]


def test_a_section_that_says_why_it_is_uncited_passes(runner: CliRunner, rules_copy: Path) -> None:
    """Giving the uncited section a `why_uncited` reason makes the check pass again."""
    reason = "        why_uncited: a list of links, with nothing to advise on\n"
    edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING + reason)
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (0, "")
    assert lines == [f"{rules_copy}: {summary(load_ruleset(rules_copy))}"]


ALWAYS_AGAINST_MHA = """\
rules:
  - id: zz-always-against-mha
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MHA: -100}
    reason: A rule that holds for every answer and sinks the MHA.
    cite: {source: usnews-mmm, section: "What’s the Difference Between a MMM and a MHA?"}
"""


def test_a_degree_no_answers_rank_first_is_reported_at_its_code(runner: CliRunner, rules_copy: Path) -> None:
    """A degree that a rule always sinks is reported on its line of degrees.yaml as never ranking first."""
    (rules_copy / "rules" / "zz.yaml").write_text(ALWAYS_AGAINST_MHA, encoding="utf-8")
    load_ruleset(rules_copy)  # the loader accepts it: only the search with the engine finds it
    line = line_of(rules_copy, "degrees.yaml", "  - code: MHA\n")
    code, lines, stderr = rules_check(runner, rules_copy)
    assert (code, stderr) == (2, failed(rules_copy, 1))
    assert lines == [
        problem(
            rules_copy,
            "degrees.yaml",
            line,
            "MHA",
            "no answers rank it first (searched 4000 random valid answer sets)",
        )
    ]


def test_problems_only_the_check_finds_follow_load_order(runner: CliRunner, rules_copy: Path) -> None:
    """An uncited section and a degree never ranked first come out in load order: degrees.yaml first."""
    (rules_copy / "rules" / "zz.yaml").write_text(ALWAYS_AGAINST_MHA, encoding="utf-8")
    edit(rules_copy, "sources.yaml", CONCLUSION, CONCLUSION + FURTHER_READING)
    code, lines, _ = rules_check(runner, rules_copy)
    assert code == 2
    assert [line.split(":")[0] for line in lines] == [
        str(rules_copy / "degrees.yaml"),
        str(rules_copy / "sources.yaml"),
    ]


def test_ask_refuses_a_rule_that_can_never_fire(runner: CliRunner, rules_copy: Path, tmp_path: Path) -> None:
    """`ask --rules DIR` refuses a rule that can never fire with exit 2, naming it as `rules check` does."""
    line = edit(rules_copy, "rules/clinical.yaml", NAMED_DISCIPLINES_WHEN, SURGERY_WITHOUT_SPECIALISING)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(PERSONAS["resident specialising in surgery"][0]), encoding="utf-8")
    result = runner.invoke(app, ["ask", "--rules", str(rules_copy), "--answers", str(answers)])
    assert (result.exit_code, result.stdout) == (2, "")
    where = f"rules/clinical.yaml:{line}: mmed-named-disciplines: {NEVER_FIRES}"
    assert result.stderr == (
        f"degreefit: error: the rule set in {rules_copy.resolve()} has a problem:\n  {where}\n"
    )
    _, lines, _ = rules_check(runner, rules_copy)
    assert lines == [f"{rules_copy}/{where}"]


# --- the built-in rule set ------------------------------------------------------


def test_every_section_of_both_sources_is_cited(ruleset: RuleSet) -> None:
    """Every section heading in sources.yaml is cited by at least one rule or gate, unless it says why not."""
    raw: dict[str, Any] = yaml.safe_load((builtin_rules_dir() / "sources.yaml").read_text(encoding="utf-8"))
    headings = {
        (source["id"], section["heading"])
        for source in raw["sources"]
        for section in source["sections"]
        if not section.get("why_uncited")
    }
    assert {source["id"] for source in raw["sources"]} == {"usnews-mmm", "mmed-guide"}
    assert len(headings) == sum(len(s.sections) for s in ruleset.sources)  # none says why it is uncited
    cites = [rule.cite for rule in ruleset.rules] + [gate.cite for gate in ruleset.gates]
    cited = {(cite.source, cite.section) for cite in cites}
    assert headings - cited == set()


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
