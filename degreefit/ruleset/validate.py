"""Read a rules/ directory's YAML files and validate them into a RuleSet.

YAML goes through the safe loader only; the shape of each file is checked by pydantic
(unknown keys are errors); then cross-references are checked. Every problem is
reported at once, as `file:line: rule-id: message`. This is the slow path: a rule set
that passed once is cached (see `ruleset`), so most runs never import yaml or pydantic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Union, get_args, get_origin, get_type_hints

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from degreefit import claimuse, conditions, conditionyaml, groups, kinds
from degreefit.errors import Problem, RulesError
from degreefit.models import (
    MODEL_CLASSES,
    AllOf,
    Cite,
    Claim,
    Condition,
    Degree,
    Gate,
    Note,
    Profile,
    Question,
    Rule,
    RuleSet,
    Scoring,
    Source,
)
from degreefit.ruleset.yamlwords import syntax_error
from degreefit.satisfy import Undecided
from degreefit.spelling import did_you_mean, straight_quotes

Loc = tuple[object, ...]

# NamedTuples reject unknown keys by themselves; .nan and .inf are no numbers for a rule.
_CONFIG = ConfigDict(allow_inf_nan=False)


class QuestionsFile(NamedTuple):
    questions: tuple[Question, ...]


class DegreesFile(NamedTuple):
    degrees: tuple[Degree, ...]


class SourcesFile(NamedTuple):
    sources: tuple[Source, ...]


class ScoringFile(NamedTuple):
    scoring: Scoring


class ClaimsFile(NamedTuple):
    claims: tuple[Claim, ...]


class RuleEntry(NamedTuple):
    """A rule as written: its claim counts `for` or `against` each degree in `effects`."""

    id: str
    claim: str
    when: Condition
    effects: dict[str, Literal["for", "against"]]
    reason: Union[str, dict[str, str]] = ""


class GateEntry(NamedTuple):
    """A gate as written: the claim it rests on gives its citation."""

    id: str
    claim: str
    degree: str
    status: Literal["not_yet", "ineligible"]
    when: Condition
    reason: str


class NoteEntry(NamedTuple):
    """A note as written: a claim worth knowing when `when` holds; `text` defaults to the claim's."""

    id: str
    claim: str
    when: Condition
    text: str = ""


class RulesFile(NamedTuple):
    rules: tuple[RuleEntry, ...] = ()
    gates: tuple[GateEntry, ...] = ()
    notes: tuple[NoteEntry, ...] = ()


# The files of a rule set, and the list key in each whose items carry ids.
TOP_FILES: dict[str, type] = {
    "questions.yaml": QuestionsFile,
    "degrees.yaml": DegreesFile,
    "sources.yaml": SourcesFile,
    "scoring.yaml": ScoringFile,
    "claims.yaml": ClaimsFile,
}
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
class _File:
    """One parsed file: its data, its node tree (for line numbers), its problems."""

    name: str
    data: Any = None
    node: yaml.Node | None = None
    problems: list[Problem] = field(default_factory=list)

    def add(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        line = _line(self.node, loc, at_key=at_key)
        self.problems.append(Problem(self.name, line, _item_id(self.data, loc), message))


def _parse_yaml(name: str, text: bytes) -> _File:
    parsed = _File(name)
    try:
        loader = _UniqueKeyLoader(text)
        try:
            parsed.node = loader.get_single_node()
            # Aliases first: the depth and every later step walk the values aliases stand for.
            found = _repeated(parsed.node) or _deepest(parsed.node) or _controls(parsed.node)
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


def _line(node: yaml.Node | None, loc: Loc, *, at_key: bool = False) -> int:
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
        return _line(yaml.compose(text, Loader=yaml.SafeLoader), loc)
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


# Where conditions sit in each list: a key of the item, or a key inside one of its keys.
_CONDITION_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "questions": (("when",), ("constraint", "when")),
    "rules": (("when",),),
    "gates": (("when",),),
    "notes": (("when",),),
    "claims": (("who",),),
}


def _parse_conditions(parsed: _File, list_key: str, named: groups.Groups | None) -> None:
    """Replace each item's condition data by a Condition (its groups of choices expanded),
    recording syntax problems."""
    items = parsed.data.get(list_key)
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        for path in _CONDITION_PATHS[list_key]:
            holder = item
            for step in path[:-1]:
                holder = holder.get(step) if isinstance(holder, dict) else None
            if isinstance(holder, dict) and path[-1] in holder:
                loc: Loc = (list_key, index, *path)
                try:
                    holder[path[-1]] = conditionyaml.parse(holder[path[-1]], loc, groups=named)
                except conditionyaml.ConditionSyntaxError as err:
                    parsed.add(err.loc, err.message)
                    holder[path[-1]] = AllOf(())


def _groups(questions: _File | None) -> tuple[groups.Groups | None, list[tuple[Loc, str]]]:
    """The groups of choices questions.yaml names, taken out of its data, and their problems;
    None when the file could not be read."""
    if questions is None or questions.problems:
        return None, []
    return groups.read(questions.data)


def _validate_shape(parsed: _File, model: type, scale: str, *, skip: frozenset[Loc] = frozenset()) -> Any:
    """Validate a file's data with pydantic into its dataclass; record problems. `scale` is the
    scale of scoring.yaml as written, for a message about points; `skip` the places already reported."""
    try:
        return TypeAdapter(model, config=_CONFIG).validate_python(parsed.data)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            if _is_points(loc) and error["type"] != "missing":
                continue  # checked as written, with the scale in the message (`_check_points`)
            if loc in skip:
                continue
            unknown_key = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
            parsed.add(loc, _pydantic_message(error, scale), at_key=unknown_key)
        return None


def _check_scalars(parsed: _File, model: type) -> frozenset[Loc]:
    """Numbers and true/false as written (pydantic would take true or '6' for a number, and 'yes' or 1
    for true): each one of the wrong type is a problem at its line. The places reported."""
    found = [
        (loc, message) for loc, message in _scalar_problems(parsed.data, model, ()) if not _is_points(loc)
    ]
    for loc, message in found:
        parsed.add(loc, message)
    return frozenset(loc for loc, _ in found)


def _scalar_problems(data: Any, hint: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """The scalars in `data` that are not of the type `hint` (a type of the rule files) wants, exactly."""
    origin, args = get_origin(hint), get_args(hint)
    if hint in (bool, int, float):
        if not isinstance(data, (bool, int, float, str)):
            return  # a list or a mapping: pydantic says what it wanted
        number = isinstance(data, (int, float)) and not isinstance(data, bool)
        wanted = {bool: isinstance(data, bool), int: number, float: number}[hint]
        if not wanted:
            where = ".".join(str(step) for step in loc[1:] if not isinstance(step, int))
            yield loc, f"{where}: must be {_WANTED[hint]}; got {_as_written(data)}"
    elif origin is Union:
        kinds = [arg for arg in args if arg is not type(None)]
        if data is not None and len(kinds) == 1:
            yield from _scalar_problems(data, kinds[0], loc)
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis and isinstance(data, list):
        for index, item in enumerate(data):
            yield from _scalar_problems(item, args[0], (*loc, index))
    elif isinstance(hint, type) and hasattr(hint, "_fields") and isinstance(data, dict):
        fields = _hints(hint)
        for key, value in data.items():
            if key in fields:
                yield from _scalar_problems(value, fields[key], (*loc, key))


_WANTED = {bool: "true or false", int: "a whole number", float: "a number"}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def _as_written(value: object) -> str:
    """A scalar as YAML spells it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"'{value}'" if isinstance(value, str) else str(value)


def _is_points(loc: Loc) -> bool:
    """Whether `loc` is a level's points in scoring.yaml."""
    return len(loc) == 4 and loc[:2] == ("scoring", "levels") and loc[3] == "points"


def _written_levels(data: Any) -> Any:
    """The levels of scoring.yaml's data, as written (None when they are not there)."""
    scoring = data.get("scoring") if isinstance(data, dict) else None
    return scoring.get("levels") if isinstance(scoring, dict) else None


def _check_points(parsed: _File) -> None:
    """A level's points as written (before pydantic, which would take true for 1): on the scale."""
    for index, message in claimuse.points_problems(_written_levels(parsed.data)):
        parsed.add(("scoring", "levels", index, "points"), message)


RESERVED_IDS = frozenset({"id", "schema_version"})  # keys of answers files and cohort rows
# The answers contract (`degreefit schema`) is a pydantic model with a field for each question: a
# field may not start with an underscore, nor take a name of the model's own (json, copy, Config,
# model_config, model_dump, ...; model_ is pydantic's namespace).
_MODEL_NAMES = frozenset(name for name in dir(BaseModel) if not name.startswith("_")) | {"Config"}


def question_id_problem(question_id: str) -> str:
    """Why a question cannot have this id ("" when it can): it is a key of every answers file and a
    field of the answers contract."""
    if question_id in RESERVED_IDS:  # they name the answers file's version and a cohort row's id
        return f"'{question_id}' is reserved (answers files and cohorts use it); name the question otherwise"
    if not question_id.strip():
        return "a question id is a word, as in max_years; this one is empty"
    if question_id.startswith("_"):
        return (
            f"'{question_id}' starts with an underscore, which the answers contract (`degreefit schema`) "
            "cannot take as a key; name the question otherwise"
        )
    if question_id in _MODEL_NAMES or question_id.startswith("model_"):
        return (
            f"'{question_id}' is reserved (the answers contract of `degreefit schema` uses the name itself); "
            "name the question otherwise"
        )
    return ""


# Every key a rule file may hold, for the did-you-mean of an unknown one.
_KEYS = frozenset(
    {"questions", "degrees", "sources", "scoring", "rules", "gates", "notes", "claims", "groups"}
    | {
        field
        for cls in (*MODEL_CLASSES, RuleEntry, GateEntry, NoteEntry)
        for field in getattr(cls, "_fields", ())
    }
)


def _pydantic_message(error: Mapping[str, Any], scale: str) -> str:
    loc = [str(step) for step in error["loc"] if not isinstance(step, int)]
    where = ".".join(loc[1:]) if len(loc) > 1 else (loc[0] if loc else "")
    kind = error["type"]
    if kind == "unexpected_keyword_argument" or kind == "extra_forbidden":
        if not loc:
            return "unknown key"
        if loc[-1] in _KEYS:  # a real key, in the wrong kind of item (effects in a note, say)
            return f"key '{loc[-1]}' does not belong here"
        return f"unknown key '{loc[-1]}'{did_you_mean(loc[-1], _KEYS)}"
    if kind == "literal_error" and len(loc) >= 2 and loc[-2] == "effects":
        levels = f", on the scale of scoring.yaml: {scale}" if scale else " (scoring.yaml)"
        return (
            f"{where}: a rule says only `for` or `against` (got {error.get('input')!r}); the points come "
            f"from its claim's `level` in claims.yaml{levels}"
        )
    if kind in ("float_parsing", "float_type"):
        shown = f"; got {error['input']!r}" if isinstance(error.get("input"), (str, bool)) else ""
        return f"{where}: must be a number{shown}" if where else f"must be a number{shown}"
    if kind == "missing" or kind == "missing_argument":
        return f"missing key '{loc[-1]}'" if loc else "missing key"
    message = str(error["msg"])
    return f"{where}: {message}" if where else message


def read_rule_set(files: Mapping[str, bytes], *, path: str, sha256: str, builtin: bool) -> RuleSet:
    """Validate the files of a rule set (relative name -> bytes) into a RuleSet.

    Every problem is reported at once: a broken rule file does not stop the others from
    being checked, as long as the questions, degrees, sources and scoring could be read.
    """
    parsed = {name: _parse_yaml(name, text) for name, text in files.items()}
    named, group_problems = _groups(parsed.get("questions.yaml"))
    scoring_file = parsed.get("scoring.yaml")
    scale = claimuse.written_scale(_written_levels(scoring_file.data)) if scoring_file is not None else ""
    shapes: dict[str, Any] = {}
    for name, one in parsed.items():
        if one.problems:
            continue
        for list_key in _CONDITION_PATHS:
            _parse_conditions(one, list_key, named)
        if name == "scoring.yaml":
            _check_points(one)
        model = TOP_FILES.get(name, RulesFile)
        written = _check_scalars(one, model)
        shape = _validate_shape(one, model, scale, skip=written)
        if not one.problems:
            shapes[name] = shape
    for loc, message in group_problems:  # the questions stand without their groups: check them all
        parsed["questions.yaml"].add(loc, message)
    problems = [p for one in parsed.values() for p in one.problems]
    if all(name in shapes for name in TOP_FILES):
        rule_files = [(name, shape) for name, shape in shapes.items() if name not in TOP_FILES]
        sources = shapes["sources.yaml"].sources
        cited = tuple(_claim_as_source_spells(claim, sources) for claim in shapes["claims.yaml"].claims)
        claims: dict[str, Claim] = {}
        for claim in cited:  # a second claim of one id is reported below
            claims.setdefault(claim.id, claim)
        scoring = shapes["scoring.yaml"].scoring
        ruleset = RuleSet(
            questions=shapes["questions.yaml"].questions,
            degrees=tuple(_degree_as_source_spells(d, sources) for d in shapes["degrees.yaml"].degrees),
            sources=sources,
            rules=tuple(_rule(r, claims, scoring) for _, shape in rule_files for r in shape.rules),
            gates=tuple(_gate(g, claims) for _, shape in rule_files for g in shape.gates),
            scoring=scoring,
            claims=cited,
            notes=tuple(_note(n, claims) for _, shape in rule_files for n in shape.notes),
            path=path,
            sha256=sha256,
            builtin=builtin,
        )
        problems += _cross_reference_problems(ruleset, parsed, rule_files)
        if not ruleset.rules and not problems:
            problem = (
                "no rules: a rule set needs rule files (rules/*.yaml); without them every degree scores 50"
            )
            problems.append(Problem("rules/", 0, "", problem))
    if problems:
        order = {name: index for index, name in enumerate(files)}
        raise RulesError(
            sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line)), directory=path
        )
    return ruleset


_NO_CITE = Cite("", "")


def _as_source_spells(cite: Cite, sources: Iterable[Source]) -> Cite:
    """The cite with its section heading spelt as its source spells it, when the two differ only
    in straight and typographic quotes (' for ’, " for “): an advisor types the one, a source
    prints the other. Any other difference is left for the cross-reference checks to report."""
    source = next((s for s in sources if s.id == cite.source), None)
    if source is None or any(s.heading == cite.section for s in source.sections):
        return cite
    wanted = straight_quotes(cite.section)
    spelt = next((s.heading for s in source.sections if straight_quotes(s.heading) == wanted), None)
    return cite if spelt is None else cite._replace(section=spelt)


def _claim_as_source_spells(claim: Claim, sources: Iterable[Source]) -> Claim:
    return claim._replace(section=_as_source_spells(claim.cite, sources).section)


def _degree_as_source_spells(degree: Degree, sources: Iterable[Source]) -> Degree:
    profile = Profile(
        *(
            tuple(fact._replace(cite=_as_source_spells(fact.cite, sources)) for fact in facts)
            for facts in degree.profile
        )
    )
    return degree._replace(cite=_as_source_spells(degree.cite, sources), profile=profile)


def _rule(entry: RuleEntry, claims: Mapping[str, Claim], scoring: Scoring) -> Rule:
    """A rule record: its points come from its claim's level (0 while the claim or level is
    unknown, which the cross-reference checks report)."""
    claim = claims.get(entry.claim)
    known = claim is not None and any(level.name == claim.level for level in scoring.levels)
    points = float(scoring.points(claim.level)) if claim is not None and known else 0.0
    effects = {code: points if way == "for" else -points for code, way in entry.effects.items()}
    reasons = entry.reason if isinstance(entry.reason, dict) else {}
    default = entry.reason if isinstance(entry.reason, str) and entry.reason else ""
    says = claim.says if claim is not None else ""
    cite = claim.cite if claim is not None else _NO_CITE
    return Rule(entry.id, entry.when, effects, default or says, cite, entry.claim, reasons)


def _gate(entry: GateEntry, claims: Mapping[str, Claim]) -> Gate:
    claim = claims.get(entry.claim)
    cite = claim.cite if claim is not None else _NO_CITE
    return Gate(entry.id, entry.degree, entry.status, entry.when, entry.reason, cite, entry.claim)


def _note(entry: NoteEntry, claims: Mapping[str, Claim]) -> Note:
    claim = claims.get(entry.claim)
    if claim is None:
        return Note(entry.id, entry.claim, entry.when, (), entry.text, _NO_CITE)
    return Note(entry.id, entry.claim, entry.when, claim.degrees, entry.text or claim.says, claim.cite)


def _cross_reference_problems(
    ruleset: RuleSet, parsed: Mapping[str, _File], rule_files: Iterable[tuple[str, Any]]
) -> list[Problem]:
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
    if ruleset.scoring.spread <= 0:
        checker.at(parsed["scoring.yaml"], ("scoring", "spread"), "spread must be more than 0")
    claims_file = parsed["claims.yaml"]
    for level, key, message in claimuse.scale_problems(ruleset.scoring):
        where_level: Loc = ("scoring", "levels") if level is None else ("scoring", "levels", level, key)
        checker.at(parsed["scoring.yaml"], where_level, message)
    checker.unique(claims_file, "claims", [c.id for c in ruleset.claims], "claim id")
    for index, claim in enumerate(ruleset.claims):
        loc: Loc = ("claims", index)
        checker.cite(claims_file, loc, claim.cite)
        for key, message in claimuse.claim_problems(claim, ruleset):
            checker.at(claims_file, (*loc, key), message)
        if claim.who is not None and checker.condition(
            claims_file, (*loc, "who"), claim.who, checker.questions_by_id
        ):
            checker.can_fire(claims_file, (*loc, "who"), claim.who)
    claim_ids = [c.id for c in ruleset.claims]
    uses: list[claimuse.Use] = []
    places: list[tuple[_File, Loc]] = []
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
                    use = claimuse.Use("rule", item.id, item.claim, item.when, moved, worded)
                elif isinstance(item, GateEntry):
                    checker.degree(one, (*loc, "degree"), item.degree)
                    use = claimuse.Use("gate", item.id, item.claim, item.when, (item.degree,))
                else:
                    use = claimuse.Use("note", item.id, item.claim, item.when, ())
                if valid and checker.check_firing:
                    uses.append(use)
                    places.append((one, loc))
    if not checker.problems:  # the searches below assume a rule set whose references all hold
        for finding in claimuse.use_problems(uses, ruleset):
            one, loc = places[finding.use]
            checker.at(one, (*loc, finding.key), finding.message)
    return checker.problems


class _Checker:
    """Collects cross-reference problems for one rule set."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.questions_by_id = conditions.by_id(ruleset.questions)
        self.problems: list[Problem] = []
        self.check_firing = True

    def at(self, parsed: _File, loc: Loc, message: str) -> None:
        before = len(parsed.problems)
        parsed.add(loc, message)
        self.problems.extend(parsed.problems[before:])

    def unique(
        self,
        parsed: _File,
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

    def questions(self, parsed: _File) -> None:
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

    def condition(
        self,
        parsed: _File,
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

    def can_fire(self, parsed: _File, loc: Loc, condition: Condition) -> bool:
        """Report a condition no valid answers make true (or too intricate to tell); True when fine."""
        if not self.check_firing:
            return True
        try:
            if conditions.can_hold(condition, self.ruleset.questions):
                return True
            self.at(parsed, loc, "can never fire: no valid answers make its condition true")
        except Undecided as err:
            self.at(parsed, loc, str(err))
        return False

    def degree(self, parsed: _File, loc: Loc, code: str) -> None:
        codes = [d.code for d in self.ruleset.degrees]
        if code not in codes:
            self.at(parsed, loc, f"unknown degree '{code}'{did_you_mean(code, codes)}")

    def cite(self, parsed: _File, loc: Loc, cite: Any) -> None:
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
