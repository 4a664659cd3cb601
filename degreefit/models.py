"""The rule set's domain objects: immutable records that the inside of degreefit trusts.

They are `typing.NamedTuple`s: immutable, compared by value, and cheap to define. That
matters because this module is on the start-up path of every run: fourteen frozen
dataclasses took about 9 ms to create here, these about 1 ms. Loading a cached rule set
needs neither pydantic nor YAML; `ruleset.validate` checks rule files into these records
with pydantic, which rejects unknown keys for NamedTuples.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal, NamedTuple, Union

Kind = Literal["single", "multi", "boolean", "integer"]
Op = Literal["is", "in", "not_in", "contains_any", "contains_all", "contains_none", "lt", "lte", "gt", "gte"]
Status = Literal["eligible", "not_yet", "ineligible"]
BearsOn = Literal["goals", "costs"]
# How much a source is worth, best first (rules/sources.yaml): a program's own page, an accreditor,
# a regulator or a statistics office; a professional body; the news article; the AI-written guide.
Tier = Literal["primary", "institutional", "news", "ai_written"]
TIERS: tuple[Tier, ...] = ("primary", "institutional", "news", "ai_written")
Topic = Literal[
    "audience",
    "outcomes",
    "recognition",
    "admission",
    "specialist_route",
    "length",
    "format",
    "research",
    "cost",
    "income",
    "clinical_work",
]
Scalar = Union[bool, int, str]
AnswerValue = Union[bool, int, str, tuple[str, ...]]


def _parsed_already(cls: type) -> Any:
    """Pydantic's schema for a condition class: the `conditions` module has parsed it already."""
    from pydantic_core import core_schema  # only when validating rule files

    return core_schema.is_instance_schema(cls)


class Comparison(NamedTuple):
    """A comparison of one answer with values, the leaf of a condition: `{question: {op: value}}`
    in YAML (rule files call it a test)."""

    question: str
    op: Op
    value: Union[Scalar, tuple[Scalar, ...]]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return _parsed_already(cls)


class AllOf(NamedTuple):
    """True when every inner condition is true."""

    conditions: tuple[Condition, ...]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return _parsed_already(cls)


class AnyOf(NamedTuple):
    """True when at least one inner condition is true."""

    conditions: tuple[Condition, ...]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return _parsed_already(cls)


class Not(NamedTuple):
    """True when the inner condition is false."""

    condition: Condition

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return _parsed_already(cls)


Condition = Union[Comparison, AllOf, AnyOf, Not]


class Choice(NamedTuple):
    """One value a question accepts, with the label a person reads."""

    value: str
    label: str


@lru_cache(maxsize=256)
def _choice_values(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    # Asked once per answer when validating a cohort: worth remembering per question.
    return tuple(choice.value for choice in choices)


class Constraint(NamedTuple):
    """An answer that limits which programs can work (years, format, income, ...): when `when`
    holds, the report names the degrees whose rules never read the question, since the sources
    say nothing about `topic` for them."""

    topic: str
    when: Union[Condition, None] = None


class Unconsidered(NamedTuple):
    """What the advice could not take into account when a question's answer leaves it open (the
    question skipped, or a choice no source speaks of): said when `when` holds and some answer
    to the question would have changed what counts for the person."""

    text: str
    when: Union[Condition, None] = None


class Question(NamedTuple):
    """A question of the questionnaire; its id is its key in an answers file."""

    id: str
    kind: Kind
    prompt: str
    topic: str = ""
    help: str = ""
    choices: tuple[Choice, ...] = ()
    min: Union[int, None] = None
    max: Union[int, None] = None
    required: bool = True
    actionable: bool = False  # the person can choose this answer (what-would-change changes it)
    when: Union[Condition, None] = None
    constraint: Union[Constraint, None] = None
    not_considered: Union[Unconsidered, None] = None

    def title(self) -> str:
        """The short name of the question (its topic), or its prompt when it has none."""
        return self.topic or self.prompt

    def choice_values(self) -> tuple[str, ...]:
        """The values this question accepts, in order."""
        return _choice_values(self.choices)

    def label(self, value: str) -> str:
        """The readable label of one of this question's choice values."""
        return next((c.label for c in self.choices if c.value == value), value)


class Cite(NamedTuple):
    """Where a fact comes from: a source id and one of its section headings."""

    source: str
    section: str


BOTH = "both"  # a disagreement whose two claims both count, each at its level: they point different ways


class Disagreement(NamedTuple):
    """Two claims whose sources disagree: the other claim, which one the scoring follows (or both,
    where they point different ways without contradicting each other) and why."""

    claim: str
    follow: str  # the id of the claim the scoring follows (one of the two), or "both" (BOTH)
    why: str
    about: Union[Condition, None] = (
        None  # the people the two disagree about (None: all the followed claim speaks of)
    )


class Claim(NamedTuple):
    """One idea of a source, written once: rules, gates and notes point at it.

    `level` names a level of the scoring scale (how strongly the source says it); `degrees`
    are the degrees it speaks of; `who` the people it speaks of (None: everyone); `bears_on`
    whether it links a degree to the person's goals and situation (which decides the order) or
    names a practical cost (which only separates degrees level on goals); `unused` says why
    nothing uses it, for a claim recorded but not applied.

    `program` names the one program a program's page speaks for: such a claim is an example,
    shown under "What programs show" by a note, never scored. `as_of` is the year the fact holds
    for, as its page shows it. `examples` are the program claims a degree-wide claim drawn from
    programs' pages rests on (at least three). `topic` is what the claim is about; two claims of
    different sources on one topic of one degree, for people both reach, must say how they relate:
    `agrees_with`, or `disagrees` (with which one the scoring follows, and why).
    """

    id: str
    source: str
    section: str
    says: str
    hedge: str
    level: str
    degrees: tuple[str, ...]
    who: Union[Condition, None] = None
    bears_on: BearsOn = "goals"
    unused: str = ""
    topic: Union[Topic, None] = None
    program: str = ""
    as_of: Union[int, None] = None
    examples: tuple[str, ...] = ()
    agrees_with: tuple[str, ...] = ()
    disagrees: Union[Disagreement, None] = None

    @property
    def cite(self) -> Cite:
        """Where the claim comes from."""
        return Cite(self.source, self.section)


class Rule(NamedTuple):
    """When `when` holds, its claim counts for or against degrees: `effects` holds the points
    (the claim's level, signed, less the discount of an AI-written source), `reasons` a degree's
    own wording where it has one. `bears_on` is its claim's; `conflict` marks a cost that rules
    a degree out for the person as they answered (not merely weighs against it)."""

    id: str
    when: Condition
    effects: Mapping[str, float]
    reason: str
    cite: Cite
    claim: str = ""
    reasons: Mapping[str, str] = {}
    bears_on: BearsOn = "goals"
    conflict: bool = False

    def reason_for(self, code: str) -> str:
        """The reason as it reads under the degree `code`."""
        return self.reasons.get(code, self.reason)


class Gate(NamedTuple):
    """When `when` holds, a degree is not open to the person (yet)."""

    id: str
    degree: str
    status: Literal["not_yet", "ineligible"]
    when: Condition
    reason: str
    cite: Cite
    claim: str = ""


class Note(NamedTuple):
    """When `when` holds, a claim worth knowing is shown; it moves no score."""

    id: str
    claim: str
    when: Condition
    degrees: tuple[str, ...]
    text: str
    cite: Cite
    program: str = ""  # the program its claim speaks for: an example under "What programs show"
    as_of: Union[int, None] = None


class Fact(NamedTuple):
    """One thing a source says about a degree, and where it says it."""

    text: str
    cite: Cite


class Profile(NamedTuple):
    """What the sources say about a degree, topic by topic; an empty topic is not covered."""

    who_for: tuple[Fact, ...] = ()
    admission: tuple[Fact, ...] = ()
    format: tuple[Fact, ...] = ()
    duration: tuple[Fact, ...] = ()
    cost: tuple[Fact, ...] = ()
    focus: tuple[Fact, ...] = ()
    recognition: tuple[Fact, ...] = ()
    examples: tuple[Fact, ...] = ()


class Degree(NamedTuple):
    """One of the degrees compared, with its profile. `thinly_sourced` says why the sources say
    too little about it for any answers to rank it first on its own (None: they do not)."""

    code: str
    name: str
    summary: str
    cite: Cite
    profile: Profile = Profile()
    thinly_sourced: Union[str, None] = None


class Section(NamedTuple):
    """A section of a source, by its heading as the source spells it."""

    heading: str
    note: str = ""
    why_uncited: str = ""  # why no rule cites it, if none does


class Source(NamedTuple):
    """A document the advice is drawn from, with its provenance: its `tier` (how much it is worth,
    rules/sources.yaml), `kind` (a program's page, an accreditor, a regulator...), `scope` (what it
    speaks for: one program, a country, a whole field), the date the page shows (None: it shows
    none) and the date it was read."""

    id: str
    short: str
    title: str
    publisher: str
    url: Union[str, None]
    tier: Tier
    sections: tuple[Section, ...]
    provenance: str = ""
    kind: str = ""
    scope: str = ""
    page_date: Union[str, None] = None
    read: Union[str, None] = None

    @property
    def ai_written(self) -> bool:
        """Whether the source says it was written by AI."""
        return self.tier == "ai_written"

    @property
    def from_programs(self) -> bool:
        """Whether the source is one program's own page, which speaks for that program only."""
        return self.kind == "program"


class Level(NamedTuple):
    """A named strength on the points scale, chosen for a claim from its source's hedge."""

    name: str
    points: int


class Scoring(NamedTuple):
    """The scale of claim levels, and how much less a claim of an AI-written source counts
    (rules/scoring.yaml)."""

    levels: tuple[Level, ...] = ()
    ai_written_discount: float = 0.0
    stale_after_years: int = 5  # `rules check` notes facts older than this

    def points(self, level: str) -> int:
        """The points of a named level (the rule set guarantees it exists)."""
        return next(lv.points for lv in self.levels if lv.name == level)


class RuleSet(NamedTuple):
    """A whole validated knowledge base, and where it was read from."""

    questions: tuple[Question, ...]
    degrees: tuple[Degree, ...]
    sources: tuple[Source, ...]
    rules: tuple[Rule, ...]
    gates: tuple[Gate, ...]
    scoring: Scoring
    claims: tuple[Claim, ...]
    notes: tuple[Note, ...]
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

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id."""
        return next(c for c in self.claims if c.id == claim_id)


# Every record class: the cache rebuilds records by class name; the rule-file check knows their fields.
MODEL_CLASSES: tuple[type, ...] = (
    Comparison,
    AllOf,
    AnyOf,
    Not,
    Choice,
    Constraint,
    Unconsidered,
    Question,
    Cite,
)
MODEL_CLASSES += (Disagreement, Claim)
MODEL_CLASSES += (Rule, Gate, Note, Fact, Profile, Degree, Section, Source, Level, Scoring, RuleSet)
