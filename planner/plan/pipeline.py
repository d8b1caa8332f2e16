"""From a scenario to a verified roadmap: assess, reduce, optimise, verify, explain.

This is the planner's front door for the CLI, the exports and the TUI. Nothing is shown that has not
passed the independent verifier (`planner.plan.verify`); a solver plan that fails it is a bug and is
reported as an error rather than passed on.
"""

from __future__ import annotations

import time
from dataclasses import replace

from planner.errors import SolverError
from planner.model import Assessment, Scenario
from planner.optimize.instance import reduce
from planner.optimize.replan import reduce_from_status
from planner.optimize.search import optimise
from planner.periods import period_label, period_start
from planner.plan.deadline import Deadline
from planner.plan.diagnosis import explain_infeasible
from planner.plan.quickwins import mark_quick_wins
from planner.plan.reached import kpa_milestones, level_milestones, target_period
from planner.plan.replan import assemble_from_status, verify_from_status
from planner.plan.results import (
    PeriodLoad,
    Plan,
    PlannedAction,
    PlanStatus,
    Progress,
)
from planner.plan.verify import verify
from planner.plan.why import explain
from planner.progress.timeline import as_of_status
from rules.assess import assess


def make_plan(scenario: Scenario, time_limit: float = 60.0, progress: Progress | None = None,
              assessment: Assessment | None = None, with_quick_wins: bool = True,
              diagnose: bool = True) -> Plan:
    """The verified plan. `diagnose=False` skips explaining an infeasible plan (each explanation
    re-plans with one limit lifted), for sweeps that only need the status."""

    started = time.perf_counter()
    deadline = Deadline.after(time_limit)  # the whole command's: diagnosis and checks included
    assessment = assessment or assess(as_of_status(scenario))
    # a progress file plans from its status date (planner.optimize.replan, planner.plan.replan)
    reduction = (reduce_from_status(as_of_status(scenario), assessment) if scenario.progress
                 else reduce(scenario, assessment))
    inst = reduction.instance
    outcome = None if reduction.uncovered else optimise(inst, reduction.lower_bound, time_limit, progress)
    if outcome is None or outcome.schedule is None:
        # the re-plans of the diagnosis share what the search left of the limit
        diagnosis = explain_infeasible(scenario, assessment, reduction, time_limit, progress,
                                       timed_out=bool(outcome and outcome.timed_out), full=diagnose,
                                       deadline=deadline)
        plan = Plan(
            scenario=scenario, assessment=assessment, status=PlanStatus.INFEASIBLE, target_period=None,
            total_cost=0.0, total_effort=0.0, periods=_periods(scenario, {}, assessment),
            actions=(), milestones=(), diagnosis=diagnosis,
            seconds=outcome.seconds if outcome else 0.0, solver=outcome.solver if outcome else "",
            greedy_period=None, greedy_cost=None, log=outcome.log if outcome else (),
            period_bound=outcome.period_bound if outcome else None,
        )
        if with_quick_wins:
            # the checks get what is left (they skip the solver when too little is)
            plan = mark_quick_wins(plan, min(deadline.left(), 10.0), reduction)
        return plan
    starts = {inst.jobs[j].id: s for j, s in outcome.schedule.starts.items()}
    if scenario.progress is not None:
        plan = assemble_from_status(scenario, assessment, starts, PlanStatus(outcome.status), assemble)
    else:
        plan = assemble(scenario, assessment, starts, PlanStatus(outcome.status))
    plan = replace(
        plan, cost_gap=outcome.cost_gap, period_bound=outcome.period_bound, seconds=outcome.seconds,
        solver=outcome.solver, log=outcome.log,
        greedy_period=outcome.greedy.target_period if outcome.greedy else None,
        greedy_cost=outcome.greedy.cost if outcome.greedy else None,
    )

    problems = verify_from_status(plan) if scenario.progress is not None else verify(plan)
    if problems:
        raise SolverError("the optimised plan failed verification: " + "; ".join(problems))

    plan = explain(plan, reduction)
    if with_quick_wins:

        # the checks get what is left of the time limit (at most 10 s, at least 1 s), so that a
        # plan that used its whole limit is not held up for long by them
        left = time_limit - (time.perf_counter() - started)
        plan = mark_quick_wins(plan, max(1.0, min(left, 10.0)), reduction)
    return plan


def assemble(scenario: Scenario, assessment: Assessment, starts: dict[str, int], status: PlanStatus) -> Plan:
    """A Plan from start periods: loads, spend, levels per period and milestones."""
    by_id = {a.id: a for a in scenario.actions}
    satisfied = set(assessment.satisfied_goals())
    actions = []
    for aid, s in sorted(starts.items(), key=lambda kv: (kv[1], kv[0])):
        a = by_id[aid]
        actions.append(PlannedAction(
            id=a.id, title=a.title, start=s, end=s + a.duration - 1, effort=a.effort, cost=a.cost,
            goals=a.goals, role=a.role,
            closes=tuple(g for g in a.goals if g not in satisfied and scenario.framework.has_goal(g)),
        ))
    periods = _periods(scenario, starts, assessment)
    closed_at: dict[str, int] = {}
    """Goal -> the period at whose end it holds: its first closing action's end plus settle."""
    settle = scenario.limits.settle
    for pa in actions:
        for g in pa.closes:
            closed_at[g] = min(closed_at.get(g, 10**9), pa.end + settle)
    milestones = level_milestones(periods, assessment.current_level)
    kpa_ms = kpa_milestones(scenario, assessment, actions, closed_at)
    target = target_period(scenario, assessment, closed_at)
    return Plan(
        scenario=scenario, assessment=assessment, status=status, target_period=target,
        total_cost=sum(a.cost for a in actions), total_effort=sum(a.effort for a in actions),
        periods=periods, actions=tuple(actions), milestones=milestones, kpa_milestones=kpa_ms,
    )


def _periods(scenario: Scenario, starts: dict[str, int], assessment: Assessment) -> tuple[PeriodLoad, ...]:
    by_id = {a.id: a for a in scenario.actions}
    effort = [0.0] * scenario.horizon
    cost = [0.0] * scenario.horizon
    ends: dict[int, list[str]] = {}
    for aid, s in starts.items():
        a = by_id[aid]
        for t in range(s, min(s + a.duration, scenario.horizon)):
            effort[t] += a.effort / a.duration
            cost[t] += a.cost / a.duration
        ends.setdefault(s + a.duration - 1 + scenario.limits.settle, []).append(aid)
    satisfied = set(assessment.satisfied_goals())
    out = []
    for t in range(scenario.horizon):
        for aid in ends.get(t, []):
            satisfied.update(g for g in by_id[aid].goals)
        out.append(PeriodLoad(
            index=t, label=period_label(scenario.start, scenario.period, t),
            start=period_start(scenario.start, scenario.period, t),
            effort=effort[t], cost=cost[t], level=scenario.framework.level_held(satisfied),
        ))
    return tuple(out)
