"""Progress files: loader errors, earned value by hand, re-planning through the real solver, status JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.load.scenarios import load_scenario
from planner.plan.pipeline import make_plan
from planner.progress.status import earned_value

ROOT = Path(__file__).resolve().parent.parent
HERUS = ROOT / "scenarios" / "herus.toml"


def _progress(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "progress.toml"
    p.write_text(f'extends = "{HERUS.as_posix()}"\n' + body)
    return p


def _problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as exc:
        load_scenario(path)
    return [f"{p.key}: {p.message} {p.hint}" for p in exc.value.problems]


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        (
            '[status]\ndate = 2027-07-15\n[[progress]]\naction = "scom-sla-template"\nstarted = 2027-03-01\n'
            "finished = 2027-02-01\n",
            "progress[0].finished",
            "before the start",
        ),
        (
            '[status]\ndate = 2027-07-15\n[[progress]]\naction = "scom-sla-template"\nstarted = 2027-08-01\n',
            "progress[0].started",
            "after the status date",
        ),
        (
            '[status]\ndate = 2027-07-15\n[[progress]]\naction = "scom-sla-templat"\nstarted = 2027-03-01\n',
            "progress[0].action",
            "scom-sla-template",
        ),
        (
            '[status]\ndate = 2027-07-15\n[[progress]]\naction = "scom-sla-template"\nspent_cost = 100\n',
            "progress[0].spent_cost",
            "never started",
        ),
        ("[status]\ndate = 2031-01-01\n", "status.date", "outside the plan's horizon"),
        (
            "[status]\ndate = 2027-07-15\n[csip.kpis.sd]\nbaseline = 30\ntarget = 85\n"
            '[[kpi_measurements]]\nkpi = "sd"\nvalue = 40\n',
            "kpi_measurements[0].date",
            "required",
        ),
    ],
)
def test_bad_progress_is_reported_with_key(tmp_path, body, key, words):
    found = _problems(_progress(tmp_path, body))
    assert any(f.startswith(key) and words in f for f in found), found


def test_bad_progress_exits_2_with_file_and_key(tmp_path):
    path = _progress(
        tmp_path, '[status]\ndate = 2027-07-15\n[[progress]]\naction = "nope"\nstarted = 2027-03-01\n'
    )
    run = subprocess.run(
        [sys.executable, "-m", "planner", "plan", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "progress.toml" in run.stderr and "action" in run.stderr and "Traceback" not in run.stderr


def test_earned_value_by_hand(tmp_path):
    # status period 2 (Q3 2027). Baseline: A cost 1000 over periods 0-1 (all before: PV 1000),
    # B cost 600 over periods 1-3 (one of three periods before: PV 200): PV 1200.
    # A finished: EV 1000; B running with 10 of 10+30 effort spent: EV 600 * 0.25 = 150: EV 1150.
    # AC = 900 + 400 = 1300. SPI = 1150/1200, CPI = 1150/1300.
    path = _progress(
        tmp_path,
        """
[status]
date = 2027-07-15
[[actions]]
id = "a-x"
title = "A"
goals = ["SCOM.1"]
effort = 20
cost = 1000
duration = 2
[[actions]]
id = "b-x"
title = "B"
goals = ["SCOM.2"]
effort = 40
cost = 600
duration = 3
[[progress]]
action = "a-x"
started = 2027-01-05
finished = 2027-06-20
spent_cost = 900
spent_effort = 20
[[progress]]
action = "b-x"
started = 2027-04-05
spent_cost = 400
spent_effort = 10
remaining_effort = 30
""",
    )
    sc = load_scenario(path)
    baseline = {
        "actions": [
            {"id": "a-x", "start": 0, "end": 1, "cost": 1000},
            {"id": "b-x", "start": 1, "end": 3, "cost": 600},
        ]
    }
    ev = earned_value(sc, baseline)
    assert ev.pv == pytest.approx(1200)
    assert ev.ev == pytest.approx(1150)
    assert ev.ac == pytest.approx(1300)
    assert ev.spi == pytest.approx(1150 / 1200)
    assert ev.cpi == pytest.approx(1150 / 1300)


def test_replan_from_status_through_the_solver():
    sc = load_scenario(ROOT / "scenarios" / "herus-2028q1.toml")
    plan = make_plan(sc, time_limit=60, with_quick_wins=False)
    first = 4
    states = {a.id: a for a in plan.actions}
    assert states["osd-catalogue-portal"].state == "in_progress"
    assert states["osd-catalogue-portal"].start == 3
    assert states["srim-service-desk-tool"].state == "finished"
    assert all(a.start >= first for a in plan.actions if a.state == "planned")
    assert all(p.effort == 0 for p in plan.periods[:first])
    spent = sc.progress.spent_cost
    still = sum(a.cost for a in plan.actions if a.state == "planned") + (55000 - 30000)
    assert plan.total_cost == pytest.approx(spent + still)
    assert plan.total_cost <= sc.limits.budget
    # the running portal's remaining 25 person-days load its one remaining period (the status period)
    assert plan.periods[first].effort >= 25


def test_status_json_shape():
    run = subprocess.run(
        [sys.executable, "-m", "planner", "status", "scenarios/herus-2028q1.toml", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["scenario"] == "HeRus" and data["status_date"] == "2028-01-10"
    row = next(a for a in data["actions"] if a["id"] == "srim-service-desk-tool")
    assert set(row) >= {
        "id",
        "state",
        "planned_start",
        "planned_end",
        "actual_start",
        "actual_end",
        "planned_cost",
        "spent_cost",
    }
    assert row["spent_cost"] > row["planned_cost"]
    assert set(data["earned_value"]) == {"pv", "ev", "ac", "spi", "cpi"}
    ev = data["earned_value"]
    assert ev["spi"] == pytest.approx(ev["ev"] / ev["pv"], abs=1e-3)
    assert ev["cpi"] == pytest.approx(ev["ev"] / ev["ac"], abs=1e-3)
    assert ev["cpi"] < 1  # the service desk tool overran its budget
    forecast = data["forecast"]
    assert isinstance(forecast["target_period"], int) and isinstance(forecast["baseline_target_period"], int)


def test_baseline_of_another_scenario_is_refused(tmp_path):
    other = tmp_path / "base.json"
    other.write_text(json.dumps({"scenario": "Someone else", "framework": "itscmm", "actions": []}))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "status",
            "scenarios/herus-2028q1.toml",
            "--json",
            "--baseline",
            str(other),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert "Someone else" in json.loads(run.stdout)["baseline_note"]
