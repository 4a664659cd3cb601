"""What an edit of a rule set changes, item by item: claims, rules, gates, notes, degrees,
questions, sources and the scale added, removed or changed, a claim whose points change called
reweighted. The first half of `rules diff`; `impact` is the second."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from degreefit.models import Claim, Degree, Gate, Note, Question, Rule, RuleSet, Source

How = Literal["added", "removed", "changed", "reweighted"]


class Edit(NamedTuple):
    """One thing the edit changed: `kind` (claim, rule, ...), its id, how (added, removed,
    changed, reweighted), and what changed, in words."""

    kind: str
    id: str
    how: How
    detail: str = ""


def edits(old: RuleSet, new: RuleSet) -> list[Edit]:
    """Everything that differs between two rule sets, item by item, by id."""
    found = _scale_edits(old, new)
    found += _items(
        "claim", _by_id(old.claims), _by_id(new.claims), lambda a, b: _claim_change(a, b, old, new)
    )
    found += _items("rule", _by_id(old.rules), _by_id(new.rules), _rule_change)
    found += _items("gate", _by_id(old.gates), _by_id(new.gates), _gate_change)
    found += _items("note", _by_id(old.notes), _by_id(new.notes), _note_change)
    degrees_before, degrees_after = {d.code: d for d in old.degrees}, {d.code: d for d in new.degrees}
    found += _items("degree", degrees_before, degrees_after, lambda a, b: _others(a, b, ("code",)))
    if [c for c in degrees_before if c in degrees_after] != [c for c in degrees_after if c in degrees_before]:
        found.append(Edit("degrees", "order", "changed", " ".join(degrees_after)))
    found += _items("question", _by_id(old.questions), _by_id(new.questions), _question_change)
    found += _items("source", _by_id(old.sources), _by_id(new.sources), _source_change)
    return found


Change = Callable[[Any, Any], tuple[How, str]]


def _by_id(items: Iterable[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _items(kind: str, before: Mapping[str, Any], after: Mapping[str, Any], change: Change) -> list[Edit]:
    found = []
    for key, item in after.items():
        if key not in before:
            found.append(Edit(kind, key, "added", _summary(item)))
        elif before[key] != item:
            how, detail = change(before[key], item)
            found.append(Edit(kind, key, how, detail))
    found += [Edit(kind, key, "removed", _summary(item)) for key, item in before.items() if key not in after]
    return found


def _summary(item: object) -> str:
    if isinstance(item, Claim):
        return f"{item.level}, of {', '.join(item.degrees)}"
    if isinstance(item, Rule):
        return f"claim {item.claim}: " + ", ".join(f"{code} {_way(p)}" for code, p in item.effects.items())
    if isinstance(item, Gate):
        return f"claim {item.claim}: {item.degree} {item.status.replace('_', ' ')}"
    if isinstance(item, Note):
        return f"claim {item.claim}"
    if isinstance(item, Degree):
        return item.name
    if isinstance(item, Question):
        return f"{item.kind}: {item.prompt}"
    if isinstance(item, Source):
        return item.title
    return ""


def _way(points: float | None) -> str:
    """A rule's effect on a degree in words: "for (+3)", "against (-2)", "nothing"."""
    if points is None:
        return "nothing"
    return f"{'for' if points > 0 else 'against'} ({points:+g})"


def _scale_edits(old: RuleSet, new: RuleSet) -> list[Edit]:
    found = []
    before = {level.name: level.points for level in old.scoring.levels}
    after = {level.name: level.points for level in new.scoring.levels}
    for name, points in after.items():
        if name not in before:
            found.append(Edit("level", name, "added", f"{points} points"))
        elif before[name] != points:
            level_of = {claim.id: claim.level for claim in new.claims}
            using = sum(level_of.get(rule.claim) == name for rule in new.rules)
            found.append(
                Edit("level", name, "reweighted", f"{before[name]} -> {points} points ({using} rules use it)")
            )
    found += [Edit("level", name, "removed", "") for name in before if name not in after]
    for field in ("ai_written_discount",):
        was, now = getattr(old.scoring, field), getattr(new.scoring, field)
        if was != now:
            found.append(Edit("scoring", field, "changed", f"{was:g} -> {now:g}"))
    return found


def _points(ruleset: RuleSet, level: str) -> int | None:
    return next((lv.points for lv in ruleset.scoring.levels if lv.name == level), None)


def _claim_change(a: Claim, b: Claim, old: RuleSet, new: RuleSet) -> tuple[How, str]:
    others = _others(a, b, ("id", "level"))[1]
    if a.level == b.level:
        return "changed", others
    points = f"{_points(old, a.level)} -> {_points(new, b.level)} points"
    return "reweighted", "; ".join(part for part in (f"{a.level} -> {b.level} ({points})", others) if part)


def _rule_change(a: Rule, b: Rule) -> tuple[How, str]:
    """How a rule changed; when a degree's points change (its claim's level, its direction, the
    degrees it moves), it is reweighted."""
    parts = [f"claim {a.claim} -> {b.claim}"] if a.claim != b.claim else []
    parts += [
        f"{code} {_way(a.effects.get(code))} -> {_way(b.effects.get(code))}"
        for code in dict.fromkeys([*a.effects, *b.effects])
        if a.effects.get(code) != b.effects.get(code)
    ]
    parts += _use_parts(a, b, ("reason", "reasons"))
    parts.append(_others(a, b, ("id", "claim", "effects", "when", "reason", "reasons", "cite"))[1])
    return ("reweighted" if a.effects != b.effects else "changed"), _joined(parts)


def _gate_change(a: Gate, b: Gate) -> tuple[How, str]:
    parts = [f"claim {a.claim} -> {b.claim}"] if a.claim != b.claim else []
    if (a.degree, a.status) != (b.degree, b.status):
        parts.append(f"{a.degree} {a.status} -> {b.degree} {b.status}")
    parts += _use_parts(a, b, ("reason",))
    parts.append(_others(a, b, ("id", "claim", "degree", "status", "when", "reason", "cite"))[1])
    return "changed", _joined(parts)


def _note_change(a: Note, b: Note) -> tuple[How, str]:
    parts = [f"claim {a.claim} -> {b.claim}"] if a.claim != b.claim else []
    parts += _use_parts(a, b, ("text",))
    parts.append(_others(a, b, ("id", "claim", "when", "text", "cite", "degrees"))[1])
    return "changed", _joined(parts)


def _use_parts(a: Any, b: Any, wording: Sequence[str]) -> list[str]:
    parts = ["condition changed"] if a.when != b.when else []
    if any(getattr(a, field) != getattr(b, field) for field in wording):
        parts.append("reworded")
    return parts


def _question_change(a: Question, b: Question) -> tuple[How, str]:
    listed = _list_change("choices", a.choice_values(), b.choice_values(), a.choices != b.choices)
    return "changed", _joined([*listed, _others(a, b, ("id", "choices"))[1]])


def _source_change(a: Source, b: Source) -> tuple[How, str]:
    headings = ([s.heading for s in a.sections], [s.heading for s in b.sections])
    listed = _list_change("sections", *headings, a.sections != b.sections)
    return "changed", _joined([*listed, _others(a, b, ("id", "sections"))[1]])


def _list_change(name: str, was: Sequence[str], now: Sequence[str], differs: bool) -> list[str]:
    """A list's items added and removed, by name; or, when only their order or wording around
    them changed, that."""
    added = [item for item in now if item not in was]
    gone = [item for item in was if item not in now]
    parts = [f"{name} added: {', '.join(added)}"] if added else []
    if gone:
        parts.append(f"{name} removed: {', '.join(gone)}")
    if differs and not parts:
        parts.append(f"{name} reworded or reordered")
    return parts


def _others(a: Any, b: Any, handled: Sequence[str]) -> tuple[How, str]:
    """Every other field that differs, by name: "help, actionable changed"."""
    changed = [f for f in a._fields if f not in handled and getattr(a, f) != getattr(b, f)]
    return "changed", f"{', '.join(changed)} changed" if changed else ""


def _joined(parts: Iterable[str]) -> str:
    return "; ".join(part for part in parts if part)
