"""The sentence why a what-if made the plan dearer or later, on the mini scenario's real plans
(rules and CBC), and on one built by hand where the solver's choice must not matter."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from planner.load.scenarios import load_scenario
from planner.plan.pipeline import make_plan
from planner.plan.results import Plan
from planner.whatif.why import why_worse
from tests.tui.conftest import MINI


@cache
def _plan(horizon: int = 6, **limits) -> Plan:
    sc = load_scenario(MINI)
    sc = sc.replace(horizon=horizon)
    plan = make_plan(sc.replace(limits=replace(sc.limits, **limits)), time_limit=30, with_quick_wins=False)
    assert plan.status == "optimal", plan.diagnosis
    return plan


def test_nothing_to_say_when_the_plan_is_no_worse():
    base = _plan()
    assert why_worse(base, base) == ""
    cheaper = replace(base, total_cost=base.total_cost - 1000)
    assert why_worse(base, cheaper) == ""


def test_a_budget_cut_that_delays_the_target_is_named_with_the_actions_it_moved():
    base, cut = _plan(), _plan(budget=35000)
    assert cut.target_period > base.target_period  # the premise: the cut costs a quarter
    text = why_worse(base, cut)
    assert text.startswith("The target comes 1 quarter later")
    assert "the budget went from EUR 60,000 to EUR 35,000" in text
    moved = [a.id for a in cut.actions if a.id in {b.id: b for b in base.actions}
             and a.start > {b.id: b.start for b in base.actions}[a.id]]
    assert moved and all(aid in text for aid in moved[:3])
    assert "effort" not in text and "staging" not in text


def test_strict_staging_and_settling_time_are_named():
    text = why_worse(_plan(), _plan(staging="strict"))
    assert "staging went from free to strict" in text and "later" in text
    text = why_worse(_plan(8), _plan(8, settle=1))
    assert "settles for 1 quarter (was 0)" in text and "2 quarters later" in text


def test_a_deadline_that_costs_money_says_so():
    base = _plan(8)
    # a plan just as early but dearer, under a deadline: built by hand, the solver has no say
    dear = replace(base, total_cost=base.total_cost + 2500,
                   scenario=base.scenario.replace(limits=replace(base.scenario.limits, deadline=5)))
    text = why_worse(base, dear)
    assert text.startswith("The plan is EUR 2,500 dearer because the deadline (end of ")
    assert "later" not in text


def test_a_used_up_effort_limit_names_the_full_periods():
    base = _plan()
    peak = max(p.effort for p in base.periods)
    limits = replace(base.scenario.limits, effort_per_period=peak)
    tight = replace(base, target_period=base.target_period + 1, scenario=base.scenario.replace(limits=limits))
    text = why_worse(base, tight)
    full = [p.label for p in base.periods if p.effort >= peak - 1e-6]
    assert f"the effort per period went from 24 to {peak:.0f} person-days, used in full in {full[0]}" in text


@pytest.mark.parametrize("status", ["infeasible"])
def test_an_infeasible_plan_has_its_own_diagnosis(status):
    base = _plan()
    assert why_worse(base, replace(base, status=status)) == ""
