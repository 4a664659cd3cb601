"""Read a rules/ directory's YAML files and validate them into a RuleSet.

YAML goes through the safe loader only (`yamlfile`); numbers as written are checked
(`scalars`), the shape of each file by pydantic (`shapes`, unknown keys are errors, told in
plain words there); the records are built (`shapes` too), then cross-references are
checked (`crossrefs`). Every problem is reported at once, as `file:line: rule-id: message`.
This is the slow path: a rule set that passed once is cached (see `cache`), so most runs
never import yaml or pydantic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, TypeAdapter, ValidationError

from degreefit.errors import Loc, Problem, RulesError
from degreefit.models import AllOf, Claim, RuleSet
from degreefit.ruleset import claimuse, conditionyaml
from degreefit.ruleset.crossrefs import cross_reference_problems
from degreefit.ruleset.scalars import check_points, check_scalars, is_points, written_levels
from degreefit.ruleset.shapes import (
    TOP_FILES,
    RulesFile,
    claim_as_source_spells,
    degree_as_source_spells,
    gate_record,
    note_record,
    pydantic_message,
    rule_record,
)
from degreefit.ruleset.yamlfile import ParsedFile, parse_yaml

# NamedTuples reject unknown keys by themselves; .nan and .inf are no numbers for a rule.
_CONFIG = ConfigDict(allow_inf_nan=False)

# Where conditions sit in each list: a key of the item, or a key inside one of its keys.
_CONDITION_PATHS: dict[str, tuple[tuple[str, ...], ...]] = {
    "questions": (("when",), ("constraint", "when"), ("not_considered", "when")),
    "rules": (("when",),),
    "gates": (("when",),),
    "notes": (("when",),),
    "claims": (("who",), ("disagrees", "about")),
}


def _parse_conditions(parsed: ParsedFile, list_key: str, named: conditionyaml.Groups | None) -> None:
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


def _groups(questions: ParsedFile | None) -> tuple[conditionyaml.Groups | None, list[tuple[Loc, str]]]:
    """The groups of choices questions.yaml names, taken out of its data, and their problems;
    None when the file could not be read."""
    if questions is None or questions.problems:
        return None, []
    return conditionyaml.read_groups(questions.data)


def _validate_shape(
    parsed: ParsedFile, model: type, scale: str, *, skip: frozenset[Loc] = frozenset()
) -> Any:
    """Validate a file's data with pydantic into its dataclass; record problems. `scale` is the
    scale of scoring.yaml as written, for a message about points; `skip` the places already reported."""
    try:
        return TypeAdapter(model, config=_CONFIG).validate_python(parsed.data)
    except ValidationError as err:
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            if is_points(loc) and error["type"] != "missing":
                continue  # checked as written, with the scale in the message (`check_points`)
            if loc in skip:
                continue
            unknown_key = error["type"] in ("extra_forbidden", "unexpected_keyword_argument")
            parsed.add(loc, pydantic_message(error, scale), at_key=unknown_key)
        return None


def read_rule_set(files: Mapping[str, bytes], *, path: str, sha256: str, builtin: bool) -> RuleSet:
    """Validate the files of a rule set (relative name -> bytes) into a RuleSet.

    Every problem is reported at once: a broken rule file does not stop the others from
    being checked, as long as the questions, degrees, sources and scoring could be read.
    """
    parsed = {name: parse_yaml(name, text) for name, text in files.items()}
    named, group_problems = _groups(parsed.get("questions.yaml"))
    scoring_file = parsed.get("scoring.yaml")
    scale = claimuse.written_scale(written_levels(scoring_file.data)) if scoring_file is not None else ""
    shapes: dict[str, Any] = {}
    for name, one in parsed.items():
        if one.problems:
            continue
        for list_key in _CONDITION_PATHS:
            _parse_conditions(one, list_key, named)
        if name == "scoring.yaml":
            check_points(one)
        model = TOP_FILES.get(name, RulesFile)
        written = check_scalars(one, model)
        shape = _validate_shape(one, model, scale, skip=written)
        if not one.problems:
            shapes[name] = shape
    for loc, message in group_problems:  # the questions stand without their groups: check them all
        parsed["questions.yaml"].add(loc, message)
    problems = [p for one in parsed.values() for p in one.problems]
    if all(name in shapes for name in TOP_FILES):
        rule_files = [(name, shape) for name, shape in shapes.items() if name not in TOP_FILES]
        sources = shapes["sources.yaml"].sources
        cited = tuple(claim_as_source_spells(claim, sources) for claim in shapes["claims.yaml"].claims)
        claims: dict[str, Claim] = {}
        for claim in cited:  # a second claim of one id is reported below
            claims.setdefault(claim.id, claim)
        scoring = shapes["scoring.yaml"].scoring
        ruleset = RuleSet(
            questions=shapes["questions.yaml"].questions,
            degrees=tuple(degree_as_source_spells(d, sources) for d in shapes["degrees.yaml"].degrees),
            sources=sources,
            rules=tuple(
                rule_record(r, claims, scoring, sources) for _, shape in rule_files for r in shape.rules
            ),
            gates=tuple(gate_record(g, claims) for _, shape in rule_files for g in shape.gates),
            scoring=scoring,
            claims=cited,
            notes=tuple(note_record(n, claims) for _, shape in rule_files for n in shape.notes),
            path=path,
            sha256=sha256,
            builtin=builtin,
        )
        problems += cross_reference_problems(ruleset, parsed, rule_files)
        if not ruleset.rules and not problems:
            problem = (
                "no rules: a rule set needs rule files (rules/*.yaml); without them no degree has a reason"
            )
            problems.append(Problem("rules/", 0, "", problem))
    if problems:
        order = {name: index for index, name in enumerate(files)}
        raise RulesError(
            sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.line)), directory=path
        )
    return ruleset
