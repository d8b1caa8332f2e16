"""What-if editing: the target level, the limits, strict staging and the ITIL process levels, with
every change listed against the scenario as loaded.

Each edit goes to the app, which re-plans in a worker; this screen never waits for it. Values are
applied with enter (a half-typed budget must not start a solve), and the change list is where an
edit is taken back (x) before the what-if is saved as a file of its own (ctrl+s).
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from planner.model import Scenario
from tui.chrome import ViewScreen
from tui.dialogs import ChoiceDialog
from tui.format import DAYS_EXAMPLES, MONEY_EXAMPLES, amount, days, limit, parse_amount, period
from tui.state import Workspace


class ItilTable(DataTable[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "step(1)", "PMF +1", id="whatif.itil_up"),
        Binding("minus", "step(-1)", "PMF −1", id="whatif.itil_down"),
        Binding("enter", "choose", "Set level", id="whatif.itil_set"),
    ]

    def action_step(self, delta: int) -> None:
        self.screen.step_itil(delta)  # type: ignore[attr-defined]

    def action_choose(self) -> None:
        self.screen.choose_itil()  # type: ignore[attr-defined]


class ChangesTable(DataTable[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x,delete", "revert", "Revert change", id="whatif.revert"),
    ]

    def action_revert(self) -> None:
        self.screen.revert_selected()  # type: ignore[attr-defined]


def effective_limit(ws: Workspace, key: str) -> float | bool | None:
    """The value in force: the what-if's if it changed it, the scenario's otherwise."""
    assert ws.base is not None
    if key in ws.whatif.limits:
        return ws.whatif.limits[key]
    return getattr(ws.base.limits, key)


class WhatIfScreen(ViewScreen):
    VIEW = "whatif"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("X", "revert_all", "Revert all", id="whatif.revert_all", tooltip="Take back every change"),
        Binding("escape", "leave_field", "Leave field", id="whatif.leave_field",
                tooltip="Stop typing in a field, so that the number keys switch views again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None
        self._levels: list[tuple[Text, int]] = []
        self._table_widths = 0

    def compose_body(self) -> ComposeResult:
        options, value = self._target_options(self.workspace)
        with Horizontal(id="wi-top"):
            with Vertical(id="wi-form", classes="card"):
                with Horizontal(classes="wi-field"):
                    yield Label("Target level", classes="wi-label")
                    yield Select[int](options, value=value, id="wi-target", allow_blank=False, compact=True)
                with Horizontal(classes="wi-field"):
                    yield Label("Budget", classes="wi-label")
                    yield Input(id="wi-budget", compact=True, placeholder="unlimited")
                with Horizontal(classes="wi-field"):
                    yield Label("Effort a period", classes="wi-label")
                    yield Input(id="wi-effort", compact=True, placeholder="unlimited")
                with Horizontal(classes="wi-field"):
                    yield Label("Strict staging", classes="wi-label")
                    yield Checkbox("level by level", id="wi-staging", compact=True,
                                   tooltip="No action on a level-N KPA starts before level N-1 is reached")
                yield Label("", id="wi-error", classes="dialog-error", markup=False)
                yield Static("Enter applies a value: a budget as 300000, 300k or 1.2m; effort in person-days "
                             "(150); empty for no limit.", classes="wi-hint")
            yield Static(id="wi-effect", classes="card", markup=False)
        with Horizontal(id="wi-bottom"):
            yield ItilTable(id="wi-itil", cursor_type="row")
            yield ChangesTable(id="wi-changes", cursor_type="row")

    @staticmethod
    def _target_options(ws: Workspace) -> tuple[list[tuple[Text, int]], int]:
        if ws.base is None:
            return [(Text("—"), 0)], 0
        levels = [(Text(f"{lv.number} {lv.name}"), lv.number) for lv in ws.base.framework.levels]
        return levels, ws.whatif.target_level or ws.base.target_level

    def on_mount(self) -> None:
        self.query_one("#wi-form").border_title = "Target and limits"
        self.query_one("#wi-changes").border_title = "Changes against as loaded: x reverts"
        self.query_one("#wi-effect").border_title = "Effect on the plan"
        super().on_mount()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("What-if: revert the selected change", "Take one change back", "revert_selected"),
                ("What-if: raise the selected ITIL process one PMF level", "", "step_itil(1)"),
                ("What-if: lower the selected ITIL process one PMF level", "", "step_itil(-1)"),
                ("What-if: set the selected ITIL process's level…", "", "choose_itil")]

    # -- showing the what-if -------------------------------------------------------------------

    def on_resize(self) -> None:
        width = self.query_one(ItilTable).size.width + self.query_one(ChangesTable).size.width * 1000
        if width != self._table_widths:  # names in both tables are cut to their width
            self._table_widths = width
            self._shown = None
            self.show(self.workspace)

    def show(self, ws: Workspace) -> None:
        if ws.base is None:
            return
        key = (ws.base, ws.whatif, ws.planned, ws.baseline)
        if key == self._shown:
            return
        self._shown = key
        base = ws.base
        target = self.query_one("#wi-target", Select)
        options, value = self._target_options(ws)
        with target.prevent(Select.Changed):
            if options != self._levels:
                target.set_options(options)
                self._levels = options
            target.value = value
        for key_, input_id, unit in (("budget", "#wi-budget", ""), ("effort_per_period", "#wi-effort", "pd")):
            field = self.query_one(input_id, Input)
            if not field.has_focus:
                value = effective_limit(ws, key_)
                field.value = "" if value is None else (f"{value:,.0f}" if float(value).is_integer()  # type: ignore[arg-type]
                                                        else f"{value:,.2f}")
                loaded = getattr(base.limits, key_)
                field.tooltip = "As loaded: " + (limit(loaded, unit=unit) if unit else limit(loaded, base))
        staging = self.query_one(Checkbox)
        with staging.prevent(Checkbox.Changed):
            staging.value = bool(effective_limit(ws, "strict_staging"))
        self._show_itil(ws, base)
        self._show_changes(ws)
        self._show_effect(ws)

    def _show_itil(self, ws: Workspace, base: Scenario) -> None:
        table = self.query_one(ItilTable)
        cur = base.current
        table.border_title = f"ITIL {cur.itil_version} (PMF, ✔ from {cur.itil_threshold}): +/-"
        row = table.cursor_row
        table.clear(columns=True)  # columns only ever grow otherwise, and the names are cut to fit
        table.add_column("ITIL process", key="process")
        table.add_column("Loaded", key="loaded")
        table.add_column("What-if", key="whatif")
        if base.itil_processes is None:
            return
        threshold = base.current.itil_threshold
        room = max(12, min(36, table.size.width - 22)) if table.size.width else 24
        for p in base.itil_processes.processes:
            loaded = base.current.itil.get(p.id)
            now = ws.whatif.itil.get(p.id, loaded)
            changed = p.id in ws.whatif.itil and now != loaded
            name = p.name if len(p.name) <= room else p.name[:room - 1] + "…"
            shown = "—" if now is None else str(now) + (" ✔" if now >= threshold else "")
            table.add_row(Text(name), Text("—" if loaded is None else str(loaded)),
                          Text(shown + (" ✎" if changed else "")), key=p.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _show_changes(self, ws: Workspace) -> None:
        table = self.query_one(ChangesTable)
        row = table.cursor_row
        changes = ws.changes
        values = [f"{c.before} → {c.after}" for c in changes]
        value_w = max([len(v) for v in values] + [len("as loaded → what-if")])
        label_w = max(12, (table.size.width or 60) - value_w - 6)
        table.clear(columns=True)  # widths are set here, so a long action id cannot push values away
        table.add_column("Change", key="label", width=label_w)
        table.add_column("as loaded → what-if", key="value", width=value_w)
        for c, value in zip(changes, values, strict=True):
            label = c.label if len(c.label) <= label_w else c.label[:label_w - 1] + "…"
            table.add_row(Text(label), Text(value), key="/".join(c.key))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def _show_effect(self, ws: Workspace) -> None:
        effect = self.query_one("#wi-effect", Static)
        if not ws.changes:
            effect.update("No changes yet: edit the target or a limit here, rate a goal in 2 Gaps (r), or "
                          "mark a quick win done in 3 Quick wins (d).")
            return
        if ws.baseline is None or ws.planned is None or not ws.current:
            effect.update("Re-planning…")
            return
        before, after = ws.baseline.plan, ws.planned.plan

        def when(plan) -> str:
            if plan.status == "infeasible":
                return "infeasible"
            return "already" if plan.target_period is None else period(plan.scenario, plan.target_period)

        def cost(plan) -> str:
            return "—" if plan.status == "infeasible" else amount(plan.total_cost, plan.scenario)

        def effort(plan) -> str:
            return "—" if plan.status == "infeasible" else days(plan.total_effort)

        rows = [("Target", when(before), when(after)),
                ("Cost", cost(before), cost(after)),
                ("Effort", effort(before), effort(after)),
                ("Actions", str(len(before.actions)), str(len(after.actions)))]
        lines = [Content.assemble(("".ljust(9), ""), ("as loaded".ljust(14), "bold"), ("what-if", "bold"))]
        for label, b, a in rows:
            lines.append(Content.assemble((label.ljust(9), "$text-muted"), b.ljust(14),
                                          (a, "$warning" if a != b else "")))
        effect.update(Content("\n").join(lines))

    # -- edits ---------------------------------------------------------------------------------

    @on(Select.Changed, "#wi-target")
    def _target(self, event: Select.Changed) -> None:
        ws = self.workspace
        # the select reports its first value when it mounts: only a different level is an edit
        if ws.base is None or not isinstance(event.value, int) or event.value < 1 \
                or event.value == (ws.whatif.target_level or ws.base.target_level):
            return
        self.csip.edit(ws.whatif.with_target(event.value))

    @on(Input.Submitted, "#wi-budget")
    @on(Input.Submitted, "#wi-effort")
    def _limit(self, event: Input.Submitted) -> None:
        ws = self.workspace
        error = self.query_one("#wi-error", Label)
        if ws.base is None:
            return
        key = "budget" if event.input.id == "wi-budget" else "effort_per_period"
        try:
            value = parse_amount(event.value, MONEY_EXAMPLES if key == "budget" else DAYS_EXAMPLES)
        except ValueError as exc:
            error.update(str(exc))
            error.add_class("-shown")
            return
        error.update("")
        error.remove_class("-shown")
        self.csip.edit(ws.whatif.with_limit(key, value))

    @on(Checkbox.Changed, "#wi-staging")
    def _staging(self, event: Checkbox.Changed) -> None:
        ws = self.workspace
        if ws.base is not None:
            self.csip.edit(ws.whatif.with_limit("strict_staging", event.value))

    def _itil_selected(self) -> str | None:
        table = self.query_one(ItilTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def step_itil(self, delta: int) -> None:
        ws = self.workspace
        pid = self._itil_selected()
        if ws.base is None or pid is None:
            return
        now = ws.whatif.itil.get(pid, ws.base.current.itil.get(pid, 0))
        level = max(0, min(5, now + delta))
        if level != now:
            self.csip.edit(ws.whatif.with_itil(pid, level))

    def action_step_itil(self, delta: int) -> None:
        self.step_itil(delta)

    def choose_itil(self) -> None:
        ws = self.workspace
        pid = self._itil_selected()
        if ws.base is None or pid is None:
            return
        loaded = ws.base.current.itil.get(pid)
        now = ws.whatif.itil.get(pid, loaded)
        options = [(str(n), f"PMF {n}") for n in range(6)]
        if pid in ws.whatif.itil:
            options.append(("__loaded__", f"as loaded ({'not rated' if loaded is None else loaded})"))

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value == "__loaded__":
                w = ws.whatif.without(("itil", pid))
            else:
                w = ws.whatif.with_itil(pid, int(value))
            self.csip.edit(w)

        self.app.push_screen(ChoiceDialog(f"ITIL process {pid}", options, None if now is None else str(now),
                                          "Process maturity (PMF) level 0-5."), chosen)

    def action_choose_itil(self) -> None:
        self.choose_itil()

    def revert_selected(self) -> None:
        ws = self.workspace
        table = self.query_one(ChangesTable)
        if table.row_count == 0:
            self.notify("Nothing to revert: the what-if has no changes.")
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        self.csip.edit(ws.whatif.without(tuple(key.split("/"))))

    def action_revert_selected(self) -> None:
        self.revert_selected()

    def action_leave_field(self) -> None:
        """Out of a text field (where every key is typed) to the ITIL table."""
        self.query_one(ItilTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_field":  # only worth showing while typing
            return isinstance(self.focused, Input)
        return True

    def action_revert_all(self) -> None:
        self.csip.action_revert_all()
