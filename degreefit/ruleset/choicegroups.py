"""Named groups of a question's choices: written once in questions.yaml, used by name in conditions.

    - id: goals
      groups:
        leadership: [lead_within_health_system, run_healthcare_organization, ...]

A condition lists a group where it lists values, as `group: NAME` (a mapping, so it can never be
mistaken for a choice value): `{goals: {contains_any: [group: leadership, consulting]}}`. Groups
are expanded into their values when the rule set is read (`conditionyaml.parse`), so the engine,
the cache and the evaluation of conditions only ever see plain values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from degreefit.errors import Loc
from degreefit.kinds import CHOICE_KINDS
from degreefit.quoting import did_you_mean

Groups = Mapping[str, Mapping[str, tuple[str, ...]]]  # question id -> group name -> choice values

SHAPE = "groups are a mapping of names to lists of choices, as in groups: {leadership: [a, b]}"


def read(data: Any) -> tuple[dict[str, dict[str, tuple[str, ...]]], list[tuple[Loc, str]]]:
    """The groups of questions.yaml's data, taking them out of it (the questions' schema has no
    `groups`), and the problems of their definitions, each at its place in the file.

    A group keeps only its values that are choices, so that a condition using it reports nothing
    more than the definition's own problem.
    """
    found: dict[str, dict[str, tuple[str, ...]]] = {}
    problems: list[tuple[Loc, str]] = []
    questions = data.get("questions") if isinstance(data, dict) else None
    for index, question in enumerate(questions if isinstance(questions, list) else ()):
        if not isinstance(question, dict) or "groups" not in question:
            continue
        loc: Loc = ("questions", index, "groups")
        written = question.pop("groups")
        qid = str(question.get("id", ""))
        kind = question.get("kind")  # as written: not yet checked
        if kind not in CHOICE_KINDS:
            what = f"a {kind} question" if kind else "a question with no kind"
            problems.append((loc, f"{what} takes no groups: only single and multi questions have choices"))
            continue
        if not isinstance(written, dict) or not written:
            problems.append((loc, SHAPE))
            continue
        choices = _choices(question)
        groups: dict[str, tuple[str, ...]] = {}
        for name, values in written.items():
            at: Loc = (*loc, name)
            if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
                problems.append((at, f"group '{name}': {SHAPE}"))
            elif name in choices:  # left out: a condition listing the name means the choice
                problems.append(
                    (at, f"group '{name}' has the name of a choice of '{qid}'; name the group otherwise")
                )
                continue
            else:
                for number, value in enumerate(values):
                    if value not in choices:
                        hint = did_you_mean(value, choices) or f"; its choices are {', '.join(choices)}"
                        message = f"group '{name}': '{value}' is not a choice of question '{qid}'{hint}"
                        problems.append(((*at, number), message))
                    elif value in values[:number]:
                        problems.append(((*at, number), f"group '{name}': '{value}' is listed twice"))
            listed = values if isinstance(values, list) else []
            groups[str(name)] = tuple(dict.fromkeys(v for v in listed if v in choices))
        found[qid] = groups
    return found, problems


def _choices(question: Mapping[str, Any]) -> list[str]:
    """The choice values of a question as written."""
    choices = question.get("choices")
    return [
        str(choice["value"])
        for choice in (choices if isinstance(choices, list) else ())
        if isinstance(choice, dict) and "value" in choice
    ]
