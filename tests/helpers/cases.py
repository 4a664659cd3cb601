"""Helpers for the rule-set test-case tests: tiny rules, a tiny person, `rules test`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from degreefit.cli import app
from degreefit.ruleset.casefile import load_cases
from degreefit.ruleset.load import builtin_rules_dir
from tests.helpers.rules import builtin_rules

SHIPPED = load_cases(builtin_rules_dir(), builtin_rules())


# A practising doctor who wants to lead: the shipped rules put the MMM first on its own.
LEADER: dict[str, Any] = {
    "clinical_status": "practicing_physician",
    "career_stage": "mid",
    "goals": ["lead_within_health_system"],
    "keep_practicing": True,
    "study_format": "online_part_time",
    "max_years": 2,
    "wants_research": False,
    "recognition_importance": "low",
    "can_reduce_income": False,
}


# A small rule set of the tests' own (see `tiny_rules`): what comes first for whom is known,
# whatever the built-in rules say. Each claim is moderate (2 points) but the MMed's (strong, 3).
TINY_SECTION = ("usnews-mmm", "What Is a Master of Medical Management?")  # the one its claims cite


def tiny_claim(claim_id: str, level: str, degrees: str, extra: str = "") -> str:
    """A claim made up for a test, of a source not written by AI (its level's points in full), to
    append to claims.yaml; `extra` adds lines of its own (`bears_on:`, `unused:`)."""
    return (
        f"\n  - id: {claim_id}\n"
        f"    source: {TINY_SECTION[0]}\n"
        f'    section: "{TINY_SECTION[1]}"\n'
        "    says: A claim made up for a test.\n"
        '    hedge: "made up"\n'
        f"    level: {level}\n"
        f"    degrees: {degrees}\n"
        f"{extra}"
    )


TINY_CLAIMS = "claims:\n" + "".join(
    [
        tiny_claim("zz-leading", "moderate", "[MMM]"),
        tiny_claim("zz-policy", "moderate", "[MHA, MBA]"),
        tiny_claim("zz-consulting", "moderate", "[MBA]"),
        tiny_claim("zz-business", "moderate", "[MBA]"),
        tiny_claim("zz-mha-length", "moderate", "[MHA]", "    bears_on: costs\n"),
        tiny_claim("zz-specialising", "strong", "[MMed]"),
        tiny_claim("zz-mmed-later", "moderate", "[MMed]"),
    ]
)


TINY_RULES = """\
rules:
  - id: mmm-for-leading
    claim: zz-leading
    when: {goals: {contains_any: [lead_within_health_system]}}
    effects: {MMM: for}

  - id: policy-for-mha-and-mba
    claim: zz-policy
    when: {goals: {contains_any: [policy_reform]}}
    effects: {MHA: for, MBA: for}
    reason: {MHA: Made up for the MHA., MBA: Made up for the MBA.}

  - id: mba-for-consulting
    claim: zz-consulting
    when: {goals: {contains_any: [consulting]}}
    effects: {MBA: for}

  - id: mba-for-business
    claim: zz-business
    when: {goals: {contains_any: [broad_business_exposure]}}
    effects: {MBA: for}

  - id: mha-too-long
    claim: zz-mha-length
    when: {max_years: {lt: 2}}
    effects: {MHA: against}

  - id: mmed-for-specialising
    claim: zz-specialising
    when: {goals: {contains_any: [specialize_clinically]}}
    effects: {MMed: for}

gates:
  - id: mmed-after-medical-school
    claim: zz-mmed-later
    degree: MMed
    status: not_yet
    when: {clinical_status: {is: medical_student}}
    reason: Made up for a test.
"""


def tiny_rules(rules: Path) -> Path:
    """Make a copy of the built-in rules (`rules_copy`) a small rule set of its own, which `rules
    check` finds no fault in but that no answers rank the MHA first on its own: questions, degrees
    and sources kept (each section but one marked uncited); claims, rules, gates, notes and cases
    replaced. Leading a health system counts for the MMM; policy reform for the MHA and the MBA
    alike (a tie); consulting and broad business exposure each for the MBA; a limit of one year
    against the MHA (a cost); and specialising for the MMed, which a medical student cannot take
    yet."""
    for old in (*(rules / "rules").glob("*.yaml"), *(rules / "cases").iterdir()):
        old.unlink()
    (rules / "claims.yaml").write_text(TINY_CLAIMS, encoding="utf-8")
    (rules / "rules" / "tiny.yaml").write_text(TINY_RULES, encoding="utf-8")
    sources = yaml.safe_load((rules / "sources.yaml").read_text(encoding="utf-8"))
    for source in sources["sources"]:
        for section in source["sections"]:
            if (source["id"], section["heading"]) != TINY_SECTION:
                section.setdefault("why_uncited", "No claim of the tests' small rule set comes from it.")
    text = yaml.safe_dump(sources, sort_keys=False, allow_unicode=True, width=200)
    (rules / "sources.yaml").write_text(text, encoding="utf-8")
    return rules


def tiny_student() -> dict[str, Any]:
    """A medical student of pediatrics with a year at most, who wants to specialise, reform policy and
    consult: the MMed is not open to them yet."""
    return tiny_person(
        "specialize_clinically",
        "policy_reform",
        "consulting",
        clinical_status="medical_student",
        career_stage="student",
        specialty="pediatrics",
        max_years=1,
    )


def tiny_person(*goals: str, **more: Any) -> dict[str, Any]:
    """Complete answers of a manager (no clinician) with these goals, and `more` answers."""
    return {
        "clinical_status": "non_clinician",
        "career_stage": "mid",
        "goals": list(goals),
        "study_format": "either",
        "max_years": 3,
        "wants_research": False,
        "recognition_importance": "low",
        "can_reduce_income": True,
    } | more


def write_cases(rules: Path, cases: list[dict[str, Any]], name: str = "mine.yaml") -> Path:
    """Replace the copy's cases by `cases`, in one file."""
    folder = rules / "cases"
    for old in folder.iterdir():
        old.unlink()
    path = folder / name
    path.write_text(yaml.safe_dump({"cases": cases}, sort_keys=False), encoding="utf-8")
    return path


def case(expect: dict[str, Any], answers: dict[str, Any] | None = None, **more: Any) -> dict[str, Any]:
    return {
        "id": "leader",
        "who": "a doctor who wants to lead",
        "answers": answers or LEADER,
        "expect": expect,
    } | more


def rules_test(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, ["rules", "test", *args])
