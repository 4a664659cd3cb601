"""A YAML syntax error in a rule file says what to do, at the line to fix
(`degreefit/ruleset/yamlerrors.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers.edits import (
    BROKEN_EFFECTS,
    BROKEN_EFFECTS_MESSAGE,
    FIRST_RULE,
    TOO_LONG,
    append,
    ask,
    edit,
    heading,
    listed,
    problems_of,
)

UNWELCOME = "  - id: mmed-research-unwelcome\n"  # a rule of rules/clinical.yaml with a one-line reason
# A rule of rules/practicalities.yaml whose `effects` follows a one-line `when` (indented further, it
# cannot be read as a key of the `when` above it).
MHA_TOO_LONG = "  - id: mha-too-long\n"
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
            "rules/practicalities.yaml",
            MHA_TOO_LONG,
            "    effects: {MHA: against}\n",
            "      effects: {MHA: against}\n",
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


def test_a_misplaced_list_item_is_told_to_line_up_with_the_item_before(rules_copy: Path) -> None:
    """A rule whose dash is one column off is lined up with the dash of the rule before, not
    with the last key of that rule, which is the line just above it."""
    path = rules_copy / "rules" / "leadership.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    item = "  - id: mmm-positioned-to-lead"
    before = lines.index("  - id: mmm-digital-health-topics") + 1
    path.write_text(text.replace(f"\n{item}", f"\n {item}", 1), encoding="utf-8")
    [problem] = problems_of(rules_copy)
    line = lines.index(item) + 1
    assert problem.startswith(
        f"rules/leadership.yaml:{line}: this line is indented differently from line {before}:"
    )
