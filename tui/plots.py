"""Plots drawn by a terminal plotting library (textual-plotext): the load of each period against
the effort limit, and the money spent so far against the budget.

The only module that imports textual_plotext, so the library sits behind one seam. What is
plotted is computed by the pure `load_series` and `spend_series`, which the tests check; the
widget only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from textual_plotext import PlotextPlot

from planner.plan.results import Plan
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
