"""Generic-practice findings of a scenario as facts for the evidence rules.

A practice short of satisfied becomes a `practice_short` fact on its generic goal (the rules cap
every claim on that goal). A generic goal all of whose practices are rated satisfied becomes a
`practices_complete` fact; counting the practices is bookkeeping, the claim it earns is a rule.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planner.model import Scenario
from planner.practices import (
    GENERIC_PRACTICES,
    generic_goal,
    practice_goal_number,
    practice_label,
)


def practice_facts(scenario: Scenario) -> list[dict[str, Any]]:
    fw = scenario.framework
    facts: list[dict[str, Any]] = []
    satisfied: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key, rating in scenario.current.practices.items():
        kpa, _, practice = key.partition(".")
        number = practice_goal_number(practice)
        goal = generic_goal(fw, kpa, number)
        if rating == "satisfied":
            satisfied[(kpa, number)].append(practice)
            continue
        facts.append({
            "t": "practice_short", "goal": goal, "kpa": kpa, "practice": practice,
            "label": practice_label(practice), "what": GENERIC_PRACTICES[practice],
            "rating": rating, "gg": f"GG {number}",
        })
    for (kpa, number), rated in satisfied.items():
        every = [p for p in GENERIC_PRACTICES if practice_goal_number(p) == number]
        if set(every) <= set(rated):
            facts.append({
                "t": "practices_complete", "goal": generic_goal(fw, kpa, number), "kpa": kpa,
                "gg": f"GG {number}", "practices": f"{practice_label(every[0])}-{every[-1][2:]}",
            })
    return facts
