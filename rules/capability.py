"""Capability levels of the continuous representation, derived by the capability ruleset.

The assessment already holds every goal's resolved status; the rules read them per area and cap
the area's level for each open goal (rules/capability.toml). What holds is read off closed-world,
as for the staged level: with no cap an area is at level 3.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planner.model import Assessment
from planner.practices import AreaCapability, goal_part, supports_continuous
from rules import get_engine

_NAMES = {1: "its specific goals hold", 2: "its specific goals and GG 2 hold",
          3: "its specific goals, GG 2 and GG 3 hold"}


def capability_profile(assessment: Assessment) -> tuple[AreaCapability, ...]:
    """Each applicable area's capability level, in framework order; empty for a framework without
    generic goals (callers refuse that case with `planner.practices.continuous_refusal`)."""
    fw = assessment.framework
    if not supports_continuous(fw):
        return ()
    facts: list[dict[str, Any]] = []
    for k in fw.kpas:
        for g in k.goals:
            facts.append({"t": "area_goal", "kpa": k.id, "goal": g.id, "ref": g.ref or g.id,
                          "part": goal_part(g), "status": assessment.goals[g.id].status})
    caps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in get_engine().evaluate("capability", facts):
        if f["t"] == "capability_cap":
            caps[f["kpa"]].append(f)
    order = {g: i for i, g in enumerate(fw.goal_ids)}
    out = []
    for k in fw.kpas:
        if assessment.kpas[k.id].status == "na":
            continue
        mine = sorted(caps.get(k.id, []), key=lambda f: (f["level"], order[f["goal"]]))
        level = mine[0]["level"] if mine else 3
        because = mine[0]["because"] if mine else f"{_NAMES[3]} (every goal is satisfied or not applicable)"
        if mine and level > 0:
            because = f"{_NAMES[level]}; " + because
        out.append(AreaCapability(k.id, level, because, tuple(f["because"] for f in mine)))
    return tuple(out)
