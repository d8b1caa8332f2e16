"""Why no plan reaches the target, and what would.

An infeasible plan is a finding in itself: the manager needs to hear which goals nothing in the
catalog closes, which actions can never start, how much money would reach the target within the
horizon, how many periods would do within the budget and capacity, and which limit binds. Each of
those is answered by re-planning with one limit lifted.
"""

from __future__ import annotations

from dataclasses import replace

from planner.assess.targets import target_goals, target_text
from planner.model import Assessment, Scenario
from planner.numbers import money
from planner.optimize.instance import Instance, Reduction, reduce
from planner.optimize.milp import build, least_cost_cover
from planner.optimize.replan import reduce_from_status
from planner.optimize.search import optimise
from planner.optimize.solver import SolveStatus, solve
from planner.periods import period_label
from planner.plan.deadline import Deadline
from planner.plan.results import Diagnosis, Progress, Reachable
from planner.progress.timeline import as_of_status, status_period


def explain_infeasible(scenario: Scenario, assessment: Assessment, reduction: Reduction,
                       time_limit: float = 60.0, progress: Progress | None = None,
                       timed_out: bool = False, full: bool = True,
                       deadline: Deadline | None = None) -> Diagnosis:
    """`time_limit` sizes each question's share; `deadline` (default: `time_limit` from now) bounds
    them all together, so the caller passes what is left of the command's limit."""
    deadline = deadline or Deadline.after(time_limit)
    diagnosis = _explain(scenario, assessment, reduction, time_limit, progress, timed_out, full, deadline)
    if not full:
        return diagnosis
    share = max(1.0, min(time_limit, 30.0) / 5)
    reachable = reachable_level(scenario, assessment, share, _tagged(progress, "what is reachable"),
                                deadline)
    if reachable is None and scenario.progress is not None:
        label = period_label(scenario.start, scenario.period, status_period(scenario))
        sentence = (f"level {assessment.current_level} holds at the status date ({label}); no level "
                    "above it can be reached within these limits")
    elif reachable is None:
        sentence = f"no level above the current {assessment.current_level} can be reached within these limits"
    else:
        label = period_label(scenario.start, scenario.period, reachable.period)
        sentence = (f"what these limits do allow: level {reachable.level} at the end of {label} for "
                    f"{money(reachable.cost, scenario.currency)}"
                    + ("" if reachable.proven else " (the best found; not proven in the time given)"))
    return replace(diagnosis, reachable=reachable, messages=(*diagnosis.messages, sentence))


def reachable_level(scenario: Scenario, assessment: Assessment, time_limit: float,
                    progress: Progress | None = None, deadline: Deadline | None = None) -> Reachable | None:
    """The highest level between the current and the target that the same limits (a deadline
    included) allow: the earliest period it can hold and the least cost at that period. Each level
    gets `time_limit`, cut to what is left before `deadline`. A progress file's levels are planned
    from its status date, as its plan is, and their cost counts the money already spent."""
    deadline = deadline or Deadline.after(float("inf"))
    if scenario.target_profile is not None:
        return None  # a capability profile has no level below it to fall back on
    for level in range(scenario.target_level - 1, assessment.current_level, -1):
        lower = scenario.replace(target_level=level)
        red = _reduction(lower, assessment)
        if red.uncovered:
            continue
        inst = _within_deadline(red.instance)
        seconds = deadline.share(time_limit)
        if seconds is None:
            return None
        out = optimise(inst, red.lower_bound, seconds, progress)
        if out.schedule is not None:
            return Reachable(level, out.schedule.target_period, out.schedule.cost + _spent(scenario),
                             out.status == "optimal")
    return None


def _reduction(scenario: Scenario, assessment: Assessment) -> Reduction:
    """The reduction the plan itself uses: a progress file's from its status date."""
    if scenario.progress is not None:
        return reduce_from_status(as_of_status(scenario), assessment)
    return reduce(scenario, assessment)


def _spent(scenario: Scenario) -> float:
    """Money a progress file has already spent: the re-plan's costs are what is still to spend, its
    budget what is left, while `total_cost` and the scenario's budget count both."""
    return scenario.progress.spent_cost if scenario.progress is not None else 0.0


def _within_deadline(inst: Instance) -> Instance:
    """A deadline is a shorter horizon for the target: the earliest-then-cheapest questions of
    the diagnosis are asked within it."""
    if inst.deadline is None:
        return inst
    return replace(inst, horizon=inst.deadline + 1, deadline=None)


def _explain(scenario: Scenario, assessment: Assessment, reduction: Reduction, time_limit: float,
             progress: Progress | None, timed_out: bool, full: bool, deadline: Deadline) -> Diagnosis:
    inst = _within_deadline(reduction.instance)
    target = target_goals(scenario, assessment)
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
            reason=f"{_the_target(scenario)} cannot be reached: some goals it needs can never be closed",
            uncovered_goals=reduction.uncovered, never_start=stuck_relevant,
            binding=("catalog",), messages=tuple(messages),
        )

    if not full:
        reason = ("no plan was found within the time limit (infeasibility is not proven)" if timed_out
                  else f"{target_text(scenario)} cannot be reached within the limits")
        return Diagnosis(reason=reason, never_start=stuck_relevant, messages=tuple(messages))
    share = max(1.0, min(time_limit, 30.0) / 5)
    spent = _spent(scenario)
    binding: list[str] = []
    least_budget = None
    budget_proven = horizon_proven = True
    if scenario.limits.budget is not None and (seconds := deadline.share(share)) is not None:
        # does money alone help? only then: the least that reaches the target within the horizon
        unlimited = replace(inst, budget=None)
        rich = optimise(unlimited, reduction.lower_bound, seconds, _tagged(progress, "without the budget"),
                        least_cost=False)
        exact_seconds = deadline.share(share)
        if rich.schedule is not None:
            exact = _least_cost_within(unlimited, exact_seconds) if exact_seconds is not None else None
            # the re-plan of a progress file costs what is still to spend; a budget also covers
            # the money already spent (as `total_cost` does)
            least_budget = (exact if exact is not None else rich.schedule.cost) + spent
            budget_proven = exact is not None
            if least_budget > scenario.limits.budget + 1e-6:
                binding.append("budget")
                amount = f"{least_budget:,.0f}" if exact is not None else f"at most {least_budget:,.0f}"
                messages.append(f"a budget of {amount} would reach {target_text(scenario)} "
                                f"within the {scenario.horizon} periods (the budget is "
                                f"{scenario.limits.budget:,.0f})")
    least_horizon = None

    cover_seconds = deadline.share(10.0)
    cover = (least_cost_cover(inst, cover_seconds) if cover_seconds is not None else None) \
        if scenario.limits.budget is not None else 0.0
    floor = None if cover is None else cover + spent
    if floor is not None and scenario.limits.budget is not None and floor > scenario.limits.budget + 1e-6:
        messages.append(f"no horizon helps: every set of actions that reaches "
                        f"{target_text(scenario)} costs at least {floor:,.0f}"
                        + (f" (with the {spent:,.0f} already spent)" if spent else ""))
        if "budget" not in binding:
            binding.append("budget")
        return _finish(scenario, stuck_relevant, least_budget, None, binding, messages, timed_out,
                       budget_proven, horizon_proven)
    longer = replace(inst, horizon=max(inst.horizon * 4, inst.horizon + sum(j.duration for j in inst.jobs)))
    seconds = deadline.share(share)
    out = None if seconds is None else optimise(
        longer, reduction.lower_bound, seconds, _tagged(progress, "with a longer horizon"), least_cost=False)
    if out is not None and out.schedule is not None:
        least_horizon = out.schedule.target_period + 1
        if least_horizon > scenario.horizon:
            binding.append("horizon")
            horizon_proven = out.status == "optimal"
            amount = str(least_horizon) if horizon_proven else \
                f"at most {least_horizon} (at least {out.period_bound + 1})"
            messages.append(f"{amount} periods would reach {target_text(scenario)} within the "
                            f"budget and effort limits (the horizon is {scenario.horizon})")
    if scenario.limits.effort_per_period is not None and (seconds := deadline.share(share)) is not None:
        roomy = _feasible_within(replace(inst, capacity=None), seconds)
        cover_seconds = deadline.share(10.0)
        if roomy is not None:
            binding.append("effort_per_period")
            least_effort = (least_cost_cover(inst, cover_seconds, weight="effort")
                            if cover_seconds is not None else None) or 0.0
            # a progress file's remaining effort falls in the periods from the status period on
            periods = scenario.horizon - (status_period(scenario) if scenario.progress is not None else 0)
            messages.append(f"the effort per period binds: the target needs at least "
                            f"{least_effort:,.0f} person-days, {least_effort / max(1, periods):,.0f} a "
                            f"period on average over the {periods} periods (the limit is "
                            f"{scenario.limits.effort_per_period:g}); without the limit it is "
                            "reachable in time")
    return _finish(scenario, stuck_relevant, least_budget, least_horizon, binding, messages, timed_out,
                   budget_proven, horizon_proven)


def _the_target(scenario: Scenario) -> str:
    return "the target level" if scenario.target_profile is None else target_text(scenario)


def _finish(scenario: Scenario, stuck_relevant: tuple[tuple[str, str], ...], least_budget: float | None,
            least_horizon: int | None, binding: list[str], messages: list[str],
            timed_out: bool, budget_proven: bool, horizon_proven: bool) -> Diagnosis:
    if not binding:
        messages.append("no single limit explains it: budget, effort and horizon bind together")
    for aid, why in stuck_relevant:
        messages.append(f"{aid} can never start: {why}")
    if timed_out:
        reason = "no plan was found within the time limit (infeasibility is not proven)"
    else:
        names = {"budget": "the budget", "horizon": "the horizon",
                 "effort_per_period": "the effort per period", "catalog": "the catalog"}
        words = [names.get(b, b) for b in binding]
        if not words:
            limit = "the limits bind together"
        elif len(words) == 1:
            limit = f"{words[0]} binds"
        else:
            limit = ", ".join(words[:-1]) + f" and {words[-1]} bind"
        reason = f"{target_text(scenario)} cannot be reached within the limits: {limit}"
    return Diagnosis(
        reason=reason, never_start=stuck_relevant, least_budget=least_budget,
        least_horizon=least_horizon, binding=tuple(binding), messages=tuple(messages),
        least_budget_proven=budget_proven, least_horizon_proven=horizon_proven,
    )


def _least_cost_within(inst: Instance, time_limit: float) -> float | None:
    model = build(inst, inst.horizon - 1)
    if model is None:
        return None
    res = solve(model.problem, time_limit)
    return res.objective if res.status is SolveStatus.OPTIMAL else None


def _feasible_within(inst: Instance, time_limit: float) -> dict[int, int] | None:
    """Any plan reaching the target within the horizon (least effort), or None."""

    model = build(inst, inst.horizon - 1)
    if model is None:
        return None
    model.use_objective("effort")
    res = solve(model.problem, time_limit)
    if res.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        return None
    return model.schedule_from_values()


def _tagged(progress: Progress | None, what: str) -> Progress | None:
    """Progress of a diagnosis re-plan, said as such (a caller may also stop it from here)."""
    if progress is None:
        return None
    return lambda msg: progress(f"diagnosis, {what}: {msg}")
