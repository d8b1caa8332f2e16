"""The contract's "counts as finished at the start" rule and progress records.

An action all of whose goals already hold at the start of the horizon (rating, ITIL evidence or a
`[catalog] done` action) counts as finished: never planned, and an `after` on it is met. Progress
records do not change this: finished work makes its goals hold from the end of its period (plus
settle), but an action whose goals hold only thanks to it has not been done, so an `after` on that
action still waits for it. Real loaders, rules engine and solver."""

from __future__ import annotations

from pathlib import Path

from planner.load.scenarios import load_scenario
from planner.optimize.replan import reduce_from_status
from planner.plan.pipeline import make_plan
from planner.progress.timeline import as_of_status
from rules.assess import assess

HERUS = Path(__file__).resolve().parent.parent / "scenarios" / "herus.toml"


def _action(aid: str, goal: str, after: str = "") -> str:
    waits = f'"{after}"' if after else ""
    return (f'[[actions]]\nid = "{aid}"\ntitle = "{aid}"\ngoals = ["{goal}"]\neffort = 1\ncost = 1\n'
            f'duration = 1\nafter = [{waits}]\n')


def _scenario(tmp_path: Path):
    """HeRus in Q4 2027 (settle 2): x-a closed IGC.3 in Q1 2027, so IGC.3 holds at the status date;
    x-b also closes IGC.3 and was never started, x-c waits after x-b. TRP.1 is rated satisfied at
    the start: x-d closes only it, x-e waits after x-d."""
    path = tmp_path / "progress.toml"
    path.write_text(
        f'extends = "{HERUS.as_posix()}"\n[status]\ndate = 2027-10-15\n'
        + _action("x-a", "IGC.3") + _action("x-b", "IGC.3") + _action("x-c", "IGC.2", after="x-b")
        + _action("x-d", "TRP.1") + _action("x-e", "IGC.1", after="x-d")
        + '[[progress]]\naction = "x-a"\nstarted = 2027-01-10\nfinished = 2027-02-20\n'
          'spent_effort = 1\nspent_cost = 1\n'
    )
    return load_scenario(path)


def test_an_after_on_an_action_whose_goals_hold_only_through_progress_still_waits(tmp_path):
    sc = _scenario(tmp_path)
    now = as_of_status(sc)
    inst = reduce_from_status(now, assess(now)).instance
    ids = [j.id for j in inst.jobs]
    assert "x-b" in ids, "x-b has not been done: an after on it is not met"
    assert ids.index("x-b") in inst.jobs[ids.index("x-c")].after
    # the rule at the start is unchanged: TRP.1 is rated satisfied, so x-d counts as finished
    assert "x-d" not in ids and not inst.jobs[ids.index("x-e")].after

    plan = make_plan(sc, time_limit=60, with_quick_wins=False)
    planned = {a.id: a for a in plan.actions}
    assert "x-c" in planned  # the cheapest closer of IGC.2
    assert "x-b" in planned and planned["x-b"].end < planned["x-c"].start
    assert planned["x-b"].start >= 3  # nothing new before the status period (Q4 2027)
    assert "x-d" not in planned and "x-e" in planned
    assert planned["x-a"].state == "finished"
