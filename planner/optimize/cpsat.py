"""OR-Tools CP-SAT as a second engine for one deadline (the only module that imports ortools).

Why: when capacity is nearly full, the question is which actions fit into which period, and the
time-indexed MILP's relaxation says little about that. CP-SAT reasons about the packing directly
(optional intervals on one cumulative resource). Measured on HeRus: at 150 person-days a quarter it
finds a plan for period 4 in 0.3-0.5 s where HiGHS needs 2 s and CBC finds none in 20 s; at 120 it
proves the least cost at period 6 in 0.7 s (HiGHS 1.4-5 s, CBC 5-21 s); at 100 it proves period 6
impossible in 0.2 s. It does not replace the MILP: on large catalogs the MILP's bound is the better
prover, so the search gives CP-SAT a short first try and keeps the MILP behind it.

The model: per usable job a presence literal and a start in its window (deadline fixed, as in
`planner.optimize.milp`); predecessors and conditions as enforced precedences; each target goal
closed by a present job; capacity as a cumulative constraint; budget and cost as linear sums over
presence, cost divided by its greatest common divisor.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from planner.optimize.greedy import Schedule, evaluate
from planner.optimize.instance import Instance
from planner.optimize.milp import usable_jobs
from planner.optimize.replan import pinned_jobs


def available() -> bool:
    """CP-SAT is used when ortools imports and CSIP_CPSAT is not "0"."""
    if os.environ.get("CSIP_CPSAT", "1") == "0":
        return False
    try:
        from ortools.sat.python import cp_model  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class CpResult:
    status: str
    """"optimal" (least cost proven, or a plan found when cost is not asked), "feasible",
    "infeasible" (proven: no plan by this deadline) or "unknown"."""
    schedule: Schedule | None
    bound: float | None


def _scale(values: list[float]) -> int:
    for factor in (1, 2, 4, 10, 100):
        if all(abs(v * factor - round(v * factor)) < 1e-9 for v in values):
            return factor
    return 1000


def solve_deadline(inst: Instance, deadline: int, time_limit: float, least_cost: bool,
                   hint: Schedule | None = None, workers: int = 2,
                   only: frozenset[int] | None = None,
                   hold_by: tuple[tuple[tuple[int, ...], int], ...] = (),
                   fixed: dict[int, int] | None = None) -> CpResult:
    """A plan ending by `deadline` (the cheapest when `least_cost`), or a proof that none exists.
    With `only`, exactly those jobs and nothing else: does this set pack? (planner.optimize.
    decompose asks it of sets that need not cover the target; a predecessor outside the set is
    not waited for, so a set that fails also fails inside any larger one.) `hold_by` asks for
    goals to hold by given periods (the milestone polish: levels below the target earlier).
    `fixed` puts jobs in the plan at given starts (the quick-win check)."""
    from ortools.sat.python import cp_model  # lazy: ortools costs 0.6 s to import, paid only by a solve

    jobs = inst.jobs
    pins = {j: jobs[j].earliest for j in pinned_jobs(inst)}  # running work (optimize.replan)
    pins.update(fixed or {})
    window = usable_jobs(inst, deadline, pins or None)
    if any(j not in window for j in pins):
        return CpResult("infeasible", None, None)
    if only is not None:
        if not only <= window.keys():
            return CpResult("infeasible", None, None)
        window = {j: window[j] for j in only}
    elif any(not any(k in window for k in inst.coverers[g]) for g in inst.target):
        return CpResult("infeasible", None, None)
    m = cp_model.CpModel()
    present, start, interval = {}, {}, {}
    for j, (es, ls) in window.items():
        present[j] = m.NewBoolVar(f"present_{j}")
        start[j] = m.NewIntVar(es, ls, f"start_{j}")
        interval[j] = m.NewOptionalFixedSizeIntervalVar(start[j], jobs[j].duration, present[j], f"runs_{j}")
    for j in pins if only is None else window:
        if j in window:
            m.Add(present[j] == 1)  # running work is in every plan (planner.optimize.replan)
    for j in window:
        for b in jobs[j].after:  # after: the predecessor is planned and ends first
            if b not in window:
                continue  # only with `only`: usable_jobs keeps predecessors otherwise
            m.AddImplication(present[j], present[b])
            m.Add(start[j] >= start[b] + jobs[b].duration).OnlyEnforceIf(present[j])
        for c in jobs[j].conditions:  # waits_for_condition: each goal closed by a job ending first
            for g in inst.conditions[c]:
                closers = []
                for k in inst.coverers[g]:
                    if k in window and k != j:
                        y = m.NewBoolVar(f"closes_{k}_for_{j}")
                        m.AddImplication(y, present[k])
                        m.Add(start[k] + jobs[k].duration + inst.settle <= start[j]).OnlyEnforceIf(y)
                        closers.append(y)
                m.AddBoolOr([*closers, present[j].Not()])
    for g in inst.target if only is None else ():
        m.AddBoolOr([present[k] for k in inst.coverers[g] if k in window])
    if len(inst.stages) > 1:  # milestones: each level first holds strictly after the one below
        never = deadline + 1
        holds: dict[int, object] = {}
        for g in {g for own in inst.stages for g in own}:
            options = []
            for k in inst.coverers[g]:
                if k in window:
                    e = m.NewIntVar(0, never, f"holds_{g}_by_{k}")
                    m.Add(e == start[k] + jobs[k].duration - 1 + inst.settle).OnlyEnforceIf(present[k])
                    m.Add(e == never).OnlyEnforceIf(present[k].Not())
                    options.append(e)
            holds[g] = m.NewIntVar(0, never, f"holds_{g}")
            m.AddMinEquality(holds[g], options or [never])
        below: list[int] = []
        for i, own in enumerate(inst.stages):
            if i:
                level = m.NewIntVar(0, never, f"level_{i - 1}_holds")
                m.AddMaxEquality(level, [holds[g] for g in below])
                last = m.NewIntVar(0, never, f"stage_{i}_last_goal")
                m.AddMaxEquality(last, [holds[g] for g in own])
                m.Add(last > level)
            below.extend(own)
    for goals, period in hold_by:
        for g in goals:
            early = []
            for k in inst.coverers[g]:
                if k in window:
                    y = m.NewBoolVar(f"holds_{g}_by_{period}_via_{k}")
                    m.AddImplication(y, present[k])
                    m.Add(start[k] + jobs[k].duration - 1 + inst.settle <= period).OnlyEnforceIf(y)
                    early.append(y)
            m.AddBoolOr(early or [m.NewConstant(False)])
    if inst.capacity is not None and window:
        factor = _scale([jobs[j].load for j in window] + [inst.capacity])
        m.AddCumulative([interval[j] for j in window], [round(jobs[j].load * factor) for j in window],
                        math.floor(inst.capacity * factor + 1e-6))
    cost_factor = _scale([jobs[j].cost for j in window])
    costs = {j: round(jobs[j].cost * cost_factor) for j in window}
    if inst.budget is not None:
        m.Add(sum(costs[j] * present[j] for j in window) <= math.floor(inst.budget * cost_factor + 1e-6))
    step = math.gcd(*[c for c in costs.values() if c]) or 1
    if least_cost:
        m.Minimize(sum((costs[j] // step) * present[j] for j in window))
    if hint is not None and all(j in window for j in hint.starts):
        for j in window:
            m.AddHint(present[j], j in hint.starts)
            if j in hint.starts:
                m.AddHint(start[j], hint.starts[j])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.num_workers = workers
    status = solver.Solve(m)
    if status == cp_model.INFEASIBLE:
        return CpResult("infeasible", None, None)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpResult("unknown", None, None)
    starts = {j: solver.Value(start[j]) for j in window if solver.Value(present[j])}
    schedule, _problems = evaluate(inst, starts, deadline)
    if schedule is None:  # never trusted unchecked
        return CpResult("unknown", None, None)
    bound = solver.BestObjectiveBound() * step / cost_factor if least_cost else None
    return CpResult("optimal" if status == cp_model.OPTIMAL else "feasible", schedule, bound)
