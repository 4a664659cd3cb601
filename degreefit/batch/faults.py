"""The message of rejected answers: shortened when a row holds thousands of keys or values,
and keyed by what it depends on, so that rows sharing their faults share one message."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from degreefit.answers import AnswerSpace
from degreefit.kinds import acceptor, is_list
from degreefit.models import Question

# Stands for the row's place (file:line and id) in a message kept for rows that answer alike; no
# message holds a NUL (values are shown JSON-escaped).
HERE = "\x00"
_SHOWN_UNKNOWN = 10  # unknown keys named in a row's message; the rest are counted
_SHOWN_VALUES = 20  # values of a multiple-choice answer checked (more than its choices: some are wrong)
_MEMO_TEXT = 1024  # answers holding more text than this are not remembered


def trimmed(data: object, questions: Mapping[str, Question]) -> tuple[object, dict[str, str]]:
    """The answers with at most _SHOWN_UNKNOWN unknown keys and, for each multiple-choice
    question, at most _SHOWN_VALUES values (or its choices and one more, if that is more); and,
    for each key trimmed ("" for the unknown keys), a note of what was left out.

    A row may hold a megabyte: 30,000 unknown keys, or 60,000 goals. Its message names a few,
    says how many more there are, and takes the time a few take.
    """
    if type(data) is not dict:
        return data, {}
    notes: dict[str, str] = {}
    if len(data) > len(questions) + 1:  # more keys than questions and schema_version
        unknown = [key for key in data if key not in questions and key != "schema_version"]
        if len(unknown) > _SHOWN_UNKNOWN:
            dropped = set(unknown[_SHOWN_UNKNOWN:])
            data = {key: value for key, value in data.items() if key not in dropped}
            notes[""] = f"and {len(dropped):,} more unknown keys"
    for key, value in data.items():
        question = questions.get(key)
        if type(value) is not list or question is None or not is_list(question.kind):
            continue
        room = max(_SHOWN_VALUES, len(question.choice_values()) + 1)
        if len(value) > room:
            data = {**data, key: value[:room]}
            notes[key] = f"the list holds {len(value):,} values; the first {room} were checked"
    return data, notes


def noted(message: str, notes: Mapping[str, str]) -> str:
    """The message of trimmed answers, with the notes of what was left out: the unknown keys
    not named after the last one named; a list's length after its problem."""
    lines = message.split("\n")
    for key, note in notes.items():
        if key:
            head = f"{HERE}: {key}: "
            at = next((i for i, line in enumerate(lines) if line.startswith(head)), None)
            if at is None:
                lines.append(f"{head}{note}")
            else:
                lines[at] += f"; {note}"
        else:
            named = [i for i, line in enumerate(lines) if line.startswith(f"{HERE}: unknown key ")]
            lines.insert(named[-1] + 1 if named else len(lines), f"{HERE}: {note}")
    return "\n".join(lines)


_ANSWERED = object()  # in a fault key: a question answered with a value it accepts


def fault_key(data: object, space: AnswerSpace) -> Hashable | None:
    """What the message of rejected answers depends on, as a key: answers that share it get the
    same message. None for answers not worth remembering (nested, or long).

    That is every key, in its order; each unknown key's name; each wrong value (and
    schema_version's); and which questions are asked, given the values that are right (so,
    which are missing). A right value is not itself part of it: no message quotes one.
    """
    if type(data) is not dict:
        return None
    parts: list[tuple[object, ...]] = []
    right: dict[str, object] = {}
    text = 0
    for key, value in data.items():
        question = space.questions.get(key)
        text += len(key)
        if question is None and key != "schema_version":
            parts.append((key,))  # unknown: its value is not looked at
            continue
        if question is not None and acceptor(question)(value):  # as `validate` decides
            parts.append((key, _ANSWERED))
            right[key] = value
            continue
        value_type = type(value)
        if value_type is list:
            if not all(type(item) is str for item in value):
                return None
            text += sum(map(len, value))
            value = tuple(value)
        elif value_type is str:
            text += len(value)
        elif value_type not in (int, bool, float, type(None)):
            return None
        parts.append((key, value_type, value))
    if text > _MEMO_TEXT:
        return None
    asked: list[bool] = []  # as `validate` finds the questions asked, from the right values
    kept: dict[str, Any] = {}
    for question in space.ruleset.questions:
        applies = space.applies(question, kept)
        if question.when is not None:
            asked.append(applies)
        if applies and question.id in right:
            value = right[question.id]
            kept[question.id] = tuple(value) if isinstance(value, list) else value  # as validate keeps it
    return tuple(parts), tuple(asked)
