"""An edit's effect on advice: the same people are ranked under both rule sets and every change
of first place is counted, from what to what, with the largest moves of goal and cost points and
one example person for each. The second half of `rules diff`; pure: the people come from the caller.

First place is the engine's one ranking read (`Standings.first`): the degrees open now that share
it, compared as a set, so a tie listed in another order is no change of advice, and a degree not
open yet is never first."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from typing import Literal, NamedTuple

from degreefit.answers import AnswerSpace, as_json, random_answers, validate
from degreefit.engine import Engine, Outcome
from degreefit.errors import AnswersError
from degreefit.models import AnswerValue, RuleSet

SAMPLE_SEED = 2025  # a fixed seed: the same two rule sets always get the same verdict
SAMPLE_SIZE = 2000
MOVES_SHOWN = 5


class Person(NamedTuple):
    """Someone to rank under both rule sets: who (a case id, a cohort row, a sample number) and
    the answers as written."""

    label: str
    data: Mapping[str, object]
    error: str = ""  # why the row could not be read as answers, if it could not
    case: bool = False  # one of NEW's test cases, each of whose changes is listed


Account = Literal["goals", "costs"]


class Shift(NamedTuple):
    """People whose first place went from `before` to `after` (the open degrees that share first
    place; none when no degree is open now)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    people: int
    example: Person


class Move(NamedTuple):
    """The largest change of one degree's goal or cost points, and whose; for a degree NEW adds,
    `before` is None and `after` its points furthest from 0."""

    degree: str
    account: Account
    before: float | None
    after: float
    example: Person

    @property
    def size(self) -> float:
        return abs(self.after - (0.0 if self.before is None else self.before))


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

    def first(self, outcome: Outcome) -> tuple[str, ...]:
        """The degrees open now that share first place (the engine's one ranking)."""
        return self.engine.standings(outcome).first

    def points(self, outcome: Outcome) -> dict[tuple[str, Account], float]:
        """Each degree's goal and cost points."""
        found: dict[tuple[str, Account], float] = {}
        for code, goal, cost in zip(self.engine.codes, outcome.goal, outcome.cost, strict=True):
            found[code, "goals"] = goal
            found[code, "costs"] = cost
        return found


def impact(old: RuleSet, new: RuleSet, people: Iterable[Person], origin: str) -> Impact:
    """Rank each person under both rule sets; count and describe what changes. First place is
    compared as a set of degrees: the order degrees.yaml lists a tie in is no change of advice."""
    before, after = _Ranker(old), _Ranker(new)
    compared = skipped = 0
    skipped_example = ""
    counts: Counter[tuple[frozenset[str], frozenset[str]]] = Counter()
    shifts: dict[tuple[frozenset[str], frozenset[str]], Shift] = {}
    moves: dict[tuple[str, Account], Move] = {}
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
        first_before, first_after = before.first(was), after.first(now)
        key = (frozenset(first_before), frozenset(first_after))
        if key[0] != key[1]:
            counts[key] += 1
            shifts.setdefault(key, Shift(first_before, first_after, 0, person))
            if person.case:
                cases.append(CaseShift(person.label, first_before, first_after))
        points_before = before.points(was)
        for (code, account), two in after.points(now).items():
            move = Move(code, account, points_before.get((code, account)), two, person)
            best = moves.get((code, account))
            if move.size and (best is None or move.size > best.size):
                moves[code, account] = move
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
