"""Plans of a progress file: assembled and verified from the status date (the contract's
"Progress" rules; the reduction side is `planner.optimize.replan`).

The recorded actions join the plan with their real places: finished ones where they ran, running
ones from their start to their end, their remaining effort and cost spread over the periods from
the status period on. Periods before the status period carry no load; `total_cost` is the money
spent plus the money still to spend.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from planner.model import Assessment, Scenario
from planner.plan.reached import kpa_milestones, level_milestones, target_period
from planner.plan.results import Plan, PlannedAction, PlanStatus
from planner.progress.at_start import finished_only_through_progress
from planner.progress.timeline import as_of_status, placed, settle, status_period
from rules.assess import assess

TOL = 1e-6


def assemble_from_status(
    scenario: Scenario,
    assessment: Assessment,
    starts: dict[str, int],
    status: PlanStatus,
    assemble: Callable[..., Plan],
) -> Plan:
    """`assemble` is the pipeline's own, for the actions planned from the status period on."""
    pl = placed(scenario)
    first = status_period(scenario)
    plan = assemble(scenario, assessment, {a: s for a, s in starts.items() if a not in pl}, status)
    satisfied = set(assessment.satisfied_goals())
    fw = scenario.framework
    recorded = [
        PlannedAction(
            id=p.action.id,
            title=p.action.title,
            start=p.start,
            end=p.end,
            effort=p.record.spent_effort + p.remaining_effort,
            cost=p.record.spent_cost + p.remaining_cost,
            goals=p.action.goals,
            role=p.action.role,
            closes=tuple(g for g in p.action.goals if g not in satisfied and fw.has_goal(g)),
            state="in_progress" if p.running else "finished",
        )
        for p in pl.values()
    ]
    actions = sorted([*recorded, *plan.actions], key=lambda a: (a.start, a.id))
    effort = [p.effort if p.index >= first else 0.0 for p in plan.periods]
    cost = [p.cost if p.index >= first else 0.0 for p in plan.periods]
    for p in pl.values():
        for t in range(first, p.end + 1):
            if p.running and t < len(effort):
                effort[t] += p.remaining_effort / p.remaining_periods
                cost[t] += p.remaining_cost / p.remaining_periods
    closed_at: dict[str, int] = {}
    for pa in actions:
        if pa.state == "finished" and pa.end < first and all(g in satisfied for g in pa.closes):
            continue
        for g in pa.closes:  # a goal holds `settle` periods after the end of its first closer
            closed_at[g] = min(closed_at.get(g, 10**9), pa.end + settle(scenario))
    periods = []
    held = set(satisfied)
    for p in plan.periods:
        held.update(g for g, t in closed_at.items() if t <= p.index)
        periods.append(replace(p, effort=effort[p.index], cost=cost[p.index], level=fw.level_held(held)))
    milestones = level_milestones(periods, assessment.current_level)
    kpa_ms = kpa_milestones(scenario, assessment, actions, closed_at)
    return replace(
        plan,
        actions=tuple(actions),
        periods=tuple(periods),
        milestones=tuple(milestones),
        kpa_milestones=tuple(kpa_ms),
        target_period=target_period(scenario, assessment, closed_at),
        total_cost=sum(a.cost for a in actions),
        total_effort=sum(a.effort for a in actions),
    )


def verify_from_status(plan: Plan) -> list[str]:
    """The contract's progress rules, checked on the plan and the scenario alone."""
    sc = plan.scenario
    first = status_period(sc)
    pl = placed(sc)
    by_id = {a.id: a for a in sc.actions}
    problems: list[str] = []
    planned = {pa.id: pa for pa in plan.actions}
    held = plan.assessment.satisfied_goals()
    # as in verify: an action all of whose goals hold counts as finished, but not one whose goals
    # hold only through recorded work (planner.progress.at_start)
    done = (set(sc.done) | {a.id for a in sc.actions if a.goals and all(g in held for g in a.goals)}) - set(
        finished_only_through_progress(as_of_status(sc), held))
    for aid, p in pl.items():
        pa = planned.get(aid)
        if pa is None:
            problems.append(f"{aid} has progress but is missing from the plan")
        elif pa.start != p.start or (p.running and pa.end < first):
            problems.append(f"{aid} moved from where it really started ({p.start})")
    for pa in plan.actions:
        if pa.id in pl:
            continue
        a = by_id[pa.id]
        if pa.start < first:
            problems.append(f"{pa.id} starts in period {pa.start}, before the status period {first}")
        if pa.end - pa.start + 1 != a.duration or pa.end > sc.horizon - 1:
            problems.append(f"{pa.id} runs periods {pa.start}..{pa.end}, not {a.duration} within the horizon")
        for b in a.after:
            if b in done or (b in pl and not pl[b].running):
                continue
            if b not in planned or planned[b].end >= pa.start:
                problems.append(f"{pa.id} starts in period {pa.start} before {b} ends")
    for p in plan.periods:
        if p.index < first and p.effort > TOL:
            problems.append(f"period {p.index} lies before the status date but carries load")
        cap = sc.limits.effort_per_period
        if cap is not None and p.effort > cap + TOL:
            problems.append(f"period {p.index} needs {p.effort:g} person-days, more than {cap:g}")
    if sc.limits.budget is not None and plan.total_cost > sc.limits.budget + TOL:
        problems.append(f"the plan costs {plan.total_cost:g} with what was spent, over the budget")
    if plan.target_period is not None:
        done = [pa.id for pa in plan.actions if pa.end + settle(sc) <= plan.target_period]
        level = assess(as_of_status(sc), done).current_level
        if level < sc.target_level:
            problems.append(f"at the end of period {plan.target_period} the rules give level {level}")
    return problems
