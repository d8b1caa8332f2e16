"""Driving the app with keys: navigation, editing what-ifs, saving, exporting, opening and
comparing scenarios, and what happens with a broken file or while a plan is being solved."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from planner.load.scenarios import load_scenario
from tests.tui.conftest import DATA, MINI, RecordedPlanner, row_text, settle
from tui.app import CsipApp
from tui.assessment import AssessmentScreen
from tui.chrome import VIEWS
from tui.compare import CompareScreen
from tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    ExportDialog,
    InputDialog,
    MessageDialog,
    OpenDialog,
    SaveDialog,
)
from tui.gaps import GapScreen, GapTree
from tui.help import HelpScreen
from tui.milestones import MilestonesScreen
from tui.overview import OverviewScreen
from tui.progress import ProgressScreen
from tui.quickwins import QuickWinsScreen
from tui.roadmap import RoadmapScreen
from tui.whatif import ChangesTable, ItilTable, WhatIfScreen

SCREENS = {"overview": OverviewScreen, "gaps": GapScreen, "quickwins": QuickWinsScreen,
           "roadmap": RoadmapScreen, "milestones": MilestonesScreen, "whatif": WhatIfScreen,
           "compare": CompareScreen, "progress": ProgressScreen, "assessment": AssessmentScreen}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The mini scenario in a folder of its own, for tests that write files next to it."""
    for name in ("mini_framework.toml", "mini.toml", "mini-lean.toml"):
        shutil.copy(DATA / name, tmp_path)
    return tmp_path


async def test_number_keys_and_tabs_switch_views(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for mode, key, _title in VIEWS:
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, SCREENS[mode]), mode
            assert app.screen.query_one(f"#tab-{mode}").has_class("-active")
        await pilot.click("#tab-roadmap")
        await pilot.pause()
        assert isinstance(app.screen, RoadmapScreen)


async def test_the_running_views_have_tabs_that_give_way_on_a_narrow_terminal(planner):
    """Progress and assessment are in the strip; on 80 columns their tabs show only while open,
    and Compare's gives way to the open one, so the strip never runs off the screen."""
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#tab-progress").display
        await pilot.click("#tab-progress")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#tab-progress").display
        assert app.screen.query_one("#tab-compare").display
        await pilot.press("8")
        await pilot.pause()
        tabs = app.screen.query_one("#view-tabs")
        assert app.screen.query_one("#tab-progress").display
        assert not app.screen.query_one("#tab-compare").display
        assert sum(t.outer_size.width for t in tabs.children if t.display) <= 80


async def test_every_view_shows_the_plan(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        plan = app.workspace.planned.plan
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3 + len(plan.actions)  # load, spend, level, then one row an action
        await pilot.press("3")
        await settle(pilot)
        wins = app.screen.query_one(DataTable)
        shown = [row_text(wins, i)[1].split()[0] for i in range(wins.row_count)]  # the id, then the title
        assert shown == [w.id for w in app.workspace.planned.wins]
        await pilot.press("5")
        await settle(pilot)
        from textual.widgets import OptionList

        options = app.screen.query_one(OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("INC Incident Management" in t for t in titles)
        assert any("Level 3 (Defined)" in t for t in titles)


async def test_help_lists_every_key(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen._text())
        for binding in app.BINDINGS:
            if binding.description and not binding.action.startswith("view("):
                assert binding.description in text
        for title in ("Rate goal", "Mark done", "Revert change", "PMF +1", "Compare with…"):
            assert title in text
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_command_palette_has_an_entry_for_every_action(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for _mode, _key, title in VIEWS:
            assert f"View: {title}" in titles
        for wanted in ("Open scenario…", "Compare with another scenario…", "Save the what-if…",
                       "Export the CSIP plan…", "Set the budget…", "Set the effort per period…",
                       "Set the target level…", "Toggle strict staging", "Undo the last what-if change",
                       "Revert every what-if change", "Re-plan", "Help", "Quit"):
            assert wanted in titles
        await pilot.press("2")
        gap_titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Rate the goal under the cursor" in gap_titles
        await pilot.press("3")
        assert "Mark the selected quick win done" in {c.title for c in app.get_system_commands(app.screen)}
        # and the palette runs them: ctrl+p, a few letters, enter
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"set the budget")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, InputDialog)


async def test_budget_edit_replans_and_undo_restores(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        before = app.workspace.planned.plan
        await pilot.press("6")
        await settle(pilot)
        budget = app.screen.query_one("#wi-budget", Input)
        budget.focus()
        budget.value = "35k"
        await pilot.press("enter")
        await settle(pilot)
        ws = app.workspace
        assert ws.whatif.limits == {"budget": 35000}
        assert ws.planned.plan.scenario.limits.budget == 35000
        assert ws.planned.plan.total_cost <= 35000 < before.total_cost
        changes = app.screen.query_one(ChangesTable)
        assert row_text(changes, 0) == ["Budget", "60,000 → 35,000"]
        assert ws.baseline.plan.total_cost == before.total_cost  # the as-loaded plan is kept beside it
        await pilot.press("escape")  # out of the field: keys are commands again
        assert not budget.has_focus
        await pilot.press("u")
        await settle(pilot)
        assert not app.workspace.changes
        assert app.workspace.planned.plan.total_cost == before.total_cost


async def test_bad_amount_is_refused_in_place(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        field = app.screen.query_one(Input)
        field.value = "lots"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)  # still open, saying why
        assert "is not an amount" in str(app.screen.query_one("#input-error").render())
        field.value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert app.workspace.whatif.limits == {"budget": None}
        assert app.workspace.planned.plan.scenario.limits.budget is None


async def test_goal_rating_from_the_gap_tree(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("down", "space", "down")  # level 2 > SLM > SLM.1
        await pilot.pause()
        tree = app.screen.query_one(GapTree)
        assert tree.cursor_node.data == ("goal", "SLM.1")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("home", "enter")  # satisfied
        await settle(pilot)
        ws = app.workspace
        assert ws.whatif.goals == {"SLM.1": "satisfied"}
        assert ws.analysis.assessment.goals["SLM.1"].status == "satisfied"
        # its only goal now holds, so slm-template counts as finished: not planned again, and
        # slm-report, which waits after it, no longer has to wait
        assert "slm-template" not in {a.id for a in ws.planned.plan.actions}
        tree = app.screen.query_one(GapTree)
        assert tree.cursor_node.data == ("goal", "SLM.1")  # the cursor stays where it was
        assert "✎" in tree.cursor_node.label.plain


async def test_mark_a_quick_win_done(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        first = app.workspace.planned.wins[0].id
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        ws = app.workspace
        assert ws.whatif.done == (first,)
        assert first in ws.planned.plan.scenario.done
        assert first not in {a.id for a in ws.planned.plan.actions}
        assert first not in {w.id for w in ws.planned.wins}


async def test_target_and_staging_edits(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("up", "enter")  # from 3 to 2
        await settle(pilot)
        assert app.workspace.planned.plan.target_level == 2
        await pilot.press("s")
        await settle(pilot)
        assert app.workspace.planned.plan.scenario.limits.strict_staging is True
        await pilot.press("6")
        await settle(pilot)
        rows = app.screen.query_one(ChangesTable).row_count
        assert rows == 2


async def test_itil_levels_edit_and_never_block(recordings):
    """An ITIL level changed while the first plan is still being solved: the edit shows at once,
    the app keeps answering keys, and the plan that finally shows has the new level."""
    gate = threading.Event()

    class Slow(RecordedPlanner):
        def plan(self, analysis, progress):
            gate.wait(20)
            return super().plan(analysis, progress)

    app = CsipApp(MINI, Slow(recordings))
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.workspace.analysis is not None:
                break
        assert app.busy and app.workspace.planned is None
        await pilot.press("6")
        await pilot.pause()
        table = app.screen.query_one(ItilTable)
        table.focus()
        await pilot.press("down", "plus", "plus", "plus")
        await pilot.pause()
        assert app.workspace.whatif.itil == {"incident_management": 3}
        assert row_text(table, 1)[2] == "3 ✔ ✎"
        await pilot.press("2")  # the interface answers while the solver is busy
        await pilot.pause()
        assert isinstance(app.screen, GapScreen)
        assert app.busy
        gate.set()
        await settle(pilot)
        assert app.workspace.planned.plan.scenario.current.itil == {"incident_management": 3}


async def test_edits_during_a_solve_queue_one_replan(recordings):
    """Three edits while a plan is being solved: one more plan, for the last of them; the stale
    result is never shown."""
    gate = threading.Event()

    class Gated(RecordedPlanner):
        def plan(self, analysis, progress):
            if self.plans == 0:
                gate.wait(20)
            return super().plan(analysis, progress)

    planner = Gated(recordings)
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.workspace.analysis is not None:
                break
        for budget in (50000, 45000, 40000):
            app.edit(app.workspace.whatif.with_limit("budget", budget))
            await pilot.pause()
        gate.set()
        await settle(pilot)
        assert planner.plans == 2
        assert app.workspace.planned.plan.scenario.limits.budget == 40000
        assert app.workspace.baseline.plan.scenario.limits.budget == 60000


async def test_save_what_if_never_overwrites_without_asking(planner, folder):
    app = CsipApp(folder / "mini.toml", planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit(app.workspace.whatif.with_limit("effort_per_period", 30))
        await settle(pilot)
        target = folder / "what-ifs" / "more-people.toml"
        target.parent.mkdir()

        async def save_as(path: Path) -> None:
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, SaveDialog)
            app.screen.query_one("#path", Input).value = str(path)
            app.screen.query_one("#name", Input).value = "Mini IT: more people"
            await pilot.click("#save")
            await pilot.pause()

        await save_as(target)
        await settle(pilot)
        saved = load_scenario(target)
        assert saved.limits.effort_per_period == 30 and saved.name == "Mini IT: more people"
        assert 'extends = "../mini.toml"' in target.read_text("utf-8")
        assert not app.workspace.unsaved

        target.write_text("# someone else's file\n", "utf-8")
        await save_as(target)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text("utf-8") == "# someone else's file\n"
        await save_as(target)
        await pilot.press("y")
        await settle(pilot)
        assert load_scenario(target).limits.effort_per_period == 30


async def test_export_the_csip_plan(planner, folder):
    app = CsipApp(folder / "mini.toml", planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        target = folder / "plan.md"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await settle(pilot)
        text = target.read_text("utf-8")
        assert "Mini IT" in text and "slm-template" in text
        await pilot.press("ctrl+e")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)  # it exists: ask first
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text("utf-8") == text


async def test_broken_file_is_a_message_not_a_crash(planner, in_data):
    app = CsipApp(Path("broken.toml"), planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MessageDialog)
        assert "limits.budgt: unknown key" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("escape")
        for key in "1234567":  # every view copes with having nothing to show
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("1")
        assert "unknown goal" in str(app.screen.query_one("#ov-problem").render())
        await pilot.press("q")
    assert app.return_value == 2


async def test_open_another_scenario(planner, in_data):
    app = CsipApp(Path("broken.toml"), planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, OpenDialog)
        app.screen.query_one("#path", Input).focus()
        await pilot.press(*"mini-lean.toml", "enter")
        await settle(pilot)
        assert app.workspace.base.name == "Mini IT: lean"
        assert app.workspace.failure is None and app.workspace.planned.plan.status == "optimal"
        await pilot.press("q")
    assert app.return_value == 0


async def test_compare_two_scenarios(planner, in_data):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("7", "c")
        await pilot.pause()
        assert isinstance(app.screen, OpenDialog)
        app.screen.query_one("#path", Input).focus()
        await pilot.press(*"mini-lean.toml", "enter")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        rows = {row_text(table, i)[0]: row_text(table, i)[1:] for i in range(table.row_count)}
        assert rows["Target reached ◆"] == ["Q1 2028", "Q3 2028"]
        assert rows["Effort a period ◆"] == ["24 pd", "16 pd"]


async def test_quit_asks_only_when_edits_are_unsaved(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit(app.workspace.whatif.with_target(2))
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        await pilot.press("q", "q")  # q again confirms
    assert app.return_value == 0



async def test_target_from_the_what_if_form(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        assert app.workspace.whatif.target_level is None  # showing the form changes nothing
        select = app.screen.query_one("#wi-target")
        select.focus()
        await pilot.press("enter", "up", "enter")
        await settle(pilot)
        assert app.workspace.planned.plan.target_level == 2
        assert row_text(app.screen.query_one(ChangesTable), 0) == ["Target level", "3 → 2"]
