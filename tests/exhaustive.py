"""An exhaustive planner for tiny scenarios, written from the contract alone.

It shares no code with the optimiser: it tries every choice of actions and every start period,
checks each rule of the contract directly on the scenario (capacity per period, budget, `after`,
`requires`, strict and milestone staging, settling time, horizon), and keeps the plan that reaches
the target level earliest and, among those, costs least; with a deadline, the cheapest plan that
reaches the target by it and, among those, the earliest. Exponential, so only for a handful of
actions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from planner.model import Action, Framework, Scenario


@dataclass(frozen=True)
class Best:
    target_period: int | None
    cost: float


def _level(fw: Framework, closed: set[str]) -> int:
    level = 1
    for lv in range(2, fw.max_level + 1):
        needed = [g.id for k in fw.kpas if k.level <= lv for g in k.goals
                  if max(g.level, k.level) <= lv]
        if all(g in closed for g in needed):
            level = lv
        else:
            break
    return level


def solve(scenario: Scenario, satisfied: set[str]) -> Best | None:
    """Best (target period, cost), target period None when the target already holds; None if no
    plan reaches the target within the horizon and limits."""
    fw = scenario.framework

    def kpa_of(goal: str) -> str:
        return goal.split(".")[0]

    if _level(fw, satisfied) >= scenario.target_level:
        return Best(None, 0.0)
    # an action all of whose goals already hold counts as finished (never planned, `after` met)
    done = set(scenario.done) | {a.id for a in scenario.actions
                                 if a.goals and all(g in satisfied for g in a.goals)}
    actions = [a for a in scenario.actions if a.id not in done]
    horizon = scenario.horizon
    cap = scenario.limits.effort_per_period
    budget = scenario.limits.budget
    settle = scenario.limits.settle
    staging = scenario.limits.staging
    best: list[tuple[int, float]] = []
    current = _level(fw, satisfied)

    def goal_level(g: str) -> int:
        k = fw.kpa(kpa_of(g))
        return max(next(x.level for x in k.goals if x.id == g), k.level)

    # levels that need a milestone of their own: those with an own goal still open
    own_open = sorted({goal_level(g.id) for k in fw.kpas for g in k.goals
                       if g.id not in satisfied and current < goal_level(g.id) <= scenario.target_level})


    def valid(plan: dict[str, int]) -> int | None:
        by = {a.id: a for a in actions}
        # after
        for aid, s in plan.items():
            for b in by[aid].after:
                if b in done:
                    continue
                if b not in plan or plan[b] + by[b].duration - 1 >= s:
                    return None
        # capacity and budget
        if cap is not None:
            for t in range(horizon):
                load = sum(by[a].effort / by[a].duration for a, s in plan.items()
                           if s <= t <= s + by[a].duration - 1)
                if load > cap + 1e-9:
                    return None
        if budget is not None and sum(by[a].cost for a in plan) > budget + 1e-9:
            return None

        def closed_by_end_of(t: int) -> set[str]:
            closed = set(satisfied)
            for a, s in plan.items():
                if s + by[a].duration - 1 + settle <= t:
                    closed.update(by[a].goals)
            return closed

        # requires and staging: judged on goals closed before the start
        for aid, s in plan.items():
            before = closed_by_end_of(s - 1)
            kpas = {kpa_of(g) for g in by[aid].goals}
            for k in kpas:
                for pre in fw.kpa(k).requires:
                    if not all(g in before for g in fw.kpa(pre.kpa).goal_ids):
                        return None
            if staging == "strict":
                lv = max(fw.kpa(k).level for k in kpas)
                if _level(fw, before) < lv - 1:
                    return None
        if staging == "milestones":
            first: dict[int, int] = {}
            for t in range(horizon):
                for lv in range(current + 1, _level(fw, closed_by_end_of(t)) + 1):
                    first.setdefault(lv, t)
            reached = [first[lv] for lv in own_open if lv in first]
            if any(b <= a for a, b in itertools.pairwise(reached)):
                return None
        for t in range(horizon):
            if _level(fw, closed_by_end_of(t)) >= scenario.target_level:
                return t
        return None

    load = [0.0] * horizon

    def rec(i: int, plan: dict[str, int], cost: float) -> None:
        if i == len(actions):
            t = valid(plan)
            if t is not None:
                best.append((t, cost))
            return
        rec(i + 1, plan, cost)
        a: Action = actions[i]
        if budget is not None and cost + a.cost > budget + 1e-9:
            return  # pruning only: valid() checks the budget again
        per = a.effort / a.duration
        for s in range(0, horizon - a.duration + 1):
            span = range(s, s + a.duration)
            if cap is not None and any(load[t] + per > cap + 1e-9 for t in span):
                continue
            for t in span:
                load[t] += per
            plan[a.id] = s
            rec(i + 1, plan, cost + a.cost)
            del plan[a.id]
            for t in span:
                load[t] -= per

    rec(0, {}, 0.0)
    deadline = scenario.limits.deadline
    if deadline is not None:
        by_deadline = [(cost, t) for t, cost in best if t <= deadline]
        if not by_deadline:
            return None
        cost, t = min(by_deadline)
        return Best(t, cost)
    if not best:
        return None
    t, cost = min(best)
    return Best(t, cost)


@dataclass(frozen=True)
class Recorded:
    """A recorded action on the calendar, read from the contract's progress rules."""

    start: int
    end: int
    running: bool
    load: float
    """Person-days a period from the status period to its end (running actions)."""
    cost: float
    """Money still to spend (running actions)."""


def solve_from_status(scenario: Scenario, satisfied: set[str], status: int,
                      recorded: dict[str, Recorded], spent: float) -> Best | None:
    """The plan from the status period `status`: recorded actions are where they are (finished
    goals hold from their end plus settle; running ones end at their recorded end with their
    remaining load from the status period on), every other action starts at `status` or later,
    periods before it carry no load, and the budget covers the money spent. Returns the earliest
    target period and the least total cost (spent + still to spend)."""
    fw = scenario.framework
    settle = scenario.limits.settle
    # running work goes on whatever is planned: its cost and load count even when nothing is needed
    running_cost = spent + sum(r.cost for r in recorded.values() if r.running)
    running_load = [0.0] * scenario.horizon
    for r in recorded.values():
        if r.running:
            for t in range(status, r.end + 1):
                running_load[t] += r.load
    if scenario.limits.budget is not None and running_cost > scenario.limits.budget + 1e-9:
        return None
    cap = scenario.limits.effort_per_period
    if cap is not None and any(x > cap + 1e-9 for x in running_load):
        return None
    if _level(fw, satisfied) >= scenario.target_level:
        return Best(None, running_cost)
    done = set(scenario.done) | {a.id for a in scenario.actions
                                 if a.goals and all(g in satisfied for g in a.goals)}
    by = {a.id: a for a in scenario.actions}
    actions = [a for a in scenario.actions if a.id not in done and a.id not in recorded]
    horizon = scenario.horizon
    budget = scenario.limits.budget
    fixed_cost = running_cost
    best: list[tuple[int, float]] = []

    def closed_by_end_of(plan: dict[str, int], t: int) -> set[str]:
        closed = set(satisfied)
        for aid, r in recorded.items():
            if r.end + settle <= t:
                closed.update(by[aid].goals)
        for a, s in plan.items():
            if s + by[a].duration - 1 + settle <= t:
                closed.update(by[a].goals)
        return closed

    def valid(plan: dict[str, int]) -> int | None:
        for aid, s in plan.items():
            for b in by[aid].after:
                if b in done:
                    continue
                end = recorded[b].end if b in recorded else (
                    plan[b] + by[b].duration - 1 if b in plan else None)
                if end is None or end >= s:
                    return None
            before = closed_by_end_of(plan, s - 1)
            for k in {g.split(".")[0] for g in by[aid].goals}:
                for pre in fw.kpa(k).requires:
                    if not all(g in before for g in fw.kpa(pre.kpa).goal_ids):
                        return None
        for t in range(horizon):
            if _level(fw, closed_by_end_of(plan, t)) >= scenario.target_level:
                return t
        return None

    load = list(running_load)

    def rec(i: int, plan: dict[str, int], cost: float) -> None:
        if i == len(actions):
            t = valid(plan)
            if t is not None:
                best.append((t, cost))
            return
        rec(i + 1, plan, cost)
        a = actions[i]
        if budget is not None and cost + a.cost > budget + 1e-9:
            return
        per = a.effort / a.duration
        for s in range(status, horizon - a.duration + 1):
            span = range(s, s + a.duration)
            if cap is not None and any(load[t] + per > cap + 1e-9 for t in span):
                continue
            for t in span:
                load[t] += per
            plan[a.id] = s
            rec(i + 1, plan, cost + a.cost)
            del plan[a.id]
            for t in span:
                load[t] -= per

    rec(0, {}, fixed_cost)
    if not best:
        return None
    t, cost = min(best)
    return Best(t, cost)
