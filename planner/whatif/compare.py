"""Plans of several scenarios side by side, solved in parallel processes.

Each solve is independent and CPU bound (CBC runs as a child process, the model building and the
rules in Python), so they go to a process pool. A worker loads its scenario from the path itself and
returns plain data (the plan's JSON shape), never a Plan object: scenarios and plans carry mapping
proxies and loaded frameworks that are costly or impossible to pickle, and the parent only needs
the numbers.

Workers come from a fork server that has already imported the planner, so a worker starts in
milliseconds without inheriting the parent's threads (a progress bar, the solver's timers).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.errors import PlannerError
from planner.load.scenarios import load_scenario
from planner.output.jsonshapes import plan_json
from planner.plan.pipeline import make_plan

PRELOAD = ["planner.plan.pipeline", "planner.load.scenarios", "planner.output.jsonshapes",
           "planner.optimize.search", "planner.plan.diagnosis", "rules.assess"]


# -- the worker side ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _scenario(path: str, mtime: float):
    """A worker re-plans the same file many times in a sweep: load and validate it once."""

    return load_scenario(path)


def plan_path(path: str, time_limit: float, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Load a scenario, apply limit changes (`budget`, `effort_per_period`), plan it, and return
    plain data: `{"file", "plan", "limits", "seconds"}` or `{"file", "error"}`.

    Runs in a worker process; errors come back as text because the planner's exceptions carry
    structured problems that do not survive pickling."""


    started = time.perf_counter()
    try:
        scenario = _scenario(str(Path(path).resolve()), os.path.getmtime(path))
        if changes:
            scenario = scenario.replace(limits=replace(scenario.limits, **changes))
        # a sweep point only needs the status; explaining infeasibility would re-plan several times
        plan = make_plan(scenario, time_limit=time_limit, with_quick_wins=False, diagnose=not changes)
    except PlannerError as exc:
        return {"file": path, "error": str(exc)}
    lim = scenario.limits
    return {
        "file": path,
        "plan": plan_json(plan),
        "limits": {"budget": lim.budget, "effort_per_period": lim.effort_per_period,
                   "strict_staging": lim.strict_staging},
        "currency": scenario.currency,
        "seconds": time.perf_counter() - started,
    }


# -- the parent side ----------------------------------------------------------------------------


def _context() -> mp.context.BaseContext:
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return mp.get_context("spawn")


def run_parallel(jobs: Sequence[tuple[Any, ...]], fn: Callable[..., dict[str, Any]] = plan_path,
                 on_done: Callable[[int], None] | None = None,
                 workers: int | None = None) -> list[dict[str, Any]]:
    """Run `fn(*job)` for every job in worker processes; results in the order of `jobs`.
    `on_done(i)` is called in the parent as job i finishes (for a progress bar)."""
    if not jobs:
        return []
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1 or len(jobs) == 1:
        out = []
        for i, job in enumerate(jobs):
            out.append(fn(*job))
            if on_done:
                on_done(i)
        return out
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_init)
    try:
        futures: dict[Future[dict[str, Any]], int] = {pool.submit(fn, *job): i for i, job in enumerate(jobs)}
        for fut in as_completed(futures):
            i = futures[fut]
            results[i] = fut.result()
            if on_done:
                on_done(i)
    except BaseException:
        # Ctrl-C or a failure: stop the running solves now rather than waiting out their time limits
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [r for r in results if r is not None]


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, which stops them; otherwise each would print its own
    KeyboardInterrupt traceback."""

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass(frozen=True)
class Compared:
    """One scenario's plan, reduced to what a comparison shows."""

    file: str
    plan: dict[str, Any]
    limits: dict[str, Any]
    seconds: float
    currency: str = ""
    added: tuple[str, ...] = ()
    """Actions planned here but not in the baseline's plan."""
    removed: tuple[str, ...] = ()
    levels: dict[int, int] = field(default_factory=dict)
    """Level -> the period at whose end the plan reaches it."""
    baseline: bool = False
    """The row the others are compared with."""
    chosen: str = ""
    """For the baseline: how it was chosen ("--baseline", "first with a plan", "first")."""

    @property
    def name(self) -> str:
        return self.plan["scenario"]

    def label(self, period: int | None) -> str:
        if period is None:
            return ""
        return self.plan["periods"][period]["label"]

    @property
    def action_ids(self) -> list[str]:
        return [a["id"] for a in self.plan["actions"]]


def compare(paths: Sequence[str], time_limit: float = 60.0,
            on_done: Callable[[int], None] | None = None, baseline: int | None = None) -> list[Compared]:
    """Plan every scenario (in parallel) and line them up against a baseline: row `baseline` when
    given, else the first scenario that has a plan (an infeasible plan has no actions to compare
    with), else the first."""
    raw = run_parallel([(p, time_limit) for p in paths], on_done=on_done)
    errors = [r for r in raw if "error" in r]
    if errors:
        raise PlannerError("; ".join(f"{r['file']}: {r['error']}" for r in errors))
    if baseline is not None:
        b, chosen = baseline, "--baseline"
    else:
        b = next((i for i, r in enumerate(raw) if r["plan"]["status"] != "infeasible"), None)
        b, chosen = (b, "first with a plan") if b is not None else (0, "first")
    base_ids = [a["id"] for a in raw[b]["plan"]["actions"]]
    base = set(base_ids)
    out = []
    for i, r in enumerate(raw):
        ids = [a["id"] for a in r["plan"]["actions"]]
        mine = set(ids)
        out.append(Compared(
            file=r["file"], plan=r["plan"], limits=r["limits"], seconds=r["seconds"],
            currency=r.get("currency", ""),
            added=tuple(i for i in ids if i not in base),
            removed=tuple(i for i in base_ids if i not in mine),
            levels={m["level"]: m["period"] for m in r["plan"]["milestones"]},
            baseline=i == b,
            chosen=chosen if i == b else "",
        ))
    return out
