"""An independent check of a finished plan against every rule of the contract.

It reads only the scenario and the plan (never the MILP), so a modelling mistake in the optimiser
cannot hide itself. The final test re-runs the rules engine on the current state plus the actions
finished by the target period: the target level must really hold then.
"""

from __future__ import annotations

import itertools

from planner.assess.reachability import action_level, institutionalises, required_kpas
from planner.plan.profile_check import profile_problems
from planner.plan.results import Plan
from rules.assess import assess

TOL = 1e-6


def verify(plan: Plan) -> list[str]:
    """Every rule the plan breaks, in words; an empty list means the plan is valid."""

    sc = plan.scenario
    fw = sc.framework
    problems: list[str] = []
    by_id = {a.id: a for a in sc.actions}
    held = plan.assessment.satisfied_goals()
    # an action all of whose goals hold at the start counts as finished: an `after` on it is met
    done = set(sc.done) | {a.id for a in sc.actions if a.goals and all(g in held for g in a.goals)}
    planned = {pa.id: pa for pa in plan.actions}
    for pa in plan.actions:
        a = by_id.get(pa.id)
        if a is None:
            problems.append(f"{pa.id} is not an action of the scenario")
            continue
        if pa.id in done:
            problems.append(f"{pa.id} is already done" if pa.id in sc.done
                            else f"{pa.id} is planned although every goal it closes already holds")
        if pa.end - pa.start + 1 != a.duration:
            problems.append(f"{pa.id} runs {pa.end - pa.start + 1} periods, not {a.duration}")
        if pa.start < 0 or pa.end > sc.horizon - 1:
            problems.append(f"{pa.id} runs outside the horizon (periods 0..{sc.horizon - 1})")
        for b in a.after:
            if b in done:
                continue
            if b not in planned:
                problems.append(f"{pa.id} waits after {b}, which is neither done nor planned")
            elif planned[b].end >= pa.start:
                problems.append(f"{pa.id} starts in period {pa.start} before {b} ends ({planned[b].end})")
    if problems:
        return problems

    # capacity and budget
    if sc.limits.effort_per_period is not None:
        for t in range(sc.horizon):
            load = sum(by_id[pa.id].effort / by_id[pa.id].duration
                       for pa in plan.actions if pa.start <= t <= pa.end)
            if load > sc.limits.effort_per_period + TOL:
                problems.append(f"period {t} needs {load:g} person-days, "
                                f"more than the {sc.limits.effort_per_period:g} available")
    total = sum(by_id[pa.id].cost for pa in plan.actions)
    if sc.limits.budget is not None and total > sc.limits.budget + TOL:
        problems.append(f"the plan costs {total:g}, more than the budget {sc.limits.budget:g}")
    if abs(total - plan.total_cost) > TOL:
        problems.append(f"total cost {plan.total_cost:g} does not add up ({total:g})")

    # prerequisites (requires) and staging, from the goals that hold before each start: a goal
    # holds `settle` periods after the end of the first action that closes it
    base = set(plan.assessment.satisfied_goals())
    settle = sc.limits.settle

    def closed_before(period: int) -> set[str]:
        closed = set(base)
        for pa in plan.actions:
            if pa.end + settle < period:
                closed.update(by_id[pa.id].goals)
        return closed

    for pa in plan.actions:
        a = by_id[pa.id]
        closed = closed_before(pa.start)
        for r in required_kpas(fw, a):
            missing = [g for g in fw.kpa(r).goal_ids if g not in closed]
            if missing:
                problems.append(f"{pa.id} starts in period {pa.start} before the KPA it requires, "
                                f"{r}, is satisfied ({', '.join(missing)} open)")
        for kpa, practices in institutionalises(fw, a):
            missing = [g for g in practices if g not in closed]
            if missing:
                problems.append(f"{pa.id} institutionalises {kpa} in period {pa.start} before its "
                                f"specific goals hold ({', '.join(missing)} open)")
        if sc.limits.strict_staging:
            needed = action_level(fw, a) - 1
            if needed > 1 and sc.framework.level_held(closed) < needed:
                problems.append(f"{pa.id} (level {needed + 1}) starts in period {pa.start} before "
                                f"level {needed} is reached (strict staging)")

    # milestone staging: each level that needs work of its own first holds strictly after the one below
    if sc.limits.staging == "milestones":
        first: dict[int, int] = {}
        for t in range(sc.horizon):
            level = fw.level_held(closed_before(t + 1))
            for lv in range(plan.assessment.current_level + 1, level + 1):
                first.setdefault(lv, t)
        own = {lv for g in plan.assessment.open_goals_up_to(sc.target_level)
               if (lv := fw.goal_level(g)) > plan.assessment.current_level}
        staged = sorted(lv for lv in own if lv in first)
        for lower, upper in itertools.pairwise(staged):
            if first[upper] <= first[lower]:
                problems.append(f"level {upper} holds in period {first[upper]}, not after level {lower} "
                                f"({first[lower]}): milestone staging")
    if sc.limits.deadline is not None and plan.target_period is not None \
            and plan.target_period > sc.limits.deadline:
        problems.append(f"the target holds in period {plan.target_period}, after the deadline "
                        f"{sc.limits.deadline}")
    if plan.target_period is not None and plan.target_period > sc.horizon - 1:
        problems.append(f"the target holds only in period {plan.target_period}, after the horizon")

    # the target really holds at the target period: the rules engine decides
    if sc.target_profile is not None:
        problems += profile_problems(plan)
    elif plan.target_period is not None:
        finished = [pa.id for pa in plan.actions if pa.end + settle <= plan.target_period]
        level = assess(sc, finished).current_level
        if level < sc.target_level:
            problems.append(f"at the end of period {plan.target_period} the rules give level {level}, "
                            f"not the target {sc.target_level}")
    elif plan.assessment.current_level < sc.target_level:
        problems.append("the plan names no target period although the target is not yet reached")
    return problems
