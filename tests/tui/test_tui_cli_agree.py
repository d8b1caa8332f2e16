"""The TUI and the command line agree: after a what-if on a capacity-tight scenario, the plan the
TUI finally shows is `csip plan`'s for the same scenario (the planner's own make_plan with the
command line's 60 s limit). The TUI's quick limit is set very low here, so its first answer is
unproven and shown as interim, and the refining search (real rules engine, real solver) must
replace it."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Input, Label

import scenarios
from planner.plan.pipeline import make_plan
from planner.whatif.edits import apply
from tests.tui.conftest import settle
from tui.app import CsipApp
from tui.service import CLI_TIME_LIMIT, LivePlanner, unproven

HERUS = Path(scenarios.__file__).parent / "herus.toml"


class WatchedPlanner(LivePlanner):
    """The real planner, counting the quick plans that came back unproven and the refinements."""

    def __init__(self) -> None:
        super().__init__(time_limit=0.1)
        self.unproven = 0
        self.refined = 0

    def plan(self, analysis, progress):
        planned = super().plan(analysis, progress)
        self.unproven += unproven(planned.plan)
        return planned

    def refine(self, analysis, progress):
        self.refined += 1
        time.sleep(0.5)  # the full search can be done in a blink: leave the interim state on show
        return super().refine(analysis, progress)


async def test_the_final_plan_of_a_tight_what_if_is_the_command_lines():
    service = WatchedPlanner()
    assert service.refine_limit == CLI_TIME_LIMIT
    app = CsipApp(HERUS, service)
    seen_interim: list[str] = []
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot, timeout=300)
        await pilot.press("6")
        await pilot.pause()
        field = app.screen.query_one("#wi-effort", Input)
        field.focus()
        field.value = "100"
        await pilot.press("enter")
        # watch the status line while the quick plan is on show
        for _ in range(400):
            await pilot.pause(0.05)
            state = str(app.screen.query_one("#sb-state", Label).render())
            if "refining" in state:
                seen_interim.append(state)
            if app.workspace.planned is not None and app.workspace.current and \
                    not app.workspace.planned.interim and not app.workers:
                break
        await settle(pilot, timeout=300)
        ws = app.workspace
        assert ws.changes and ws.current and not ws.planned.interim
        assert "refining" not in str(app.screen.query_one("#sb-state", Label).render())
        shown = ws.planned.plan
        scenario = apply(ws.base, ws.whatif)
    assert service.unproven >= 1 and service.refined >= 1, "the quick plan should have needed refining"
    assert seen_interim, "the interim plan was never shown as such"
    cli = make_plan(scenario, time_limit=CLI_TIME_LIMIT)
    assert shown.status == cli.status
    assert shown.target_period == cli.target_period
    assert abs(shown.total_cost - cli.total_cost) < 0.5
    assert {a.id for a in shown.actions} == {a.id for a in cli.actions}
