"""Cross-references of a rule set: unknown questions, choices, degrees, claims, sources and sections,
ids used twice, conditions that look ahead, and rules held to their claims
(`degreefit/ruleset/crossrefs.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from degreefit.errors import RulesError
from degreefit.ruleset.load import load_ruleset
from tests.helpers.edits import (
    DIFFERENCE,
    FIRST_RULE,
    MISSPELT_DEGREE,
    MMED_SECTIONS,
    STRAIGHT_DIFFERENCE,
    TOO_LONG,
    UNKNOWN_DEGREE,
    append,
    edit,
    line_in,
    made_up_claim,
    problems_of,
)


def test_condition_naming_an_unknown_question_is_reported(rules_copy: Path) -> None:
    """A rule whose condition tests a question that does not exist is an error at its `when`, with the
    question it most likely meant."""
    line = edit(
        rules_copy, "rules/clinical.yaml", "- wants_research: {is: false}", "- wants_reserch: {is: false}"
    )
    assert problems_of(rules_copy) == [
        f"rules/clinical.yaml:{line}: mmed-research-unwelcome: condition names unknown question "
        "'wants_reserch'; did you mean 'wants_research'?"
    ]


def test_condition_with_a_value_that_is_no_choice_is_reported(rules_copy: Path) -> None:
    """A rule testing a single-choice question against a value like none it offers names the question
    and questions.yaml, and lists the choices."""
    line = edit(
        rules_copy,
        "rules/practicalities.yaml",
        "{study_format: {is: online_part_time}}",
        "{study_format: {is: remote}}",
    )
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-supervised-practice: 'remote' is not a choice of question "
        "'study_format' (questions.yaml); its choices are online_part_time, full_time, either"
    ]


def test_a_misspelt_choice_says_which_choice_was_meant(rules_copy: Path) -> None:
    """A goal misspelt in a rule's condition is refused at its line, naming the question, the file that
    holds its choices, and the choice it most likely meant."""
    line = edit(
        rules_copy,
        "rules/leadership.yaml",
        "[support_clinical_teams]",
        "[support_clinical_team]",
        after="  - id: mmm-frontline-leaders\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/leadership.yaml:{line}: mmm-frontline-leaders: 'support_clinical_team' is not a choice of "
        "question 'goals' (questions.yaml); did you mean 'support_clinical_teams'?"
    ]


# A rule with a multi-line condition, its tests inside `all`, `any` and `not`, each on a line of its own.
NESTED_WHEN = """\
rules:
  - id: zz-nested
    claim: zz-nested
    when:
      all:
        - clinical_status: {in: [practicing_physician, physician_in_training]}
        - any:
            - career_stage: {is: mid}
            - not:
                max_years: {lt: 2}
        - goals:
            contains_any:
              - research_academic
              - specialize_clinically
    effects: {MMed: for}
"""


NESTED_FAULTS = [
    pytest.param(
        "practicing_physician, physician_in_training",
        "practicing_physician, physician_in_trainng",
        "        - clinical_status: ",
        "'physician_in_trainng' is not a choice of question 'clinical_status' (questions.yaml); "
        "did you mean 'physician_in_training'?",
        id="first-of-all",
    ),
    pytest.param(
        "career_stage: {is: mid}",
        "career_stage: {is: middle}",
        "            - career_stage: ",
        "'middle' is not a choice of question 'career_stage' (questions.yaml); did you mean 'mid'?",
        id="inside-any",
    ),
    pytest.param(
        "career_stage: {is: mid}",
        "career_stage: {lt: 3}",
        "            - career_stage: ",
        "'lt' does not apply to single question 'career_stage'; use in, is, not_in",
        id="operator-inside-any",
    ),
    pytest.param(
        "max_years: {lt: 2}",
        "max_yaers: {lt: 2}",
        "                max_yaers: ",
        "condition names unknown question 'max_yaers'; did you mean 'max_years'?",
        id="inside-not",
    ),
    pytest.param(
        "max_years: {lt: 2}",
        "max_years: {lt: two}",
        "                max_years: ",
        "'max_years': 'two' is not a whole number",
        id="value-inside-not",
    ),
    pytest.param(
        "              - specialize_clinically\n",
        "              - specialise_clinically\n",
        "              - research_academic\n",
        "'specialise_clinically' is not a choice of question 'goals' (questions.yaml); "
        "did you mean 'specialize_clinically'?",
        id="block-list-of-values",
    ),
]


@pytest.mark.parametrize(("old", "new", "at", "message"), NESTED_FAULTS)
def test_a_faulty_test_inside_all_any_or_not_is_reported_at_its_own_line(
    rules_copy: Path, old: str, new: str, at: str, message: str
) -> None:
    """In a condition written over several lines, a faulty test is reported on the line where it is
    (`at`), not on the line of the `all:` (or `any:`, `not:`) around it; a faulty value of a list
    written one value a line, on the line where the list starts."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-nested"))
    append(rules_copy, "rules/zz.yaml", NESTED_WHEN)
    assert "zz-nested" in {rule.id for rule in load_ruleset(rules_copy).rules}
    edit(rules_copy, "rules/zz.yaml", old, new)
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [f"rules/zz.yaml:{line}: zz-nested: {message}"]


def test_unknown_degree_in_effects_suggests_the_closest(rules_copy: Path) -> None:
    """An effect on a degree that does not exist is an error that suggests the degree meant."""
    line = edit(rules_copy, *MISSPELT_DEGREE, after=FIRST_RULE)
    assert problems_of(rules_copy) == [f"rules/clinical.yaml:{line}: {UNKNOWN_DEGREE}"]


def test_unknown_degree_in_a_gate_is_reported(rules_copy: Path) -> None:
    """A gate on a degree that does not exist is an error at its `degree`."""
    line = edit(
        rules_copy,
        "rules/eligibility.yaml",
        "    degree: MMed\n    status: not_yet\n",
        "    degree: MBBS\n    status: not_yet\n",
    )
    assert problems_of(rules_copy) == [
        f"rules/eligibility.yaml:{line}: mmed-after-medical-degree: unknown degree 'MBBS'"
    ]


def test_cite_of_an_unknown_section_suggests_the_closest(rules_copy: Path) -> None:
    """A claim citing a section heading its source does not have is an error at the claim's `section`
    that suggests the heading meant and lists the source's sections (a rule's cite is its claim's)."""
    line = edit(
        rules_copy,
        "claims.yaml",
        '    section: "Comparing Master of Medicine Providers"\n',
        '    section: "Comparing Master of Medicine Provider"\n',
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-compared-programs: source 'mmed-guide' has no section "
        "'Comparing Master of Medicine Provider'; did you mean 'Comparing Master of Medicine Providers'? "
        + MMED_SECTIONS
    ]


def test_cite_of_a_section_like_none_lists_the_sections_of_its_source(rules_copy: Path) -> None:
    """A section heading like none of its source's is an error that lists the source's headings and names
    the command that shows them."""
    line = edit(
        rules_copy,
        "claims.yaml",
        '    section: "Comparing Master of Medicine Providers"\n',
        '    section: "Rankings"\n',
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-compared-programs: source 'mmed-guide' has no section 'Rankings'. "
        + MMED_SECTIONS
    ]


def test_two_headings_of_one_source_that_differ_only_in_quotes_are_refused(rules_copy: Path) -> None:
    """A source may not have two headings that differ only in straight and typographic quotes: a cite
    could not tell them apart."""
    line = edit(
        rules_copy,
        "sources.yaml",
        f'      - heading: "{DIFFERENCE}"\n',
        f'      - heading: "{DIFFERENCE}"\n      - heading: "{STRAIGHT_DIFFERENCE}"\n',
    )
    assert problems_of(rules_copy) == [
        f"sources.yaml:{line + 1}: usnews-mmm: section heading '{STRAIGHT_DIFFERENCE}' is used twice"
    ]


def test_claim_of_an_unknown_source_suggests_the_closest(rules_copy: Path) -> None:
    """A claim naming a source that does not exist is an error at its `source`, suggesting the id meant."""
    line = edit(
        rules_copy, "claims.yaml", "    source: mmed-guide\n", "    source: mmed_guide\n", after=FIRST_RULE
    )
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: unknown source 'mmed_guide'; did you mean 'mmed-guide'?"
    ]


def test_cite_of_an_unknown_source_suggests_the_closest(rules_copy: Path) -> None:
    """A citation of a source that does not exist suggests the source id meant."""
    line = edit(  # the anchor starts with the newline before the degree's own cite line
        rules_copy,
        "degrees.yaml",
        '\n    cite: {source: mmed-guide, section: "What is a Master of Medicine Degree?"}',
        '\n    cite: {source: mmed_guide, section: "What is a Master of Medicine Degree?"}',
    )
    assert problems_of(rules_copy) == [
        f"degrees.yaml:{line + 1}: MMed: unknown source 'mmed_guide'; did you mean 'mmed-guide'?"
    ]


def test_rule_id_used_in_two_files_is_reported_where_it_is_repeated(rules_copy: Path) -> None:
    """Two rules with one id, in two files, are an error at the second naming the first file."""
    line = edit(rules_copy, "rules/practicalities.yaml", TOO_LONG, FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"rules/practicalities.yaml:{line}: mmed-for-specialising: rule id 'mmed-for-specialising' is also "
        "used in rules/clinical.yaml"
    ]


def test_question_when_may_only_name_earlier_questions(rules_copy: Path) -> None:
    """A question whose `when` looks at a later question is an error at that question."""
    line = edit(
        rules_copy,
        "questions.yaml",
        "    help: Admission to the MMM and the MMed depends on it.\n",
        "    help: Admission to the MMM and the MMed depends on it.\n    when: {career_stage: {is: mid}}\n",
    )
    assert problems_of(rules_copy) == [
        f"questions.yaml:{line + 1}: clinical_status: condition names 'career_stage', which is asked later; "
        "it may only look at earlier questions"
    ]


def test_a_rule_set_with_one_degree_is_refused(rules_copy: Path) -> None:
    """A rule set compares degrees: with only one, there is no second to rank it against (ask and
    batch crashed on it), so loading it says so at the degrees list."""
    path = rules_copy / "degrees.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\n  - code: MHA")] + "\n", encoding="utf-8")
    line = text[: text.index("  - code: MMM")].count("\n") + 1  # the list, at its one degree
    assert f"degrees.yaml:{line}: a rule set compares degrees: list at least two" in problems_of(rules_copy)


@pytest.mark.parametrize(
    ("name", "after", "old", "new", "item", "meant"),
    [
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "    claim: mmed-for-specialising\n",
            "    claim: mmed-for-specialisng\n",
            "mmed-for-specialising",
            "mmed-for-specialising",
            id="rule",
        ),
        pytest.param(
            "rules/eligibility.yaml",
            "  - id: mmed-needs-medical-degree\n",
            "    claim: mmed-admission\n",
            "    claim: mmed-admissions\n",
            "mmed-needs-medical-degree",
            "mmed-admission",
            id="gate",
        ),
        pytest.param(
            "rules/clinical.yaml",
            "  - id: mmed-disciplines-are-examples\n",
            "    claim: mmed-disciplines-are-examples\n",
            "    claim: mmed-disciplines\n",
            "mmed-disciplines-are-examples",
            "mmed-disciplines-are-examples",
            id="note",
        ),
    ],
)
def test_an_unknown_claim_suggests_the_closest(
    rules_copy: Path, name: str, after: str, old: str, new: str, item: str, meant: str
) -> None:
    """A rule, gate or note resting on a claim claims.yaml does not have is refused at its `claim`,
    suggesting the claim meant."""
    line = edit(rules_copy, name, old, new, after=after)
    wrong = new.split(": ")[1].strip()
    assert problems_of(rules_copy) == [
        f"{name}:{line}: {item}: unknown claim '{wrong}'; did you mean '{meant}'? (claims.yaml)"
    ]


def test_a_claim_level_not_on_the_scale_names_the_scale(rules_copy: Path) -> None:
    """A claim whose level is not a level of scoring.yaml is refused at its `level`, with the level it
    most likely meant, listing the scale with each level's points."""
    line = edit(rules_copy, "claims.yaml", "    level: strong\n", "    level: strongest\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: 'strongest' is not a level of scoring.yaml; did you "
        "mean 'strong'? Use one of its levels: strong 3, moderate 2, weak 1"
    ]
    edit(rules_copy, "claims.yaml", "    level: strongest\n", "    level: high\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: 'high' is not a level of scoring.yaml. Use one of its "
        "levels: strong 3, moderate 2, weak 1"
    ]


def test_a_claim_naming_an_unknown_degree_lists_the_degrees(rules_copy: Path) -> None:
    """A claim speaking of a degree degrees.yaml does not have is refused at its `degrees`."""
    line = edit(rules_copy, "claims.yaml", "    degrees: [MMed]\n", "    degrees: [MMEd]\n", after=FIRST_RULE)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: unknown degree 'MMEd'; "
        "the degrees are MMM, MHA, MBA, MMed"
    ]


def test_a_claims_who_is_checked_like_a_rules_when(rules_copy: Path) -> None:
    """A claim's `who` naming a value its question does not offer is refused at the `who`, with the
    choice it most likely meant."""
    who = "    who: {clinical_status: {in: [practising_physician, physician_in_training]}}\n"
    append(rules_copy, "claims.yaml", made_up_claim("zz-physicians", extra=who))
    line = line_in(rules_copy, "claims.yaml", who)
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: zz-physicians: 'practising_physician' is not a choice of question "
        "'clinical_status' (questions.yaml); did you mean 'practicing_physician'?"
    ]


def test_a_claim_id_used_twice_is_reported_at_the_second(rules_copy: Path) -> None:
    """Two claims with one id are refused at the second. (Accepted, the rule mmed-for-specialising would
    silently take the second claim's level, cite and wording.)"""
    line = append(rules_copy, "claims.yaml", made_up_claim("mmed-for-specialising")) + 1
    assert problems_of(rules_copy) == [
        f"claims.yaml:{line}: mmed-for-specialising: claim id 'mmed-for-specialising' is used twice"
    ]


@pytest.mark.parametrize(
    ("name", "after", "old", "new", "item", "message"),
    [
        pytest.param(
            "rules/clinical.yaml",
            FIRST_RULE,
            "effects: {MMed: for}",
            "effects: {MBA: for}",
            "mmed-for-specialising",
            "moves MBA, but its claim 'mmed-for-specialising' speaks of MMed; "
            "a rule may move only the degrees its claim names",
            id="rule",
        ),
        pytest.param(
            "rules/eligibility.yaml",
            "  - id: mmm-admits-only-physicians\n",
            "    degree: MMM\n",
            "    degree: MHA\n",
            "mmm-admits-only-physicians",
            "closes MHA, but its claim 'mmm-admits-only-physicians' speaks of MMM; "
            "a gate may close only the degrees its claim names",
            id="gate",
        ),
    ],
)
def test_a_rule_may_move_only_the_degrees_its_claim_names(
    rules_copy: Path, name: str, after: str, old: str, new: str, item: str, message: str
) -> None:
    """A rule moving (or a gate closing) a degree its claim does not speak of is refused at its
    `effects` (`degree`), naming the degrees the claim speaks of."""
    line = edit(rules_copy, name, old, new, after=after)
    assert problems_of(rules_copy) == [f"{name}:{line}: {item}: {message}"]


# A rule on a made-up claim that compares the MBA and the MMM; `reason:` and what follows it vary.
COMPARING_RULE = """\
rules:
  - id: zz-comparing
    claim: zz-comparing
    when: {recognition_importance: {is: high}}
    effects: {MBA: for, MMM: for}
"""
FOR_EACH = "    reason:\n      MBA: Reads right under the MBA.\n      MMM: Reads right under the MMM.\n"
EACH_ITS_OWN = (
    "zz-comparing: a rule that moves MBA and MMM gives each its own reason (reason: {CODE: text, ...}), "
    "worded to read right under that degree"
)


TWO_DEGREE_REASONS = [
    pytest.param("    reason: One reason for both.\n", "    reason: ", EACH_ITS_OWN, id="one-for-both"),
    pytest.param("    reason:\n      MBA: Only the MBA's.\n", "      MBA: ", EACH_ITS_OWN, id="none-for-one"),
    pytest.param("", "  - id: zz-comparing\n", EACH_ITS_OWN, id="none-at-all"),
    pytest.param(
        FOR_EACH + "      MHA: Reads right under the MHA.\n",
        "      MBA: ",
        "zz-comparing: a reason for 'MHA', which the rule does not move",
        id="one-for-a-degree-not-moved",
    ),
]


@pytest.mark.parametrize(("reason", "at", "message"), TWO_DEGREE_REASONS)
def test_a_rule_moving_two_degrees_words_a_reason_for_each(
    rules_copy: Path, reason: str, at: str, message: str
) -> None:
    """A rule that moves two degrees (its claim compares them) gives each its own reason, and only
    those: the problem is reported at its `reason` (the first line of the value), or at the rule
    when it gives none. With a reason for each, it loads."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-comparing", "[MBA, MMM]"))
    append(rules_copy, "rules/zz.yaml", COMPARING_RULE + FOR_EACH)
    assert [rule.reasons for rule in load_ruleset(rules_copy).rules if rule.id == "zz-comparing"] == [
        {"MBA": "Reads right under the MBA.", "MMM": "Reads right under the MMM."}
    ]
    (rules_copy / "rules" / "zz.yaml").write_text(COMPARING_RULE + reason, encoding="utf-8")
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [f"rules/zz.yaml:{line}: {message}"]


PHYSICIANS = "clinical_status: {in: [practicing_physician, physician_in_training]}"
AND_GRADUATES = "clinical_status: {in: [practicing_physician, physician_in_training, medical_graduate]}"


@pytest.mark.parametrize(
    ("when", "at"),
    [
        pytest.param("    when: {" + PHYSICIANS + "}\n", "    when: ", id="one-line-when"),
        pytest.param(
            "    when:\n      all:\n        - "
            + PHYSICIANS
            + "\n        - goals: {contains_any: [specialize_clinically]}\n",
            "      all:\n",
            id="block-when",
        ),
    ],
)
def test_a_rule_firing_for_people_its_claim_does_not_speak_of_is_refused(
    rules_copy: Path, when: str, at: str
) -> None:
    """A claim whose `who` names practising physicians (and physicians in training) only does not
    speak of medical graduates: a rule on it that fires for them too is refused at its `when`, with
    an example of such answers (in the words of the questions the `who` reads)."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-physicians", extra="    who: {" + PHYSICIANS + "}\n"))
    rule = (
        "rules:\n  - id: zz-physicians-only\n    claim: zz-physicians\n"
        + when
        + "    effects: {MMed: against}\n"
    )
    append(rules_copy, "rules/zz.yaml", rule)
    assert "zz-physicians-only" in {rule.id for rule in load_ruleset(rules_copy).rules}  # within its `who`
    edit(rules_copy, "rules/zz.yaml", PHYSICIANS, AND_GRADUATES)
    line = line_in(rules_copy, "rules/zz.yaml", at)
    assert problems_of(rules_copy) == [
        f"rules/zz.yaml:{line}: zz-physicians-only: fires for people its claim 'zz-physicians' does not "
        "speak of (for example clinical status: Medical graduate, not practicing); narrow `when` to the "
        "claim's `who`"
    ]


# Two rules on one claim, like mmed-research-welcome and mmed-research-unwelcome on mmed-thesis: one
# counts it for the MMed when a thesis is welcome, the other against it when it is not.
THESIS_PAIR = """\
rules:
  - id: zz-thesis-welcome
    claim: zz-thesis
    when: {wants_research: {is: true}}
    effects: {MMed: for}

  - id: zz-thesis-unwelcome
    claim: zz-thesis
    when: {wants_research: {is: false}}
    effects: {MMed: against}
"""
# A third rule on it, for everyone aiming at research: whether they welcome a thesis or not, one of
# the pair already counts the claim for them.
THESIS_AGAIN = """
  - id: zz-thesis-for-researchers
    claim: zz-thesis
    when: {goals: {contains_any: [research_academic]}}
    effects: {MMed: for}
"""


# Two rules on one claim that speaks of the MBA and the MMM, each moving one of them the same way.
ONE_CLAIM_TWO_DEGREES = """
  - id: zz-for-the-mba
    claim: zz-comparing
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MBA: for}

  - id: zz-for-the-mmm
    claim: zz-comparing
    when: {career_stage: {in: [student, early, mid, senior]}}
    effects: {MMM: for}
"""


def test_two_rules_using_one_claim_on_answers_that_exclude_each_other_are_accepted(rules_copy: Path) -> None:
    """Two rules may use one claim for one degree when no answers fire both (a thesis is welcome or
    not), and rules may use one claim for two degrees it compares whatever the answers."""
    append(
        rules_copy, "claims.yaml", made_up_claim("zz-thesis") + made_up_claim("zz-comparing", "[MBA, MMM]")
    )
    append(rules_copy, "rules/zz.yaml", THESIS_PAIR + ONE_CLAIM_TWO_DEGREES)
    rules = {rule.id: rule.effects for rule in load_ruleset(rules_copy).rules if rule.id.startswith("zz-")}
    assert rules == {
        "zz-thesis-welcome": {"MMed": 1.5},  # a made-up claim cites the AI-written guide: 2 less 0.5
        "zz-thesis-unwelcome": {"MMed": -1.5},
        "zz-for-the-mba": {"MBA": 1.5},
        "zz-for-the-mmm": {"MMM": 1.5},
    }


def test_two_rules_moving_degrees_opposite_ways_on_one_claim_are_refused(rules_copy: Path) -> None:
    """A claim counts once: one rule lifting the MBA and another lowering the MMM on the same claim,
    for the same answers, would open a gap of twice its level, and the second is refused."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-comparing", "[MBA, MMM]"))
    opposite = ONE_CLAIM_TWO_DEGREES.replace("effects: {MMM: for}", "effects: {MMM: against}")
    append(rules_copy, "rules/zz.yaml", "rules:" + opposite)
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert "claim 'zz-comparing' would count twice: rule 'zz-for-the-mba' moves MBA for it" in str(
        caught.value
    )


def test_a_rule_moving_degrees_opposite_ways_is_refused(rules_copy: Path) -> None:
    """One rule that lifts one degree and lowers another is refused at its effects."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-comparing", "[MBA, MMM]"))
    rule = (
        "rules:\n  - id: zz-both\n    claim: zz-comparing\n    when: {career_stage: {is: mid}}\n"
        "    effects: {MBA: for, MMM: against}\n    reason: {MBA: Up., MMM: Down.}\n"
    )
    append(rules_copy, "rules/zz.yaml", rule)
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    assert "zz-both: a rule counts its claim once, so all its effects go one way" in str(caught.value)


def test_a_cost_counts_only_against_and_only_a_cost_marks_a_conflict(rules_copy: Path) -> None:
    """A rule counting a cost claim `for` a degree is refused (a cost met is no reason to take it), and
    `conflict: true` on a rule whose claim bears on goals is refused."""
    edit(
        rules_copy,
        "rules/practicalities.yaml",
        "    effects: {MMed: against}\n    conflict: true",
        "    effects: {MMed: for}\n    conflict: true",
    )
    edit(
        rules_copy,
        "rules/leadership.yaml",
        "    effects: {MMM: for}\n",
        "    effects: {MMM: for}\n    conflict: true\n",
        after="  - id: mmm-clinician-to-leader",
    )
    with pytest.raises(RulesError) as caught:
        load_ruleset(rules_copy)
    message = str(caught.value)
    assert "claim 'mmed-length' bears on costs, which only count against a degree" in message
    assert "mmm-clinician-to-leader: only a rule whose claim bears on costs can mark a conflict" in message


def test_two_rules_that_would_count_one_claim_twice_are_refused(rules_copy: Path) -> None:
    """One claim counts once for a degree: a rule using a claim for a degree that another rule uses it
    for, when some answers fire both, is refused at its `claim`, once for each such rule, naming it
    and answers that fire both."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-thesis"))
    append(rules_copy, "rules/zz.yaml", THESIS_PAIR + THESIS_AGAIN)
    line = line_in(rules_copy, "rules/zz.yaml", "    claim: ", after="  - id: zz-thesis-for-researchers\n")
    assert problems_of(rules_copy) == [
        f"rules/zz.yaml:{line}: zz-thesis-for-researchers: claim 'zz-thesis' would count twice for MMed: "
        f"rule '{other}' uses it too, and both fire for goals: Do research or work in academic medicine; "
        f"research or thesis: {answer}; a claim counts once for a degree, so no answers may fire both"
        for other, answer in (("zz-thesis-unwelcome", "no"), ("zz-thesis-welcome", "yes"))
    ]


def test_question_when_naming_no_question_at_all_says_unknown(rules_copy: Path) -> None:
    """A question's `when` naming a question that does not exist says so, not that it comes later."""
    line = edit(
        rules_copy,
        "questions.yaml",
        "    when: {goals: {contains_any: [specialize_clinically]}}\n",
        "    when: {nosuch: {is: 1}}\n",
    )
    assert problems_of(rules_copy) == [
        f"questions.yaml:{line}: specialty: condition names unknown question 'nosuch'"
    ]
