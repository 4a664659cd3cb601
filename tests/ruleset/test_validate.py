"""A broken rule set is reported as `file:line: rule-id: message`, every problem at once and in
load order, by `ask` as by the loader (`degreefit/ruleset/validate.py`)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.errors import Problem, RulesError
from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import (
    BROKEN_EFFECTS,
    BROKEN_EFFECTS_MESSAGE,
    FIRST_RULE,
    MISSPELT_DEGREE,
    TOO_LONG,
    UNKNOWN_DEGREE,
    ask,
    edit,
    heading,
    line_in,
    listed,
    problems_of,
)


def test_the_copy_of_the_built_in_rules_loads(rules_copy: Path, ruleset: RuleSet) -> None:
    """An unedited copy of rules/ loads into the same questions, degrees, claims, rules, gates and notes."""
    copy = load_ruleset(rules_copy)
    assert (
        copy.questions,
        copy.degrees,
        copy.sources,
        copy.claims,
        copy.rules,
        copy.gates,
        copy.notes,
        copy.scoring,
    ) == (
        ruleset.questions,
        ruleset.degrees,
        ruleset.sources,
        ruleset.claims,
        ruleset.rules,
        ruleset.gates,
        ruleset.notes,
        ruleset.scoring,
    )
    assert copy.sha256 == ruleset.sha256
    assert (copy.path, copy.builtin) == (str(rules_copy.resolve()), False)


def test_condition_syntax_error_is_reported_at_its_rule(rules_copy: Path) -> None:
    """A condition with an unknown operator is reported with the rule's id and line."""
    line = edit(
        rules_copy, "rules/clinical.yaml", "- wants_research: {is: false}", "- wants_research: {eq: false}"
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-research-unwelcome: unknown operator 'eq'; use one of is, in, "
        "not_in, contains_any, contains_all, contains_none, lt, lte, gt, gte"
    ]


def test_missing_required_file_is_reported(rules_copy: Path, runner: CliRunner, answers_file: Path) -> None:
    """A rule set without scoring.yaml exits 2 naming the missing file."""
    (rules_copy / "scoring.yaml").unlink()
    _refused_with(runner, rules_copy, answers_file, ["scoring.yaml: file is missing"])


def test_every_problem_is_reported_at_once(rules_copy: Path, runner: CliRunner, answers_file: Path) -> None:
    """Two independent breakages in two files are both reported, in file order, by one run."""
    first = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    second = edit(
        rules_copy, "rules/practicalities.yaml", "max_years: {lt: 2}", "max_years: {lt: two}", after=TOO_LONG
    )
    too_long = f"rules/practicalities.yaml:{second}: mmed-too-long: 'max_years': 'two' is not a whole number"
    _refused_with(
        runner, rules_copy, answers_file, [f"rules/clinical.yaml:{first}: {UNKNOWN_DEGREE}", too_long]
    )


def test_a_syntax_error_in_one_rule_file_does_not_hide_problems_in_another(
    rules_copy: Path, runner: CliRunner, answers_file: Path
) -> None:
    """A YAML syntax error in rules/practicalities.yaml and an unknown degree in rules/clinical.yaml
    are both reported, in load order (clinical before practicalities), though the error is found later."""
    unknown = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    syntax = edit(rules_copy, *BROKEN_EFFECTS, after=TOO_LONG)
    broken = f"rules/practicalities.yaml:{syntax}: {BROKEN_EFFECTS_MESSAGE}"
    _refused_with(
        runner, rules_copy, answers_file, [f"rules/clinical.yaml:{unknown}: {UNKNOWN_DEGREE}", broken]
    )


def test_cross_references_are_skipped_while_a_core_file_is_broken(rules_copy: Path) -> None:
    """With degrees.yaml unreadable, rule files cannot be checked against it: only its error is reported."""
    syntax = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA: x\n")
    edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f'degrees.yaml:{syntax}: text containing a colon must be in quotes, as in code: "MHA: x"'
    ]


@pytest.mark.parametrize("emptied", ["no rules folder", "an empty rule file"])
def test_a_rule_set_without_rules_is_refused(rules_copy: Path, emptied: str) -> None:
    """A rule set whose rules/ folder is gone (or holds no rule) cannot advise: every degree would
    score 50 and the first listed would win. Loading it is refused, saying what is missing."""
    shutil.rmtree(rules_copy / "rules")
    if emptied == "an empty rule file":
        (rules_copy / "rules").mkdir()
        (rules_copy / "rules" / "mine.yaml").write_text("rules: []\n", encoding="utf-8")
    assert problems_of(rules_copy) == [
        "rules/: no rules: a rule set needs rule files (rules/*.yaml); without them no degree has a reason"
    ]


def test_every_syntax_error_is_reported_at_once(rules_copy: Path) -> None:
    """YAML syntax errors in two files are both reported."""
    first = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA: x\n")
    second = edit(rules_copy, *BROKEN_EFFECTS, after=TOO_LONG)
    assert problems_of(rules_copy) == [
        f'degrees.yaml:{first}: text containing a colon must be in quotes, as in code: "MHA: x"',
        f"rules/practicalities.yaml:{second}: {BROKEN_EFFECTS_MESSAGE}",
    ]


def test_problems_in_one_file_are_listed_by_line(rules_copy: Path) -> None:
    """Problems in one file come out in line order, whatever order the checks found them in
    (a repeated degree code is found before the citations, here on an earlier line)."""
    cite = edit(
        rules_copy,
        "degrees.yaml",
        '{source: usnews-mmm, section: "What Is a Master of Medical Management?"}\n\n  - code: MHA\n',
        '{source: usnews_mmm, section: "What Is a Master of Medical Management?"}\n\n  - code: MHA\n',
    )
    degrees = rules_copy / "degrees.yaml"
    text = degrees.read_text(encoding="utf-8")
    repeated = text.count("\n") + 2  # the line of `- code: MHA` appended after a blank line
    degrees.write_text(
        text + "\n  - code: MHA\n    name: Again\n    summary: Again.\n"
        '    cite: {source: usnews-mmm, section: "What Is a Master of Medical Management?"}\n',
        encoding="utf-8",
    )
    assert cite < repeated
    assert problems_of(rules_copy) == [
        f"degrees.yaml:{cite}: MMM: unknown source 'usnews_mmm'; did you mean 'usnews-mmm'?",
        f"degrees.yaml:{repeated}: MHA: degree code 'MHA' is used twice",
    ]


def test_problem_objects_carry_file_line_rule_and_message(rules_copy: Path) -> None:
    """RulesError.problems holds Problem objects with the file, line, rule id and message apart."""
    line = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert caught.value.problems == (
        Problem(
            "rules/clinical.yaml",
            line,
            "mmed-for-specialising",
            "unknown degree 'MMEd'; did you mean 'MMed'?",
        ),
    )
    assert caught.value.exit_code == 2


LEADERSHIP = (
    "lead_within_health_system, run_healthcare_organization, quality_improvement, policy_reform, "
    "support_clinical_teams"
)
GROUP_LINE = f"      leadership: [{LEADERSHIP}]\n"  # the group of the goals question in questions.yaml
CLINICIAN_TO_LEADER = "  - id: mmm-clinician-to-leader\n"  # its first use in rules/leadership.yaml


def test_a_group_reads_as_its_values_written_out(rules_copy: Path, ruleset: RuleSet) -> None:
    """The built-in rules and claims name the leadership goals as `group: leadership`: written out value
    by value instead, in every rule and claim, the rule set loads the same (the group expands into its
    values when the rules are read), and `rules check` stays clean."""
    for name in ("rules/leadership.yaml", "rules/practicalities.yaml", "rules/programs.yaml", "claims.yaml"):
        path = rules_copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count("[group: leadership") >= 1
        path.write_text(text.replace("[group: leadership", f"[{LEADERSHIP}"), encoding="utf-8")
    edit(rules_copy, "questions.yaml", "    groups:\n", "")
    edit(rules_copy, "questions.yaml", GROUP_LINE, "")
    copy = load_ruleset(rules_copy)
    assert (copy.questions, copy.claims, copy.rules, copy.gates, copy.notes) == (
        ruleset.questions,
        ruleset.claims,
        ruleset.rules,
        ruleset.gates,
        ruleset.notes,
    )
    (rule,) = [rule for rule in copy.rules if rule.id == "mmm-clinician-to-leader"]
    assert rule.when.conditions[1].value == tuple(LEADERSHIP.split(", "))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        pytest.param(
            GROUP_LINE,
            GROUP_LINE + "      consulting: [consulting]\n",
            "      consulting: [consulting]\n",
            "goals: group 'consulting' has the name of a choice of 'goals'; name the group otherwise",
            id="named-like-a-choice",
        ),
        pytest.param(
            "policy_reform, support",
            "policy_reforms, support",
            GROUP_LINE.replace("policy_reform,", "policy_reforms,"),
            "goals: group 'leadership': 'policy_reforms' is not a choice of question 'goals'; did you mean "
            "'policy_reform'?",
            id="unknown-choice",
        ),
        pytest.param(
            "    kind: boolean\n    prompt: Would you welcome",
            "    kind: boolean\n    groups: {yes_please: [true]}\n    prompt: Would you welcome",
            "    groups: {yes_please: [true]}\n",
            "wants_research: a boolean question takes no groups: only single and multi questions have "
            "choices",
            id="on-a-boolean-question",
        ),
    ],
)
def test_a_faulty_group_is_refused_where_it_is_defined(
    rules_copy: Path, old: str, new: str, at: str, message: str
) -> None:
    """A group of questions.yaml whose name is also a choice, that lists a value that is no choice of its
    question (with the choice meant), or that belongs to a question without choices, is refused at its
    line of questions.yaml."""
    edit(rules_copy, "questions.yaml", old, new)
    line = line_in(rules_copy, "questions.yaml", at)
    assert problems_of(rules_copy) == [f"questions.yaml:{line}: {message}"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "[group: leadership]",
            "[group: leadershp]",
            "question 'goals' has no group 'leadershp'; did you mean 'leadership'? Its groups "
            "(questions.yaml): leadership",
            id="misspelt-group",
        ),
        pytest.param(
            "[group: leadership]",
            "[group: management]",
            "question 'goals' has no group 'management'. Its groups (questions.yaml): leadership",
            id="unknown-group",
        ),
        pytest.param(
            "[group: leadership]",
            "[leadership]",
            "'leadership' is a group of question 'goals', not a choice: write it as group: leadership",
            id="group-written-as-a-value",
        ),
        pytest.param(
            "[group: leadership]",
            "[grup: leadership]",
            "each value is a choice, or a group of choices written as group: NAME",
            id="misspelt-group-key",
        ),
        pytest.param(
            "clinical_status: {in: [practicing_physician, physician_in_training]}",
            "clinical_status: {in: [group: physicians]}",
            "question 'clinical_status' has no groups; a question's `groups` in questions.yaml name them",
            id="question-without-groups",
        ),
        pytest.param(
            "goals: {contains_any: [group: leadership]}",
            "goals: {is: {group: leadership}}",
            "'is' takes a single value, not a group; test a group with a list: in: [group: NAME] (or, for a "
            "multi question, contains_any, contains_all or contains_none)",
            id="group-for-a-single-value",
        ),
    ],
)
def test_a_condition_naming_a_faulty_group_is_refused_at_its_line(
    rules_copy: Path, old: str, new: str, message: str
) -> None:
    """A rule naming a group its question does not have gets the group meant, or the question's groups;
    a group written as a plain value, or with a misspelt key, or where one value goes, is told how to
    write it; each at the rule's line in its rule file."""
    line = edit(rules_copy, "rules/leadership.yaml", old, new, after=CLINICIAN_TO_LEADER)
    assert problems_of(rules_copy) == [f"rules/leadership.yaml:{line}: mmm-clinician-to-leader: {message}"]


def test_a_group_may_be_used_in_a_questions_when(rules_copy: Path) -> None:
    """A question's `when` may name a group of an earlier question: it reads as the group's values."""
    edit(
        rules_copy,
        "questions.yaml",
        "    when: {goals: {contains_any: [specialize_clinically]}}\n",
        "    when: {goals: {contains_any: [group: leadership, specialize_clinically]}}\n",
    )
    specialty = load_ruleset(rules_copy).question("specialty")
    assert specialty.when is not None
    assert specialty.when.value == (*LEADERSHIP.split(", "), "specialize_clinically")  # type: ignore[union-attr]


def _refused_with(runner: CliRunner, rules: Path, answers: Path, expected: list[str]) -> None:
    """The loader finds exactly the problems `expected` in RULES, in order, and `ask --rules RULES`
    refuses the rule set with them (exit 2, no report, a heading that counts them, then each)."""
    assert problems_of(rules) == expected
    code, stdout, stderr = ask(runner, rules, answers)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules, len(expected)) + "".join(listed(rules, p) for p in expected)
