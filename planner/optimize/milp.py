"""The roadmap MILP for one deadline: the cheapest plan that closes every target goal by the end
of period `deadline`, within capacity, budget, predecessors and conditions.

Why a fixed deadline: the plan is lexicographic (earliest target period first, then least cost),
and with the deadline fixed every job must end by it (nothing finishing later can help), so the
time windows shrink to [earliest start, deadline - duration + 1] and the model is small. The search
in `planner.optimize.search` walks the deadline up from a lower bound; the first deadline with a
plan is the earliest target period, and its optimum is the least cost.

Formulation ("started-by" time-indexed, no big-M):
    started_by[j,t] = 1  <=>  job j has started at or before period t      (binary, t in window)
    started_by is non-decreasing in t; chosen[j] is its value at the end of the window
    done_by(j,t)  = started_by[j, t - duration_j + 1]
    running(j,t)  = started_by[j,t] - started_by[j, t - duration_j]
Every family of variables and constraints is named after the rule it encodes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import pulp

from planner.optimize.greedy import Schedule
from planner.optimize.instance import Instance
from planner.optimize.replan import pinned_jobs
from planner.optimize.solver import SolveStatus, solve

Expr = list[tuple[pulp.LpVariable, float]]


@dataclass
class DeadlineModel:
    problem: pulp.LpProblem
    deadline: int
    started_by: dict[tuple[int, int], pulp.LpVariable]
    window: dict[int, tuple[int, int]]
    """Job -> (earliest start, latest start) at this deadline; jobs absent cannot be used."""
    jobs: tuple = ()
    condition_holds: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)

    def chosen(self, j: int) -> pulp.LpVariable | None:
        if j not in self.window:
            return None
        return self.started_by[(j, self.window[j][1])]

    def schedule_from_values(self) -> dict[int, int]:
        """Start periods read from the solution (only call when a solution exists)."""
        starts: dict[int, int] = {}
        for j, (es, ls) in self.window.items():
            for t in range(es, ls + 1):
                v = self.started_by[(j, t)].varValue
                if v is not None and v > 0.5:
                    starts[j] = t
                    break
        return starts

    def use_objective(self, kind: str) -> None:
        """"cost" (the plan's objective) or "effort" (used to find a first plan quickly: the
        least-effort plan packs most easily, and its cost seeds the cost search)."""
        jobs = self.jobs
        weight = (lambda j: jobs[j].cost) if kind == "cost" else (lambda j: jobs[j].effort)
        self.problem.setObjective(pulp.LpAffineExpression(
            [(self.started_by[(j, ls)], weight(j)) for j, (_es, ls) in self.window.items()]))

    def keep_values_as_start(self) -> None:
        for var in self.problem.variables():
            if var.varValue is not None:
                var.setInitialValue(round(var.varValue))

    def set_start(self, schedule: Schedule) -> bool:
        """Give the solver a starting plan; False if the plan does not fit this model."""
        starts = schedule.starts
        if any(j not in self.window or not self.window[j][0] <= s <= self.window[j][1]
               for j, s in starts.items()):
            return False
        for (j, t), var in self.started_by.items():
            var.setInitialValue(1 if j in starts and t >= starts[j] else 0)
        return True


def usable_jobs(inst: Instance, deadline: int, fixed: dict[int, int] | None = None
                ) -> dict[int, tuple[int, int]]:
    """Jobs that can still end by `deadline`: window not empty, predecessors usable, and every
    goal of their conditions closable by some usable job ending early enough."""
    jobs = inst.jobs
    window = {j: (job.earliest, inst.latest_start(j, deadline)) for j, job in enumerate(jobs)}
    for j in pinned_jobs(inst):  # running work stays where it runs, even past the deadline
        window[j] = (jobs[j].earliest, jobs[j].earliest)
    for j, s in (fixed or {}).items():
        window[j] = (s, s) if window[j][0] <= s <= window[j][1] else (1, 0)
    window = {j: w for j, w in window.items() if w[0] <= w[1]}
    changed = True
    while changed:
        changed = False
        for j in list(window):
            job = jobs[j]
            ok = all(b in window for b in job.after)
            if ok:
                for c in job.conditions:
                    for g in inst.conditions[c]:
                        if not any(b in window for b in inst.coverers[g]):
                            ok = False
                            break
                    if not ok:
                        break
            if not ok:
                del window[j]
                changed = True
    return window


def build(inst: Instance, deadline: int, name: str = "roadmap",
          fixed: dict[int, int] | None = None) -> DeadlineModel | None:
    """The model for `deadline`, or None when some target goal cannot be closed in time.
    `fixed` forces jobs into the plan at given start periods (the quick-win check uses it).
    The body is the list of constraint families, each in a function named after its rule."""
    jobs = inst.jobs
    # running work of a progress file starts where it is pinned (planner.optimize.replan)
    fixed = {**{j: jobs[j].earliest for j in pinned_jobs(inst)}, **(fixed or {})}
    window = usable_jobs(inst, deadline, fixed or None)
    if any(j not in window for j in fixed):
        return None
    for g in inst.target:
        if not any(j in window for j in inst.coverers[g]):
            return None
    rows = _Rows(inst, deadline, window, pulp.LpProblem(name, pulp.LpMinimize))
    _started_stays_started(rows)
    _after(rows)
    holds = _condition_holds(rows)
    _waits_for_condition(rows, holds)
    _target_goal_closed(rows)
    _milestones(inst, deadline, window, rows.started, rows.add)
    _capacity(rows)
    _fixed(rows, fixed)
    chosen = [(rows.sb[(j, ls)], jobs[j].cost) for j, (_es, ls) in window.items()]
    _budget(rows, chosen)
    _objective(rows, chosen)
    return DeadlineModel(rows.prob, deadline, rows.sb, window, jobs, holds)


@dataclass
class _Rows:
    """One model under construction: the usable jobs' windows, the problem rows go into, and the
    started_by variables (made on creation: every family is written in terms of them)."""
    inst: Instance
    deadline: int
    window: dict[int, tuple[int, int]]
    prob: pulp.LpProblem
    sb: dict[tuple[int, int], pulp.LpVariable] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # started_by[j,t]: job j has started by period t
        for j, (es, ls) in self.window.items():
            for t in range(es, ls + 1):
                self.sb[(j, t)] = pulp.LpVariable(f"started_by_{j}_{t}", cat=pulp.LpBinary)

    def started(self, j: int, t: int) -> pulp.LpVariable | None:
        """started_by[j,t], clipped to the window: None before it, the last start after it."""
        es, ls = self.window[j]
        if t < es:
            return None
        return self.sb[(j, min(t, ls))]

    def add(self, expr: Expr, sense: int, rhs: float, cname: str) -> None:
        self.prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(expr), sense, cname, rhs))


def _started_stays_started(rows: _Rows) -> None:
    """Once started, a job stays started."""
    sb = rows.sb
    for j, (es, ls) in rows.window.items():
        for t in range(es, ls):
            rows.add([(sb[(j, t)], 1), (sb[(j, t + 1)], -1)], pulp.LpConstraintLE, 0,
                     f"started_stays_started_{j}_{t}")


def _after(rows: _Rows) -> None:
    """Job j may have started by t only if each predecessor b was done by t-1. This also makes a
    chosen job drag its predecessors into the plan (chosen_needs_predecessor): the rows at the
    last start period imply it."""
    jobs, sb = rows.inst.jobs, rows.sb
    for j, (es, ls) in rows.window.items():
        for b in jobs[j].after:
            for t in range(es, ls + 1):
                prev = rows.started(b, t - jobs[b].duration)
                if prev is None:
                    rows.add([(sb[(j, t)], 1)], pulp.LpConstraintLE, 0, f"after_{j}_{b}_{t}")
                else:
                    rows.add([(sb[(j, t)], 1), (prev, -1)], pulp.LpConstraintLE, 0, f"after_{j}_{b}_{t}")


def _condition_holds(rows: _Rows) -> dict[tuple[int, int], pulp.LpVariable]:
    """condition_holds[c,t] can be 1 only when every goal of condition c is closed by the end of
    period t; made only for the periods some job waiting on c needs it."""
    inst, jobs = rows.inst, rows.inst.jobs
    holds: dict[tuple[int, int], pulp.LpVariable] = {}
    needed_at: dict[int, set[int]] = {}
    for j, (es, ls) in rows.window.items():
        for c in jobs[j].conditions:
            needed_at.setdefault(c, set()).update(range(es - 1, ls))
    for c, periods in needed_at.items():
        for t in sorted(periods):
            if t < 0:
                continue
            var = pulp.LpVariable(f"condition_holds_{c}_{t}", lowBound=0, upBound=1)
            holds[(c, t)] = var
            for g in inst.conditions[c]:
                expr: Expr = [(var, 1)]
                for b in inst.coverers[g]:
                    if b in rows.window:
                        d = rows.started(b, t - inst.settle - jobs[b].duration + 1)
                        if d is not None:
                            expr.append((d, -1))
                rows.add(expr, pulp.LpConstraintLE, 0, f"condition_goal_closed_{c}_{g}_{t}")
    return holds


def _waits_for_condition(rows: _Rows, holds: dict[tuple[int, int], pulp.LpVariable]) -> None:
    """A job starts only after its conditions hold (at the end of the period before)."""
    sb = rows.sb
    for j, (es, ls) in rows.window.items():
        for c in rows.inst.jobs[j].conditions:
            for t in range(es, ls + 1):
                if t - 1 < 0:
                    rows.add([(sb[(j, t)], 1)], pulp.LpConstraintLE, 0, f"waits_for_condition_{j}_{c}_{t}")
                else:
                    rows.add([(sb[(j, t)], 1), (holds[(c, t - 1)], -1)], pulp.LpConstraintLE, 0,
                             f"waits_for_condition_{j}_{c}_{t}")


def _target_goal_closed(rows: _Rows) -> None:
    """Each target goal is closed by a chosen job (every chosen job ends by the deadline)."""
    window = rows.window
    for g in rows.inst.target:
        rows.add([(rows.sb[(j, window[j][1])], 1) for j in rows.inst.coverers[g] if j in window],
                 pulp.LpConstraintGE, 1, f"target_goal_closed_{g}")


def _capacity(rows: _Rows) -> None:
    """Person-days of the jobs running in each period stay within the effort per period."""
    inst = rows.inst
    if inst.capacity is None:
        return
    per_period: dict[int, Expr] = {t: [] for t in range(rows.deadline + 1)}
    for j, (es, ls) in rows.window.items():
        load = inst.jobs[j].load
        d = inst.jobs[j].duration
        for t in range(es, ls + d):
            if t not in per_period:
                continue  # a pinned running job past the deadline: nothing else runs there
            on = rows.started(j, t)
            off = rows.started(j, t - d)
            if on is not None:
                per_period[t].append((on, load))
            if off is not None:
                per_period[t].append((off, -load))
    for t, expr in per_period.items():
        if expr:
            rows.add(_merge(expr), pulp.LpConstraintLE, inst.capacity, f"capacity_{t}")


def _fixed(rows: _Rows, fixed: dict[int, int]) -> None:
    """A job forced into the plan (its start is fixed by its window)."""
    for j in fixed:
        rows.add([(rows.sb[(j, rows.window[j][1])], 1)], pulp.LpConstraintGE, 1, f"fixed_{j}")


def _budget(rows: _Rows, chosen: Expr) -> None:
    """The total cost of the chosen jobs stays within the budget."""
    if rows.inst.budget is not None:
        rows.add(chosen, pulp.LpConstraintLE, rows.inst.budget, "budget")


def _objective(rows: _Rows, chosen: Expr) -> None:
    """Least cost (the deadline is fixed, so cost is the second key of the plan's order)."""
    rows.prob.setObjective(pulp.LpAffineExpression(chosen))


def _milestones(inst: Instance, deadline: int, window: dict[int, tuple[int, int]],
                started: Callable[[int, int], pulp.LpVariable | None],
                add: Callable[[Expr, int, float, str], None]) -> None:
    """Milestone staging. held[i,t] <= "goal g holds at t" for every goal of stages 0..i, so it can
    be 1 only when level i holds; closed[g,t] >= each coverer's "done by t - settle", so it is 1
    whenever g holds. Then: sum over the own goals g of stage i+1 of (1 - closed[g,t]) >=
    1 - held[i,t-1]: while level i does not hold at t-1, some own goal of level i+1 is still open
    at t, so level i+1 first holds strictly after level i."""
    if len(inst.stages) < 2:
        return
    jobs = inst.jobs

    def done_terms(g: int, t: int) -> Expr:
        out: Expr = []
        for b in inst.coverers[g]:
            if b in window:
                d = started(b, t - inst.settle - jobs[b].duration + 1)
                if d is not None:
                    out.append((d, 1))
        return out

    held: dict[tuple[int, int], pulp.LpVariable] = {}
    below: list[int] = []
    for i, own in enumerate(inst.stages[:-1]):
        below.extend(own)
        for t in range(deadline + 1):
            var = pulp.LpVariable(f"level_held_{i}_{t}", lowBound=0, upBound=1)
            held[(i, t)] = var
            for g in below:
                add([(var, 1)] + [(v, -c) for v, c in done_terms(g, t)], pulp.LpConstraintLE, 0,
                    f"level_held_needs_goal_{i}_{g}_{t}")
    for i, own in enumerate(inst.stages[1:]):
        for t in range(deadline + 1):
            closed = []
            for g in own:
                var = pulp.LpVariable(f"goal_holds_{g}_{t}", lowBound=0, upBound=1)
                closed.append(var)
                for v, _c in done_terms(g, t):
                    add([(var, 1), (v, -1)], pulp.LpConstraintGE, 0, f"goal_holds_{g}_{t}_{v.name}")
            # sum(1 - closed) >= 1 - held[i, t-1]  <=>  sum(closed) - held[i, t-1] <= len(own) - 1
            expr: Expr = [(v, 1) for v in closed]
            if t >= 1:
                expr.append((held[(i, t - 1)], -1))
            add(expr, pulp.LpConstraintLE, len(own) - 1, f"milestone_after_{i}_{t}")


def _merge(expr: Expr) -> Expr:
    acc: dict[pulp.LpVariable, float] = {}
    for v, c in expr:
        acc[v] = acc.get(v, 0.0) + c
    return [(v, c) for v, c in acc.items() if abs(c) > 1e-12]



def least_cost_cover(inst: Instance, time_limit: float = 10.0, weight: str = "cost") -> float | None:
    """The least cost of any set of jobs that closes the target goals, with predecessors and
    conditions included but time, capacity and budget ignored: a lower bound on every plan's cost.
    When it exceeds the budget no horizon can help, and the search need not walk at all."""

    prob = pulp.LpProblem("cover", pulp.LpMinimize)
    x = {j: pulp.LpVariable(f"chosen_{j}", cat=pulp.LpBinary) for j in range(len(inst.jobs))}
    for j, job in enumerate(inst.jobs):
        # chosen_needs_predecessor
        for b in job.after:
            prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression([(x[j], 1), (x[b], -1)]),
                                                 pulp.LpConstraintLE, f"needs_{j}_{b}", 0))
        # chosen_needs_condition: each goal of its conditions closed by some chosen job
        for c in job.conditions:
            for g in inst.conditions[c]:
                expr = [(x[j], 1)] + [(x[k], -1) for k in inst.coverers[g]]
                prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(expr), pulp.LpConstraintLE,
                                                     f"condition_{j}_{c}_{g}", 0))
    for g in inst.target:
        prob.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression([(x[j], 1) for j in inst.coverers[g]]),
                                             pulp.LpConstraintGE, f"target_goal_closed_{g}", 1))
    prob.setObjective(pulp.LpAffineExpression(
        [(x[j], job.cost if weight == "cost" else job.effort) for j, job in enumerate(inst.jobs)]))
    res = solve(prob, time_limit)
    if res.status is SolveStatus.OPTIMAL:
        return res.objective
    if res.status is SolveStatus.INFEASIBLE:
        return float("inf")
    return res.bound


def build_fixed_selection(inst: Instance, selected: set[int], deadline: int) -> DeadlineModel | None:
    """The chosen actions, and only those, all in the plan by `deadline`: a scheduling question
    with the cost settled. Used to pull intermediate milestones earlier without touching the
    target period or the cost."""
    sub = replace(inst, budget=None, jobs=tuple(
        job if j in selected else replace(job, earliest=10**6) for j, job in enumerate(inst.jobs)))
    model = build(sub, deadline, name="milestones")
    if model is None or any(j not in model.window for j in selected):
        return None
    for j in selected:
        model.problem.addConstraint(pulp.LpConstraint(
            pulp.LpAffineExpression([(model.chosen(j), 1)]), pulp.LpConstraintEQ, f"keep_chosen_{j}", 1))
    model.problem.setObjective(pulp.LpAffineExpression([(model.chosen(j), 0.0) for j in selected]))
    return model


def require_goals_by(model: DeadlineModel, inst: Instance, goals: list[int], period: int, tag: str) -> None:
    """Every goal in `goals` closed by a chosen job ending by the end of `period`."""
    for g in goals:
        expr: Expr = []
        for j in inst.coverers[g]:
            if j in model.window:
                es, ls = model.window[j]
                t = period - inst.settle - inst.jobs[j].duration + 1
                if t >= es:
                    expr.append((model.started_by[(j, min(t, ls))], 1))
        model.problem.addConstraint(pulp.LpConstraint(pulp.LpAffineExpression(expr), pulp.LpConstraintGE,
                                                      f"milestone_{tag}_goal_{g}", 1))
