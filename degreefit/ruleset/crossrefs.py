"""Cross-reference checks of a rule set whose files each have the right shape: ids used once,
degrees, claims, sources and sections that exist, conditions on known questions and values,
rules that can fire, and rules held to the claims they rest on. Each problem is at its line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from degreefit import conditions, kinds
from degreefit.errors import Loc, Problem
from degreefit.models import Condition, Question, RuleSet
from degreefit.quoting import did_you_mean, straight_quotes
from degreefit.ruleset import claimuse, conditionyaml, satisfy
from degreefit.ruleset.claimlinks import claim_link_problems, use_link_problems
from degreefit.ruleset.questionids import question_id_problem
from degreefit.ruleset.satisfy import Budget, Spent, Undecided
from degreefit.ruleset.shapes import GateEntry, RuleEntry
from degreefit.ruleset.yamlfile import ParsedFile


def cross_reference_problems(
    ruleset: RuleSet, parsed: Mapping[str, ParsedFile], rule_files: Iterable[tuple[str, Any]]
) -> list[Problem]:
    """Every cross-reference problem of `ruleset`, at its line in the file it was read from."""
    checker = _Checker(ruleset)
    questions_file = parsed["questions.yaml"]
    checker.unique(questions_file, "questions", [q.id for q in ruleset.questions], "question id")
    checker.questions(questions_file)
    # With a broken question, "can never fire" would only echo it for every rule that reads it.
    checker.check_firing = not checker.problems
    for index, question in enumerate(ruleset.questions):
        refused = question_id_problem(question.id)
        if refused:
            checker.at(questions_file, ("questions", index, "id"), refused)
    checker.unique(parsed["degrees.yaml"], "degrees", [d.code for d in ruleset.degrees], "degree code")
    if len(ruleset.degrees) < 2:
        checker.at(parsed["degrees.yaml"], ("degrees",), "a rule set compares degrees: list at least two")
    checker.unique(parsed["sources.yaml"], "sources", [s.id for s in ruleset.sources], "source id")
    for index, degree in enumerate(ruleset.degrees):
        checker.cite(parsed["degrees.yaml"], ("degrees", index, "cite"), degree.cite)
        if degree.thinly_sourced is not None and not degree.thinly_sourced.strip():
            why = 'say why the sources say too little about it, as in thinly_sourced: "..."'
            checker.at(parsed["degrees.yaml"], ("degrees", index, "thinly_sourced"), why)
        for topic in degree.profile._fields:
            for number, fact in enumerate(getattr(degree.profile, topic)):
                where: Loc = ("degrees", index, "profile", topic, number, "cite")
                checker.cite(parsed["degrees.yaml"], where, fact.cite)
    for index, source in enumerate(ruleset.sources):
        headings = [s.heading for s in source.sections]
        where_sections: Loc = ("sources", index, "sections")
        # Quotes aside, as a cite is matched: one that differs only in them could not tell them apart.
        checker.unique(parsed["sources.yaml"], where_sections, headings, "section heading", straight_quotes)
    lowest = min((level.points for level in ruleset.scoring.levels), default=0)
    if not 0 <= ruleset.scoring.ai_written_discount < max(lowest, 1):
        checker.at(
            parsed["scoring.yaml"],
            ("scoring", "ai_written_discount"),
            f"ai_written_discount must be at least 0 and less than the lowest level's points ({lowest}), "
            "so that every claim still counts",
        )
    claims_file = parsed["claims.yaml"]
    for level, key, message in claimuse.scale_problems(ruleset.scoring):
        where_level: Loc = ("scoring", "levels") if level is None else ("scoring", "levels", level, key)
        checker.at(parsed["scoring.yaml"], where_level, message)
    checker.unique(claims_file, "claims", [c.id for c in ruleset.claims], "claim id")
    for index, claim in enumerate(ruleset.claims):
        loc: Loc = ("claims", index)
        checker.cite(claims_file, loc, claim.cite)
        for key, message in claimuse.claim_problems(claim, ruleset) + claim_link_problems(claim, ruleset):
            checker.at(claims_file, (*loc, key), message)
        if claim.who is not None and checker.condition(
            claims_file, (*loc, "who"), claim.who, checker.questions_by_id
        ):
            checker.can_fire(claims_file, (*loc, "who"), claim.who)
        about = claim.disagrees.about if claim.disagrees is not None else None
        where_about: Loc = (*loc, "disagrees", "about")
        if about is not None and checker.condition(claims_file, where_about, about, checker.questions_by_id):
            checker.can_fire(claims_file, where_about, about)
    claim_ids = [c.id for c in ruleset.claims]
    uses: list[claimuse.Use] = []
    places: list[tuple[ParsedFile, Loc]] = []
    seen_ids: dict[str, str] = {}
    for name, shape in rule_files:
        one = parsed[name]
        for list_key, items in (("rules", shape.rules), ("gates", shape.gates), ("notes", shape.notes)):
            for index, item in enumerate(items):
                loc = (list_key, index)
                if item.id in seen_ids:
                    checker.at(one, (*loc, "id"), f"rule id '{item.id}' is also used in {seen_ids[item.id]}")
                seen_ids.setdefault(item.id, name)
                valid = checker.condition(one, (*loc, "when"), item.when, checker.questions_by_id)
                valid = valid and checker.can_fire(one, (*loc, "when"), item.when)
                if item.claim not in claim_ids:
                    hint = did_you_mean(item.claim, claim_ids)
                    checker.at(one, (*loc, "claim"), f"unknown claim '{item.claim}'{hint} (claims.yaml)")
                if isinstance(item, RuleEntry):
                    moved = tuple(item.effects)
                    for code in moved:
                        checker.degree(one, (*loc, "effects"), code)
                    if not moved:
                        checker.at(one, (*loc, "effects"), "a rule needs at least one effect")
                    worded = tuple(item.reason) if isinstance(item.reason, dict) else ()
                    for code in worded:
                        if code not in moved:
                            checker.at(
                                one, (*loc, "reason"), f"a reason for '{code}', which the rule does not move"
                            )
                    for key, message in _direction_problems(item, ruleset):
                        checker.at(one, (*loc, key), message)
                    ways = set(item.effects.values())
                    way = ways.pop() if len(ways) == 1 else ""
                    use = claimuse.Use("rule", item.id, item.claim, item.when, moved, worded, way)
                elif isinstance(item, GateEntry):
                    checker.degree(one, (*loc, "degree"), item.degree)
                    use = claimuse.Use("gate", item.id, item.claim, item.when, (item.degree,))
                else:
                    use = claimuse.Use("note", item.id, item.claim, item.when, ())
                if valid and checker.check_firing:
                    uses.append(use)
                    places.append((one, loc))
    if not checker.problems:  # the searches below assume a rule set whose references all hold
        found = claimuse.use_problems(uses, ruleset, checker.budget)
        if checker.budget.left > 0:  # spent: use_problems said where the check stopped
            found += use_link_problems(uses, ruleset, checker.budget)
        for finding in found:
            one, loc = places[finding.use]
            checker.at(one, (*loc, finding.key), finding.message)
    return checker.problems


def _direction_problems(rule: RuleEntry, ruleset: RuleSet) -> list[tuple[str, str]]:
    """A rule's effects against its claim: a claim counts once, so it never moves one degree up and
    another down (that would open a gap of twice its level); a cost only counts against."""
    ways = set(rule.effects.values())
    found = []
    if len(ways) > 1:
        found.append(
            (
                "effects",
                "a rule counts its claim once, so all its effects go one way (all `for` or all "
                "`against`); to count against the other degree too, write that degree's own claim",
            )
        )
    claim = next((c for c in ruleset.claims if c.id == rule.claim), None)
    if claim is not None and claim.bears_on == "costs" and "for" in ways:
        found.append(
            (
                "effects",
                f"claim '{claim.id}' bears on costs, which only count against a degree: a cost met is "
                "no reason to take it",
            )
        )
    if rule.conflict and (claim is None or claim.bears_on != "costs"):
        found.append(("conflict", "only a rule whose claim bears on costs can mark a conflict"))
    return found


class _Checker:
    """Collects cross-reference problems for one rule set."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.questions_by_id = conditions.by_id(ruleset.questions)
        self.problems: list[Problem] = []
        self.check_firing = True
        self.budget = Budget()  # the steps of every search of the check, together

    def at(self, parsed: ParsedFile, loc: Loc, message: str) -> None:
        before = len(parsed.problems)
        parsed.add(loc, message)
        self.problems.extend(parsed.problems[before:])

    def unique(
        self,
        parsed: ParsedFile,
        loc: Loc | str,
        values: list[str],
        what: str,
        same: Callable[[str], str] = str,
    ) -> None:
        """Report each value whose `same(value)` an earlier value has already had."""
        base = (loc,) if isinstance(loc, str) else loc
        seen: set[str] = set()
        for index, value in enumerate(values):
            if same(value) in seen:
                self.at(parsed, (*base, index), f"{what} '{value}' is used twice")
            seen.add(same(value))

    def questions(self, parsed: ParsedFile) -> None:
        earlier: dict[str, Question] = {}
        for index, question in enumerate(self.ruleset.questions):
            loc: Loc = ("questions", index)
            for problem in kinds.shape_problems(question):
                self.at(parsed, loc, problem)
            if question.when is not None:
                self.condition(parsed, (*loc, "when"), question.when, earlier, "earlier questions")
            earlier[question.id] = question
            if question.constraint is not None and question.constraint.when is not None:
                where: Loc = (*loc, "constraint", "when")
                self.condition(parsed, where, question.constraint.when, earlier, "this and earlier questions")
            if question.not_considered is not None and question.not_considered.when is not None:
                where = (*loc, "not_considered", "when")
                self.condition(
                    parsed, where, question.not_considered.when, earlier, "this and earlier questions"
                )

    def condition(
        self,
        parsed: ParsedFile,
        loc: Loc,
        condition: Condition,
        questions: Mapping[str, Question],
        scope: str = "",
    ) -> bool:
        """Report what is wrong with a condition; True when nothing is."""
        found = conditionyaml.problems(condition, questions)
        for where, message in found:
            for qid in {t.question for t in conditions.comparisons(condition)} - set(questions):
                if (
                    scope
                    and qid in self.questions_by_id
                    and message.startswith(f"condition names unknown question '{qid}'")
                ):
                    message = f"condition names '{qid}', which is asked later; it may only look at {scope}"
            self.at(parsed, (*loc, *where), message)
        return not found

    def can_fire(self, parsed: ParsedFile, loc: Loc, condition: Condition) -> bool:
        """Report a condition no valid answers make true (or too intricate to tell); True when fine."""
        if not self.check_firing:
            return True
        try:
            if satisfy.can_hold(condition, self.ruleset.questions, self.budget):
                return True
            self.at(parsed, loc, "can never fire: no valid answers make its condition true")
        except Undecided as err:
            self.at(parsed, loc, str(err))
        except Spent as err:  # no search after this one: the check stops here, and says so
            self.at(parsed, loc, str(err))
            self.check_firing = False
        return False

    def degree(self, parsed: ParsedFile, loc: Loc, code: str) -> None:
        codes = [d.code for d in self.ruleset.degrees]
        if code not in codes:
            self.at(parsed, loc, f"unknown degree '{code}'{did_you_mean(code, codes)}")

    def cite(self, parsed: ParsedFile, loc: Loc, cite: Any) -> None:
        sources = {s.id: s for s in self.ruleset.sources}
        source = sources.get(cite.source)
        if source is None:
            self.at(
                parsed,
                (*loc, "source"),
                f"unknown source '{cite.source}'{did_you_mean(cite.source, sources)}",
            )
            return
        headings = [s.heading for s in source.sections]
        if cite.section not in headings:  # quotes aside: a cite that differs only in them was respelt
            hint = did_you_mean(cite.section, headings) or "."
            listed = ", ".join(f"'{heading}'" for heading in headings)
            self.at(
                parsed,
                (*loc, "section"),
                f"source '{source.id}' has no section '{cite.section}'{hint} Cite one of its sections in "
                f"sources.yaml: {listed} (`degreefit sources` lists every source's sections)",
            )
