"""Quick wins: the rules name the candidates, and a candidate only counts when starting it now
keeps the target period (ITIL's caution). Real rules engine and real solver throughout.

The scenario (tests/data/quickwins): a chain a -> b -> c where a fills period 0's capacity, a small
free action s, s2 doing what s does for more, an action e over the cost threshold, and g, which
only serves a level above the target.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.plan.pipeline import make_plan
from planner.plan.quickwins import left_out_lines, quick_wins
from rules.assess import assess
from rules.quickwins import candidates

SCENARIO = Path(__file__).resolve().parent / "data" / "quickwins" / "scenario.toml"


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def plan(scenario):
    return make_plan(scenario, time_limit=20)


def test_candidates_are_small_needed_and_free_to_start(scenario) -> None:
    found, rejected = candidates(scenario, assess(scenario))
    assert {c.action: c.closes for c in found} == {"a": ("AA.1",), "s": ("BB.2",), "s2": ("BB.2",)}
    waits = {r.action: r.because for r in rejected}
    assert waits["b"] == ("waits until a is finished",)
    assert "c" in waits
    # e costs more than the threshold; g closes a goal the target does not need
    assert not {"e", "g"} & ({c.action for c in found} | set(waits))


def test_a_candidate_that_would_delay_the_target_is_not_a_quick_win(plan) -> None:
    assert plan.status == "optimal" and plan.target_period == 2
    assert [w.id for w in plan.quick_wins] == ["a"]
    assert "starts it in the first period anyway" in plan.quick_wins[0].reason
    marked = {pa.id for pa in plan.actions if pa.quick_win}
    assert marked == {"a"}
    # s is in the plan, just not first: started in period 0 it would push a, b and c back
    assert {pa.id: pa.start for pa in plan.actions}["s"] > 0
    why_not = dict(plan.quick_wins_left_out)
    assert set(why_not) == {"s", "s2"}
    assert "would move the target past Q3 2027" in why_not["s"]
    assert why_not["s2"].startswith("the planner set it aside: ")
    assert "s closes the same goals" in why_not["s2"]
    assert any(line.startswith("s2 (Measure beta by hand): the planner set it aside")
               for line in left_out_lines(plan))


def test_with_more_capacity_the_same_action_becomes_a_quick_win(scenario) -> None:
    roomy = replace(scenario, limits=replace(scenario.limits, effort_per_period=15))
    plan = make_plan(roomy, time_limit=20)
    assert plan.target_period == 2
    assert {w.id for w in plan.quick_wins} == {"a", "s"}
    assert [aid for aid, _ in plan.quick_wins_left_out] == ["s2"]


def test_checks_without_time_left_are_named_not_guessed(plan) -> None:
    left_out: list[tuple[str, str]] = []
    wins = quick_wins(plan, time_limit=0.0, left_out=left_out)
    # a needs no solver (the plan starts it first); s needs one and there is no time for it
    assert [w.id for w in wins] == ["a"]
    why_not = dict(left_out)
    assert set(why_not) == {"s", "s2"}
    assert "not settled in time" in why_not["s"]
