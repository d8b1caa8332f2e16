"""The TUI's plots (tui/plots.py): the data they draw, checked against the plan, not pixels."""

from __future__ import annotations

from itertools import accumulate

from tests.tui.conftest import MINI, settle
from tui.app import CsipApp
from tui.plots import LimitChart, load_series, spend_series


async def test_overview_and_roadmap_plot_the_plan_against_its_limits(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        plan = app.workspace.planned.plan
        sc = plan.scenario
        spend = app.screen.query_one("#ov-spend", LimitChart)
        assert spend.display
        assert spend.series == spend_series(plan)
        assert spend.series.values == tuple(accumulate(p.cost for p in plan.periods))
        assert spend.series.values[-1] == plan.total_cost
        assert spend.series.limit == sc.limits.budget == 60000
        assert len(spend.series.labels) == sc.horizon

        await pilot.press("4")
        await settle(pilot)
        chart = app.screen.query_one("#rm-load", LimitChart)
        assert not chart.display
        await pilot.press("g")
        await pilot.pause()
        assert chart.display
        load = load_series(plan)
        assert chart.series == load
        assert load.values == tuple(p.effort for p in plan.periods)
        assert sum(load.values) == plan.total_effort
        assert load.limit == sc.limits.effort_per_period == 24
        assert max(load.values) <= load.limit
        assert load.labels[0] == "Q1'27"


async def test_the_plots_follow_a_what_if(planner):
    app = CsipApp(MINI, planner)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(pilot)
        app.edit(app.workspace.whatif.with_limit("effort_per_period", 30).with_limit("budget", None))
        await settle(pilot)
        spend = app.screen.query_one("#ov-spend", LimitChart)
        assert spend.series.limit is None and spend.series.limit_label == "no budget limit"
        await pilot.press("4", "g")
        await settle(pilot)
        assert app.screen.query_one("#rm-load", LimitChart).series.limit == 30
