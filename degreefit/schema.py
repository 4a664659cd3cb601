"""The answers contract as a pydantic model, and its JSON Schema (`degreefit schema`).

The model is generated from the questions in rules/, so the published schema always
matches the questions degreefit asks. A question's `when` becomes an if/then clause:
web forms and survey tools can tell which answers are required for whom.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model

from degreefit import kinds
from degreefit.answers import SCHEMA_VERSION
from degreefit.models import AllOf, AnyOf, Comparison, Condition, Not, Question, RuleSet

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def answers_model(ruleset: RuleSet) -> type[BaseModel]:
    """A frozen, strict pydantic model accepting exactly the values each question accepts."""
    # Every field is optional through its default; none accepts null (defaults are not validated).
    fields: dict[str, Any] = {
        "schema_version": (
            Annotated[Literal[SCHEMA_VERSION], BeforeValidator(_exact_integer)],
            Field(default=None, description="The version of this contract; optional."),
        )
    }
    for question in ruleset.questions:
        fields[question.id] = (
            kinds.annotation(question),
            Field(
                default=None,
                title=question.prompt,
                description=question.help or None,
                json_schema_extra=_extra(question),
            ),
        )
    config = ConfigDict(extra="forbid", frozen=True, strict=True, title="degreefit answers")
    model: type[BaseModel] = create_model("Answers", __config__=config, **fields)
    return model


def _exact_integer(value: object) -> object:
    if type(value) is not int:  # Literal[1] alone would take true and 1.0
        raise ValueError("must be the integer 1")
    return value


def _extra(question: Question) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if kinds.is_list(question.kind):
        extra["uniqueItems"] = True
    if question.choices:
        extra["x-choice-labels"] = {c.value: c.label for c in question.choices}
    return extra


def json_schema(ruleset: RuleSet) -> dict[str, Any]:
    """The JSON Schema of an answers file, including which answers each person must give."""
    schema = answers_model(ruleset).model_json_schema()
    for prop in schema["properties"].values():
        prop.pop("default", None)  # "default": null would suggest that null is an answer
    required = [q.id for q in ruleset.questions if q.required and q.when is None]
    conditional = [
        {"if": _condition_schema(q.when), "then": {"required": [q.id]}}
        for q in ruleset.questions
        if q.required and q.when is not None
    ]
    return {
        "$schema": SCHEMA_DIALECT,
        "title": schema["title"],
        "description": "Answers for `degreefit ask --answers`. Keys are question ids; answers to questions "
        "whose condition does not hold are ignored.",
        "type": "object",
        "properties": schema["properties"],
        "required": required,
        "additionalProperties": False,
        **({"allOf": conditional} if conditional else {}),
    }


def _condition_schema(condition: Condition) -> dict[str, Any]:
    if isinstance(condition, AllOf):
        return {"allOf": [_condition_schema(c) for c in condition.conditions]}
    if isinstance(condition, AnyOf):
        return {"anyOf": [_condition_schema(c) for c in condition.conditions]}
    if isinstance(condition, Not):
        return {"not": _condition_schema(condition.condition)}
    return {"properties": {condition.question: _test_schema(condition)}, "required": [condition.question]}


def _test_schema(test: Comparison) -> dict[str, Any]:
    values = list(test.value) if isinstance(test.value, tuple) else [test.value]
    one_of = {"enum": values}
    schemas: dict[str, dict[str, Any]] = {
        "is": {"const": test.value},
        "in": one_of,
        "not_in": {"not": one_of},
        "contains_any": {"contains": one_of},
        "contains_all": {"allOf": [{"contains": {"const": v}} for v in values]},
        "contains_none": {"not": {"contains": one_of}},
        "lt": {"exclusiveMaximum": test.value},
        "lte": {"maximum": test.value},
        "gt": {"exclusiveMinimum": test.value},
        "gte": {"minimum": test.value},
    }
    return schemas[test.op]
