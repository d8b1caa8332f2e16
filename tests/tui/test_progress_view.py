"""The progress view on HeRus a year on, headless with the real planner: plan against actual, and
recording an action as finished (into the progress file) or started (into a new file that extends a
plan, which is never written over)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import DataTable, Input, RadioButton

from planner.load.scenarios import load_scenario
from planner.periods import period_start
from planner.plan.pipeline import make_plan
from tests.tui.conftest import settle
from tui.app import CsipApp
from tui.dialogs import InputDialog, MessageDialog
from tui.progress import ProgressScreen, RecordDialog, record_days

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("herus.toml", "herus-2028q1.toml"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    return tmp_path / "herus.toml", tmp_path / "herus-2028q1.toml"


async def _report(pilot, timeout: float = 120.0):
    import time

    deadline = time.monotonic() + timeout
    await settle(pilot, timeout=timeout)
    screen = pilot.app.screen
    while screen._report is None or screen._report_of is not pilot.app.workspace.planned.plan:
        assert time.monotonic() < deadline, "no status report"
        await pilot.pause(0.1)
    await pilot.pause()
    return screen._report


def _select(table: DataTable, key: str) -> None:
    keys = [str(r.value) for r in table.rows]
    table.move_cursor(row=keys.index(key))


async def test_progress_view_shows_plan_against_actual_and_records_a_finish(tmp_path):
    _, progress = _copy(tmp_path)
    app = CsipApp(progress)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, timeout=180)
        await pilot.press("8")
        rep = await _report(pilot)
        assert isinstance(app.screen, ProgressScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(rep.actions)
        row = table.get_row("srim-service-desk-tool")
        assert row[1] == "finished" and str(row[4]) == "+1" and str(row[5]) == "41,000"
        assert rep.earned_value.cpi < 1  # the desk tool overran
        summary = str(app.screen.query_one("#pg-summary-text").render())
        assert "CPI 0.92" in summary and "Level 3:" in summary and "56% of the way" in summary
        assert rep.levels and all(lf.forecast is not None for lf in rep.levels)
        money = app.screen.query_one("#pg-money").series
        assert money is not None and [n for n, _ in money.lines] == ["baseline", "actual", "forecast"]
        assert money.targets == (("budget", 400000),)

        _select(table, "osd-catalogue-portal")
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        dialog.query_one("#rec-finished", RadioButton).value = True
        dialog.query_one("#rec-end", Input).value = "2027-09-01"  # before its start: refused
        dialog._submit()
        await pilot.pause()
        assert app.screen is dialog and "before it started" in str(dialog.query_one("#input-error").render())
        dialog.query_one("#rec-end", Input).value = "2028-02-01"
        dialog.query_one("#rec-cost", Input).value = "52000"
        dialog.query_one("#rec-effort", Input).value = "40"
        dialog._submit()
        rep = await _report(pilot)
        text = progress.read_text()
        assert "finished = 2028-02-01" in text and "date = 2028-02-01" in text
        assert "# HeRus a year on" in text  # the manager's comments stay
        ws = app.workspace
        rec = ws.base.progress.of("osd-catalogue-portal")
        assert rec.finished is not None and rec.spent_cost == 52000
        portal = next(a for a in ws.planned.plan.actions if a.id == "osd-catalogue-portal")
        assert portal.state == "finished"
        assert rep.earned_value.ac == 251900 - 30000 + 52000


async def test_recording_on_a_plan_goes_to_a_new_file(tmp_path):
    plan_file, _ = _copy(tmp_path)
    before = plan_file.read_bytes()
    app = CsipApp(plan_file)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, timeout=180)
        await pilot.press("8")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        first = str(next(iter(table.rows)).value)
        _select(table, first)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        dialog.query_one("#rec-start", Input).value = "2027-01-15"
        dialog.query_one("#rec-cost", Input).value = "500"
        dialog._submit()
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)  # asks for a new file name
        assert app.screen.query_one(Input).value.endswith("herus-progress.toml")
        await pilot.press("enter")
        await settle(pilot, timeout=180)
        new = tmp_path / "herus-progress.toml"
        assert plan_file.read_bytes() == before
        assert 'extends = "herus.toml"' in new.read_text() and f'action = "{first}"' in new.read_text()
        assert app.workspace.base.path.resolve() == new.resolve()
        assert app.workspace.base.progress.of(first).spent_cost == 500


async def test_record_dialog_offers_a_date_inside_the_horizon(tmp_path):
    """herus.toml starts in 2027: before then, today is no date the file would take; the dialog
    offers the action's planned dates, and saving them as they are is recorded."""
    plan_file, _ = _copy(tmp_path)
    app = CsipApp(plan_file)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot, timeout=180)
        await pilot.press("8")
        await pilot.pause()
        sc, plan = app.workspace.base, app.workspace.planned.plan
        first = sc.start
        last = period_start(sc.start, sc.period, sc.horizon) - dt.timedelta(days=1)
        table = app.screen.query_one(DataTable)
        aid = "trp-inhouse-courses"
        planned = next(a for a in plan.actions if a.id == aid)
        _select(table, aid)
        await pilot.press("r")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RecordDialog)
        start = dt.date.fromisoformat(dialog.query_one("#rec-start", Input).value)
        end = dt.date.fromisoformat(dialog.query_one("#rec-end", Input).value)
        assert first <= start <= end <= last
        today = dt.date.today()
        if first <= today <= last:
            assert start == end == today
        else:  # the planned start of the action's period and the end of its last one
            assert start == period_start(sc.start, sc.period, planned.start)
            assert end == period_start(sc.start, sc.period, planned.end + 1) - dt.timedelta(days=1)
        dialog.query_one("#rec-finished", RadioButton).value = True
        dialog.query_one("#rec-cost", Input).value = "20000"
        dialog._submit()
        await pilot.pause()
        assert isinstance(app.screen, InputDialog)
        await pilot.press("enter")
        await settle(pilot, timeout=180)
        assert not isinstance(app.screen, MessageDialog)  # no "Not recorded"
        rec = app.workspace.base.progress.of(aid)
        assert (rec.started, rec.finished, rec.spent_cost) == (start, end, 20000)
        assert app.workspace.base.progress.status_date == end


def test_record_days_keep_today_inside_the_horizon_and_fall_back_outside():
    sc = load_scenario(SCENARIOS / "herus.toml")
    year_on = load_scenario(SCENARIOS / "herus-2028q1.toml")
    plan = make_plan(sc, time_limit=30, with_quick_wins=False)
    audit = next(a for a in plan.actions if a.id == "trp-inhouse-courses")
    inside = dt.date(2027, 5, 17)
    assert record_days(sc, plan, audit.id, inside) == (inside, inside)
    assert record_days(year_on, None, audit.id, inside) == (inside, inside)
    # before the horizon: the plan's own dates, or a progress file's status date
    before = dt.date(2026, 12, 1)
    start, end = record_days(sc, plan, audit.id, before)
    assert start == period_start(sc.start, sc.period, audit.start) and start > sc.start
    assert end == period_start(sc.start, sc.period, audit.end + 1) - dt.timedelta(days=1)
    assert record_days(year_on, None, audit.id, before) == (dt.date(2028, 1, 10),) * 2
    # past it: the status date; an action the plan leaves out gets the horizon's edge
    after = dt.date(2031, 2, 1)
    assert record_days(year_on, None, audit.id, after) == (dt.date(2028, 1, 10),) * 2
    assert record_days(sc, plan, "no-such-action", after) == (dt.date(2029, 12, 31),) * 2
    assert record_days(sc, plan, "no-such-action", before) == (sc.start, sc.start)
