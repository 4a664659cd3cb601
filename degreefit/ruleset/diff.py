"""`degreefit rules diff OLD NEW`: what an edit to a rule set changes (`edits`), and whose advice
it changes (`impact`), for the people chosen here: one person's answers (--answers), a cohort
(--cohort), or NEW's test cases with a fixed sample of random answer sets."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, NamedTuple

from degreefit.conditions import by_id
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
        people, origin = _cohort_people(cohort, after), printable(cohort)
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


def _cohort_people(source: str, ruleset: RuleSet) -> Iterator[Person]:
    """The people of a cohort file, read as `batch` reads it, one per row; a row that cannot be read
    is a person with its error. The input is opened (or refused) here, and closed once the last
    person is read."""
    from degreefit.batch.read import open_input

    stream = open_input(source)
    return _people(stream, source, ruleset)


def _people(stream: IO[bytes], source: str, ruleset: RuleSet) -> Iterator[Person]:
    from degreefit.batch.read import format_of, read_rows
    from degreefit.batch.rows import Rejected, shown_id

    try:
        questions = by_id(ruleset.questions)
        rows = read_rows(stream, name=printable(source), read_as=format_of(source), questions=questions)
        for row in rows:
            label = f"{printable(source)}:{row.line}" + (
                f" (id {shown_id(row.id)})" if row.id is not None else ""
            )
            if isinstance(row, Rejected):
                yield Person(label, {}, row.error)
            elif not isinstance(row.data, dict):
                yield Person(label, {}, f"{label}: expected a JSON object whose keys are question ids")
            else:
                yield Person(label, row.data)
    finally:
        if source != "-":
            stream.close()
