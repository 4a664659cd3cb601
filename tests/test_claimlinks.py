"""`rules check` holds claims from programs' pages and sources that disagree to their promises:
a program speaks for itself, a degree-wide claim rests on three programs or a field-wide source,
the scoring follows the better source, and two sources on one topic say how they relate."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from degreefit.cli import app


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(runner: CliRunner, rules: Path) -> str:
    result = runner.invoke(app, ["rules", "check", str(rules)])
    assert result.exit_code == 2, result.output
    return result.stdout + result.stderr


def test_a_programs_claim_may_not_move_a_score(runner: CliRunner, rules_copy: Path) -> None:
    edit(
        rules_copy / "rules" / "programs.yaml",
        "notes:\n",
        "rules:\n  - id: mha-two-years\n    claim: jhu-length-structure\n"
        "    when: {max_years: {lt: 2}}\n    effects: {MHA: against}\n\nnotes:\n",
    )
    said = check(runner, rules_copy)
    assert (
        "mha-two-years: claim 'jhu-length-structure' speaks for one program (Johns Hopkins MHA, USA)" in said
    )


def test_a_degree_wide_claim_from_programs_needs_three_of_them(runner: CliRunner, rules_copy: Path) -> None:
    edit(
        rules_copy / "claims.yaml",
        "examples: [dal-length-fulltime, tamu-resident-length, jhu-length-structure, pitt-length, "
        "uiowa-length, govst-length, umn-emha-length]",
        "examples: [dal-length-fulltime, jhu-length-structure]",
    )
    said = check(runner, rules_copy)
    assert (
        "mha-length-programs: a degree-wide claim drawn from programs rests on at least 3 programs' "
        "pages; these come from 2" in said
    )
    assert "mha-length-programs: 'jhu-mha' is one program's page" in said


def test_a_claim_of_a_dated_page_gives_its_year(runner: CliRunner, rules_copy: Path) -> None:
    edit(
        rules_copy / "claims.yaml",
        "    topic: length\n    as_of: 2023\n    program: Johns Hopkins MHA, USA\n",
        "    topic: length\n    program: Johns Hopkins MHA, USA\n",
    )
    assert "'jhu-mha' shows a date: give the year the fact holds for, as_of: YEAR" in check(
        runner, rules_copy
    )


def test_the_scoring_follows_the_better_tier(runner: CliRunner, rules_copy: Path) -> None:
    edit(
        rules_copy / "claims.yaml",
        "      follow: us-specialists-train-in-residency\n",
        "      follow: mmed-for-specialising\n",
    )
    said = check(runner, rules_copy)
    assert (
        "the scoring follows the better source: 'us-specialists-train-in-residency' rests on a better tier"
        in said
    )


def test_a_claim_not_followed_may_not_count_for_the_people_it_is_disputed_for(
    runner: CliRunner, rules_copy: Path
) -> None:
    """The guide's MMed-for-specialising counted again for people training in the United States,
    where the accreditor of residencies is followed, is refused with an example person."""
    edit(
        rules_copy / "rules" / "clinical.yaml",
        "- not: {region: {in: [united_states, australia, singapore, south_africa, kenya, uganda]}}",
        "- not: {region: {in: [australia, singapore, south_africa, kenya, uganda]}}",
    )
    said = check(runner, rules_copy)
    assert (
        "mmed-for-specialising: claim 'mmed-for-specialising' disagrees with "
        "'us-specialists-train-in-residency'" in said
    )
    assert "where you will train or work: United States" in said


def test_two_sources_on_one_topic_must_say_how_they_relate(runner: CliRunner, rules_copy: Path) -> None:
    edit(
        rules_copy / "claims.yaml",
        "    agrees_with: [mmed-thesis]\n    who: {region: {is: kenya}}",
        "    who: {region: {is: kenya}}",
    )
    said = check(runner, rules_copy)
    assert (
        "claims 'mmed-thesis' and 'mmed-dissertation-kenya' speak of the research of MMed for the same people"
        in said
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "      claim: mmed-compared-programs\n",
            "      claim: mmed-nowhere\n",
            "unknown claim 'mmed-nowhere'",
        ),
        (
            "      follow: mmed-singapore-exams-in-residency\n",
            "      follow: mmed-length\n",
            "follow names 'mmed-length': name one of the two claims",
        ),
    ],
    ids=["unknown-claim", "follow-a-third"],
)
def test_a_disagreement_names_two_claims_that_exist(
    runner: CliRunner, rules_copy: Path, old: str, new: str, message: str
) -> None:
    edit(rules_copy / "claims.yaml", old, new)
    assert message in check(runner, rules_copy)
