"""Start-up costs of degreefit, as ratios to `python -c pass`.

1. `degreefit ask --answers F --format json`, run to the end (target <= 8x).
2. `degreefit ask` in a pseudo-terminal, until the first question is on screen
   (target <= 15x; needs pexpect, from the test extra).
3. The advisor's workbench on the built-in rules: `degreefit rules test` (every case) and
   `degreefit rules diff OLD NEW` (its cases and 2,000 sampled answer sets ranked twice).

Each is timed alternately with `python -c pass` in one run, so machine noise hits both
alike; the ratio of medians is the figure to compare across machines. Run it with the
Python of the environment degreefit is installed in:

    python benchmarks/startup.py [--runs 30] [--check]

--check exits 1 when a ratio is above its target.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ANSWERS = Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json"
FIRST_QUESTION = "What is your clinical status?"


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.PIPE, env=env)  # read, never to a device
    return time.perf_counter() - start


def _first_question(command: list[str], env: dict[str, str]) -> float:
    import pexpect  # type: ignore[import-untyped]  # pexpect ships no type information

    start = time.perf_counter()
    child = pexpect.spawn(
        command[0], command[1:], env=env, encoding="utf-8", dimensions=(40, 120), timeout=20
    )
    child.expect_exact(FIRST_QUESTION)
    elapsed = time.perf_counter() - start
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    return elapsed


def _ratio(
    name: str, target: float, measure: Callable[[], float], base: Callable[[], float], runs: int
) -> bool:
    measure()  # a first run fills the rule-set cache and the OS file cache
    pairs = [(base(), measure()) for _ in range(runs)]
    base_ms = statistics.median(p[0] for p in pairs) * 1000
    ms = statistics.median(p[1] for p in pairs) * 1000
    ratio = ms / base_ms
    print(f"{name:<50} {ms:7.1f} ms  {ratio:5.1f}x python -c pass ({base_ms:.1f} ms); target <= {target:g}x")
    return ratio <= target


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=30, help="pairs of runs for each figure (default 30)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is above its target")
    args = parser.parse_args()

    script = Path(sys.executable).parent / ("degreefit.exe" if os.name == "nt" else "degreefit")
    degreefit = [str(script)] if script.exists() else [sys.executable, "-m", "degreefit"]
    baseline = [sys.executable, "-c", "pass"]
    ok = True
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "DEGREEFIT_CACHE_DIR": scratch, "DEGREEFIT_STATE_DIR": scratch, "TERM": "xterm"}
        env.pop("NO_COLOR", None)
        ok &= _ratio(
            "ask --answers F --format json (to the end)",
            8.0,
            lambda: _run([*degreefit, "ask", "--answers", str(ANSWERS), "--format", "json"], env),
            lambda: _run(baseline, env),
            args.runs,
        )
        if importlib.util.find_spec("pexpect") is None:
            print("ask on a terminal: skipped (pexpect is not installed; pip install '.[test]')")
        else:
            ok &= _ratio(
                "ask on a terminal (to the first question)",
                15.0,
                lambda: _first_question([*degreefit, "ask"], env),
                lambda: _run(baseline, env),
                args.runs,
            )
        rules = str(ANSWERS.parent.parent / "rules")
        ok &= _ratio(
            "rules test (every case of the built-in rules)",
            30.0,
            lambda: _run([*degreefit, "rules", "test", rules], env),
            lambda: _run(baseline, env),
            max(3, args.runs // 3),
        )
        ok &= _ratio(
            "rules diff rules rules (cases and 2,000 people)",
            60.0,
            lambda: _run([*degreefit, "rules", "diff", rules, rules], env),
            lambda: _run(baseline, env),
            max(3, args.runs // 3),
        )
        cold = _run(
            [*degreefit, "ask", "--answers", str(ANSWERS), "--format", "json"],
            {**env, "DEGREEFIT_CACHE_DIR": ""},
        )
        print(f"{'ask --answers F --format json, no rule-set cache':<50} {cold * 1000:7.1f} ms  (one run)")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
