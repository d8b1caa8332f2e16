"""Why each action is in the plan, and why each catalog action is not.

A manager will defend the plan in front of a steering committee: every planned action names the
goals it closes and the milestone it brings (a KPA satisfied, a level reached); every catalog
action left out has a reason (not needed, covered more cheaply, blocked, or squeezed out by a limit).
"""

from __future__ import annotations

from dataclasses import replace

from planner.assess.targets import target_goals as target_of
from planner.optimize.instance import Reduction
from planner.plan.results import Plan, PlannedAction


def explain(plan: Plan, reduction: Reduction) -> Plan:
    sc = plan.scenario
    fw = sc.framework
    assessment = plan.assessment
    target_goals = set(target_of(sc, assessment))
    label = {p.index: p.label for p in plan.periods}
    planned_ids = {pa.id for pa in plan.actions}
    by_id = {a.id: a for a in sc.actions}
    waiting_on: dict[str, list[str]] = {}
    for pa in plan.actions:
        for b in by_id[pa.id].after:
            waiting_on.setdefault(b, []).append(pa.id)
    condition_goals: dict[str, str] = {}
    for name, goals in zip(reduction.instance.condition_names, reduction.instance.conditions, strict=True):
        for g in goals:
            condition_goals.setdefault(reduction.instance.goals[g], name)

    explained = []
    for pa in plan.actions:
        reasons = []
        for_target = [g for g in pa.closes if g in target_goals]
        for_condition = [g for g in pa.closes if g not in target_goals and g in condition_goals]
        if for_target and sc.target_profile is not None:
            areas = dict.fromkeys(fw.goal(g).kpa for g in for_target)
            reasons.append(f"closes {', '.join(for_target)} (needed for the target profile: "
                           + ", ".join(f"{k} {sc.target_profile[k]}" for k in areas
                                       if k in sc.target_profile) + ")")
        elif for_target:
            levels = sorted({fw.goal_level(g) for g in for_target})
            reasons.append(f"closes {', '.join(for_target)} (needed for level "
                           f"{', '.join(str(lv) for lv in levels)})")
        if for_condition:
            reasons.append(f"closes {', '.join(for_condition)} so that "
                           f"{condition_goals[for_condition[0]]} before later work can start")
        if pa.id in waiting_on:
            reasons.append(f"must finish before {', '.join(waiting_on[pa.id])} can start")
        if not reasons:
            reasons.append("prepares later work")
        milestones = []
        for km in plan.kpa_milestones:
            if km.period == pa.end and pa.id in km.actions:
                milestones.append(f"{km.kpa} satisfied")
        for m in plan.milestones:
            if m.period == pa.end and any(fw.goal_level(g) <= m.level for g in pa.closes):
                milestones.append(f"level {m.level} reached")
        ms = (", ".join(milestones) + f" at the end of {label.get(pa.end, pa.end)}") if milestones else ""
        explained.append(replace(pa, why="; ".join(reasons), milestone=ms))

    left_out: list[tuple[str, str]] = []
    closing: dict[str, list[PlannedAction]] = {}
    for pa in plan.actions:
        for g in pa.goals:
            closing.setdefault(g, []).append(pa)
    limits = sc.limits
    for a in sc.actions:
        if a.id in planned_ids or a.id in sc.done:
            continue
        if a.id in reduction.stuck:
            left_out.append((a.id, f"can never start: {reduction.stuck[a.id]}"))
            continue
        open_goals = [g for g in a.goals if fw.has_goal(g) and assessment.goals[g].status in
                      ("unsatisfied", "partial")]
        if not open_goals:
            left_out.append((a.id, "not needed: its goals already hold"))
            continue
        if a.id in reduction.unused:
            left_out.append((a.id, reduction.unused[a.id]))
            continue
        others = sorted({pa.id for g in open_goals for pa in closing.get(g, [])})
        if others:
            alt_cost = sum(by_id[o].cost for o in others)
            alt_effort = sum(by_id[o].effort for o in others)
            if a.cost > alt_cost:
                left_out.append((a.id, f"a cheaper way is planned: {', '.join(others)} "
                                       f"(cost {alt_cost:,.0f} against {a.cost:,.0f})"))
            elif limits.effort_per_period is not None and a.effort > alt_effort:
                left_out.append((a.id, f"cheaper, but needs more effort ({a.effort:g} against "
                                       f"{alt_effort:g} person-days): with {limits.effort_per_period:g} "
                                       f"person-days a period it would delay the target; "
                                       f"{', '.join(others)} is planned instead"))
            elif any(b not in sc.done for b in a.after):
                left_out.append((a.id, f"waits on {', '.join(b for b in a.after if b not in sc.done)}; "
                                       f"{', '.join(others)} closes the same goals sooner or cheaper"))
            else:
                left_out.append((a.id, f"{', '.join(others)} closes the same goals and fits the "
                                       "limits better"))
        else:
            left_out.append((a.id, "not needed for the target"))
    excluded = [(aid, "excluded by the scenario ([catalog] exclude)") for aid in sc.excluded]
    return replace(plan, actions=tuple(explained), left_out=tuple(left_out) + tuple(excluded))
