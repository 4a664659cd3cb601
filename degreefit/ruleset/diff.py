"""`degreefit rules diff OLD NEW`: what an edit to a rule set changes.

First the edit itself: claims, rules, gates, notes, degrees, questions, sources and the scale
added, removed or changed, a claim whose points change called reweighted. Then its effect on
advice: the same people are ranked under both rule sets and every change of first place is
counted, from what to what, with the largest score moves and one example person for each.
Pure: the command line reads the files and prints.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Literal, NamedTuple

from degreefit.answers import as_json, validate
from degreefit.answerspace import AnswerSpace, random_answers
from degreefit.engine import Engine, Outcome, score
from degreefit.errors import AnswersError
from degreefit.models import AnswerValue, Claim, Degree, Gate, Note, Question, Rule, RuleSet, Source

SAMPLE_SEED = 2025  # a fixed seed: the same two rule sets always get the same verdict
SAMPLE_SIZE = 2000
MOVES_SHOWN = 5


How = Literal["added", "removed", "changed", "reweighted"]


class Edit(NamedTuple):
    """One thing the edit changed: `kind` (claim, rule, ...), its id, how (added, removed,
    changed, reweighted), and what changed, in words."""

    kind: str
    id: str
    how: How
    detail: str = ""


class Person(NamedTuple):
    """Someone to rank under both rule sets: who (a case id, a cohort row, a sample number) and
    the answers as written."""

    label: str
    data: Mapping[str, object]
    error: str = ""  # why the row could not be read as answers, if it could not
    case: bool = False  # one of NEW's test cases, each of whose changes is listed


class Shift(NamedTuple):
    """People whose first place went from `before` to `after` (degree codes tied for first)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    people: int
    example: Person


class Move(NamedTuple):
    """The largest change of one degree's score (0-100), and whose; for a degree NEW adds,
    `before` is None and `after` its highest score."""

    degree: str
    before: float | None
    after: float
    example: Person

    @property
    def size(self) -> float:
        return abs(self.after - (50.0 if self.before is None else self.before))


class CaseShift(NamedTuple):
    """A test case whose first place changes."""

    label: str
    before: tuple[str, ...]
    after: tuple[str, ...]


class Impact(NamedTuple):
    """The edit's effect on the advice of the people compared."""

    compared: int
    skipped: int
    skipped_example: str
    shifts: tuple[Shift, ...]
    moves: tuple[Move, ...]
    origin: str
    cases: tuple[CaseShift, ...] = ()

    @property
    def changed(self) -> int:
        return sum(shift.people for shift in self.shifts)


# --- the edit ---------------------------------------------------------------------------


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
    for field in ("spread", "close_call_below"):
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
    """Rank each person under both rule sets; count and describe what changes. First place is
    compared as a set of degrees: the order degrees.yaml lists a tie in is no change of advice."""
    before, after = _Ranker(old), _Ranker(new)
    compared = skipped = 0
    skipped_example = ""
    counts: Counter[tuple[frozenset[str], frozenset[str]]] = Counter()
    shifts: dict[tuple[frozenset[str], frozenset[str]], Shift] = {}
    moves: dict[str, Move] = {}
    cases: list[CaseShift] = []
    for person in people:
        try:
            if person.error:
                raise AnswersError(person.error)
            answers_before = _valid(person, before, "OLD")
            answers_after = _valid(person, after, "NEW")
        except AnswersError as err:
            skipped += 1
            skipped_example = skipped_example or err.message.splitlines()[0]
            continue
        compared += 1
        was, now = before.engine.outcome(answers_before), after.engine.outcome(answers_after)
        first_before, first_after = before.engine.tied_for_first(was), after.engine.tied_for_first(now)
        key = (frozenset(first_before), frozenset(first_after))
        if key[0] != key[1]:
            counts[key] += 1
            shifts.setdefault(key, Shift(first_before, first_after, 0, person))
            if person.case:
                cases.append(CaseShift(person.label, first_before, first_after))
        scores_before = before.scores(was)
        for code, two in after.scores(now).items():
            move = Move(code, scores_before.get(code), two, person)
            best = moves.get(code)
            if move.size and (best is None or move.size > best.size):
                moves[code] = move
    ordered = tuple(shifts[key]._replace(people=count) for key, count in counts.most_common())
    largest = sorted(moves.values(), key=lambda m: -m.size)[:MOVES_SHOWN]
    return Impact(compared, skipped, skipped_example, ordered, tuple(largest), origin, tuple(cases))


def _valid(person: Person, ranker: _Ranker, side: str) -> Mapping[str, AnswerValue]:
    """The person's answers as `ranker`'s rule set takes them; AnswersError saying whose and
    for which side when it cannot."""
    try:
        return ranker.answers(person.data)
    except AnswersError as err:
        raise AnswersError(f"{person.label}: not valid for {side}: {err.message}") from None
