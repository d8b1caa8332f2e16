"""Benchmark `csip plan` and `csip status` on HeRus a year on (scenarios/herus-2028q1.toml).

    python -m benchmarks.progress_bench              # 3 runs of each
    python -m benchmarks.progress_bench --repeats 5

What is measured: the wall time of the whole command as a user runs it, a fresh
`python -m planner plan FILE --json` (and `status FILE --json`) process each time, output to a
pipe: interpreter start, imports, reading and checking the file chain, the rules engine, the
reduction and the solver, and for `status` also planning the baseline (the plan of herus.toml).
Goal: under 2 s each (issue 12). The figure reported is the median of the runs; the slowest is
shown too, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "scenarios/herus-2028q1.toml"
GOAL_S = 2.0


def time_command(args: list[str], repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, capture_output=True,
                             text=True, check=False)
        out.append(time.perf_counter() - started)
        if run.returncode != 0:
            raise SystemExit(f"{' '.join(args)} failed ({run.returncode}): {run.stderr.strip()}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ns = ap.parse_args(argv)
    worst = 0.0
    for command in ("plan", "status"):
        times = time_command([command, SCENARIO, "--json"], ns.repeats)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"csip {command} {SCENARIO}: median {median:.2f} s, slowest {max(times):.2f} s "
              f"over {ns.repeats} runs (goal {GOAL_S:.0f} s)")
    return 0 if worst < GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
