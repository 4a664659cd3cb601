"""Scoring a batch's rows with one engine: each row's verdict, or why `ask` would refuse it,
found once for the rows that answer alike; and the cohort's tallies.

A verdict is read off the engine's one ranking (`Engine.standings`) and its one close call
(`engine.close_call`): nothing here ranks degrees or weighs a lead of its own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

from degreefit.answers import AnswerSpace, QuickCheck, require_complete, validate
from degreefit.batch.faults import HERE, fault_key, noted, trimmed
from degreefit.batch.rows import REMEMBERED, Rejected, Row, Scored, Verdict, shown_id
from degreefit.engine import Engine, Outcome
from degreefit.errors import AnswersError
from degreefit.models import AnswerValue, RuleSet

_REJECTIONS_REMEMBERED = 1 << 12  # messages are larger than verdicts: fewer are kept


class Scorer:
    """Scores rows with one engine, keeping the cohort's tallies.

    A clean row (the usual kind) is checked in one pass; any other goes through the checks
    `ask` makes, for their message. Rows whose answers score alike share one Verdict.
    """

    def __init__(self, ruleset: RuleSet, name: str) -> None:
        self.ruleset = ruleset
        self.name = name
        self.engine = Engine(ruleset)
        self.space = AnswerSpace(ruleset)
        self.quick = QuickCheck(self.space)
        self._verdicts: dict[Outcome, Verdict] = {}
        # A goal lead wider than this survives leaving out any one claim: a claim counts once for
        # a degree (`rules check` sees to it), so leaving it out moves each degree's goal points by
        # at most its rule's points, and the gap between two degrees by at most twice that.
        self._sure_gap = 2 * max(
            (abs(p) for rule in ruleset.rules if rule.bears_on == "goals" for p in rule.effects.values()),
            default=0.0,
        )
        self._unsure: set[Outcome] = set()  # outcomes whose firmness depends on which claims fired
        self._rests: dict[tuple[str, ...], bool] = {}  # ids of the rules and gates that fired -> rests on one
        self.tops: Counter[str] = Counter()  # people by the degree first on its own ("": none is)
        self.unplaced: Counter[str] = Counter()  # people with no degree first on its own: "tie", "none_open"
        self.close_calls = 0
        self.rejected = 0
        self._faults: dict[Hashable, str] = {}  # a fault key -> the message

    def score(self, row: Row | Rejected) -> Scored | Rejected:
        """The row's result, or why it was rejected."""
        if isinstance(row, Rejected):
            self.rejected += 1
            return row
        data = row.data
        kept: Mapping[str, AnswerValue] | str | None
        kept = self.quick.kept(data) if type(data) is dict else None
        if kept is None:
            kept = self._checked(data)
            if isinstance(kept, str):
                self.rejected += 1
                where = f"{self.name}:{row.line}" + (
                    f" (id {shown_id(row.id)})" if row.id is not None else ""
                )
                return Rejected(row.line, row.id, kept.replace(HERE, where))
        outcome = self.engine.outcome(kept)
        verdict = self._verdicts.get(outcome) or self._verdict(outcome)
        if outcome in self._unsure:  # as `ask` says: a pick that rests on one claim is a close call
            verdict = verdict._replace(close_call=self._rests_on_one(kept, outcome))
        self.tops[verdict.top] += 1
        if not verdict.top:
            self.unplaced[verdict.decided] += 1
        self.close_calls += verdict.close_call
        return Scored(row.line, row.id, verdict)

    def _checked(self, data: object) -> Mapping[str, AnswerValue] | str:
        """The answers `validate` keeps, or why `ask` would refuse them (HERE standing for where
        they are), at most a few hundred characters a problem and a line a question.

        A message is found once for the answers that share their faults (see fault_key): a
        cohort's rejected rows often do, and a did-you-mean hint is slow to find.
        """
        data, notes = trimmed(data, self.space.questions)
        key = fault_key(data, self.space)
        message = self._faults.get(key) if key is not None else None
        if message is None:
            try:
                answers = validate(data, self.ruleset, name=HERE, space=self.space, complete=True)
                return require_complete(answers, name=HERE).values  # accepted, with a warning
            except AnswersError as err:
                message = err.message
            if key is not None:
                if len(self._faults) >= _REJECTIONS_REMEMBERED:
                    self._faults.clear()
                self._faults[key] = message
        return noted(message, notes) if notes else message

    def _rests_on_one(self, kept: Mapping[str, AnswerValue], outcome: Outcome) -> bool:
        """Whether the top pick rests on a claim, decided once for each set of rules that fired
        (`Engine.rests_on_a_claim`, which finds what `rests_on` finds without a recommendation)."""
        rules, gates = self.engine.held(kept)
        fired = tuple(rule.id for rule in rules) + tuple(gate.id for gate in gates)
        found = self._rests.get(fired)
        if found is None:
            if len(self._rests) >= REMEMBERED:
                self._rests.clear()
            found = self._rests[fired] = self.engine.rests_on_a_claim(outcome, rules, gates)
        return found

    def _verdict(self, outcome: Outcome) -> Verdict:
        """The verdict for an outcome; its close call as `engine.close_call` decides it, found here
        without the claims that fired whenever the standings alone settle it."""
        standing = self.engine.standings(outcome)
        # A tie, or a first place decided by costs, is a close call outright; with no degree open
        # now there is no first place to rest on a claim.
        close = standing.close
        verdict = Verdict(
            standing.top or "",
            standing.first,
            outcome.goal,
            outcome.cost,
            outcome.statuses,
            standing.decided,
            close,
        )
        if len(self._verdicts) >= REMEMBERED:
            self._verdicts.clear()
            self._unsure.clear()
        self._verdicts[outcome] = verdict
        if standing.top is not None and not close and self._near(outcome, standing.top):
            self._unsure.add(outcome)
        return verdict

    def _near(self, outcome: Outcome, top: str) -> bool:
        """Whether leaving out one claim could change the first place: some other degree (open or
        not, since leaving out a gate's claim opens its degree) is within reach on goal points."""
        index = self.engine.codes.index(top)
        lead = outcome.goal[index]
        return any(lead - goal <= self._sure_gap for i, goal in enumerate(outcome.goal) if i != index)

    def summary(self) -> dict[str, Any]:
        """How many people each degree is first for on its own, how many have a tie for first, how
        many have no degree open now; close calls; rejected rows."""
        scored = sum(self.tops.values())
        return {
            "rows": scored + self.rejected,
            "scored": scored,
            "rejected": self.rejected,
            "close_calls": self.close_calls,
            "top": {code: self.tops.get(code, 0) for code in self.engine.codes},
            "ties": self.unplaced["tie"],
            "none_open": self.unplaced["none_open"],  # people no degree is open to now
        }
