"""Benchmark `csip plan` and `csip status` on HeRus a year on (scenarios/herus-2028q1.toml).

    python -m benchmarks.progress_bench              # 3 runs of each
    python -m benchmarks.progress_bench --repeats 5

What is measured: the wall time of the whole command as a user runs it, a fresh
`python -m planner plan FILE --json` (and `status FILE --json`) process each time, output to a
pipe: interpreter start, imports, reading and checking the file chain, the rules engine, the
reduction and the solver, and for `status` also the baseline (the plan of herus.toml). `status` is
timed twice: with an empty baseline cache (every run solves herus.toml too) and with the cache
filled by an earlier run (what a manager sees from the second status on; see
planner/progress/baseline_cache.py). Each is given a cache folder of its own, never the user's.
Goal: under 2 s each (issue 12). The figure reported is the median of the runs; the slowest is
shown too, since the machine may be shared.
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

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/herus-2028q1.toml"
GOAL_S = 2.0


def time_command(args: list[str], repeats: int, cache: str | None = None) -> list[float]:
    """Wall times of `repeats` runs; `cache`: the baseline cache folder (None: a new empty one
    for each run)."""
    out = []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as empty:
            env = {**os.environ, "CSIP_CACHE_DIR": cache or empty}
            started = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, capture_output=True,
                                 text=True, check=False, env=env)
            out.append(time.perf_counter() - started)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({run.returncode}): {run.stderr.strip()}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ns = ap.parse_args(argv)
    worst = 0.0
    with tempfile.TemporaryDirectory() as kept:
        time_command(["status", SCENARIO, "--json"], 1, kept)  # fills the cache
        for command, cache, what in (("plan", None, ""), ("status", None, " (empty baseline cache)"),
                                     ("status", kept, " (baseline cached)")):
            times = time_command([command, SCENARIO, "--json"], ns.repeats, cache)
            median = statistics.median(times)
            worst = max(worst, median)
            print(f"csip {command} {SCENARIO}{what}: median {median:.2f} s, slowest {max(times):.2f} s "
                  f"over {ns.repeats} runs (goal {GOAL_S:.0f} s)")
    return 0 if worst < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
