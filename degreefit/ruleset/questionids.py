"""Which question ids a rule set may use: each is a key of every answers file and a field of the
answers contract (`degreefit schema`)."""

from __future__ import annotations

from pydantic import BaseModel

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
