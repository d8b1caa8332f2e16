"""Why no plan reaches the target, and what would.

An infeasible plan is a finding in itself: the manager needs to hear which goals nothing in the
catalog closes, which actions can never start, how much money would reach the target within the
horizon, how many periods would do within the budget and capacity, and which limit binds. Each of
those is answered by re-planning with one limit lifted.
"""

from __future__ import annotations

from dataclasses import replace

from planner.model import Assessment, Scenario
from planner.optimize.instance import Instance, Reduction
from planner.optimize.search import optimise
from planner.plan import Diagnosis, Progress


def diagnose(scenario: Scenario, assessment: Assessment, reduction: Reduction,
             time_limit: float = 60.0, progress: Progress | None = None,
             timed_out: bool = False) -> Diagnosis:
    inst = reduction.instance
    target = assessment.open_goals_up_to(scenario.target_level)
    stuck_relevant = tuple(
        (aid, why) for aid, why in reduction.stuck.items()
        if any(g in target for g in scenario.action(aid).goals)
    )
    messages: list[str] = []
    if reduction.uncovered:
        blocked = [g for g in reduction.uncovered
                   if any(g in scenario.action(a).goals for a in reduction.stuck)]
        nothing = [g for g in reduction.uncovered if g not in blocked]
        if nothing:
            messages.append(f"no action in the catalog closes {', '.join(nothing)}: add an action "
                            "for each (a [[actions]] table in the scenario) or rate the goal")
        if blocked:
            messages.append(f"{', '.join(blocked)} can only be closed by actions that can never start")
        for aid, why in stuck_relevant:
            messages.append(f"{aid} can never start: {why}")
        return Diagnosis(
            reason="the target level cannot be reached: some goals it needs can never be closed",
            uncovered_goals=reduction.uncovered, never_start=stuck_relevant,
            binding=("catalog",), messages=tuple(messages),
        )

    share = max(time_limit / 3, 1.0)
    binding: list[str] = []
    least_budget = None
    if scenario.limits.budget is not None:
        free = optimise(replace(inst, budget=None), reduction.lower_bound, share)
        if free.schedule is not None:
            least_budget = free.schedule.cost if free.status == "optimal" else None
            # the least cost within the horizon is at the last period, not the earliest one
            least_budget = _least_cost_within(replace(inst, budget=None), share) or least_budget
            if least_budget is not None and least_budget > scenario.limits.budget:
                binding.append("budget")
                messages.append(f"a budget of {least_budget:,.0f} would reach level "
                                f"{scenario.target_level} within the {scenario.horizon} periods "
                                f"(the budget is {scenario.limits.budget:,.0f})")
    least_horizon = None
    longer = replace(inst, horizon=max(inst.horizon * 4, inst.horizon + sum(j.duration for j in inst.jobs)))
    out = optimise(longer, reduction.lower_bound, share)
    if out.schedule is not None:
        least_horizon = out.schedule.target_period + 1
        if least_horizon > scenario.horizon:
            binding.append("horizon")
            messages.append(f"{least_horizon} periods would reach level {scenario.target_level} "
                            f"within the budget and effort limits (the horizon is {scenario.horizon})")
    if scenario.limits.effort_per_period is not None:
        roomy = optimise(replace(inst, capacity=None), reduction.lower_bound, share)
        if roomy.schedule is not None:
            peak = max(_loads(inst, roomy.schedule.starts), default=0.0)
            binding.append("effort_per_period")
            messages.append(f"with about {peak:,.0f} person-days a period (now "
                            f"{scenario.limits.effort_per_period:g}) the target is reachable in time")
    if not binding:
        messages.append("no single limit explains it: budget, effort and horizon bind together")
    for aid, why in stuck_relevant:
        messages.append(f"{aid} can never start: {why}")
    if timed_out:
        reason = "no plan was found within the time limit (infeasibility is not proven)"
    else:
        reason = (f"level {scenario.target_level} cannot be reached within the limits: "
                  + (", ".join(binding) + " bind" if binding else "the limits bind together"))
    return Diagnosis(
        reason=reason, never_start=stuck_relevant, least_budget=least_budget,
        least_horizon=least_horizon, binding=tuple(binding), messages=tuple(messages),
    )


def _least_cost_within(inst: Instance, time_limit: float) -> float | None:
    from planner.optimize.milp import build
    from planner.optimize.solver import SolveStatus, solve

    model = build(inst, inst.horizon - 1)
    if model is None:
        return None
    res = solve(model.problem, time_limit)
    return res.objective if res.status is SolveStatus.OPTIMAL else None


def _loads(inst: Instance, starts: dict[int, int]) -> list[float]:
    horizon = max((s + inst.jobs[j].duration for j, s in starts.items()), default=0)
    load = [0.0] * horizon
    for j, s in starts.items():
        for t in range(s, s + inst.jobs[j].duration):
            load[t] += inst.jobs[j].load
    return load
