"""Cohort mode at scale: rows per second end to end, and peak memory.

It writes 100,000 valid answer sets as JSON Lines, then runs `degreefit batch` on them in
a subprocess, timing it and reading its peak resident memory. Targets (issue 6): at least
20,000 rows/s on one core, peak RSS at most 100 MB.

    python benchmarks/batch.py [--rows 100000] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DEGREEFIT_CACHE_DIR", "")

from degreefit.answerspace import random_answers
from degreefit.ruleset import load_ruleset

RATE_TARGET = 20_000
MEMORY_TARGET_MB = 100


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate (default 100000)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a figure misses its target")
    args = parser.parse_args()

    ruleset = load_ruleset()
    rng = random.Random(2025)
    script = Path(sys.executable).parent / "degreefit"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "degreefit"]
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "cohort.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for number in range(args.rows):
                row = {"id": f"p{number}", **random_answers(ruleset, rng)}
                out.write(
                    json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in row.items()}) + "\n"
                )
        target = Path(scratch) / "results.jsonl"
        start = time.perf_counter()
        subprocess.run(
            [*command, "batch", str(source), "--output", str(target)], check=True, stderr=subprocess.DEVNULL
        )
        elapsed = time.perf_counter() - start
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
        written = sum(1 for _ in target.open(encoding="utf-8"))
    rate = args.rows / elapsed
    target_note = f"(target >= {RATE_TARGET:,})"
    print(f"degreefit batch, {args.rows:,} rows in {elapsed:.2f} s: {rate:,.0f} rows/s {target_note}")
    print(
        f"peak resident memory {peak_mb:.0f} MB (target <= {MEMORY_TARGET_MB} MB); {written:,} rows written"
    )
    ok = rate >= RATE_TARGET and peak_mb <= MEMORY_TARGET_MB and written == args.rows
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
