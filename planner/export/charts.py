"""The plan's pictures: maturity profile, load and spend, roadmap Gantt, sweep frontier.

This module is the only one that imports matplotlib, and it does so inside the drawing functions,
so that `csip --help` and every command that draws nothing never pay for the import.

Each chart is two steps. A pure function computes what the chart shows (the series, the labels,
the limits) from the plan or the sweep; that is what the tests check against `plan --json`, since
pixels cannot be checked and a chart that draws the wrong numbers beautifully is the real risk.
A drawing function then turns that data into SVG text (for HTML) and PNG bytes (for Word).

The SVG is deterministic: the same plan gives the same bytes (a fixed hash salt per chart, no
date in the metadata, text kept as text rather than glyph outlines so it can be read and found).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from planner.numbers import days, money
from planner.plan.results import Plan
from planner.sanitize import clean
from planner.whatif.sweep import knee

Formats = tuple[str, ...]
BOTH: Formats = ("svg", "png")

PNG_DPI = 150
"""Sharp enough for a printed A4 page at the width Word gives a picture."""

# one palette for all charts, readable in black-and-white print as well (distinct lightness)
_HELD = "#2b6cb0"
_PLANNED = "#90cdf4"
_OPEN = "#e2e8f0"
_BEYOND = "#f7fafc"
_QUICK = "#38a169"
_LIMIT = "#c53030"
_LINE = "#2d3748"


@dataclass(frozen=True, slots=True)
class Chart:
    """One rendered chart."""

    name: str
    """"profile", "load", "roadmap" or "frontier": a stable key for anchors and file names."""
    title: str
    svg: str
    png: bytes


# -- the data -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileData:
    """Goals per KPA, KPAs in framework order grouped by level."""

    title: str
    kpas: tuple[str, ...]
    levels: tuple[int, ...]
    """The level of each KPA."""
    total: tuple[int, ...]
    held: tuple[int, ...]
    """Goals satisfied or not applicable now."""
    planned: tuple[int, ...]
    """Open goals the plan closes."""
    current_level: int
    target_level: int
    level_names: tuple[tuple[int, str], ...]


def profile_data(plan: Plan) -> ProfileData:
    sc = plan.scenario
    fw = sc.framework
    a = plan.assessment
    closed = {g for pa in plan.actions for g in pa.closes}
    kpas = sorted(fw.kpas, key=lambda k: k.level)  # stable: framework order within a level
    held = tuple(sum(1 for g in k.goal_ids if a.goals[g].status in ("satisfied", "na")) for k in kpas)
    planned = tuple(sum(1 for g in k.goal_ids if g in closed and a.goals[g].status not in
                        ("satisfied", "na")) for k in kpas)
    return ProfileData(
        title=f"Maturity profile: level {plan.current_level} now, target level {plan.target_level}",
        kpas=tuple(k.id for k in kpas), levels=tuple(k.level for k in kpas),
        total=tuple(len(k.goal_ids) for k in kpas), held=held, planned=planned,
        current_level=plan.current_level, target_level=plan.target_level,
        level_names=tuple((lv.number, clean(lv.name)) for lv in fw.levels),
    )


@dataclass(frozen=True, slots=True)
class LoadData:
    """Effort and spend per period, up to the last period with planned work."""

    title: str
    unit: str
    """"quarter" or "month"."""
    currency: str
    labels: tuple[str, ...]
    effort: tuple[float, ...]
    cost: tuple[float, ...]
    cumulative_cost: tuple[float, ...]
    capacity: float | None
    """Person-days per period; None when unlimited."""
    budget: float | None
    """For the whole horizon; None when unlimited."""
    levels: tuple[int, ...]


def load_data(plan: Plan) -> LoadData | None:
    """None when nothing is planned (an infeasible plan, or a target that already holds)."""
    if not plan.actions:
        return None
    sc = plan.scenario
    last = max([a.end for a in plan.actions] + [plan.target_period or 0])
    periods = plan.periods[: last + 1]
    running = 0.0
    cumulative = []
    for p in periods:
        running += p.cost
        cumulative.append(running)
    return LoadData(
        title="Load and spend per period against the limits",
        unit="quarter" if sc.period == "quarter" else "month", currency=clean(sc.currency),
        labels=tuple(p.label for p in periods), effort=tuple(p.effort for p in periods),
        cost=tuple(p.cost for p in periods), cumulative_cost=tuple(cumulative),
        capacity=sc.limits.effort_per_period, budget=sc.limits.budget,
        levels=tuple(p.level for p in periods),
    )


@dataclass(frozen=True, slots=True)
class GanttRow:
    id: str
    title: str
    start: int
    end: int
    quick_win: bool


@dataclass(frozen=True, slots=True)
class GanttData:
    title: str
    rows: tuple[GanttRow, ...]
    """In the order drawn from the top: by start period, then id."""
    labels: tuple[str, ...]
    """Period labels from the first period to the last with work."""
    levels: tuple[int, ...]
    """The level held at the end of each of those periods."""
    milestones: tuple[tuple[int, int], ...]
    """(period, level) for each level reached."""


def gantt_data(plan: Plan) -> GanttData | None:
    if not plan.actions:
        return None
    last = max([a.end for a in plan.actions] + [plan.target_period or 0])
    rows = tuple(GanttRow(a.id, clean(a.title), a.start, a.end, a.quick_win)
                 for a in sorted(plan.actions, key=lambda a: (a.start, a.id)))
    periods = plan.periods[: last + 1]
    return GanttData(
        title=f"Roadmap to level {plan.target_level}", rows=rows,
        labels=tuple(p.label for p in periods), levels=tuple(p.level for p in periods),
        milestones=tuple((m.period, m.level) for m in plan.milestones),
    )


@dataclass(frozen=True, slots=True)
class FrontierData:
    title: str
    axis: str
    """"budget" or "effort_per_period"."""
    currency: str
    values: tuple[float | None, ...]
    target_periods: tuple[int | None, ...]
    """None where no plan reaches the target (or it already holds: see `statuses`)."""
    target_labels: tuple[str, ...]
    statuses: tuple[str, ...]
    costs: tuple[float, ...]
    knee: int | None
    """Index of the point from which more stops buying time."""
    still_improving: bool


def frontier_data(points: Sequence[Any], axis: str, currency: str = "",
                  scenario: str = "") -> FrontierData:
    """One line of a sweep (`planner.whatif.sweep.SweepPoint`s in increasing order of `axis`), e.g.
    `sweep.lines("budget")[0]`; the knee is the sweep's own rule (`planner.whatif.sweep.knee`)."""

    k = knee(points, axis)
    index = next((i for i, p in enumerate(points) if p is k.point), None) if k else None
    what = "budget" if axis == "budget" else "capacity (person-days per period)"
    return FrontierData(
        title=(f"{clean(scenario)}: " if scenario else "") + f"earliest target by {what}",
        axis=axis, currency=clean(currency),
        values=tuple(p.value(axis) for p in points),
        target_periods=tuple(p.target_period if p.feasible else None for p in points),
        target_labels=tuple(p.target_label if p.feasible else "no plan" for p in points),
        statuses=tuple(p.status for p in points), costs=tuple(p.total_cost for p in points),
        knee=index, still_improving=bool(k and k.still_improving),
    )


# -- drawing ------------------------------------------------------------------------------------


def plan_charts(plan: Plan, formats: Formats = BOTH) -> tuple[Chart, ...]:
    """The charts a CSIP document shows, in document order; those with nothing to show are left
    out (an infeasible plan has only its profile). `formats` says which of SVG and PNG to make."""
    out = [profile_chart(profile_data(plan), formats)]
    load = load_data(plan)
    if load is not None:
        out.append(load_chart(load, formats))
    roadmap = gantt_data(plan)
    if roadmap is not None:
        out.append(gantt_chart(roadmap, formats))
    return tuple(out)


def sweep_charts(sweep: Any, formats: Formats = BOTH) -> tuple[Chart, ...]:
    """The frontier of each swept axis (`planner.whatif.sweep.Sweep`): one chart per line of the sweep,
    i.e. one for a one-axis sweep, one per fixed value of the other axis for a grid."""
    out = []
    for axis in sweep.swept:
        for line in sweep.lines(axis):
            d = frontier_data(line, axis, sweep.currency, sweep.scenario)
            if len(sweep.swept) == 2:
                other = "effort_per_period" if axis == "budget" else "budget"
                fixed = line[0].value(other)
                words = ("capacity " + (f"{days(fixed)} person-days" if fixed is not None else "unlimited")
                         if other == "effort_per_period" else
                         "budget " + (money(fixed, sweep.currency) if fixed is not None else "unlimited"))
                d = FrontierData(**{**_fields(d), "title": f"{d.title}, {words}"})
            out.append(frontier_chart(d, formats))
    return tuple(out)


def _fields(d: Any) -> dict[str, Any]:
    return {name: getattr(d, name) for name in d.__slots__}


def profile_chart(d: ProfileData, formats: Formats = BOTH) -> Chart:
    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        xs = _grouped_positions(d.levels)
        beyond = [lv > d.target_level for lv in d.levels]
        ax.bar(xs, d.total, color=[_BEYOND if b else _OPEN for b in beyond], edgecolor="#a0aec0",
               linewidth=0.6, label="goals open")
        ax.bar(xs, d.held, color=_HELD, label="held now")
        ax.bar(xs, d.planned, bottom=d.held, color=_PLANNED, label="closed by the plan")
        ax.set_xticks(xs, d.kpas, rotation=90, fontsize=7)
        ax.set_ylabel("goals")
        ax.set_ylim(0, max(d.total, default=1) + 1.2)
        names = dict(d.level_names)
        for level in sorted(set(d.levels)):
            at = [x for x, lv in zip(xs, d.levels, strict=True) if lv == level]
            mark = " (target)" if level == d.target_level else ""
            ax.text((at[0] + at[-1]) / 2, max(d.total, default=1) + 0.6,
                    f"Level {level} {names.get(level, '')}{mark}", ha="center", fontsize=7.5)
        # the target line: everything left of it must hold for the target level
        inside = [x for x, lv in zip(xs, d.levels, strict=True) if lv <= d.target_level]
        if inside and len(inside) < len(xs):
            ax.axvline(inside[-1] + 0.9, color=_LIMIT, linestyle="--", linewidth=1)
        ax.legend(loc="upper right", fontsize=7, frameon=False, bbox_to_anchor=(1, -0.16), ncols=3)
        ax.set_title(d.title, fontsize=10)
        _tidy(ax)

    return _render("profile", d.title, draw, (9, 4.2), formats)


def load_chart(d: LoadData, formats: Formats = BOTH) -> Chart:
    def draw(fig: Any) -> None:
        top, bottom = fig.subplots(2, 1, sharex=True)
        xs = list(range(len(d.labels)))
        top.bar(xs, d.effort, color=_HELD, label="planned effort")
        if d.capacity is not None:
            top.axhline(d.capacity, color=_LIMIT, linestyle="--", linewidth=1,
                        label=f"capacity {days(d.capacity)} per {d.unit}")
        top.set_ylabel(f"person-days per {d.unit}")
        top.legend(loc="lower right", fontsize=7, frameon=True)
        top.set_title(d.title, fontsize=10)
        bottom.bar(xs, d.cost, color=_PLANNED, label=f"spend per {d.unit}")
        bottom.plot(xs, d.cumulative_cost, color=_LINE, marker="o", markersize=3,
                    label="spend so far")
        if d.budget is not None:
            bottom.axhline(d.budget, color=_LIMIT, linestyle="--", linewidth=1,
                           label=f"budget {money(d.budget, d.currency)}")
        bottom.set_ylabel(d.currency or "money")
        bottom.yaxis.set_major_formatter(_thousands())
        bottom.legend(loc="upper left", fontsize=7, frameon=True)
        bottom.set_xticks(xs, d.labels, rotation=45, ha="right", fontsize=7)
        for ax in (top, bottom):
            _tidy(ax)

    return _render("load", d.title, draw, (9, 5.5), formats)


def gantt_chart(d: GanttData, formats: Formats = BOTH) -> Chart:
    n = len(d.rows)

    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        for i, r in enumerate(d.rows):
            ax.barh(i, r.end - r.start + 1, left=r.start, height=0.6,
                    color=_QUICK if r.quick_win else _HELD)
        ax.set_yticks(range(n), [r.id for r in d.rows], fontsize=6.5)
        ax.set_ylim(n - 0.4, -1.6)
        ax.set_xlim(0, len(d.labels))
        ax.set_xticks([i + 0.5 for i in range(len(d.labels))], d.labels, rotation=45, ha="right",
                      fontsize=7)
        for i, level in enumerate(d.levels):
            ax.text(i + 0.5, -1.0, f"L{level}", ha="center", va="center", fontsize=7,
                    fontweight="bold" if (i, level) in d.milestones else "normal")
        reached: dict[int, list[str]] = {}
        for period, level in d.milestones:
            reached.setdefault(period, []).append(str(level))
        for period, levels in reached.items():
            ax.axvline(period + 1, color=_LIMIT, linestyle="--", linewidth=1)
            word = "level" if len(levels) == 1 else "levels"
            ax.text(period + 1, n - 0.5, f"{word} {' and '.join(levels)} reached ", color=_LIMIT,
                    fontsize=7, va="bottom", ha="right", rotation=90)
        ax.grid(axis="x", color="#e2e8f0", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_title(d.title + " (level held at the end of each period on top; quick wins in green)",
                     fontsize=9)
        _tidy(ax)

    return _render("roadmap", d.title, draw, (9, max(3.0, 1.2 + 0.22 * n)), formats)


def frontier_chart(d: FrontierData, formats: Formats = BOTH) -> Chart:
    def draw(fig: Any) -> None:
        ax = fig.add_subplot()
        xs = [0.0 if v is None else v for v in d.values]
        feasible = [(x, t) for x, t in zip(xs, d.target_periods, strict=True) if t is not None]
        if feasible:
            ax.plot([x for x, _ in feasible], [t for _, t in feasible], color=_HELD, marker="o",
                    drawstyle="steps-post", label="earliest target period")
        top = max([t for t in d.target_periods if t is not None], default=0) + 1
        missing = [x for x, t in zip(xs, d.target_periods, strict=True) if t is None]
        if missing:
            ax.plot(missing, [top] * len(missing), linestyle="none", marker="x", color=_LIMIT,
                    label="no plan")
        if d.knee is not None and d.target_periods[d.knee] is not None:
            kx, ky = xs[d.knee], d.target_periods[d.knee]
            ax.plot([kx], [ky], marker="o", markersize=11, markerfacecolor="none", color=_QUICK)
            words = "best in range, may improve further" if d.still_improving else "knee"
            ax.annotate(f"{words}: {_value(d, d.values[d.knee])}, {d.target_labels[d.knee]}",
                        (kx, ky), textcoords="offset points", xytext=(8, 10), fontsize=8, color=_QUICK)
        ticks = sorted({(t, lab) for t, lab in zip(d.target_periods, d.target_labels, strict=True)
                        if t is not None})
        ax.set_yticks([t for t, _ in ticks] + ([top] if missing else []),
                      [lab for _, lab in ticks] + (["no plan"] if missing else []), fontsize=8)
        ax.invert_yaxis()  # earlier is better: up
        ax.set_xlabel(f"budget ({d.currency})" if d.axis == "budget" and d.currency else
                      "budget" if d.axis == "budget" else "person-days per period")
        if d.axis == "budget":
            ax.xaxis.set_major_formatter(_thousands())
        ax.set_ylabel("target reached at the end of")
        ax.legend(loc="lower right", fontsize=7, frameon=False)
        ax.set_title(d.title, fontsize=10)
        _tidy(ax)

    return _render("frontier", d.title, draw, (8, 4.5), formats)


def _value(d: FrontierData, v: float | None) -> str:
    if v is None:
        return "unlimited"
    return money(v, d.currency) if d.axis == "budget" else f"{days(v)} person-days"


def _grouped_positions(levels: Sequence[int]) -> list[float]:
    """x positions with a gap between levels, so the groups read apart."""
    xs, x, prev = [], 0.0, None
    for lv in levels:
        if prev is not None and lv != prev:
            x += 0.8
        xs.append(x)
        x += 1.0
        prev = lv
    return xs


def _thousands() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: f"{v:,.0f}")


def _tidy(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _render(name: str, title: str, draw: Any, size: tuple[float, float],
            formats: Formats) -> Chart:
    """Draw on a fresh Agg figure (never pyplot's global state, so this is safe in any process)
    and save it as SVG and PNG, or only the one asked for (the other is left empty)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    style = {
        "svg.hashsalt": f"csip-{name}",  # ids unique per chart, the same on every run
        "svg.fonttype": "none",  # text stays text: searchable, selectable, smaller
        "font.family": "DejaVu Sans",  # ships with matplotlib: the same on every machine
        "font.size": 8,
        "text.parse_math": False,  # a "$" in a name from a file is a dollar, not TeX to parse
    }
    with matplotlib.rc_context(style):
        fig = Figure(figsize=size, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig)
        # lay out once and freeze it: each save would otherwise run the layout again
        fig.draw_without_rendering()
        fig.set_layout_engine("none")
        svg = io.StringIO()
        if "svg" in formats:
            fig.savefig(svg, format="svg",
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        png = io.BytesIO()
        if "png" in formats:
            fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return Chart(name, title, svg.getvalue(), png.getvalue())
