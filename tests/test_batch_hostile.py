"""`degreefit batch` under hostile and careless input (issue 11): every row in the output or the
errors report, one plain message for an input it cannot read, nothing a spreadsheet would run."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from degreefit.answers import require_complete, validate
from degreefit.errors import AnswersError
from degreefit.models import RuleSet

if TYPE_CHECKING:
    from strategies import valid_answers
    from test_batch import (
        SUBPROCESS_TIMEOUT,
        batch,
        csv_text,
        jsonl,
        persona_csv_rows,
        persona_rows,
        read_stderr_until,
        results,
        summary_totals,
    )
    from test_check import CLOSING_GATES
    from test_validate import append, made_up_claim
else:
    from tests.strategies import valid_answers
    from tests.test_batch import (
        SUBPROCESS_TIMEOUT,
        batch,
        csv_text,
        jsonl,
        persona_csv_rows,
        persona_rows,
        read_stderr_until,
        results,
        summary_totals,
    )
    from tests.test_check import CLOSING_GATES
    from tests.test_validate import append, made_up_claim

EXAMPLES = Path(__file__).parent.parent / "examples"
DEGREEFIT = Path(sys.executable).parent / "degreefit"


def ten_people() -> list[dict[str, Any]]:
    """Ten people (the six personas, then four of them again) with the ids a1..a10."""
    people = persona_rows()
    return [{**people[n % len(people)], "id": f"a{n + 1}"} for n in range(10)]


def ten_people_csv(ruleset: RuleSet) -> tuple[list[str], list[list[str]]]:
    """The same ten people as a CSV header and rows."""
    header, rows = persona_csv_rows(ruleset, ["a1", "a2", "a3", "a4", "a5", "a6"])
    rows = [rows[n % len(rows)][:] for n in range(10)]
    for n, row in enumerate(rows):
        row[0] = f"a{n + 1}"
    return header, rows


def env_for(tmp_path: Path) -> dict[str, str]:
    """The environment of a degreefit subprocess: its own rule-set cache."""
    return {**os.environ, "DEGREEFIT_CACHE_DIR": str(tmp_path / "subprocess-cache")}


# 1. A quoted CSV field that never closes


@pytest.mark.parametrize("where", [1, 9], ids=["second-row", "last-row"])
def test_a_csv_quote_left_open_rejects_only_its_own_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, where: int
) -> None:
    """A CSV row whose id opens a quote it never closes (`"a2 (Dr. Smith,...`) is rejected on its own
    line, with words saying so; every other row is scored, and the summary counts ten rows."""
    header, rows = ten_people_csv(ruleset)
    lines = csv_text(header, rows).splitlines()
    lines[where + 1] = lines[where + 1].replace(f"a{where + 1},", f'"a{where + 1} (Dr. Smith,', 1)
    cohort = tmp_path / "cohort.csv"
    cohort.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    report = tmp_path / "errors.jsonl"

    result = batch(runner, str(cohort), "--errors", str(report))

    assert result.exit_code == 2, result.stderr
    expected = [f"a{n}" for n in range(1, 11) if n != where + 1]
    assert [line["id"] for line in results(result.stdout)] == expected
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["line"] == where + 2  # the header is line 1
    assert rejected["error"] == (
        f'{cohort}:{where + 2}: a quote (") opens a field that the line does not close; a row is one '
        'line: close the quote, or write "" for a quote inside a quoted field'
    )
    assert summary_totals(result.stderr)[:3] == (10, 9, 1)


def test_a_csv_header_with_a_quote_left_open_says_so(runner: CliRunner, tmp_path: Path) -> None:
    """A header that opens a quote and never closes it stops the batch at once, naming line 1."""
    cohort = tmp_path / "cohort.csv"
    cohort.write_text('id,"clinical_status\na1,practicing_physician\n', encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"degreefit: error: {cohort}:1: the header cannot be read: a quote")


# 2. CR, LF and CRLF


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"], ids=["cr", "crlf", "lf"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_cr_lf_and_crlf_each_end_a_row(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str, ending: str
) -> None:
    """Lines ending in a lone CR (old Mac files, some exports), CRLF or LF are rows alike: all ten people
    are scored, each under the line number an editor shows."""
    if input_format == "jsonl":
        lines = [json.dumps(person) for person in ten_people()]
    else:
        header, rows = ten_people_csv(ruleset)
        lines = csv_text(header, rows).splitlines()
    cohort = tmp_path / f"cohort.{input_format}"
    cohort.write_bytes(ending.join(lines).encode("utf-8") + ending.encode())

    result = batch(runner, str(cohort))

    assert result.exit_code == 0, result.stderr
    first = 1 if input_format == "jsonl" else 2
    found = [(line["id"], line["line"]) for line in results(result.stdout)]
    assert found == [(f"a{n}", n - 1 + first) for n in range(1, 11)]


def test_a_lone_cr_between_two_json_lines_keeps_two_people(runner: CliRunner, tmp_path: Path) -> None:
    """A lone CR where a line break belongs, amid LF lines, parts two people: three rows, three results."""
    first, second, third = (json.dumps(person) for person in ten_people()[:3])
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_bytes(f"{first}\r{second}\n{third}\n".encode())
    result = batch(runner, str(cohort))
    assert result.exit_code == 0, result.stderr
    assert [line["id"] for line in results(result.stdout)] == ["a1", "a2", "a3"]
    assert "universal-newline" not in result.stderr


# 3. stdout closed early


@pytest.mark.skipif(os.name == "nt", reason="a closed pipe is EPIPE here")
def test_the_errors_report_is_whole_when_the_reader_of_stdout_goes_away(tmp_path: Path) -> None:
    """`batch IN --errors E | head -1`: the batch still reads every row, E holds every rejected one, and
    the exit is 2 with the usual count, not a silent 0."""
    people = persona_rows()
    lines = []
    for n in range(3000):
        lines.append(json.dumps({**people[n % 6], "id": f"p{n}"} if n % 3 else {"id": f"p{n}", "bad": 1}))
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    log = tmp_path / "stderr.txt"
    with (
        log.open("wb") as stderr,
        subprocess.Popen(
            [str(DEGREEFIT), "batch", str(cohort), "--errors", str(report)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env_for(tmp_path),
        ) as process,
    ):
        assert process.stdout is not None
        try:
            first = process.stdout.readline()
            process.stdout.close()  # as `head -1` does, with some 500 KB of results still to come
            process.wait(timeout=SUBPROCESS_TIMEOUT)
        finally:
            process.kill()
    said = log.read_text(encoding="utf-8")
    assert json.loads(first)["id"] == "p1"
    assert process.returncode == 2, said
    assert "Traceback" not in said
    rejected = results(report.read_text(encoding="utf-8"))
    assert [line["id"] for line in rejected] == [f"p{n}" for n in range(0, 3000, 3)]
    assert said.endswith(f"degreefit: error: 1,000 rows of 3,000 rejected (see {report})\n")


# 21. Formulas in CSV output


FORMULAS = ["=1+1", "+A1", "-2+3", "@SUM(1+1)", "\tx", "\rx", '=HYPERLINK("http://x","a,b")', "-", "=-"]
PLAIN = ["p1", "-2", "+1.5", "a=b", "x@y", "3"]


def test_csv_results_never_start_a_cell_with_a_formula(runner: CliRunner, tmp_path: Path) -> None:
    """An id a spreadsheet would run (=, +, -, @, a tab or a CR first) comes out in CSV behind a ', so it
    shows as text; plain numbers (-2, +1.5) and other ids are as given; JSON Lines keeps every id as is."""
    ids = FORMULAS + PLAIN
    people = persona_rows()
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl({**people[n % 6], "id": id_} for n, id_ in enumerate(ids)), encoding="utf-8")

    as_csv = batch(runner, str(cohort), "--format", "csv")
    as_jsonl = batch(runner, str(cohort))

    assert as_csv.exit_code == 0, as_csv.stderr
    cells = [row[0] for row in csv.reader(io.StringIO(as_csv.stdout, newline=""))][1:]
    assert cells == [f"'{id_}" for id_ in FORMULAS] + PLAIN
    assert [line["id"] for line in results(as_jsonl.stdout)] == ids


# 22. The mode of a file rewritten


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_a_rewritten_output_keeps_its_permissions(runner: CliRunner, tmp_path: Path, option: str) -> None:
    """An output or errors file made private (0600) stays 0600 when a batch writes it again."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()) + "[]\n", encoding="utf-8")
    target = tmp_path / "private.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)

    result = batch(runner, str(cohort), option, str(target))

    assert result.exit_code == 2, result.stderr  # the [] row is rejected
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") != "old\n"


# 24. SIGTERM and SIGHUP


@pytest.mark.skipif(os.name == "nt", reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_sigterm_or_sighup_keeps_what_was_scored_and_leaves_no_temporary_file(
    tmp_path: Path, signum: int
) -> None:
    """SIGTERM or SIGHUP while a batch waits for input stops it as Ctrl-C does: the scored rows are in
    PATH.partial, no .tmp file is left, the message says so, and the exit is the shell's for the signal."""
    target = tmp_path / "out" / "results.jsonl"
    rows = persona_rows()
    with subprocess.Popen(
        [str(DEGREEFIT), "batch", "-", "--output", str(target)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(tmp_path),
    ) as process:
        assert process.stdin is not None
        try:
            process.stdin.write((jsonl(rows) + "[]\n").encode("utf-8"))
            process.stdin.flush()
            seen = read_stderr_until(process, b"got a list\n", SUBPROCESS_TIMEOUT)
            time.sleep(0.1)
            assert process.poll() is None, "the batch ended before the signal"
            process.send_signal(signum)
            process.wait(timeout=SUBPROCESS_TIMEOUT)
        finally:
            process.kill()
        said = (seen + read_stderr_until(process, b"\0", 5)).decode("utf-8")

    name = signal.Signals(signum).name
    assert process.returncode == 128 + signum, said
    assert "Traceback" not in said
    partial = Path(f"{target}.partial")
    assert said.splitlines()[-1] == (
        f"degreefit: interrupted: stopped by {name} after 7 rows; the 6 rows scored so far are in {partial}"
    )
    assert [p.name for p in target.parent.iterdir()] == [partial.name]
    assert [line["id"] for line in results(partial.read_text(encoding="utf-8"))] == [r["id"] for r in rows]


# 27. Thousands of wrong values in one row


def test_a_row_of_thousands_of_unknown_goals_or_keys_gets_a_short_message(
    runner: CliRunner, tmp_path: Path
) -> None:
    """60,000 unknown goals are reported as the first 20 and the count, on one short line; 30,000 unknown
    keys as the first ten, a line each, then how many more; both fast."""
    person = persona_rows()[0]
    goals = {**person, "id": "goals", "goals": [f"goal{n}" for n in range(60_000)]}
    keys = {**person, "id": "keys", **{f"key{n}": 1 for n in range(30_000)}}
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([goals, keys]), encoding="utf-8")
    report = tmp_path / "errors.jsonl"

    started = time.perf_counter()
    result = batch(runner, str(cohort), "--errors", str(report))
    elapsed = time.perf_counter() - started

    assert result.exit_code == 2
    first, second = results(report.read_text(encoding="utf-8"))
    assert len(first["error"]) < 1000
    assert first["error"].startswith(f'{cohort}:1 (id goals): goals: "goal0", "goal1", ')
    assert '"goal19" are not among' in first["error"]
    assert first["error"].endswith("; the list holds 60,000 values; the first 20 were checked")
    lines = second["error"].splitlines()
    assert lines == [f'{cohort}:2 (id keys): unknown key "key{n}"' for n in range(10)] + [
        f"{cohort}:2 (id keys): and 29,990 more unknown keys"
    ]
    assert elapsed < 10


def test_a_long_id_is_cut_short_where_a_message_names_the_row(runner: CliRunner, tmp_path: Path) -> None:
    """A 10,000-character id is named by its first characters in the message, and whole in the report's
    id field."""
    long_id = "x" * 10_000
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([{"id": long_id, "bad": 1}]), encoding="utf-8")
    report = tmp_path / "errors.jsonl"
    batch(runner, str(cohort), "--errors", str(report))
    [rejected] = results(report.read_text(encoding="utf-8"))
    assert rejected["id"] == long_id
    assert rejected["error"].startswith(f"{cohort}:1 (id {'x' * 37}...): unknown key")
    assert len(rejected["error"].splitlines()[0]) < 200 + len(str(cohort))


# 28. A pretty-printed answers file, or a JSON list


def test_a_pretty_printed_answers_file_is_refused_in_one_line(runner: CliRunner) -> None:
    """`batch examples/physician-leader.json` (one answers object over 15 lines) is one line saying what
    batch reads and where that file goes instead, not an error for each of its lines."""
    example = EXAMPLES / "physician-leader.json"
    result = batch(runner, str(example))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"degreefit: error: {example}:1: not JSON Lines: this JSON goes on over several lines; batch "
        "reads one answers object a line (or CSV). One person's answers file: degreefit ask --answers "
        f"{example}; a JSON list of them: jq -c '.[]' {example} > cohort.jsonl\n"
    )


@pytest.mark.parametrize("people", [3, 20_000], ids=["small", "over-1-MiB"])
def test_a_json_list_of_answers_over_several_lines_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, people: int
) -> None:
    """An indented JSON list of answers objects, small or larger than a row may be, is one error line
    pointing to jq, and no output file."""
    cohort = tmp_path / "cohort.json"
    cohort.write_text(json.dumps(persona_rows()[:1] * people, indent=2), encoding="utf-8")
    result = batch(runner, str(cohort), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert f"jq -c '.[]' {cohort}" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.json"]


def test_a_first_row_that_is_only_a_brace_is_one_rejected_row(runner: CliRunner, tmp_path: Path) -> None:
    """A JSON Lines file whose first line is a stray `{` is no document: that row is rejected, the
    people after it are scored."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("{\n" + jsonl(persona_rows()), encoding="utf-8")
    result = batch(runner, str(cohort))
    assert result.exit_code == 2
    assert len(results(result.stdout)) == 6
    assert summary_totals(result.stderr)[:3] == (7, 6, 1)


# 29. A folder for an output, UTF-16 input


@pytest.mark.parametrize("option", ["--output", "--errors"])
def test_an_output_named_as_a_folder_writes_no_file(runner: CliRunner, tmp_path: Path, option: str) -> None:
    """`-o out/` (a folder that is not there) is refused naming it, rather than writing a file `out`."""
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl(persona_rows()), encoding="utf-8")
    folder = f"{tmp_path / 'out'}/"
    result = batch(runner, str(cohort), option, folder)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"degreefit: error: {folder}: cannot write: No such directory; name a file, not a folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cohort.jsonl"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("input_format", ["jsonl", "csv"])
def test_a_utf16_input_is_refused_in_one_line(
    runner: CliRunner, tmp_path: Path, ruleset: RuleSet, input_format: str, encoding: str
) -> None:
    """A cohort saved as UTF-16 or UTF-32 (with its byte order mark) is one message naming the
    encoding, before any row, not a count of rows it does not have."""
    if input_format == "jsonl":
        text = jsonl(persona_rows()[:3])
    else:
        header, rows = persona_csv_rows(ruleset, ["a1", "a2", "a3", "a4", "a5", "a6"])
        text = csv_text(header, rows[:3])
    cohort = tmp_path / f"cohort.{input_format}"
    bom = {"utf-16": b"", "utf-16-be": b"\xfe\xff", "utf-32": b""}[encoding]
    cohort.write_bytes(bom + text.encode(encoding))
    named = "UTF-32" if encoding == "utf-32" else "UTF-16"

    result = batch(runner, str(cohort))

    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"degreefit: error: {cohort}: is {named} text (it starts with a {named} byte order mark); batch "
        "reads UTF-8: save it as UTF-8 (a spreadsheet's 'CSV UTF-8')\n"
    )


# Rows that share a fault share a message: still the message `ask` gives


@st.composite
def faulty_rows(draw: st.DrawFn, ruleset: RuleSet) -> list[dict[str, Any]]:
    """People with a few faults among them (a misspelt key, a wrong value, an answer left out), each
    fault given to several people whose right answers differ."""
    ids = [q.id for q in ruleset.questions]
    faults: list[tuple[str, object]] = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(["clinicl_status", "Goals", "favourite_colour"]), st.just(1)),
                st.tuples(
                    st.sampled_from(ids),
                    st.sampled_from(["astronaut", 0, 99, True, []]),
                ),
                st.tuples(st.sampled_from(ids), st.just(None)),
            ),
            min_size=1,
            max_size=3,
        )
    )
    people = []
    for _ in range(draw(st.integers(min_value=2, max_value=12))):
        person = dict(draw(valid_answers(ruleset)))
        key, value = draw(st.sampled_from(faults))
        if value is None:
            person.pop(key, None)
        else:
            person[key] = value
        people.append(person)
    return people


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rows_that_share_a_fault_each_get_the_message_ask_gives(
    ruleset: RuleSet, runner: CliRunner, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """However many rows share a fault (a message is found once for them), each rejected row's message is
    the one `ask` gives for those answers alone, and each accepted row is scored."""
    people = data.draw(faulty_rows(ruleset))
    cohort = tmp_path_factory.mktemp("faults") / "cohort.jsonl"
    cohort.write_text(jsonl(people), encoding="utf-8")
    report = cohort.with_name("errors.jsonl")

    result = batch(runner, str(cohort), "--errors", str(report))

    rejected = {line["line"]: line["error"] for line in results(report.read_text(encoding="utf-8"))}
    scored = {line["line"] for line in results(result.stdout)}
    for number, person in enumerate(people, start=1):
        expected = ask_says(person, ruleset, f"{cohort}:{number}")
        if expected is None:
            assert number in scored
        else:
            assert rejected[number] == expected


def ask_says(person: dict[str, Any], ruleset: RuleSet, where: str) -> str | None:
    """What `ask` says of these answers when it cannot use them (None when it can)."""
    try:
        require_complete(validate(person, ruleset, name=where, complete=True), name=where)
    except AnswersError as err:
        return err.message
    return None


@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_results_are_utf8_whatever_the_locale_says(tmp_path: Path, output_format: str) -> None:
    """With stdout set to ASCII (LC_ALL=C, PYTHONIOENCODING=ascii), a non-ASCII id reaches the
    results whole, as UTF-8 like the input; it was a UnicodeEncodeError traceback."""
    answers = json.loads(
        (Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json").read_text()
    )
    answers.pop("schema_version")
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(json.dumps({"id": "Zoë-ü", **answers}, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {
        **os.environ,
        "LC_ALL": "C",
        "PYTHONIOENCODING": "ascii",
        "DEGREEFIT_CACHE_DIR": str(tmp_path / "c"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "degreefit", "batch", str(cohort), "--format", output_format],
        capture_output=True,
        env=env,
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert "Zoë-ü" in done.stdout.decode("utf-8")


def test_a_long_numeric_id_is_carried_as_written(tmp_path: Path) -> None:
    """A 33-digit number is too long to be an answer but a fine id: it reaches the results as
    written (it was refused as 'must be a string or a whole number')."""
    answers = json.loads(
        (Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json").read_text()
    )
    answers.pop("schema_version")
    digits = "123456789012345678901234567890123"
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text('{"id": ' + digits + ", " + json.dumps(answers)[1:] + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "degreefit", "batch", str(cohort)],
        capture_output=True,
        env={**os.environ, "DEGREEFIT_CACHE_DIR": str(tmp_path / "c")},
        timeout=SUBPROCESS_TIMEOUT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8").splitlines()[0])["id"] == digits


def test_a_row_every_degree_is_closed_to_has_no_top_and_is_counted_apart(
    runner: CliRunner, rules_copy: Path, tmp_path: Path
) -> None:
    """With gates that close every degree to non-clinicians, such a row's top is null (not the
    first closed degree) and the summary counts it under none_open, not as anyone's best fit."""
    append(rules_copy, "claims.yaml", made_up_claim("zz-closed", "[MBA, MHA]"))
    (rules_copy / "rules" / "closed.yaml").write_text(CLOSING_GATES, encoding="utf-8")
    manager = {**persona_rows()[1], "id": "manager"}
    assert manager["clinical_status"] == "non_clinician"
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text(jsonl([manager, persona_rows()[0]]), encoding="utf-8")
    result = batch(runner, str(cohort), "--rules", str(rules_copy))
    assert result.exit_code == 0, result.output
    rows = results(result.stdout)
    assert [row["top"] for row in rows] == [None, "MMM"]
    summary = batch(runner, str(cohort), "--rules", str(rules_copy), "--summary-only", "-f", "json")
    document = json.loads(summary.stdout)
    assert document["none_open"] == 1
    assert sum(document["top"].values()) == 1
