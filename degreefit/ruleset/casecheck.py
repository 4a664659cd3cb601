"""Test cases checked against their rule set: answers valid and complete as `ask --answers` takes
them, and expectations that name degrees, rules, gates, notes and claims it has."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from degreefit.answers import validate
from degreefit.answerspace import AnswerSpace
from degreefit.errors import AnswersError, Loc, RulesError
from degreefit.models import AnswerValue, RuleSet
from degreefit.quoting import did_you_mean
from degreefit.ruleset.casefile import Expect, read_cases
from degreefit.ruleset.yamlfile import ParsedFile


class Case(NamedTuple):
    """A checked case: its answers are valid and complete for the rule set."""

    id: str
    who: str
    why: str
    answers: Mapping[str, AnswerValue]
    raw_answers: Mapping[str, Any]  # as written, for examples/ and the test suite
    expect: Expect
    file: str
    line: int


def load_cases(directory: Path, ruleset: RuleSet) -> tuple[Case, ...]:
    """Read and check every case of the rule set in `directory`; all problems at once."""
    written = read_cases(directory)
    space = AnswerSpace(ruleset)
    cases: list[Case] = []
    seen: dict[str, str] = {}
    files: dict[str, ParsedFile] = {}
    for one in written:
        parsed, entry, loc = one.file, one.entry, ("cases", one.position)
        files[parsed.name] = parsed
        where = f"{parsed.name}:{one.line}"
        if entry.id in seen:
            parsed.add(
                (*loc, "id"), f"case id '{entry.id}' is also used at {seen[entry.id]}; give each its own"
            )
        seen.setdefault(entry.id, where)
        answers = _answers(parsed, (*loc, "answers"), entry.answers, ruleset, space)
        _check_expect(parsed, (*loc, "expect"), entry.expect, ruleset)
        if answers is not None:
            cases.append(
                Case(
                    entry.id,
                    entry.who,
                    entry.why,
                    answers,
                    entry.answers,
                    entry.expect,
                    parsed.name,
                    one.line,
                )
            )
    problems = [problem for parsed in files.values() for problem in parsed.problems]
    if problems:
        raise RulesError(problems, directory=str(directory))
    return tuple(cases)


def _answers(
    parsed: ParsedFile, loc: Loc, data: Mapping[str, Any], ruleset: RuleSet, space: AnswerSpace
) -> Mapping[str, AnswerValue] | None:
    """The case's answers validated as `ask --answers` would; None (with problems) when not."""
    try:
        answers = validate(dict(data), ruleset, name="answers", space=space, complete=True)
    except AnswersError as err:
        for line in err.message.splitlines():
            message = line.removeprefix("answers: ")
            parsed.add(_answer_loc(loc, message, data), message, at_key=True)
        return None
    for warning in answers.warnings:  # an answer the questionnaire would never ask for
        message = warning.removeprefix("answers: ")
        parsed.add(_answer_loc(loc, message, data), message + "; leave it out", at_key=True)
    if answers.missing:
        parsed.add(loc, f"missing required answers: {', '.join(answers.missing)}")
    return None if answers.warnings or answers.missing else answers.values


def _answer_loc(loc: Loc, message: str, data: Mapping[str, Any]) -> Loc:
    """Where in the case's answers a message about them points: the answer it names (`max_years:
    ...`, `unknown key "goalz"`, `"specialty" is ignored`), or the answers as a whole."""
    named = re.match(r'(?:unknown key )?"?([^":;\s]+)"?[:; ]', message)
    if named and named.group(1) in data:
        return (*loc, named.group(1))
    return loc


def _check_expect(parsed: ParsedFile, loc: Loc, expect: Expect, ruleset: RuleSet) -> None:
    codes = [d.code for d in ruleset.degrees]
    named: list[tuple[str, str]] = []
    if isinstance(expect.top, str):
        named.append(("top", expect.top))
    elif expect.top is not None:
        named += [("top", code) for code in expect.top]
        if len(set(expect.top)) < 2 or len(set(expect.top)) != len(expect.top):
            tied = "a list under top names the degrees tied for first: give two or more, each once"
            parsed.add((*loc, "top"), tied)
    named += [("top_one_of", code) for code in expect.top_one_of]
    named += [("not_first", code) for code in expect.not_first]
    named += [("eligibility", code) for code in expect.eligibility]
    for key, code in named:
        if code not in codes:
            parsed.add((*loc, key), f"unknown degree '{code}'{did_you_mean(code, codes)} (degrees.yaml)")
    ids = _reason_ids(ruleset)
    for reason in expect.reasons:
        if reason not in ids:
            parsed.add(
                (*loc, "reasons"),
                f"'{reason}' is no rule, gate, note or claim of the rule set{did_you_mean(reason, ids)}",
            )
    if expect == Expect():
        parsed.add(loc, "expects nothing: give top, top_one_of, not_first, eligibility or reasons")


def _reason_ids(ruleset: RuleSet) -> list[str]:
    return [
        *(r.id for r in ruleset.rules),
        *(g.id for g in ruleset.gates),
        *(n.id for n in ruleset.notes),
        *(c.id for c in ruleset.claims),
    ]
