"""The diagnosis of an infeasible re-plan from a progress file: every answer is planned from the
status date, as the plan itself is, and counts the money already spent (real rules engine and solver)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.model import Scenario
from planner.plan.pipeline import make_plan
from planner.plan.results import Plan
from planner.progress.timeline import status_period

ROOT = Path(__file__).resolve().parent.parent
HERUS = ROOT / "scenarios" / "herus.toml"
YEAR_ON = ROOT / "scenarios" / "herus-2028q1.toml"


RUNNING_PORTAL = """started = 2027-10-11           # a quarter late and still running
spent_effort = 18
spent_cost = 30000
remaining_effort = 25
"""


def _year_on(tmp_path: Path, extra_cost: float = 0.0, more: str = "", status: str | None = None,
             portal: str | None = None) -> Scenario:
    """herus-2028q1.toml, extending the planned scenario, with `extra_cost` more spent on the
    in-house courses, `more` appended, the status date and the running portal's record changed."""
    text = YEAR_ON.read_text()
    if portal is not None:
        assert RUNNING_PORTAL in text
        text = text.replace(RUNNING_PORTAL, portal)
    text = re.sub(r'^extends = ".*"$', f'extends = "{HERUS.as_posix()}"', text, count=1, flags=re.M)
    text = text.replace("spent_effort = 58\nspent_cost = 20500",
                        f"spent_effort = 58\nspent_cost = {20500 + extra_cost:g}")
    if status is not None:
        text = text.replace("date = 2028-01-10", f"date = {status}", 1)
    path = tmp_path / "progress.toml"
    path.write_text(text + more)
    return load_scenario(path)


def _plan(scenario: Scenario) -> Plan:
    return make_plan(scenario, time_limit=30, with_quick_wins=False)


@pytest.fixture(scope="module")
def short_of_money(tmp_path_factory) -> tuple[Scenario, Plan]:
    """The courses cost 3,000 more than recorded: the money left is short of the re-plan."""
    scenario = _year_on(tmp_path_factory.mktemp("short"), extra_cost=3000)
    return scenario, _plan(scenario)


def test_what_is_reachable_lies_after_the_status_date(short_of_money):
    scenario, plan = short_of_money
    assert plan.status == "infeasible"
    reach = plan.diagnosis.reachable
    assert reach is not None
    assert reach.period >= status_period(scenario)
    # the same answer as the plan of that level from the same progress file
    lower = _plan(scenario.replace(target_level=reach.level))
    assert lower.status == "optimal"
    assert (reach.period, reach.cost) == (lower.target_period, pytest.approx(lower.total_cost))
    said = [m for m in plan.diagnosis.messages if m.startswith("what these limits do allow")]
    assert said == [f"what these limits do allow: level {reach.level} at the end of Q3 2028 for USD 285,400"]


def test_least_budget_counts_the_money_spent(short_of_money):
    scenario, plan = short_of_money
    d = plan.diagnosis
    spent = scenario.progress.spent_cost
    assert d.least_budget is not None and d.least_budget_proven
    assert d.least_budget > scenario.limits.budget  # the budget is what binds
    assert d.least_budget > spent
    assert "budget" in d.binding
    # that budget is just enough for the same file's plan, whose total_cost counts the money spent
    enough = _plan(scenario.replace(limits=replace(scenario.limits, budget=d.least_budget)))
    assert enough.status == "optimal"
    assert enough.total_cost == pytest.approx(d.least_budget)
    short = _plan(scenario.replace(limits=replace(scenario.limits, budget=d.least_budget - 100)))
    assert short.status == "infeasible"


def test_least_horizon_from_the_status_date(tmp_path):
    scenario = _year_on(tmp_path)
    planned = _plan(scenario)
    assert planned.status == "optimal"
    cut = scenario.replace(horizon=planned.target_period, limits=replace(scenario.limits, budget=None))
    plan = _plan(cut)
    assert plan.status == "infeasible"
    assert plan.diagnosis.least_horizon == planned.target_period + 1
    assert "horizon" in plan.diagnosis.binding


def test_a_level_held_at_the_status_date_is_said_so(tmp_path):
    """Level 2 is reached by the status date; the money left does not reach level 3."""
    first = _year_on(tmp_path)
    plan = _plan(first)
    late = dt.date(2028, 10, 5)  # Q4 2028
    records = []
    for pa in plan.actions:
        if pa.state != "planned" or pa.end > 6:
            continue
        start = plan.periods[pa.start].start
        end = plan.periods[pa.end].start + dt.timedelta(days=60)
        records.append(f'\n[[progress]]\naction = "{pa.id}"\nstarted = {start}\nfinished = {end}\n'
                       f"spent_effort = {pa.effort:g}\nspent_cost = {pa.cost:g}\n")
    portal = "started = 2027-10-11\nfinished = 2028-06-20\nspent_effort = 43\nspent_cost = 60000\n"
    scenario = _year_on(tmp_path, more="".join(records), status=late.isoformat(), portal=portal)
    later = _plan(scenario)
    assert later.assessment.current_level == 2
    assert later.status == "infeasible"
    assert later.diagnosis.reachable is None
    assert "level 2 holds at the status date (Q4 2028); no level above it can be reached within these " \
        "limits" in later.diagnosis.messages
