"""Cohort mode at scale: rows per second end to end, and peak memory.

It writes 100,000 valid answer sets as JSON Lines (and the same people as CSV), then runs
`degreefit batch` on each file in a subprocess, timing it and reading its peak resident
memory. Targets (issue 6): at least 20,000 rows/s on one core, peak RSS at most 100 MB.

    python benchmarks/batch.py [--rows 100000] [--check]

Run it with the Python of the environment degreefit is installed in (not an editable
install, whose imports are slower). The rate includes start-up, about 0.1 s.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DEGREEFIT_CACHE_DIR", "")

from degreefit.answers import random_answers
from degreefit.models import AnswerValue, RuleSet
from degreefit.ruleset.load import load_ruleset

RATE_TARGET = 20_000
MEMORY_TARGET_MB = 100


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate (default 100000)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()

    ruleset = load_ruleset()
    script = Path(sys.executable).parent / "degreefit"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "degreefit"]
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        jsonl, table = Path(scratch) / "cohort.jsonl", Path(scratch) / "cohort.csv"
        write_cohort(ruleset, args.rows, jsonl, table)
        for source, output_format in ((jsonl, "jsonl"), (table, "csv")):
            target = Path(scratch) / f"results.{output_format}"
            start = time.perf_counter()
            log = (Path(scratch) / "stderr.txt").open("wb")  # a file, never a device
            child = subprocess.Popen(
                [*command, "batch", str(source), "--output", str(target), "--format", output_format],
                stderr=log,
            )
            _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
            elapsed = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
            log.close()
            if child.returncode != 0:
                raise SystemExit(f"degreefit batch exited {child.returncode} on {source.name}")
            peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
            with target.open(encoding="utf-8") as results:
                written = sum(1 for _ in results) - (output_format == "csv")  # the CSV header
            rate = args.rows / elapsed
            print(
                f"degreefit batch, {args.rows:,} rows of {source.suffix[1:]} in {elapsed:.2f} s: "
                f"{rate:,.0f} rows/s (target >= {RATE_TARGET:,}); peak resident memory {peak_mb:.0f} MB "
                f"(target <= {MEMORY_TARGET_MB} MB); {written:,} rows written"
            )
            ok = ok and rate >= RATE_TARGET and peak_mb <= MEMORY_TARGET_MB and written == args.rows
    return 0 if ok or not args.check else 1


def write_cohort(ruleset: RuleSet, rows: int, jsonl: Path, table: Path) -> None:
    """The same random people as JSON Lines and as CSV (goals joined by ';', an empty cell: no answer)."""
    rng = random.Random(2025)
    ids = [q.id for q in ruleset.questions]
    with jsonl.open("w", encoding="utf-8") as lines, table.open("w", encoding="utf-8", newline="") as cells:
        writer = csv.writer(cells)
        writer.writerow(["id", *ids])
        for number in range(rows):
            answers = random_answers(ruleset, rng)
            lines.write(json.dumps({"id": f"p{number}", **as_json(answers)}) + "\n")
            writer.writerow([f"p{number}", *(cell(answers.get(key)) for key in ids)])


def as_json(answers: dict[str, AnswerValue]) -> dict[str, object]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in answers.items()}


def cell(value: AnswerValue | None) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
