"""How rules may use claims: the checks that keep every point defensible.

A rule (or gate, or note) rests on one claim of rules/claims.yaml. These checks hold a rule
set to the knowledge base's promises, each decided over the space of valid answers:
- a rule moves only the degrees its claim speaks of;
- a rule fires only for the people its claim speaks of (its `who`);
- one claim counts once: no two rules that use it for the same degree fire for the same
  answers, nor two that move different degrees opposite ways (that would open a gap of twice
  its level);
- a claim's level is on the scale of scoring.yaml, and a claim that nothing uses says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from degreefit.conditions import by_id, reads
from degreefit.models import BOTH, AllOf, AnswerValue, Claim, Condition, Not, Question, RuleSet, Scoring
from degreefit.quoting import did_you_mean, yaml_spelling
from degreefit.ruleset.satisfy import Budget, Spent, Undecided, example

MAX_LEVEL_POINTS = 10  # a level's points: a whole number from 1 to this


class Use(NamedTuple):
    """One rule, gate or note as the checks see it: what it reads and what it moves."""

    role: str  # "rule", "gate" or "note"
    id: str
    claim: str
    when: Condition
    degrees: tuple[str, ...]  # the degrees it moves (a gate: the degree it closes)
    reasons: tuple[str, ...] = ()  # the degrees a rule words its reason for
    way: str = ""  # a rule's direction: "for" or "against" (its effects all go one way)


class Finding(NamedTuple):
    """A problem with one use: the position of the use, the key it concerns, and the message."""

    use: int
    key: str
    message: str


def scale_problems(scoring: Scoring) -> list[tuple[int | None, str, str]]:
    """Problems with the levels of scoring.yaml: (level index or None, key, message). Their points
    were checked as written (`points_problems`)."""
    found: list[tuple[int | None, str, str]] = []
    if not scoring.levels:
        found.append((None, "levels", "the scale needs at least one level (name and points)"))
    seen: set[str] = set()
    for index, level in enumerate(scoring.levels):
        if level.name in seen:
            found.append((index, "name", f"level '{level.name}' is listed twice"))
        seen.add(level.name)
    return found


def points_problems(levels: object) -> list[tuple[int, str]]:
    """The levels of scoring.yaml, as written, whose points are off the scale: (level index, message).

    A level's points are a whole number from 1 to MAX_LEVEL_POINTS; each message names the range and
    the other levels, so the author can place the level among them.
    """
    written = _written_levels(levels)
    found = []
    for index, (name, points) in enumerate(written):
        whole = isinstance(points, float) and points.is_integer()  # 3.0 is 3
        number = int(points) if isinstance(points, float) and whole else points
        if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= MAX_LEVEL_POINTS:
            continue
        others = [
            f"{other} {yaml_spelling(value)}" for at, (other, value) in enumerate(written) if at != index
        ]
        then = f" (the other levels: {', '.join(others)})" if others else ""
        found.append(
            (
                index,
                f"level '{name}' has {yaml_spelling(points)} points; "
                f"a level's points are a whole number from 1 "
                f"to {MAX_LEVEL_POINTS}{then}",
            )
        )
    return found


def written_scale(levels: object) -> str:
    """The scale as written in scoring.yaml ("strong 3, moderate 2, weak 1"), or "" when unreadable."""
    return ", ".join(f"{name} {yaml_spelling(points)}" for name, points in _written_levels(levels))


def _written_levels(levels: object) -> list[tuple[str, object]]:
    """(name, points) of each level as written; levels without a name or points are left to the schema."""
    if not isinstance(levels, list):
        return []
    return [
        (str(level["name"]), level["points"])
        for level in levels
        if isinstance(level, dict) and "name" in level and "points" in level
    ]


def scale_words(scoring: Scoring) -> str:
    """The scale as a person reads it: "strong 3, moderate 2, weak 1"."""
    return ", ".join(f"{level.name} {level.points}" for level in scoring.levels)


def claim_problems(claim: Claim, ruleset: RuleSet) -> list[tuple[str, str]]:
    """Problems with one claim's own fields: (key, message)."""
    found: list[tuple[str, str]] = []
    levels = ruleset.scoring.levels
    if levels and not any(level.name == claim.level for level in levels):  # no levels: reported once
        hint = did_you_mean(claim.level, [level.name for level in levels]) or "."
        found.append(
            (
                "level",
                f"'{claim.level}' is not a level of scoring.yaml{hint} Use one of its levels: "
                f"{scale_words(ruleset.scoring)}",
            )
        )
    codes = [d.code for d in ruleset.degrees]
    for code in claim.degrees:
        if code not in codes:
            found.append(("degrees", f"unknown degree '{code}'; the degrees are {', '.join(codes)}"))
    return found


def use_problems(uses: Sequence[Use], ruleset: RuleSet, budget: Budget | None = None) -> list[Finding]:
    """Problems with how rules, gates and notes use their claims (conditions already valid). The
    searches share the check's `budget`: once it is spent, the use it ran out at says so, and the
    uses after it are not searched."""
    claims: dict[str, Claim] = {}
    for one in ruleset.claims:
        claims.setdefault(one.id, one)  # the first of one id; a second is reported as such
    questions = ruleset.questions
    found: list[Finding] = []
    for index, use in enumerate(uses):
        claim = claims.get(use.claim)
        if claim is None:
            continue  # reported where the claim id is checked
        outside = [code for code in use.degrees if code not in claim.degrees]
        if outside:
            speaks = ", ".join(claim.degrees) or "no degree"
            what, who = ("closes", "a gate may close") if use.role == "gate" else ("moves", "a rule may move")
            found.append(
                Finding(
                    index,
                    "degree" if use.role == "gate" else "effects",
                    f"{what} {', '.join(outside)}, but its claim '{claim.id}' speaks of {speaks}; "
                    f"{who} only the degrees its claim names",
                )
            )
        if use.role == "rule" and len(use.degrees) > 1 and set(use.reasons) != set(use.degrees):
            found.append(
                Finding(
                    index,
                    "reason",
                    f"a rule that moves {' and '.join(use.degrees)} gives each its own reason "
                    "(reason: {CODE: text, ...}), worded to read right under that degree",
                )
            )
        if use.role != "gate" and claim.who is not None:
            try:
                stray = example(AllOf((use.when, Not(claim.who))), questions, budget)
            except (Undecided, Spent) as err:  # Spent: the budget is gone, and the check ends here
                found.append(Finding(index, "when", f"held to the `who` of its claim '{claim.id}': {err}"))
                if isinstance(err, Spent):
                    return sorted(found)
                continue
            if stray is not None:
                shown = readable(stray, questions, reads(claim.who))
                found.append(
                    Finding(
                        index,
                        "when",
                        f"fires for people its claim '{claim.id}' does not speak of (for example {shown}); "
                        "narrow `when` to the claim's `who`",
                    )
                )
    found += _counted_twice(uses, questions, budget)
    return sorted(found)


def _counted_twice(
    uses: Sequence[Use], questions: Sequence[Question], budget: Budget | None
) -> list[Finding]:
    """Two rules that use one claim for one degree and fire together for some answers."""
    found: list[Finding] = []
    by_claim: dict[str, list[tuple[int, Use]]] = {}  # only rules sharing a claim are compared
    for index, use in enumerate(uses):
        if use.role == "rule":
            by_claim.setdefault(use.claim, []).append((index, use))
    for position, (index, use) in ((p, pair) for rules in by_claim.values() for p, pair in enumerate(rules)):
        for _, earlier in by_claim[use.claim][:position]:
            shared = [code for code in use.degrees if code in earlier.degrees]
            opposite = bool(use.way and earlier.way and use.way != earlier.way)
            if not shared and not opposite:
                continue
            try:
                both = example(AllOf((earlier.when, use.when)), questions, budget)
            except (Undecided, Spent) as err:  # Spent: the budget is gone, and the check ends here
                found.append(
                    Finding(index, "claim", f"with rule '{earlier.id}', which uses its claim too: {err}")
                )
                if isinstance(err, Spent):
                    return found
                continue
            if both is not None and not shared:
                read = reads(earlier.when) | reads(use.when)
                found.append(
                    Finding(
                        index,
                        "claim",
                        f"claim '{use.claim}' would count twice: rule '{earlier.id}' moves "
                        f"{', '.join(earlier.degrees)} {earlier.way} it and this rule moves "
                        f"{', '.join(use.degrees)} {use.way} it, both for "
                        f"{readable(both, questions, read)}; a claim counts once, so it moves degrees "
                        "one way only",
                    )
                )
            elif both is not None:
                read = reads(earlier.when) | reads(use.when)
                found.append(
                    Finding(
                        index,
                        "claim",
                        f"claim '{use.claim}' would count twice for {', '.join(shared)}: rule "
                        f"'{earlier.id}' uses it too, and both fire for {readable(both, questions, read)}; "
                        "a claim counts once for a degree, so no answers may fire both",
                    )
                )
    return found


def readable(answers: Mapping[str, AnswerValue], questions: Sequence[Question], keys: set[str]) -> str:
    """Example answers in words, for the questions in `keys`: "clinical status: Medical student"."""
    by_question = by_id(questions)
    parts = []
    for key, value in answers.items():
        if key not in keys or key not in by_question:
            continue
        question = by_question[key]
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        elif isinstance(value, tuple):
            shown = " + ".join(question.label(v) for v in value)
        else:
            shown = question.label(value) if isinstance(value, str) else str(value)
        parts.append(f"{question.title().lower()}: {shown}")
    return "; ".join(parts) or "any answers"


def shown_beside(ruleset: RuleSet, used: set[str]) -> set[str]:
    """The claims a report shows beside the claims in `used`: a degree-wide claim's programs'
    examples, and the other side of a disagreement whose followed side (or, where both count,
    whose other side) is used (explain.program_examples, explain.disputes)."""
    examples = {name for claim in ruleset.claims if claim.id in used for name in claim.examples}
    sides = {
        c.id
        for c in ruleset.claims
        if c.disagrees is not None
        and (c.disagrees.follow in used or (c.disagrees.follow == BOTH and c.disagrees.claim in used))
    }
    return examples | sides


def unused_problems(ruleset: RuleSet) -> list[tuple[int, str]]:
    """Claims that nothing uses and that do not say why, and claims that say why but are used:
    (claim index, message)."""
    used = {rule.claim for rule in ruleset.rules} | {gate.claim for gate in ruleset.gates}
    used |= {note.claim for note in ruleset.notes}
    used |= shown_beside(ruleset, used)
    found = []
    for index, claim in enumerate(ruleset.claims):
        if claim.id not in used and not claim.unused:
            found.append((index, "no rule, gate or note uses this claim; use it, or say why in `unused`"))
        elif claim.id in used and claim.unused:
            found.append((index, "this claim says it is unused, but a rule, gate or note uses it"))
    return found
