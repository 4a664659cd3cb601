"""The shape of each file of a rule set as written: what pydantic validates the YAML data into.

The top files hold records of `degreefit.models` as they are; a rule, gate or note is written
resting on a claim (its points, cite and reason come from the claim, see `records`).

A pydantic error is told in plain words (`pydantic_message`): pydantic's own wording names Python
types, a rule author reads YAML, so an unknown key gets a did-you-mean, a missing one its name, and
an effect with points the scale to use instead."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, Union

from degreefit.models import MODEL_CLASSES, Claim, Condition, Degree, Question, Scoring, Source
from degreefit.quoting import did_you_mean


class QuestionsFile(NamedTuple):
    questions: tuple[Question, ...]


class DegreesFile(NamedTuple):
    degrees: tuple[Degree, ...]


class SourcesFile(NamedTuple):
    sources: tuple[Source, ...]


class ScoringFile(NamedTuple):
    scoring: Scoring


class ClaimsFile(NamedTuple):
    claims: tuple[Claim, ...]


class RuleEntry(NamedTuple):
    """A rule as written: its claim counts `for` or `against` each degree in `effects`."""

    id: str
    claim: str
    when: Condition
    effects: dict[str, Literal["for", "against"]]
    reason: Union[str, dict[str, str]] = ""
    conflict: bool = False


class GateEntry(NamedTuple):
    """A gate as written: the claim it rests on gives its citation."""

    id: str
    claim: str
    degree: str
    status: Literal["not_yet", "ineligible"]
    when: Condition
    reason: str


class NoteEntry(NamedTuple):
    """A note as written: a claim worth knowing when `when` holds; `text` defaults to the claim's."""

    id: str
    claim: str
    when: Condition
    text: str = ""


class RulesFile(NamedTuple):
    rules: tuple[RuleEntry, ...] = ()
    gates: tuple[GateEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()


# The files of a rule set other than its rule files (rules/*.yaml, each a RulesFile), and their shapes.
TOP_FILES: dict[str, type] = {
    "questions.yaml": QuestionsFile,
    "degrees.yaml": DegreesFile,
    "sources.yaml": SourcesFile,
    "scoring.yaml": ScoringFile,
    "claims.yaml": ClaimsFile,
}


# Every key a rule file may hold, for the did-you-mean of an unknown one.
KEYS = frozenset(
    {"questions", "degrees", "sources", "scoring", "rules", "gates", "notes", "claims", "groups"}
    | {
        field
        for cls in (*MODEL_CLASSES, RuleEntry, GateEntry, NoteEntry)
        for field in getattr(cls, "_fields", ())
    }
)


def pydantic_message(error: Mapping[str, Any], scale: str) -> str:
    """The message for one pydantic error of a rule file; `scale` is scoring.yaml's scale as written,
    for an effect written as points."""
    loc = [str(step) for step in error["loc"] if not isinstance(step, int)]
    where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
    error_type = error["type"]
    if error_type == "unexpected_keyword_argument" or error_type == "extra_forbidden":
        if not loc:
            return "unknown key"
        if loc[-1] in KEYS:  # a real key, in the wrong kind of item (effects in a note, say)
            return f"key '{loc[-1]}' does not belong here"
        return f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], KEYS)}"
    if error_type == "literal_error" and len(loc) >= 2 and loc[-2] == "effects":
        levels = f", on the scale of scoring.yaml: {scale}" if scale else " (scoring.yaml)"
        return (
            f"{where}: a rule says only `for` or `against` (got {error.get('input')!r}); the points come "
            f"from its claim's `level` in claims.yaml{levels}"
        )
    if error_type in ("float_parsing", "float_type"):
        shown = f"; got {error['input']!r}" if isinstance(error.get("input"), (str, bool)) else ""
        return f"{where}: must be a number{shown}" if where else f"must be a number{shown}"
    if error_type == "missing" or error_type == "missing_argument":
        return f"missing key '{loc[-1]}'" if loc else "missing key"
    message = str(error["msg"])
    return f"{where}: {message}" if where else message
