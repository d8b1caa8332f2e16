"""What every view shares: the strip of views at the top, the status line, the footer.

Each view is a screen of its own (an app mode) built on `ViewScreen`, which draws the common
frame and redraws its body whenever the app's workspace changes. The status line is where the
busy indicator and the solve time live, so they are visible from every view while a plan is
re-solved in the background.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.events import Click
from textual.screen import Screen
from textual.widgets import Footer, Label

from tui.state import Workspace

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.app import CsipApp

VIEWS: tuple[tuple[str, str, str], ...] = (
    ("overview", "1", "Overview"),
    ("gaps", "2", "Gaps"),
    ("quickwins", "3", "Quick wins"),
    ("roadmap", "4", "Roadmap"),
    ("milestones", "5", "Milestones"),
    ("whatif", "6", "What-if"),
    ("compare", "7", "Compare"),
    ("progress", "8", "Progress"),
    ("assessment", "a", "Assessment"),
)
"""(mode, key, title) of each view, in the order of the strip and the number keys."""

RUNNING = frozenset({"progress", "assessment"})
"""Views of the running programme rather than the plan: on a narrow terminal their tabs give way
(keys 8 and a still reach them) unless one of them is open."""

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


class ViewTab(Label):
    def __init__(self, mode: str, key: str, title: str, active: bool):
        super().__init__(f"{key} {title}", id=f"tab-{mode}",
                         classes="view-tab" + (" -active" if active else "")
                         + (" -running" if mode in RUNNING else ""))
        self.mode = mode
        self.tooltip = f"Press {key} for the {title} view"

    def on_click(self, event: Click) -> None:
        event.stop()
        self.app.switch_mode(self.mode)


class ViewTabs(Horizontal):
    """The views by number; the current one is highlighted. Clickable, but keys are quicker."""

    def __init__(self, current: str):
        super().__init__(id="view-tabs", classes="-on-running" if current in RUNNING else "")
        self.current = current

    def compose(self) -> ComposeResult:
        for mode, key, title in VIEWS:
            yield ViewTab(mode, key, title, mode == self.current)


class StatusBar(Horizontal):
    """Scenario, what-if changes, and the planner's state: busy (with a spinner and what the
    solver is doing), the plan's status and how long it took, or what went wrong."""

    def __init__(self) -> None:
        super().__init__(id="status-bar")
        self._frame = 0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        # the scenario's name comes from a file: plain text, never markup
        yield Label(id="sb-title", markup=False)
        yield Label(id="sb-changes", markup=False)
        yield Label(id="sb-state", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "workspace", self._refresh_all, init=True)
        self.watch(self.app, "busy", self._busy_changed, init=True)
        self.watch(self.app, "progress", self._refresh_state, init=False)

    @property
    def _app(self) -> CsipApp:
        return self.app  # type: ignore[return-value]

    def _refresh_all(self, _value: object = None) -> None:
        ws = self._app.workspace
        title = self.query_one("#sb-title", Label)
        sc = ws.scenario
        if sc is None:
            title.update("csip · no scenario loaded (ctrl+o opens one)")
        else:
            title.update(f"{sc.name} · {sc.framework.name}")
        n = len(ws.changes)
        changes = self.query_one("#sb-changes", Label)
        changes.update(f"✎ {n} change{'s' if n != 1 else ''}{' (saved)' if n and not ws.unsaved else ''}"
                       if n else "as loaded")
        changes.set_class(bool(n), "-edited")
        self._refresh_state()

    def _busy_changed(self, busy: bool) -> None:
        if busy and self._timer is None:
            self._timer = self.set_interval(0.1, self._spin)
        elif not busy and self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._refresh_state()

    def _spin(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self._refresh_state()

    def _refresh_state(self, _value: object = None) -> None:
        app = self._app
        ws = app.workspace
        state = self.query_one("#sb-state", Label)
        state.remove_class("-busy", "-bad", "-good")
        if app.busy:
            state.update(f"{SPINNER[self._frame]} {app.progress or 'planning'}…")
            state.add_class("-busy")
        elif ws.planned is not None and ws.planned.interim:
            state.update(f"refining… interim plan ({ws.planned.plan.status}, not proven) in "
                         f"{ws.planned.seconds:.1f} s")
            state.add_class("-busy")
        elif ws.failure is not None:
            state.update(f"⚠ {ws.failure.title}")
            state.add_class("-bad")
        elif ws.planned is not None:
            plan = ws.planned.plan
            state.update(f"{plan.status} · planned in {ws.planned.seconds:.1f} s")
            state.add_class("-bad" if plan.status == "infeasible" else "-good")
        else:
            state.update("")


class ViewScreen(Screen):
    """A view of the workspace. Subclasses compose their body and redraw it in `show`."""

    VIEW: ClassVar[str] = ""

    def compose(self) -> ComposeResult:
        yield ViewTabs(self.VIEW)
        yield StatusBar()
        with Container(id="body", classes=f"body-{self.VIEW}"):
            yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.watch(self.app, "workspace", self._workspace_changed, init=True)

    def _workspace_changed(self, ws: Workspace) -> None:
        self.show(ws)

    def show(self, ws: Workspace) -> None:
        """Redraw the body from the workspace; called on mount and after every change."""

    @property
    def csip(self) -> CsipApp:
        """The app, typed: views call its `edit` and read its workspace."""
        return self.app  # type: ignore[return-value]

    @property
    def workspace(self) -> Workspace:
        return self.csip.workspace

    def palette_commands(self) -> list[tuple[str, str, str]]:
        """(title, help, action) of this view's own actions, for the command palette."""
        return []
