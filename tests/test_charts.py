"""The charts: their data checked against `plan --json` (what they show, not their pixels), their
SVG checked for the labels a reader looks for, their output for being the same on every run, and
matplotlib for loading only when a chart is drawn.

HeRus is planned once for the module by the real rules engine and solver.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from planner.export.charts import (
    frontier_chart,
    frontier_data,
    gantt_chart,
    gantt_data,
    load_chart,
    load_data,
    plan_charts,
    profile_chart,
    profile_data,
    sweep_charts,
)
from planner.load.scenarios import load_scenario
from planner.output.jsonshapes import assess_json, plan_json
from planner.plan.pipeline import make_plan
from planner.whatif.sweep import SweepPoint, knee

REPO = Path(__file__).resolve().parent.parent
HERUS = REPO / "scenarios" / "herus.toml"
NO_MONEY = Path(__file__).parent / "data" / "whatif" / "no-money.toml"


@pytest.fixture(scope="module")
def herus():
    return make_plan(load_scenario(HERUS))


@pytest.fixture(scope="module")
def data(herus):
    return plan_json(herus)


# -- the data -----------------------------------------------------------------------------------


def test_profile_counts_goals_held_now_and_closed_by_the_plan(herus, data):
    d = profile_data(herus)
    kpas = assess_json(herus.scenario, herus.assessment)["kpas"]
    by_id = {k["id"]: k for k in kpas}
    assert set(d.kpas) == set(by_id) and len(d.kpas) == len(kpas)
    assert list(d.levels) == sorted(d.levels)  # grouped by level
    closed = {g for a in data["actions"] for g in a["closes"]}
    for kpa, level, total, held, planned in zip(d.kpas, d.levels, d.total, d.held, d.planned,
                                                strict=True):
        goals = by_id[kpa]["goals"]
        assert level == by_id[kpa]["level"] and total == len(goals)
        assert held == sum(g["status"] in ("satisfied", "na") for g in goals)
        assert planned == sum(g["id"] in closed for g in goals)
        assert held + planned <= total
        if level <= data["target_level"]:  # the plan reaches the target: every goal up to it holds
            assert held + planned == total, kpa
    assert (d.current_level, d.target_level) == (data["current_level"], data["target_level"]) == (1, 3)
    assert d.held[d.kpas.index("SUBM")] == len(by_id["SUBM"]["goals"])  # rated na: held, never planned
    assert sum(d.planned) == len(closed & {g["id"] for k in kpas for g in k["goals"]}) > 0


def test_load_follows_the_plans_periods_up_to_the_last_work(herus, data):
    d = load_data(herus)
    last = max(max(a["end"] for a in data["actions"]), data["target_period"])
    periods = data["periods"][: last + 1]
    assert d.labels == tuple(p["label"] for p in periods)
    assert [round(x, 4) for x in d.effort] == [p["effort"] for p in periods]
    assert [round(x, 4) for x in d.cost] == [p["cost"] for p in periods]
    assert d.cumulative_cost[-1] == pytest.approx(data["total_cost"])
    assert all(b >= a for a, b in zip(d.cumulative_cost, d.cumulative_cost[1:], strict=False))
    assert (d.capacity, d.budget, d.currency, d.unit) == (150, 400000, "USD", "quarter")
    assert max(d.effort) <= d.capacity + 1e-9 and d.cumulative_cost[-1] <= d.budget
    assert d.levels == tuple(p["level"] for p in periods)


def test_gantt_has_one_bar_per_action_and_the_level_per_period(herus, data):
    d = gantt_data(herus)
    by_id = {a["id"]: a for a in data["actions"]}
    assert len(d.rows) == len(by_id)
    for r in d.rows:
        a = by_id[r.id]
        assert (r.start, r.end, r.title, r.quick_win) == (a["start"], a["end"], a["title"], a["quick_win"])
    assert [(r.start, r.id) for r in d.rows] == sorted((r.start, r.id) for r in d.rows)
    assert d.labels == tuple(p["label"] for p in data["periods"][: len(d.labels)])
    assert d.levels == tuple(p["level"] for p in data["periods"][: len(d.labels)])
    assert d.milestones == tuple((m["period"], m["level"]) for m in data["milestones"])
    assert any(r.quick_win for r in d.rows)


def _point(budget, period, status="optimal", cost=0.0):
    return SweepPoint(budget=budget, effort_per_period=150, status=status, target_period=period,
                      target_label="" if period is None else f"P{period}", total_cost=cost)


def test_frontier_marks_the_sweeps_own_knee():
    line = [_point(200_000, None, "infeasible"), _point(250_000, 8, cost=240_000),
            _point(300_000, 6, cost=290_000), _point(350_000, 5, cost=338_000),
            _point(400_000, 5, cost=338_000)]
    d = frontier_data(line, "budget", "USD", "HeRus")
    assert d.knee == 3 and line[3] is knee(line, "budget").point
    assert d.target_periods == (None, 8, 6, 5, 5)
    assert d.target_labels[0] == "no plan" and d.statuses[0] == "infeasible"
    assert d.values == (200_000, 250_000, 300_000, 350_000, 400_000) and not d.still_improving
    svg = frontier_chart(d, ("svg",)).svg
    assert "knee: USD 350,000, P5" in svg and "no plan" in svg
    rising = frontier_data(line[:4], "budget", "USD")
    assert rising.knee == 3 and rising.still_improving
    assert "may improve further" in frontier_chart(rising, ("svg",)).svg


def test_sweep_charts_draw_one_frontier_per_line():
    from planner.whatif.sweep import Sweep

    budgets = (300_000.0, 400_000.0)
    points = tuple(_point(b, p) for b, p in zip(budgets, (6, 5), strict=True))
    one = Sweep("HeRus", "USD", ("budget",), budgets, (150.0,), points, (), ())
    charts = sweep_charts(one, ("svg",))
    assert [c.name for c in charts] == ["frontier"]
    assert "HeRus: earliest target by budget" in charts[0].svg
    grid = Sweep("HeRus", "USD", ("budget", "effort_per_period"), budgets, (150.0, 200.0),
                 points + points, (), ())
    titles = [c.title for c in sweep_charts(grid, ("svg",))]
    assert len(titles) == 4 and "capacity 150 person-days" in titles[0]
    assert "budget USD 300,000" in titles[2]


def test_frontier_without_any_plan_has_no_knee():
    line = [_point(1, None, "infeasible"), _point(2, None, "infeasible")]
    d = frontier_data(line, "budget")
    assert d.knee is None
    assert "no plan" in frontier_chart(d, ("svg",)).svg


# -- the drawings -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charts(herus):
    return {c.name: c for c in plan_charts(herus)}


def test_plan_charts_are_svg_and_png_with_their_labels(charts, data):
    assert list(charts) == ["profile", "load", "roadmap"]
    for c in charts.values():
        assert c.svg.lstrip().startswith("<?xml") and "<svg" in c.svg and c.svg.rstrip().endswith("</svg>")
        assert c.png.startswith(b"\x89PNG\r\n\x1a\n") and len(c.png) > 10_000
    profile, load, roadmap = charts["profile"].svg, charts["load"].svg, charts["roadmap"].svg
    for kpa in ("SCOM", "SRIM", "PRBM", "PCM"):
        assert f">{kpa}<" in profile
    assert "Level 3 Defined (target)" in profile
    for p in data["periods"][: data["target_period"] + 1]:
        assert p["label"] in load and p["label"] in roadmap
    assert "capacity 150 per quarter" in load and "budget USD 400,000" in load
    for a in data["actions"]:
        assert f">{a['id']}<" in roadmap
    for m in data["milestones"]:
        assert f"level {m['level']} reached" in roadmap or f"and {m['level']} reached" in roadmap


def test_charts_are_the_same_on_every_run(herus, charts):
    again = profile_chart(profile_data(herus))
    assert again.svg == charts["profile"].svg and again.png == charts["profile"].png
    assert "<dc:date>" not in again.svg and "Date" not in again.svg
    assert load_chart(load_data(herus), ("svg",)).png == b""  # only what was asked for
    assert gantt_chart(gantt_data(herus), ("png",)).svg == ""


def test_an_infeasible_plan_has_only_its_profile():
    plan = make_plan(load_scenario(NO_MONEY))
    assert plan.status == "infeasible"
    assert load_data(plan) is None and gantt_data(plan) is None
    assert [c.name for c in plan_charts(plan, ("svg",))] == ["profile"]


def test_the_command_line_does_not_load_matplotlib(tmp_path):
    import sys

    script = ("import sys, planner.cli, planner.export, planner.export.markdown\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in "
              "('matplotlib', 'openpyxl', 'docx')))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
