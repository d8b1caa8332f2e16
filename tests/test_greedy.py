"""The greedy heuristic is the plan a time limit falls back on, and the bound the search starts
from: it must find a plan wherever the shipped scenarios have one, milestones and settling included."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.load.scenarios import open_scenario
from planner.optimize.greedy import evaluate, greedy
from planner.optimize.instance import reduce
from planner.optimize.replan import reduce_from_status
from planner.plan.pipeline import make_plan
from planner.progress.timeline import as_of_status
from rules.assess import assess

REPO = Path(__file__).resolve().parent.parent
FEASIBLE = ["herus.toml", "herus-two-people.toml", "herus-cmmi-svc.toml", "herus-itil-heavy.toml",
            "herus-level2-first.toml", "herus-2028q1.toml", "example-waterschap.toml"]


def _instance(name: str):
    scenario, _ = open_scenario(REPO / "scenarios" / name)
    scenario = as_of_status(scenario)
    assessment = assess(scenario)
    reduction = (reduce_from_status(scenario, assessment) if scenario.progress
                 else reduce(scenario, assessment))
    return scenario, reduction.instance


@pytest.mark.parametrize("name", FEASIBLE)
def test_greedy_finds_a_plan_the_checks_accept(name: str) -> None:
    _, inst = _instance(name)
    found = greedy(inst)
    assert found is not None, f"greedy found no plan for {name}"
    again, problems = evaluate(inst, found.starts)
    assert again is not None, problems
    assert again.target_period == found.target_period


def test_milestones_overlap_where_strict_staging_would_not_fit() -> None:
    """HeRus settles two quarters: holding all level 3 work until level 2 holds does not fit its
    horizon (that is herus-strict-staging), but the milestone rule only asks level 3 to hold later."""
    _, inst = _instance("herus.toml")
    assert len(inst.stages) >= 2
    found = greedy(inst)
    assert found is not None
    close: dict[int, int] = {}
    for j, s in found.starts.items():
        for g in inst.jobs[j].covers:
            close[g] = min(close.get(g, 10**9), s + inst.jobs[j].duration - 1 + inst.settle)
    level2 = max(close[g] for g in inst.stages[0])
    first_level3_work = min(s for j, s in found.starts.items()
                            if any(g in inst.stages[1] for g in inst.jobs[j].covers))
    assert first_level3_work <= level2, "the level 3 work waited for level 2 as under strict staging"
    assert max(close[g] for g in inst.stages[1]) > level2


def test_a_tiny_time_limit_still_gives_a_plan() -> None:
    """The greedy plan is the answer when the limit runs out: never 'infeasible' for a scenario
    that has plans."""
    scenario, _ = open_scenario(REPO / "scenarios" / "herus.toml")
    plan = make_plan(scenario, time_limit=0.01, with_quick_wins=False)
    assert plan.status != "infeasible"
    assert plan.target_period is not None
