"""What `csip validate` tells the author of a scenario beyond errors: choices that load fine but
are likely not what was meant.

- An own action that closes goals a catalog action still in use closes too: the plan may take
  either, and a reader of the plan may not see why the own action was left out (or the catalog's).
- `period = "month"` with catalog actions: the shipped catalogs count `duration` in quarters (their
  actions were sized as a quarter's work per step), so each would take a third of its intended time.
  The rule is a heuristic on where the action comes from: an action of a shipped framework's
  catalog; a user's own framework says nothing about its unit, so it gets no warning.
- No budget or no effort limit: the plan is then free to spend or load without bound. That is a
  legitimate choice, so it is a note on standard output (not a warning); writing "unlimited" says it
  was meant and silences the note.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from planner.errors import Problem
from planner.load.frameworks import DATA_DIR
from planner.load.schema import Checker
from planner.load.tomlsource import KeyPath
from planner.model import Scenario

NOTE = "note"
"""Severity of a remark that is neither an error nor a warning: printed on standard output."""
SHIPPED_DURATION_UNIT = "quarter"


def author_warnings(ck: Checker, scenario: Scenario, where: Callable[[str], KeyPath]) -> None:
    """Warnings on the scenario's own actions and its period, recorded in `ck`."""
    own = [a for a in scenario.actions if a.origin == "scenario"]
    in_use = [a for a in scenario.actions if a.origin != "scenario" and a.id not in scenario.done]
    for a in own:
        for c in in_use:
            shared = [g for g in a.goals if g in c.goals]
            if shared:
                ck.warn(where(a.id), f'closes {", ".join(shared)} like the catalog action "{c.id}", '
                        "which stays in use, so the plan may pick either",
                        f'to use only yours, add "{c.id}" to [catalog] exclude, or give your action '
                        f'the id "{c.id}" to replace it')
    shipped = scenario.framework.path is not None and scenario.framework.path.parent == DATA_DIR
    if scenario.period == "month" and shipped and in_use:
        ck.warn(("scenario", "period"),
                f'"month", but the {scenario.framework.id} catalog counts durations in '
                f"{SHIPPED_DURATION_UNIT}s ({len(in_use)} of its actions are in use), so each would "
                "get a third of its time",
                'use period = "quarter", or give the catalog actions you use month durations by '
                "redefining them in [[actions]] with the same ids")


def limit_notes(scenario: Scenario, files: Sequence[dict[str, Any]], shown: str) -> list[Problem]:
    """A note for each limit that no file of the `extends` chain (`files`, raw TOML) sets."""
    notes = []
    for key, meaning in (("budget", "the plan may spend any amount of money"),
                         ("effort_per_period", "the plan may load any number of person-days on a period")):
        written = any(isinstance(f.get("limits"), dict) and key in f["limits"] for f in files)
        if not written:
            notes.append(Problem(shown, f"limits.{key}", f"not set, so {meaning}",
                                 hint=f'set [limits] {key}, or {key} = "unlimited" to say it is meant',
                                 severity=NOTE))
    return notes
