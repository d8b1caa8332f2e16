"""The schedules the snapshot tests replay are real optima: the live solver reaches the target in
the same period for the same cost (it may place an action with slack elsewhere)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import load_recordings, replay
from tui.service import LivePlanner

RECORDINGS = load_recordings()


@pytest.mark.parametrize("name", sorted(RECORDINGS))
def test_recorded_plan_is_optimal(name):
    scenario, starts = RECORDINGS[name]
    live = LivePlanner(time_limit=20.0)
    analysis = live.analyse(scenario)
    solved = live.plan(analysis, lambda _msg: None).plan
    recorded = replay(analysis, starts, 0.0).plan
    assert solved.status == "optimal"
    assert (recorded.target_period, recorded.total_cost) == (solved.target_period, solved.total_cost)
