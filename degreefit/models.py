"""The rule set's domain objects: frozen dataclasses that the inside of degreefit trusts.

They are plain standard-library dataclasses so that loading a cached rule set needs
neither pydantic nor YAML; `rulefiles` validates rule files into them with pydantic
(each class opts into `extra="forbid"` through `__pydantic_config__`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Union

Kind = Literal["single", "multi", "boolean", "integer"]
Op = Literal["is", "in", "not_in", "contains_any", "contains_all", "contains_none", "lt", "lte", "gt", "gte"]
Status = Literal["eligible", "not_yet", "ineligible"]
Scalar = Union[bool, int, str]
AnswerValue = Union[bool, int, str, tuple[str, ...]]

# Unknown keys are errors; .nan and .inf are not numbers a rule may use.
_FORBID = {"extra": "forbid", "allow_inf_nan": False}


@dataclass(frozen=True)
class Test:
    """A test of one answer: `{question: {op: value}}` in YAML."""

    question: str
    op: Op
    value: Union[Scalar, tuple[Scalar, ...]]


@dataclass(frozen=True)
class AllOf:
    """True when every inner condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when at least one inner condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """True when the inner condition is false."""

    condition: Condition


Condition = Union[Test, AllOf, AnyOf, Not]


@dataclass(frozen=True)
class Choice:
    """One value a question accepts, with the label a person reads."""

    __pydantic_config__ = _FORBID
    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question of the questionnaire; its id is its key in an answers file."""

    __pydantic_config__ = _FORBID
    id: str
    kind: Kind
    prompt: str
    topic: str = ""
    help: str = ""
    choices: tuple[Choice, ...] = ()
    min: Union[int, None] = None
    max: Union[int, None] = None
    required: bool = True
    when: Union[Condition, None] = None

    def title(self) -> str:
        """The short name of the question (its topic), or its prompt when it has none."""
        return self.topic or self.prompt

    def choice_values(self) -> tuple[str, ...]:
        """The values this question accepts, in order."""
        return tuple(choice.value for choice in self.choices)

    def label(self, value: str) -> str:
        """The readable label of one of this question's choice values."""
        return next((c.label for c in self.choices if c.value == value), value)


@dataclass(frozen=True)
class Cite:
    """Where a fact comes from: a source id and one of its section headings."""

    __pydantic_config__ = _FORBID
    source: str
    section: str


@dataclass(frozen=True)
class Rule:
    """When `when` holds, add `effects` points to degrees, because of `reason`."""

    __pydantic_config__ = _FORBID
    id: str
    when: Condition
    effects: Mapping[str, float]
    reason: str
    cite: Cite


@dataclass(frozen=True)
class Gate:
    """When `when` holds, a degree is not open to the person (yet)."""

    __pydantic_config__ = _FORBID
    id: str
    degree: str
    status: Literal["not_yet", "ineligible"]
    when: Condition
    reason: str
    cite: Cite


@dataclass(frozen=True)
class Degree:
    """One of the degrees compared."""

    __pydantic_config__ = _FORBID
    code: str
    name: str
    summary: str
    cite: Cite


@dataclass(frozen=True)
class Section:
    """A section of a source, by its heading as the source spells it."""

    __pydantic_config__ = _FORBID
    heading: str
    note: str = ""


@dataclass(frozen=True)
class Source:
    """A document the advice is drawn from, with its provenance."""

    __pydantic_config__ = _FORBID
    id: str
    short: str
    title: str
    publisher: str
    url: Union[str, None]
    ai_written: bool
    provenance: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Scoring:
    """How points become a 0-100 score (see rules/scoring.yaml)."""

    __pydantic_config__ = _FORBID
    spread: float


@dataclass(frozen=True)
class RuleSet:
    """A whole validated knowledge base, and where it was read from."""

    questions: tuple[Question, ...]
    degrees: tuple[Degree, ...]
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...]
    gates: tuple[Gate, ...]
    scoring: Scoring
    path: str
    sha256: str
    builtin: bool

    def question(self, question_id: str) -> Question:
        """The question with this id (the rule set guarantees it exists)."""
        return next(q for q in self.questions if q.id == question_id)

    def degree(self, code: str) -> Degree:
        """The degree with this code."""
        return next(d for d in self.degrees if d.code == code)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return next(s for s in self.sources if s.id == source_id)


MODEL_CLASSES: tuple[type, ...] = (
    Test,
    AllOf,
    AnyOf,
    Not,
    Choice,
    Question,
    Cite,
    Rule,
    Gate,
    Degree,
    Section,
    Source,
    Scoring,
    RuleSet,
)
