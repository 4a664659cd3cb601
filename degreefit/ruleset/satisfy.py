"""Valid answers that make a condition true, found exactly with bounded work.

`rules check` asks whether a rule can ever fire, whether it fires for people its claim does not
speak of, and whether two rules can fire together: each is a search for valid answers that make
a condition true. The questions are decided one at a time, in question order (a question whose
`when` does not hold is not asked); after each decision the condition is evaluated on what is
decided so far (true, false or not yet known), and a branch where it is already false is left.

Answers that no test can tell apart are tried once: a choice no test names stands for every
such choice, an integer is tried at the numbers the tests name (and their neighbours), and a
multiple-choice answer is decided a group of choices at a time, a group being the choices that
the same tests name: for every operator only none, one or all of a group matters, so 24 choices
named by one test are 3 cases, not 2**24 subsets. The first answers found are the first in
question and choice order, smallest sets first, as a person would list them.

Deciding conditions is hard in general (it is satisfiability); a search that would take more
than MAX_STEPS steps (answers tried, and parts of conditions evaluated), or hold more than
MAX_HELD values in memory (the choices picked, the parts of conditions left, at each point it
remembers), stops with Undecided rather than run for ever or exhaust the memory. No rule a
person writes comes near: a check of the built-in rules takes at most a few hundred steps.
The searches of one check share a Budget of MAX_TOTAL_STEPS: a rule set of many intricate
conditions, each within MAX_STEPS, stops with Spent, in seconds, rather than after minutes.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import NamedTuple, Union

from degreefit import kinds
from degreefit.conditions import Predicate, by_id, comparisons, compile_condition
from degreefit.models import AnswerValue, AnyOf, Comparison, Condition, Not, Question, Scalar

MAX_STEPS = 2_000_000  # answers tried and parts of conditions evaluated: a second or two
TOO_INTRICATE = (
    f"too intricate to check: telling which answers make it true would take more than {MAX_STEPS:,} "
    "steps; split it into simpler conditions (a rule each)"
)
# Values kept by one search: choices picked and parts of conditions, a few dozen bytes each, so
# that a search stays within a few hundred megabytes (one of 150 groups of choices held 1.4 GB).
MAX_HELD = 4_000_000
TOO_LARGE = (
    f"too intricate to check: telling which answers make it true would hold more than {MAX_HELD:,} "
    "values in memory; split it into simpler conditions (a rule each)"
)


# Steps of all the searches of one check together: a few seconds (the built-in rules take 1,500).
MAX_TOTAL_STEPS = 3_000_000
TOO_INTRICATE_IN_ALL = (
    f"the rule set is too intricate to check: its conditions took more than {MAX_TOTAL_STEPS:,} steps in "
    "all to check, and checking stopped here, leaving the conditions after this one unchecked; split "
    "intricate conditions into simpler ones (a rule each)"
)


class Undecided(Exception):
    """The search stopped after MAX_STEPS steps, or at MAX_HELD values held, without deciding the
    condition."""


class Spent(Exception):
    """The searches of one check used up their Budget: this search, and every later one, stopped.
    Not an Undecided: it ends the check, where Undecided ends one search."""


class Budget:
    """The steps left to the searches of one check (MAX_TOTAL_STEPS at first)."""

    def __init__(self, steps: int = MAX_TOTAL_STEPS) -> None:
        self.left = steps


class _Mode(NamedTuple):
    """How a multiple-choice question is answered: its groups decided one by one, or only with a
    choice no test names, or not at all (not asked, or skipped)."""

    name: str


_GROUPS, _OTHER, _UNANSWERED = _Mode("groups"), _Mode("other"), _Mode("unanswered")
_SKIP, _CLOSE = _Mode("skip"), _Mode("close")  # a step that does not apply; a multiple choice closed
_NONE, _ONE, _ALL = 0, 1, 2  # how much of a group is picked


class _Step(NamedTuple):
    """One decision of the search: a question's answer, a group of its choices, or the closing of
    a multiple-choice answer (decides "answer", "group" or "close"). A group's `position` among
    its question's groups: its choices are decided once the groups before it and it are."""

    question: Question
    decides: str
    group: tuple[str, ...] = ()
    position: int = 0


class _Partial(NamedTuple):
    """A multiple-choice answer being decided: the choices picked, and how many of its groups are
    decided either way (the first ones, in the order of the steps)."""

    question: str
    picked: frozenset[str]
    decided: int


class _Node(NamedTuple):
    """What is decided at a point of the search, and what the condition still asks there: True or
    False once decided whatever comes next, else the condition with its decided tests left out."""

    answers: dict[str, AnswerValue]
    settled: frozenset[str]  # questions answered, or not asked, or skipped
    partial: Union[_Partial, None]
    rest: Union[bool, Condition]


Option = Union[AnswerValue, _Mode, int]


def can_hold(condition: Condition, questions: Sequence[Question], budget: Budget | None = None) -> bool:
    """Whether some valid answers make the condition true (questions asked only when they apply);
    Undecided when that would take too long to tell, Spent when the `budget` of the check it is
    part of runs out."""
    return example(condition, questions, budget) is not None


def example(
    condition: Condition, questions: Sequence[Question], budget: Budget | None = None
) -> dict[str, AnswerValue] | None:
    """Valid answers (to the questions the condition reads, and those their `when`s read) that make
    the condition true, or None when there are none; Undecided when that takes too long to tell,
    Spent when the `budget` of the check it is part of runs out first."""
    search = _Search(condition, questions, budget.left if budget is not None else MAX_STEPS)
    try:
        return search.run()
    finally:
        if budget is not None:
            budget.left = max(budget.left - search.taken, 0)


class _Search:
    """One search. Besides pruning where the condition is already false, it remembers each point
    from which nothing was found (the step, what the condition still asks, the answers later `when`s
    read): reaching such a point again by other answers is a dead end at once, so answers that only
    matter together are not tried in every combination."""

    def __init__(self, condition: Condition, questions: Sequence[Question], left: int) -> None:
        self.limit = min(left, MAX_STEPS)  # below MAX_STEPS: the steps left to the whole check
        self.holds = compile_condition(condition)
        involved = _involved(condition, by_id(questions))
        order = [q for q in questions if q.id in involved]
        self.whens = {q.id: compile_condition(q.when) for q in order if q.when is not None}
        when_tests = [t for q in order if q.when is not None for t in comparisons(q.when)]
        self.when_read = tuple(dict.fromkeys(t.question for t in when_tests))
        read = [*comparisons(condition), *when_tests]
        self.leaves: dict[Comparison, Predicate] = {t: compile_condition(t) for t in read}
        named: dict[str, dict[Scalar, set[Comparison]]] = {}  # question -> value -> the tests naming it
        for test in read:
            for value in test.value if isinstance(test.value, tuple) else (test.value,):
                named.setdefault(test.question, {}).setdefault(value, set()).add(test)
        self.steps: list[_Step] = []
        self.decided_by: dict[str, dict[Scalar, int]] = {}  # question -> choice -> groups deciding it
        self.by_group: dict[Comparison, tuple[tuple[Scalar, ...], list[float]]] = {}
        self.domains: dict[str, list[AnswerValue]] = {}
        self.other: dict[str, str | None] = {}
        for question in order:
            values = named.get(question.id, {})
            self.steps.append(_Step(question, "answer"))
            if kinds.is_list(question.kind):
                groups = list(reversed(_groups(question, values)))
                self.steps += [_Step(question, "group", group, at) for at, group in enumerate(groups)]
                # Where each choice is decided: a count, not a set of choices a point, so that what
                # the search remembers grows with the groups picked, not with the groups decided.
                self.decided_by[question.id] = {v: at + 1 for at, group in enumerate(groups) for v in group}
                self.steps.append(_Step(question, "close"))
                self.other[question.id] = next((v for v in question.choice_values() if v not in values), None)
            else:
                self.domains[question.id] = kinds.search_values(question, values)
        self.root = _Node({}, frozenset(), None, condition)
        self.taken = 0
        self.held = 0

    def run(self) -> dict[str, AnswerValue] | None:
        if not self.steps:
            return {} if self.holds({}) else None
        failed: set[object] = set()
        stack = [(0, iter(self._options(0, self.root)), self.root, self._point(0, self.root))]
        while stack:
            index, options, node, point = stack[-1]
            option = next(options, None)
            if option is None:
                self._hold(4 + len(self.when_read))  # the point's four parts, and the answers it names
                failed.add(point)
                stack.pop()
                continue
            self._take(1)
            child = self._apply(self.steps[index], option, node)
            if child.rest is False:
                continue
            if index + 1 == len(self.steps):
                if self.holds(child.answers):  # the whole condition, once more, on the answers found
                    return child.answers
                continue
            after = self._point(index + 1, child)
            if after not in failed:
                stack.append((index + 1, iter(self._options(index + 1, child)), child, after))
        return None

    def _take(self, steps: int) -> None:
        self.taken += steps
        if self.taken > self.limit:
            if self.limit < MAX_STEPS:
                raise Spent(TOO_INTRICATE_IN_ALL)
            raise Undecided(TOO_INTRICATE)

    def _hold(self, values: int) -> None:
        """Count values made that the search may keep (a point remembered keeps what it names)."""
        self.held += values
        if self.held > MAX_HELD:
            raise Undecided(TOO_LARGE)

    def _point(self, index: int, node: _Node) -> object:
        """What the search from `node` on depends on; from equal points, equal searches."""
        return index, node.rest, node.partial, tuple(node.answers.get(q) for q in self.when_read)

    def _options(self, index: int, node: _Node) -> list[Option]:
        step = self.steps[index]
        question = step.question
        if step.decides == "answer":
            when = self.whens.get(question.id)
            if when is not None and not when(node.answers):
                return [_UNANSWERED]
            listed = kinds.is_list(question.kind)
            options: list[Option] = [_GROUPS] if listed else [*self.domains[question.id]]
            if listed and self.other[question.id] is not None:
                options.append(_OTHER)
            return options + ([] if question.required else [_UNANSWERED])
        if node.partial is None or node.partial.question != question.id:
            return [_SKIP]
        if step.decides == "group":
            return [_NONE, _ONE, _ALL] if len(step.group) > 1 else [_NONE, _ONE]
        return [_CLOSE] if node.partial.picked else []  # at least one choice

    def _apply(self, step: _Step, option: Option, node: _Node) -> _Node:
        question = step.question
        if option is _SKIP:
            return node
        if step.decides == "answer":
            if option is _UNANSWERED:
                return self._node(node, node.answers, node.settled | {question.id}, None)
            if option is _GROUPS:  # decided group by group: nothing is known yet
                return node._replace(partial=_Partial(question.id, frozenset(), 0))
            value = (self.other[question.id],) if option is _OTHER else option
            return self._answered(node, question, value)  # type: ignore[arg-type]  # a value of its domain
        partial = node.partial
        assert partial is not None
        if step.decides == "group":
            picked = partial.picked
            if option is not _NONE:  # a new set of the choices picked: the one made here is kept
                picked = picked | set(step.group[:1] if option is _ONE else step.group)
                self._hold(len(picked))
            grown = _Partial(question.id, picked, step.position + 1)
            return self._node(node, node.answers, node.settled, grown)
        return self._answered(
            node, question, tuple(v for v in question.choice_values() if v in partial.picked)
        )

    def _answered(self, node: _Node, question: Question, value: AnswerValue) -> _Node:
        return self._node(node, {**node.answers, question.id: value}, node.settled | {question.id}, None)

    def _node(
        self,
        parent: _Node,
        answers: dict[str, AnswerValue],
        settled: frozenset[str],
        partial: _Partial | None,
    ) -> _Node:
        node = _Node(answers, settled, partial, parent.rest)
        if isinstance(parent.rest, bool):  # once decided, more decisions never change it
            return node
        return node._replace(rest=self._rest(parent.rest, node))

    def _rest(self, condition: Condition, node: _Node) -> bool | Condition:
        """What the condition still asks once `node` is decided: True or False if that decides it."""
        self._take(1)
        if isinstance(condition, Comparison):
            truth = self._test(condition, node)
            return condition if truth is None else truth
        if isinstance(condition, Not):
            inner = self._rest(condition.condition, node)
            if isinstance(inner, bool):
                return not inner
            if inner is condition.condition:
                return condition  # nothing decided inside: the same condition, kept once
            self._hold(1)
            return Not(inner)
        decisive = isinstance(condition, AnyOf)  # True decides an `any`, False an `all`
        parts = []
        for part in condition.conditions:
            rest = self._rest(part, node)
            if rest is decisive:
                return decisive
            if not isinstance(rest, bool):
                parts.append(rest)
        if not parts:
            return not decisive
        if len(parts) == 1:
            return parts[0]
        if len(parts) == len(condition.conditions) and all(
            rest is part for rest, part in zip(parts, condition.conditions, strict=True)
        ):
            return condition  # nothing decided inside: the same condition, kept once
        self._hold(len(parts))
        return type(condition)(tuple(parts))

    def _test(self, test: Comparison, node: _Node) -> bool | None:
        if test.question in node.settled:
            return self.leaves[test](node.answers)  # false for a question not answered
        partial = node.partial
        if partial is None or partial.question != test.question:
            return None
        values, deciding = self._by_group(test)
        some_in = not partial.picked.isdisjoint(values)
        decided = values[: bisect_right(deciding, partial.decided)]
        all_decided = len(decided) == len(values)
        if test.op == "contains_any":
            return True if some_in else (False if all_decided else None)
        if test.op == "contains_none":
            return False if some_in else (True if all_decided else None)
        if test.op == "contains_all":
            if not partial.picked.issuperset(decided):
                return False
            return True if partial.picked.issuperset(values) else None
        return None  # no other operator applies to a multiple-choice question

    def _by_group(self, test: Comparison) -> tuple[tuple[Scalar, ...], list[float]]:
        """The values a test of a multiple-choice answer names, in the order the search decides them,
        and how many groups of the question decide each (the values of no group never are)."""
        found = self.by_group.get(test)
        if found is None:
            decided_by = self.decided_by[test.question]
            named = dict.fromkeys(test.value if isinstance(test.value, tuple) else (test.value,))
            ordered = sorted(named, key=lambda value: decided_by.get(value, math.inf))
            found = self.by_group[test] = (
                tuple(ordered),
                [decided_by.get(value, math.inf) for value in ordered],
            )
        return found


def _groups(question: Question, named: Mapping[Scalar, set[Comparison]]) -> list[tuple[str, ...]]:
    """The choices the tests name, grouped by the tests that name them (in choice order)."""
    groups: dict[frozenset[Comparison], list[str]] = {}
    for value in question.choice_values():
        if value in named:
            groups.setdefault(frozenset(named[value]), []).append(value)
    return [tuple(values) for values in groups.values()]


def _involved(condition: Condition, questions: Mapping[str, Question]) -> set[str]:
    """The questions a condition reads, and (transitively) those their `when`s read."""
    pending = [t.question for t in comparisons(condition)]
    seen: set[str] = set()
    while pending:
        qid = pending.pop()
        if qid in seen or qid not in questions:
            continue
        seen.add(qid)
        when = questions[qid].when
        if when is not None:
            pending.extend(t.question for t in comparisons(when))
    return seen
