"""The baseline the optimiser is measured against: a plain two-phase time-indexed MILP.

Written the way such models usually are: every pending action and every period (no pruning, no
time windows), expressions built term by term with lpSum, CBC with default settings and no start.
Phase 1 minimises the number of periods before the target holds; phase 2 cuts the horizon at that
period and minimises cost. Same semantics as the product's optimiser for free staging without
settling time (capacity, budget, `after`, `requires`, actions whose goals hold counting as
finished), so the two must agree there; it models neither `settle` nor milestones.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import pulp

from planner.assess.reachability import action_level, required_kpas
from planner.model import Scenario
from rules.assess import assess


@dataclass
class PlainResult:
    status: str
    target_period: int | None
    cost: float | None
    build_seconds: float
    solve_seconds: float


def _model(scenario: Scenario, satisfied: set[str], horizon: int, phase: int,
           current_level: int) -> tuple[pulp.LpProblem, dict]:
    fw = scenario.framework
    # the contract's rule: an action whose goals all hold at the start counts as finished
    done = set(scenario.done) | {a.id for a in scenario.actions
                                 if a.goals and all(g in satisfied for g in a.goals)}
    acts = [a for a in scenario.actions if a.id not in done]
    target = [g for g in fw.goals_for_level(scenario.target_level) if g not in satisfied]
    T = horizon
    prob = pulp.LpProblem(f"plain_phase{phase}", pulp.LpMinimize)
    z = {(a.id, t): pulp.LpVariable(f"z_{i}_{t}", cat="Binary")
         for i, a in enumerate(acts) for t in range(0, T - a.duration + 1)}
    by = {a.id: a for a in acts}

    def started(aid: str, t: int):
        a = by[aid]
        if t < 0:
            return 0
        return z[(aid, min(t, T - a.duration))] if T - a.duration >= 0 else 0

    def done_by(aid: str, t: int):
        return started(aid, t - by[aid].duration + 1)

    for a in acts:
        for t in range(0, T - a.duration):
            prob += z[(a.id, t)] <= z[(a.id, t + 1)]
        for b in a.after:
            for t in range(0, T - a.duration + 1):
                if b in done:
                    continue
                prob += z[(a.id, t)] <= (done_by(b, t - 1) if b in by else 0)
        for r in required_kpas(fw, a):
            for g in fw.kpa(r).goal_ids:
                if g in satisfied:
                    continue
                for t in range(0, T - a.duration + 1):
                    prob += z[(a.id, t)] <= pulp.lpSum(done_by(c.id, t - 1) for c in acts if g in c.goals)
        if scenario.limits.strict_staging:
            below = action_level(fw, a) - 1
            if below > current_level:
                for g in fw.goals_for_level(below):
                    if g in satisfied:
                        continue
                    for t in range(0, T - a.duration + 1):
                        prob += z[(a.id, t)] <= pulp.lpSum(done_by(c.id, t - 1) for c in acts if g in c.goals)
    if scenario.limits.effort_per_period is not None:
        for t in range(T):
            prob += pulp.lpSum((a.effort / a.duration) * (started(a.id, t) - started(a.id, t - a.duration))
                               for a in acts) <= scenario.limits.effort_per_period
    chosen = {a.id: started(a.id, T - 1) for a in acts}
    if scenario.limits.budget is not None:
        prob += pulp.lpSum(a.cost * chosen[a.id] for a in acts) <= scenario.limits.budget
    if phase == 1:
        n = {t: pulp.LpVariable(f"n_{t}", cat="Binary") for t in range(T)}
        for t in range(T - 1):
            prob += n[t + 1] <= n[t]
        prob += n[T - 1] == 0
        for g in target:
            for t in range(T):
                prob += pulp.lpSum(done_by(c.id, t) for c in acts if g in c.goals) >= 1 - n[t]
        prob += pulp.lpSum(n.values())
        return prob, n
    for g in target:
        prob += pulp.lpSum(chosen[c.id] for c in acts if g in c.goals) >= 1
    prob += pulp.lpSum(a.cost * chosen[a.id] for a in acts)
    return prob, {}


def solve_plain(scenario: Scenario, time_limit: float = 120.0) -> PlainResult:
    assessment = assess(scenario)
    satisfied = set(assessment.satisfied_goals())
    if assessment.current_level >= scenario.target_level:
        return PlainResult("optimal", None, 0.0, 0.0, 0.0)
    t0 = time.perf_counter()
    prob, n = _model(scenario, satisfied, scenario.horizon, 1, assessment.current_level)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    prob.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit, gapRel=0))
    solve = time.perf_counter() - t0
    if prob.status != pulp.LpStatusOptimal or prob.sol_status != pulp.LpSolutionOptimal:
        # CBC can overrun its limit and then report nonsense; only a quick verdict is trusted
        proven = prob.status == pulp.LpStatusInfeasible and solve < 0.9 * time_limit
        status = "infeasible" if proven else "time limit"
        return PlainResult(status, None, None, build, solve)
    reach = round(sum(v.varValue for v in n.values()))
    t0 = time.perf_counter()
    prob2, _ = _model(scenario, satisfied, reach + 1, 2, assessment.current_level)
    build += time.perf_counter() - t0
    t0 = time.perf_counter()
    prob2.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1.0, time_limit - solve), gapRel=0))
    solve += time.perf_counter() - t0
    optimal = prob2.status == pulp.LpStatusOptimal and prob2.sol_status == pulp.LpSolutionOptimal
    return PlainResult("optimal" if optimal else "time limit", reach, pulp.value(prob2.objective),
                       build, solve)
