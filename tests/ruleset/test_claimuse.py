"""How rules may use claims (`degreefit/ruleset/claimuse.py`): only the degrees and the people a claim speaks
of, once a degree, at a level on the scale of scoring.yaml; and claims that nothing uses say why."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from degreefit.models import AllOf, AnswerValue, Level, RuleSet
from degreefit.models import Comparison as Leaf
from degreefit.ruleset.claimuse import (
    MAX_LEVEL_POINTS,
    Finding,
    Use,
    claim_problems,
    points_problems,
    readable,
    scale_problems,
    scale_words,
    unused_problems,
    use_problems,
    written_scale,
)
from degreefit.ruleset.satisfy import TOO_INTRICATE
from tests.helpers.scale import calls, generated

# Its `who`: practising physicians and physicians in training who want to lead (MMM only).
LEADER_CLAIM = "mmm-clinician-to-leader"
WANTS_TO_LEAD = Leaf("goals", "contains_any", ("lead_within_health_system",))
PHYSICIAN_WHO_WANTS_TO_LEAD = AllOf((Leaf("clinical_status", "is", "practicing_physician"), WANTS_TO_LEAD))
SCALE = [{"name": "strong", "points": 3}, {"name": "moderate", "points": 2}, {"name": "weak", "points": 1}]


def _uses(ruleset: RuleSet) -> list[Use]:
    return [Use("rule", r.id, r.claim, r.when, tuple(r.effects)) for r in ruleset.rules]


def test_checking_how_rules_use_their_claims_grows_with_the_rules(ruleset: RuleSet) -> None:
    """The claim checks of `rules check` (one claim counts once for a degree, ...) on 4,000 generated
    rules take about twice the work of 2,000, not four times: rules are compared only with the rules
    that share their claim."""
    small, large = generated(ruleset, 2000), generated(ruleset, 4000)
    ratio = calls(lambda: use_problems(_uses(large), large)) / calls(
        lambda: use_problems(_uses(small), small)
    )
    assert ratio < 2.3, ratio


def _every_use(ruleset: RuleSet) -> list[Use]:
    """The rules, gates and notes of a rule set as the checks see them (as `rules check` makes them)."""
    return [
        *(Use("rule", r.id, r.claim, r.when, tuple(r.effects), tuple(r.reasons)) for r in ruleset.rules),
        *(Use("gate", g.id, g.claim, g.when, (g.degree,)) for g in ruleset.gates),
        *(Use("note", n.id, n.claim, n.when, ()) for n in ruleset.notes),
    ]


def test_the_built_in_rules_use_their_claims_as_promised(ruleset: RuleSet) -> None:
    """Every built-in rule, gate and note moves only its claim's degrees, for its claim's people, once."""
    uses = _every_use(ruleset)
    assert len(uses) > len(ruleset.rules)
    assert use_problems(uses, ruleset) == []


UNNAMED_DEGREES = {
    "a-rule-moving-the-mba": (
        Use("rule", "leaders-to-mba", LEADER_CLAIM, PHYSICIAN_WHO_WANTS_TO_LEAD, ("MBA",)),
        "effects",
        "moves MBA, but its claim 'mmm-clinician-to-leader' speaks of MMM; a rule may move only the "
        "degrees its claim names",
    ),
    "a-gate-closing-the-mha": (
        Use("gate", "mha-closed", LEADER_CLAIM, Leaf("clinical_status", "is", "non_clinician"), ("MHA",)),
        "degree",
        "closes MHA, but its claim 'mmm-clinician-to-leader' speaks of MMM; a gate may close only the "
        "degrees its claim names",
    ),
}


@pytest.mark.parametrize(("use", "key", "message"), UNNAMED_DEGREES.values(), ids=list(UNNAMED_DEGREES))
def test_a_use_of_a_degree_its_claim_does_not_name_is_told_which_it_names(
    ruleset: RuleSet, use: Use, key: str, message: str
) -> None:
    """A rule on an MMM claim that moves the MBA is told the claim speaks only of the MMM (at its key
    `effects`); a gate on it that closes the MHA is told so at its `degree`."""
    assert use_problems([use], ruleset) == [Finding(0, key, message)]


def test_a_rule_firing_for_people_its_claim_does_not_speak_of_gets_an_example(ruleset: RuleSet) -> None:
    """A rule for anyone who wants to lead, on a claim about physicians, is shown a medical graduate it
    would fire for (in the words of the questions the claim's `who` reads), and told to narrow `when`."""
    use = Use("rule", "leaders", LEADER_CLAIM, WANTS_TO_LEAD, ("MMM",))
    assert use_problems([use], ruleset) == [
        Finding(
            0,
            "when",
            "fires for people its claim 'mmm-clinician-to-leader' does not speak of (for example clinical "
            "status: Medical graduate, not practicing; goals: Lead within a health system); narrow `when` "
            "to the claim's `who`",
        )
    ]


def test_a_rule_within_its_claims_who_is_accepted(ruleset: RuleSet) -> None:
    """A rule for practising physicians who want to lead stays within the claim's `who`: no problem."""
    use = Use("rule", "leaders", LEADER_CLAIM, PHYSICIAN_WHO_WANTS_TO_LEAD, ("MMM",))
    assert use_problems([use], ruleset) == []


def test_a_rule_moving_two_degrees_needs_a_reason_for_each(ruleset: RuleSet) -> None:
    """A rule moving the MMM and the MHA with a reason for the MMM only is asked for one reason a degree."""
    when = Leaf("clinical_status", "is", "practicing_physician")
    one_reason = Use("rule", "both", "mmm-mha-serve-different-groups", when, ("MMM", "MHA"), ("MMM",))
    problems = [p for p in use_problems([one_reason], ruleset) if p.key == "reason"]
    assert problems == [
        Finding(
            0,
            "reason",
            "a rule that moves MMM and MHA gives each its own reason (reason: {CODE: text, ...}), worded to "
            "read right under that degree",
        )
    ]
    both = use_problems([one_reason._replace(reasons=("MHA", "MMM"))], ruleset)
    assert [p for p in both if p.key == "reason"] == []


def test_two_rules_that_fire_together_on_one_claim_count_it_twice(ruleset: RuleSet) -> None:
    """Two rules using one claim for the MMM that both fire for some answers are refused at the second,
    naming the first and answers for which both fire."""
    first = Use("rule", "leaders", LEADER_CLAIM, PHYSICIAN_WHO_WANTS_TO_LEAD, ("MMM",))
    physicians = Leaf("clinical_status", "in", ("practicing_physician", "physician_in_training"))
    to_lead_or_run = Leaf(
        "goals", "contains_any", ("lead_within_health_system", "run_healthcare_organization")
    )
    second = first._replace(id="physicians-to-lead-or-run", when=AllOf((physicians, to_lead_or_run)))
    assert use_problems([first, second], ruleset) == [
        Finding(
            1,
            "claim",
            "claim 'mmm-clinician-to-leader' would count twice for MMM: rule 'leaders' uses it too, and both "
            "fire for clinical status: Practicing physician; goals: Lead within a health system; a claim "
            "counts once for a degree, so no answers may fire both",
        )
    ]


def test_two_rules_on_one_claim_that_never_fire_together_are_accepted(ruleset: RuleSet) -> None:
    """Rules using one claim for practising physicians and for physicians in training never both fire."""
    practising = Use("rule", "practising", LEADER_CLAIM, PHYSICIAN_WHO_WANTS_TO_LEAD, ("MMM",))
    training = practising._replace(
        id="training",
        when=AllOf((Leaf("clinical_status", "is", "physician_in_training"), WANTS_TO_LEAD)),
    )
    assert use_problems([practising, training], ruleset) == []


def test_a_search_too_long_to_finish_is_reported_instead_of_decided(
    ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a search runs out of steps, the rule is told its condition is too intricate to check against
    its claim's `who`, and against the other rule sharing its claim, instead of a verdict."""
    monkeypatch.setattr("degreefit.ruleset.satisfy.MAX_STEPS", 3)
    first = Use("rule", "leaders", LEADER_CLAIM, PHYSICIAN_WHO_WANTS_TO_LEAD, ("MMM",))
    second = first._replace(id="again")
    assert use_problems([first, second], ruleset) == [
        Finding(0, "when", f"held to the `who` of its claim 'mmm-clinician-to-leader': {TOO_INTRICATE}"),
        Finding(1, "claim", f"with rule 'leaders', which uses its claim too: {TOO_INTRICATE}"),
        Finding(1, "when", f"held to the `who` of its claim 'mmm-clinician-to-leader': {TOO_INTRICATE}"),
    ]


def test_a_claim_at_a_level_off_the_scale_is_told_the_levels(ruleset: RuleSet) -> None:
    """A claim whose strength is no level of scoring.yaml gets the level it likely meant, and the scale."""
    claim = ruleset.claim(LEADER_CLAIM)
    assert claim_problems(claim, ruleset) == []
    assert claim_problems(claim._replace(level="strnog"), ruleset) == [
        (
            "level",
            "'strnog' is not a level of scoring.yaml; did you mean 'strong'? Use one of its levels: "
            "strong 3, moderate 2, weak 1",
        )
    ]
    assert claim_problems(claim._replace(level="decisive"), ruleset) == [
        (
            "level",
            "'decisive' is not a level of scoring.yaml. Use one of its levels: strong 3, moderate 2, weak 1",
        )
    ]


def test_a_claim_naming_an_unknown_degree_is_told_the_degrees(ruleset: RuleSet) -> None:
    """A claim naming a degree that does not exist is told the degrees there are."""
    claim = ruleset.claim(LEADER_CLAIM)._replace(degrees=("MMM", "MPH"))
    assert claim_problems(claim, ruleset) == [
        ("degrees", "unknown degree 'MPH'; the degrees are MMM, MHA, MBA, MMed")
    ]


def test_the_scale_needs_levels_each_named_once(ruleset: RuleSet) -> None:
    """A scale without levels, or with a level named twice, is refused; the built-in scale is fine."""
    scoring = ruleset.scoring
    assert scale_problems(scoring) == []
    assert scale_words(scoring) == "strong 3, moderate 2, weak 1"
    assert scale_problems(scoring._replace(levels=())) == [
        (None, "levels", "the scale needs at least one level (name and points)")
    ]
    twice = (Level("strong", 3), Level("weak", 1), Level("strong", 2))
    assert scale_problems(scoring._replace(levels=twice)) == [(2, "name", "level 'strong' is listed twice")]


@pytest.mark.parametrize(
    ("points", "shown"),
    [(0, "0"), (11, "11"), (2.5, "2.5"), (True, "true"), ("three", "'three'"), (None, "null")],
)
def test_points_off_the_scale_are_refused_naming_the_other_levels(points: Any, shown: str) -> None:
    """A level whose points are not a whole number from 1 to 10 is refused, as YAML spells its points,
    with the other levels beside it so the author can place it among them."""
    levels = [*SCALE, {"name": "decisive", "points": points}]
    assert points_problems(levels) == [
        (
            3,
            f"level 'decisive' has {shown} points; a level's points are a whole number from 1 to 10 (the "
            "other levels: strong 3, moderate 2, weak 1)",
        )
    ]


@settings(max_examples=100, deadline=None)
@given(points=st.one_of(st.integers(-1000, 1000), st.integers(-1000, 1000).map(float)))
def test_points_are_accepted_exactly_when_whole_and_from_1_to_10(points: float) -> None:
    """Any whole number of points from 1 to 10 (3.0 as well as 3) is accepted, and any other refused."""
    problems = points_problems([{"name": "only", "points": points}])
    assert (problems == []) is (1 <= points <= MAX_LEVEL_POINTS)


def test_the_scale_reads_as_written() -> None:
    """The scale as written reads "strong 3, moderate 2, weak 1"; levels without points are left out."""
    assert written_scale(SCALE) == "strong 3, moderate 2, weak 1"
    assert written_scale([*SCALE[:1], {"name": "half"}]) == "strong 3"
    assert written_scale("strong") == ""


def test_example_answers_read_in_the_words_of_the_questions(ruleset: RuleSet) -> None:
    """Example answers read as topics and labels (yes/no, goals joined with +), only for the keys asked."""
    answers: dict[str, AnswerValue] = {
        "clinical_status": "medical_student",
        "goals": ("consulting", "digital_health"),
        "keep_practicing": False,
        "max_years": 3,
        "career_stage": "early",
    }
    keys = {"clinical_status", "goals", "keep_practicing", "max_years"}
    assert readable(answers, ruleset.questions, keys) == (
        "clinical status: Medical student; goals: Work in health-care consulting + Work in digital health or "
        "health tech; keep clinical work: no; longest program (years): 3"
    )
    assert readable(answers, ruleset.questions, set()) == "any answers"


def test_a_claim_nothing_uses_must_say_why(ruleset: RuleSet) -> None:
    """An unused claim that gives no reason is told to be used or say why; a used one that gives a reason
    is told it is used; the built-in claims are all in order."""
    assert unused_problems(ruleset) == []
    unused = ruleset.claims[0]._replace(id="zz-nobody-uses-this", unused="")
    used = ruleset.claims[0]._replace(unused="Said to be unused.")
    changed = ruleset._replace(claims=(used, *ruleset.claims[1:], unused))
    assert unused_problems(changed) == [
        (0, "this claim says it is unused, but a rule, gate or note uses it"),
        (len(ruleset.claims), "no rule, gate or note uses this claim; use it, or say why in `unused`"),
    ]
