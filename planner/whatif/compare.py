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
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from planner.errors import PlannerError

PRELOAD = ["planner.plan.pipeline", "planner.load.scenarios", "planner.output.jsonshapes",
           "planner.optimize.search", "planner.plan.diagnosis", "rules.assess"]


# -- the worker side ----------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _scenario(path: str, mtime: float):
    """A worker re-plans the same file many times in a sweep: load and validate it once."""
    from planner.load.scenarios import load_scenario

    return load_scenario(path)


def plan_path(path: str, time_limit: float, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """Load a scenario, apply limit changes (`budget`, `effort_per_period`), plan it, and return
    plain data: `{"file", "plan", "limits", "seconds"}` or `{"file", "error"}`.

    Runs in a worker process; errors come back as text because the planner's exceptions carry
    structured problems that do not survive pickling."""
    from dataclasses import replace

    from planner.output.jsonshapes import plan_json
    from planner.plan.pipeline import make_plan

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
    import signal

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
    """Actions planned here but not in the first scenario's plan."""
    removed: tuple[str, ...] = ()
    levels: dict[int, int] = field(default_factory=dict)
    """Level -> the period at whose end the plan reaches it."""

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
            on_done: Callable[[int], None] | None = None) -> list[Compared]:
    """Plan every scenario (in parallel) and line them up against the first."""
    raw = run_parallel([(p, time_limit) for p in paths], on_done=on_done)
    errors = [r for r in raw if "error" in r]
    if errors:
        raise PlannerError("; ".join(f"{r['file']}: {r['error']}" for r in errors))
    base = set(a["id"] for a in raw[0]["plan"]["actions"])
    out = []
    for r in raw:
        ids = [a["id"] for a in r["plan"]["actions"]]
        mine = set(ids)
        out.append(Compared(
            file=r["file"], plan=r["plan"], limits=r["limits"], seconds=r["seconds"],
            currency=r.get("currency", ""),
            added=tuple(i for i in ids if i not in base),
            removed=tuple(i for i in (a["id"] for a in raw[0]["plan"]["actions"]) if i not in mine),
            levels={m["level"]: m["period"] for m in r["plan"]["milestones"]},
        ))
    return out


def compare_json(rows: Sequence[Compared]) -> list[dict[str, Any]]:
    """The contract's keys first, then what the table shows besides."""
    out = []
    for c in rows:
        p = c.plan
        out.append({
            "scenario": p["scenario"],
            "status": p["status"],
            "current_level": p["current_level"],
            "target_level": p["target_level"],
            "target_period": p["target_period"],
            "total_cost": p["total_cost"],
            "total_effort": p["total_effort"],
            "file": c.file,
            "framework": p["framework"],
            "target_label": c.label(p["target_period"]) or None,
            "levels": [{"level": lv, "period": per, "label": c.label(per)}
                       for lv, per in sorted(c.levels.items())],
            "budget": _num(c.limits["budget"]),
            "effort_per_period": _num(c.limits["effort_per_period"]),
            "strict_staging": c.limits["strict_staging"],
            "actions": len(p["actions"]),
            "actions_added": list(c.added),
            "actions_removed": list(c.removed),
        })
    return out


def _num(x: float | None) -> int | float | None:
    from planner.output.jsonshapes import num

    return None if x is None else num(x)


# -- the table ----------------------------------------------------------------------------------


def compare_view(rows: Sequence[Compared]):
    """One table, a row per scenario (numbered, so the notes below can refer to them): status,
    levels and the period each is reached, cost and effort, and how its actions differ from #1.
    What sets a scenario apart (framework, budget, capacity, staging) is under its name."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from planner.numbers import days

    lo = min(c.plan["current_level"] for c in rows) + 1
    hi = max(c.plan["target_level"] for c in rows)
    from rich import box

    table = Table(title="Scenarios compared (◎ the target level; each level is reached at the end of the "
                  "period shown)", title_justify="left", pad_edge=False, box=box.SIMPLE_HEAD,
                  collapse_padding=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Scenario", ratio=1, min_width=10)
    table.add_column("Status", no_wrap=True)
    table.add_column("Now", justify="center", no_wrap=True)
    for lv in range(lo, hi + 1):
        table.add_column(f"L{lv} by", no_wrap=True)
    currencies = {c.currency for c in rows}
    cur = currencies.pop() if len(currencies) == 1 else ""
    table.add_column(f"Cost {cur}".strip(), justify="right", no_wrap=True)
    table.add_column("Effort", justify="right", no_wrap=True)
    table.add_column("vs #1", no_wrap=True)
    styles = {"optimal": "green", "feasible": "yellow", "infeasible": "bold red"}
    words = {"infeasible": "no plan"}
    for i, c in enumerate(rows, 1):
        p = c.plan
        name = Text(c.name, style="bold")
        status = Text(words.get(p["status"], p["status"]), style=styles.get(p["status"], ""))
        levels = []
        for lv in range(lo, hi + 1):
            cell = Text(_level_cell(c, lv))
            if lv == p["target_level"]:
                cell.append(" ◎")
                cell.stylize("bold")
            levels.append(cell)
        effort = days(p["total_effort"]) if p["status"] != "infeasible" else "—"
        table.add_row(str(i), name, status, str(p["current_level"]), *levels,
                      _cost_cell(c), effort,
                      "—" if i == 1 or p["status"] == "infeasible" else _diff_cell(c, rows[0]))
    parts: list = [table, Text("Settings", style="bold underline")]
    for i, c in enumerate(rows, 1):
        parts.append(Text.assemble((f"#{i} {c.name}", "bold"),
                                   (f" ({Path(c.file).name}): {_setting(c)}", "dim")))
    notes = [n for i, c in enumerate(rows[1:], 2) if (n := _diff_note(i, c, rows[0])) is not None]
    if notes:
        parts += [Text(""), Text("Actions that differ from #1", style="bold underline"), *notes]
    if any(c.plan["status"] == "infeasible" and c.plan.get("diagnosis", {}).get("least_budget") is not None
           for c in rows):
        parts.append(Text("≥ for a scenario with no plan: the least budget that would reach its target.",
                          style="dim"))
    for i, c in enumerate(rows, 1):
        if c.plan["status"] == "feasible":
            parts.append(Text(f"#{i}: the solver's time limit stopped the proof; the plan is feasible but "
                              "may not be the earliest or cheapest (raise --time-limit).", style="yellow"))
    return Group(*parts)


def _setting(c: Compared) -> str:
    from planner.numbers import days, money

    lim = c.limits
    bits = [c.plan["framework"]]
    bits.append("budget " + (money(lim["budget"], c.currency) if lim["budget"] is not None else "unlimited"))
    cap = lim["effort_per_period"]
    bits.append(f"{days(cap)} person-days/period" if cap is not None else "unlimited capacity")
    if lim["strict_staging"]:
        bits.append("strict staging")
    return " · ".join(bits)


def _diff_note(i: int, c: Compared, first: Compared):
    from rich.text import Text

    if (not c.added and not c.removed) or c.plan["status"] == "infeasible":
        return None
    t = Text()
    t.append(f"#{i} {c.name}", style="bold")
    if c.plan["framework"] != first.plan["framework"]:
        t.append(f": another framework ({c.plan['framework']}), so its actions are not comparable with #1's",
                 style="dim")
        return t
    t.append(":")
    if c.added:
        t.append("\n  + " + _ids(c.added), style="green")
    if c.removed:
        t.append("\n  − " + _ids(c.removed), style="red")
    return t


def _level_cell(c: Compared, level: int) -> str:
    if level <= c.plan["current_level"]:
        return "holds"
    if level in c.levels:
        return c.label(c.levels[level])
    if c.plan["status"] == "infeasible" and level <= c.plan["target_level"]:
        return "✘"
    return "—"


def _cost_cell(c: Compared) -> str:
    from planner.numbers import money

    if c.plan["status"] == "infeasible":
        least = (c.plan.get("diagnosis") or {}).get("least_budget")
        return f"≥{money(least)}" if least is not None else "—"
    return money(c.plan["total_cost"])  # the currency is in the column header


def _diff_cell(c: Compared, first: Compared) -> str:
    if c.plan["framework"] != first.plan["framework"]:
        return "n/a"
    if not c.added and not c.removed:
        return "same"
    return f"+{len(c.added)} −{len(c.removed)}"


def _ids(ids: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" … and {len(ids) - limit} more" if len(ids) > limit else "")
