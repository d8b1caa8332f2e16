"""The roadmap: planned actions against the periods, Gantt-like, with the load and spend of each
period against the limits and the level milestones.

The three top rows stay put while the actions scroll, so a manager can follow one action's bar
and still see whether its period is at the effort limit. Column widths follow the terminal: on a
wide one the periods get their full names and the actions their titles.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.widgets import DataTable, Static

from planner.plan.results import Plan
from tui.chrome import ViewScreen
from tui.format import amount, days, period, short_days, short_money, short_period
from tui.plots import LimitChart, load_series
from tui.state import Workspace

FIXED = ("__load__", "__spend__", "__level__")


class GanttTable(DataTable[Text]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--bar", "gantt--quickwin", "gantt--ok", "gantt--high", "gantt--full", "gantt--milestone",
        "gantt--muted", "gantt--label",
    }

    def styled(self, name: str) -> Style:
        return self.get_component_rich_style(f"gantt--{name}", partial=True)


class RoadmapScreen(ViewScreen):
    VIEW = "roadmap"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "chart", "Load chart", id="roadmap.chart",
                tooltip="Show or hide the load of each period against the effort limit as a chart"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="rm-summary", markup=False)
        yield GanttTable(id="rm-table", cursor_type="row", cell_padding=0, fixed_columns=1)
        yield LimitChart(id="rm-load", classes="card")
        with VerticalScroll(id="rm-detail", classes="card"):
            yield Static(id="rm-detail-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#rm-detail").border_title = "Action"
        self.query_one("#rm-load").border_title = "Load against the effort limit (g hides)"
        super().on_mount()

    def on_resize(self, event: Resize) -> None:
        self.show(self.workspace)

    def _widths(self, plan: Plan) -> tuple[int, int, bool]:
        """Label width, period width, and whether the titles fit beside the ids: periods get
        as much room as their labels use while the action ids still fit; what is left over on a
        wide terminal goes to the titles."""
        total = max(40, self.size.width - 3)
        horizon = max(1, plan.scenario.horizon)
        ids = max((len(a.id) for a in plan.actions), default=10) + 3
        wanted = min(ids, 18)
        cell = 5
        for size in (9, 8, 7, 6, 5):
            if total - horizon * size >= wanted:
                cell = size
                break
        spare = total - horizon * cell
        titles = spare - ids >= 16
        label = min(spare, ids + 70) if titles else max(14, min(spare, ids))
        return label, cell, titles

    def show(self, ws: Workspace) -> None:
        table = self.query_one(GanttTable)
        summary = self.query_one("#rm-summary", Static)
        plan = ws.planned.plan if ws.planned else None
        if plan is None:
            self._shown = None
            table.fixed_rows = 0  # DataTable fails to draw more fixed rows than it has
            table.clear(columns=True)
            summary.update("Planning…" if ws.base and ws.failure is None else "No plan.")
            self._describe()
            return
        key = (ws.planned, self._widths(plan))
        if key == self._shown:
            return
        self._shown = key
        self.query_one(LimitChart).show_series(load_series(plan) if plan.status != "infeasible" else None)
        sc = plan.scenario
        if plan.status == "infeasible":
            summary.update(Content.styled("No plan reaches the target within the limits: the overview says "
                                          "why. Change a limit (b budget, e effort) to re-plan.", "$error"))
        elif plan.nothing_to_do:
            summary.update(f"Level {sc.target_level} already holds: nothing to plan.")
        else:
            ms = " · ".join(f"level {m.level} at the end of {period(sc, m.period)}" for m in plan.milestones)
            summary.update(Content.assemble(
                (f"{len(plan.actions)} actions", "bold"), f", {amount(plan.total_cost, sc)}, ",
                f"{days(plan.total_effort)} person-days · ", (ms or "no level milestone", "$accent"),
                " · ★ quick win"))
        selected = _selected(table)
        self._fill(table, plan)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        elif plan.actions:
            table.move_cursor(row=len(FIXED))
        self._describe()

    def _fill(self, table: GanttTable, plan: Plan) -> None:
        sc = plan.scenario
        label_w, cell, titles = self._widths(plan)
        table.fixed_rows = 0
        table.clear(columns=True)
        table.add_column(Text("Action"), width=label_w, key="label")
        for t in range(sc.horizon):
            table.add_column(Text(short_period(sc, t, cell).center(cell)), width=cell, key=f"p{t}")
        cap, budget = sc.limits.effort_per_period, sc.limits.budget
        load_label = "Load" + (f" of {days(cap)}" if cap is not None else " (days)")
        load = [self._load_cell(table, p.effort, cap, cell) for p in plan.periods]
        table.add_row(Text(load_label, table.styled("label")), *load, key=FIXED[0])
        spend_label = "Spend" + (f" of {short_money(budget)}" if budget is not None else "")
        spend = [Text((short_money(p.cost, cell - 1) if p.cost else "·").rjust(cell - 1) + " ",
                      table.styled("muted" if not p.cost else "label")) for p in plan.periods]
        table.add_row(Text(spend_label, table.styled("label")), *spend, key=FIXED[1])
        reached = {m.period: m.level for m in plan.milestones}
        levels = []
        for p in plan.periods:
            if p.index in reached:
                levels.append(Text(f"▲L{reached[p.index]}".center(cell), table.styled("milestone")))
            else:
                levels.append(Text(str(p.level).center(cell), table.styled("muted")))
        table.add_row(Text("Level (end)", table.styled("label")), *levels, key=FIXED[2])
        table.fixed_rows = len(FIXED)
        for pa in sorted(plan.actions, key=lambda a: (a.start, a.end, a.id)):
            star = "★ " if pa.quick_win else "  "
            name = f"{star}{pa.id}"
            if titles:
                name = f"{name}  {pa.title}"
            label = Text(name if len(name) < label_w else name[:label_w - 2] + "…")
            style = table.styled("quickwin" if pa.quick_win else "bar")
            cells = [Text("█" * cell, style) if pa.start <= t <= pa.end else Text("")
                     for t in range(sc.horizon)]
            table.add_row(label, *cells, key=pa.id)

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("Roadmap: show or hide the load chart", "Load per period against the effort limit", "chart")]

    def action_chart(self) -> None:
        self.query_one(LimitChart).toggle_class("-shown")

    def _load_cell(self, table: GanttTable, effort: float, cap: float | None, cell: int) -> Text:
        if effort <= 0:
            return Text("·".rjust(cell - 1) + " ", table.styled("muted"))
        share = effort / cap if cap else 0.0
        level = "full" if share >= 0.97 else ("high" if share >= 0.8 else "ok")
        return Text(short_days(effort, cell - 1).rjust(cell - 1) + " ", table.styled(level))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        ws = self.workspace
        text = self.query_one("#rm-detail-text", Static)
        table = self.query_one(GanttTable)
        key = _selected(table)
        plan = ws.planned.plan if ws.planned else None
        if plan is None or key is None:
            text.update("")
            return
        sc = plan.scenario
        if key in FIXED:
            cap, budget = sc.limits.effort_per_period, sc.limits.budget
            text.update(
                "Load: person-days the planned actions take in each period (an action's effort is spread "
                f"evenly over its periods); the limit is {days(cap) + ' a period' if cap else 'none'}.\n"
                f"Spend: money per period; the budget for the whole horizon is "
                f"{amount(budget, sc) if budget is not None else 'unlimited'}.\n"
                "Level at the end: the maturity level held when the period ends; ▲ marks a milestone.")
            return
        pa = next((a for a in plan.actions if a.id == key), None)
        if pa is None:
            text.update("")
            return
        when = period(sc, pa.start)
        if pa.end != pa.start:
            when += f" to {period(sc, pa.end)}"
        lines = [
            Content.assemble((pa.id, "bold"), f"  {pa.title}",
                             ("  ★ quick win" if pa.quick_win else "", "$warning")),
            Content.styled(f"{when} · {days(pa.effort)} person-days · {amount(pa.cost, sc)}"
                           + (f" · {pa.role}" if pa.role else ""), "$text-muted"),
            Content(f"Why: {pa.why}" if pa.why else f"Goals: {', '.join(pa.goals)}"),
        ]
        if pa.milestone:
            lines.append(Content.styled(f"Brings: {pa.milestone}", "$success"))
        text.update(Content("\n").join(lines))


def _selected(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:
        return None
