"""Start-up cost of `degreefit ask --answers F --format json`, as a ratio to `python -c pass`.

Both commands run alternately in one process, so machine noise hits them alike; the
ratio of medians is the figure to compare across machines. Run it with the Python of
the environment degreefit is installed in:

    python benchmarks/startup.py [--runs 30] [--check]

--check exits 1 when the ratio is above the target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET = 8.0
ANSWERS = Path(__file__).resolve().parent.parent / "examples" / "physician-leader.json"


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30, help="pairs of runs (default 30)")
    parser.add_argument("--check", action="store_true", help=f"exit 1 above {TARGET}x")
    args = parser.parse_args()

    script = Path(sys.executable).parent / ("degreefit.exe" if os.name == "nt" else "degreefit")
    degreefit = [str(script)] if script.exists() else [sys.executable, "-m", "degreefit"]
    command = [*degreefit, "ask", "--answers", str(ANSWERS), "--format", "json"]
    baseline = [sys.executable, "-c", "pass"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "DEGREEFIT_CACHE_DIR": cache}
        _time(command, env)  # the first run validates the rules and fills the cache
        pairs = [(_time(baseline, env), _time(command, env)) for _ in range(args.runs)]
        cold = _time(command, {**env, "DEGREEFIT_CACHE_DIR": ""})

    base = statistics.median(p[0] for p in pairs)
    ask = statistics.median(p[1] for p in pairs)
    ratio = ask / base
    print(f"python -c pass                       median {base * 1000:6.1f} ms")
    print(f"degreefit ask --answers F --format json  median {ask * 1000:6.1f} ms  (cached rule set)")
    print(f"  same, rule-set cache off (one run)      {cold * 1000:6.1f} ms")
    print(f"ratio {ratio:.1f}x (target <= {TARGET:g}x) over {args.runs} interleaved pairs")
    return 1 if args.check and ratio > TARGET else 0


if __name__ == "__main__":
    sys.exit(main())
