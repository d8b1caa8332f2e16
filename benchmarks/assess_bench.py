"""Benchmark the rules engine: assessment speed and memory over many evaluations.

    python -m benchmarks.assess_bench            # all three measurements
    python -m benchmarks.assess_bench --evaluations 2000

1. `assess` of the bundled HeRus scenario after start-up (the engine is warm): median and 95th
   percentile of 200 runs. Goal: 50 ms or less.
2. `assess` of a synthetic framework of 200 KPAs x 5 goals with random ratings and ITIL-like
   evidence through a generated mapping.
3. Many evaluations in one process: the resident memory after every tenth of them must stay flat
   (durable-rules keeps per-session state in C; each evaluation's session must be deleted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from types import MappingProxyType

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def big_scenario(kpas: int = 200, goals: int = 5, seed: int = 7):
    from planner.model import (
        KPA,
        CurrentState,
        Framework,
        Goal,
        ItilMapping,
        Level,
        Limits,
        MappingEntry,
        Prerequisite,
        Scenario,
    )

    rng = random.Random(seed)
    levels = tuple(Level(i, f"Level {i}") for i in range(1, 6))
    items = []
    for i in range(kpas):
        kid = f"K{i:03d}"
        level = 2 + i * 4 // kpas
        reqs = (Prerequisite(f"K{i - 1:03d}"),) if i % 10 and rng.random() < 0.3 else ()
        items.append(KPA(kid, f"Area {i}", level, "synthetic",
                         tuple(Goal(f"{kid}.{j + 1}", kid, f"goal {j + 1}", level) for j in range(goals)),
                         reqs))
    fw = Framework("big", "Synthetic 200 x 5", "1", levels, tuple(items))
    goal_ids = list(fw.goal_ids)
    processes = [f"process_{p}" for p in range(30)]
    entries = tuple(MappingEntry(p, tuple(rng.sample(goal_ids, 8)), rng.choice(["full", "partial"]), "x")
                    for p in processes)
    ratings = {g: rng.choice(["satisfied", "partial", "unsatisfied", "na"])
               for g in rng.sample(goal_ids, 300)}
    current = CurrentState(itil_version="v2", itil_threshold=3,
                           itil=MappingProxyType({p: rng.randint(0, 5) for p in processes}),
                           kpas=MappingProxyType({f"K{i:03d}": "na" for i in range(0, kpas, 17)}),
                           goals=MappingProxyType(ratings))
    return Scenario(path=None, name="synthetic 200 x 5", framework=fw, target_level=3,
                    start=dt.date(2027, 1, 1), period="quarter", horizon=12, limits=Limits(),
                    current=current, actions=(),
                    mapping=ItilMapping("v2", "big", "synthetic", entries))


def timed(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--evaluations", type=int, default=10_000)
    args = ap.parse_args(argv)
    from planner.load.scenarios import load_scenario
    from rules.assess import assess

    console = Console(width=160)
    herus = load_scenario(ROOT / "scenarios" / "herus.toml")
    t0 = time.perf_counter()
    assess(herus)
    first = (time.perf_counter() - t0) * 1000
    med, p95 = timed(lambda: assess(herus), 200)
    big = big_scenario()
    big_med, big_p95 = timed(lambda: assess(big), 20)
    table = Table(title="Assessment (rules engine)", title_justify="left")
    for col in ("case", "facts in", "median ms", "p95 ms", "first call ms"):
        table.add_column(col)
    table.add_row("HeRus (22 KPAs, 65 goals)", "~150", f"{med:.1f}", f"{p95:.1f}", f"{first:.0f}")
    table.add_row("synthetic 200 KPAs x 5 goals", "~1500", f"{big_med:.1f}", f"{big_p95:.1f}", "")
    console.print(table)

    mem = Table(title=f"{args.evaluations:,} evaluations of HeRus in one process", title_justify="left")
    mem.add_column("evaluations")
    mem.add_column("RSS MB")
    mem.add_column("ms per evaluation")
    step = max(1, args.evaluations // 10)
    mem.add_row("0", f"{rss_mb():.1f}", "")
    done = 0
    while done < args.evaluations:
        t0 = time.perf_counter()
        for _ in range(step):
            assess(herus)
        done += step
        mem.add_row(f"{done:,}", f"{rss_mb():.1f}", f"{(time.perf_counter() - t0) * 1000 / step:.1f}")
    console.print(mem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
