"""A progress file on the plan's calendar: the status period and each recorded action's place in it.

The rules of the contract, written once for the reduction, the pipeline, the verifier and the status
report: a finished action's goals hold from the end of the period holding `finished` (plus settle);
a running action keeps its start, ends no earlier than the status period, and its remaining effort
loads the periods from the status period to its end; nothing else starts before the status period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model import Action, ActionProgress, Scenario


def period_of(scenario: Scenario, day: dt.date) -> int:
    """The index of the period holding `day` (negative before the start)."""
    start = scenario.start
    months = (day.year - start.year) * 12 + day.month - start.month - (day.day < start.day)
    return months // (3 if scenario.period == "quarter" else 1)


def settle(scenario: Scenario) -> int:
    """Periods between an action's end and its goals holding (the lead's `limits.settle`, 0 before)."""
    return int(getattr(scenario.limits, "settle", 0) or 0)


@dataclass(frozen=True, slots=True)
class Placed:
    """A recorded action on the calendar."""

    action: Action
    record: ActionProgress
    start: int
    end: int
    """The period it ended in (finished) or will end in (running)."""
    remaining_effort: float
    remaining_cost: float

    @property
    def running(self) -> bool:
        return self.record.running

    first: int = 0
    """The status period: the first period of the remaining work."""

    @property
    def remaining_periods(self) -> int:
        return self.end - self.first + 1 if self.running else 0


def status_period(scenario: Scenario) -> int:
    assert scenario.progress is not None
    return period_of(scenario, scenario.progress.status_date)


def placed(scenario: Scenario) -> dict[str, Placed]:
    """Every recorded action, placed: start and end periods, effort and cost still to come."""
    if scenario.progress is None:
        return {}
    first = status_period(scenario)
    by_id = {a.id: a for a in scenario.actions}
    out = {}
    for rec in scenario.progress.actions:
        a = by_id.get(rec.action)
        if a is None:
            continue
        s = max(0, period_of(scenario, rec.started))
        if rec.finished is not None:
            out[a.id] = Placed(a, rec, s, period_of(scenario, rec.finished), 0.0, 0.0, first)
            continue
        end = min(max(s + a.duration - 1, first), scenario.horizon - 1)
        left = (
            rec.remaining_effort
            if rec.remaining_effort is not None
            else max(0.0, a.effort - rec.spent_effort)
        )
        out[a.id] = Placed(a, rec, s, end, left, max(0.0, a.cost - rec.spent_cost), first)
    return out


def held_at_status(scenario: Scenario) -> tuple[str, ...]:
    """Finished actions whose goals hold by the start of the status period: they count as done."""
    first = status_period(scenario)
    return tuple(
        aid for aid, p in placed(scenario).items() if not p.running and p.end + settle(scenario) < first
    )


def as_of_status(scenario: Scenario) -> Scenario:
    """The scenario as it stands at the status date, for the assessment: settled work is done."""
    if scenario.progress is None:
        return scenario
    extra = [a for a in held_at_status(scenario) if a not in scenario.done]
    return scenario.replace(done=tuple(scenario.done) + tuple(extra)) if extra else scenario
