"""The shape of each file of a rule set as written: what pydantic validates the YAML data into.

The top files hold records of `degreefit.models` as they are; a rule, gate or note is written
resting on a claim (its points, cite and reason come from the claim, see `records`).
"""

from __future__ import annotations

from typing import Literal, NamedTuple, Union

from degreefit.models import MODEL_CLASSES, Claim, Condition, Degree, Question, Scoring, Source


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
