"""The csip terminal app: views as modes, keys, the command palette, and the workers that call the
planner.

The app is thin on purpose. It holds one immutable `Workspace` (the scenario as loaded, the
what-if edits, the latest analysis and plan) and replaces it as results arrive; every view redraws
from it. The planner is reached only through the `PlannerService` it is given, and only from
worker threads, so the interface never waits for the rules engine or the solver. Re-plans never
pile up: each edit starts an exclusive worker that cancels the one before it; a cancelled run stops
at the solver's next progress report, and runs take turns, so of several quick edits only the last
is planned. A result counts only if it belongs to the scenario and edits on show.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from threading import Lock
from typing import ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import Worker, WorkerCancelled, get_current_worker

from planner.errors import display_path
from planner.files import free_name
from planner.model import Scenario
from planner.whatif.edits import WhatIf, apply, changes, check
from tui.assessment import AssessmentScreen
from tui.chrome import VIEWS, ViewScreen
from tui.compare import CompareScreen, Comparison
from tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    ExportDialog,
    InputDialog,
    MessageDialog,
    OpenDialog,
    SaveDialog,
)
from tui.format import DAYS_EXAMPLES, MONEY_EXAMPLES, days, limit, parse_amount
from tui.gaps import GapScreen
from tui.help import HelpScreen
from tui.messages import (
    Analysed,
    Compared,
    Loaded,
    LoadFailed,
    PlanFailed,
    PlanProgress,
    PlanReady,
    Written,
)
from tui.milestones import MilestonesScreen
from tui.overview import OverviewScreen
from tui.progress import ProgressScreen
from tui.quickwins import QuickWinsScreen
from tui.roadmap import RoadmapScreen
from tui.service import Analysis, LivePlanner, PlannerService, unproven
from tui.state import Failure, Workspace, loaded
from tui.whatif import ChangesTable, ItilTable, WhatIfScreen, effective_limit, effective_staging, with_staging

EXIT_OK, EXIT_INPUT, EXIT_CRASH = 0, 2, 1

BUSY_GROUPS = frozenset({"load", "baseline", "plan"})
"""Worker groups whose runs the status line shows as busy."""


def _stop_if_cancelled(_text: str = "") -> None:
    """A progress callback's check: a cancelled worker stops at the solver's next report.
    (`WorkerCancelled` is Textual's own; nothing in the planner catches it.)"""
    if get_current_worker().is_cancelled:
        raise WorkerCancelled("a later edit or quitting overtook this run")


class CsipApp(App[int]):
    """Plan IT service improvement in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "csip"
    MODES: ClassVar[dict[str, type[Screen]]] = {
        "overview": OverviewScreen,
        "gaps": GapScreen,
        "quickwins": QuickWinsScreen,
        "roadmap": RoadmapScreen,
        "milestones": MilestonesScreen,
        "whatif": WhatIfScreen,
        "compare": CompareScreen,
        "progress": ProgressScreen,  # plan against actual of a progress file (tui/progress.py)
        "assessment": AssessmentScreen,
    }
    DEFAULT_MODE = "overview"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide"), (150, "-huge")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"view('{mode}')", title, id=f"app.view.{mode}", show=False)
          for mode, key, title in VIEWS),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every view and key"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("b", "set_budget", "Budget", id="app.budget", tooltip="Change the budget (what-if)"),
        Binding("e", "set_effort", "Effort", id="app.effort", show=False,
                tooltip="Change the effort per period (what-if)"),
        Binding("t", "set_target", "Target", id="app.target", show=False,
                tooltip="Change the target level (what-if)"),
        Binding("s", "toggle_staging", "Staging", id="app.staging", show=False,
                tooltip="Switch strict staging on or off (what-if)"),
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Take back the last what-if change"),
        Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the what-if as a new scenario file"),
        Binding("ctrl+e", "export", "Export", id="app.export", show=False, tooltip="Export the CSIP plan"),
        Binding("ctrl+o", "open", "Open", id="app.open", show=False, tooltip="Open another scenario"),
        Binding("ctrl+r", "replan", "Re-plan", id="app.replan", show=False),
    ]

    workspace: reactive[Workspace] = reactive(Workspace, always_update=True)
    busy: reactive[bool] = reactive(False)
    progress: reactive[str] = reactive("")
    comparison: reactive[Comparison | None] = reactive(None, always_update=True)

    def __init__(self, path: Path | None, service: PlannerService | None = None):
        super().__init__()
        self.path = path
        self.service: PlannerService = service or LivePlanner()
        self._solving = Lock()
        """Held by the plan run under way: runs take turns, never share the two cores."""
        self.ever_loaded = False

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:  # type: ignore[override]
        """Notifications carry ids, names and paths from files: plain text unless asked."""
        super().notify(message, markup=markup, **kwargs)

    def on_mount(self) -> None:
        if self.path is not None:
            self.open_scenario(self.path)

    # -- loading ---------------------------------------------------------------------------------

    def open_scenario(self, path: Path) -> None:
        self.busy = True
        self.progress = f"loading {Path(path).name}"
        self._load(path)

    @work(thread=True, group="load", exit_on_error=False)
    def _load(self, path: Path) -> None:
        try:
            scenario, warnings = self.service.load(path)
        except Exception as exc:
            self.post_message(LoadFailed(path, Failure.of(exc)))
            return
        self.post_message(Loaded(path, scenario, warnings))

    def on_loaded(self, message: Loaded) -> None:
        self.ever_loaded = True
        self.path = message.path
        self.sub_title = display_path(message.path)
        self.workers.cancel_group(self, "plan")  # edits of the scenario before
        self.workers.cancel_group(self, "refine")
        self.workers.cancel_group(self, "refine-baseline")
        self.workspace = loaded(message.scenario, message.warnings)
        self._request_plan()

    def on_load_failed(self, message: LoadFailed) -> None:
        if self.workspace.base is None:
            self.workspace = replace(self.workspace, failure=message.failure)
        self.push_screen(MessageDialog(f"{message.failure.title}: {display_path(message.path)}",
                                       message.failure.text()))

    # -- planning --------------------------------------------------------------------------------

    def edit(self, whatif: WhatIf) -> None:
        """Make `whatif` the current edits and re-plan; a bad edit is shown, not applied."""
        ws = self.workspace
        if ws.base is None:
            self.notify("No scenario is loaded.", severity="warning")
            return
        problems = check(ws.base, whatif)
        if problems:
            text = "\n".join(p.render() for p in problems)
            self.push_screen(MessageDialog("That change cannot be made", text))
            return
        new = ws.edited(whatif)
        if new is ws:
            return
        self.workspace = new
        self._request_plan()

    def _request_plan(self) -> None:
        """Plan the workspace as it is now. The plan of the scenario as loaded is kept for
        comparison, so edits never cancel it (it has a group of its own); an edit's run cancels
        the edit runs before it."""
        ws = self.workspace
        if ws.base is None:
            return
        self.busy = True
        self.progress = "assessing"
        self.workers.cancel_group(self, "refine")  # refining edits this one overtakes
        if changes(ws.base, ws.whatif):
            self._plan(ws.base, ws.whatif)
        else:
            self.workers.cancel_group(self, "plan")
            self._plan_baseline(ws.base, ws.whatif)

    def _current(self, base: Scenario, whatif: WhatIf) -> bool:
        ws = self.workspace
        return base is ws.base and whatif == ws.whatif

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _plan(self, base: Scenario, whatif: WhatIf) -> None:
        self._plan_in_turn(base, whatif)

    @work(thread=True, exclusive=True, group="baseline", exit_on_error=False)
    def _plan_baseline(self, base: Scenario, whatif: WhatIf) -> None:
        self._plan_in_turn(base, whatif)

    def _plan_in_turn(self, base: Scenario, whatif: WhatIf) -> None:
        """Wait for the run before to stop (it was cancelled or is the baseline), then assess
        and plan unless this run was overtaken meanwhile."""
        worker = get_current_worker()
        while not self._solving.acquire(timeout=0.05):
            if worker.is_cancelled:
                return
        try:
            if worker.is_cancelled:
                return

            def progress(text: str) -> None:
                _stop_if_cancelled()
                self.post_message(PlanProgress(base, whatif, text))

            analysis = self.service.analyse(apply(base, whatif))
            self.post_message(Analysed(base, whatif, analysis))
            progress("planning")
            planned = self.service.plan(analysis, progress)
        except WorkerCancelled:
            return
        except Exception as exc:
            self.post_message(PlanFailed(base, whatif, Failure.of(exc)))
            return
        finally:
            self._solving.release()
        if unproven(planned.plan) and self.service.refines():
            planned = replace(planned, interim=True)  # on_plan_ready starts the refining search
        self.post_message(PlanReady(base, whatif, planned))

    @work(thread=True, exclusive=True, group="refine", exit_on_error=False)
    def _refine(self, base: Scenario, whatif: WhatIf, analysis: Analysis | None) -> None:
        self._refine_run(base, whatif, analysis)

    @work(thread=True, exclusive=True, group="refine-baseline", exit_on_error=False)
    def _refine_baseline(self, base: Scenario, whatif: WhatIf) -> None:
        self._refine_run(base, whatif, None)

    def _refine_run(self, base: Scenario, whatif: WhatIf, analysis: Analysis | None) -> None:
        """Search on with the command line's limit after a quick plan came back unproven, so the
        plan the TUI settles on is `csip plan`'s. It runs beside the quick re-plans rather than
        taking turns with them (an edit must not wait for a minute's search); an edit cancels it,
        and it stops at the solver's next progress report."""
        try:
            # the analysis on show, so that the refined plan belongs to it (Workspace.current)
            analysis = analysis or self.service.analyse(apply(base, whatif))
            _stop_if_cancelled()
            planned = self.service.refine(analysis, _stop_if_cancelled)
        except WorkerCancelled:
            return
        except Exception as exc:
            self.post_message(PlanFailed(base, whatif, Failure.of(exc)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(PlanReady(base, whatif, planned))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group in BUSY_GROUPS:
            self.busy = any(w.group in BUSY_GROUPS and not w.is_finished for w in self.workers)
            if not self.busy:
                self.progress = ""

    def on_analysed(self, message: Analysed) -> None:
        if self._current(message.base, message.whatif):
            self.workspace = replace(self.workspace, analysis=message.analysis, failure=None)

    def on_plan_progress(self, message: PlanProgress) -> None:
        if self._current(message.base, message.whatif):
            self.progress = message.text

    def on_plan_ready(self, message: PlanReady) -> None:
        ws = self.workspace
        if message.base is ws.base and not changes(message.base, message.whatif):
            ws = replace(ws, baseline=message.planned)
        if self._current(message.base, message.whatif):
            ws = replace(ws, planned=message.planned, failure=None)
        self.workspace = ws
        if message.planned.interim and message.base is ws.base:
            if not changes(message.base, message.whatif):
                self._refine_baseline(message.base, message.whatif)
            elif self._current(message.base, message.whatif):
                self._refine(message.base, message.whatif, ws.analysis if ws.current else None)

    def on_plan_failed(self, message: PlanFailed) -> None:
        if self._current(message.base, message.whatif):
            self.workspace = replace(self.workspace, planned=None, failure=message.failure)
            self.push_screen(MessageDialog(message.failure.title, message.failure.text()))

    # -- comparing -------------------------------------------------------------------------------

    def compare_with(self, path: Path) -> None:
        self.comparison = Comparison(path)
        self._compare(path)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _compare(self, path: Path) -> None:
        try:
            scenario, _warnings = self.service.load(path)
            planned = self.service.plan(self.service.analyse(scenario), _stop_if_cancelled)
        except WorkerCancelled:
            return
        except Exception as exc:
            self.post_message(Compared(path, None, Failure.of(exc)))
            return
        self.post_message(Compared(path, planned, None))

    def on_compared(self, message: Compared) -> None:
        if self.comparison is not None and self.comparison.path == message.path:
            self.comparison = Comparison(message.path, message.planned, message.failure)

    # -- writing files ---------------------------------------------------------------------------

    @work(thread=True, group="write", exit_on_error=False)
    def _write_whatif(self, base: Scenario, whatif: WhatIf, named: WhatIf, path: Path,
                      overwrite: bool) -> None:
        try:
            self.service.save_whatif(base, named, path, overwrite)
        except Exception as exc:
            self.post_message(Written("what-if", path, Failure.of(exc)))
            return
        self.post_message(Written("what-if", path, whatif=whatif))

    @work(thread=True, group="write", exit_on_error=False)
    def _write_export(self, planned_plan, fmt: str, path: Path) -> None:
        try:
            self.service.export(planned_plan, fmt, path)
        except Exception as exc:
            self.post_message(Written("export", path, Failure.of(exc)))
            return
        self.post_message(Written("export", path))

    def on_written(self, message: Written) -> None:
        shown = display_path(message.path)
        if message.failure is not None:
            self.push_screen(MessageDialog(f"Could not write {shown}", message.failure.text()))
            return
        if message.what == "what-if":
            self.workspace = replace(self.workspace, saved_as=message.path, saved_whatif=message.whatif)
            self.notify(f"Saved the what-if as {shown}; it extends the scenario as loaded.", title="Saved")
        else:
            self.notify(f"Exported the CSIP plan to {shown}.", title="Exported")

    # -- actions ---------------------------------------------------------------------------------

    def action_view(self, mode: str) -> None:
        self.switch_mode(mode)

    def action_help(self) -> None:
        views = {mode: [b for b in _bindings(self.MODES[mode]) if b.description] for mode, _k, _t in VIEWS}
        views["whatif"] += [*_bindings(ItilTable), *_bindings(ChangesTable)]
        self.push_screen(HelpScreen([b for b in self.BINDINGS if isinstance(b, Binding)], views))

    async def action_quit(self) -> None:
        ws = self.workspace
        if not ws.unsaved:
            self._quit()
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self._quit()

        n = len(ws.changes)
        self.push_screen(ConfirmDialog("Quit?", f"The what-if has {n} unsaved change{'s' if n != 1 else ''}. "
                                       "Quit without saving them (ctrl+s saves)?", yes="Quit", also_yes="q"),
                         answer)

    def _quit(self) -> None:
        self.workers.cancel_all()  # a solve under way stops at its next progress report
        self.exit(EXIT_OK if self.ever_loaded else EXIT_INPUT)

    def action_undo(self) -> None:
        ws = self.workspace
        if not ws.history:
            self.notify("Nothing to undo.")
            return
        self.workspace = ws.undone()
        self._request_plan()

    def action_revert_all(self) -> None:
        if self.workspace.changes:
            self.edit(WhatIf())

    def action_replan(self) -> None:
        if self.workspace.base is not None:
            self._request_plan()

    def action_set_budget(self) -> None:
        self._ask_limit("budget", "Budget", "Money for the whole horizon")

    def action_set_effort(self) -> None:
        self._ask_limit("effort_per_period", "Effort per period", "Person-days available in each period")

    def _ask_limit(self, key: str, title: str, what: str) -> None:
        ws = self.workspace
        if ws.base is None:
            return
        base = ws.base
        money = key == "budget"
        now = effective_limit(ws, key)
        loaded_value = getattr(base.limits, key)
        loaded_text = limit(loaded_value, base) if money else limit(loaded_value, unit="person-days")

        examples = MONEY_EXAMPLES if money else DAYS_EXAMPLES

        def check_text(text: str) -> str | None:
            try:
                parse_amount(text, examples)
            except ValueError as exc:
                return str(exc)
            return None

        def done(text: str | None) -> None:
            if text is not None:
                self.edit(ws.whatif.with_limit(key, parse_amount(text, examples)))

        value = "" if now is None else (f"{now:,.0f}" if money else days(float(now)))  # type: ignore[arg-type]
        typed = "an amount (300000, 300k)" if money else "person-days (150, 80.5)"
        prompt = (f"{what}. As loaded: {loaded_text}. Type {typed} or leave it empty "
                  "for no limit; enter applies.")
        dialog = InputDialog(f"{title} (what-if)", prompt, value, check_text, placeholder="unlimited")
        self.push_screen(dialog, done)

    def action_set_target(self) -> None:
        ws = self.workspace
        if ws.base is None:
            return
        fw = ws.base.framework
        now = ws.whatif.target_level or ws.base.target_level
        options = [(str(lv.number), f"{lv.number} {lv.name}") for lv in fw.levels]

        def done(value: str | None) -> None:
            if value is not None:
                self.edit(ws.whatif.with_target(int(value)))

        self.push_screen(ChoiceDialog("Target level (what-if)", options, str(now),
                                      f"As loaded: level {ws.base.target_level}."), done)

    def action_toggle_staging(self) -> None:
        ws = self.workspace
        if ws.base is not None:
            strict = effective_staging(ws) == "strict"
            loaded = "free" if ws.base.limits.staging == "strict" else ws.base.limits.staging
            self.edit(with_staging(ws, loaded if strict else "strict"))
            self.notify(f"Staging {effective_staging(self.workspace)}.")

    def action_open(self) -> None:
        self._choose_scenario("Open a scenario", self._open_chosen)

    def action_compare(self) -> None:
        self._choose_scenario("Compare with which scenario?", self._compare_chosen)

    def _choose_scenario(self, title: str, then) -> None:
        base_path = self.workspace.base.path if self.workspace.base else self.path
        files = self.service.scenario_files(Path(base_path) if base_path else None)
        self.push_screen(OpenDialog(title, files, Path(base_path) if base_path else None), then)

    def _open_chosen(self, path: Path | None) -> None:
        if path is None:
            return
        ws = self.workspace
        if not ws.unsaved:
            self.open_scenario(path)
            return

        def answer(yes: bool | None) -> None:
            if yes:
                self.open_scenario(path)

        self.push_screen(ConfirmDialog("Open another scenario?", f"The what-if has {len(ws.changes)} unsaved "
                                       "change(s); opening another scenario drops them.", yes="Open"), answer)

    def _compare_chosen(self, path: Path | None) -> None:
        if path is not None:
            self.compare_with(path)
            self.switch_mode("compare")

    def action_save(self) -> None:
        ws = self.workspace
        base = ws.base
        if base is None or base.path is None:
            self.notify("No scenario is loaded.", severity="warning")
            return
        default = ws.saved_as or free_name(Path(base.path).parent, f"{Path(base.path).stem}-whatif", ".toml")
        name = f"{base.name}: what-if"
        summary = "\n".join(f"{c.label}: {c.before} → {c.after}" for c in ws.changes) or \
            "No changes yet: the file would only give the scenario a new name."

        def chosen(result: tuple[Path, str] | None) -> None:
            if result is None:
                return
            path, title = result
            description = f"What-if on {base.name}: " + "; ".join(
                f"{c.label.lower()} {c.before} → {c.after}" for c in ws.changes) if ws.changes else None
            named = ws.whatif.with_name(title, description)
            if not path.exists():
                self._write_whatif(base, ws.whatif, named, path, False)
                return

            def answer(yes: bool | None) -> None:
                if yes:
                    self._write_whatif(base, ws.whatif, named, path, True)

            self.push_screen(ConfirmDialog("Overwrite?", f"{display_path(path)} exists. Replace it?",
                                           yes="Overwrite"), answer)

        self.push_screen(SaveDialog(default, name, summary), chosen)

    def action_export(self) -> None:
        ws = self.workspace
        if ws.planned is None or not ws.current or ws.base is None or ws.base.path is None:
            self.notify("Wait for the plan to be ready, then export it.", severity="warning")
            return
        plan = ws.planned.plan
        if ws.planned.interim:  # the Markdown's status line says "feasible", not proven, as well
            self.notify("The plan is still being refined: this export is the interim plan, not proven "
                        "best. Export again when the status line no longer says refining.",
                        title="Interim plan", severity="warning")
        folder = Path(ws.base.path).parent
        stem = folder / (f"{Path(ws.base.path).stem}{'-whatif' if ws.changes else ''}-csip")

        def chosen(result: tuple[str, Path] | None) -> None:
            if result is None:
                return
            fmt, path = result
            if not path.exists():
                self._write_export(plan, fmt, path)
                return

            def answer(yes: bool | None) -> None:
                if yes:
                    self._write_export(plan, fmt, path)

            self.push_screen(ConfirmDialog("Overwrite?", f"{display_path(path)} exists. Replace it?",
                                           yes="Overwrite"), answer)

        self.push_screen(ExportDialog(stem), chosen)

    # -- the command palette ---------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, key, title in VIEWS:
            yield SystemCommand(f"View: {title}", f"Switch to the {title} view (key {key})",
                                partial(self.switch_mode, mode))
        own = [
            ("Open scenario…", "Load another scenario file (ctrl+o)", self.action_open),
            ("Compare with another scenario…", "Plan a second scenario and show both side by side",
             self.action_compare),
            ("Save the what-if…", "Write the edits as a scenario file that extends the original (ctrl+s)",
             self.action_save),
            ("Export the CSIP plan…", "Markdown, TOML, CSV or JSON (ctrl+e)", self.action_export),
            ("Set the budget…", "What-if: money for the whole horizon (b)", self.action_set_budget),
            ("Set the effort per period…", "What-if: person-days in each period (e)", self.action_set_effort),
            ("Set the target level…", "What-if: the level to reach (t)", self.action_set_target),
            ("Toggle strict staging", "What-if: no level-N work before level N-1 holds (s)",
             self.action_toggle_staging),
            ("Undo the last what-if change", "(u)", self.action_undo),
            ("Revert every what-if change", "Back to the scenario as loaded", self.action_revert_all),
            ("Re-plan", "Solve again (ctrl+r)", self.action_replan),
            ("Help", "Every view and key (?)", self.action_help),
        ]
        for title, help_text, callback in own:
            yield SystemCommand(title, help_text, callback)
        if isinstance(screen, ViewScreen):
            for title, help_text, action in screen.palette_commands():
                yield SystemCommand(title, help_text or title, partial(screen.run_action, action))


def _bindings(cls: type) -> list[Binding]:
    """The bindings a class declares itself (not those it inherits from Textual's screens)."""
    return [b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]



def run_app(path: Path, service: PlannerService | None = None) -> int:
    """Run the TUI on a scenario file; returns the process exit code: 1 if the app crashed
    (Textual has then printed the traceback), 2 if no scenario could be loaded at all, 0 otherwise."""
    app = CsipApp(Path(path), service)
    result = app.run()
    return exit_code(app, result)


def exit_code(app: CsipApp, result: int | None) -> int:
    """The process exit code of a finished app. Textual ends the app on an unhandled exception
    with `return_code` 1 and the result None; that must not read as a clean quit."""
    if app.return_code:
        return max(EXIT_CRASH, app.return_code)
    if result is None:
        return EXIT_OK if app.ever_loaded else EXIT_INPUT
    return int(result)
