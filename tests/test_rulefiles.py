"""Broken rule sets are reported as `file:line: rule-id: message`, and the rule-set cache is safe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit import rulefiles
from degreefit.cli import app
from degreefit.errors import Problem, RulesError
from degreefit.models import RuleSet
from degreefit.ruleset import load_ruleset

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import PERSONAS
else:
    from tests.conftest import PERSONAS


def edit(rules: Path, name: str, old: str, new: str) -> int:
    """Replace the one occurrence of `old` in rules/`name` by `new`; return the line `old` started on."""
    path = rules / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def problems_of(rules: Path) -> list[str]:
    """The problems load_ruleset reports for a rule set, each as the CLI prints it."""
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules)
    return [str(problem) for problem in caught.value.problems]


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """A complete, valid answers file (the mid-career physician persona)."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(PERSONAS["mid-career physician leading inside a health system"][0]))
    return path


def heading(rules: Path, count: int) -> str:
    """The first line of the CLI's report of a broken rule set in `rules`."""
    problems = "a problem" if count == 1 else f"{count} problems"
    return f"degreefit: error: the rule set in {rules.resolve()} has {problems}:\n"


def ask(runner: CliRunner, rules: Path, answers: Path) -> tuple[int, str, str]:
    """Run `degreefit ask` with a rule set; return exit code, stdout and stderr."""
    result = runner.invoke(app, ["ask", "--rules", str(rules), "--answers", str(answers)])
    return result.exit_code, result.stdout, result.stderr


def test_the_copy_of_the_built_in_rules_loads(rules_copy: Path, ruleset: RuleSet) -> None:
    """An unedited copy of rules/ loads into the same questions, degrees, rules and gates."""
    copy = load_ruleset(rules_copy)
    assert (copy.questions, copy.degrees, copy.sources, copy.rules, copy.gates, copy.scoring) == (
        ruleset.questions,
        ruleset.degrees,
        ruleset.sources,
        ruleset.rules,
        ruleset.gates,
        ruleset.scoring,
    )
    assert copy.sha256 == ruleset.sha256
    assert (copy.path, copy.builtin) == (str(rules_copy.resolve()), False)


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        pytest.param(
            "rules/practicalities.yaml",
            "    effects: {MMed: -4}\n",
            "    effects: MMed: -4\n",
            "YAML syntax: mapping values are not allowed here",
            id="rule-file",
        ),
        pytest.param(
            "questions.yaml",
            "    kind: multi\n",
            "    kind: multi\n\tmin: 1\n",
            "YAML syntax: found character '\\t' that cannot start any token",
            id="questions-file",
        ),
        pytest.param(
            "rules/clinical.yaml",
            "    effects: {MMed: 4}\n",
            "    effects: {MMed: 4\n    reason: unclosed\n",
            "YAML syntax: expected ',' or '}', but got ':' (while parsing a flow mapping, "
            "which starts on line <first>)",
            id="unclosed-flow-mapping",
        ),
    ],
)
def test_yaml_syntax_error_names_its_file_and_line(
    rules_copy: Path,
    runner: CliRunner,
    answers_file: Path,
    name: str,
    old: str,
    new: str,
    message: str,
) -> None:
    """A YAML syntax error exits 2 and is reported at the file and line where it is, with the line
    where the construct it breaks opened (<first>: the first line of `new`), as PyYAML gives it."""
    first = edit(rules_copy, name, old, new)
    line = first + new[:-1].count("\n")  # the last line of `new`
    message = message.replace("<first>", str(first))
    assert problems_of(rules_copy) == [f"{name}:{line}: {message}"]
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + f"  {name}:{line}: {message}\n"


def test_unknown_key_in_a_rule_names_the_key_the_rule_and_the_line(rules_copy: Path) -> None:
    """A key a rule does not have (a typo, a made-up field) is an error naming it, the rule and its line."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: 4}\n",
        "    effects: {MMed: 4}\n    weight: 3\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: mmed-specialisation: unknown key 'weight'"
    ]


def test_unknown_key_at_the_top_of_a_rule_file_is_reported(rules_copy: Path) -> None:
    """A rule file whose list is misspelt (rulez:) is an error, not an empty file."""
    edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n")
    (problem,) = problems_of(rules_copy)
    assert problem.startswith("rules/clinical.yaml:")
    assert problem.endswith(": unknown key 'rulez'; did you mean 'rules'?")


def test_unknown_key_with_a_block_value_is_reported_at_the_key(rules_copy: Path) -> None:
    """The line of an unknown key is the key's own line, even when its value starts on the next."""
    line = edit(rules_copy, "rules/clinical.yaml", "\nrules:\n", "\nrulez:\n") + 1
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: unknown key 'rulez'; did you mean 'rules'?"
    ]


def test_condition_naming_an_unknown_question_is_reported(rules_copy: Path) -> None:
    """A rule whose condition tests a question that does not exist is an error at its `when`, with the
    question it most likely meant."""
    line = edit(
        rules_copy, "rules/clinical.yaml", "{wants_research: {is: true}}", "{wants_reserch: {is: true}}"
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-research-welcome: condition names unknown question "
        "'wants_reserch'; did you mean 'wants_research'?"
    ]


def test_misspelt_operators_keys_and_numbers_say_what_was_meant(rules_copy: Path) -> None:
    """An advisor editing rules sees, for a misspelt operator or key, the one it most likely meant,
    and for an effect that is not a number, that it must be one (in plain words, with the value)."""
    operator = edit(
        rules_copy,
        "rules/leadership.yaml",
        "when: {goals: {contains_any: [lead_within_health_system]}}",
        "when: {goals: {contians_any: [lead_within_health_system]}}",
    )
    key = (
        edit(
            rules_copy,
            "rules/practicalities.yaml",
            "in-person residencies.\n    cite: ",
            "in-person residencies.\n    cyte: ",
        )
        + 1
    )
    number = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMed: four}")
    found = problems_of(rules_copy)
    assert (
        f"rules/clinical.yaml:{number}: mmed-specialisation: effects.MMed: must be a number; got 'four'"
        in found
    )
    assert any(
        p.startswith(f"rules/leadership.yaml:{operator}:")
        and "unknown operator 'contians_any' (did you mean 'contains_any'?)" in p
        for p in found
    ), found
    assert any(
        p.startswith(f"rules/practicalities.yaml:{key}:")
        and p.endswith("unknown key 'cyte'; did you mean 'cite'?")
        for p in found
    ), found


def test_condition_with_a_value_that_is_no_choice_is_reported(rules_copy: Path) -> None:
    """A rule testing a single-choice question against a value it does not offer lists the choices."""
    line = edit(rules_copy, "rules/clinical.yaml", "{specialty: {in: [surgery,", "{specialty: {in: [surgeon,")
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-named-disciplines: 'specialty': 'surgeon' is not one of its "
        "choices (surgery, internal_medicine, pediatrics, emergency_medicine, other)"
    ]


def test_condition_syntax_error_is_reported_at_its_rule(rules_copy: Path) -> None:
    """A condition with an unknown operator is reported with the rule's id and line."""
    line = edit(
        rules_copy, "rules/clinical.yaml", "{wants_research: {is: false}}", "{wants_research: {eq: false}}"
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-research-unwelcome: unknown operator 'eq'; use one of is, in, "
        "not_in, contains_any, contains_all, contains_none, lt, lte, gt, gte"
    ]


def test_unknown_degree_in_effects_suggests_the_closest(rules_copy: Path) -> None:
    """An effect on a degree that does not exist is an error that suggests the degree meant."""
    line = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-specialisation: unknown degree 'MMEd'; did you mean 'MMed'?"
    ]


def test_unknown_degree_in_a_gate_is_reported(rules_copy: Path) -> None:
    """A gate on a degree that does not exist is an error at its `degree`."""
    line = edit(
        rules_copy,
        "rules/eligibility.yaml",
        "    degree: MMed\n    status: not_yet\n",
        "    degree: MBBS\n    status: not_yet\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/eligibility.yaml:{line}: mmed-after-medical-degree: unknown degree 'MBBS'"
    ]


def test_cite_of_an_unknown_section_suggests_the_closest(rules_copy: Path) -> None:
    """A citation of a section heading its source does not have suggests the heading meant."""
    line = edit(
        rules_copy,
        "rules/practicalities.yaml",
        '{source: mmed-guide, section: "Comparing Master of Medicine Providers"}\n\n  - id: mmed-tight',
        '{source: mmed-guide, section: "Comparing Master of Medicine Provider"}\n\n  - id: mmed-tight',
    )
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-too-short: source 'mmed-guide' has no section "
        "'Comparing Master of Medicine Provider'; did you mean 'Comparing Master of Medicine Providers'?"
    ]


def test_cite_of_an_unknown_source_suggests_the_closest(rules_copy: Path) -> None:
    """A citation of a source that does not exist suggests the source id meant."""
    line = edit(  # the anchor starts with the newline before the degree's own cite line
        rules_copy,
        "degrees.yaml",
        '\n    cite: {source: mmed-guide, section: "What is a Master of Medicine Degree?"}',
        '\n    cite: {source: mmed_guide, section: "What is a Master of Medicine Degree?"}',
    )
    assert problems_of(rules_copy) == [
        f"degrees.yaml:{line + 1}: MMed: unknown source 'mmed_guide'; did you mean 'mmed-guide'?"
    ]


def test_rule_id_used_in_two_files_is_reported_where_it_is_repeated(rules_copy: Path) -> None:
    """Two rules with one id, in two files, are an error at the second naming the first file."""
    line = edit(
        rules_copy, "rules/practicalities.yaml", "  - id: mmed-too-short\n", "  - id: mmed-specialisation\n"
    )
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-specialisation: rule id 'mmed-specialisation' is also used "
        "in rules/clinical.yaml"
    ]


def test_yaml_key_written_twice_is_reported_at_the_second(rules_copy: Path) -> None:
    """A key written twice in one mapping is an error, not a silent overwrite."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: 4}\n",
        "    effects: {MMed: 4}\n    effects: {MMed: 3}\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: YAML syntax: key 'effects' is written twice"
    ]


def test_question_when_may_only_name_earlier_questions(rules_copy: Path) -> None:
    """A question whose `when` looks at a later question is an error at that question."""
    line = edit(
        rules_copy,
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
    )
    assert problems_of(rules_copy) == [
        f"questions.yaml:{line + 1}: clinical_status: condition names 'career_stage', which is asked later; "
        "it may only look at earlier questions"
    ]


def test_missing_required_file_is_reported(rules_copy: Path, runner: CliRunner, answers_file: Path) -> None:
    """A rule set without scoring.yaml exits 2 naming the missing file."""
    (rules_copy / "scoring.yaml").unlink()
    assert problems_of(rules_copy) == ["scoring.yaml: file is missing"]
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + "  scoring.yaml: file is missing\n"


def test_every_missing_required_file_is_reported_in_load_order(rules_copy: Path) -> None:
    """Several missing required files are all listed, in load order, relative to the rule set."""
    for name in ("scoring.yaml", "questions.yaml"):
        (rules_copy / name).unlink()
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert caught.value.message == (
        f"the rule set in {rules_copy.resolve()} has 2 problems:\n"
        "  questions.yaml: file is missing\n"
        "  scoring.yaml: file is missing"
    )


def test_every_problem_is_reported_at_once(rules_copy: Path, runner: CliRunner, answers_file: Path) -> None:
    """Two independent breakages in two files are both reported, in file order, by one run."""
    first = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    second = edit(rules_copy, "rules/practicalities.yaml", "{max_years: {lt: 2}}", "{max_years: {lt: two}}")
    expected = [
        f"rules/clinical.yaml:{first}: mmed-specialisation: unknown degree 'MMEd'; did you mean 'MMed'?",
        f"rules/practicalities.yaml:{second}: mmed-too-short: 'max_years': 'two' is not a whole number",
    ]
    assert problems_of(rules_copy) == expected
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 2) + "".join(f"  {p}\n" for p in expected)


def test_a_syntax_error_in_one_rule_file_does_not_hide_problems_in_another(
    rules_copy: Path, runner: CliRunner, answers_file: Path
) -> None:
    """A YAML syntax error in rules/practicalities.yaml and an unknown degree in rules/clinical.yaml
    are both reported, in load order (clinical before practicalities), though the error is found later."""
    unknown = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    syntax = edit(
        rules_copy, "rules/practicalities.yaml", "    effects: {MMed: -4}\n", "    effects: MMed: -4\n"
    )
    expected = [
        f"rules/clinical.yaml:{unknown}: mmed-specialisation: unknown degree 'MMEd'; did you mean 'MMed'?",
        f"rules/practicalities.yaml:{syntax}: YAML syntax: mapping values are not allowed here",
    ]
    assert problems_of(rules_copy) == expected
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 2) + "".join(f"  {p}\n" for p in expected)


def test_cross_references_are_skipped_while_a_core_file_is_broken(rules_copy: Path) -> None:
    """With degrees.yaml unreadable, rule files cannot be checked against it: only its error is reported."""
    syntax = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA: x\n")
    edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    assert problems_of(rules_copy) == [
        f"degrees.yaml:{syntax}: YAML syntax: mapping values are not allowed here"
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
        "rules/: no rules: a rule set needs rule files (rules/*.yaml); without them every degree scores 50"
    ]


def test_a_question_named_like_an_answers_file_key_is_refused(rules_copy: Path) -> None:
    """A question may not be called `id` or `schema_version`: a cohort row's id and an answers file's
    version already use those keys, so answers to it could never be given."""
    line = edit(rules_copy, "questions.yaml", "  - id: wants_research\n", "  - id: id\n")
    reserved = "'id' is reserved (answers files and cohorts use it); name the question otherwise"
    assert f"questions.yaml:{line}: id: {reserved}" in problems_of(rules_copy)


def test_a_rule_set_with_one_degree_is_refused(rules_copy: Path) -> None:
    """A rule set compares degrees: with only one, there is no second to rank it against (ask and
    batch crashed on it), so loading it says so at the degrees list."""
    path = rules_copy / "degrees.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n  - code: MHA")] + "\n", encoding="utf-8")
    line = text[: text.index("  - code: MMM")].count("\n") + 1  # the list, at its one degree
    assert f"degrees.yaml:{line}: a rule set compares degrees: list at least two" in problems_of(rules_copy)


def test_every_syntax_error_is_reported_at_once(rules_copy: Path) -> None:
    """YAML syntax errors in two files are both reported."""
    first = edit(rules_copy, "degrees.yaml", "  - code: MHA\n", "  - code: MHA: x\n")
    second = edit(
        rules_copy, "rules/practicalities.yaml", "    effects: {MMed: -4}\n", "    effects: MMed: -4\n"
    )
    assert problems_of(rules_copy) == [
        f"degrees.yaml:{first}: YAML syntax: mapping values are not allowed here",
        f"rules/practicalities.yaml:{second}: YAML syntax: mapping values are not allowed here",
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
    line = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert caught.value.problems == (
        Problem(
            "rules/clinical.yaml", line, "mmed-specialisation", "unknown degree 'MMEd'; did you mean 'MMed'?"
        ),
    )
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system", "!!python/object/new:os.system"],
)
def test_yaml_python_tags_are_rejected_and_never_run(
    rules_copy: Path, runner: CliRunner, answers_file: Path, tmp_path: Path, tag: str
) -> None:
    """A rule file with a python/object tag exits 2 (safe loader) and the command in it never runs."""
    marker = tmp_path / "ran"
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: 4}",
        f'effects: {{MMed: {tag} ["touch {marker}"]}}',
    )
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + (
        f"  rules/clinical.yaml:{line}: YAML syntax: could not determine a constructor for the tag "
        f"'tag:yaml.org,2002:{tag[2:].split(':')[0]}:os.system'\n"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        (
            "rules/clinical.yaml",
            "effects: {MMed: 4}",
            "effects: {MMed: .nan}",
            "mmed-specialisation: effects.MMed: Input should be a finite number",
        ),
        (
            "rules/clinical.yaml",
            "effects: {MMed: 4}",
            "effects: {MMed: -.inf}",
            "mmed-specialisation: effects.MMed: Input should be a finite number",
        ),
        ("scoring.yaml", "spread: 6", "spread: .nan", "spread: Input should be a finite number"),
        ("scoring.yaml", "spread: 6", "spread: .inf", "spread: Input should be a finite number"),
    ],
    ids=["nan-effect", "infinite-effect", "nan-spread", "infinite-spread"],
)
def test_non_finite_numbers_in_a_rule_set_are_rejected(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """An effect or a spread that is not a finite number is a problem of the rule set, at its line."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]


# --- the cache ---------------------------------------------------------------


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of this test's own."""
    directory = tmp_path / "cache"
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(directory))
    return directory


def _count_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the path of every rule set that is validated (read from YAML) from now on."""
    calls: list[str] = []
    validate = rulefiles.read_rule_set

    def counting(files: dict[str, bytes], *, path: str, sha256: str, builtin: bool) -> RuleSet:
        calls.append(path)
        return validate(files, path=path, sha256=sha256, builtin=builtin)

    monkeypatch.setattr(rulefiles, "read_rule_set", counting)
    return calls


def test_second_load_comes_from_the_cache_and_is_equal(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first load validates and writes the cache; the second reads it back into an equal RuleSet."""
    validations = _count_validations(monkeypatch)
    first = load_ruleset(rules_copy)
    assert len(list(cache_dir.iterdir())) == 1
    second = load_ruleset(rules_copy)
    assert second == first
    assert validations == [str(rules_copy.resolve())]


CACHED_LOAD = """\
import hashlib, json, sys
from degreefit.ruleset import load_ruleset
ruleset = load_ruleset()
print(json.dumps({
    "yaml": "yaml" in sys.modules,
    "pydantic": "pydantic" in sys.modules,
    "ruleset": hashlib.sha256(repr(ruleset).encode()).hexdigest(),
}))
"""


def test_cached_load_imports_neither_yaml_nor_pydantic(cache_dir: Path) -> None:
    """In a second process the built-in rule set comes from the cache: equal, and without yaml or pydantic."""
    env = {**os.environ, "DEGREEFIT_CACHE_DIR": str(cache_dir)}

    def run() -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", CACHED_LOAD],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        result: dict[str, object] = json.loads(done.stdout)
        return result

    first, second = run(), run()
    assert (first["yaml"], first["pydantic"]) == (True, True)
    assert (second["yaml"], second["pydantic"]) == (False, False)
    assert second["ruleset"] == first["ruleset"]


def test_editing_a_rule_file_invalidates_the_cache(rules_copy: Path, cache_dir: Path) -> None:
    """After a rule file changes, the next load sees the new content, not the cached rule set."""
    assert load_ruleset(rules_copy).rules[0].effects == {"MMed": 4}
    edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMed: 7}")
    assert load_ruleset(rules_copy).rules[0].effects == {"MMed": 7}
    edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 7}", "effects: {MMed: 7, MBA: -1}")
    assert load_ruleset(rules_copy).rules[0].effects == {"MMed": 7, "MBA": -1}


def test_adding_a_rule_file_invalidates_the_cache(rules_copy: Path, cache_dir: Path) -> None:
    """A new file in rules/rules is seen by the next load."""
    before = load_ruleset(rules_copy)
    clinical = (rules_copy / "rules" / "clinical.yaml").read_text(encoding="utf-8")
    (rules_copy / "rules" / "more.yaml").write_text(
        clinical.replace("  - id: mmed-", "  - id: more-mmed-"), encoding="utf-8"
    )
    after = load_ruleset(rules_copy)
    assert len(after.rules) == len(before.rules) + clinical.count("  - id: mmed-")
    assert any(r.id.startswith("more-mmed-") for r in after.rules)


def test_a_rule_set_that_became_invalid_is_not_served_from_the_cache(
    rules_copy: Path, cache_dir: Path
) -> None:
    """A rule set that loaded once and was then broken reports its problem instead of the cached copy."""
    load_ruleset(rules_copy)
    line = edit(rules_copy, "rules/clinical.yaml", "effects: {MMed: 4}", "effects: {MMEd: 4}")
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-specialisation: unknown degree 'MMEd'; did you mean 'MMed'?"
    ]


@pytest.mark.parametrize(
    "garbage",
    [
        b"\x00\xff\xfe not json \x80",
        b"",
        b"{}",
        b"[1, 2]",
        b'{"key": 1}',
        b'{"@": "Nope"}',
        b'{"@": "RuleSet"}',
    ],
    ids=["bytes", "empty", "empty-object", "list", "wrong-key", "unknown-class", "missing-fields"],
)
def test_a_corrupt_cache_file_is_ignored(
    rules_copy: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes
) -> None:
    """A cache entry holding garbage is a miss: the rule set is validated again and loads equal."""
    first = load_ruleset(rules_copy)
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(garbage)
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == first
    assert validations == [str(rules_copy.resolve())]


def test_a_truncated_cache_file_is_ignored(rules_copy: Path, cache_dir: Path) -> None:
    """A cache entry cut short (a crash mid-write on another system) is a miss."""
    first = load_ruleset(rules_copy)
    (entry,) = cache_dir.iterdir()
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    assert load_ruleset(rules_copy) == first


def test_a_cache_dir_that_is_a_file_is_skipped(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner, answers_file: Path
) -> None:
    """DEGREEFIT_CACHE_DIR naming a file (so nothing can be cached) still loads and runs normally."""
    not_a_dir = tmp_path / "a-file"
    not_a_dir.write_bytes(b"not a directory")
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", str(not_a_dir))
    assert load_ruleset(rules_copy) == load_ruleset(rules_copy)
    assert not_a_dir.read_bytes() == b"not a directory"
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stderr) == (0, "")
    assert stdout


def test_empty_cache_dir_turns_caching_off(
    rules_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DEGREEFIT_CACHE_DIR="" validates on every load and writes no cache anywhere."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("DEGREEFIT_CACHE_DIR", "")
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == load_ruleset(rules_copy)
    assert validations == [str(rules_copy.resolve())] * 2
    assert list(home.iterdir()) == []


def test_question_when_naming_no_question_at_all_says_unknown(rules_copy: Path) -> None:
    """A question's `when` naming a question that does not exist says so, not that it comes later."""
    line = edit(
        rules_copy,
        "questions.yaml",
        "    when: {goals: {contains_any: [specialize_clinically]}}\n",
        "    when: {nosuch: {is: 1}}\n",
    )
    assert problems_of(rules_copy) == [
        f"questions.yaml:{line}: specialty: condition names unknown question 'nosuch'"
    ]
