"""Plots drawn by a terminal plotting library (textual-plotext): the load of each period against
the effort limit, the money spent so far against the budget, and for a progress file the burn-up
against the baseline, the maturity history and the KPIs against their targets.

The only module that imports textual_plotext, so the library sits behind one seam. What is
plotted is computed by the pure `load_series` and `spend_series`, which the tests check; the
widget only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from textual_plotext import PlotextPlot

from planner.plan.results import Plan
from planner.progress.status import KpiStatus
from tui.format import short_period


@dataclass(frozen=True)
class Series:
    """One bar per period and the limit to hold them against (None: no limit)."""

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    limit: float | None
    limit_label: str


def load_series(plan: Plan) -> Series:
    """Person-days planned in each period against the effort limit per period."""
    sc = plan.scenario
    cap = sc.limits.effort_per_period
    return Series("Load per period (person-days)", _labels(plan), tuple(p.effort for p in plan.periods), cap,
                  "effort limit" if cap is not None else "no effort limit")


def spend_series(plan: Plan) -> Series:
    """Money spent up to the end of each period against the budget for the whole horizon."""
    sc = plan.scenario
    budget = sc.limits.budget
    spent = tuple(accumulate(p.cost for p in plan.periods))
    unit = f" ({sc.currency})" if sc.currency else ""
    return Series(f"Spent so far{unit}", _labels(plan), spent, budget,
                  "budget" if budget is not None else "no budget limit")


def _labels(plan: Plan) -> tuple[str, ...]:
    return tuple(short_period(plan.scenario, p.index, 6) for p in plan.periods)


class LimitChart(PlotextPlot):
    """Bars per period with the limit as a line across them."""

    DEFAULT_CSS = "LimitChart { height: 14; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.series: Series | None = None

    def show_series(self, series: Series | None) -> None:
        if series == self.series:
            return
        self.series = series
        plt = self.plt
        plt.clear_figure()
        if series is None or not series.values:
            plt.title("No plan to plot yet")
        else:
            positions = list(range(1, len(series.values) + 1))
            plt.bar(positions, list(series.values), label=series.title, width=0.6)
            plt.xticks(positions, list(series.labels))
            if series.limit is not None:
                plt.hline(series.limit, "red")
                top = max(series.limit, *series.values) * 1.1 or 1.0
            else:
                top = max(series.values) * 1.1 or 1.0
            plt.ylim(0, top)
            plt.title(f"{series.title}; the line is the {series.limit_label}"
                      if series.limit is not None else f"{series.title}; {series.limit_label}")
        self.refresh()


# -- progress: plan against actual ---------------------------------------------------------------


@dataclass(frozen=True)
class Lines:
    """Several lines over the same x labels (None: no point there), and targets as flat lines."""

    title: str
    labels: tuple[str, ...]
    lines: tuple[tuple[str, tuple[float | None, ...]], ...]
    targets: tuple[tuple[str, float], ...] = ()


def burnup_series(plan: Plan, baseline: dict, status_period: int) -> tuple[Lines, Lines]:
    """Goals closed and money spent by the end of each period: the baseline plan against the
    actual (up to the status period) and the re-made plan's forecast after it.

    The record gives no month-by-month spending, so an action's money counts where it ended
    (a running action's spending so far at the status period); that is what a burn-up of
    finished work shows."""
    n = len(plan.periods)
    labels = _labels(plan)
    base_goals = [0.0] * n
    base_money = [0.0] * n
    for a in baseline.get("actions", []):
        if 0 <= a["end"] < n:
            base_goals[a["end"]] += len(a.get("closes", ()))
            base_money[a["end"]] += a["cost"]
    now_goals = [0.0] * n
    now_money = [0.0] * n
    for pa in plan.actions:
        end = min(max(pa.end, 0), n - 1)
        now_goals[end] += len(pa.closes)
        now_money[end] += pa.cost
    cut = min(max(status_period, 0), n)

    def split(values: list[float]) -> tuple[tuple[float | None, ...], tuple[float | None, ...]]:
        total = list(accumulate(values))
        actual = tuple(v if i < cut else None for i, v in enumerate(total))
        forecast = tuple(v if i >= cut - 1 else None for i, v in enumerate(total))
        return actual, forecast

    ga, gf = split(now_goals)
    ma, mf = split(now_money)
    unit = f" ({plan.scenario.currency})" if plan.scenario.currency else ""
    goals = Lines("Goals closed", labels, (("baseline", tuple(accumulate(base_goals))), ("actual", ga),
                                           ("forecast", gf)))
    budget = plan.scenario.limits.budget
    money_lines = Lines(f"Money spent{unit}", labels, (("baseline", tuple(accumulate(base_money))),
                                                       ("actual", ma), ("forecast", mf)),
                        (("budget", budget),) if budget is not None else ())
    return goals, money_lines


def maturity_series(history: Sequence[dict]) -> Lines:
    """The level found at each re-assessment."""
    return Lines("Maturity level at each re-assessment", tuple(h["date"] for h in history),
                 (("level", tuple(float(h["level"]) for h in history)),))


def kpi_series(kpi: KpiStatus) -> Lines:
    """One KPI's measurements against its baseline and target."""
    targets = tuple((name, v) for name, v in (("baseline", kpi.baseline), ("target", kpi.target))
                    if v is not None)
    unit = f" ({kpi.unit})" if kpi.unit else ""
    return Lines(f"{kpi.name}{unit}", tuple(d for d, _ in kpi.history),
                 ((kpi.id, tuple(v for _, v in kpi.history)),), targets)


class LinesChart(PlotextPlot):
    """Lines over labelled points, with flat target lines across them."""

    DEFAULT_CSS = "LinesChart { height: 14; }"
    COLORS = ("blue", "green", "orange", "magenta")

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.series: Lines | None = None

    def show_lines(self, series: Lines | None) -> None:
        if series == self.series:
            return
        self.series = series
        plt = self.plt
        plt.clear_figure()
        if series is None or not series.labels:
            plt.title("Nothing recorded to plot yet")
            self.refresh()
            return
        positions = list(range(1, len(series.labels) + 1))
        for (name, values), color in zip(series.lines, self.COLORS * 3, strict=False):
            xs = [x for x, v in zip(positions, values, strict=True) if v is not None]
            ys = [v for v in values if v is not None]
            if xs:
                plt.plot(xs, ys, label=name, color=color, marker="braille")
        for name, value in series.targets:
            plt.hline(value, "red" if name in ("budget", "target") else "gray")
        step = max(1, len(positions) // 8)
        plt.xticks(positions[::step], list(series.labels)[::step])
        names = ", ".join(f"{n} {v:g}" for n, v in series.targets)
        plt.title(series.title + (f"; lines: {names}" if names else ""))
        self.refresh()
