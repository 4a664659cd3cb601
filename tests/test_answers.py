"""The `--answers` boundary: every bad input is a message naming the file and the field, exit 2."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from degreefit.answers import AnswerSpace, QuickCheck, require_complete, validate, value_problems
from degreefit.cli import app
from degreefit.conditions import by_id
from degreefit.errors import AnswersError
from degreefit.models import RuleSet
from tests.helpers.personas import PERSONAS, PHYSICIAN, persona_answers
from tests.helpers.strategies import answer_objects, valid_answers

MANAGER = "early-career manager running a hospital's operations"
FILE = "answers.json"
DEEP = 100_000

CLINICAL_STATUSES = (
    "practicing_physician, physician_in_training, medical_graduate, medical_student, "
    "other_clinician, non_clinician"
)
GOALS = (
    "lead_within_health_system, run_healthcare_organization, consulting, specialize_clinically, "
    "research_academic, career_beyond_medicine, digital_health, quality_improvement, policy_reform, "
    "support_clinical_teams, global_health_organization, broad_business_exposure"
)
REQUIRED = (
    "clinical_status, career_stage, goals, study_format, max_years, wants_research, "
    "recognition_importance, can_reduce_income"
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary working directory, so answers files have short names in messages."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def complete(persona: str = PHYSICIAN, /, **changes: Any) -> dict[str, Any]:
    """A persona's complete answers with some answers changed."""
    answers = persona_answers(persona)
    answers.update(changes)
    return answers


def write(content: str | bytes, name: str = FILE) -> str:
    """Write an answers file in the working directory and return its name."""
    data = content.encode() if isinstance(content, str) else content
    Path(name).write_bytes(data)
    return name


def write_json(data: object, name: str = FILE) -> str:
    """Write data as an answers file and return its name."""
    return write(json.dumps(data), name)


def ask(runner: CliRunner, source: str, *, stdin: str | bytes | None = None) -> Result:
    """Run `degreefit ask --answers SOURCE --format json`."""
    return runner.invoke(app, ["ask", "--answers", source, "--format", "json"], input=stdin)


def assert_clean_exit(result: Result, code: int) -> None:
    """The command ended with this exit code and no crash."""
    assert result.exit_code == code, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr


def assert_rejected(result: Result, *lines: str) -> None:
    """Exit 2, nothing on stdout, and exactly these error lines on stderr."""
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr == "".join(f"degreefit: error: {line}\n" for line in lines)


def report(result: Result) -> dict[str, Any]:
    """The JSON report of a successful run."""
    assert_clean_exit(result, 0)
    document: dict[str, Any] = json.loads(result.stdout)
    return document


# Files that cannot be read as answers


def test_missing_file_is_named(runner: CliRunner, workdir: Path) -> None:
    """A file that does not exist is reported by the name the user gave."""
    assert_rejected(ask(runner, "nope.json"), "nope.json: no such file")


def test_directory_is_not_an_answers_file(runner: CliRunner, workdir: Path) -> None:
    """A directory given as the answers file is rejected as a directory."""
    (workdir / "answers").mkdir()
    assert_rejected(ask(runner, "answers"), "answers: is a directory, not an answers file")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "is empty"),
        (" \n\t\n", "holds only white space"),
        ("\ufeff", "is empty"),
        ("\ufeff \r\n", "holds only white space"),
    ],
    ids=["empty", "whitespace-only", "bom-only", "bom-and-whitespace"],
)
def test_empty_file_is_rejected(runner: CliRunner, workdir: Path, content: str, problem: str) -> None:
    """An empty or whitespace-only file says which it is and asks for a JSON object of answers."""
    assert_rejected(ask(runner, write(content)), f"{FILE}: {problem}; expected a JSON object of answers")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param("not json", "not valid JSON: Expecting value (line 1, column 1)", id="prose"),
        pytest.param(
            '{"max_years": 2', "not valid JSON: Expecting ',' delimiter (line 1, column 16)", id="unclosed"
        ),
        pytest.param(b'{"clinical_status": "\xff"}', "not UTF-8 text (byte 21)", id="0xff"),
        pytest.param(
            '{"clinical_status": "café"}'.encode("latin-1"), "not UTF-8 text (byte 24)", id="latin-1"
        ),
    ],
)
def test_a_file_that_is_not_json_text_is_rejected_where_it_fails(
    runner: CliRunner, workdir: Path, content: str | bytes, problem: str
) -> None:
    """Text that does not parse as JSON is reported with the line and column of the problem; a file that
    is not UTF-8, with the offset of its first bad byte."""
    assert_rejected(ask(runner, write(content)), f"{FILE}: {problem}")


@pytest.mark.parametrize(
    ("content", "got"),
    [("[1, 2]", "a list"), ('"MMM"', "a string"), ("3", "a number"), ("null", "null"), ("true", "a boolean")],
)
def test_json_that_is_not_an_object_is_rejected(
    runner: CliRunner, workdir: Path, content: str, got: str
) -> None:
    """A JSON document that is not an object says what it got instead."""
    assert_rejected(
        ask(runner, write(content)), f"{FILE}: expected a JSON object whose keys are question ids, got {got}"
    )


@pytest.mark.parametrize(
    "content",
    # Far deeper than any Python's recursion limit, and still well under the size limit.
    ["[" * DEEP, '{"goals": ' + "[" * DEEP + "]" * DEEP + "}", '{"a": ' * DEEP + "1" + "}" * DEEP],
    ids=["unclosed-lists", "nested-lists", "nested-objects"],
)
def test_deep_nesting_is_rejected_as_too_deep(runner: CliRunner, workdir: Path, content: str) -> None:
    """JSON nested a hundred thousand deep is refused as too deep, not with a RecursionError."""
    assert_rejected(
        ask(runner, write(content)), f"{FILE}: nested too deeply; expected a flat JSON object of answers"
    )


@pytest.mark.parametrize(
    "content",
    ["[" * 5000, "[" * 5000 + "]" * 5000, '{"goals": ' + "[" * 5000 + "]" * 5000 + "}"],
    ids=["unclosed-lists", "nested-lists", "nested-goals"],
)
def test_nesting_thousands_deep_is_rejected_cleanly(runner: CliRunner, workdir: Path, content: str) -> None:
    """JSON nested 5000 deep gets one error line naming the file, whatever Python's recursion limit."""
    # Python 3.13's json parses 5000 levels, so the message differs by version; the exit does not.
    result = ask(runner, write(content))
    assert_clean_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr.startswith(f"degreefit: error: {FILE}: ")
    assert len(result.stderr.splitlines()) == 1


def test_multi_megabyte_file_is_rejected_quickly(runner: CliRunner, workdir: Path) -> None:
    """A file of several megabytes is refused at once as too large, without parsing it."""
    name = write('{"goals": [' + '"consulting", ' * 300_000 + '"consulting"]}')
    assert Path(name).stat().st_size > 4 * 1024 * 1024
    start = time.perf_counter()
    result = ask(runner, name)
    elapsed = time.perf_counter() - start
    assert_rejected(result, f"{FILE}: larger than 1024 KiB; an answers file is a small JSON object")
    assert elapsed < 2.0


def test_multi_megabyte_stdin_is_rejected_as_too_large(runner: CliRunner) -> None:
    """Several megabytes on stdin are refused as too large, naming <stdin>."""
    result = ask(runner, "-", stdin=" " * (3 * 1024 * 1024) + "{}")
    assert_rejected(result, "<stdin>: larger than 1024 KiB; an answers file is a small JSON object")


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16"),  # with a byte order mark, as Windows' "Unicode" saves it
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
    ],
)
def test_an_answers_file_in_utf16_or_utf32_is_named_so(
    runner: CliRunner, workdir: Path, encoding: str, named: str
) -> None:
    """An answers file saved as UTF-16 (or UTF-32), with or without a byte order mark, is named as
    such and the message says to save it as UTF-8: not a JSON syntax error, not "byte 0"."""
    name = write(json.dumps(complete()).encode(encoding))
    assert_rejected(ask(runner, name), f"{FILE}: is {named} text; save it as UTF-8")
    assert_rejected(
        ask(runner, "-", stdin=json.dumps(complete()).encode(encoding)),
        f"<stdin>: is {named} text; save it as UTF-8",
    )


def test_utf8_bom_is_accepted(runner: CliRunner, workdir: Path) -> None:
    """A file saved with a UTF-8 byte order mark (as Windows editors do) is read normally."""
    name = write(b"\xef\xbb\xbf" + json.dumps(complete()).encode())
    document = report(ask(runner, name))
    assert document["top"] == "MMM"
    assert document["answers"] == complete()


# Keys and values


def test_unknown_key_suggests_the_closest_question(runner: CliRunner, workdir: Path) -> None:
    """A misspelt question id is rejected with a did-you-mean naming the real id."""
    answers = complete()
    answers["clinical_statu"] = answers.pop("clinical_status")
    assert_rejected(
        ask(runner, write_json(answers)),
        f"{FILE}: unknown key \"clinical_statu\"; did you mean 'clinical_status'?",
    )


def test_unknown_key_without_a_close_question_has_no_suggestion(runner: CliRunner, workdir: Path) -> None:
    """A key like no question id is rejected without a misleading suggestion."""
    assert_rejected(ask(runner, write_json(complete(colour="blue"))), f'{FILE}: unknown key "colour"')


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("x" * 60, '"' + "x" * 36 + "..."),
        ('a"b\\c', '"a\\"b\\\\c"'),
        ("line\nbreak\u001b[31m", '"line\\nbreak\\u001b[31m"'),
        ("café", '"caf\\u00e9"'),
    ],
    ids=["long", "quote-and-backslash", "control-characters", "non-ascii"],
)
def test_unknown_key_is_shown_json_escaped_and_cut_to_40_characters(
    runner: CliRunner, workdir: Path, key: str, shown: str
) -> None:
    """An unknown key is shown as a JSON string, at most 40 characters: it cannot break the message line."""
    assert len(shown) <= 40
    assert_rejected(ask(runner, write_json(complete(**{key: 1}))), f"{FILE}: unknown key {shown}")


def test_value_is_shown_json_escaped_and_cut_to_40_characters(runner: CliRunner, workdir: Path) -> None:
    """A bad value is shown as a JSON string cut to 40 characters, so a long value cannot flood the line."""
    assert_rejected(
        ask(runner, write_json(complete(clinical_status="y" * 60))),
        f'{FILE}: clinical_status: "{"y" * 36}... is not one of {CLINICAL_STATUSES}',
    )


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("max_years", "2", 'must be a whole number from 1 to 6; got "2"'),
        ("wants_research", "yes", 'must be true or false; got "yes"'),
        ("keep_practicing", 1, "must be true or false; got 1"),
        ("clinical_status", 3, f"must be one of {CLINICAL_STATUSES}; got 3"),
        ("clinical_status", {"a": 1}, f"must be one of {CLINICAL_STATUSES}; got an object"),
    ],
    ids=["string-for-integer", "yes-for-boolean", "number-for-boolean", "number-for-choice", "object"],
)
def test_value_of_the_wrong_type_is_rejected(
    runner: CliRunner, workdir: Path, key: str, value: object, problem: str
) -> None:
    """A value of the wrong JSON type names the field, what it accepts, and what it got."""
    assert_rejected(ask(runner, write_json(complete(**{key: value}))), f"{FILE}: {key}: {problem}")


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("clinical_status", "doctor", f'"doctor" is not one of {CLINICAL_STATUSES}'),
        (
            "clinical_status",
            "practising_physician",
            f'"practising_physician" is not one of {CLINICAL_STATUSES}; '
            "did you mean 'practicing_physician'?",
        ),
        (
            "study_format",
            "part_time",
            '"part_time" is not one of online_part_time, full_time, either; '
            "did you mean 'online_part_time'?",
        ),
    ],
    ids=["no-suggestion", "british-spelling", "partial"],
)
def test_value_that_is_not_a_choice_is_rejected(
    runner: CliRunner, workdir: Path, key: str, value: str, problem: str
) -> None:
    """A value outside a question's choices lists the choices and suggests a close one."""
    assert_rejected(ask(runner, write_json(complete(**{key: value}))), f"{FILE}: {key}: {problem}")


@pytest.mark.parametrize("years", [0, 7, -1])
def test_max_years_outside_its_range_is_rejected(runner: CliRunner, workdir: Path, years: int) -> None:
    """A number of years outside 1..6 is rejected with the range."""
    assert_rejected(
        ask(runner, write_json(complete(max_years=years))),
        f"{FILE}: max_years: must be from 1 to 6; got {years}",
    )


@pytest.mark.parametrize(("value", "shown"), [(2.5, "2.5"), (True, "true")])
def test_max_years_must_be_a_whole_number(
    runner: CliRunner, workdir: Path, value: object, shown: str
) -> None:
    """A fraction or a boolean for max_years is not a whole number (true is not 1)."""
    assert_rejected(
        ask(runner, write_json(complete(max_years=value))),
        f"{FILE}: max_years: must be a whole number from 1 to 6; got {shown}",
    )


@pytest.mark.parametrize(
    ("token", "shown"),
    [
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("-Infinity", "-Infinity"),
        ("1" * 35, "a 35-digit number"),
        ("-" + "9" * 31, "a 32-digit number"),
    ],
    ids=["NaN", "Infinity", "-Infinity", "35-digit", "negative-31-digit"],
)
def test_nan_infinity_and_huge_integers_are_rejected_by_field(
    runner: CliRunner, workdir: Path, token: str, shown: str
) -> None:
    """NaN, Infinity and integers of more than 30 digits, which Python's json would accept, are
    reported by the field check that names the field (a huge integer by its length, not its digits)."""
    text = json.dumps(complete()).replace('"max_years": 2', f'"max_years": {token}')
    assert_rejected(
        ask(runner, write(text)), f"{FILE}: max_years: must be a whole number from 1 to 6; got {shown}"
    )


def test_an_integer_of_30_digits_is_still_a_number(runner: CliRunner, workdir: Path) -> None:
    """An integer of exactly 30 digits is parsed as a number, and reported as out of range."""
    text = json.dumps(complete()).replace('"max_years": 2', f'"max_years": {"1" * 30}')
    assert_rejected(ask(runner, write(text)), f"{FILE}: max_years: must be from 1 to 6; got {'1' * 30}")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_or_infinity_as_the_whole_document_is_not_an_object(
    runner: CliRunner, workdir: Path, token: str
) -> None:
    """A document that is only NaN or Infinity is named as what it is, not as a parse error."""
    assert_rejected(
        ask(runner, write(token)), f"{FILE}: expected a JSON object whose keys are question ids, got {token}"
    )


def test_empty_goals_are_rejected(runner: CliRunner, workdir: Path) -> None:
    """An empty list of goals asks for at least one."""
    assert_rejected(
        ask(runner, write_json(complete(goals=[]))), f"{FILE}: goals: must list at least one choice"
    )


@pytest.mark.parametrize(
    ("goal", "hint"), [("fly", ""), ("consultng", "; did you mean 'consulting'?")], ids=["unknown", "typo"]
)
def test_goal_that_does_not_exist_is_rejected(runner: CliRunner, workdir: Path, goal: str, hint: str) -> None:
    """A goal that is not a choice is named, with the choices and any close match."""
    assert_rejected(
        ask(runner, write_json(complete(goals=["consulting", goal]))),
        f'{FILE}: goals: "{goal}" is not one of {GOALS}{hint}',
    )


def test_several_goals_that_do_not_exist_are_reported_in_one_message(
    runner: CliRunner, workdir: Path
) -> None:
    """Every unknown goal is named, once each, in one message with the choices."""
    assert_rejected(
        ask(runner, write_json(complete(goals=["fly", "consulting", "swim", "fly"]))),
        f'{FILE}: goals: "fly", "swim" are not among {GOALS}',
    )


def test_goal_listed_twice_is_rejected(runner: CliRunner, workdir: Path) -> None:
    """Goals that list the same choice twice are rejected (the list is a set of choices)."""
    assert_rejected(
        ask(runner, write_json(complete(goals=["consulting", "quality_improvement", "consulting"]))),
        f'{FILE}: goals: lists "consulting" more than once',
    )


def test_unknown_and_repeated_goals_are_reported_together(runner: CliRunner, workdir: Path) -> None:
    """Unknown goals and repeated goals are reported in one message, joined with a semicolon."""
    goals = ["consultng", "consulting", "digital_health", "consulting", "digital_health"]
    assert_rejected(
        ask(runner, write_json(complete(goals=goals))),
        f"{FILE}: goals: \"consultng\" is not one of {GOALS}; did you mean 'consulting'?; "
        'lists "consulting", "digital_health" more than once',
    )


def test_goal_that_is_not_a_string_is_shown_as_json(runner: CliRunner, workdir: Path) -> None:
    """A goal that is not a string is shown as JSON, without a did-you-mean."""
    assert_rejected(
        ask(runner, write_json(complete(goals=[3, None]))),
        f"{FILE}: goals: 3, null are not among {GOALS}",
    )


def test_goals_that_are_not_a_list_are_rejected(runner: CliRunner, workdir: Path) -> None:
    """A single goal given as a string (not a list) says a list is expected."""
    assert_rejected(
        ask(runner, write_json(complete(goals="consulting"))),
        f'{FILE}: goals: must be a list of one or more of {GOALS}; got "consulting"',
    )


def test_key_written_twice_is_rejected(runner: CliRunner, workdir: Path) -> None:
    """A key written twice in the object is refused rather than silently keeping the last value."""
    text = json.dumps(complete()).replace('"max_years": 2', '"max_years": 2, "max_years": 5')
    assert_rejected(ask(runner, write(text)), f'{FILE}: key "max_years" is written twice; keep one')


def test_key_written_twice_in_a_nested_object_is_rejected(runner: CliRunner, workdir: Path) -> None:
    """A repeated key inside a nested object is refused the same way, before any field check."""
    text = json.dumps(complete()).replace('"max_years": 2', '"max_years": {"a": 1, "a": 2}')
    assert_rejected(ask(runner, write(text)), f'{FILE}: key "a" is written twice; keep one')


def test_every_problem_is_reported_one_per_line(runner: CliRunner, workdir: Path) -> None:
    """Several problems in one file are all reported, one line each, in the file's order, then the
    answers still missing (but not one a misspelt key was meant for, nor one given a wrong value)."""
    answers = {"clinical_statu": "x", "max_years": 9, "goals": [], "wants_research": "yes"}
    assert_rejected(
        ask(runner, write_json(answers)),
        f"{FILE}: unknown key \"clinical_statu\"; did you mean 'clinical_status'?",
        f"{FILE}: max_years: must be from 1 to 6; got 9",
        f"{FILE}: goals: must list at least one choice",
        f'{FILE}: wants_research: must be true or false; got "yes"',
        f"{FILE}: missing required answers: career_stage, study_format, recognition_importance, "
        "can_reduce_income",
    )


# schema_version


def test_schema_version_1_is_accepted(runner: CliRunner, workdir: Path) -> None:
    """An answers file that states schema_version 1 is accepted, and the version is not an answer."""
    document = report(ask(runner, write_json({"schema_version": 1, **complete()})))
    assert document["top"] == "MMM"
    assert "schema_version" not in document["answers"]


@pytest.mark.parametrize(
    ("version", "shown"),
    [(2, "2"), (True, "true"), ("1", '"1"'), (0, "0"), (1.0, "1.0"), (None, "null")],
)
def test_other_schema_versions_are_rejected(
    runner: CliRunner, workdir: Path, version: object, shown: str
) -> None:
    """Any schema_version but the JSON integer 1 (including true and 1.0, which equal 1 in Python)
    is rejected."""
    assert_rejected(
        ask(runner, write_json({"schema_version": version, **complete()})),
        f"{FILE}: schema_version: must be 1; got {shown}",
    )


# stdin


def test_answers_are_read_from_stdin_for_a_dash(runner: CliRunner) -> None:
    """`--answers -` reads the answers from stdin."""
    document = report(ask(runner, "-", stdin=json.dumps(complete())))
    assert document["top"] == "MMM"


def test_problems_on_stdin_are_named_stdin(runner: CliRunner) -> None:
    """Problems in answers read from stdin are reported as <stdin>."""
    assert_rejected(
        ask(runner, "-", stdin='{"max_years": 7}'),
        "<stdin>: max_years: must be from 1 to 6; got 7",
        "<stdin>: missing required answers: clinical_status, career_stage, goals, study_format, "
        "wants_research, recognition_importance, can_reduce_income",
    )


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (
            {"clinical_status": "practicing_physician"},
            "career_stage, goals, keep_practicing, study_format, max_years, wants_research, "
            "recognition_importance, can_reduce_income",
        ),
        (
            {"clinical_status": "non_clinician"},
            "career_stage, goals, study_format, max_years, wants_research, "
            "recognition_importance, can_reduce_income",
        ),
        (
            {"clinical_status": "physician_in_training", "goals": ["specialize_clinically"]},
            "career_stage, specialty, keep_practicing, study_format, max_years, wants_research, "
            "recognition_importance, can_reduce_income",
        ),
        ({}, REQUIRED),
    ],
    ids=["physician", "non-clinician", "specialising", "nothing"],
)
def test_missing_required_answers_are_all_listed(
    runner: CliRunner, given: dict[str, Any], missing: str
) -> None:
    """With stdin not a terminal, every required answer still missing is listed, in question order."""
    assert_rejected(
        ask(runner, "-", stdin=json.dumps(given)), f"<stdin>: missing required answers: {missing}"
    )


def test_ask_without_answers_lists_the_required_ids(runner: CliRunner) -> None:
    """`ask` with no --answers and stdin not a terminal says how to give answers and which are required."""
    result = runner.invoke(app, ["ask", "--format", "json"], input="")
    assert_rejected(
        result,
        "no answers given, and stdin is not a terminal to ask them on: pass --answers FILE, "
        f"or - to read them from stdin (required: {REQUIRED})",
    )


# Answers to questions that do not apply


def test_specialty_without_the_specialising_goal_is_ignored_with_a_warning(
    runner: CliRunner, workdir: Path
) -> None:
    """A specialty given without the goal to specialise is dropped, with a warning saying why."""
    result = ask(runner, write_json(complete(specialty="surgery")))
    document = report(result)
    assert result.stderr == (
        f'degreefit: warning: {FILE}: "specialty" is ignored: it is asked only when '
        "your goals include “Specialize in a clinical discipline”\n"
    )
    assert document["answers"] == complete()
    assert "specialty" not in document["answers"]


def test_keep_practicing_for_a_non_clinician_is_ignored_with_a_warning(
    runner: CliRunner, workdir: Path
) -> None:
    """keep_practicing from someone who is not a clinician is dropped, with a warning naming it."""
    result = ask(runner, write_json(complete(MANAGER, keep_practicing=True)))
    document = report(result)
    assert document["answers"] == complete(MANAGER)
    assert "keep_practicing" not in document["answers"]
    assert document["top"] == PERSONAS[MANAGER][1]
    assert result.stderr == (
        f'degreefit: warning: {FILE}: "keep_practicing" is ignored: it is asked only when your clinical '
        "status is “Practicing physician”, “Physician in training (resident or fellow)” or "
        "“Other clinician (nurse, PA, pharmacist, ...)”\n"
    )


# The validation behind the boundary (reading the file: test_inputfile.py)


def test_validate_drops_answers_that_do_not_apply(ruleset: RuleSet) -> None:
    """validate keeps answers in question order, drops ones that do not apply, and warns about each."""
    given = validate(complete(MANAGER, keep_practicing=False, specialty="surgery"), ruleset, name="a.json")
    expected = {k: tuple(v) if isinstance(v, list) else v for k, v in complete(MANAGER).items()}
    assert dict(given.values) == expected
    assert list(given.values) == [q.id for q in ruleset.questions if q.id in given.values]
    ignored = [w.split(" is ignored")[0] for w in given.warnings]
    assert ignored == ['a.json: "specialty"', 'a.json: "keep_practicing"']
    assert given.missing == ()
    assert require_complete(given, name="a.json") is given


def test_validate_lists_missing_answers_and_require_complete_refuses_them(ruleset: RuleSet) -> None:
    """validate records missing answers without failing; require_complete turns them into an error."""
    given = validate({"clinical_status": "medical_student"}, ruleset, name="a.json")
    assert given.missing == tuple(REQUIRED.split(", ")[1:])
    with pytest.raises(AnswersError) as raised:
        require_complete(given, name="a.json")
    assert raised.value.message == f"a.json: missing required answers: {', '.join(given.missing)}"


def test_value_problems_has_one_message_per_bad_key(ruleset: RuleSet) -> None:
    """value_problems returns one message per bad key and nothing for good ones."""
    questions = by_id(ruleset.questions)
    problems = value_problems({"max_years": 3, "wants_research": 1, "nope": True}, questions)
    assert problems == ["wants_research: must be true or false; got 1", 'unknown key "nope"']
    assert value_problems(complete(), questions) == []


# The one-pass check that cohort mode uses


@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_quick_check_keeps_exactly_what_validate_keeps_without_a_word(
    ruleset: RuleSet, data: st.DataObject
) -> None:
    """`degreefit batch` checks each row in one pass: for answers that validate keeps whole (no
    warning, nothing missing) it gives exactly what validate keeps, in the same order; for any other
    answers it gives nothing, so that validate reports them with the message `ask` would give."""
    answers = data.draw(st.one_of(answer_objects(ruleset), valid_answers(ruleset)))
    space = AnswerSpace(ruleset)
    quick = QuickCheck(space).kept(answers)
    try:
        validated = require_complete(validate(answers, ruleset, name="f", space=space), name="f")
    except AnswersError:
        assert quick is None
        return
    if validated.warnings:
        assert quick is None
    else:
        assert quick is not None
        assert list(quick.items()) == list(validated.values.items())


def _near_misses() -> dict[str, dict[str, Any]]:
    """A physician's valid answers, each changed in one way that a quick check could let through."""
    answers = persona_answers(PHYSICIAN)
    goals = list(answers["goals"])
    return {
        "an integer answered true": {**answers, "max_years": True},
        "a yes/no answered 1": {**answers, "wants_research": 1},
        "a yes/no answered 0": {**answers, "can_reduce_income": 0},
        "an integer answered 2.0": {**answers, "max_years": 2.0},
        "a goal listed twice": {**answers, "goals": [goals[0], *goals]},
        "a choice answered null": {**answers, "study_format": None},
        "schema_version 1 and an unknown key": {**answers, "schema_version": 1, "favourite_colour": "blue"},
        "schema_version true": {**answers, "schema_version": True},
        "schema_version 1.0": {**answers, "schema_version": 1.0},
        "a question that is not asked": {**answers, "specialty": "surgery"},
        "a required answer missing": {k: v for k, v in answers.items() if k != "study_format"},
    }


NEAR_MISSES = _near_misses()


@pytest.mark.parametrize("answers", list(NEAR_MISSES.values()), ids=list(NEAR_MISSES))
def test_quick_check_leaves_every_near_miss_to_validate(ruleset: RuleSet, answers: dict[str, Any]) -> None:
    """Answers that are almost clean (true for a number, 1 for yes, a goal twice, a schema_version
    that is not exactly 1, an answer to a question not asked, ...) get nothing from the quick check,
    so `degreefit batch` reports them with the message (or the warning) `ask` gives."""
    space = AnswerSpace(ruleset)
    assert QuickCheck(space).kept(answers) is None
    try:
        validated = require_complete(validate(answers, ruleset, name="f", space=space), name="f")
    except AnswersError:
        return
    assert validated.warnings  # the one near miss validate accepts: with a warning


def test_quick_check_keeps_clean_answers_with_schema_version_1(ruleset: RuleSet) -> None:
    """A clean answer set with `"schema_version": 1` is kept whole by the quick check, as validate
    keeps it."""
    answers = {"schema_version": 1, **persona_answers(PHYSICIAN)}
    space = AnswerSpace(ruleset)
    kept = QuickCheck(space).kept(answers)
    assert kept is not None
    assert kept == dict(validate(answers, ruleset, name="f", space=space).values)


def test_thousands_of_wrong_values_and_keys_are_counted_not_listed(runner: CliRunner) -> None:
    """60,000 unknown goals give one short line naming twenty and counting the rest; 30,000 unknown
    keys give ten lines and a count (they gave a 589 KB line and 30,000 lines)."""
    answers = persona_answers(MANAGER)
    answers["goals"] = [f"g{number}" for number in range(60_000)]
    answers.update({f"k{number}": 1 for number in range(30_000)})
    result = runner.invoke(app, ["ask", "--answers", "-"], input=json.dumps(answers))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 12
    assert lines[0].startswith('degreefit: error: <stdin>: goals: "g0", "g1", ')
    assert '"g19" and 59,980 more are not among ' in lines[0]
    assert len(lines[0]) < 500
    assert lines[1] == 'degreefit: error: <stdin>: unknown key "k0"'
    assert lines[-1] == "degreefit: error: <stdin>: and 29,990 more unknown keys"
