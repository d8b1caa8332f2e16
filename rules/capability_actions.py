"""The action of the capability ruleset (rules/capability.toml): it records one cap on an area's
capability level and why."""

from __future__ import annotations

from typing import Any

from rules.actions import action

_WHAT = {0: "its specific goals do not all hold", 1: "it is not a managed process (GG 2)",
         2: "it is not a defined process (GG 3)"}


@action("capability_cap")
def capability_cap(c: Any, rule: str, level: int) -> None:
    c.assert_fact({
        "t": "capability_cap", "kpa": c.m.kpa, "level": level, "goal": c.m.goal, "rule": rule,
        "because": f"{c.m.goal} ({c.m.ref}) is {c.m.status}, so {_WHAT[level]}: "
                   f"capability level {level} at most",
    })
