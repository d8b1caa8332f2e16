"""What the plan aims at: the goals of a maturity level, or of a capability profile.

A scenario aims either at a maturity level (`target_level`, the staged representation) or at a
capability profile (`target_profile = { IRP = 3, SD = 2 }`, the continuous one). Everything that
needs "the goals the target still needs" (the reduction for the solver, the plan's target period,
the explanations, the diagnosis of an infeasible plan, the gap report) asks `target_goals`, so the
two kinds of target cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping

from planner.model import Assessment, Scenario
from planner.practices import capability_goals


def profile_goals(assessment: Assessment, profile: Mapping[str, int]) -> list[str]:
    """Open goals (unsatisfied or partial), in framework order, that `profile` needs."""
    fw = assessment.framework
    needed = {g for kpa, level in profile.items() for g in capability_goals(fw, kpa, level)}
    return [g for g in fw.goal_ids
            if g in needed and assessment.goals[g].status in ("unsatisfied", "partial")]


def target_goals(scenario: Scenario, assessment: Assessment) -> list[str]:
    """The open goals, in framework order, that must close for the scenario's target to hold."""
    if scenario.target_profile is not None:
        return profile_goals(assessment, scenario.target_profile)
    return assessment.open_goals_up_to(scenario.target_level)


def profile_text(profile: Mapping[str, int]) -> str:
    """`IRP 3, SD 2`."""
    return ", ".join(f"{k} {v}" for k, v in profile.items())


def target_text(scenario: Scenario) -> str:
    """The target in words for messages: `level 3` or `the capability profile IRP 3, SD 2`."""
    if scenario.target_profile is not None:
        return f"the capability profile {profile_text(scenario.target_profile)}"
    return f"level {scenario.target_level}"
