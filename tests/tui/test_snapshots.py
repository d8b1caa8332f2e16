"""What each view looks like at 80x24 and 100x30, on the mini scenario with recorded plans.

Run `pytest tests/tui/test_snapshots.py --snapshot-update` after a deliberate change to the
layout, read snapshot_report.html, and commit the pictures in __snapshots__/.
"""

from __future__ import annotations

import pytest

from tests.tui.conftest import settle
from tui.app import CsipApp

SIZES = {"80x24": (80, 24), "100x30": (100, 30)}
VIEWS = {"overview": "1", "gaps": "2", "quickwins": "3", "roadmap": "4", "milestones": "5", "whatif": "6",
         "compare": "7"}


def _app(planner, name: str = "mini.toml") -> CsipApp:
    from pathlib import Path

    return CsipApp(Path(name), planner)


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
@pytest.mark.parametrize("view", VIEWS.keys())
def test_view(snap_compare, planner, in_data, view, size):
    async def run_before(pilot):
        await settle(pilot)
        if view == "compare":
            pilot.app.compare_with(in_data / "mini-lean.toml")
        await pilot.press(VIEWS[view])
        await settle(pilot)
        if view == "gaps":  # open the first KPA and show a goal's details
            await pilot.press("down", "space", "down")
        if view == "roadmap":
            await pilot.press("down")
        await pilot.pause()

    assert snap_compare(_app(planner), terminal_size=size, run_before=run_before)


def test_what_if_with_changes(snap_compare, planner, in_data):
    """The what-if view after a budget cut and a goal rating: the change list, the effect on the
    plan, and the status line saying how many changes there are."""
    async def run_before(pilot):
        await settle(pilot)
        app = pilot.app
        ws = app.workspace
        app.edit(ws.whatif.with_limit("budget", 50000).with_goal("SLM.2", "satisfied"))
        await pilot.press("6")
        await settle(pilot)

    assert snap_compare(_app(planner), terminal_size=(100, 30), run_before=run_before)


def test_help(snap_compare, planner, in_data):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(planner), terminal_size=(100, 30), run_before=run_before)


def test_broken_scenario(snap_compare, planner, in_data):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(_app(planner, "broken.toml"), terminal_size=(80, 24), run_before=run_before)


def test_infeasible_plan(snap_compare, planner, in_data):
    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(_app(planner, "mini-tight.toml"), terminal_size=(80, 24), run_before=run_before)
