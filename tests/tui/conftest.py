"""Fixtures for the TUI tests: the mini scenario, a planner that replays recorded schedules, and a
way to wait until the app's workers have settled.

The planner here is the real one (rules, reduction, verifier, why, quick wins) except for one
step: for a scenario exactly as recorded in data/recorded-plans.toml it takes the start periods
from the recording instead of searching. Equally cheap optimal plans can differ in where an action
with slack starts, and a snapshot must not change with the solver's timing. That the recordings
are optimal is itself tested against the live solver (test_recordings.py).
"""

from __future__ import annotations

import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.model import Scenario
from tui.service import Analysis, LivePlanner, Planned, Progress, csip_content

DATA = Path(__file__).resolve().parent / "data"
MINI = DATA / "mini.toml"
LEAN = DATA / "mini-lean.toml"
RECORDINGS = DATA / "recorded-plans.toml"


class RecordedPlanner(LivePlanner):
    """LivePlanner that replays a recorded schedule for a scenario exactly as recorded, with a
    fixed solve time so that the status line does not change between runs."""

    SECONDS = 0.25

    def __init__(self, recordings: dict[str, tuple[Scenario, dict[str, int]]]):
        # generous: a live plan's diagnosis gets a fifth of this per question, and a snapshot of
        # it must not change on a busy machine (these models settle in well under a second)
        super().__init__(time_limit=60.0)
        self.recordings = recordings
        self.plans = 0
        """How many plans were made, recorded or live (for tests of the app's queueing)."""

    def plan(self, analysis: Analysis, progress: Progress) -> Planned:
        self.plans += 1
        sc = analysis.scenario
        recorded = self.recordings.get(sc.name)
        if recorded is None or _effective(recorded[0]) != _effective(sc):
            planned = super().plan(analysis, progress)
            return replace(planned, seconds=self.SECONDS)
        return replay(analysis, recorded[1], self.SECONDS)


def replay(analysis: Analysis, starts: dict[str, int], seconds: float) -> Planned:
    """The plan with these start periods, built, verified and explained by the planner."""
    from planner.optimize.instance import reduce
    from planner.plan.pipeline import assemble
    from planner.plan.quickwins import quick_wins
    from planner.plan.verify import verify
    from planner.plan.why import explain

    sc, assessment = analysis.scenario, analysis.assessment
    plan = assemble(sc, assessment, starts, "optimal")
    problems = verify(plan)
    assert not problems, f"recorded plan of {sc.name} no longer holds: {problems}; record it again"
    plan = explain(plan, reduce(sc, assessment))
    wins = tuple(quick_wins(plan))
    ids = {w.id for w in wins}
    plan = replace(plan, actions=tuple(replace(pa, quick_win=pa.id in ids) for pa in plan.actions))
    return Planned(plan, wins, seconds, csip_content(plan))


def _effective(scenario: Scenario) -> Scenario:
    return replace(scenario, path=None, parents=())


def load_recordings() -> dict[str, tuple[Scenario, dict[str, int]]]:
    data = tomllib.loads(RECORDINGS.read_text("utf-8"))
    out = {}
    for entry in data["plan"]:
        scenario = load_scenario(DATA / entry["file"])
        out[scenario.name] = (scenario, dict(entry["starts"]))
    return out


@pytest.fixture(scope="session")
def recordings() -> dict[str, tuple[Scenario, dict[str, int]]]:
    return load_recordings()


@pytest.fixture
def planner(recordings) -> RecordedPlanner:
    return RecordedPlanner(recordings)


@pytest.fixture
def in_data(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the test data folder, so paths on screen are short and the same everywhere."""
    monkeypatch.chdir(DATA)
    return DATA


async def settle(pilot, timeout: float = 60.0) -> None:
    """Wait until no worker runs, no re-plan is queued and the screen has caught up."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        comparing = app.comparison is not None and app.comparison.busy
        if not app.busy and not comparing and not app.workers:
            break
        await pilot.pause(0.05)
    else:
        raise AssertionError("the app did not settle in time")
    await pilot.pause()


def row_text(table, index: int) -> list[str]:
    """A DataTable row as the text it shows (cells are rich Text: plain, never markup)."""
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(index)]
