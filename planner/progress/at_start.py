"""Which actions count as finished on a progress file's re-plan, and which only seem to.

The contract: an action all of whose goals hold at the start of the horizon (by rating, ITIL
evidence or a `[catalog] done` action) counts as finished, and progress records do not change
this. The re-plan assesses the scenario as it stands at the status date (finished, settled work
counts as done: planner.progress.timeline.as_of_status), which is right for the goals, but by
that assessment an action that merely closes the same goals as finished work would count as
finished too, and an `after` on it would be met although it never ran. This module names those
actions, for the reduction (planner.optimize.replan) and the verifier (planner.plan.replan).
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.model import Scenario
from planner.progress.timeline import held_at_status, placed
from rules.assess import assess


def finished_only_through_progress(now: Scenario, held_now: Iterable[str]) -> tuple[str, ...]:
    """Actions some other action waits `after`, never recorded, all of whose goals hold at the
    status date (`held_now`, the assessment of `now` = as_of_status(progress file)) but not all
    at the start: they have not been done, so what waits after them still waits.

    The start is assessed again only when there is such a candidate (it costs a rules-engine run)."""
    held = set(held_now)
    extra = set(held_at_status(now))
    recorded = placed(now)
    waited_on = {b for a in now.actions for b in a.after}
    candidates = [a for a in now.actions
                  if a.id in waited_on and a.id not in recorded and a.id not in now.done
                  and a.goals and all(g in held for g in a.goals)]
    if not candidates:
        return ()
    at_start = assess(now.replace(done=tuple(d for d in now.done if d not in extra))).satisfied_goals()
    return tuple(a.id for a in candidates if not all(g in at_start for g in a.goals))
