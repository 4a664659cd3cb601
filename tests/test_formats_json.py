"""`--format json`: the document for programs (degreefit/formats/json.py), its keys and what they hold."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from degreefit.formats import json as json_format
from degreefit.models import RuleSet

# mypy sees tests/ as a directory of top-level modules; pytest (importlib mode) as the package `tests`.
if TYPE_CHECKING:
    from conftest import builtin_rules, persona_answers
    from test_cli import PHYSICIAN, QUESTION_IDS, ask_json
    from test_report import report_of
else:
    from tests.conftest import builtin_rules, persona_answers
    from tests.test_cli import PHYSICIAN, QUESTION_IDS, ask_json
    from tests.test_report import report_of

LEAVER = "physician moving beyond clinical medicine"
DEGREES = {degree.code for degree in builtin_rules().degrees}


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    """The physician persona's answers in a file."""
    path = tmp_path / "physician.json"
    path.write_text(json.dumps(persona_answers(PHYSICIAN)), encoding="utf-8")
    return path


# The document's shape


ENTRY_KEYS = {"degree", "name", "score", "points", "eligibility", "eligibility_notes", "reasons"}
DOCUMENT_KEYS = {
    "schema_version",
    "top",
    "none_open",
    "margin",
    "close_call",
    "tied_for_first",
    "rests_on",
    "unknowns",
    "notes",
    "ranking",
    "what_would_change",
    "answers",
    "citations",
    "sources",
    "rules",
}


@pytest.mark.parametrize(
    ("persona", "top", "changes"),
    [
        pytest.param(PHYSICIAN, "MMM", 0, id="no-change-would-do"),
        pytest.param(LEAVER, "MBA", 5, id="changes-would-do"),
    ],
)
def test_json_report_has_the_documented_shape(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, persona: str, top: str, changes: int
) -> None:
    """`--format json` prints schema_version 1, top, the margin and whether it is a close call, the
    degrees tied for first, the claims the pick rests on, what the sources do not say, the notes worth
    knowing, all four degrees ranked once (each reason naming its claim), what would change the top
    pick (at most 5), answers, the cited sections by number, sources, rules."""
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps(persona_answers(persona)), encoding="utf-8")
    document = ask_json(runner, answers_file)
    assert set(document) == DOCUMENT_KEYS
    assert document["schema_version"] == 1
    assert document["top"] == document["ranking"][0]["degree"] == top
    assert document["answers"] == persona_answers(persona)

    ranking = document["ranking"]
    assert sorted(entry["degree"] for entry in ranking) == sorted(DEGREES)
    names = {d.code: d.name for d in ruleset.degrees}
    claims = {c.id: c for c in ruleset.claims}
    for entry in ranking:
        assert set(entry) == ENTRY_KEYS
        assert entry["name"] == names[entry["degree"]]
        assert isinstance(entry["score"], float)
        assert 0.0 <= entry["score"] <= 100.0
        assert entry["eligibility"] in {"eligible", "not_yet", "ineligible"}
        for reason in entry["reasons"]:
            assert set(reason) == {"text", "claim", "effect", "source", "section", "citation", "rule"}
            assert reason["claim"] in claims
            assert isinstance(reason["text"], str)
            assert reason["text"]
            assert isinstance(reason["effect"], float)
            assert reason["effect"] != 0
            assert reason["source"] in document["sources"]
            assert isinstance(reason["section"], str)
            assert isinstance(reason["citation"], int)
    cited = {c["source"] for entry in ranking for c in entry["reasons"] + entry["eligibility_notes"]}
    assert set(document["sources"]) == cited | {note["source"] for note in document["notes"]}
    for source in document["sources"].values():
        assert set(source) == {"title", "publisher", "url", "ai_written", "provenance"}
    for citation in document["citations"]:
        assert set(citation) == {"number", "source", "section"}
        assert citation["source"] in document["sources"]
    scores = [entry["score"] for entry in ranking]
    assert scores == sorted(scores, reverse=True)

    assert isinstance(document["margin"], float)
    assert document["margin"] == round(scores[0] - scores[1], 1)
    assert isinstance(document["close_call"], bool)
    assert document["close_call"] is (document["margin"] < ruleset.scoring.close_call_below)
    # Neither persona ties or rests on one claim: each leads alone, with no claim it hangs on.
    assert document["tied_for_first"] == [top]
    assert document["rests_on"] == []
    assert isinstance(document["unknowns"], list)
    for unknown in document["unknowns"]:
        assert set(unknown) == {"question", "topic", "degrees", "text"}
        assert unknown["question"] in QUESTION_IDS
        assert unknown["question"] in document["answers"]
        assert unknown["degrees"]
        assert set(unknown["degrees"]) <= DEGREES
        assert unknown["topic"] in unknown["text"]
    for note in document["notes"]:
        assert set(note) == {"note", "claim", "degrees", "text", "source", "section", "citation"}
        assert note["claim"] in claims
        assert note["text"]
        assert set(note["degrees"]) <= DEGREES
        assert (note["source"], note["section"]) == tuple(claims[note["claim"]].cite)
    alternatives = document["what_would_change"]
    assert isinstance(alternatives, list)
    assert len(alternatives) == changes <= 5
    for alternative in alternatives:
        assert set(alternative) == {"changes", "new_top", "scores", "text"}
        assert isinstance(alternative["changes"], dict)
        assert alternative["changes"]
        assert set(alternative["changes"]) <= QUESTION_IDS
        assert alternative["new_top"] in DEGREES - {top}
        assert set(alternative["scores"]) == DEGREES
        assert all(isinstance(value, float) for value in alternative["scores"].values())
        assert alternative["scores"][alternative["new_top"]] == max(alternative["scores"].values())
        assert isinstance(alternative["text"], str)
        assert alternative["text"].startswith("If you ")
        assert f", {alternative['new_top']} would rank first (score " in alternative["text"]

    rules = document["rules"]
    assert set(rules) == {"path", "sha256", "builtin"}
    assert re.fullmatch(r"[0-9a-f]{64}", rules["sha256"])
    assert rules["sha256"] == ruleset.sha256
    assert rules["path"] == ruleset.path
    assert rules["builtin"] is True


def test_json_report_with_explain_and_why_not_adds_contributions_and_why_not(
    runner: CliRunner, answers_file: Path
) -> None:
    """`--explain` adds `contributions` to each ranking entry; `--why-not DEGREE` adds a top-level
    `why_not` object; nothing else changes in the document's shape."""
    document = ask_json(runner, answers_file, "--explain", "--why-not", "MBA")
    assert set(document) == DOCUMENT_KEYS | {"why_not"}
    assert isinstance(document["why_not"], dict)
    assert document["why_not"]["degree"] == "MBA"
    for entry in document["ranking"]:
        assert set(entry) == ENTRY_KEYS | {"contributions"}
        assert isinstance(entry["contributions"], list)


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
