"""Cover, then pack: a logic-based Benders decomposition for one deadline.

Why: when capacity is nearly full, the time-indexed MILP and CP-SAT both lose themselves in
*when* each of hundreds of candidate actions could run, while the real question is *which* set of
actions can be packed at all. On the synthetic 1000 x 36 catalog neither found a plan for period 18
in 20 minutes, yet the cheapest-in-effort set of 20 actions packs into it at once, and every
earlier deadline is ruled out by effort alone.

The master problem (a small 0-1 MILP in PuLP) only chooses actions: every target goal covered,
predecessors and the goals of conditions chosen too, the budget kept, and the capacity of every
window of periods [a, b] respected by the effort that each chosen action must spend inside it
wherever it starts (energetic reasoning). The subproblem asks CP-SAT whether the chosen set packs
by the deadline with all timing rules. A set that does not pack is cut off together with every
larger set that adds no action closing a goal something waits for (a condition's goal, or a goal of
a milestone below the last): adding other actions only adds load and rules. On instances where
nothing waits for goals, the cut is made from a small core of the set (removing an action never
makes packing harder there).

The master is a relaxation, so its optimum is a lower bound on the cost, and when it becomes
infeasible no plan exists by the deadline, as long as every cut came from a proof (a subproblem
that ran out of time only excludes its own set and the answer is then no longer a proof).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pulp

from planner.optimize.cpsat import CpResult, solve_deadline
from planner.optimize.cpsat import available as cp_available
from planner.optimize.greedy import Schedule
from planner.optimize.instance import Instance
from planner.optimize.milp import usable_jobs
from planner.optimize.solver import SolveStatus, solve

WEAK_CUT_ROUNDS = 6
"""Rounds allowed where conditions or milestones make each cut exclude little more than the set
it came from (HeRus at 120 person-days needed 21): beyond them CP-SAT on the whole model is the
quicker prover, and the search moves on to it with the bound found so far."""


@dataclass(frozen=True)
class Decomposed:
    status: str
    """"optimal" (least cost proven, or a plan found when cost is not asked), "infeasible"
    (proven: no plan by the deadline), "feasible" (a plan, cost not proven) or "unknown"."""
    schedule: Schedule | None
    bound: float | None
    """A proven lower bound on the cost at this deadline (least-cost runs)."""
    rounds: int


def _earliest(inst: Instance, window: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Earliest starts with predecessors' durations carried forward."""
    es = {j: w[0] for j, w in window.items()}
    changed = True
    while changed:
        changed = False
        for j in window:
            for b in inst.jobs[j].after:
                if b in es and es[b] + inst.jobs[b].duration > es[j]:
                    es[j] = es[b] + inst.jobs[b].duration
                    changed = True
    return es


def energy_windows(inst: Instance, deadline: int, window: dict[int, tuple[int, int]]
                   ) -> list[tuple[dict[int, float], float]]:
    """For each window of periods that chosen actions could overfill: the person-days each action
    must spend inside it however it is placed, and the capacity of the window."""
    if inst.capacity is None:
        return []
    jobs = inst.jobs
    es = _earliest(inst, window)
    out = []
    for a in range(deadline + 1):
        for b in range(a, deadline + 1):
            terms = {}
            for j, (_, ls) in window.items():
                p = jobs[j].duration
                first, last = es[j], max(es[j], ls)
                inside = min(max(0, min(s + p - 1, b) - max(s, a) + 1) for s in (first, last))
                if inside:
                    terms[j] = inside * jobs[j].load
            room = inst.capacity * (b - a + 1)
            if sum(terms.values()) > room + 1e-9:
                out.append((terms, room))
    return out


class _Master:
    """Which actions: cover, predecessors, conditions, budget, energy, and the cuts so far."""

    def __init__(self, inst: Instance, deadline: int, window: dict[int, tuple[int, int]],
                 objective: str, pinned: tuple[int, ...]):
        jobs = inst.jobs
        self.problem = pulp.LpProblem(f"cover_by_{deadline}", pulp.LpMinimize)
        self.x = x = {j: pulp.LpVariable(f"choose_{j}", cat="Binary") for j in window}
        weight = {j: jobs[j].cost if objective == "cost" else jobs[j].effort for j in window}
        self.problem += pulp.lpSum(weight[j] * x[j] for j in window)
        for g in inst.target:
            self.problem += pulp.lpSum(x[k] for k in inst.coverers[g] if k in window) >= 1
        for j in window:
            for b in jobs[j].after:
                self.problem += x[j] <= x[b]
            for c in jobs[j].conditions:
                for g in inst.conditions[c]:
                    self.problem += x[j] <= pulp.lpSum(x[k] for k in inst.coverers[g]
                                                       if k in window and k != j)
        for j in pinned:
            if j in x:
                self.problem += x[j] == 1
        if inst.budget is not None:
            self.problem += pulp.lpSum(jobs[j].cost * x[j] for j in window) <= inst.budget
        for terms, room in energy_windows(inst, deadline, window):
            self.problem += pulp.lpSum(v * x[j] for j, v in terms.items()) <= room

    def choose(self, time_limit: float) -> tuple[str, frozenset[int], float | None]:
        res = solve(self.problem, time_limit)
        if res.status is SolveStatus.INFEASIBLE:
            return "infeasible", frozenset(), None
        if res.status is not SolveStatus.OPTIMAL:
            return "unknown", frozenset(), None
        chosen = frozenset(j for j, v in self.x.items() if (v.value() or 0) > 0.5)
        return "optimal", chosen, res.objective

    def cut(self, core: frozenset[int], helpers: frozenset[int]) -> None:
        """Not every action of `core` together, unless one of `helpers` joins them."""
        self.problem += (pulp.lpSum(self.x[j] for j in core)
                         - pulp.lpSum(self.x[k] for k in helpers - core) <= len(core) - 1)


def _helpers(inst: Instance, window: dict[int, tuple[int, int]]) -> frozenset[int]:
    """Actions whose joining could make a set pack that did not: those closing a goal that a
    condition or a higher milestone waits for (closing it earlier can let others start or hold
    earlier). Closing a goal of the last stage earlier never helps: nothing waits for it, and
    the milestone rule only asks it to hold late enough."""
    waited = {g for c in inst.conditions for g in c}
    waited |= {g for own in inst.stages[:-1] for g in own}
    return frozenset(k for g in waited for k in inst.coverers[g] if k in window)


def cover_and_pack(inst: Instance, deadline: int, time_limit: float, least_cost: bool,
                   fixed: dict[int, int] | None = None) -> Decomposed:
    """The cheapest plan by `deadline` (or, without `least_cost`, any plan: sets are tried least
    effort first, as they pack most easily), or a proof that none exists. `fixed` puts jobs in
    the plan at given starts (the quick-win check: does the target hold with this started now?)."""
    started = time.perf_counter()

    def left() -> float:
        return time_limit - (time.perf_counter() - started)

    if not cp_available():
        return Decomposed("unknown", None, None, 0)
    fixed = {**{j: inst.jobs[j].earliest for j in inst.pinned}, **(fixed or {})}
    window = usable_jobs(inst, deadline, fixed or None)
    if any(j not in window for j in fixed) or \
            any(not any(k in window for k in inst.coverers[g]) for g in inst.target):
        return Decomposed("infeasible", None, None, 0)
    master = _Master(inst, deadline, window, "cost" if least_cost else "effort", tuple(fixed))
    helpers = _helpers(inst, window)
    monotone = not helpers
    proofs_only = True
    bound = None
    rounds = 0
    while left() > 0.05 and (monotone or rounds < WEAK_CUT_ROUNDS):
        rounds += 1
        kind, chosen, objective = master.choose(left())
        if kind == "infeasible":
            return Decomposed("infeasible" if proofs_only else "unknown", None, bound, rounds)
        if kind != "optimal":
            break
        if least_cost and proofs_only and objective is not None:
            bound = objective
        packed = _pack(inst, deadline, chosen, max(0.1, min(left(), 10.0)), fixed)
        if packed.schedule is not None:
            exact = least_cost and proofs_only
            return Decomposed("optimal" if exact or not least_cost else "feasible",
                              packed.schedule, bound, rounds)
        if packed.status != "infeasible":
            proofs_only = False
            master.cut(chosen, frozenset(window) - chosen)  # only this very set is excluded
            continue
        # a core is worth its checks only when cuts are strong (HeRus's staged catalog: 18 rounds
        # with cores, 11 s of checks, against 21 rounds without, 0.5 s)
        master.cut(_core(inst, deadline, chosen, helpers, left, fixed) if monotone else chosen, helpers)
    return Decomposed("unknown", None, bound, rounds)


def _pack(inst: Instance, deadline: int, chosen: frozenset[int], time_limit: float,
          fixed: dict[int, int]) -> CpResult:
    return solve_deadline(inst, deadline, time_limit, least_cost=False, only=chosen, workers=1,
                          fixed={j: s for j, s in fixed.items() if j in chosen})


def _core(inst: Instance, deadline: int, chosen: frozenset[int], helpers: frozenset[int],
          left, fixed: dict[int, int]) -> frozenset[int]:
    """A small subset of `chosen` that still does not pack (deletion filter: drop each action in
    turn, keep it out when the rest still fails; an undecided check keeps it in). Helpers stay:
    without them the goals others wait for would look unclosable, and the core would prove
    nothing about the sets that contain them."""
    core = set(chosen)
    for j in sorted(chosen - helpers, key=lambda j: (inst.jobs[j].effort, j)):
        if left() <= 0.5:
            break
        trial = frozenset(core - {j})
        if _pack(inst, deadline, trial, min(0.5, left() / 4), fixed).status == "infeasible":
            core.discard(j)
    return frozenset(core)
