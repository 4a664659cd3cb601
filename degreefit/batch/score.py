"""Scoring a batch's rows with one engine: each row's verdict, or why `ask` would refuse it,
found once for the rows that answer alike; and the cohort's tallies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from typing import Any

from degreefit.answers import QuickCheck, require_complete, validate
from degreefit.answerspace import AnswerSpace
from degreefit.batch.faults import HERE, fault_key, noted, trimmed
from degreefit.batch.rows import REMEMBERED, Rejected, Row, Scored, Verdict
from degreefit.engine import Engine, Outcome
from degreefit.errors import AnswersError
from degreefit.explain import is_close, lead, rests_on
from degreefit.models import AnswerValue, RuleSet
from degreefit.scorecurve import score

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
        # A lead wider than this many points survives leaving out any one claim, which moves each
        # degree by at most its level (so the gap between two by at most twice the top level).
        self._sure_gap = 2 * max((level.points for level in ruleset.scoring.levels), default=0)
        self._unsure: set[Outcome] = set()  # outcomes whose firmness depends on which claims fired
        self._rests: dict[tuple[str, ...], bool] = {}  # ids of the rules and gates that fired -> rests on one
        self.tops: Counter[str] = Counter()
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
                shown = row.id if row.id is None or len(row.id) <= 40 else row.id[:37] + "..."
                where = f"{self.name}:{row.line}" + (f" (id {shown})" if shown is not None else "")
                return Rejected(row.line, row.id, kept.replace(HERE, where))
        outcome = self.engine.outcome(kept)
        verdict = self._verdicts.get(outcome) or self._verdict(outcome)
        if outcome in self._unsure:  # as `ask` says: a pick that rests on one claim is a close call
            verdict = verdict._replace(close_call=self._rests_on_one(kept))
        self.tops[verdict.top] += 1
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

    def _rests_on_one(self, kept: Mapping[str, AnswerValue]) -> bool:
        """Whether the top pick rests on a claim, decided once for each set of rules that fired."""
        rules, gates = self.engine.fired(kept)
        fired = tuple(rule.id for rule in rules) + tuple(gate.id for gate in gates)
        found = self._rests.get(fired)
        if found is None:
            if len(self._rests) >= REMEMBERED:
                self._rests.clear()
            found = self._rests[fired] = bool(rests_on(self.engine.recommend(kept), self.ruleset))
        return found

    def _verdict(self, outcome: Outcome) -> Verdict:
        order = self.engine.order(outcome)
        spread = self.ruleset.scoring.spread
        scores = tuple(score(points, spread) for points in outcome.points)
        by_code = dict(zip(self.engine.codes, scores, strict=True))
        margin = lead(by_code[order[0]], by_code[order[1]])
        close = is_close(margin, self.ruleset)
        # Gates that close every degree leave no fit to name: the row's top is empty (JSON null).
        verdict = Verdict("" if outcome.none_open else order[0], scores, outcome.statuses, margin, close)
        if len(self._verdicts) >= REMEMBERED:
            self._verdicts.clear()
            self._unsure.clear()
        self._verdicts[outcome] = verdict
        top = self.engine.codes.index(order[0])
        others = [p for i, p in enumerate(outcome.points) if i != top]
        if not close and any(outcome.points[top] - p <= self._sure_gap for p in others):
            self._unsure.add(outcome)
        return verdict

    def summary(self) -> dict[str, Any]:
        """How many people each degree suits best, close calls, rejected rows."""
        scored = sum(self.tops.values())
        return {
            "rows": scored + self.rejected,
            "scored": scored,
            "rejected": self.rejected,
            "close_calls": self.close_calls,
            "top": {code: self.tops.get(code, 0) for code in self.engine.codes},
            "none_open": self.tops.get("", 0),  # people every degree is closed to
        }
