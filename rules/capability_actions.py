"""The named actions of the capability ruleset (rules/capability.toml): each records one cap on
an area's capability level and why."""

from __future__ import annotations

from typing import Any

from rules.actions import Action

_WHAT = {0: "its specific goals do not all hold", 1: "it is not a managed process (GG 2)",
         2: "it is not a defined process (GG 3)"}


def _cap(level: int) -> Action:
    def act(c: Any) -> None:
        c.assert_fact({
            "t": "capability_cap", "kpa": c.m.kpa, "level": level, "goal": c.m.goal,
            "rule": {0: "specific_goal_caps_at_0", 1: "managed_goal_caps_at_1",
                     2: "defined_goal_caps_at_2"}[level],
            "because": f"{c.m.goal} ({c.m.ref}) is {c.m.status}, so {_WHAT[level]}: "
                       f"capability level {level} at most",
        })
    return act


CAPABILITY_ACTIONS: dict[str, Action] = {
    "capability_cap_0": _cap(0),
    "capability_cap_1": _cap(1),
    "capability_cap_2": _cap(2),
}
