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


# Each case: the file to edit, the text to change and what to change it to, and what `rules check` then says.
BROKEN_PROMISES = [
    pytest.param(
        "rules/programs.yaml",
        "notes:\n",
        "rules:\n  - id: mha-two-years\n    claim: jhu-length-structure\n"
        "    when: {max_years: {lt: 2}}\n    effects: {MHA: against}\n\nnotes:\n",
        ["mha-two-years: claim 'jhu-length-structure' speaks for one program (Johns Hopkins MHA, USA)"],
        id="a-programs-claim-may-not-move-a-score",
    ),
    pytest.param(
        "claims.yaml",
        "examples: [dal-length-fulltime, tamu-resident-length, jhu-length-structure, pitt-length, "
        "uiowa-length, govst-length, umn-emha-length]",
        "examples: [dal-length-fulltime, jhu-length-structure]",
        [
            "mha-length-programs: a degree-wide claim drawn from programs rests on at least 3 programs' "
            "pages; these come from 2",
            "mha-length-programs: 'jhu-mha' is one program's page",
        ],
        id="a-degree-wide-claim-from-programs-needs-three-of-them",
    ),
    pytest.param(
        "claims.yaml",
        "    topic: length\n    as_of: 2023\n    program: Johns Hopkins MHA, USA\n",
        "    topic: length\n    program: Johns Hopkins MHA, USA\n",
        ["'jhu-mha' shows a date: give the year the fact holds for, as_of: YEAR"],
        id="a-claim-of-a-dated-page-gives-its-year",
    ),
    pytest.param(
        "claims.yaml",
        "      follow: us-specialists-train-in-residency\n",
        "      follow: mmed-for-specialising\n",
        ["the scoring follows the better source: 'us-specialists-train-in-residency' rests on a better tier"],
        id="the-scoring-follows-the-better-tier",
    ),
    # The guide's MMed-for-specialising counted again for people training in the United States, where
    # the accreditor of residencies is followed, is refused with an example person.
    pytest.param(
        "rules/clinical.yaml",
        "- not: {region: {in: [united_states, australia, singapore, south_africa, kenya, uganda]}}",
        "- not: {region: {in: [australia, singapore, south_africa, kenya, uganda]}}",
        [
            "mmed-for-specialising: claim 'mmed-for-specialising' disagrees with "
            "'us-specialists-train-in-residency'",
            "where you will train or work: United States",
        ],
        id="a-claim-not-followed-may-not-count-for-the-people-it-is-disputed-for",
    ),
    pytest.param(
        "claims.yaml",
        "    agrees_with: [mmed-thesis]\n    who: {region: {is: kenya}}",
        "    who: {region: {is: kenya}}",
        [
            "claims 'mmed-thesis' and 'mmed-dissertation-kenya' speak of the research of MMed for the "
            "same people"
        ],
        id="two-sources-on-one-topic-must-say-how-they-relate",
    ),
    pytest.param(
        "claims.yaml",
        "      claim: mmed-compared-programs\n",
        "      claim: mmed-nowhere\n",
        ["unknown claim 'mmed-nowhere'"],
        id="a-disagreement-names-a-claim-that-exists",
    ),
    pytest.param(
        "claims.yaml",
        "      follow: mmed-singapore-exams-in-residency\n",
        "      follow: mmed-length\n",
        ["follow names 'mmed-length': name one of the two claims"],
        id="a-disagreement-follows-one-of-its-two-claims",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "said"), BROKEN_PROMISES)
def test_rules_check_holds_each_claim_to_its_promise(
    runner: CliRunner, rules_copy: Path, name: str, old: str, new: str, said: list[str]
) -> None:
    """A rule set with one promise broken (the text `old` of the file `name` changed to `new`) fails the
    check, which says each of `said`."""
    edit(rules_copy / name, old, new)
    found = check(runner, rules_copy)
    assert [line for line in said if line not in found] == []
