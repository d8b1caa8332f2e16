"""Lexicographic optimisation: the earliest target period first, then the least cost.

The deadline walks up from a lower bound. At each deadline the MILP for "cheapest plan closing
every target goal by then" is solved: proven infeasible means the target cannot be reached that
early, so the deadline moves on; the first deadline with a plan is the earliest target period, and
the optimum found there is the least cost. Nothing is solved twice, and each model only has the
periods up to its deadline.

A greedy plan is computed first: it caps the search (its target period is feasible), seeds each
solve as a starting solution, and is what is returned if the time limit runs out first, so a time
limit never yields nothing when greedy found a plan.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.optimize.greedy import Schedule, evaluate, greedy
from planner.optimize.instance import Instance
from planner.optimize.milp import build
from planner.optimize.solver import SolveResult, SolveStatus, backend_name, solve

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Outcome:
    status: str
    """"optimal" | "feasible" | "infeasible"."""
    schedule: Schedule | None
    period_bound: int
    """No plan reaches the target before the end of this period (proven)."""
    cost_gap: float | None
    """Relative gap on cost at the returned target period (0.0 when proven)."""
    greedy: Schedule | None
    seconds: float
    solver: str
    log: tuple[str, ...] = field(default=())
    timed_out: bool = False


def optimise(inst: Instance, lower_bound: int, time_limit: float = 60.0,
             progress: Progress | None = None) -> Outcome:
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    log: list[str] = []
    backend = backend_name()

    def note(msg: str) -> None:
        log.append(msg)
        say(msg)

    if not inst.target:
        empty = Schedule({}, -1, 0.0, 0.0)
        return Outcome("optimal", empty, -1, 0.0, empty, time.perf_counter() - started, backend,
                       ("nothing to do: the target level already holds",))

    base = greedy(inst)
    note(f"greedy: {'target at end of period ' + str(base.target_period) + f', cost {base.cost:,.0f}' if base else 'no plan'}")
    best: Schedule | None = base
    deadline = max(lower_bound, 0)
    last = inst.horizon - 1
    if base is not None:
        last = base.target_period
    while deadline <= last:
        remaining = time_limit - (time.perf_counter() - started)
        if remaining <= 0.05:
            note(f"time limit reached before deadline {deadline} was settled")
            return _stopped(best, deadline, base, started, backend, log)
        model = build(inst, deadline)
        if model is None:
            note(f"deadline {deadline}: some target goal cannot be closed in time")
            deadline += 1
            continue
        seed = best if best is not None and best.target_period <= deadline else None
        warm = model.set_start(seed) if seed is not None else False
        if not warm:
            # find a first plan (or prove there is none) with the least-effort objective: it
            # packs most easily and proves infeasibility as fast as the cost model does
            model.use_objective("effort")
            res = solve(model.problem, remaining, backend=backend)
            note(f"deadline {deadline}: first plan {res.status.value} in {res.seconds:.2f} s")
            if res.status is SolveStatus.INFEASIBLE:
                deadline += 1
                continue
            if res.status is SolveStatus.UNKNOWN:
                return _stopped(best, deadline, base, started, backend, log)
            first, _ = evaluate(inst, model.schedule_from_values(), deadline)
            if first is not None:
                seed = first
                warm = model.set_start(first)
            model.use_objective("cost")
            remaining = time_limit - (time.perf_counter() - started)
        res: SolveResult = solve(model.problem, remaining, warm_start=warm, backend=backend)
        note(f"deadline {deadline}: least cost {res.status.value} in {res.seconds:.2f} s")
        if res.status is SolveStatus.INFEASIBLE:
            deadline += 1
            continue
        if res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            schedule, problems = evaluate(inst, model.schedule_from_values(), deadline)
            if schedule is None:
                note("solver plan failed verification: " + "; ".join(problems[:3]))
                return _stopped(seed or best, deadline, base, started, backend, log)
            schedule = tidy(inst, schedule)
            if seed is not None and seed.target_period <= schedule.target_period \
                    and seed.cost < schedule.cost - 1e-6:
                schedule = seed  # never worse than the plan we started from
            status = "optimal" if res.status is SolveStatus.OPTIMAL else "feasible"
            gap = 0.0 if status == "optimal" else res.gap
            return Outcome(status, schedule, deadline, gap, base, time.perf_counter() - started,
                           res.solver, tuple(log), timed_out=status != "optimal")
        if seed is not None and seed.target_period <= deadline:
            # the cost search ran out of time, but the first plan already reaches this deadline
            return Outcome("feasible", tidy(inst, seed), deadline, None, base,
                           time.perf_counter() - started, backend, tuple(log), True)
        # UNKNOWN: the limit hit before a plan or a proof at this deadline
        return _stopped(best, deadline, base, started, backend, log)
    if best is not None:  # greedy's own period was the first feasible one and the loop ended
        return Outcome("feasible", best, deadline, None, base, time.perf_counter() - started,
                       backend, tuple(log))
    return Outcome("infeasible", None, inst.horizon, None, base, time.perf_counter() - started,
                   backend, tuple(log))


def _stopped(best: Schedule | None, deadline: int, base: Schedule | None, started: float,
             backend: str, log: list[str]) -> Outcome:
    seconds = time.perf_counter() - started
    if best is None:
        return Outcome("infeasible", None, deadline, None, base, seconds, backend, tuple(log), True)
    return Outcome("feasible", best, deadline, None, base, seconds, backend, tuple(log), True)


def tidy(inst: Instance, schedule: Schedule) -> Schedule:
    """Drop jobs the plan does not need (zero-cost extras a solver may leave in) without moving
    the target period or raising the cost."""
    starts = dict(schedule.starts)
    for j in sorted(starts, key=lambda j: (-inst.jobs[j].effort, j)):
        trial = {k: v for k, v in starts.items() if k != j}
        candidate, _ = evaluate(inst, trial)
        if candidate is not None and candidate.target_period <= schedule.target_period \
                and candidate.cost <= schedule.cost + 1e-9:
            starts = trial
    result, _ = evaluate(inst, starts)
    return result if result is not None else schedule
