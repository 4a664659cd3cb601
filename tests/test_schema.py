"""The answers contract (degreefit/schema.py): its JSON Schema, its pydantic model agreeing with
--answers checks, and the CLI."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError
from typer.testing import CliRunner

from degreefit.answers import require_complete, validate, value_problems
from degreefit.cli import app
from degreefit.conditions import by_id
from degreefit.errors import AnswersError, assert_never
from degreefit.models import Question, RuleSet
from degreefit.ruleset.questionids import question_id_problem
from degreefit.schema import answers_model, json_schema
from tests.helpers.strategies import answer_objects, json_values, valid_answers


def test_schema_has_a_property_for_every_question_and_schema_version(ruleset: RuleSet) -> None:
    """The schema's properties are schema_version and every question id, in question order."""
    schema = json_schema(ruleset)
    assert list(schema["properties"]) == ["schema_version", *(q.id for q in ruleset.questions)]
    assert schema["properties"]["schema_version"]["const"] == 1
    assert schema["type"] == "object"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_requires_exactly_the_unconditional_questions(ruleset: RuleSet) -> None:
    """`required` lists the required questions that have no `when`, and nothing else: not the optional
    region, nor the questions asked only of some people."""
    required = json_schema(ruleset)["required"]
    assert required == [q.id for q in ruleset.questions if q.when is None and q.required]
    assert not ruleset.question("region").required
    assert "region" not in required
    assert "specialty" not in required
    assert "keep_practicing" not in required


def test_schema_requires_conditional_questions_through_if_then(ruleset: RuleSet) -> None:
    """specialty is required if goals contain specialize_clinically; keep_practicing for clinicians."""
    assert json_schema(ruleset)["allOf"] == [
        {
            "if": {
                "properties": {"goals": {"contains": {"enum": ["specialize_clinically"]}}},
                "required": ["goals"],
            },
            "then": {"required": ["specialty"]},
        },
        {
            "if": {
                "properties": {
                    "clinical_status": {
                        "enum": ["practicing_physician", "physician_in_training", "other_clinician"]
                    }
                },
                "required": ["clinical_status"],
            },
            "then": {"required": ["keep_practicing"]},
        },
    ]


def test_schema_forbids_other_keys(ruleset: RuleSet) -> None:
    """additionalProperties is false: a misspelt question id is not silently accepted."""
    assert json_schema(ruleset)["additionalProperties"] is False


def test_schema_makes_goals_a_non_empty_list_of_distinct_choices(ruleset: RuleSet) -> None:
    """goals is an array with minItems 1, uniqueItems, and items from its choices."""
    goals = json_schema(ruleset)["properties"]["goals"]
    assert goals["type"] == "array"
    assert goals["minItems"] == 1
    assert goals["uniqueItems"] is True
    assert goals["items"] == {"enum": list(ruleset.question("goals").choice_values()), "type": "string"}


def test_schema_enums_are_the_choices_of_each_single_question(ruleset: RuleSet) -> None:
    """Each single-choice property's enum is its question's choice values, in order."""
    properties = json_schema(ruleset)["properties"]
    singles = [q for q in ruleset.questions if q.kind == "single"]
    assert singles
    for question in singles:
        assert properties[question.id]["enum"] == list(question.choice_values()), question.id
        assert properties[question.id]["type"] == "string"


def test_schema_gives_integer_bounds_and_boolean_types(ruleset: RuleSet) -> None:
    """Each kind has its JSON type: an integer its min and max, a boolean a boolean, a single its
    choices, a multi a list of one or more distinct choices; no property allows null."""
    properties = json_schema(ruleset)["properties"]
    assert ruleset.questions
    for question in ruleset.questions:
        prop = properties[question.id]
        assert "anyOf" not in prop
        assert "default" not in prop
        match question.kind:
            case "integer":
                assert (prop["type"], prop["minimum"], prop["maximum"]) == (
                    "integer",
                    question.min,
                    question.max,
                )
            case "boolean":
                assert prop["type"] == "boolean"
            case "single":
                assert prop["enum"] == list(question.choice_values())
            case "multi":
                assert (prop["type"], prop["uniqueItems"], prop["minItems"]) == ("array", True, 1)
                assert prop["items"]["enum"] == list(question.choice_values())
            case _:
                assert_never(question.kind)


@pytest.fixture(scope="module")
def model(ruleset: RuleSet) -> type[BaseModel]:
    """The pydantic answers model of the built-in rule set (building one takes a few milliseconds)."""
    return answers_model(ruleset)


def _model_accepts(model: type[BaseModel], data: dict[str, Any]) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


def _checks_accept(ruleset: RuleSet, data: dict[str, Any]) -> bool:
    return value_problems(data, by_id(ruleset.questions)) == []


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_value_problems_and_answers_model_agree(
    ruleset: RuleSet, model: type[BaseModel], data: st.DataObject
) -> None:
    """For any JSON object, value_problems finds nothing exactly when the pydantic model accepts it."""
    answers = data.draw(answer_objects(ruleset))
    assert _checks_accept(ruleset, answers) == _model_accepts(model, answers), answers


@pytest.mark.parametrize(
    "key", ["schema_version", "clinical_status", "goals", "keep_practicing", "max_years"]
)
def test_answers_model_rejects_null_like_value_problems(
    ruleset: RuleSet, model: type[BaseModel], key: str
) -> None:
    """An answer of null is rejected by both validators."""
    assert not _checks_accept(ruleset, {key: None})
    assert not _model_accepts(model, {key: None})


@pytest.mark.parametrize("version", [True, 1.0], ids=["true", "1.0"])
def test_answers_model_takes_only_the_integer_1_as_schema_version_like_value_problems(
    ruleset: RuleSet, model: type[BaseModel], version: object
) -> None:
    """schema_version: true or 1.0 is rejected by both validators."""
    assert not _checks_accept(ruleset, {"schema_version": version})
    assert not _model_accepts(model, {"schema_version": version})


def _complete_and_valid(ruleset: RuleSet, value: object) -> bool:
    try:
        require_complete(validate(value, ruleset, name="<test>"), name="<test>")
    except AnswersError:
        return False
    return True


# The CliRunner holds no state between examples, so sharing the function-scoped fixture is safe.
CLI_PROPERTIES = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@CLI_PROPERTIES
@given(data=st.data())
def test_ask_rejects_any_json_that_is_not_valid_answers_with_exit_2(
    ruleset: RuleSet, runner: CliRunner, data: st.DataObject
) -> None:
    """Any JSON that is not complete, valid answers exits 2 with an error message and no traceback."""
    value = data.draw(st.one_of(json_values(ruleset), answer_objects(ruleset)))
    assume(not _complete_and_valid(ruleset, value))
    result = runner.invoke(app, ["ask", "--answers", "-", "--format", "json"], input=json.dumps(value))
    assert result.exit_code == 2, (value, result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert any(line.startswith("degreefit: error: <stdin>: ") for line in lines), result.stderr
    assert all(
        line.startswith(("degreefit: error: <stdin>: ", "degreefit: warning: <stdin>: ")) for line in lines
    )


@CLI_PROPERTIES
@given(data=st.data())
def test_ask_ranks_all_four_degrees_for_any_valid_answers(
    ruleset: RuleSet, runner: CliRunner, data: st.DataObject
) -> None:
    """Any valid answers exit 0 and the JSON report ranks the four degrees, echoing the answers; `top`
    is the first degree when it leads alone, and null on a tie."""
    answers = data.draw(valid_answers(ruleset))
    result = runner.invoke(app, ["ask", "--answers", "-", "--format", "json"], input=json.dumps(answers))
    assert result.exit_code == 0, (answers, result.stderr, result.exception)
    report = json.loads(result.stdout)
    assert sorted(entry["degree"] for entry in report["ranking"]) == ["MBA", "MHA", "MMM", "MMed"]
    first = report["tied_for_first"]
    assert first == [entry["degree"] for entry in report["ranking"][: len(first)]]
    assert report["top"] == (first[0] if len(first) == 1 else None)
    assert report["answers"] == answers
    assert result.stderr == ""


# Ids to try: every name of pydantic's BaseModel, dunders and underscores, and ordinary words.
ODD_IDS = sorted(
    {
        *dir(BaseModel),
        "Config",
        "_extra",
        "model_",
        "model_x",
        "fields",
        "schema_version_",
        "class",
        "None",
        "a b",
    }
    | {"a-b", "ü", "0abc", "for", "x", "validate_", "copy_of", "json_answer"}
)


@pytest.mark.parametrize("question_id", ODD_IDS)
def test_every_question_id_the_loader_accepts_builds_a_clean_schema(
    ruleset: RuleSet, question_id: str, recwarn: pytest.WarningsRecorder
) -> None:
    """Each id is either refused by the loader (with a reason), or `degreefit schema` builds the contract
    with it as a required property, and pydantic warns of nothing: no id crashes the schema, or drops its
    property while still requiring it."""
    if question_id_problem(question_id):
        return
    extra = Question(question_id, "boolean", "Extra?")
    schema = json_schema(ruleset._replace(questions=(*ruleset.questions, extra)))
    assert schema["properties"][question_id] == {"title": "Extra?", "type": "boolean"}
    assert question_id in schema["required"]
    assert [str(w.message) for w in recwarn] == []
