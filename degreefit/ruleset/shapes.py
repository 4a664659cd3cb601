"""The shape of each file of a rule set as written (what pydantic validates the YAML data into),
and the records of a RuleSet built from it.

The top files hold records of `degreefit.models` as they are; a rule, gate or note is written
resting on a claim, and its record is built here from what the files say: it takes its points,
cite and default wording from the claim it rests on, and a cite is spelt as its source spells it.

A pydantic error is told in plain words (`pydantic_message`): pydantic's own wording names Python
types, a rule author reads YAML, so an unknown key gets a did-you-mean, a missing one its name, and
an effect with points the scale to use instead."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple, Union

from degreefit.models import (
    MODEL_CLASSES,
    Cite,
    Claim,
    Condition,
    Degree,
    Gate,
    Note,
    Profile,
    Question,
    Rule,
    Scoring,
    Source,
)
from degreefit.quoting import did_you_mean, straight_quotes


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


_NO_CITE = Cite("", "")


def _as_source_spells(cite: Cite, sources: Iterable[Source]) -> Cite:
    """The cite with its section heading spelt as its source spells it, when the two differ only
    in straight and typographic quotes (' for ’, " for “): an advisor types the one, a source
    prints the other. Any other difference is left for the cross-reference checks to report."""
    source = next((s for s in sources if s.id == cite.source), None)
    if source is None or any(s.heading == cite.section for s in source.sections):
        return cite
    wanted = straight_quotes(cite.section)
    spelt = next((s.heading for s in source.sections if straight_quotes(s.heading) == wanted), None)
    return cite if spelt is None else cite._replace(section=spelt)


def claim_as_source_spells(claim: Claim, sources: Iterable[Source]) -> Claim:
    """The claim with its section spelt as its source spells it (see `_as_source_spells`)."""
    return claim._replace(section=_as_source_spells(claim.cite, sources).section)


def degree_as_source_spells(degree: Degree, sources: Iterable[Source]) -> Degree:
    """The degree with its cites, and those of its profile, spelt as their sources spell them."""
    profile = Profile(
        *(
            tuple(fact._replace(cite=_as_source_spells(fact.cite, sources)) for fact in facts)
            for facts in degree.profile
        )
    )
    return degree._replace(cite=_as_source_spells(degree.cite, sources), profile=profile)


def rule_record(
    entry: RuleEntry, claims: Mapping[str, Claim], scoring: Scoring, sources: Iterable[Source]
) -> Rule:
    """A rule record: its points come from its claim's level, less the scale's discount when the
    claim's source says it was written by AI (0 while the claim or level is unknown, which the
    cross-reference checks report)."""
    claim = claims.get(entry.claim)
    known = claim is not None and any(level.name == claim.level for level in scoring.levels)
    points = float(scoring.points(claim.level)) if claim is not None and known else 0.0
    if claim is not None and any(s.id == claim.source and s.ai_written for s in sources):
        points = max(points - scoring.ai_written_discount, 0.0)
    effects = {code: points if way == "for" else -points for code, way in entry.effects.items()}
    reasons = entry.reason if isinstance(entry.reason, dict) else {}
    default = entry.reason if isinstance(entry.reason, str) and entry.reason else ""
    says = claim.says if claim is not None else ""
    cite = claim.cite if claim is not None else _NO_CITE
    bears_on = claim.bears_on if claim is not None else "goals"
    return Rule(
        entry.id, entry.when, effects, default or says, cite, entry.claim, reasons, bears_on, entry.conflict
    )


def gate_record(entry: GateEntry, claims: Mapping[str, Claim]) -> Gate:
    """A gate record: its cite comes from its claim (none while the claim is unknown)."""
    claim = claims.get(entry.claim)
    cite = claim.cite if claim is not None else _NO_CITE
    return Gate(entry.id, entry.degree, entry.status, entry.when, entry.reason, cite, entry.claim)


def note_record(entry: NoteEntry, claims: Mapping[str, Claim]) -> Note:
    """A note record: its degrees, cite and (unless it words its own) text come from its claim."""
    claim = claims.get(entry.claim)
    if claim is None:
        return Note(entry.id, entry.claim, entry.when, (), entry.text, _NO_CITE)
    text = entry.text or claim.says
    return Note(
        entry.id, entry.claim, entry.when, claim.degrees, text, claim.cite, claim.program, claim.as_of
    )
