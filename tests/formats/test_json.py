"""`--format json`: the document for programs (degreefit/formats/json.py), its keys and what they hold."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, cast

import pytest
from typer.testing import CliRunner

from degreefit import __version__
from degreefit.formats import json as json_format
from degreefit.formats import markdown as markdown_format
from degreefit.models import RuleSet
from tests.helpers.cli import QUESTION_IDS, ask_json
from tests.helpers.edits import append, made_up_claim
from tests.helpers.gates import CLOSING_GATES
from tests.helpers.personas import PHYSICIAN, persona_answers
from tests.helpers.report import NURSE_FOR_GLOBAL_HEALTH, RESIDENT_WITH_ONE_YEAR, STUDENT, report_of
from tests.helpers.rules import builtin_rules

LEAVER = "physician moving beyond clinical medicine"
DEGREES = {degree.code for degree in builtin_rules().degrees}


# The document's shape


ENTRY_KEYS = {
    "degree",
    "name",
    "goal_points",
    "cost_points",
    "evidence",
    "eligibility",
    "eligibility_notes",
    "reasons",
}
REASON_KEYS = {"text", "claim", "effect", "bears_on", "conflict", "source", "section", "citation", "rule"}
DOCUMENT_KEYS = {
    "schema_version",
    "top",
    "none_open",
    "decided",
    "close_call",
    "tied_for_first",
    "later",
    "rests_on",
    "unknowns",
    "unaddressed_goals",
    "not_considered",
    "disagreements",
    "what_programs_show",
    "notes",
    "ranking",
    "what_would_change",
    "what_would_change_searched",
    "what_to_do_next",
    "answers",
    "citations",
    "sources",
    "made",
    "degreefit",
    "rules",
}


def document_for(runner: CliRunner, tmp_path: Path, answers: dict[str, Any], *options: str) -> dict[str, Any]:
    """The JSON report `ask` prints for these answers."""
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(answers), encoding="utf-8")
    return ask_json(runner, answers_file, *options)


SHAPED = [
    pytest.param(persona_answers(PHYSICIAN), id="a-clear-pick"),
    pytest.param(persona_answers(LEAVER), id="another-pick"),
    pytest.param(NURSE_FOR_GLOBAL_HEALTH, id="a-tie"),
    pytest.param(STUDENT, id="later-paths"),
    pytest.param(RESIDENT_WITH_ONE_YEAR, id="a-conflict"),
]
# The lists the shape test checks item by item.
LISTS = (
    "ranking",
    "sources",
    "citations",
    "unknowns",
    "unaddressed_goals",
    "disagreements",
    "what_programs_show",
    "notes",
    "what_would_change",
)


@pytest.mark.parametrize("answers", SHAPED)
def test_json_report_has_the_documented_shape(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, answers: dict[str, Any]
) -> None:
    """`--format json` prints schema_version 2: top (null on a tie and when nothing is open now), what
    decided it and whether it is a close call, the degrees tied for first, the later paths, the
    claims the pick rests on, what the sources do not say and the goals no degree is linked to, what
    the advice could not weigh, where sources disagree (each side cited) and what programs show (each
    example naming its program and year), the notes (an example note naming its program), all four
    degrees ranked once with their goal and cost points (each reason naming its claim, its account
    and whether it is a conflict), what would change the first place (at most 5), answers, the cited
    sections by number, sources (with their tier, kind, scope and dates), rules. No score, no
    margin."""
    document = document_for(runner, tmp_path, answers)
    assert set(document) == DOCUMENT_KEYS
    assert document["schema_version"] == 2
    assert document["answers"] == answers

    ranking = document["ranking"]
    assert sorted(entry["degree"] for entry in ranking) == sorted(DEGREES)
    first = document["tied_for_first"]
    assert document["top"] == (first[0] if len(first) == 1 else None)
    assert [entry["degree"] for entry in ranking[: len(first)]] == first
    assert all(entry["eligibility"] == "eligible" for entry in ranking[: len(first)])
    assert document["decided"] in {"goals", "costs", "tie", "only_open", "none_open"}
    assert (document["decided"] == "tie") is (len(first) > 1)
    assert document["later"] == [entry["degree"] for entry in ranking if entry["eligibility"] == "not_yet"]
    assert isinstance(document["close_call"], bool)
    if document["top"] is None:
        assert document["rests_on"] == []
        assert document["close_call"] is (document["decided"] == "tie")

    names = {d.code: d.name for d in ruleset.degrees}
    claims = {c.id: c for c in ruleset.claims}
    for entry in ranking:
        assert set(entry) == ENTRY_KEYS
        assert entry["name"] == names[entry["degree"]]
        assert entry["eligibility"] in {"eligible", "not_yet", "ineligible"}
        assert entry["evidence"] is bool(entry["reasons"])
        goals = [r["effect"] for r in entry["reasons"] if r["bears_on"] == "goals"]
        costs = [r["effect"] for r in entry["reasons"] if r["bears_on"] == "costs"]
        assert entry["goal_points"] == pytest.approx(sum(goals))
        assert entry["cost_points"] == pytest.approx(sum(costs))
        for reason in entry["reasons"]:
            assert set(reason) == REASON_KEYS
            assert reason["claim"] in claims
            assert reason["bears_on"] == claims[reason["claim"]].bears_on
            assert isinstance(reason["conflict"], bool)
            assert not reason["conflict"] or reason["bears_on"] == "costs"
            assert reason["text"]
            assert isinstance(reason["effect"], float)
            assert reason["effect"] != 0
            assert reason["source"] in document["sources"]
            assert isinstance(reason["citation"], int)
    assert "score" not in json.dumps(document)
    cited = {c["source"] for entry in ranking for c in entry["reasons"] + entry["eligibility_notes"]}
    cited |= {claim["source"] for claim in document["rests_on"]}
    cited |= {d[side]["source"] for d in document["disagreements"] for side in ("followed", "other")}
    cited |= {example["source"] for example in document["what_programs_show"]}
    assert set(document["sources"]) == cited | {note["source"] for note in document["notes"]}
    tiers = {s.id: s.tier for s in ruleset.sources}
    for name, source in document["sources"].items():
        assert set(source) == {
            "title",
            "publisher",
            "url",
            "ai_written",
            "tier",
            "kind",
            "scope",
            "page_date",
            "read",
            "provenance",
        }
        assert source["tier"] == tiers[name]
        assert source["ai_written"] is (source["tier"] == "ai_written")
    for citation in document["citations"]:
        assert set(citation) == {"number", "source", "section"}
        assert citation["source"] in document["sources"]

    for unknown in document["unknowns"]:
        assert set(unknown) == {"question", "topic", "degrees", "text"}
        assert unknown["question"] in QUESTION_IDS
        assert unknown["question"] in document["answers"]
        assert unknown["degrees"]
        assert set(unknown["degrees"]) <= DEGREES
        assert unknown["topic"] in unknown["text"]
    for goal in document["unaddressed_goals"]:
        assert set(goal) == {"question", "value", "label"}
        assert goal["value"] in document["answers"][goal["question"]]
        assert goal["label"]
    assert all(isinstance(text, str) and text for text in document["not_considered"])
    for disagreement in document["disagreements"]:
        assert set(disagreement) == {"followed", "other", "why", "both_count"}
        followed, other = disagreement["followed"], disagreement["other"]
        for side in (followed, other):
            assert set(side) == {"claim", "text", "source", "section", "citation"}
            assert side["text"] == claims[side["claim"]].says
        owner = followed["claim"] if claims[followed["claim"]].disagrees else other["claim"]
        link = claims[owner].disagrees
        assert link is not None
        assert {owner, link.claim} == {followed["claim"], other["claim"]}
        assert link.follow == followed["claim"]
        assert disagreement["why"] == link.why
    for example in document["what_programs_show"]:
        assert set(example) == {
            "claim",
            "text",
            "source",
            "section",
            "citation",
            "degrees",
            "program",
            "as_of",
        }
        claim = claims[example["claim"]]
        assert (example["program"], example["as_of"]) == (claim.program, claim.as_of)
        assert example["program"]
        assert example["degrees"] == list(claim.degrees)
    for note in document["notes"]:
        assert set(note) == {
            "note",
            "claim",
            "degrees",
            "text",
            "source",
            "section",
            "citation",
            "program",
            "as_of",
        }
        assert note["claim"] in claims
        assert set(note["degrees"]) <= DEGREES
        assert (note["source"], note["section"]) == tuple(claims[note["claim"]].cite)
        assert (note["program"], note["as_of"]) == (
            claims[note["claim"]].program or None,
            claims[note["claim"]].as_of,
        )
    alternatives = document["what_would_change"]
    assert len(alternatives) <= 5
    for alternative in alternatives:
        assert set(alternative) == {"changes", "new_top", "points", "any_of", "text"}
        assert alternative["changes"]
        assert set(alternative["changes"]) <= QUESTION_IDS
        assert alternative["new_top"] in DEGREES
        assert [alternative["new_top"]] != first
        assert set(alternative["points"]) == DEGREES
        for points in alternative["points"].values():
            assert set(points) == {"goals", "costs"}
        assert set(alternative["any_of"]) <= QUESTION_IDS
        assert alternative["text"].startswith("If you ")
        assert f", {alternative['new_top']} would come first (" in alternative["text"]

    rules = document["rules"]
    assert set(rules) == {"path", "sha256", "builtin"}
    assert re.fullmatch(r"[0-9a-f]{64}", rules["sha256"])
    assert rules["sha256"] == ruleset.sha256
    assert rules["path"] == ruleset.path
    assert rules["builtin"] is True


def test_the_people_of_the_shape_test_fill_every_list_it_checks(runner: CliRunner, tmp_path: Path) -> None:
    """Between them the people of the shape test fill every list it checks item by item (and some
    degree has reasons), so that none of its loops checks nothing for all of them."""
    documents = [document_for(runner, tmp_path, cast(dict[str, Any], param.values[0])) for param in SHAPED]
    for key in LISTS:
        assert any(document[key] for document in documents), key
    assert any(entry["reasons"] for document in documents for entry in document["ranking"])


def test_json_top_is_null_on_a_tie(runner: CliRunner, tmp_path: Path) -> None:
    """A tie has no top: `top` is null, `tied_for_first` names both, and the goal no degree is linked
    to is listed by its label."""
    document = document_for(runner, tmp_path, NURSE_FOR_GLOBAL_HEALTH)
    assert document["top"] is None
    assert document["tied_for_first"] == ["MHA", "MBA"]
    assert (document["decided"], document["close_call"]) == ("tie", True)
    assert document["unaddressed_goals"] == [
        {
            "question": "goals",
            "value": "global_health_organization",
            "label": "Work for a global health organization such as the WHO",
        }
    ]


def test_json_names_the_top_and_no_later_degree_as_it(runner: CliRunner, tmp_path: Path) -> None:
    """One degree first alone: `top` is its code and `tied_for_first` holds just it; a degree not
    open yet is under `later`, never `top`."""
    leader = document_for(runner, tmp_path, persona_answers(PHYSICIAN))
    assert leader["top"] == "MMM"
    assert leader["tied_for_first"] == ["MMM"]
    student = document_for(runner, tmp_path, STUDENT)
    assert "MMed" in student["later"]
    assert student["top"] != "MMed"


@pytest.mark.parametrize(
    "options", [[], ["--explain"], ["--why-not", "MHA"], ["--explain", "--why-not", "MMM"]]
)
def test_json_names_no_top_and_nothing_it_rests_on_when_every_degree_is_closed(
    runner: CliRunner, rules_copy: Path, tmp_path: Path, options: list[str]
) -> None:
    """Gates that close every degree to a non-clinician (a rule set `rules check` refuses, but `ask
    --rules` loads): `none_open` is true, `top` is null, nothing is tied for first and nothing is
    what a pick rests on, whatever else is asked for. (On 0fe88c8 `top` was "MHA", with a rests-on
    list of three claims.)"""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    answers = tmp_path / "manager.json"
    answers.write_text(json.dumps(persona_answers("early-career manager running a hospital's operations")))
    document = ask_json(runner, answers, "--rules", str(rules_copy), *options)
    assert (document["none_open"], document["decided"], document["close_call"]) == (True, "none_open", False)
    assert (document["top"], document["tied_for_first"], document["rests_on"]) == (None, [], [])
    assert {entry["eligibility"] for entry in document["ranking"]} == {"ineligible"}


def test_json_report_with_explain_and_why_not_adds_contributions_and_why_not(
    runner: CliRunner, answers_file: Path
) -> None:
    """`--explain` adds `contributions` to each ranking entry; `--why-not DEGREE` adds a top-level
    `why_not` object; nothing else changes in the document's shape."""
    document = ask_json(runner, answers_file, "--explain", "--why-not", "MBA")
    assert set(document) == DOCUMENT_KEYS | {"why_not"}
    why_not = document["why_not"]
    assert why_not["degree"] == "MBA"
    assert set(why_not) == {
        "degree",
        "rank",
        "goal_points",
        "cost_points",
        "eligibility",
        "tied_with",
        "never_counted",
        "blocked_by",
        "against",
        "missing",
        "change",
        "searched",
        "standing",
        "text",
    }
    for entry in document["ranking"]:
        assert set(entry) == ENTRY_KEYS | {"contributions"}
        assert isinstance(entry["contributions"], list)
        for fired in entry["contributions"]:
            assert {"bears_on", "conflict", "condition"} <= set(fired)


def test_render_writes_the_document_to_json_as_ask_prints_it(runner: CliRunner, answers_file: Path) -> None:
    """render() writes what `ask --format json` prints: to_json's document, indented, ending in a newline."""
    report = report_of(persona_answers(PHYSICIAN))
    file = io.StringIO()
    json_format.render(report, file)
    assert file.getvalue() == json.dumps(json_format.to_json(report), indent=2, ensure_ascii=False) + "\n"
    assert json.loads(file.getvalue()) == ask_json(runner, answers_file)


def test_a_file_that_cannot_print_a_character_gets_it_escaped() -> None:
    """On a file whose encoding lacks the report's typographic characters, they are escaped (\\u2019)
    rather than raising: the document reads back the same."""
    report = report_of(persona_answers(PHYSICIAN))
    raw = io.BytesIO()
    file = io.TextIOWrapper(raw, encoding="ascii")
    json_format.render(report, file)
    file.flush()
    text = raw.getvalue().decode("ascii")
    assert "\\u" in text
    assert json.loads(text) == json_format.to_json(report)


def test_json_says_the_day_it_was_made_and_degreefits_version(
    runner: CliRunner, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`made` is the day the report was made (ISO 8601), `degreefit` the version that made it,
    beside `rules`, which names the rule set."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    document = ask_json(runner, answers_file)
    assert (document["made"], document["degreefit"]) == ("2026-01-01", __version__)
    assert document["rules"]["builtin"] is True


@pytest.mark.parametrize(
    ("answers", "about"),
    [
        # A student: what must happen before the MMed and the MMM open, and their programs. (Before
        # issue 19 she was also to ask the MHA and MBA programs about their length and any thesis;
        # both now rest on programs' own pages: claims mha-length-programs and mba-length-programs,
        # and the programs' notes on theses.)
        pytest.param(STUDENT, [("MMed",), ("MMed",), ("MMM",), ("MMM",)], id="later-paths"),
        # The physician: the MMM programs the sources name, then what to ask them about her limits.
        pytest.param(persona_answers(PHYSICIAN), [("MMM",)] * 4, id="questions-left-open"),
    ],
)
def test_json_lists_what_to_do_next_as_the_other_formats_do(
    runner: CliRunner, tmp_path: Path, answers: dict[str, Any], about: list[tuple[str, ...]]
) -> None:
    """`what_to_do_next` holds the steps of the Markdown's "What to do next", in order: each with
    its text, the degrees it is about, and the source, section and citation number it rests on
    (none for a question the sources leave open), numbered as in `citations`."""
    document = document_for(runner, tmp_path, answers)
    steps = document["what_to_do_next"]
    assert [tuple(step["degrees"]) for step in steps] == about
    cited = [step for step in steps if "citation" in step]
    assert cited
    assert all(set(step) == {"text", "degrees", "source", "section", "citation"} for step in cited)
    assert all(set(step) == {"text", "degrees"} for step in steps if step not in cited)
    assert all("the sources say nothing on it" in step["text"] for step in steps if step not in cited)
    markdown = io.StringIO()
    markdown_format.render(report_of(answers), markdown)
    section = markdown.getvalue().split("\n## What to do next\n\n", 1)[1].split("\n\n", 1)[0]
    assert [line.removeprefix("- ") for line in section.splitlines()] == [
        step["text"]
        + (f" [{step['citation']}]" if "citation" in step else "")
        + (" *(AI-written source)*" if step.get("source") == "mmed-guide" else "")
        for step in steps
    ]
    numbers = {entry["number"]: (entry["source"], entry["section"]) for entry in document["citations"]}
    assert all(numbers[step["citation"]] == (step["source"], step["section"]) for step in cited)
