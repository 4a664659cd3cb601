"""`degreefit rules diff OLD NEW`: what an edit to a rule set changes (`edits`), and whose advice
it changes (`impact`), for the people chosen here: one person's answers (--answers), a cohort
(--cohort), or NEW's test cases with a fixed sample of random answer sets."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from degreefit.errors import AnswersError, DegreefitError, RulesError
from degreefit.models import RuleSet
from degreefit.quoting import counted, printable
from degreefit.ruleset.edits import Edit, edits
from degreefit.ruleset.impact import SAMPLE_SEED, SAMPLE_SIZE, Impact, Person, impact, sample
from degreefit.ruleset.load import load_ruleset


class Compared(NamedTuple):
    """The edit, and its effect on the advice of the people compared."""

    changes: list[Edit]
    effect: Impact

    @property
    def failure(self) -> str:
        """Why there is no verdict on the advice ("" when there is): say why rather than "no change"."""
        if self.effect.compared:
            return ""
        return f"no one could be ranked under both rule sets: {self.effect.skipped_example}"


def run(
    old: Path,
    new: Path,
    *,
    answers: str | None,
    cohort: str | None,
    sample_size: int | None,
) -> Compared:
    """Compare the rule sets in `old` and `new` for the people chosen by `answers`, `cohort` or
    `sample_size` (at most one of the first two; the last only without them)."""
    if answers is not None and cohort is not None:
        raise DegreefitError("give --answers or --cohort, not both")
    if sample_size is not None and (answers is not None or cohort is not None):
        raise DegreefitError(
            "--sample adds random people to NEW's test cases; leave it out with --answers or --cohort"
        )
    before, after = _load_both(old, new)
    people: Iterable[Person]
    if answers is not None:
        people, origin = _one_person(answers)
    elif cohort is not None:
        from degreefit.batch.read import cohort_people  # read as `batch` reads it

        people, origin = cohort_people(cohort, after), printable(cohort)
    else:
        from degreefit.ruleset.casefile import read_cases

        # Cases whose answers NEW no longer accepts are compared where OLD can, or skipped.
        mine = [Person(f"case {c.entry.id}", c.entry.answers, case=True) for c in read_cases(new)]
        size = SAMPLE_SIZE if sample_size is None else sample_size
        people = [*mine, *sample(after, size)]
        sampled = f"{counted(size, 'random answer set')}, seed {SAMPLE_SEED}"
        origin = f"{counted(len(mine), 'test case')} of NEW and {sampled}"
    changes = edits(before, after)
    return Compared(changes, impact(before, after, people, origin))


def _load_both(old: Path, new: Path) -> tuple[RuleSet, RuleSet]:
    """OLD's and NEW's rule sets; when both are broken, the problems of both, OLD's first."""
    try:
        before = load_ruleset(old)
    except RulesError as broken:
        try:
            load_ruleset(new)
        except RulesError as also:
            raise DegreefitError(f"{broken.message}\n{also.message}") from None
        raise
    return before, load_ruleset(new)


def _one_person(answers: str) -> tuple[list[Person], str]:
    """The one person of an answers file, and the name it was read under."""
    from degreefit.inputfile import decode, read_source

    name, raw = read_source(answers)
    data = decode(name, raw)
    if not isinstance(data, dict):
        raise AnswersError(f"{name}: expected a JSON object whose keys are question ids")
    return [Person(name, data)], name
