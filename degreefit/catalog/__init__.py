"""The degrees and the sources as documents: what `degreefit degrees` and `degreefit sources`
print with --format json, and the lookups both formats share."""

from __future__ import annotations

from typing import Any

from degreefit.errors import DegreefitError
from degreefit.models import TIERS, Cite, Degree, RuleSet, Source
from degreefit.quoting import did_you_mean

NOT_COVERED = "not covered by the sources"
# The topics of a degree's profile (models.Profile), in order, with their headings.
PROFILE_TOPICS: dict[str, str] = {
    "who_for": "Who it is for",
    "admission": "Admission",
    "format": "Format",
    "duration": "Typical duration",
    "cost": "Cost",
    "focus": "Focus",
    "recognition": "Recognition",
    "examples": "Example programs",
}


def find_degree(ruleset: RuleSet, code: str) -> Degree:
    """The degree with this code, in any letter case; a clear error naming the codes otherwise."""
    for degree in ruleset.degrees:
        if degree.code.lower() == code.lower():
            return degree
    codes = [d.code for d in ruleset.degrees]
    hint = did_you_mean(code, codes, cutoff=0.5, quoted=False)
    shown = code if len(code) <= 40 else f"{code[:40]}…"  # an argument of any length, told briefly
    raise DegreefitError(f"no degree {shown!r}: the degrees are {', '.join(codes)}{hint}")


def _cite(cite: Cite) -> dict[str, str]:
    return {"source": cite.source, "section": cite.section}


def degree_json(degree: Degree) -> dict[str, Any]:
    """One degree's profile; a topic the sources do not cover is null."""
    profile: dict[str, Any] = {}
    for topic in PROFILE_TOPICS:
        facts = getattr(degree.profile, topic)
        profile[topic] = [{"text": f.text, **_cite(f.cite)} for f in facts] or None
    return {
        "code": degree.code,
        "name": degree.name,
        "summary": {"text": degree.summary, **_cite(degree.cite)},
        "profile": profile,
    }


def degrees_json(ruleset: RuleSet) -> dict[str, Any]:
    """Every degree's profile, and what a null topic means."""
    return {
        "schema_version": 1,
        "degrees": [degree_json(d) for d in ruleset.degrees],
        "null_means": NOT_COVERED,
    }


def source_json(source: Source) -> dict[str, Any]:
    """One source: title, publisher, address, provenance and section headings."""
    return {
        "id": source.id,
        "short": source.short,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "ai_written": source.ai_written,
        "tier": source.tier,
        "kind": source.kind,
        "scope": source.scope,
        "page_date": source.page_date,
        "read": source.read,
        "provenance": source.provenance or None,
        "sections": [{"heading": s.heading, "note": s.note or None} for s in source.sections],
    }


def sources_json(ruleset: RuleSet) -> dict[str, Any]:
    """Every source the rule set draws on."""
    ordered = sorted(ruleset.sources, key=lambda s: TIERS.index(s.tier))  # by tier, in file order within one
    return {"schema_version": 1, "sources": [source_json(s) for s in ordered]}
