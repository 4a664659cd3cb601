"""What `rules check` and `rules diff` print: plain text for people (80-100 columns, no colour, the
same on a terminal and in a pipe), JSON for programs. (What `rules test` prints is in `cases`.)"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from degreefit.errors import Problem
from degreefit.quoting import counted, listed
from degreefit.ruleset.edits import Edit
from degreefit.ruleset.impact import Impact, Person


class Said(NamedTuple):
    """What a workbench command prints: `text` on stdout, then `error` (none when "") as the
    message it fails with."""

    text: str
    error: str = ""


# --- rules check ------------------------------------------------------------------------


def problem_lines(problems: Sequence[Problem], where: Path) -> str:
    """Each problem on a line of its own, as file:line: rule-id: message."""
    return "".join(
        f"{_joined(where, problem.file)}{str(problem)[len(problem.file) :]}\n" for problem in problems
    )


def problems_found(problems: Sequence[Problem], where: Path) -> str:
    """The message `rules check` fails with: how many problems it found."""
    count = len(problems)
    return f"{where}: {count} problem{'s' if count != 1 else ''}"


def _joined(directory: Path, file: str) -> str:
    """A problem's file as the user can open it: inside the directory they named."""
    return str(directory / file) if not Path(file).is_absolute() else file


# --- rules diff -------------------------------------------------------------------------


def _signed(points: float) -> str:
    """Points as a move reads them: "+2", "-1.5", "0"."""
    return f"{points:+g}" if points else "0"


def first_place(codes: Sequence[str]) -> str:
    """Who is in first place, in words: "MMM", "MHA and MBA tied", or "none open" (no degree is
    open now)."""
    if not codes:
        return "none open"
    return codes[0] if len(codes) == 1 else f"{listed(codes)} tied"


def diff_text(old: str, new: str, changes: Sequence[Edit], effect: Impact) -> str:
    """The diff for people: the edit, then its effect on the advice."""
    lines = [f"rules diff {old} -> {new}", ""]
    if changes:
        lines.append(f"What the edit changes ({len(changes):,}):")
        width = max(len(f"{e.kind} {e.id}") for e in changes)
        for edit in changes:
            detail = f": {edit.detail}" if edit.detail else ""
            line = f"  {edit.how:<10} {f'{edit.kind} {edit.id}':<{width}}{detail}"
            lines.append(_wrapped(line, " " * 13))
    else:
        lines.append("The rule sets hold the same claims, rules, gates, notes, degrees and questions.")
    lines += ["", f"Its effect on {counted(effect.compared, 'person', 'people')} ({effect.origin}):"]
    if effect.skipped:
        why = f"could not be ranked under both rule sets (first: {effect.skipped_example})"
        lines.append(_wrapped(f"  {effect.skipped:,} skipped: {why}", " " * 4))
    share = f" ({100 * effect.changed / effect.compared:.1f}%)" if effect.compared else ""
    lines.append(f"  first place changes for {effect.changed:,}{share}")
    for shift in effect.shifts:
        move = f"{first_place(shift.before)} -> {first_place(shift.after)}"
        lines.append(f"    {shift.people:>6,}  {move}")
        lines.append(_example(shift.example))
    if effect.cases:
        lines.append(
            f"  {counted(len(effect.cases), 'test case')} among them (`rules test` says which now fail):"
        )
        lines += [f"    {c.label}: {first_place(c.before)} -> {first_place(c.after)}" for c in effect.cases]
    if effect.moves:
        lines.append("  largest point moves:")
        for m in effect.moves:
            if m.before is None:
                lines.append(f"    {m.degree} (a new degree) {m.account} {_signed(m.after)}")
            else:
                change = f"{_signed(m.after - m.before)} ({_signed(m.before)} -> {_signed(m.after)})"
                lines.append(f"    {m.degree} {m.account} {change}")
            lines.append(_example(m.example))
    elif effect.compared:
        lines.append("  no point moves")
    return "\n".join(lines) + "\n"


def _example(person: Person) -> str:
    """An example person, wrapped to 100 columns under its change."""
    return _wrapped(f"{' ' * 12}e.g. {describe(person)}", " " * 14)


def _wrapped(line: str, indent: str) -> str:
    """A line wrapped to 100 columns, its continuations indented; words are never broken."""
    return textwrap.fill(
        line, width=100, subsequent_indent=indent, break_on_hyphens=False, break_long_words=False
    )


def describe(person: Person) -> str:
    """A person in one line: who, then their answers."""
    answers = ", ".join(f"{key}={_shown(value)}" for key, value in person.data.items())
    return f"{person.label}: {answers}"


def _shown(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def diff_json(old: str, new: str, changes: Sequence[Edit], effect: Impact) -> dict[str, Any]:
    """The diff for programs."""

    def person(p: Person) -> dict[str, Any]:
        return {"who": p.label, "answers": dict(p.data)}

    return {
        "old": old,
        "new": new,
        "edits": [edit._asdict() for edit in changes],
        "people": {
            "compared": effect.compared,
            "skipped": effect.skipped,
            "from": effect.origin,
            "first_place_changed": effect.changed,
        },
        "shifts": [
            {"from": list(s.before), "to": list(s.after), "count": s.people, "example": person(s.example)}
            for s in effect.shifts
        ],
        "test_cases_changed": [
            {"case": c.label.removeprefix("case "), "from": list(c.before), "to": list(c.after)}
            for c in effect.cases
        ],
        "largest_moves": [
            {
                "degree": m.degree,
                "account": m.account,
                "before": m.before,
                "after": m.after,
                "example": person(m.example),
            }
            for m in effect.moves
        ],
    }
