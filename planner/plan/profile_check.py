"""The independent check of a plan toward a capability profile: the capability rules decide.

At the plan's target period, the assessment with every action finished by then must give each area
of the profile at least its target capability level (an area rated not applicable has no level and
counts as meeting it, as it counts as satisfied for the staged level).
"""

from __future__ import annotations

from planner.assess.targets import profile_text
from planner.plan.results import Plan
from rules.assess import assess
from rules.capability import capability_profile


def profile_problems(plan: Plan) -> list[str]:
    sc = plan.scenario
    profile = sc.target_profile or {}
    finished = [pa.id for pa in plan.actions
                if plan.target_period is not None and pa.end <= plan.target_period]
    at = {a.kpa: a.level for a in capability_profile(assess(sc, finished))}
    short = [f"{k} at {at[k]} (target {lv})" for k, lv in profile.items() if k in at and at[k] < lv]
    if not short:
        return []
    when = (f"at the end of period {plan.target_period}" if plan.target_period is not None
            else "with no target period named")
    return [f"{when} the rules give {', '.join(short)}, short of the profile {profile_text(profile)}"]
