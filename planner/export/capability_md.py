"""The capability-profile part of the Markdown CSIP document, for a plan toward a target profile:
each listed area's capability level now, its target, the gap, and the level the rules give once
the plan's actions up to the target period are finished."""

from __future__ import annotations

from planner.assess.targets import profile_text
from planner.export.mdtext import table, text
from planner.plan.results import Plan
from rules.assess import assess
from rules.capability import capability_profile


def capability_section(plan: Plan) -> list[str]:
    """Empty unless the scenario aims at a capability profile."""
    sc = plan.scenario
    profile = sc.target_profile
    if profile is None:
        return []
    now = {a.kpa: a.level for a in capability_profile(plan.assessment)}
    if plan.target_period is not None:
        finished = [pa.id for pa in plan.actions if pa.end <= plan.target_period]
        then = {a.kpa: a.level for a in capability_profile(assess(sc, finished))}
    else:
        then = now
    fw = sc.framework
    rows = [(k, fw.kpa(k).name, now.get(k, "na"), lv, max(0, lv - now[k]) if k in now else 0,
             then.get(k, "na") if plan.status != "infeasible" else "-")
            for k, lv in profile.items()]
    intro = (f"The target is a capability profile ({text(profile_text(profile))}): each area listed "
             "at least at its level, 1 when its specific goals hold, 2 with GG 2 (managed), 3 with "
             "GG 3 (defined).")
    return ["## Target capability profile", "", intro, "",
            *table(("Area", "Name", "Now", "Target", "Gap", "At the target period"), rows, "llrrrr"), ""]
