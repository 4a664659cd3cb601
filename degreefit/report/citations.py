"""Citation numbers: each section of a source has one fixed number in every report of a rule set,
and a report lists exactly the sections it cited."""

from __future__ import annotations

from degreefit.models import Cite, RuleSet, Source


def citation_numbers(ruleset: RuleSet) -> dict[Cite, int]:
    """The fixed number of every (source, section) of a rule set: its place in sources.yaml,
    counting the sections of each source in turn from 1. A section has the same number in
    every report, so a change to one rule renumbers no other citation."""
    sections = [Cite(s.id, section.heading) for s in ruleset.sources for section in s.sections]
    return {cite: number for number, cite in enumerate(sections, start=1)}


class Citations:
    """The citations one report gives: each section by its fixed number (citation_numbers),
    remembered so that the report can list exactly the sections it cited."""

    def __init__(self, ruleset: RuleSet) -> None:
        self._ruleset = ruleset
        self._numbers = citation_numbers(ruleset)
        self._cited: set[Cite] = set()

    def number(self, cite: Cite) -> int:
        """The footnote number of a citation (and a note that the report cites it)."""
        self._cited.add(cite)
        return self._numbers[cite]

    @property
    def highest(self) -> int:
        """The highest number any citation of the rule set has, so a list of them can be as wide
        in every report."""
        return max(self._numbers.values(), default=0)

    def is_ai_written(self, cite: Cite) -> bool:
        """Whether the cited source says it was written by AI."""
        return self._ruleset.source(cite.source).ai_written

    def notes(self) -> list[tuple[int, Source, str]]:
        """Every section cited so far, in number order: number, source, section heading."""
        cited = sorted(self._cited, key=self._numbers.__getitem__)
        return [(self._numbers[c], self._ruleset.source(c.source), c.section) for c in cited]

    def sources(self) -> list[Source]:
        """The sources of the sections cited so far, in rule-set order."""
        used = {c.source for c in self._cited}
        return [s for s in self._ruleset.sources if s.id in used]
