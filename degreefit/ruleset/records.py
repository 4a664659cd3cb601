"""The records of a RuleSet built from what the rule files say: a rule, gate or note takes its
points, cite and default wording from the claim it rests on, and a cite is spelt as its source
spells it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from degreefit.models import Cite, Claim, Degree, Gate, Note, Profile, Rule, Scoring, Source
from degreefit.quoting import straight_quotes
from degreefit.ruleset.shapes import GateEntry, NoteEntry, RuleEntry

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
