"""`degreefit rules diff OLD NEW`: what an edit to a rule set changes.

First the edit itself: claims, rules, gates, notes, degrees, questions, sources and the scale
added, removed or changed, a claim whose points change called reweighted. Then its effect on
advice: the same people are ranked under both rule sets and every change of first place is
counted, from what to what, with the largest score moves and one example person for each.
Pure: the command line reads the files and prints.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from degreefit.answers import as_json, validate
from degreefit.answerspace import AnswerSpace, random_answers
from degreefit.engine import Engine, Outcome, score
from degreefit.errors import AnswersError
from degreefit.explain import listed
from degreefit.models import AnswerValue, Claim, Gate, Note, Question, Rule, RuleSet

SAMPLE_SEED = 2025  # a fixed seed: the same two rule sets always get the same verdict
SAMPLE_SIZE = 2000
MOVES_SHOWN = 5


class Edit(NamedTuple):
    """One thing the edit changed: `kind` (claim, rule, ...), its id, how (added, removed,
    changed, reweighted), and what changed, in words."""

    kind: str
    id: str
    how: str
    detail: str = ""


class Person(NamedTuple):
    """Someone to rank under both rule sets: who (a case id, a cohort row, a sample number) and
    the answers as written."""

    label: str
    data: Mapping[str, object]
    error: str = ""  # why the row could not be read as answers, if it could not


class Shift(NamedTuple):
    """People whose first place went from `before` to `after` (degree codes tied for first)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    people: int
    example: Person


class Move(NamedTuple):
    """The largest change of one degree's score (0-100), and whose."""

    degree: str
    before: float
    after: float
    example: Person


class Impact(NamedTuple):
    """The edit's effect on the advice of the people compared."""

    compared: int
    skipped: int
    skipped_example: str
    shifts: tuple[Shift, ...]
    moves: tuple[Move, ...]
    origin: str

    @property
    def changed(self) -> int:
        return sum(shift.people for shift in self.shifts)


# --- the edit ---------------------------------------------------------------------------


def edits(old: RuleSet, new: RuleSet) -> list[Edit]:
    """Everything that differs between two rule sets, item by item, by id."""
    found: list[Edit] = []
    found += _scale_edits(old, new)
    found += _items(
        "claim", _by_id(old.claims), _by_id(new.claims), lambda a, b: _claim_change(a, b, old, new)
    )
    for kind, before, after in (
        ("rule", _by_id(old.rules), _by_id(new.rules)),
        ("gate", _by_id(old.gates), _by_id(new.gates)),
        ("note", _by_id(old.notes), _by_id(new.notes)),
    ):
        found += _items(kind, before, after, _use_change)
    found += _items(
        "degree",
        {d.code: d for d in old.degrees},
        {d.code: d for d in new.degrees},
        lambda a, b: _fields_changed(a, b, ("name", "summary", "cite", "profile")),
    )
    found += _items("question", _by_id(old.questions), _by_id(new.questions), _question_change)
    found += _items(
        "source",
        _by_id(old.sources),
        _by_id(new.sources),
        lambda a, b: _fields_changed(a, b, ("title", "publisher", "url", "provenance", "sections")),
    )
    return found


def _by_id(items: Iterable[Any]) -> dict[str, Any]:
    return {item.id: item for item in items}


def _items(kind: str, before: Mapping[str, Any], after: Mapping[str, Any], change: Any) -> list[Edit]:
    found = []
    for key, item in after.items():
        if key not in before:
            found.append(Edit(kind, key, "added", _summary(item)))
        elif before[key] != item:
            how, detail = change(before[key], item)
            if how:
                found.append(Edit(kind, key, how, detail))
    found += [Edit(kind, key, "removed", _summary(item)) for key, item in before.items() if key not in after]
    return found


def _summary(item: Any) -> str:
    if isinstance(item, Claim):
        return f"{item.level}, of {', '.join(item.degrees)}"
    if isinstance(item, Rule):
        return f"claim {item.claim}: {_effects(item)}"
    if isinstance(item, Gate):
        return f"claim {item.claim}: {item.degree} {item.status.replace('_', ' ')}"
    if isinstance(item, Note):
        return f"claim {item.claim}"
    return ""


def _effects(rule: Rule) -> str:
    return ", ".join(f"{code} {'for' if points > 0 else 'against'}" for code, points in rule.effects.items())


def _scale_edits(old: RuleSet, new: RuleSet) -> list[Edit]:
    found = []
    before = {level.name: level.points for level in old.scoring.levels}
    after = {level.name: level.points for level in new.scoring.levels}
    for name, points in after.items():
        if name not in before:
            found.append(Edit("level", name, "added", f"{points} points"))
        elif before[name] != points:
            using = sum(claim.level == name for claim in new.claims)
            found.append(
                Edit("level", name, "reweighted", f"{before[name]} -> {points} points ({using} claims)")
            )
    found += [Edit("level", name, "removed", "") for name in before if name not in after]
    for field in ("spread", "close_call_below"):
        was, now = getattr(old.scoring, field), getattr(new.scoring, field)
        if was != now:
            found.append(Edit("scoring", field, "changed", f"{was:g} -> {now:g}"))
    return found


def _points(ruleset: RuleSet, level: str) -> int | None:
    return next((lv.points for lv in ruleset.scoring.levels if lv.name == level), None)


def _claim_change(a: Claim, b: Claim, old: RuleSet, new: RuleSet) -> tuple[str, str]:
    others = _fields_changed(a, b, ("source", "section", "says", "hedge", "degrees", "who", "unused"))[1]
    if a.level != b.level:
        points = f"{_points(old, a.level)} -> {_points(new, b.level)} points"
        detail = f"{a.level} -> {b.level} ({points})" + (f"; {others}" if others else "")
        return "reweighted", detail
    return ("changed", others) if others else ("", "")


def _use_change(a: Any, b: Any) -> tuple[str, str]:
    """How a rule, gate or note changed; a rule's direction or degrees changing reweights it."""
    parts = []
    if a.claim != b.claim:
        parts.append(f"claim {a.claim} -> {b.claim}")
    if isinstance(a, Rule) and isinstance(b, Rule) and a.effects != b.effects:
        was = {code: "for" if p > 0 else "against" for code, p in a.effects.items()}
        now = {code: "for" if p > 0 else "against" for code, p in b.effects.items()}
        if was != now:
            moved = [
                f"{code} {was.get(code, 'nothing')} -> {now.get(code, 'nothing')}"
                for code in dict.fromkeys([*was, *now])
                if was.get(code) != now.get(code)
            ]
            return "reweighted", "; ".join([*parts, *moved])
    if isinstance(a, Gate) and isinstance(b, Gate) and (a.degree, a.status) != (b.degree, b.status):
        parts.append(f"{a.degree} {a.status} -> {b.degree} {b.status}")
    if a.when != b.when:
        parts.append("condition changed")
    wording = (
        ("reason", "reasons") if isinstance(a, Rule) else ("reason",) if isinstance(a, Gate) else ("text",)
    )
    if any(getattr(a, f) != getattr(b, f) for f in wording):
        parts.append("reworded")
    return ("changed", "; ".join(parts)) if parts else ("", "")


def _question_change(a: Question, b: Question) -> tuple[str, str]:
    parts = []
    was, now = a.choice_values(), b.choice_values()
    added = [v for v in now if v not in was]
    gone = [v for v in was if v not in now]
    if added:
        parts.append(f"choices added: {', '.join(added)}")
    if gone:
        parts.append(f"choices removed: {', '.join(gone)}")
    other = _fields_changed(a, b, ("kind", "prompt", "topic", "help", "min", "max", "required", "when"))[1]
    if other:
        parts.append(other)
    return ("changed", "; ".join(parts)) if parts else ("", "")


def _fields_changed(a: Any, b: Any, fields: Sequence[str]) -> tuple[str, str]:
    changed = [field for field in fields if getattr(a, field) != getattr(b, field)]
    return ("changed", f"{', '.join(changed)} changed") if changed else ("", "")


# --- the people -------------------------------------------------------------------------


def sample(ruleset: RuleSet, size: int = SAMPLE_SIZE, seed: int = SAMPLE_SEED) -> Iterator[Person]:
    """`size` random valid answer sets of `ruleset`, the same ones every time."""
    rng = random.Random(seed)
    for number in range(1, size + 1):
        yield Person(f"sample {number}", as_json(random_answers(ruleset, rng)))


class _Ranker:
    """Validates a person's answers for one rule set and gives their standing."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.engine = Engine(ruleset)
        self.space = AnswerSpace(ruleset)

    def answers(self, data: Mapping[str, object]) -> Mapping[str, AnswerValue]:
        """The person's valid answers to this rule set's questions (an answer to a question it
        does not ask is left out, so that adding a question can be compared); AnswersError when
        they are not valid."""
        known = {key: value for key, value in data.items() if key in self.space.questions}
        checked = validate(known, self.ruleset, name="answers", space=self.space, complete=True)
        if checked.missing:
            raise AnswersError(f"missing required answers: {', '.join(checked.missing)}")
        return checked.values

    def scores(self, outcome: Outcome) -> dict[str, float]:
        spread = self.ruleset.scoring.spread
        return {
            code: score(points, spread)
            for code, points in zip(self.engine.codes, outcome.points, strict=True)
        }


def impact(old: RuleSet, new: RuleSet, people: Iterable[Person], origin: str) -> Impact:
    """Rank each person under both rule sets; count and describe what changes."""
    before, after = _Ranker(old), _Ranker(new)
    compared = skipped = 0
    skipped_example = ""
    shifts: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Any]] = {}
    moves: dict[str, Move] = {}
    for person in people:
        if person.error:
            skipped += 1
            skipped_example = skipped_example or person.error.splitlines()[0]
            continue
        try:
            outcomes = []
            for side, ranker in (("OLD", before), ("NEW", after)):
                try:
                    outcomes.append(ranker.engine.outcome(ranker.answers(person.data)))
                except AnswersError as err:
                    raise AnswersError(f"{person.label}: not valid for {side}: {err.message}") from None
        except AnswersError as err:
            skipped += 1
            skipped_example = skipped_example or err.message.splitlines()[0]
            continue
        compared += 1
        was, now = outcomes
        first_before = before.engine.tied_for_first(was)
        first_after = after.engine.tied_for_first(now)
        if first_before != first_after:
            key = (first_before, first_after)
            if key in shifts:
                shifts[key][0] += 1
            else:
                shifts[key] = [1, person]
        scores_before, scores_after = before.scores(was), after.scores(now)
        for code in dict.fromkeys([*scores_before, *scores_after]):
            one, two = scores_before.get(code, 0.0), scores_after.get(code, 0.0)
            if code not in scores_before or code not in scores_after:
                continue  # a degree added or removed has no move, only its place in the shifts
            best = moves.get(code)
            if abs(two - one) > 0 and (best is None or abs(two - one) > abs(best.after - best.before)):
                moves[code] = Move(code, one, two, person)
    ordered = sorted(shifts.items(), key=lambda item: -item[1][0])
    largest = sorted(moves.values(), key=lambda m: -abs(m.after - m.before))[:MOVES_SHOWN]
    return Impact(
        compared,
        skipped,
        skipped_example,
        tuple(Shift(b, a, count, example) for (b, a), (count, example) in ordered),
        tuple(largest),
        origin,
    )


# --- the report -------------------------------------------------------------------------


def first_place(codes: Sequence[str]) -> str:
    """Who is in first place, in words: "MMM", or "MHA and MBA tied"."""
    return codes[0] if len(codes) == 1 else f"{listed(codes)} tied"


def as_text(old: str, new: str, changes: Sequence[Edit], effect: Impact) -> str:
    """The diff for people: the edit, then its effect on the advice."""
    lines = [f"rules diff {old} -> {new}", ""]
    if changes:
        lines.append(f"What the edit changes ({len(changes)}):")
        width = max(len(f"{e.kind} {e.id}") for e in changes)
        for edit in changes:
            detail = f": {edit.detail}" if edit.detail else ""
            lines.append(f"  {edit.how:<10} {f'{edit.kind} {edit.id}':<{width}}{detail}")
    else:
        lines.append("The rule sets hold the same claims, rules, gates, notes, degrees and questions.")
    lines += ["", f"Its effect on {effect.compared:,} people ({effect.origin}):"]
    if effect.skipped:
        why = f"not answers both rule sets accept (first: {effect.skipped_example})"
        lines.append(f"  {effect.skipped:,} skipped: {why}")
    share = f" ({100 * effect.changed / effect.compared:.1f}%)" if effect.compared else ""
    lines.append(f"  first place changes for {effect.changed:,}{share}")
    for shift in effect.shifts:
        move = f"{first_place(shift.before)} -> {first_place(shift.after)}"
        lines.append(f"    {shift.people:>6,}  {move}")
        lines.append(_example(shift.example))
    if effect.moves:
        lines.append("  largest score moves:")
        for m in effect.moves:
            lines.append(f"    {m.degree} {m.after - m.before:+.1f} ({m.before:.1f} -> {m.after:.1f})")
            lines.append(_example(m.example))
    elif effect.compared:
        lines.append("  no score moves")
    return "\n".join(lines) + "\n"


def _example(person: Person) -> str:
    """An example person, wrapped to 100 columns under its change."""
    indent = " " * 12
    return textwrap.fill(
        f"e.g. {describe(person)}",
        width=100,
        initial_indent=indent,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    )


def describe(person: Person) -> str:
    """A person in one line: who, then their answers."""
    answers = ", ".join(f"{key}={_shown(value)}" for key, value in person.data.items())
    return f"{person.label}: {answers}"


def _shown(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_json_document(old: str, new: str, changes: Sequence[Edit], effect: Impact) -> dict[str, Any]:
    """The diff for programs."""

    def person(p: Person) -> dict[str, Any]:
        return {"who": p.label, "answers": dict(p.data)}

    return {
        "old": old,
        "new": new,
        "edits": [edit._asdict() for edit in changes],
        "people": {
            "compared": effect.compared,
            "skipped": effect.skipped,
            "from": effect.origin,
            "first_place_changed": effect.changed,
        },
        "shifts": [
            {"from": list(s.before), "to": list(s.after), "count": s.people, "example": person(s.example)}
            for s in effect.shifts
        ],
        "largest_moves": [
            {"degree": m.degree, "before": m.before, "after": m.after, "example": person(m.example)}
            for m in effect.moves
        ],
    }
