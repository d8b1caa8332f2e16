"""The real app on HeRus, headless: real rules, real solver, no recordings. Cutting the budget
re-plans in the background and the roadmap changes. (That the interface keeps answering while a
plan is solved is tested with a held-back planner in test_app.py.)"""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import DataTable, Input

from tests.tui.conftest import settle
from tui.app import CsipApp
from tui.dialogs import InputDialog
from tui.roadmap import RoadmapScreen

HERUS = Path(__file__).resolve().parents[2] / "scenarios" / "herus.toml"


async def test_herus_budget_cut_replans_the_roadmap():
    app = CsipApp(HERUS)  # the live planner, as `csip` runs it
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, timeout=180)
        ws = app.workspace
        assert ws.failure is None
        before = ws.planned.plan
        assert before.status == "optimal" and before.current_level == 1 and before.target_level == 3
        assert before.total_cost <= 400000
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, RoadmapScreen)
        rows_before = app.screen.query_one(DataTable).row_count
        assert rows_before == 3 + len(before.actions)

        budget = before.total_cost - 20000  # the plan as it stands no longer fits
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        app.screen.query_one(Input).value = f"{budget:.0f}"
        started = time.perf_counter()
        await pilot.press("enter")
        await settle(pilot, timeout=180)
        print(f"re-plan after the budget change: {time.perf_counter() - started:.2f} s")

        after = app.workspace.planned.plan
        assert after.scenario.limits.budget == budget
        assert after.status in ("optimal", "feasible", "infeasible")
        if after.status == "infeasible":
            assert after.diagnosis is not None and after.diagnosis.least_budget is not None
        else:
            assert after.total_cost <= budget
            assert (after.target_period, after.total_cost) != (before.target_period, before.total_cost)
            table = app.screen.query_one(DataTable)
            assert table.row_count == 3 + len(after.actions)
        assert app.workspace.baseline.plan is before
