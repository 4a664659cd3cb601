"""Broken rule sets are reported as `file:line: rule-id: message`, and the rule-set cache is safe."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.errors import Problem, RulesError
from degreefit.models import RuleSet
from degreefit.ruleset import validate as rulefiles
from degreefit.ruleset.load import load_ruleset

if TYPE_CHECKING:  # mypy sees tests/*.py as top-level modules; pytest imports them as tests.*
    from conftest import PERSONAS
else:
    from tests.conftest import PERSONAS


# Anchors for `edit(..., after=...)`: the first rule of rules/clinical.yaml (and its claim in
# claims.yaml), `effects: {MMed: for}`; and a rule of rules/practicalities.yaml, `effects: {MMed: against}`.
FIRST_RULE = "  - id: mmed-for-specialising\n"
TOO_LONG = "  - id: mmed-too-long\n"
# Edits (name, old, new) for `edit(..., after=...)`: a misspelt degree in the first rule (after
# FIRST_RULE), and a YAML syntax error in the effects of mmed-too-long (after TOO_LONG).
MISSPELT_DEGREE = ("rules/clinical.yaml", "effects: {MMed: for}", "effects: {MMEd: for}")
UNKNOWN_DEGREE = "mmed-for-specialising: unknown degree 'MMEd'; did you mean 'MMed'?"
BROKEN_EFFECTS = (
    "rules/practicalities.yaml",
    "    effects: {MMed: against}\n",
    "    effects: MMed: against\n",
)
# What a level of scoring.yaml off the scale is told (after "level 'NAME' has POINTS ").
OFF_THE_SCALE = "points; a level's points are a whole number from 1 to 10 (the other levels: "
# What a rule that types points into its effects is told (after "got ...; ").
POINTS_FROM_LEVELS = (
    "the points come from its claim's `level` in claims.yaml, on the scale of scoring.yaml: "
    "strong 3, moderate 2, weak 1"
)
BROKEN_EFFECTS_MESSAGE = (
    'text containing a colon must be in quotes, as in effects: "MMed: against"; a mapping written on one '
    "line goes in braces, as in effects: {MMed: against}"
)


def _offset(text: str, name: str, old: str, after: str) -> int:
    """Where `old` is in `text`: its one occurrence; or, with `after`, its first occurrence after
    the one occurrence of `after`, inside the same list item (before the next `  - `)."""
    if not after:
        assert text.count(old) == 1, f"{old!r} is not in {name} exactly once"
        return text.index(old)
    assert text.count(after) == 1, f"{after!r} is not in {name} exactly once"
    start = text.index(after) + len(after)
    at = text.find(old, start)
    assert at >= 0, f"{old!r} is not in {name} after {after!r}"
    assert "\n  - " not in text[start - 1 : at], f"{old!r} is not in the item {after!r} starts in {name}"
    return at


def line_in(rules: Path, name: str, text: str, *, after: str = "") -> int:
    """The line on which `text` starts in rules/`name` (found as `edit` finds `old`)."""
    content = (rules / name).read_text(encoding="utf-8")
    return content[: _offset(content, name, text, after)].count("\n") + 1


def edit(rules: Path, name: str, old: str, new: str, *, after: str = "") -> int:
    """Replace the one occurrence of `old` in rules/`name` by `new` (with `after`: the first `old`
    in the list item that `after` starts); return the line `old` started on."""
    path = rules / name
    text = path.read_text(encoding="utf-8")
    at = _offset(text, name, old, after)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text[:at].count("\n") + 1


def append(rules: Path, name: str, text: str) -> int:
    """Add `text` at the end of rules/`name` (created if need be); return the line it starts on."""
    path = rules / name
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    assert not before or before.endswith("\n")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def made_up_claim(claim_id: str, degrees: str = "[MMed]", extra: str = "", level: str = "moderate") -> str:
    """A claim to append to claims.yaml, made up for a test (citing a real section); `extra`
    adds lines of its own (`who:`, `unused:`)."""
    return (
        f"\n  - id: {claim_id}\n"
        "    source: mmed-guide\n"
        '    section: "How Master of Medicine Programs Work"\n'
        "    says: A claim made up for a test.\n"
        '    hedge: "made up"\n'
        f"    level: {level}\n"
        f"    degrees: {degrees}\n"
        f"{extra}"
    )


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
    return f"degreefit: error: the rule set in {rules} has {problems}:\n"


def listed(rules: Path, problem: object) -> str:
    """A problem as the CLI lists it under the heading: its file inside the rule set, as
    `rules check` names it."""
    return f"  {rules}/{problem}\n"


def ask(runner: CliRunner, rules: Path, answers: Path) -> tuple[int, str, str]:
    """Run `degreefit ask` with a rule set; return exit code, stdout and stderr."""
    result = runner.invoke(app, ["ask", "--rules", str(rules), "--answers", str(answers)])
    return result.exit_code, result.stdout, result.stderr


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


UNWELCOME = "  - id: mmed-research-unwelcome\n"  # a rule of rules/clinical.yaml with a one-line reason
INDENTED = "keys of one item, and the dashes of one list, start in the same column"


@pytest.mark.parametrize(
    ("name", "after", "old", "new", "below", "message"),
    [
        pytest.param(
            BROKEN_EFFECTS[0],
            TOO_LONG,
            *BROKEN_EFFECTS[1:],
            0,
            BROKEN_EFFECTS_MESSAGE,
            id="mapping-without-braces",
        ),
        pytest.param(
            "rules/clinical.yaml",
            UNWELCOME,
            "    reason: Most MMed",
            "    reason: Note: most MMed",
            0,
            'text containing a colon must be in quotes, as in reason: "Note: most MMed programs require a '
            'research project or thesis, which you said you would rather avoid."',
            id="colon-in-text",
        ),
        pytest.param(
            "rules/clinical.yaml",
            UNWELCOME,
            "    effects: {MMed: against}\n",
            "      effects: {MMed: against}\n",
            0,
            f"this line is indented differently from line <above>: {INDENTED}",
            id="indented-further",
        ),
        pytest.param(
            "rules/clinical.yaml",
            UNWELCOME,
            "    effects: {MMed: against}\n",
            "   effects: {MMed: against}\n",
            0,
            f"this line is indented differently from line <above>: {INDENTED}",
            id="indented-less",
        ),
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "        - goals: {contains_any: [specialize_clinically]}\n",
            "       - goals: {contains_any: [specialize_clinically]}\n",
            0,
            f"this line is indented differently from line <above>: {INDENTED}",
            id="list-item-indented-less",
        ),
        pytest.param(
            "questions.yaml",
            "",
            "    kind: multi\n",
            "    kind: multi\n\tmin: 1\n",
            1,
            "this line has a tab character; use spaces instead",
            id="tab",
        ),
        pytest.param(
            "claims.yaml",
            "",
            '    section: "Comparing Master of Medicine Providers"\n',
            '    section: "Comparing Master of Medicine Providers\n',
            0,
            "the quote that opens on this line is closed only on line <closed>; end the text on this line "
            "with the same quote",
            id="unclosed-quote",
        ),
        pytest.param(
            "rules/clinical.yaml",
            UNWELCOME,
            "    reason: Most MMed programs require a research project or thesis, which you said you would "
            "rather avoid.",
            "    reason: 'You'd rather avoid a thesis.'",
            0,
            "text follows the quote that closes it on this line: put all of the text in the quotes (inside "
            "single quotes, write an apostrophe twice: 'it''s')",
            id="apostrophe-in-single-quotes",
        ),
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "    effects: {MMed: for}\n",
            "    effects: {MMed: for\n    reason: unclosed\n",
            0,
            "the { on this line is never closed: end it with } (and separate its items with commas)",
            id="unclosed-brace",
        ),
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "[specialize_clinically]}",
            "[specialize_clinically}}",
            0,
            "the [ opened on this line is closed with }; close it with ]",
            id="bracket-closed-with-a-brace",
        ),
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "    claim: mmed-for-specialising\n",
            "    claim:mmed-for-specialising\n",
            0,
            "a key's colon must be followed by a space, as in `id: value`",
            id="no-space-after-a-colon",
        ),
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "    claim: mmed-for-specialising\n",
            "    claim mmed-for-specialising\n",
            0,
            "this line is neither `key: value` nor a list item (`- ...`): add the colon after its key, or, "
            "if it goes on with the text of the line above, indent it further than that line's key",
            id="no-colon",
        ),
    ],
)
def test_yaml_syntax_error_says_what_to_do_at_the_line_to_fix(
    rules_copy: Path,
    runner: CliRunner,
    answers_file: Path,
    name: str,
    after: str,
    old: str,
    new: str,
    below: int,
    message: str,
) -> None:
    """A YAML syntax error exits 2 and is reported in plain words at the file and line to fix (`below`
    the first line of `new`), saying what to do; an indentation names the line above to line it up
    with (<above>), an unclosed quote the line where the next quote closed it (<closed>)."""
    first = edit(rules_copy, name, old, new, after=after)
    line = first + below
    content = (rules_copy / name).read_text(encoding="utf-8").splitlines()
    above = next(n for n in range(line - 1, 0, -1) if content[n - 1].strip())
    closed = next(n for n in range(line + 1, len(content) + 1) if '"' in content[n - 1])
    message = message.replace("<above>", str(above)).replace("<closed>", str(closed))
    assert problems_of(rules_copy) == [f"{name}:{line}: {message}"]
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + listed(rules_copy, f"{name}:{line}: {message}")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param(
            'rules:\n  - id: zz-open\n    reason: "never closed\n',
            3,
            "the quote that opens on this line is never closed; end the text with the same quote",
            id="quote-open-at-the-end",
        ),
        pytest.param(
            "rules:\n  - id: zz-one\n---\nrules: []\n",
            3,
            "a rule file holds one document: remove the --- on this line",
            id="two-documents",
        ),
        pytest.param(
            "rules:\n  - id: @zz\n",
            2,
            "a value cannot start with @; put the value in quotes",
            id="reserved-character",
        ),
        pytest.param(
            "rules:\n  - id: zz\n    claim: - a\n",
            3,
            "a list item (- ) cannot follow a key on its line: start it on the next line, indented, or "
            "write the list in brackets, as in [a, b]",
            id="list-item-after-a-key",
        ),
        pytest.param(
            "rules:\n  - id: zz\n    when: {a: {is: b}}}\n",
            3,
            "this line has a '}' that closes nothing; remove it",
            id="one-brace-too-many",
        ),
    ],
)
def test_yaml_syntax_errors_of_a_new_rule_file_say_what_to_do(
    rules_copy: Path, text: str, line: int, message: str
) -> None:
    """A rule file of one's own with a syntax error is reported at its line, in plain words."""
    append(rules_copy, "rules/zz.yaml", text)
    assert problems_of(rules_copy) == [f"rules/zz.yaml:{line}: {message}"]


def test_a_rule_file_that_is_not_utf8_names_the_line(rules_copy: Path) -> None:
    """A rule file saved in another encoding (an é in Latin-1) is reported at the line of the first
    character that is not UTF-8, saying to save it as UTF-8."""
    (rules_copy / "rules" / "zz.yaml").write_bytes(b"rules:\n  - id: zz\n    reason: caf\xe9\n")
    assert problems_of(rules_copy) == [
        "rules/zz.yaml:3: this line has a character that is not UTF-8: save the file as UTF-8 text"
    ]


def test_unknown_key_in_a_rule_names_the_key_the_rule_and_the_line(rules_copy: Path) -> None:
    """A key a rule does not have (a typo, a made-up field) is an error naming it, the rule and its line."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: for}\n",
        "    effects: {MMed: for}\n    weight: 3\n",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: mmed-for-specialising: unknown key 'weight'"
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
        rules_copy, "rules/clinical.yaml", "{wants_research: {is: false}}", "{wants_reserch: {is: false}}"
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-research-unwelcome: condition names unknown question "
        "'wants_reserch'; did you mean 'wants_research'?"
    ]


def test_misspelt_operators_keys_and_numbers_say_what_was_meant(rules_copy: Path) -> None:
    """An advisor editing rules sees, for a misspelt operator or key, the one it most likely meant,
    and for an effect that is neither `for` nor `against`, what an effect takes (in plain words, with
    the value)."""
    operator = edit(
        rules_copy,
        "rules/leadership.yaml",
        "        - goals: {contains_any: [support_clinical_teams]}\n",
        "        - goals: {contians_any: [support_clinical_teams]}\n",
        after="  - id: mmm-frontline-leaders\n",
    )
    key = edit(rules_copy, "rules/practicalities.yaml", "    claim: ", "    cliam: ", after=TOO_LONG)
    word = edit(
        rules_copy, "rules/clinical.yaml", "effects: {MMed: for}", "effects: {MMed: four}", after=FIRST_RULE
    )
    found = problems_of(rules_copy)
    assert (
        f"rules/clinical.yaml:{word}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got 'four'); {POINTS_FROM_LEVELS}" in found
    )
    assert any(
        p.startswith(f"rules/leadership.yaml:{operator}: mmm-frontline-leaders:")
        and "unknown operator 'contians_any' (did you mean 'contains_any'?)" in p
        for p in found
    ), found
    assert (
        f"rules/practicalities.yaml:{key}: mmed-too-long: unknown key 'cliam'; did you mean 'claim'?" in found
    )


def test_condition_with_a_value_that_is_no_choice_is_reported(rules_copy: Path) -> None:
    """A rule testing a single-choice question against a value like none it offers names the question
    and questions.yaml, and lists the choices."""
    line = edit(
        rules_copy,
        "rules/practicalities.yaml",
        "{study_format: {is: online_part_time}}",
        "{study_format: {is: remote}}",
    )
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-supervised-practice: 'remote' is not a choice of question "
        "'study_format' (questions.yaml); its choices are online_part_time, full_time, either"
    ]


def test_a_misspelt_choice_says_which_choice_was_meant(rules_copy: Path) -> None:
    """A goal misspelt in a rule's condition is refused at its line, naming the question, the file that
    holds its choices, and the choice it most likely meant."""
    line = edit(
        rules_copy,
        "rules/leadership.yaml",
        "[support_clinical_teams]",
        "[support_clinical_team]",
        after="  - id: mmm-frontline-leaders\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/leadership.yaml:{line}: mmm-frontline-leaders: 'support_clinical_team' is not a choice of "
        "question 'goals' (questions.yaml); did you mean 'support_clinical_teams'?"
    ]


# A rule with a multi-line condition, its tests inside `all`, `any` and `not`, each on a line of its own.
NESTED_WHEN = """\
rules:
  - id: zz-nested
    claim: zz-nested
    when:
      all:
        - clinical_status: {in: [practicing_physician, physician_in_training]}
        - any:
            - career_stage: {is: mid}
            - not:
                max_years: {lt: 2}
        - goals:
            contains_any:
              - research_academic
              - specialize_clinically
    effects: {MMed: for}
"""


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        pytest.param(
            "practicing_physician, physician_in_training",
            "practicing_physician, physician_in_trainng",
            "        - clinical_status: ",
            "'physician_in_trainng' is not a choice of question 'clinical_status' (questions.yaml); "
            "did you mean 'physician_in_training'?",
            id="first-of-all",
        ),
        pytest.param(
            "career_stage: {is: mid}",
            "career_stage: {is: middle}",
            "            - career_stage: ",
            "'middle' is not a choice of question 'career_stage' (questions.yaml); did you mean 'mid'?",
            id="inside-any",
        ),
        pytest.param(
            "career_stage: {is: mid}",
            "career_stage: {lt: 3}",
            "            - career_stage: ",
            "'lt' does not apply to single question 'career_stage'; use in, is, not_in",
            id="operator-inside-any",
        ),
        pytest.param(
            "max_years: {lt: 2}",
            "max_yaers: {lt: 2}",
            "                max_yaers: ",
            "condition names unknown question 'max_yaers'; did you mean 'max_years'?",
            id="inside-not",
        ),
        pytest.param(
            "max_years: {lt: 2}",
            "max_years: {lt: two}",
            "                max_years: ",
            "'max_years': 'two' is not a whole number",
            id="value-inside-not",
        ),
        pytest.param(
            "              - specialize_clinically\n",
            "              - specialise_clinically\n",
            "              - research_academic\n",
            "'specialise_clinically' is not a choice of question 'goals' (questions.yaml); "
            "did you mean 'specialize_clinically'?",
            id="block-list-of-values",
        ),
    ],
)
def test_a_faulty_test_inside_all_any_or_not_is_reported_at_its_own_line(
    rules_copy: Path, old: str, new: str, at: str, message: str
) -> None:
    """In a condition written over several lines, a faulty test is reported on the line where it is
    (`at`), not on the line of the `all:` (or `any:`, `not:`) around it; a faulty value of a list
    written one value a line, on the line where the list starts."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-nested"))
    append(rules_copy, "rules/zz.yaml", NESTED_WHEN)
    assert "zz-nested" in {rule.id for rule in load_ruleset(rules_copy).rules}
    edit(rules_copy, "rules/zz.yaml", old, new)
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [f"rules/zz.yaml:{line}: zz-nested: {message}"]


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
    line = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    assert problems_of(rules_copy) == [f"rules/clinical.yaml:{line}: {UNKNOWN_DEGREE}"]


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


# The sections of the MMed guide, as an unknown section's message lists them.
MMED_SECTIONS = (
    "Cite one of its sections in sources.yaml: '(introduction)', 'What is a Master of Medicine Degree?', "
    "'How Master of Medicine Programs Work', 'Comparing Master of Medicine Providers', "
    "'Benefits and Limitations of MMed Qualifications', 'Investment and Return Considerations', "
    "'Conclusion' (`degreefit sources` lists every source's sections)"
)


def test_cite_of_an_unknown_section_suggests_the_closest(rules_copy: Path) -> None:
    """A claim citing a section heading its source does not have is an error at the claim's `section`
    that suggests the heading meant and lists the source's sections (a rule's cite is its claim's)."""
    line = edit(
        rules_copy,
        "claims.yaml",
        '    section: "Comparing Master of Medicine Providers"\n',
        '    section: "Comparing Master of Medicine Provider"\n',
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-compared-programs: source 'mmed-guide' has no section "
        "'Comparing Master of Medicine Provider'; did you mean 'Comparing Master of Medicine Providers'? "
        + MMED_SECTIONS
    ]


def test_cite_of_a_section_like_none_lists_the_sections_of_its_source(rules_copy: Path) -> None:
    """A section heading like none of its source's is an error that lists the source's headings and names
    the command that shows them."""
    line = edit(
        rules_copy,
        "claims.yaml",
        '    section: "Comparing Master of Medicine Providers"\n',
        '    section: "Rankings"\n',
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-compared-programs: source 'mmed-guide' has no section 'Rankings'. "
        + MMED_SECTIONS
    ]


DIFFERENCE = "What’s the Difference Between a MMM and a MHA?"
STRAIGHT_DIFFERENCE = "What's the Difference Between a MMM and a MHA?"


def test_a_cite_typed_with_straight_quotes_matches_the_sources_typographic_ones(
    rules_copy: Path, runner: CliRunner, answers_file: Path, ruleset: RuleSet
) -> None:
    """A claim, a degree and a profile fact that cite a heading with ' where the source prints ’ (as a
    keyboard types it) cite that section: the rule set loads as the built-in one does, with the heading
    as the source spells it, and the report reads as it did, with the source's ’."""
    before = ask(runner, rules_copy, answers_file)
    assert "section “What’s the" in before[1]
    after_claim = "  - id: mmm-clinician-to-leader\n"
    edit(rules_copy, "claims.yaml", f'"{DIFFERENCE}"', f'"{STRAIGHT_DIFFERENCE}"', after=after_claim)
    degrees = rules_copy / "degrees.yaml"
    text = degrees.read_text(encoding="utf-8")
    assert text.count(DIFFERENCE) == 5
    degrees.write_text(text.replace(DIFFERENCE, STRAIGHT_DIFFERENCE), encoding="utf-8")
    copy = load_ruleset(rules_copy)
    assert (copy.claims, copy.degrees, copy.rules) == (ruleset.claims, ruleset.degrees, ruleset.rules)
    assert copy.claim("mmm-clinician-to-leader").section == DIFFERENCE
    assert ask(runner, rules_copy, answers_file) == before


def test_a_cite_typed_with_typographic_quotes_matches_a_sources_straight_ones(rules_copy: Path) -> None:
    """The other way round: a source whose heading has ' is cited by headings typed with ’; every cite
    of it loads with the source's own spelling, and the section counts as cited."""
    edit(rules_copy, "sources.yaml", f'"{DIFFERENCE}"', f'"{STRAIGHT_DIFFERENCE}"')
    copy = load_ruleset(rules_copy)
    claims = [
        claim.id for claim in copy.claims if claim.source == "usnews-mmm" and "Difference" in claim.section
    ]
    assert len(claims) == 4
    assert {copy.claim(claim_id).section for claim_id in claims} == {STRAIGHT_DIFFERENCE}
    assert copy.degree("MHA").cite.section == STRAIGHT_DIFFERENCE
    assert [fact.cite.section for fact in copy.degree("MHA").profile.who_for] == [STRAIGHT_DIFFERENCE]
    assert DIFFERENCE not in repr(copy)


def test_two_headings_of_one_source_that_differ_only_in_quotes_are_refused(rules_copy: Path) -> None:
    """A source may not have two headings that differ only in straight and typographic quotes: a cite
    could not tell them apart."""
    line = edit(
        rules_copy,
        "sources.yaml",
        f'      - heading: "{DIFFERENCE}"\n',
        f'      - heading: "{DIFFERENCE}"\n      - heading: "{STRAIGHT_DIFFERENCE}"\n',
    )
    assert problems_of(rules_copy) == [
        f"sources.yaml:{line + 1}: usnews-mmm: section heading '{STRAIGHT_DIFFERENCE}' is used twice"
    ]


def test_claim_of_an_unknown_source_suggests_the_closest(rules_copy: Path) -> None:
    """A claim naming a source that does not exist is an error at its `source`, suggesting the id meant."""
    line = edit(
        rules_copy, "claims.yaml", "    source: mmed-guide\n", "    source: mmed_guide\n", after=FIRST_RULE
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: unknown source 'mmed_guide'; did you mean 'mmed-guide'?"
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
    line = edit(rules_copy, "rules/practicalities.yaml", TOO_LONG, FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-for-specialising: rule id 'mmed-for-specialising' is also "
        "used in rules/clinical.yaml"
    ]


def test_yaml_key_written_twice_is_reported_at_the_second(rules_copy: Path) -> None:
    """A key written twice in one mapping is an error, not a silent overwrite."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "    effects: {MMed: for}\n",
        "    effects: {MMed: for}\n    effects: {MMed: against}\n",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line + 1}: key 'effects' is written twice; keep one of them"
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
    assert stderr == heading(rules_copy, 1) + listed(rules_copy, "scoring.yaml: file is missing")


def test_every_missing_required_file_is_reported_in_load_order(rules_copy: Path) -> None:
    """Several missing required files are all listed, in load order, relative to the rule set."""
    for name in ("scoring.yaml", "questions.yaml"):
        (rules_copy / name).unlink()
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert caught.value.message == (
        f"the rule set in {rules_copy.resolve()} has 2 problems:\n"
        f"  {rules_copy}/questions.yaml: file is missing\n"
        f"  {rules_copy}/scoring.yaml: file is missing"
    )


def test_every_problem_is_reported_at_once(rules_copy: Path, runner: CliRunner, answers_file: Path) -> None:
    """Two independent breakages in two files are both reported, in file order, by one run."""
    first = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    second = edit(rules_copy, "rules/practicalities.yaml", "{max_years: {lt: 2}}", "{max_years: {lt: two}}")
    expected = [
        f"rules/clinical.yaml:{first}: {UNKNOWN_DEGREE}",
        f"rules/practicalities.yaml:{second}: mmed-too-long: 'max_years': 'two' is not a whole number",
    ]
    assert problems_of(rules_copy) == expected
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 2) + "".join(listed(rules_copy, p) for p in expected)


def test_a_syntax_error_in_one_rule_file_does_not_hide_problems_in_another(
    rules_copy: Path, runner: CliRunner, answers_file: Path
) -> None:
    """A YAML syntax error in rules/practicalities.yaml and an unknown degree in rules/clinical.yaml
    are both reported, in load order (clinical before practicalities), though the error is found later."""
    unknown = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    syntax = edit(rules_copy, *BROKEN_EFFECTS, after=TOO_LONG)
    expected = [
        f"rules/clinical.yaml:{unknown}: {UNKNOWN_DEGREE}",
        f"rules/practicalities.yaml:{syntax}: {BROKEN_EFFECTS_MESSAGE}",
    ]
    assert problems_of(rules_copy) == expected
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 2) + "".join(listed(rules_copy, p) for p in expected)


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
        "rules/: no rules: a rule set needs rule files (rules/*.yaml); without them every degree scores 50"
    ]


def test_a_question_named_like_an_answers_file_key_is_refused(rules_copy: Path) -> None:
    """A question may not be called `id` or `schema_version`: a cohort row's id and an answers file's
    version already use those keys, so answers to it could never be given."""
    line = edit(rules_copy, "questions.yaml", "  - id: wants_research\n", "  - id: id\n")
    reserved = "'id' is reserved (answers files and cohorts use it); name the question otherwise"
    assert f"questions.yaml:{line}: id: {reserved}" in problems_of(rules_copy)


@pytest.mark.parametrize(
    ("question_id", "why"),
    [
        (
            "_extra",
            "starts with an underscore, which the answers contract (`degreefit schema`) cannot take as a key",
        ),
        ("model_config", "is reserved (the answers contract of `degreefit schema` uses the name itself)"),
        ("json", "is reserved (the answers contract of `degreefit schema` uses the name itself)"),
    ],
)
def test_a_question_id_the_answers_contract_cannot_take_is_refused(
    rules_copy: Path, runner: CliRunner, question_id: str, why: str
) -> None:
    """A question called `_extra`, `model_config` or `json` is refused at its line by `rules check` and
    `schema --rules` (exit 2), instead of a traceback, a schema that requires a property it leaves out,
    or a warning."""
    line = edit(rules_copy, "questions.yaml", "  - id: wants_research\n", f"  - id: {question_id}\n")
    for word in ("wants_research:", "{wants_research:"):  # the rules that read it follow the new id
        for file in (rules_copy / "rules").iterdir():
            file.write_text(
                file.read_text(encoding="utf-8").replace(word, word.replace("wants_research", question_id))
            )
    said = f"{rules_copy}/questions.yaml:{line}: {question_id}: '{question_id}' {why}"
    said += "; name the question otherwise"
    checked = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert (checked.exit_code, checked.stdout.splitlines()) == (2, [said])
    schema = runner.invoke(app, ["schema", "--rules", str(rules_copy)])
    assert (schema.exit_code, schema.stdout, schema.stderr) == (2, "", heading(rules_copy, 1) + f"  {said}\n")


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
        "effects: {MMed: for}",
        f'effects: {{MMed: {tag} ["touch {marker}"]}}',
        after=FIRST_RULE,
    )
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + (
        f"  {rules_copy}/rules/clinical.yaml:{line}: a value cannot start with ! (YAML reads it as the tag "
        f"'tag:yaml.org,2002:{tag[2:].split(':')[0]}:os.system', which rule files do not use); put the "
        "value in quotes\n"
    )
    assert not marker.exists()


FINITE = "Input should be a finite number"


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("scoring.yaml", "spread: 6", "spread: .nan", f"spread: {FINITE}"),
        ("scoring.yaml", "spread: 6", "spread: .inf", f"spread: {FINITE}"),
        (
            "scoring.yaml",
            "{name: strong, points: 3}",
            "{name: strong, points: .nan}",
            f"level 'strong' has .nan {OFF_THE_SCALE}moderate 2, weak 1)",
        ),
        (
            "scoring.yaml",
            "{name: weak, points: 1}",
            "{name: weak, points: -.inf}",
            f"level 'weak' has -.inf {OFF_THE_SCALE}strong 3, moderate 2)",
        ),
    ],
    ids=["nan-spread", "infinite-spread", "nan-level", "infinite-level"],
)
def test_non_finite_numbers_in_a_rule_set_are_rejected(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """A spread or a level's points that is not a finite number is a problem of the rule set, at its line."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]


@pytest.mark.parametrize(
    ("weight", "shown"),
    [
        pytest.param("4", "4", id="points"),
        pytest.param("-4", "-4", id="negative-points"),
        pytest.param(".nan", "nan", id="nan"),
        pytest.param("-.inf", "-inf", id="infinite"),
        pytest.param("four", "'four'", id="word"),
        pytest.param("For", "'For'", id="capitalised"),
        pytest.param("yes", "True", id="boolean"),
    ],
)
def test_a_weight_typed_into_a_rule_is_refused(rules_copy: Path, weight: str, shown: str) -> None:
    """Points are never typed into a rule: an effect that is not `for` or `against` (a number, even
    a non-finite one, or any other word) is refused at its line, saying that the points come from the
    claim's level, and naming the levels of scoring.yaml with their points."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        f"effects: {{MMed: {weight}}}",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-for-specialising: effects.MMed: a rule says only `for` or "
        f"`against` (got {shown}); {POINTS_FROM_LEVELS}"
    ]


# --- claims: what a rule may do with the claim it rests on -------------------------


def test_claims_yaml_is_required(rules_copy: Path) -> None:
    """A rule set without claims.yaml is refused naming the missing file: rules have nothing to rest on."""
    (rules_copy / "claims.yaml").unlink()
    assert problems_of(rules_copy) == ["claims.yaml: file is missing"]


def test_a_rules_points_cite_and_reason_come_from_its_claim(ruleset: RuleSet) -> None:
    """No rule types its points: each degree a rule moves gets its claim's level in points (signed for
    or against), the rule cites its claim's section, and without a reason of its own it reads as its
    claim says."""
    claims = {claim.id: claim for claim in ruleset.claims}
    levels = {level.name: level.points for level in ruleset.scoring.levels}
    signs: set[bool] = set()
    for rule in ruleset.rules:
        claim = claims[rule.claim]
        assert rule.effects, rule.id
        assert {abs(points) for points in rule.effects.values()} == {levels[claim.level]}, rule.id
        assert set(rule.effects) <= set(claim.degrees), rule.id
        assert rule.cite == claim.cite, rule.id
        signs |= {points > 0 for points in rule.effects.values()}
    assert signs == {True, False}  # the built-in rules count claims both for and against
    worded_by_claim = [rule for rule in ruleset.rules if rule.reason == claims[rule.claim].says]
    assert worded_by_claim, "some rules give no reason of their own"
    assert ruleset.gates
    for gate in ruleset.gates:
        assert gate.cite == claims[gate.claim].cite, gate.id


@pytest.mark.parametrize(
    ("name", "after", "old", "new", "item", "meant"),
    [
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "    claim: mmed-for-specialising\n",
            "    claim: mmed-for-specialisng\n",
            "mmed-for-specialising",
            "mmed-for-specialising",
            id="rule",
        ),
        pytest.param(
            "rules/eligibility.yaml",
            "  - id: mmed-needs-medical-degree\n",
            "    claim: mmed-admission\n",
            "    claim: mmed-admissions\n",
            "mmed-needs-medical-degree",
            "mmed-admission",
            id="gate",
        ),
        pytest.param(
            "rules/clinical.yaml",
            "  - id: mmed-disciplines-are-examples\n",
            "    claim: mmed-disciplines-are-examples\n",
            "    claim: mmed-disciplines\n",
            "mmed-disciplines-are-examples",
            "mmed-disciplines-are-examples",
            id="note",
        ),
    ],
)
def test_an_unknown_claim_suggests_the_closest(
    rules_copy: Path, name: str, after: str, old: str, new: str, item: str, meant: str
) -> None:
    """A rule, gate or note resting on a claim claims.yaml does not have is refused at its `claim`,
    suggesting the claim meant."""
    line = edit(rules_copy, name, old, new, after=after)
    wrong = new.split(": ")[1].strip()
    assert problems_of(rules_copy) == [
        f"{name}:{line}: {item}: unknown claim '{wrong}'; did you mean '{meant}'? (claims.yaml)"
    ]


def test_a_claim_level_not_on_the_scale_names_the_scale(rules_copy: Path) -> None:
    """A claim whose level is not a level of scoring.yaml is refused at its `level`, with the level it
    most likely meant, listing the scale with each level's points."""
    line = edit(rules_copy, "claims.yaml", "    level: strong\n", "    level: strongest\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: 'strongest' is not a level of scoring.yaml; did you "
        "mean 'strong'? Use one of its levels: strong 3, moderate 2, weak 1"
    ]
    edit(rules_copy, "claims.yaml", "    level: strongest\n", "    level: high\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: 'high' is not a level of scoring.yaml. Use one of its "
        "levels: strong 3, moderate 2, weak 1"
    ]


def test_a_claim_naming_an_unknown_degree_lists_the_degrees(rules_copy: Path) -> None:
    """A claim speaking of a degree degrees.yaml does not have is refused at its `degrees`."""
    line = edit(rules_copy, "claims.yaml", "    degrees: [MMed]\n", "    degrees: [MMEd]\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: unknown degree 'MMEd'; "
        "the degrees are MMM, MHA, MBA, MMed"
    ]


def test_a_claims_who_is_checked_like_a_rules_when(rules_copy: Path) -> None:
    """A claim's `who` naming a value its question does not offer is refused at the `who`, with the
    choice it most likely meant."""
    who = "    who: {clinical_status: {in: [practising_physician, physician_in_training]}}\n"
    append(rules_copy, "claims.yaml", made_up_claim("zz-physicians", extra=who))
    line = line_in(rules_copy, "claims.yaml", who)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: zz-physicians: 'practising_physician' is not a choice of question "
        "'clinical_status' (questions.yaml); did you mean 'practicing_physician'?"
    ]


def test_a_claim_id_used_twice_is_reported_at_the_second(rules_copy: Path) -> None:
    """Two claims with one id are refused at the second. (Accepted, the rule mmed-for-specialising would
    silently take the second claim's level, cite and wording.)"""
    line = append(rules_copy, "claims.yaml", made_up_claim("mmed-for-specialising")) + 1
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: claim id 'mmed-for-specialising' is used twice"
    ]


@pytest.mark.parametrize(
    ("name", "after", "old", "new", "item", "message"),
    [
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "effects: {MMed: for}",
            "effects: {MBA: for}",
            "mmed-for-specialising",
            "moves MBA, but its claim 'mmed-for-specialising' speaks of MMed; "
            "a rule may move only the degrees its claim names",
            id="rule",
        ),
        pytest.param(
            "rules/eligibility.yaml",
            "  - id: mmm-admits-only-physicians\n",
            "    degree: MMM\n",
            "    degree: MHA\n",
            "mmm-admits-only-physicians",
            "closes MHA, but its claim 'mmm-admits-only-physicians' speaks of MMM; "
            "a gate may close only the degrees its claim names",
            id="gate",
        ),
    ],
)
def test_a_rule_may_move_only_the_degrees_its_claim_names(
    rules_copy: Path, name: str, after: str, old: str, new: str, item: str, message: str
) -> None:
    """A rule moving (or a gate closing) a degree its claim does not speak of is refused at its
    `effects` (`degree`), naming the degrees the claim speaks of."""
    line = edit(rules_copy, name, old, new, after=after)
    assert problems_of(rules_copy) == [f"{name}:{line}: {item}: {message}"]


# A rule on a made-up claim that compares the MBA and the MMM; `reason:` and what follows it vary.
COMPARING_RULE = """\
rules:
  - id: zz-comparing
    claim: zz-comparing
    when: {recognition_importance: {is: high}}
    effects: {MBA: for, MMM: against}
"""
FOR_EACH = "    reason:\n      MBA: Reads right under the MBA.\n      MMM: Reads right under the MMM.\n"
EACH_ITS_OWN = (
    "zz-comparing: a rule that moves MBA and MMM gives each its own reason (reason: {CODE: text, ...}), "
    "worded to read right under that degree"
)


@pytest.mark.parametrize(
    ("reason", "at", "message"),
    [
        pytest.param("    reason: One reason for both.\n", "    reason: ", EACH_ITS_OWN, id="one-for-both"),
        pytest.param(
            "    reason:\n      MBA: Only the MBA's.\n", "      MBA: ", EACH_ITS_OWN, id="none-for-one"
        ),
        pytest.param("", "  - id: zz-comparing\n", EACH_ITS_OWN, id="none-at-all"),
        pytest.param(
            FOR_EACH + "      MHA: Reads right under the MHA.\n",
            "      MBA: ",
            "zz-comparing: a reason for 'MHA', which the rule does not move",
            id="one-for-a-degree-not-moved",
        ),
    ],
)
def test_a_rule_moving_two_degrees_words_a_reason_for_each(
    rules_copy: Path, reason: str, at: str, message: str
) -> None:
    """A rule that moves two degrees (its claim compares them) gives each its own reason, and only
    those: the problem is reported at its `reason` (the first line of the value), or at the rule
    when it gives none. With a reason for each, it loads."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-comparing", "[MBA, MMM]"))
    append(rules_copy, "rules/zz.yaml", COMPARING_RULE + FOR_EACH)
    assert [rule.reasons for rule in load_ruleset(rules_copy).rules if rule.id == "zz-comparing"] == [
        {"MBA": "Reads right under the MBA.", "MMM": "Reads right under the MMM."}
    ]
    (rules_copy / "rules" / "zz.yaml").write_text(COMPARING_RULE + reason, encoding="utf-8")
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [f"rules/zz.yaml:{line}: {message}"]


PHYSICIANS = "clinical_status: {in: [practicing_physician, physician_in_training]}"
AND_GRADUATES = "clinical_status: {in: [practicing_physician, physician_in_training, medical_graduate]}"


@pytest.mark.parametrize(
    ("when", "at"),
    [
        pytest.param("    when: {" + PHYSICIANS + "}\n", "    when: ", id="one-line-when"),
        pytest.param(
            "    when:\n      all:\n        - "
            + PHYSICIANS
            + "\n        - goals: {contains_any: [specialize_clinically]}\n",
            "      all:\n",
            id="block-when",
        ),
    ],
)
def test_a_rule_firing_for_people_its_claim_does_not_speak_of_is_refused(
    rules_copy: Path, when: str, at: str
) -> None:
    """A claim whose `who` names practising physicians (and physicians in training) only does not
    speak of medical graduates: a rule on it that fires for them too is refused at its `when`, with
    an example of such answers (in the words of the questions the `who` reads)."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-physicians", extra="    who: {" + PHYSICIANS + "}\n"))
    rule = (
        "rules:\n  - id: zz-physicians-only\n    claim: zz-physicians\n"
        + when
        + "    effects: {MMed: against}\n"
    )
    append(rules_copy, "rules/zz.yaml", rule)
    assert "zz-physicians-only" in {rule.id for rule in load_ruleset(rules_copy).rules}  # within its `who`
    edit(rules_copy, "rules/zz.yaml", PHYSICIANS, AND_GRADUATES)
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [
        f"rules/zz.yaml:{line}: zz-physicians-only: fires for people its claim 'zz-physicians' does not "
        "speak of (for example clinical status: Medical graduate, not practicing); narrow `when` to the "
        "claim's `who`"
    ]


# Two rules on one claim, like mmed-research-welcome and mmed-research-unwelcome on mmed-thesis: one
# counts it for the MMed when a thesis is welcome, the other against it when it is not.
THESIS_PAIR = """\
rules:
  - id: zz-thesis-welcome
    claim: zz-thesis
    when: {wants_research: {is: true}}
    effects: {MMed: for}

  - id: zz-thesis-unwelcome
    claim: zz-thesis
    when: {wants_research: {is: false}}
    effects: {MMed: against}
"""
# A third rule on it, for everyone aiming at research: whether they welcome a thesis or not, one of
# the pair already counts the claim for them.
THESIS_AGAIN = """
  - id: zz-thesis-for-researchers
    claim: zz-thesis
    when: {goals: {contains_any: [research_academic]}}
    effects: {MMed: for}
"""


# Two rules on one claim that compares the MBA and the MMM, each moving one of them, for everyone.
ONE_CLAIM_TWO_DEGREES = """
  - id: zz-for-the-mba
    claim: zz-comparing
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MBA: for}

  - id: zz-against-the-mmm
    claim: zz-comparing
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MMM: against}
"""


def test_two_rules_using_one_claim_on_answers_that_exclude_each_other_are_accepted(rules_copy: Path) -> None:
    """Two rules may use one claim for one degree when no answers fire both (a thesis is welcome or
    not), and rules may use one claim for two degrees it compares whatever the answers."""
    append(
        rules_copy, "claims.yaml", made_up_claim("zz-thesis") + made_up_claim("zz-comparing", "[MBA, MMM]")
    )
    append(rules_copy, "rules/zz.yaml", THESIS_PAIR + ONE_CLAIM_TWO_DEGREES)
    rules = {rule.id: rule.effects for rule in load_ruleset(rules_copy).rules if rule.id.startswith("zz-")}
    assert rules == {
        "zz-thesis-welcome": {"MMed": 2},
        "zz-thesis-unwelcome": {"MMed": -2},
        "zz-for-the-mba": {"MBA": 2},
        "zz-against-the-mmm": {"MMM": -2},
    }


def test_two_rules_that_would_count_one_claim_twice_are_refused(rules_copy: Path) -> None:
    """One claim counts once for a degree: a rule using a claim for a degree that another rule uses it
    for, when some answers fire both, is refused at its `claim`, once for each such rule, naming it
    and answers that fire both."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-thesis"))
    append(rules_copy, "rules/zz.yaml", THESIS_PAIR + THESIS_AGAIN)
    line = line_in(rules_copy, "rules/zz.yaml", "    claim: ", after="  - id: zz-thesis-for-researchers\n")
    assert problems_of(rules_copy) == [
        f"rules/zz.yaml:{line}: zz-thesis-for-researchers: claim 'zz-thesis' would count twice for MMed: "
        f"rule '{other}' uses it too, and both fire for goals: Do research or work in academic medicine; "
        f"research or thesis: {answer}; a claim counts once for a degree, so no answers may fire both"
        for other, answer in (("zz-thesis-unwelcome", "no"), ("zz-thesis-welcome", "yes"))
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        pytest.param(
            "{name: weak, points: 1}",
            "{name: weak, points: 0}",
            f"level 'weak' has 0 {OFF_THE_SCALE}strong 3, moderate 2)",
            id="zero",
        ),
        pytest.param(
            "{name: weak, points: 1}",
            "{name: weak, points: -1}",
            f"level 'weak' has -1 {OFF_THE_SCALE}strong 3, moderate 2)",
            id="negative",
        ),
        pytest.param(
            "{name: strong, points: 3}",
            "{name: strong, points: 11}",
            f"level 'strong' has 11 {OFF_THE_SCALE}moderate 2, weak 1)",
            id="eleven",
        ),
        pytest.param(
            "{name: strong, points: 3}",
            "{name: strong, points: 1.0e+9}",
            f"level 'strong' has 1000000000 {OFF_THE_SCALE}moderate 2, weak 1)",
            id="a-billion",
        ),
        pytest.param(
            "{name: strong, points: 3}",
            "{name: strong, points: 1e9}",  # YAML reads it as text: a float needs a dot
            f"level 'strong' has '1e9' {OFF_THE_SCALE}moderate 2, weak 1)",
            id="1e9",
        ),
        pytest.param(
            "{name: moderate, points: 2}",
            "{name: moderate, points: 1.5}",
            f"level 'moderate' has 1.5 {OFF_THE_SCALE}strong 3, weak 1)",
            id="fraction",
        ),
        pytest.param(
            "{name: strong, points: 3}",
            "{name: strong, points: three}",
            f"level 'strong' has 'three' {OFF_THE_SCALE}moderate 2, weak 1)",
            id="word",
        ),
        pytest.param(
            "{name: weak, points: 1}",
            "{name: weak, points: true}",
            f"level 'weak' has true {OFF_THE_SCALE}strong 3, moderate 2)",
            id="boolean",
        ),
        pytest.param(
            "    - {name: weak, points: 1}\n",
            "    - {name: weak, points: 1}\n    - {name: strong, points: 4}\n",
            "level 'strong' is listed twice",
            id="name-twice",
        ),
    ],
)
def test_a_scale_level_is_a_named_whole_number_of_points_from_1_to_10(
    rules_copy: Path, old: str, new: str, message: str
) -> None:
    """The levels of scoring.yaml give each claim's points: a level's points that are not a whole number
    from 1 to 10 (zero, negative, a fraction, a word, a billion, true) are refused at the offending line,
    naming the range and the other levels; so is a level name listed twice."""
    line = edit(rules_copy, "scoring.yaml", old, new) + new[:-1].count("\n")  # the last line of `new`
    assert problems_of(rules_copy) == [f"scoring.yaml:{line}: {message}"]


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
from degreefit.ruleset.load import load_ruleset
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
    """After a rule file, the claim a rule rests on, or the scale changes, the next load sees the new
    points, not the cached rule set's."""

    def first_rule() -> tuple[str, Mapping[str, float]]:
        rule = load_ruleset(rules_copy).rules[0]
        return rule.id, rule.effects

    assert first_rule() == ("mmed-for-specialising", {"MMed": 3})  # its claim is strong: 3 points
    edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: {MMed: against}",
        after=FIRST_RULE,
    )
    assert first_rule() == ("mmed-for-specialising", {"MMed": -3})
    edit(rules_copy, "claims.yaml", "    level: strong\n", "    level: moderate\n", after=FIRST_RULE)
    assert first_rule() == ("mmed-for-specialising", {"MMed": -2})
    edit(rules_copy, "scoring.yaml", "{name: moderate, points: 2}", "{name: moderate, points: 5}")
    assert first_rule() == ("mmed-for-specialising", {"MMed": -5})


# A rule file of one rule, resting on a claim made up for it.
MORE_RULES = """\
rules:
  - id: more-rules
    claim: zz-more
    when: {goals: {contains_any: [career_beyond_medicine]}}
    effects: {MMed: against}
"""


def test_adding_a_rule_file_invalidates_the_cache(rules_copy: Path, cache_dir: Path) -> None:
    """A new file in rules/rules is seen by the next load."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-more"))  # before the first load: only a file is new
    before = load_ruleset(rules_copy)
    append(rules_copy, "rules/more.yaml", MORE_RULES)
    after = load_ruleset(rules_copy)
    assert len(after.rules) == len(before.rules) + 1
    (added,) = [rule for rule in after.rules if rule.id == "more-rules"]
    assert (added.claim, added.effects) == ("zz-more", {"MMed": -2})  # a moderate claim


def test_a_rule_set_that_became_invalid_is_not_served_from_the_cache(
    rules_copy: Path, cache_dir: Path
) -> None:
    """A rule set that loaded once and was then broken reports its problem instead of the cached copy."""
    load_ruleset(rules_copy)
    line = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    assert problems_of(rules_copy) == [f"rules/clinical.yaml:{line}: {UNKNOWN_DEGREE}"]


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


# --- named groups of choices ---------------------------------------------------

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
    for name in ("rules/leadership.yaml", "claims.yaml"):
        path = rules_copy / name
        text = path.read_text(encoding="utf-8")
        assert text.count("[group: leadership") >= 3
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
    (rule,) = [rule for rule in copy.rules if rule.id == "mha-serves-another-group"]
    assert rule.when.conditions[1].value == (*LEADERSHIP.split(", "), "consulting")  # type: ignore[union-attr]


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


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "rules:\n  - id: x\n    claim: {[a]: 1}\n",
            3,
            "a key must be a plain word, not a list or a mapping",
        ),
        ("rules:\n  ? [a, b]\n  : 1\n", 2, "a key must be a plain word, not a list or a mapping"),
        ("rules: " + "[" * 60 + "]" * 60 + "\n", 1, "nested more than 50 levels deep"),
        ("rules: " + "[" * 50_000 + "]" * 50_000 + "\n", 0, "nested more than 50 levels deep"),
    ],
    ids=["list-as-key", "complex-key", "deep", "thousands-deep"],
)
def test_a_key_that_is_no_word_or_nesting_without_end_is_a_problem_not_a_crash(
    rules_copy: Path, text: str, line: int, message: str
) -> None:
    """A list used as a key, or brackets nested past any rule file's depth, are reported with
    the file (and the line, where the file can be read that far), never a traceback."""
    (rules_copy / "rules" / "zz.yaml").write_text(text, encoding="utf-8")
    [problem] = problems_of(rules_copy)
    where = f"rules/zz.yaml:{line}: " if line else "rules/zz.yaml: "
    assert problem.startswith(where)
    assert message in problem


# --- rule files that are no files ----------------------------------------------


def _degreefit(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run the degreefit CLI in a process of its own, so that a hang fails the test instead of the run."""
    return subprocess.run(
        [sys.executable, "-m", "degreefit", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "DEGREEFIT_CACHE_DIR": ""},
        check=False,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("name", ["rules/pipe.yaml", "questions.yaml"])
def test_a_fifo_as_a_rule_file_is_refused_without_waiting(
    rules_copy: Path, name: str, answers_file: Path
) -> None:
    """A FIFO named like a rule file (nothing ever writes to it) is refused at once by `rules check` and
    `ask --rules`, exit 2 naming the file, instead of waiting for ever."""
    (rules_copy / name).unlink(missing_ok=True)
    os.mkfifo(rules_copy / name)
    said = f"{rules_copy}/{name}: is a FIFO (a named pipe), not a file; a rule file is YAML text"
    checked = _degreefit("rules", "check", str(rules_copy))
    assert (checked.returncode, checked.stdout.splitlines()[0]) == (2, said)
    asked = _degreefit("ask", "--rules", str(rules_copy), "--answers", str(answers_file))
    assert (asked.returncode, asked.stdout) == (2, "")
    assert asked.stderr == heading(rules_copy, 1) + f"  {said}\n"


def test_a_link_to_a_device_is_refused_without_reading_it(rules_copy: Path) -> None:
    """A rule file that is a symbolic link to /dev/zero (which never stops giving bytes) is refused
    without being read, naming the file; so is a folder named like a rule file."""
    (rules_copy / "rules" / "zero.yaml").symlink_to("/dev/zero")
    (rules_copy / "rules" / "folder.yaml").mkdir()
    checked = _degreefit("rules", "check", str(rules_copy))
    assert checked.returncode == 2
    assert checked.stdout.splitlines()[:2] == [
        f"{rules_copy}/rules/folder.yaml: is a folder, not a file; a rule file is YAML text",
        f"{rules_copy}/rules/zero.yaml: is a device, not a file; a rule file is YAML text",
    ]


def test_a_rule_file_over_the_size_cap_is_refused(rules_copy: Path) -> None:
    """A rule file larger than 8 MB (a sparse file here: it takes no disk) is refused naming it, unread."""
    with (rules_copy / "rules" / "huge.yaml").open("wb") as huge:
        huge.truncate(9 * 1024 * 1024)
    assert problems_of(rules_copy) == ["rules/huge.yaml: is larger than 8 MB; a rule file is a few kilobytes"]


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("nowhere.yaml", "is a symbolic link to nowhere.yaml, which does not exist"),
        ("loop.yaml", "is a symbolic link that leads back to itself (a loop), not a file"),
    ],
    ids=["dangling", "loop"],
)
def test_a_broken_link_in_a_rules_folder_is_named_with_exit_2(
    rules_copy: Path, runner: CliRunner, answers_file: Path, target: str, said: str
) -> None:
    """A dangling symbolic link, or one in a loop, among the rule files: `ask` and `rules check` exit 2
    naming the file once, inside the rule set (not "cannot write the output", not the path twice)."""
    (rules_copy / "rules" / "loop.yaml").symlink_to(target)
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stdout) == (2, "")
    assert stderr == heading(rules_copy, 1) + listed(rules_copy, f"rules/loop.yaml: {said}")
    result = runner.invoke(app, ["rules", "check", str(rules_copy)])
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == f"{rules_copy}/rules/loop.yaml: {said}"


READ_A_FIFO = """\
import sys
from pathlib import Path
from degreefit.errors import RulesError
from degreefit.ruleset.load import read_files
try:
    read_files(Path(sys.argv[1]), ["rules/pipe.yaml"])
except RulesError as err:
    print(err.problems[0])
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_rule_file_swapped_for_a_fifo_after_listing_is_refused_when_read(rules_copy: Path) -> None:
    """A file that became a FIFO after the rule files were listed is refused when it is opened, at once."""
    os.mkfifo(rules_copy / "rules" / "pipe.yaml")
    done = subprocess.run(
        [sys.executable, "-c", READ_A_FIFO, str(rules_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout == "rules/pipe.yaml: is a FIFO (a named pipe), not a file; a rule file is YAML text\n"


def _alias_bomb(levels: int) -> str:
    """A rule whose condition is an alias bomb: each item of its `any` lists ten aliases of the item
    before, so `levels` levels stand for 10**levels tests in a file of a few hundred bytes."""
    lines = ["rules:", "  - id: bomb", "    claim: mba-consulting", "    effects: {MBA: for}", "    when:"]
    lines += ["      any:", "        - &l0 {goals: {contains_any: [consulting]}}"]
    for level in range(1, levels + 1):
        lines.append(f"        - &l{level} {{any: [{', '.join([f'*l{level - 1}'] * 10)}]}}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_at_its_line(rules_copy: Path) -> None:
    """A rule file of 700 bytes whose aliases would stand for ten million conditions is refused at the
    line of the value repeated most, in moments, by `rules check` (no hang, no memory exhausted)."""
    bomb = _alias_bomb(7)
    assert len(bomb) < 800
    (rules_copy / "rules" / "bomb.yaml").write_text(bomb, encoding="utf-8")
    checked = _degreefit("rules", "check", str(rules_copy))
    assert checked.returncode == 2
    assert checked.stdout == (
        f"{rules_copy}/rules/bomb.yaml:13: aliases (*name) repeat the value that starts on this line so "
        "often that the file would stand for more than 100,000 values beyond those written in it; write the "
        "values out (a rule can name a group of choices of questions.yaml instead)\n"
    )


def test_a_value_that_holds_an_alias_of_itself_is_refused_at_its_line(rules_copy: Path) -> None:
    """A value holding an alias of itself (it would never end) is refused at the line it starts on."""
    line = edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: &me {MMed: *me}",
        after=FIRST_RULE,
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: the value that starts on this line holds an alias (*name) of itself, "
        "so it would never end"
    ]


def test_a_few_aliases_are_read_as_the_values_they_repeat(rules_copy: Path, ruleset: RuleSet) -> None:
    """An anchor and an alias (as a YAML library writes a value used twice) are read as the value written
    out: the rule set loads unchanged."""
    edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: &mmed-for {MMed: for}",
        after=FIRST_RULE,
    )
    edit(
        rules_copy,
        "rules/clinical.yaml",
        "effects: {MMed: for}",
        "effects: *mmed-for",
        after="  - id: mmed-specialist-prerequisite\n",
    )
    assert load_ruleset(rules_copy).rules == ruleset.rules


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"spread": 6.0', '"spread": "6"'),
        ('"spread": 6.0', '"spread": 60.0'),
        ('"path": ', '"pathway": '),
    ],
    ids=["spread-as-text", "spread-changed", "field-renamed"],
)
def test_a_cache_entry_edited_by_hand_is_a_miss(
    rules_copy: Path,
    cache_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    runner: CliRunner,
    answers_file: Path,
    old: str,
    new: str,
) -> None:
    """A cache entry edited by hand, keeping its key (the spread written as text, changed, a field
    renamed), is a miss: the rule set is read from its files again, and `ask` gives its report."""
    first = load_ruleset(rules_copy)
    (entry,) = cache_dir.iterdir()
    text = entry.read_text(encoding="utf-8")
    assert text.count(old) == 1
    entry.write_text(text.replace(old, new), encoding="utf-8")
    validations = _count_validations(monkeypatch)
    assert load_ruleset(rules_copy) == first
    assert validations == [str(rules_copy.resolve())]
    entry.write_text(text.replace(old, new), encoding="utf-8")
    code, stdout, stderr = ask(runner, rules_copy, answers_file)
    assert (code, stderr) == (0, "")
    assert stdout.startswith("Best fit: ")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_in_place_of_a_cache_entry_neither_hangs_nor_is_written(
    rules_copy: Path, cache_dir: Path, answers_file: Path
) -> None:
    """A FIFO where the cache entry goes is neither read nor written: `ask` runs as without a cache."""
    load_ruleset(rules_copy)
    (entry,) = cache_dir.iterdir()
    entry.unlink()
    os.mkfifo(entry)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "degreefit",
            "ask",
            "--rules",
            str(rules_copy),
            "--answers",
            str(answers_file),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "DEGREEFIT_CACHE_DIR": str(cache_dir)},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Best fit: ")


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("scoring.yaml", "spread: 6\n", "spread: true\n", "spread: must be a number; got true"),
        ("scoring.yaml", "spread: 6\n", "spread: '6'\n", "spread: must be a number; got '6'"),
        (
            "scoring.yaml",
            "close_call_below: 5\n",
            "close_call_below: '5'\n",
            "close_call_below: must be a number; got '5'",
        ),
        (
            "questions.yaml",
            "    min: 1\n",
            "    min: '1'\n",
            "max_years: min: must be a whole number; got '1'",
        ),
        (
            "questions.yaml",
            "    min: 1\n",
            "    min: true\n",
            "max_years: min: must be a whole number; got true",
        ),
        (
            "questions.yaml",
            "    actionable: true\n    topic: Goals\n",
            "    actionable: 'yes'\n    topic: Goals\n",
            "goals: actionable: must be true or false; got 'yes'",
        ),
        (
            "sources.yaml",
            "    ai_written: false\n",
            "    ai_written: 0\n",
            "usnews-mmm: ai_written: must be true or false; got 0",
        ),
    ],
    ids=[
        "spread-true",
        "spread-text",
        "close-call-text",
        "min-text",
        "min-true",
        "actionable-text",
        "ai-written-0",
    ],
)
def test_numbers_and_true_or_false_are_taken_only_as_written(
    rules_copy: Path, name: str, old: str, new: str, problem: str
) -> None:
    """A number written as true or as text ('6'), or true/false written as a word or a number, is refused
    at its line, saying what the key takes and what it got (pydantic alone would take true for 1)."""
    line = edit(rules_copy, name, old, new)
    assert problems_of(rules_copy) == [f"{name}:{line}: {problem}"]


@pytest.mark.parametrize("escape", ["\\e[2J", "\\x1b]0;pwned\\x07", "\\x9b31m", "\\x00"])
def test_a_control_character_in_rule_text_is_refused_at_its_line(rules_copy: Path, escape: str) -> None:
    """An escape written in a double-quoted value (which would clear the screen or set the
    window title of whoever reads the report) is refused at its line: rule text is plain."""
    line = edit(
        rules_copy,
        "degrees.yaml",
        "name: Master of Business Administration",
        f'name: "Master of Business {escape}Administration"',
    )
    [problem] = problems_of(rules_copy)
    assert problem.startswith(f"degrees.yaml:{line}: a control character (U+00")
    assert problem.endswith("in text; rule files hold plain text: remove it")


def test_a_misplaced_list_item_is_told_to_line_up_with_the_item_before(rules_copy: Path) -> None:
    """A rule whose dash is one column off is lined up with the dash of the rule before, not
    with the last key of that rule, which is the line just above it."""
    path = rules_copy / "rules" / "leadership.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    item = "  - id: mmm-programs-for-mid-career-doctors"
    before = lines.index("  - id: mmm-clinician-to-leader") + 1
    path.write_text(text.replace(f"\n{item}", f"\n {item}", 1), encoding="utf-8")
    [problem] = problems_of(rules_copy)
    line = lines.index(item) + 1
    assert problem.startswith(
        f"rules/leadership.yaml:{line}: this line is indented differently from line {before}:"
    )
