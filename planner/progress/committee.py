"""What a steering committee reads in a status report, derived from the plan against actual: what
was done, what slipped and why, what comes next, and the decisions only the committee can take.

The decisions are the points where the record and the plan disagree with a limit someone set: the
money still to spend against the budget left, actions that cost more than planned, levels forecast
later than the baseline or past the deadline, and a target no plan reaches any more. Each item is a
plain sentence; the exports format them (planner.export.status_md, the xlsx Status sheet).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.numbers import money
from planner.plan.results import Plan
from planner.progress.status import ActionStatus, StatusReport


@dataclass(frozen=True)
class Slip:
    id: str
    periods: int
    why: str


def done_lines(rep: StatusReport) -> list[str]:
    """One line per finished action, in the order they finished."""
    cur = rep.scenario.currency
    rows = sorted((a for a in rep.actions if a.state == "finished"), key=lambda a: (a.actual_end or 0, a.id))
    return [f"{a.id}: finished in {rep.label(a.actual_end)}, spent {money(a.spent_cost, cur)}" for a in rows]


def running_lines(rep: StatusReport) -> list[str]:
    cur = rep.scenario.currency
    return [
        f"{a.id}: running since {rep.label(a.actual_start)}, spent {money(a.spent_cost, cur)} of "
        f"{money(a.planned_cost or 0, cur)}, forecast to end in {rep.label(a.forecast_end)}"
        for a in rep.actions
        if a.state == "in_progress"
    ]


def _why(rep: StatusReport, a: ActionStatus) -> str:
    if a.state == "planned":
        if a.planned_start is not None and a.planned_start < rep.status_period:
            return f"not started; the baseline started it in {rep.label(a.planned_start)}"
        return "re-planned later to make room for the work that is late"
    late_start = (a.actual_start or 0) - (a.planned_start or 0)
    if late_start > 0:
        return f"started {late_start} period(s) late ({rep.label(a.actual_start)})"
    return "took longer than planned"


def slips(rep: StatusReport) -> list[Slip]:
    """Actions ending (or forecast to end) later than the baseline, the longest slip first."""
    out = [Slip(a.id, a.slip, _why(rep, a)) for a in rep.actions if a.slip is not None and a.slip > 0]
    return sorted(out, key=lambda s: (-s.periods, s.id))


def over_budget(rep: StatusReport) -> list[ActionStatus]:
    return [a for a in rep.actions if a.planned_cost is not None and a.spent_cost > a.planned_cost + 0.5]


def next_lines(rep: StatusReport, plan: Plan) -> list[str]:
    """The actions the re-made plan starts in the status period, then the next milestones."""
    cur = rep.scenario.currency
    out = [
        f"start {pa.id} ({pa.title}) in {rep.label(pa.start)}, {money(pa.cost, cur)}"
        for pa in plan.actions
        if pa.state == "planned" and pa.start == rep.status_period
    ]
    out += [f"level {lf.level} forecast at the end of {rep.label(lf.forecast)}" for lf in rep.levels
            if lf.forecast is not None and lf.forecast >= rep.status_period]
    return out


def budget_position(rep: StatusReport, plan: Plan) -> tuple[float | None, float, float]:
    """(budget left or None when unlimited, money still to spend by the re-made plan, spent)."""
    spent = rep.earned_value.ac
    to_spend = max(0.0, plan.total_cost - spent)
    budget = rep.scenario.limits.budget
    return (None if budget is None else budget - spent), to_spend, spent


def decisions(rep: StatusReport, plan: Plan) -> list[str]:
    """The decisions the record asks of the committee; empty when all runs within its limits."""
    sc = rep.scenario
    cur = sc.currency
    out: list[str] = []
    if plan.status == "infeasible":
        out.append("No plan reaches the target from the status date within the limits: raise the budget "
                   "or the capacity, move the deadline, or lower the target.")
    left, to_spend, _ = budget_position(rep, plan)
    if left is not None and to_spend > left + 0.5:
        out.append(f"The plan still needs {money(to_spend, cur)} but only {money(left, cur)} of the budget "
                   f"is left: add {money(to_spend - left, cur)} or drop work.")
    elif left is not None and left > 0 and to_spend > 0.9 * left:
        out.append(f"The plan still needs {money(to_spend, cur)} of the {money(left, cur)} left: under "
                   "10 % to spare for further overruns; agree a reserve.")
    over = sorted(over_budget(rep), key=lambda a: (-(a.spent_cost - (a.planned_cost or 0)), a.id))
    small = [a for a in over if a.spent_cost <= 1.1 * (a.planned_cost or 0)]
    for a in over:
        if a in small:
            continue
        extra = a.spent_cost - (a.planned_cost or 0)
        what = "has spent" if a.state == "in_progress" else "cost"
        out.append(f"{a.id} {what} {money(a.spent_cost, cur)}, {money(extra, cur)} over its "
                   f"{money(a.planned_cost or 0, cur)}: accept the overrun or ask why.")
    if small:
        extra = sum(a.spent_cost - (a.planned_cost or 0) for a in small)
        out.append(f"{len(small)} action(s) ran up to 10 % over their cost, {money(extra, cur)} in all ("
                   + ", ".join(a.id for a in small) + "): note the overrun.")
    deadline = sc.limits.deadline
    for lf in rep.levels:
        if lf.planned is not None and lf.forecast is not None and lf.forecast > lf.planned:
            out.append(f"Level {lf.level} is now forecast {rep.label(lf.forecast)}, "
                       f"{lf.forecast - lf.planned} period(s) after the baseline's {rep.label(lf.planned)}: "
                       "accept the new date or add money or people.")
    target = rep.target_period
    if deadline is not None and target is not None and target > deadline:
        out.append(f"The target is forecast {rep.label(target)}, after the deadline "
                   f"{rep.label(deadline)}: move the deadline or add money or people.")
    ev = rep.earned_value
    if ev.cpi is not None and ev.cpi < 0.9:
        out.append(f"Cost performance is {ev.cpi:.2f}: each unit of planned work costs "
                   f"{1 / ev.cpi:.2f}; review the estimates of the work still to come.")
    return out
