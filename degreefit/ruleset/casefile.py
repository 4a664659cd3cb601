"""A rule set's test cases (rules/cases/*.yaml): their files' shape, reading them, and holding each
case to its rule set (answers valid and complete as `ask --answers` takes them, expectations that
name degrees, rules, gates, notes and claims it has).

A case states what an advisor can defend: the degree that comes first (alone, or the degrees
tied for first), degrees acceptable in first place, degrees that must not come first, a
degree's eligibility, and rules, gates, notes or claims that must be among the reasons.
`cases` runs them."""

from __future__ import annotations

import re
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple, Union

from pydantic import BaseModel, ConfigDict, ValidationError

from degreefit.answers import AnswerSpace, validate
from degreefit.errors import AnswersError, Loc, Problem, RulesError
from degreefit.models import AnswerValue, RuleSet, Status
from degreefit.quoting import did_you_mean
from degreefit.ruleset.yamlfile import ParsedFile, line_of, parse_yaml

CASES_DIR = "cases"
MAX_CASE_BYTES = 1024 * 1024  # a cases file is a few kilobytes; this bounds the work


class _Strict(BaseModel):
    """Written data: frozen, and an unknown key (or a list where a mapping belongs) refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Expect(_Strict):
    """What must hold for a case. `top`: the degree first on its own, or (a list) exactly the
    degrees tied for first; `top_one_of`: every degree in first place is one of these."""

    top: Union[str, list[str], None] = None
    top_one_of: list[str] = []
    not_first: list[str] = []
    eligibility: dict[str, Status] = {}
    reasons: list[str] = []


class CaseEntry(_Strict):
    id: str
    who: str
    answers: dict[str, Any]
    expect: Expect
    why: str = ""


class CasesFile(_Strict):
    cases: list[CaseEntry]


_KEYS = frozenset({"cases", *CaseEntry.model_fields, *Expect.model_fields})
# What to write, for a value of the wrong kind under each key.
_SHAPES = {
    "cases": "a list of cases, each a mapping with id, who, answers and expect",
    "case": "a mapping with id, who, answers and expect (and why)",
    "expect": "a mapping of expectations: top, top_one_of, not_first, eligibility, reasons",
    "top": "a degree code, or a list of two or more degrees tied for first",
    "top_one_of": "a list of degree codes",
    "not_first": "a list of degree codes",
    "reasons": "a list of rule, gate, note or claim ids",
    "eligibility": "a mapping of degree code to eligible, not_yet or ineligible",
    "answers": "a mapping of question id to answer, as in an answers file",
    "id": "text",
    "who": "text",
    "why": "text",
}


def case_files(directory: Path) -> list[Path]:
    """The case files of the rule set in `directory`, by name."""
    folder = directory / CASES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))


class Written(NamedTuple):
    """A case as its file holds it, before its answers and expectations are checked."""

    file: ParsedFile
    position: int  # in the file's list of cases
    entry: CaseEntry

    @property
    def line(self) -> int:
        return line_of(self.file.node, ("cases", self.position))


def read_cases(directory: Path) -> list[Written]:
    """Every case of the rule set in `directory` as written: RulesError for a file that cannot
    be read, is not YAML, or does not have the shape of a cases file."""
    written: list[Written] = []
    problems: list[Problem] = []
    for path in case_files(directory):
        name = f"{CASES_DIR}/{path.name}"
        try:
            if not stat.S_ISREG(path.stat().st_mode):  # a folder, or a FIFO that would never end
                problems.append(Problem(name, 0, "", "is not a file; a case file is YAML text"))
                continue
            with path.open("rb") as handle:
                text = handle.read(MAX_CASE_BYTES + 1)
        except OSError as err:
            problems.append(Problem(name, 0, "", f"cannot be read: {err.strerror or err}"))
            continue
        if len(text) > MAX_CASE_BYTES:
            problems.append(Problem(name, 0, "", f"larger than {MAX_CASE_BYTES // 1024} KiB; split it"))
            continue
        parsed = parse_yaml(name, text)
        shape = _shape(parsed) if not parsed.problems else None
        problems += parsed.problems
        if shape is not None:
            written += [Written(parsed, index, entry) for index, entry in enumerate(shape.cases)]
    if problems:
        raise RulesError(problems, directory=str(directory))
    return written


def _shape(parsed: ParsedFile) -> CasesFile | None:
    try:
        return CasesFile.model_validate(parsed.data)
    except ValidationError as err:
        said: set[tuple[object, ...]] = set()
        for error in err.errors(include_url=False):
            loc = _written_loc(error["loc"])
            if loc in said:  # one message for a value that fits no form of a union
                continue
            said.add(loc)
            unknown = error["type"] == "extra_forbidden"
            parsed.add(loc, _message(error, loc), at_key=unknown)
        return None


def _written_loc(loc: Sequence[object]) -> tuple[object, ...]:
    """A pydantic location as a path in the file: without the names of union members."""
    kept: list[object] = []
    for step in loc:
        if isinstance(step, str) and kept and kept[-1] == "top" and step in ("str", "list[str]"):
            continue
        kept.append(step)
    return tuple(kept)


def _message(error: Mapping[str, Any], loc: Sequence[object]) -> str:
    path = [str(step) for step in loc if not isinstance(step, int)]
    where = ".".join(path[1:]) if len(path) > 1 else (path[0] if path else "")
    error_type = error["type"]
    if error_type == "extra_forbidden":
        key = path[-1] if path else ""
        return f"unknown key '{key}'{did_you_mean(key, _KEYS)}"
    if error_type == "missing":
        return f"missing key '{path[-1]}'" if path else "missing key"
    if error_type == "literal_error" and "eligibility" in path:
        return f"{where}: must be eligible, not_yet or ineligible (got {error.get('input')!r})"
    if not path:  # the file itself
        return "expected a mapping with `cases:`, a list of cases"
    key = "case" if len(loc) == 2 and loc[0] == "cases" else path[-1]
    if key in ("eligibility",) and len(path) >= 2 and path[-2] == "eligibility":
        key = "eligibility"
    shape = _SHAPES.get(key)
    if key == "case":
        return f"each case must be {shape}"
    shown = f"{where}: " if where else ""
    return f"{shown}must be {shape}" if shape else f"{shown}{error['msg']}"


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
