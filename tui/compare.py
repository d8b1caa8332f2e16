"""Two plans side by side: the what-if on screen against another scenario file.

Managers decide by comparing, so the table puts the numbers that move (when each level is reached,
the target period, cost, effort, the limits) next to each other, and the two roadmaps below mark
the actions that only one plan has or that the two schedule in different periods.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from planner.errors import display_path
from planner.plan.results import Plan
from tui.chrome import ViewScreen
from tui.format import amount, days, limit, period
from tui.service import Planned
from tui.state import Failure, Workspace

MOVED = "Actions started elsewhere"
"""The row whose values agree on both sides but mark a difference when not "none"."""


@dataclass(frozen=True)
class Comparison:
    """The other side of a comparison: which file, and its plan once ready."""

    path: Path
    planned: Planned | None = None
    failure: Failure | None = None

    @property
    def busy(self) -> bool:
        return self.planned is None and self.failure is None


class CompareScreen(ViewScreen):
    VIEW = "compare"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("c", "app.compare", "Compare with…", id="compare.choose",
                        tooltip="Choose the scenario to compare with")]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="cmp-head", markup=False)
        yield DataTable(id="cmp-table", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="cmp-sides"):
            with VerticalScroll(id="cmp-a", classes="card"):
                yield Static(id="cmp-a-text", markup=False)
            with VerticalScroll(id="cmp-b", classes="card"):
                yield Static(id="cmp-b-text", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.app, "comparison", lambda _c: self.show(self.workspace), init=True)

    def show(self, ws: Workspace) -> None:
        other: Comparison | None = self.csip.comparison
        key = (ws.planned, other)
        if key == self._shown:
            return
        self._shown = key
        head = self.query_one("#cmp-head", Static)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for pane in ("#cmp-a-text", "#cmp-b-text"):
            self.query_one(pane, Static).update("")
        ready = other is not None and other.planned is not None and ws.planned is not None
        table.display = ready
        self.query_one("#cmp-sides").display = ready or (other is not None and other.failure is not None)
        if other is None:
            head.update("Compare the plan on screen (A) with another scenario (B): press c to choose B, "
                        "for instance one of the what-ifs next to the scenario file.")
            return
        if other.failure is not None:
            head.update(Content.styled(f"{display_path(other.path)} could not be planned: "
                                       f"{other.failure.title}. Press c to choose another.", "$error"))
            self.query_one("#cmp-b-text", Static).update(other.failure.text())
            return
        if ws.planned is None or other.planned is None:
            head.update(f"Planning {display_path(other.path)}…" if other.busy else "Planning…")
            return
        a, b = ws.planned.plan, other.planned.plan
        label_a = a.scenario.name + (" (what-if)" if ws.changes else "")
        head.update(Content.assemble(("A ", "bold $accent"), label_a, ("   B ", "bold $accent"),
                                     f"{b.scenario.name} ({display_path(other.path)})",
                                     ("   ◆ where A and B differ · c chooses B", "$text-muted")))
        table.add_column("", key="what")
        table.add_column(Text(f"A {a.scenario.name}"[:30]), key="a")
        table.add_column(Text(f"B {b.scenario.name}"[:30]), key="b")
        for label, va, vb in compare_rows(a, b):
            mark = "" if va == vb and not (label == MOVED and va != "none") else " ◆"
            table.add_row(Text(label + mark), Text(va), Text(vb))
        self.query_one("#cmp-a").border_title = "A: roadmap"
        self.query_one("#cmp-b").border_title = "B: roadmap"
        self.query_one("#cmp-a-text", Static).update(roadmap_text(a, b))
        self.query_one("#cmp-b-text", Static).update(roadmap_text(b, a))


def compare_rows(a: Plan, b: Plan) -> list[tuple[str, str, str]]:
    """The numbers a comparison table shows, as text, row by row."""
    def reached(plan: Plan, level: int) -> str:
        if plan.current_level >= level:
            return "already"
        ms = next((m for m in plan.milestones if m.level == level), None)
        return period(plan.scenario, ms.period) if ms else "—"

    def target(plan: Plan) -> str:
        if plan.status == "infeasible":
            return "never"
        return "already" if plan.target_period is None else period(plan.scenario, plan.target_period)

    def cost(plan: Plan) -> str:
        return "—" if plan.status == "infeasible" else amount(plan.total_cost, plan.scenario)

    def effort(plan: Plan) -> str:
        return "—" if plan.status == "infeasible" else days(plan.total_effort)

    rows = [
        ("Status", a.status, b.status),
        ("Framework", a.scenario.framework.name, b.scenario.framework.name),
        ("Current level", str(a.current_level), str(b.current_level)),
        ("Target level", str(a.target_level), str(b.target_level)),
    ]
    low = min(a.current_level, b.current_level) + 1
    high = max(a.target_level, b.target_level)
    for level in range(low, high + 1):
        rows.append((f"Level {level} reached", reached(a, level), reached(b, level)))
    rows += [
        ("Target reached", target(a), target(b)),
        ("Cost", cost(a), cost(b)),
        ("Effort (person-days)", effort(a), effort(b)),
        ("Budget", limit(a.scenario.limits.budget, a.scenario), limit(b.scenario.limits.budget, b.scenario)),
        ("Effort a period", limit(a.scenario.limits.effort_per_period, unit="pd"),
         limit(b.scenario.limits.effort_per_period, unit="pd")),
        ("Strict staging", "on" if a.scenario.limits.strict_staging else "off",
         "on" if b.scenario.limits.strict_staging else "off"),
        ("Actions", str(len(a.actions)), str(len(b.actions))),
    ]
    ids_a, ids_b = {x.id for x in a.actions}, {x.id for x in b.actions}
    rows.append(("Actions only here", str(len(ids_a - ids_b)), str(len(ids_b - ids_a))))
    # the same actions in other periods is a difference too: the count is the same on both sides,
    # so the row is marked by its values, which name the periods' difference
    starts_b = {x.id: period(b.scenario, x.start) for x in b.actions}
    moved = sum(1 for x in a.actions if x.id in starts_b and starts_b[x.id] != period(a.scenario, x.start))
    rows.append((MOVED, f"{moved} of {len(ids_a & ids_b)}" if moved else "none",
                 f"{moved} of {len(ids_a & ids_b)}" if moved else "none"))
    return rows


def roadmap_text(plan: Plan, other: Plan) -> Content:
    """The plan's actions by the period they start in; those the other plan lacks are marked +,
    those it starts elsewhere show where."""
    if plan.status == "infeasible":
        d = plan.diagnosis
        lines = [Content.styled(f"Infeasible: {d.reason if d else 'no plan reaches the target'}", "$error")]
        lines += [Content(f"• {m}") for m in (d.messages if d else ())]
        return Content("\n").join(lines)
    if not plan.actions:
        return Content("Nothing to do.")
    sc = plan.scenario
    theirs = {x.id: x for x in other.actions}
    lines = [Content.styled("+ only in this plan   ↔ starts elsewhere in the other", "$text-muted")]
    by_period: dict[int, list] = {}
    for pa in plan.actions:
        by_period.setdefault(pa.start, []).append(pa)
    for t in sorted(by_period):
        lines.append(Content.styled(period(sc, t), "bold $accent"))
        for pa in sorted(by_period[t], key=lambda x: x.id):
            if pa.id not in theirs:
                lines.append(Content.styled(f"  + {pa.id}", "$warning"))
            elif period(other.scenario, theirs[pa.id].start) != period(sc, pa.start):  # by date
                elsewhere = period(other.scenario, theirs[pa.id].start)
                lines.append(Content.assemble(f"  ↔ {pa.id} ", (f"(other: {elsewhere})", "$text-muted")))
            else:
                lines.append(Content(f"    {pa.id}"))
    return Content("\n").join(lines)
