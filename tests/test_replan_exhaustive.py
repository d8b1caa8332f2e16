"""Re-planning from a status date against exhaustive search on random tiny scenarios.

The scenarios of tests/test_optimiser_exhaustive.py get a status period and progress records:
some actions finished before it, some still running into it, with money spent. The plan of the
progress file must reach the target in the same earliest period and at the same least total cost
(money spent plus money still to spend) as the exhaustive search in tests/exhaustive.py, which
reads the contract's progress rules directly, or both must agree that no plan exists.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from dataclasses import replace

import pytest

from planner.model import ActionProgress, ProgressState
from planner.periods import period_start
from planner.plan.pipeline import make_plan
from rules.assess import assess
from tests import exhaustive
from tests.test_optimiser_exhaustive import random_scenario

CASES = int(os.environ.get("CSIP_EXHAUSTIVE_CASES", "200"))


def with_progress(seed: int):
    sc = random_scenario(seed)
    rng = random.Random(10_000 + seed)
    sc = replace(sc, limits=replace(sc.limits, staging="free", deadline=None),
                 horizon=max(sc.horizon, 3))
    assessment = assess(sc)
    satisfied = set(assessment.satisfied_goals())
    status = rng.randint(1, sc.horizon - 1)
    finished_at_start = {a.id for a in sc.actions if a.goals and all(g in satisfied for g in a.goals)}
    records, recorded = [], {}
    day = lambda p: period_start(sc.start, sc.period, p) + dt.timedelta(days=5)  # noqa: E731
    for a in sc.actions:
        if a.id in sc.done or a.id in finished_at_start or rng.random() > 0.35:
            continue
        spent = float(rng.randint(0, int(a.cost) + 3))
        spent_effort = float(rng.randint(0, int(a.effort)))
        if rng.random() < 0.5 and status >= 1:
            end = rng.randint(0, status - 1)
            start = max(0, end - a.duration + 1)
            records.append(ActionProgress(a.id, day(start), day(end), spent_effort, spent))
            recorded[a.id] = exhaustive.Recorded(start, end, False, 0.0, 0.0)
        else:
            start = rng.randint(max(0, status - a.duration + 1), status)
            end = max(start + a.duration - 1, status)
            if end > sc.horizon - 1:
                continue
            left = max(0.0, a.effort - spent_effort)
            records.append(ActionProgress(a.id, day(start), None, spent_effort, spent))
            recorded[a.id] = exhaustive.Recorded(start, end, True, left / (end - status + 1),
                                                 max(0.0, a.cost - spent))
    progress = ProgressState(status_date=day(status), actions=tuple(records))
    spent = sum(r.spent_cost for r in records)
    return sc.replace(progress=progress), satisfied, status, recorded, spent


@pytest.mark.parametrize("seed", range(CASES))
def test_replan_matches_exhaustive_search(seed: int) -> None:
    scenario, satisfied, status, recorded, spent = with_progress(seed)
    expected = exhaustive.solve_from_status(scenario, satisfied, status, recorded, spent)
    plan = make_plan(scenario, time_limit=30, with_quick_wins=False)
    if expected is None:
        assert plan.status == "infeasible", f"optimiser found {plan.target_period}/{plan.total_cost}"
        return
    assert plan.status == "optimal"
    if expected.target_period is None or expected.target_period < status:
        return  # the target already holds by the status date: nothing left to compare
    assert plan.target_period == expected.target_period
    assert plan.total_cost == pytest.approx(expected.cost)
    assert all(p.effort < 1e-9 for p in plan.periods[:status])  # nothing loads the past
