"""Running the programme: plan against actual, and recording what happened.

For a progress file the view shows each action's state, its baseline and actual (or forecast)
periods, its slip and what it spent; the earned value; the milestones forecast against the
baseline; the KPIs against their targets; and charts a manager would rather look at than read
(burn-up of goals and money against the baseline, the maturity history, the KPIs). The baseline is
the plan of the file the progress file extends, planned once in a worker (planner.progress.baseline).

Recording (r): choose an action, say whether it started or finished, when, and what it spent. The
record goes into the progress file's text (planner.progress.record), is checked by loading it, and
replaces the file atomically; a scenario that is not a progress file is never written over: the
record goes to a new file, named by the user, that extends it. The app then reloads the file and
re-plans from the status date.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, RadioButton, RadioSet, Static

from planner.errors import display_path
from planner.files import write_atomic
from planner.load.readfile import read_text
from planner.load.scenarios import load_scenario
from planner.model import Scenario
from planner.periods import period_label, period_start
from planner.plan.results import Plan
from planner.progress.baseline import parent_baseline, report_with_baseline
from planner.progress.record import Event, new_progress_text, record_event
from planner.progress.status import StatusReport, earned_value_rows, forecast_sentence
from tui.chrome import ViewScreen
from tui.dialogs import ConfirmDialog, InputDialog, MessageDialog
from tui.plots import LinesChart, burnup_series, kpi_series, maturity_series
from tui.state import Workspace

COLUMNS = ("Action", "State", "Baseline", "Actual / forecast", "Slip", "Spent", "Planned cost")


@dataclass(frozen=True)
class Shown:
    """What the view last drew, so a redraw happens only when it changes."""

    plan: Plan | None
    report: StatusReport | None


class ProgressScreen(ViewScreen):
    VIEW = "progress"
    DEFAULT_CSS = """
    #pg-split { height: 1fr; }
    #pg-left { width: 1fr; }
    #pg-table { height: 1fr; }
    #pg-summary { height: 14; }
    #pg-charts { width: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "record", "Record progress", id="progress.record",
                tooltip="Record the selected action as started or finished, with what it spent"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown = Shown(None, None)
        self._report: StatusReport | None = None
        self._report_of: Plan | None = None
        self._baseline: dict | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="pg-split"):
            with Vertical(id="pg-left"):
                yield DataTable(id="pg-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="pg-summary", classes="card"):
                    yield Static(id="pg-summary-text", markup=False)
            with VerticalScroll(id="pg-charts"):
                yield LinesChart(id="pg-goals")
                yield LinesChart(id="pg-money")
                yield LinesChart(id="pg-maturity")
                yield LinesChart(id="pg-kpis")

    def on_mount(self) -> None:
        self.query_one("#pg-table").border_title = "Plan against actual"
        self.query_one("#pg-summary").border_title = "Earned value, milestones, KPIs"
        table = self.query_one(DataTable)
        for c in COLUMNS:
            table.add_column(c, key=c)
        super().on_mount()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("Record progress…", "Record the selected action as started or finished (r)", "record")]

    # -- drawing ---------------------------------------------------------------------------------

    def show(self, ws: Workspace) -> None:
        plan = ws.planned.plan if ws.planned is not None and ws.current else None
        if plan is not None and plan.scenario.progress is not None and plan is not self._report_of:
            self._report_of = plan
            self._make_report(plan)
        report = self._report if self._report is not None and self._report.scenario is (
            plan.scenario if plan else None) else None
        if Shown(plan, report) == self._shown:
            return
        self._shown = Shown(plan, report)
        self._fill(plan, report)

    @work(thread=True, exclusive=True, group="progress-report", exit_on_error=False)
    def _make_report(self, plan: Plan) -> None:
        """The baseline is a solver run of the parent file: never on the event loop."""
        try:
            name, baseline = parent_baseline(plan.scenario, 60.0)
            report = report_with_baseline(plan.scenario, plan, baseline, name)
        except Exception as exc:  # a missing or broken parent: say so in the view
            self.app.call_from_thread(self._report_failed, plan, str(exc))
            return
        self.app.call_from_thread(self._report_ready, plan, report, baseline)

    def _report_ready(self, plan: Plan, report: StatusReport, baseline: dict) -> None:
        if plan is not self._report_of:
            return
        self._report, self._baseline = report, baseline
        self.show(self.workspace)

    def _report_failed(self, plan: Plan, message: str) -> None:
        if plan is self._report_of:
            self.query_one("#pg-summary-text", Static).update(f"No comparison with the baseline: {message}")

    def _fill(self, plan: Plan | None, rep: StatusReport | None) -> None:
        table = self.query_one(DataTable)
        previous = _selected(table)
        table.clear()
        summary = self.query_one("#pg-summary-text", Static)
        charts = [self.query_one(f"#pg-{n}", LinesChart) for n in ("goals", "money", "maturity", "kpis")]
        if plan is None:
            summary.update("Planning…" if self.workspace.base is not None else "No scenario loaded.")
            for c in charts:
                c.show_lines(None)
            return
        sc = plan.scenario
        if sc.progress is None:
            for pa in plan.actions:
                table.add_row(pa.id, "planned", _span(sc, pa.start, pa.end), "-", "-", "0",
                              f"{pa.cost:,.0f}", key=pa.id)
            summary.update("This scenario records no progress yet. Select an action and press r to record "
                           "it as started or finished: the record goes to a new progress file that "
                           "extends this one, and the plan is re-made from its status date.")
            for c in charts:
                c.show_lines(None)
        elif rep is None:
            for pa in plan.actions:
                table.add_row(pa.id, pa.state, "…", _span(sc, pa.start, pa.end), "…", "…", "…", key=pa.id)
            summary.update("Planning the baseline (the plan of the file this one extends)…")
        else:
            now = {pa.id: pa for pa in plan.actions}
            for a in rep.actions:
                end = a.actual_end if a.actual_end is not None else a.forecast_end
                start = a.actual_start if a.actual_start is not None else (
                    now[a.id].start if a.id in now else None)
                late = a.slip is not None and a.slip > 0
                slip = Text("-") if a.slip is None else Text(f"{a.slip:+d}", style="red" if late else "")
                over = a.planned_cost is not None and a.spent_cost > a.planned_cost
                table.add_row(a.id, a.state.replace("_", " "), _span(sc, a.planned_start, a.planned_end),
                              _span(sc, start, end),
                              slip, Text(f"{a.spent_cost:,.0f}", style="red" if over else ""),
                              "-" if a.planned_cost is None else f"{a.planned_cost:,.0f}", key=a.id)
            summary.update("\n".join(summary_lines(rep)))
            goals, money = burnup_series(plan, self._baseline or {}, rep.status_period)
            charts[0].show_lines(goals)
            charts[1].show_lines(money)
            charts[2].show_lines(maturity_series(rep.history) if rep.history else None)
            charts[3].show_lines(kpi_series(rep.kpis[0]) if rep.kpis else None)
        keys = [str(r.value) for r in table.rows]
        if previous in keys:
            table.move_cursor(row=keys.index(previous))

    # -- recording -------------------------------------------------------------------------------

    def action_record(self) -> None:
        ws = self.workspace
        sc = ws.base
        if sc is None or sc.path is None or ws.planned is None:
            self.notify("Nothing to record on: no plan yet.", severity="warning")
            return
        aid = _selected(self.query_one(DataTable))
        if aid is None:
            self.notify("Select an action first.", severity="warning")
            return
        record = sc.progress.of(aid) if sc.progress else None
        start, end = record_days(sc, ws.planned.plan, aid, dt.date.today())
        self.app.push_screen(RecordDialog(aid, record, start, end), lambda ev: self._recorded(sc, ev))

    def _recorded(self, sc: Scenario, ev: Event | None) -> None:
        if ev is None:
            return
        path = Path(sc.path)  # type: ignore[arg-type]
        if sc.progress is not None:
            text = record_event(read_text(path), ev, sc.progress.status_date)
            self._write(path, text, overwrite=True)
            return
        default = _free_name(path.parent, f"{path.stem}-progress")

        def named(value: str | None) -> None:
            if not value:
                return
            target = Path(value).expanduser()
            if not target.is_absolute():
                target = path.parent / target
            text = new_progress_text(path, target, ev, ev.finished or ev.started)
            if target.resolve() == path.resolve():
                self.app.push_screen(MessageDialog("Not over the scenario",
                                                   "The scenario itself is not a progress file; "
                                                   "choose another name."))
                return
            if not target.exists():
                self._write(target, text, overwrite=False)
                return

            def answer(yes: bool | None) -> None:
                if yes:
                    self._write(target, text, overwrite=True)

            self.app.push_screen(ConfirmDialog("Overwrite?", f"{display_path(target)} exists. Replace it?",
                                               yes="Overwrite"), answer)

        self.app.push_screen(InputDialog(
            "Save the progress in a new file",
            f"{path.name} is a plan, not a progress file; the record goes to a new file that extends it.",
            display_path(default), check=lambda v: None if v.strip().endswith(".toml") else
            "give a .toml file name"), named)

    @work(thread=True, group="progress-write", exit_on_error=False)
    def _write(self, path: Path, text: str, overwrite: bool) -> None:
        """Check the new text by loading it beside the file, then replace the file in one step."""
        try:
            check_progress_text(path, text)
            write_atomic(path, text, overwrite=overwrite)
        except Exception as exc:
            problems = getattr(exc, "problems", None)
            detail = "\n".join(p.render() for p in problems) if problems else str(exc)
            self.app.call_from_thread(self.app.push_screen, MessageDialog("Not recorded", detail))
            return
        self.app.call_from_thread(self._written, path)

    def _written(self, path: Path) -> None:
        self.notify(f"Recorded in {display_path(path)}; re-planning from the status date.", title="Recorded")
        self._report = None
        self.csip.open_scenario(path)


def record_days(sc: Scenario, plan: Plan | None, aid: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dialog's default start and finish: dates the file accepts (inside the horizon), so that
    the user does not learn only at saving that the default was wrong.

    Today, when it lies inside the horizon (the usual case: recording what happened as it
    happens). Otherwise a progress file's status date (the day its record is true), and a plan's
    own dates for the action: the first day of its planned start period and the last day of its
    planned end period (a plan that starts in the future, or has run out)."""
    first = sc.start
    last = period_start(sc.start, sc.period, sc.horizon) - dt.timedelta(days=1)
    if first <= today <= last:
        return today, today
    if sc.progress is not None:
        return sc.progress.status_date, sc.progress.status_date
    planned = next((a for a in plan.actions if a.id == aid), None) if plan is not None else None
    if planned is None:
        day = first if today < first else last
        return day, day
    start = period_start(sc.start, sc.period, planned.start)
    end = period_start(sc.start, sc.period, min(planned.end, sc.horizon - 1) + 1) - dt.timedelta(days=1)
    return start, end


def check_progress_text(path: Path, text: str) -> Scenario:
    """Load `text` as if it were the file at `path` (its `extends` resolve the same way), from a
    temporary file beside it; raises the loader's errors. The temporary file is always removed."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.check.", suffix=".toml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return load_scenario(Path(tmp))
    finally:
        Path(tmp).unlink(missing_ok=True)


def summary_lines(rep: StatusReport) -> list[str]:
    sc = rep.scenario
    assert sc.progress is not None
    out = [f"Status at {sc.progress.status_date} ({rep.label(rep.status_period)})"]
    if rep.baseline_note:
        return [*out, f"No comparison: {rep.baseline_note}."]
    out.append("")
    out += [f"{name} {shown}: {meaning}" for name, shown, meaning in earned_value_rows(rep)]
    out.append("")
    for lf in rep.levels:
        sentence = forecast_sentence(rep, lf)
        out.append(sentence[0].upper() + sentence[1:])
    if rep.kpis:
        out.append("")
        for k in rep.kpis:
            latest = "-" if k.latest is None else f"{k.latest:g}{k.unit}"
            way = "" if k.towards_target is None else f", {k.towards_target:.0%} of the way"
            if k.baseline is None or k.target is None:
                out.append(f"{k.name}: {latest}")
            else:
                out.append(f"{k.name}: {latest} (baseline {k.baseline:g}{k.unit}, "
                           f"target {k.target:g}{k.unit}{way})")
    return out


class RecordDialog(ModalScreen[Event | None]):
    """Started or finished, on which day, and what it spent so far."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="record.cancel")]

    def __init__(self, action: str, record: object, day: dt.date, end: dt.date | None = None):
        """`day` is the default start, `end` the default finish (`day` when not given)."""
        super().__init__(classes="dialog")
        self.action_id = action
        self.record = record
        self.day = day
        self.end = end or day

    def compose(self) -> ComposeResult:
        rec = self.record
        started = getattr(rec, "started", None)
        with Vertical(classes="dialog-box -wide"):
            yield Label(f"Record progress of {self.action_id}", classes="dialog-title", markup=False)
            with RadioSet(id="rec-state"):
                yield RadioButton("started (still running)", id="rec-started", value=rec is None)
                yield RadioButton("finished", id="rec-finished", value=rec is not None)
            yield Label("Started on (YYYY-MM-DD):")
            yield Input((started or self.day).isoformat(), id="rec-start")
            yield Label("Finished on (YYYY-MM-DD; finished only):")
            yield Input(max(self.end, started or self.end).isoformat(), id="rec-end")
            yield Label("Money spent so far:")
            yield Input(f"{getattr(rec, 'spent_cost', 0):g}", id="rec-cost")
            yield Label("Person-days spent so far:")
            yield Input(f"{getattr(rec, 'spent_effort', 0):g}", id="rec-effort")
            yield Label("", id="input-error", classes="dialog-error", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Record", id="record", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#rec-start", Input).focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#record")
    def _submit(self) -> None:
        error, event = self.event()
        if error:
            self.query_one("#input-error", Label).update(error)
            return
        self.dismiss(event)

    def event(self) -> tuple[str, Event | None]:
        """(what is wrong, or "") and the event the fields describe."""
        def value(wid: str) -> str:
            return self.query_one(f"#{wid}", Input).value.strip()

        finished = self.query_one("#rec-finished", RadioButton).value
        try:
            start = dt.date.fromisoformat(value("rec-start"))
        except ValueError:
            return "the start is not a date like 2028-01-10", None
        end = None
        if finished:
            try:
                end = dt.date.fromisoformat(value("rec-end"))
            except ValueError:
                return "the finish is not a date like 2028-03-31", None
            if end < start:
                return "it cannot finish before it started", None
        try:
            cost, effort = float(value("rec-cost") or 0), float(value("rec-effort") or 0)
        except ValueError:
            return "money and person-days are numbers", None
        if cost < 0 or effort < 0:
            return "money and person-days cannot be negative", None
        return "", Event(self.action_id, start, end, cost, effort)


def _span(sc: Scenario, start: int | None, end: int | None) -> str:
    def lab(p: int | None) -> str:
        return "-" if p is None else period_label(sc.start, sc.period, p)

    if start is None and end is None:
        return "-"
    return lab(start) if start == end else f"{lab(start)}..{lab(end)}"


def _selected(table: DataTable) -> str | None:
    if table.row_count == 0:
        return None
    try:
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
    except Exception:  # no cursor row
        return None


def _free_name(folder: Path, stem: str) -> Path:
    candidate, n = folder / f"{stem}.toml", 2
    while candidate.exists():
        candidate, n = folder / f"{stem}-{n}.toml", n + 1
    return candidate
