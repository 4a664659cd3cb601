"""A rule file is read by the safe loader only: a key written twice, a Python tag, aliases without
end, nesting without end and control characters are problems at their line
(`degreefit/ruleset/yamlfile.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.models import RuleSet
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import FIRST_RULE, ask, edit, heading, problems_of
from tests.helpers.process import run_degreefit


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
    checked = run_degreefit("rules", "check", str(rules_copy), cache="")
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
        after="  - id: mmed-opens-doors\n",
    )
    assert load_ruleset(rules_copy).rules == ruleset.rules


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


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("utf-16-le", "is UTF-16 text (without a byte order mark); save it as UTF-8"),
        ("utf-16-be", "is UTF-16 text (without a byte order mark); save it as UTF-8"),
        ("utf-32-le", "is UTF-32 text (without a byte order mark); save it as UTF-8"),
        ("utf-32", "is UTF-32 text; save it as UTF-8"),
    ],
)
def test_a_rule_file_in_utf16_or_utf32_is_named_so(rules_copy: Path, encoding: str, said: str) -> None:
    """A rule file saved as UTF-16 or UTF-32 without a byte order mark (whose zero bytes YAML reads as
    control characters), or as UTF-32, which YAML does not read, is one problem naming the encoding, as
    the batch and answers readers name it; UTF-16 with its mark is read as it always was."""
    path = rules_copy / "rules" / "practicalities.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode(encoding))
    assert problems_of(rules_copy) == [f"rules/practicalities.yaml:1: {said}"]
    path.write_bytes(text.encode("utf-16"))
    assert load_ruleset(rules_copy).rules


# Numbers written with thousands of digits (issue 22, item 6): Python refuses to build an integer of more
# than 4,300 decimal digits from text, a sexagesimal float of a few hundred parts overflows, and a
# sexagesimal integer of many parts takes minutes to build. Each is refused at its line, unbuilt.
HUGE_NUMBERS = {
    "decimal": "1" + "0" * 4_300,
    "underscores": "1_" + "0" * 4_300,
    "hexadecimal": "0x" + "f" * 4_000,
    "binary": "0b" + "1" * 20_000,
    "octal": "0" + "7" * 5_000,
    "sexagesimal": "1:" + ":".join(["59"] * 3_000),
    "negative": "-" + "9" * 5_000,
    "sexagesimal float": "1:" + ":".join(["59"] * 200) + ".5",
    "long float": "0." + "1" * 5_000,
}


@pytest.mark.parametrize("written", HUGE_NUMBERS.values(), ids=HUGE_NUMBERS.keys())
def test_a_number_of_thousands_of_digits_is_refused_at_its_line(rules_copy: Path, written: str) -> None:
    """An integer or a float written with thousands of digits, in any of YAML's spellings, is a problem at
    its line (never a ValueError or OverflowError from building it)."""
    line = edit(rules_copy, "questions.yaml", "max: 6", f"max: {written}")
    digits = sum(character.isalnum() for character in written.removeprefix("0x").removeprefix("0b"))
    assert problems_of(rules_copy) == [
        f"questions.yaml:{line}: a number written with {digits:,} digits; the numbers of a rule file "
        "have a few, at most 100"
    ]


def test_a_number_of_a_hundred_digits_is_read(rules_copy: Path) -> None:
    """The limit leaves room: a whole number of 100 digits is read as written."""
    edit(rules_copy, "questions.yaml", "max: 6", f"max: {'9' * 100}")
    assert load_ruleset(rules_copy).question("max_years").max == int("9" * 100)


def test_a_huge_number_in_a_cases_file_is_refused_at_its_line(rules_copy: Path) -> None:
    """A test case's answer of 5,000 digits is a problem of its cases file, at its line, for `rules test`."""
    huge = f"max_years: {'2' * 5_000}"
    line = edit(rules_copy, "cases/personas.yaml", "max_years: 2", huge, after="  - id: physician-leader")
    tested = run_degreefit("rules", "test", str(rules_copy), cache="")
    assert tested.returncode == 2
    assert "Traceback" not in tested.stderr
    assert (
        f"{rules_copy}/cases/personas.yaml:{line}: a number written with 5,000 digits; the numbers of a "
        "rule file have a few, at most 100\n"
    ) in tested.stderr


def test_a_sexagesimal_number_of_800000_parts_is_refused_in_moments(rules_copy: Path) -> None:
    """A sexagesimal integer of 800,000 parts (2.4 MB; building it took minutes) is refused by `rules
    check` before it is built, within seconds."""
    line = edit(rules_copy, "questions.yaml", "max: 6", "max: 1:" + ":".join(["59"] * 800_000))
    checked = run_degreefit("rules", "check", str(rules_copy), cache="", timeout=30)
    assert checked.returncode == 2
    assert checked.stdout == (
        f"{rules_copy}/questions.yaml:{line}: a number written with 1,600,001 digits; the numbers of a rule "
        "file have a few, at most 100\n"
    )
