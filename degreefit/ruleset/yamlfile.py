"""Read a YAML file of a rule set (or of its test cases) with the line of every value.

The safe loader only, refusing a key written twice, aliases that would stand for too many
values, nesting without end, control characters and numbers of more than a hundred digits;
each problem is a `Problem` at its line. `Loc` is a path into the document (keys and list
indexes), as pydantic gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from degreefit.errors import Loc, Problem
from degreefit.inputfile import wide_encoding
from degreefit.ruleset.yamlerrors import syntax_error

# The keys whose value names a list item (a rule, a question, a degree) in a problem.
_ID_KEYS = ("id", "code")


class _UniqueKeyLoader(yaml.SafeLoader):
    """The safe loader, refusing a key written twice in one mapping."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word, not a list or a mapping", key_node.start_mark
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} is written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@dataclass
class ParsedFile:
    """One parsed file: its data, its node tree (for line numbers), its problems."""

    name: str
    data: Any = None
    node: yaml.Node | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        """Record a problem at the line `loc` reaches (with `at_key`, the line of its key)."""
        line = line_of(self.node, loc, at_key=at_key)
        self.problems.append(Problem(self.name, line, _item_id(self.data, loc), message))


def parse_yaml(name: str, text: bytes) -> ParsedFile:
    """The YAML document `text` (the file `name`) with its node tree; its problems instead of data
    when it cannot be read, or is not a mapping at the top."""
    parsed = ParsedFile(name)
    wide = wide_encoding(text)
    if wide and not (wide == "UTF-16" and text.startswith((b"\xff\xfe", b"\xfe\xff"))):  # YAML reads that
        how = (
            ""
            if text.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
            else " (without a byte order mark)"
        )
        parsed.problems.append(Problem(name, 1, "", f"is {wide} text{how}; save it as UTF-8"))
        return parsed
    try:
        loader = _UniqueKeyLoader(text)
        try:
            parsed.node = loader.get_single_node()
            # Aliases first: the depth and every later step walk the values aliases stand for.
            found = (
                _repeated(parsed.node)
                or _deepest(parsed.node)
                or _controls(parsed.node)
                or _long_numbers(parsed.node)
            )
            if found is not None:
                parsed.problems.append(Problem(name, *found))
                return parsed
            parsed.data = loader.construct_document(parsed.node) if parsed.node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        said = syntax_error(err, text)
        parsed.problems.append(Problem(name, said.line, "", said.message))
    except RecursionError:  # brackets nested thousands deep: too deep even to read
        parsed.problems.append(Problem(name, 0, "", _TOO_DEEP))
    if not parsed.problems and not isinstance(parsed.data, dict):
        parsed.problems.append(Problem(name, 1, "", "expected a mapping at the top of the file"))
    return parsed


MAX_DEPTH = 50  # the built-in rules nest 8 deep; this bounds every later step that recurses
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a rule file nests a few levels, not hundreds"


# What aliases (*name) may add to a file: the built-in rules use none, a file of test cases written
# by a YAML library a few (it writes a value used twice once, with an anchor &name, and then an
# alias). A few hundred bytes of aliases of aliases could stand for millions of values.
MAX_REPEATED = 100_000
_BOMB = (
    "aliases (*name) repeat the value that starts on this line so often that the file would stand for "
    f"more than {MAX_REPEATED:,} values beyond those written in it; write the values out (a rule can "
    "name a group of choices of questions.yaml instead)"
)
_COUNTLESS = (
    1 << 60
)  # sizes stop here: doubling aliases, a line each, would make numbers of millions of digits
_LOOP = "the value that starts on this line holds an alias (*name) of itself, so it would never end"


def _repeated(root: yaml.Node | None) -> tuple[int, str, str] | None:
    """(line, "", message) when aliases make the document stand for too many values, or for a value
    inside itself; None when they do not. Linear in the nodes written: an alias is the node it
    repeats, so each is sized once (and without recursion)."""
    sizes: dict[int, int] = {}  # values a node stands for, itself included, by id
    uses: dict[int, int] = {}
    shared: list[yaml.Node] = []
    opened: set[int] = set()  # the nodes on the way down to the current one
    stack: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            opened.discard(key)
            sizes[key] = min(1 + sum(sizes[id(child)] for child in children), _COUNTLESS)
            continue
        uses[key] = uses.get(key, 0) + 1
        if uses[key] == 2:
            shared.append(node)
        if key in opened:
            return int(node.start_mark.line) + 1, "", _LOOP
        if key in sizes:
            continue
        opened.add(key)
        stack.append((node, True))
        stack += [(child, False) for child in children]
    if root is None or sizes[id(root)] - len(sizes) <= MAX_REPEATED:
        return None
    worst = max(shared, key=lambda node: sizes[id(node)] * (uses[id(node)] - 1))
    return int(worst.start_mark.line) + 1, "", _BOMB


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _deepest(node: yaml.Node | None) -> tuple[int, str, str] | None:
    """(line, "", message) where the node tree first goes deeper than MAX_DEPTH, or None (no
    recursion: the tree may be deep enough to exhaust Python's stack)."""
    stack = [(node, 1)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            return int(current.start_mark.line) + 1, "", _TOO_DEEP
        if isinstance(current, yaml.MappingNode):
            stack += [(child, depth + 1) for pair in current.value for child in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += [(child, depth + 1) for child in current.value]
    return None


# Control characters a double-quoted YAML escape can put in a value ("\e[2J"): on a terminal they
# would move the cursor, clear the screen or set its title. Tab and newline are text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _controls(node: yaml.Node | None) -> tuple[int, str, str] | None:
    """(line, "", message) for the first value holding a control character, or None."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            found = _CONTROL.search(current.value)
            if found:
                code = f"U+{ord(found.group()):04X}"
                message = f"a control character ({code}) in text; rule files hold plain text: remove it"
                return int(current.start_mark.line) + 1, "", message
        elif isinstance(current, yaml.MappingNode):
            stack += [child for pair in current.value for child in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(current.value)
    return None


# The digits a number may be written with. Python refuses to build an integer of more than 4,300
# decimal digits from text (and lets that limit be set as low as 640), a sexagesimal float
# (1:30.5) of a few hundred parts overflows, and a sexagesimal integer of many parts takes minutes
# to build: each is refused before it is built. A hundred digits, in any base, stay far below all
# three; a rule file's numbers (years, points, the bounds of an answer) have a few.
MAX_DIGITS = 100
_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _long_numbers(node: yaml.Node | None) -> tuple[int, str, str] | None:
    """(line, "", message) for the first number written with more than MAX_DIGITS digits, or None."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            if current.tag in _NUMBER_TAGS and len(current.value) > MAX_DIGITS:
                digits = _digits(current.value)
                if digits > MAX_DIGITS:
                    message = (
                        f"a number written with {digits:,} digits; the numbers of a rule file have a few, "
                        f"at most {MAX_DIGITS}"
                    )
                    return int(current.start_mark.line) + 1, "", message
        elif isinstance(current, yaml.MappingNode):
            stack += [child for pair in current.value for child in pair]
        elif isinstance(current, yaml.SequenceNode):
            stack += list(current.value)
    return None


def _digits(written: str) -> int:
    """The digits of a number as YAML spells it: 0x and 0b, signs, underscores, colons, the decimal
    point and an exponent's e left out."""
    unsigned = written.lstrip("+-")
    if unsigned[:2] in ("0x", "0X"):
        return sum(character in _HEX_DIGITS for character in unsigned[2:])
    if unsigned[:2] in ("0b", "0B"):
        return sum(character in "01" for character in unsigned[2:])
    return sum(character.isdigit() for character in unsigned)


def line_of(node: yaml.Node | None, loc: Loc, *, at_key: bool = False) -> int:
    """The line of the deepest node that `loc` reaches in a YAML node tree.

    With `at_key`, the line of the last mapping key on the way (for an unknown key,
    whose value may start lines below it).
    """
    if node is None:
        return 0
    key_line = None
    for step in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == step), None)
            if pair is not None:
                key_line, child = int(pair[0].start_mark.line) + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            child = node.value[step]
        if child is None:
            break
        node = child
    if at_key and key_line is not None:
        return key_line
    return int(node.start_mark.line) + 1


def line_at(text: bytes, loc: Loc) -> int:
    """The line that `loc` points at in a YAML document (0 when it cannot be read)."""
    try:
        return line_of(yaml.compose(text, Loader=yaml.SafeLoader), loc)
    except yaml.YAMLError:
        return 0


def _item_id(data: Any, loc: Loc) -> str:
    """The id of the list item (rule, question, ...) that `loc` points into, if any."""
    if len(loc) >= 2 and isinstance(data, dict) and isinstance(loc[1], int):
        items = data.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            item = items[loc[1]]
            return next((str(item[k]) for k in _ID_KEYS if isinstance(item.get(k), (str, int))), "")
    return ""
