"""The TUI's rough edges from issue 13, each as a user met it: run-together text, numbers that do
not fit their cells or round otherwise than the command line, a goal pane that contradicts
itself, a marker nobody explains, a checkbox that reads "X off", ids where titles fit, ITIL ids
for process names, and money examples for person-days."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Input, Label, Select, Static

from planner.load.scenarios import load_scenario
from planner.numbers import days
from tests.tui.conftest import DATA, MINI, row_text, settle
from tui.app import CsipApp
from tui.compare import MOVED
from tui.dialogs import InputDialog
from tui.format import fit, short_days, short_money
from tui.gaps import GapScreen, process_names
from tui.quickwins import QuickWinsScreen
from tui.roadmap import GanttTable
from tui.whatif import STAGING_OPTIONS

HERUS = Path(__file__).resolve().parents[2] / "scenarios" / "herus.toml"


def _text(widget: Static) -> str:
    return str(widget.render())


async def test_a_long_change_label_keeps_a_space_before_its_value(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.edit(app.workspace.whatif.with_done("slm-template").with_limit("budget", 59000))
        await settle(pilot)
        card = _text(app.screen.query_one("#ov-whatif", Static))
        assert "Action slm-template" in card
        for line in card.splitlines()[:2]:
            assert line[23] == " ", line
    assert fit("ITIL incident_management", 23) == "ITIL incident_manageme…"


def test_roadmap_numbers_fit_their_cells_and_round_as_the_command_line():
    for width in (4, 5, 6, 8):
        for x in (950, 12_500, 99_500, 150_000, 999_999, 1_250_000, 12_500_000):
            assert len(short_money(x, width)) <= width, (x, width)
    assert short_money(12_500, 4) == "12k" and short_money(12_500, 5) == "12.5k"
    assert short_days(148.5, 5) == days(148.5) == "148.5"
    assert short_days(148.5, 4) == "148"  # only where the decimal cannot fit


async def test_roadmap_at_80_columns_keeps_spend_apart_and_load_as_the_cli(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one(GanttTable)
        plan = app.workspace.planned.plan
        load, spend = row_text(table, 0)[1:], row_text(table, 1)[1:]
        widths = [c.width for c in list(table.columns.values())[1:]]
        for cell, width in zip(spend, widths, strict=True):
            assert len(cell) <= width and cell.endswith(" "), cell
        for cell, period in zip(load, plan.periods, strict=True):
            if period.effort:
                assert cell.strip() == short_days(period.effort, len(cell) - 1)


async def test_a_goal_that_holds_is_not_offered_for_closing(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, GapScreen)
        held = screen._goal(app.workspace, "CFG.1").plain
        assert "already holds" in held and "What would close it" not in held
        open_goal = screen._goal(app.workspace, "SLM.1").plain
        assert "What would close it" in open_goal and "already holds" not in open_goal


async def test_compare_explains_its_marker_and_counts_moved_actions(planner, in_data):
    app = CsipApp(Path("mini.toml"), planner)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.compare_with(in_data / "mini-lean.toml")
        await pilot.press("7")
        await settle(pilot)
        assert "◆ where A and B differ" in _text(app.screen.query_one("#cmp-head", Static))
        table = app.screen.query_one("DataTable")
        rows = {row_text(table, i)[0]: row_text(table, i)[1:] for i in range(table.row_count)}
        moved = next(k for k in rows if k.startswith(MOVED))
        assert moved.endswith("◆") == (rows[moved][0] != "none")


async def test_the_staging_selector_says_what_it_means(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        box = app.screen.query_one("#wi-staging", Select)
        assert box.value == app.workspace.base.limits.staging
        await pilot.press("s")
        await settle(pilot)
        assert box.value == "strict"
        assert [str(text) for text, _v in STAGING_OPTIONS] == ["free", "milestones", "strict"]
        assert "strict: no work on a level-N goal before level N-1 holds" in str(box.tooltip)


async def test_quick_wins_show_titles_where_they_fit(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert isinstance(app.screen, QuickWinsScreen)
        table = app.screen.query_one("DataTable")
        wins = app.workspace.planned.wins
        assert wins
        for i, w in enumerate(wins):
            assert row_text(table, i)[1] == f"{w.id}  {w.title}"


def test_itil_processes_are_named_in_the_gap_pane():
    sc = load_scenario(HERUS)
    text = "ITIL below the threshold 3 (service_level_management at PMF 1); not rated"
    named = process_names(text, sc)
    assert "service_level_management" not in named
    assert "Service level management" in named or "Service Level Management" in named
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", named)
    assert process_names("SRIM.1 satisfied", sc) == "SRIM.1 satisfied"


async def test_the_effort_dialog_suggests_person_days(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        prompt = _text(app.screen.query_one(".dialog-text", Static))
        assert "person-days (150" in prompt and "300k" not in prompt
        app.screen.query_one(Input).value = "lots"
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#input-error", Label).render())
        assert "150" in error and "300k" not in error


def test_only_the_tui_imports_the_plotting_widget():
    root = DATA.parents[2]
    users = [p.relative_to(root).as_posix() for folder in ("planner", "rules", "tui", "scenarios")
             for p in (root / folder).rglob("*.py") if "textual_plotext" in p.read_text("utf-8")]
    assert users == ["tui/plots.py"]
