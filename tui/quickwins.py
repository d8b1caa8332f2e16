"""Quick wins: small actions to start on Monday that do not delay the target.

The table ranks them as the planner does; the pane below says why each one qualifies. Marking one
done (d) adds it to the what-if's finished actions, and everything re-plans: what it closed no
longer needs doing, and the next quick wins come up.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from planner.plan.quickwins import left_out_text
from tui.chrome import ViewScreen
from tui.format import amount, days, fit, period
from tui.state import Workspace


class QuickWinsScreen(ViewScreen):
    VIEW = "quickwins"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "mark_done", "Mark done", id="quickwins.done",
                tooltip="Count the action as finished in the what-if and re-plan"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def compose_body(self) -> ComposeResult:
        yield Static(id="qw-intro", markup=False)
        table: DataTable[str] = DataTable(id="qw-table", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="qw-detail", classes="card"):
            yield Static(id="qw-detail-text", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", key="rank")
        table.add_column("Action", key="action")
        table.add_column("Effort", key="effort")
        table.add_column("Cost", key="cost")
        table.add_column("Closes", key="closes")
        table.add_column("In the plan", key="plan")
        self.query_one("#qw-detail").border_title = "Why it is a quick win"
        super().on_mount()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("Mark the selected quick win done", "Count it as finished in the what-if", "mark_done")]

    def show(self, ws: Workspace) -> None:
        key = (ws.planned, ws.whatif.done)
        if key == self._shown:
            return
        self._shown = key
        intro = self.query_one("#qw-intro", Static)
        table = self.query_one(DataTable)
        selected = _selected(table)
        table.clear()
        if ws.planned is None:
            intro.update("Planning…" if ws.base and ws.failure is None else "No plan.")
            self._describe()
            return
        plan, wins = ws.planned.plan, ws.planned.wins
        sc = plan.scenario
        qw = sc.quick_wins
        text = (f"Actions that close a goal level {sc.target_level} needs, wait on nothing unfinished, take "
                f"at most {days(qw.max_effort)} person-days and {amount(qw.max_cost, sc)}, and do not "
                f"delay the target.")
        if ws.whatif.done:
            text += f"\nMarked done in this what-if: {', '.join(ws.whatif.done)} (u undoes)."
        intro.update(text)
        planned = {pa.id: pa for pa in plan.actions}
        room = self._action_room(wins, sc)
        for rank, w in enumerate(wins, 1):
            pa = planned.get(w.id)
            when = period(sc, pa.start) if pa else "not planned"
            name = fit(f"{w.id}  {w.title}", max(room, len(w.id)))
            table.add_row(Text(str(rank), justify="right"), Text(name), Text(days(w.effort), justify="right"),
                          Text(amount(w.cost, sc), justify="right"), Text(", ".join(w.goals)), Text(when),
                          key=w.id)
        if not wins:
            reason = ("the plan is infeasible, so no action can be promised not to delay the target"
                      if plan.status == "infeasible" else "no catalog action meets all four conditions")
            text += f"\nNo quick wins: {reason}."
        not_wins = left_out_text(plan)
        if not_wins:
            text += f"\n{not_wins}"
        intro.update(text)
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected))
        self._describe()

    def _action_room(self, wins, sc) -> int:
        """Cells the action column may use: the table's width less the other columns, so the
        titles show beside the ids wherever the terminal leaves room for them."""
        others = [len(str(len(wins))), *[max((len(x) for x in col), default=0) for col in (
            [days(w.effort) for w in wins], [amount(w.cost, sc) for w in wins],
            [", ".join(w.goals) for w in wins], ["not planned", "Q1 2027"], ["In the plan"])]]
        width = self.size.width or 80
        return max(12, width - sum(others) - 2 * (len(others) + 1) - 4)

    def on_resize(self) -> None:
        self._shown = None
        self.show(self.workspace)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        ws = self.workspace
        detail = self.query_one("#qw-detail-text", Static)
        wid = _selected(self.query_one(DataTable))
        win = next((w for w in ws.planned.wins if w.id == wid), None) if ws.planned and wid else None
        if win is None:
            detail.update("")
            return
        sc = ws.planned.plan.scenario if ws.planned else None
        action = sc.action(win.id) if sc else None
        lines = [Content.styled(win.title, "bold")]
        if action is not None and action.role:
            lines.append(Content.styled(f"Owner: {action.role}", "$text-muted"))
        lines += [Content(win.reason[:1].upper() + win.reason[1:] + "."),
                  Content.styled("d marks it done in the what-if; the plan re-solves.", "$text-muted")]
        detail.update(Content("\n").join(lines))

    def action_mark_done(self) -> None:
        ws = self.workspace
        wid = _selected(self.query_one(DataTable))
        if wid is None:
            self.notify("No quick win selected.", severity="warning")
            return
        self.csip.edit(ws.whatif.with_done(wid))


def _selected(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    try:
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
    except Exception:
        return None
    return key.value
