"""What-if editing: the target level, the limits (budget, effort, staging mode, settling time,
deadline) and the ITIL process levels, with every change listed against the scenario as loaded,
and one sentence why when the what-if makes the plan dearer or later.

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
from textual.widgets import DataTable, Input, Label, Select, Static

from planner.model import STAGINGS, Scenario
from planner.whatif.why import why_worse
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


STAGING_OPTIONS: list[tuple[Text, str]] = [(Text(mode), mode) for mode in STAGINGS]
"""The modes by name; what each means is the selector's tooltip (STAGING_HELP) and the help."""
STAGING_HELP = ("free: work starts when its own prerequisites allow; milestones: each level holds "
                "a period before the next; strict: no work on a level-N goal before level N-1 holds")
NO_DEADLINE = -1
"""The deadline selector's value for no deadline (a Select's values cannot be None)."""


def effective_staging(ws: Workspace) -> str:
    """The staging mode in force, whether the what-if set the mode or the old strict switch."""
    assert ws.base is not None
    if "staging" in ws.whatif.limits:
        return str(ws.whatif.limits["staging"])
    if "strict_staging" in ws.whatif.limits:
        strict = bool(ws.whatif.limits["strict_staging"])
        loaded = ws.base.limits.staging
        return "strict" if strict else ("free" if loaded == "strict" else loaded)
    return ws.base.limits.staging


def with_staging(ws: Workspace, mode: str):
    """The what-if with `mode` as its staging, the old strict switch dropped (one change, not two)."""
    whatif = ws.whatif.without(("limits", "strict_staging")) if "strict_staging" in ws.whatif.limits \
        else ws.whatif
    return whatif.with_limit("staging", mode)


def _period_options(base: Scenario) -> tuple[list[tuple[Text, int]], list[tuple[Text, int]]]:
    """The settling times (0 up to the horizon) and the deadlines (none, or the end of a period)."""
    unit = base.period
    settles = [(Text(f"{n} {unit}{'s' if n != 1 else ''}"), n) for n in range(base.horizon)]
    deadlines = [(Text("none"), NO_DEADLINE)] + \
        [(Text(f"end of {period(base, i)}"), i) for i in range(base.horizon)]
    return settles, deadlines


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
        self._periods: object = None
        self._table_widths = 0

    def compose_body(self) -> ComposeResult:
        options, value = self._target_options(self.workspace)
        # each selector starts at the value in force: a select reports its first value on mount
        ws = self.workspace
        staging, settle, deadline = "free", 0, NO_DEADLINE
        settles, deadlines = [(Text("0 periods"), 0)], [(Text("none"), NO_DEADLINE)]
        if ws.base is not None:
            staging, settle, deadline = self._staging_values(ws)
            settles, deadlines = _period_options(ws.base)
            self._periods = (ws.base.horizon, ws.base.start, ws.base.period)
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
                    yield Label("Staging", classes="wi-label")
                    yield Select[str](STAGING_OPTIONS, value=staging, id="wi-staging", allow_blank=False,
                                      compact=True, tooltip=STAGING_HELP)
                with Horizontal(classes="wi-field"):
                    yield Label("Settling time", classes="wi-label")
                    yield Select[int](settles, value=settle, id="wi-settle", allow_blank=False,
                                      compact=True, tooltip="Periods a practice must run after its action "
                                      "ends before its goal counts as held")
                with Horizontal(classes="wi-field"):
                    yield Label("Deadline", classes="wi-label")
                    yield Select[int](deadlines, value=deadline, id="wi-deadline",
                                      allow_blank=False, compact=True,
                                      tooltip="Reach the target by the end of this period, as cheaply as "
                                      "possible; none: as early as possible")
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
        self._show_staging(ws, base)
        self._show_itil(ws, base)
        self._show_changes(ws)
        self._show_effect(ws)

    def _show_staging(self, ws: Workspace, base: Scenario) -> None:
        staging = self.query_one("#wi-staging", Select)
        settle = self.query_one("#wi-settle", Select)
        deadline = self.query_one("#wi-deadline", Select)
        key = (base.horizon, base.start, base.period)
        with staging.prevent(Select.Changed), settle.prevent(Select.Changed), \
                deadline.prevent(Select.Changed):
            if key != self._periods:
                self._periods = key
                settles, deadlines = _period_options(base)
                settle.set_options(settles)
                deadline.set_options(deadlines)
            staging.value, settle.value, deadline.value = self._staging_values(ws)

    @staticmethod
    def _staging_values(ws: Workspace) -> tuple[str, int, int]:
        due = effective_limit(ws, "deadline")
        return (effective_staging(ws), int(effective_limit(ws, "settle") or 0),
                NO_DEADLINE if due is None else int(due))

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
        why = why_worse(before, after)
        if why:
            lines += [Content(""), Content.styled(why, "$text-warning")]
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

    @on(Select.Changed, "#wi-staging")
    def _staging(self, event: Select.Changed) -> None:
        ws = self.workspace
        if ws.base is not None and isinstance(event.value, str) and event.value != effective_staging(ws):
            self.csip.edit(with_staging(ws, event.value))

    @on(Select.Changed, "#wi-settle")
    @on(Select.Changed, "#wi-deadline")
    def _periods_changed(self, event: Select.Changed) -> None:
        ws = self.workspace
        if ws.base is None or not isinstance(event.value, int):
            return
        key = "settle" if event.select.id == "wi-settle" else "deadline"
        value = None if event.value == NO_DEADLINE else event.value
        if value != effective_limit(ws, key):
            self.csip.edit(ws.whatif.with_limit(key, value))

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
