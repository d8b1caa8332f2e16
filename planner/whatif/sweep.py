"""Sensitivity sweeps: how the earliest target period moves with the budget or the capacity.

The manager's question is where more money or people stop buying time. Each point of the range is
an independent re-plan, so the points run in parallel processes (see `planner.whatif.compare`). The
answer is the first value at which the target period reaches its best: beyond it, more only costs.

More budget (or capacity) can never make the optimal target period later: every plan within the
smaller limit is also within the larger one. A sweep that shows otherwise has met a solver time
limit, and says so instead of smoothing the curve.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.errors import InputError, PlannerError, Problem
from planner.model import Scenario
from planner.numbers import days, money, read_number
from planner.whatif.compare import run_parallel

MAX_VALUES = 100
"""Per option; a sweep is a few dozen solves of a second or more each."""

AXES = {"budget": "--budget", "effort_per_period": "--capacity"}


@dataclass(frozen=True, slots=True)
class Range:
    lo: float
    hi: float
    n: int

    def values(self) -> list[float]:
        """N evenly spaced values, both ends included; N = 1 is LO alone."""
        if self.n == 1:
            return [self.lo]
        step = (self.hi - self.lo) / (self.n - 1)
        return [self.hi if i == self.n - 1 else self.lo + i * step for i in range(self.n)]


def parse_range(option: str, spec: str) -> Range:
    """`LO:HI:N` from the command line; every mistake is an input error naming the option."""
    hint = f"expected LO:HI:N, e.g. {option} " + ("200000:400000:5" if option == "--budget" else "60:120:4")
    parts = spec.split(":")
    if len(parts) != 3:
        raise InputError([Problem(option, "", f'"{spec}" is not a range', hint=hint)])
    lo_s, hi_s, n_s = (p.strip() for p in parts)
    problems = []
    bounds: list[float] = []
    for what, s in (("LO", lo_s), ("HI", hi_s)):
        try:
            v = read_number(s)  # 300k and 1.2m too, as the TUI's fields take them
        except ValueError:
            problems.append(Problem(option, "", f'{what} "{s}" is not a number', hint=hint))
            continue
        if not math.isfinite(v):
            problems.append(Problem(option, "", f'{what} "{s}" is not a finite number', hint=hint))
        elif v < 0:
            problems.append(Problem(option, "", f"{what} {s} is negative", hint=hint))
        else:
            bounds.append(v)
    try:
        n = int(n_s)
    except ValueError:
        n = 0
        problems.append(Problem(option, "", f'N "{n_s}" is not a whole number', hint=hint))
    else:
        if n < 1:
            problems.append(Problem(option, "", f"N is {n}; a range needs at least one value", hint=hint))
        elif n > MAX_VALUES:
            problems.append(Problem(option, "", f"N is {n}; at most {MAX_VALUES} values per option",
                                    hint="each value is a full re-plan"))
    if len(bounds) == 2 and bounds[0] > bounds[1]:
        problems.append(Problem(option, "", f"LO {lo_s} is larger than HI {hi_s}",
                                hint=f"did you mean {option} {hi_s}:{lo_s}:{n_s}?"))
    if problems:
        raise InputError(problems)
    return Range(bounds[0], bounds[1], n)


@dataclass(frozen=True, slots=True)
class SweepPoint:
    budget: float | None
    effort_per_period: float | None
    status: str
    target_period: int | None
    target_label: str
    total_cost: float
    least_budget: float | None = None
    """For an infeasible point: the diagnosis's least budget, where it found one."""

    @property
    def feasible(self) -> bool:
        return self.status != "infeasible"

    @property
    def rank(self) -> float:
        """Earlier is smaller; a target that already holds is earliest, no plan is last."""
        if not self.feasible:
            return math.inf
        return -1 if self.target_period is None else self.target_period

    def value(self, axis: str) -> float | None:
        return self.budget if axis == "budget" else self.effort_per_period


@dataclass(frozen=True, slots=True)
class Knee:
    """Along one line of the sweep: the point from which more stops buying time."""

    axis: str
    point: SweepPoint
    still_improving: bool
    """The best period is reached only at the top of the range: a wider range may do better."""
    at_bottom: bool
    """Already at the lowest value: the whole range buys no time."""


@dataclass(frozen=True, slots=True)
class Regression:
    """A larger value that planned a later target than a smaller one (a time-limited solve)."""

    axis: str
    smaller: SweepPoint
    larger: SweepPoint
    kind: str = "period"
    """"period": the larger value plans a later target; "cost": the same period for more money."""

    def message(self, currency: str = "") -> str:

        what = "budget" if self.axis == "budget" else "capacity"
        a, b = self.smaller, self.larger
        big = axis_value(self.axis, b.value(self.axis), currency)
        small = axis_value(self.axis, a.value(self.axis), currency)
        if self.kind == "cost":
            found = (f"the larger {what} {big} plans the same period for {money(b.total_cost, currency)}, "
                     f"more than the {money(a.total_cost, currency)} found with {small}")
        else:
            later = ("finds no plan" if not b.feasible
                     else f"reaches the target only in period {b.target_period}")
            when = "already holds" if a.target_period is None else f"period {a.target_period}"
            found = f"the larger {what} {big} {later}, while {small} reaches it in {when}"
        if b.status == "optimal" and a.status == "optimal":
            return found + ": both were proven optimal, so this is a planner fault; please report it"
        return (found + f": a solve stopped at its time limit (statuses {a.status}, {b.status}); "
                "raise --time-limit")


@dataclass(frozen=True)
class Sweep:
    scenario: str
    currency: str
    swept: tuple[str, ...]
    """"budget", "effort_per_period" or both, in that order."""
    budgets: tuple[float | None, ...]
    capacities: tuple[float | None, ...]
    points: tuple[SweepPoint, ...]
    """Capacity-major: for each capacity, every budget."""
    knees: tuple[Knee, ...]
    regressions: tuple[Regression, ...]

    def point(self, budget_index: int, capacity_index: int) -> SweepPoint:
        return self.points[capacity_index * len(self.budgets) + budget_index]

    def lines(self, axis: str) -> list[list[SweepPoint]]:
        """The one-dimensional cuts along `axis`, each in increasing order of the value."""
        nb, nc = len(self.budgets), len(self.capacities)
        if axis == "budget":
            return [[self.point(b, c) for b in range(nb)] for c in range(nc)]
        return [[self.point(b, c) for c in range(nc)] for b in range(nb)]

    @property
    def all_infeasible(self) -> bool:
        return not any(p.feasible for p in self.points)


def run_sweep(path: str | Path, scenario: Scenario, budget: Range | None, capacity: Range | None,
              time_limit: float = 30.0, on_done: Callable[[int], None] | None = None) -> Sweep:
    if budget is None and capacity is None:
        raise InputError([Problem("sweep", "", "nothing to sweep",
                                  hint="give --budget LO:HI:N, --capacity LO:HI:N or both")])
    budgets = tuple(budget.values()) if budget else (scenario.limits.budget,)
    capacities = tuple(capacity.values()) if capacity else (scenario.limits.effort_per_period,)
    swept = tuple(a for a, r in (("budget", budget), ("effort_per_period", capacity)) if r)
    jobs = []
    for c in capacities:
        for b in budgets:
            changes: dict[str, Any] = {}
            if budget:
                changes["budget"] = b
            if capacity:
                changes["effort_per_period"] = c
            jobs.append((str(path), time_limit, changes))
    raw = run_parallel(jobs, on_done=on_done)
    errors = [r for r in raw if "error" in r]
    if errors:
        raise PlannerError(errors[0]["error"])
    points = []
    for job, r in zip(jobs, raw, strict=True):
        p = r["plan"]
        tp = p["target_period"]
        points.append(SweepPoint(
            budget=job[2].get("budget", scenario.limits.budget),
            effort_per_period=job[2].get("effort_per_period", scenario.limits.effort_per_period),
            status=p["status"], target_period=tp,
            target_label=p["periods"][tp]["label"] if tp is not None else "",
            total_cost=p["total_cost"],
            least_budget=(p.get("diagnosis") or {}).get("least_budget"),
        ))
    sweep = Sweep(scenario.name, scenario.currency, swept, budgets, capacities, tuple(points), (), ())
    knees, regressions = [], []
    for axis in swept:
        for line in sweep.lines(axis):
            k = knee(line, axis)
            if k:
                knees.append(k)
            regressions.extend(find_regressions(line, axis))
    return Sweep(sweep.scenario, sweep.currency, swept, budgets, capacities, tuple(points),
                 tuple(knees), tuple(regressions))


def knee(line: Sequence[SweepPoint], axis: str) -> Knee | None:
    """The first point that reaches the line's earliest target period."""
    feasible = [p for p in line if p.feasible]
    if not feasible or len(line) < 2:
        return None
    best = min(p.rank for p in feasible)
    i = next(i for i, p in enumerate(line) if p.rank == best)
    still = i == len(line) - 1 and line[-2].rank != best
    return Knee(axis, line[i], still, i == 0)


def find_regressions(line: Sequence[SweepPoint], axis: str) -> list[Regression]:
    """Points that did worse than a smaller value: a later target, or the same target for more
    money. Neither can happen with proven optima, since a larger limit admits every smaller plan."""
    out = []
    best: SweepPoint | None = None
    for p in line:
        if best is not None and p.rank > best.rank:
            out.append(Regression(axis, best, p))
        elif best is not None and p.rank == best.rank and p.feasible \
                and p.total_cost > best.total_cost + 1e-6:
            out.append(Regression(axis, best, p, "cost"))
        if best is None or p.rank < best.rank or (p.rank == best.rank and p.total_cost < best.total_cost):
            best = p
    return out


def axis_value(axis: str, x: float | None, currency: str = "") -> str:

    if x is None:
        return "unlimited"
    return money(x, currency) if axis == "budget" else f"{days(x)} person-days"
