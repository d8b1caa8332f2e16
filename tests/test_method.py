"""The shipped HeRus plans read as an improvement manager would present them (issue: plans an
expert would sign), through the real rules and solver."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.plan.pipeline import make_plan

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


@pytest.fixture(scope="module")
def herus():
    return make_plan(load_scenario(SCENARIOS / "herus.toml"), with_quick_wins=False)


@pytest.fixture(scope="module")
def herus_cmmi():
    return make_plan(load_scenario(SCENARIOS / "herus-cmmi-svc.toml"), with_quick_wins=False)


def test_herus_plans_no_work_whose_goals_already_hold(herus):
    held = herus.assessment.satisfied_goals()
    assert herus.status == "optimal"
    assert not [a.id for a in herus.actions if a.goals and all(g in held for g in a.goals)]


def test_herus_reaches_level_2_before_level_3(herus):
    when = {m.level: m.period for m in herus.milestones}
    assert herus.scenario.limits.staging == "milestones" and herus.scenario.limits.settle == 2
    assert when[2] < when[3] == herus.target_period


def test_practices_count_only_after_they_have_run(herus):
    """With two quarters' settling time no goal holds before the end of its action plus two."""
    settle = herus.scenario.limits.settle
    first_end = min(a.end for a in herus.actions)
    assert all(p.level == herus.current_level for p in herus.periods[: first_end + settle])


def test_herus_on_cmmi_institutionalises_only_running_processes(herus_cmmi):
    assert herus_cmmi.status == "optimal"
    fw = herus_cmmi.scenario.framework
    for a in herus_cmmi.actions:
        goals = [fw.goal(g) for g in a.goals if fw.has_goal(g)]
        if goals and all(g.ref.startswith("GG") for g in goals):
            area = goals[0].kpa
            specific = {g.id for g in fw.kpa(area).goals if not g.ref.startswith("GG")}
            closers = [b for b in herus_cmmi.actions if set(b.closes) & specific]
            assert all(b.end + herus_cmmi.scenario.limits.settle < a.start for b in closers), a.id
