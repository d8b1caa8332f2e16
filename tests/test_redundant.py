"""An action all of whose goals already hold counts as finished: never planned, and an `after` on it
is met. Real rules engine and real solver.

The scenario is the quick-win one (tests/data/quickwins) with goal AA.1 rated satisfied: action "a"
closes only AA.1, and "b" waits after "a". Planning "a" would fill period 0 (it takes the whole
capacity) and push the chain a -> b -> c back a period.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.optimize.instance import finished_actions, reduce
from planner.plan.pipeline import make_plan
from planner.plan.results import PlannedAction
from planner.plan.verify import verify
from rules.assess import assess

DATA = Path(__file__).resolve().parent / "data" / "quickwins"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    folder = tmp_path_factory.mktemp("redundant")
    shutil.copy(DATA / "framework.toml", folder / "framework.toml")
    text = (DATA / "scenario.toml").read_text(encoding="utf-8")
    (folder / "scenario.toml").write_text(text + '\n[current.goals]\n"AA.1" = "satisfied"\n',
                                          encoding="utf-8")
    return load_scenario(folder / "scenario.toml")


def test_an_action_whose_goals_hold_is_finished_and_dropped(scenario) -> None:
    assessment = assess(scenario)
    assert finished_actions(scenario, assessment) == {"a"}
    reduction = reduce(scenario, assessment)
    assert "a" not in {job.id for job in reduction.instance.jobs}
    assert "a" in reduction.unused
    b = next(job for job in reduction.instance.jobs if job.id == "b")
    assert b.after == () and b.earliest == 0


def test_the_plan_skips_it_and_starts_its_successor_at_once(scenario) -> None:
    plan = make_plan(scenario, time_limit=20, with_quick_wins=False)
    starts = {pa.id: pa.start for pa in plan.actions}
    assert plan.status == "optimal"
    assert "a" not in starts
    assert starts["b"] == 0 and starts["c"] == 1
    assert plan.target_period == 1
    assert plan.total_cost == 300
    assert verify(plan) == []


def test_the_verifier_rejects_planning_a_finished_action(scenario) -> None:
    plan = make_plan(scenario, time_limit=20, with_quick_wins=False)
    a = next(x for x in scenario.actions if x.id == "a")
    extra = PlannedAction(id="a", title=a.title, start=3, end=3, effort=a.effort, cost=a.cost,
                          goals=a.goals, role=a.role, closes=())
    problems = verify(replace(plan, actions=(*plan.actions, extra)))
    assert any("already holds" in p for p in problems)
