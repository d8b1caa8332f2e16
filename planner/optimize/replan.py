"""The reduction from a status date (progress files): the plan from today.

Built on `instance.reduce` of the scenario as it stands at the status date (settled finished work
counts as done), then changed in three ways:
- each running action (and each finished action whose goals only hold from the status period on)
  becomes a *pinned* job: it starts in the status period, runs to its end with its remaining
  effort and remaining cost, waits on nothing, and is forced into every plan by a goal of its own
  ("running: <id>") that only it closes (the engines read it as "must be in the plan, where it is");
- no other job starts before the status period (its earliest start, propagated to dependants);
- the budget is what is left after the money already spent on every recorded action;
- an action whose goals hold at the status date only thanks to recorded work has not been done:
  when something waits `after` it, it is a job again and the wait stays (the contract's "counts as
  finished at the start" rule is not changed by progress records; planner.progress.at_start).
The pinned goal only marks the job (`pinned_jobs`); it is no target goal, so a running action that
outlasts the target does not hold the target back. Every engine keeps pinned jobs in the plan at
their place, even past the deadline being tried.
"""

from __future__ import annotations

from dataclasses import replace

from planner.assess.reachability import action_level, institutionalises, required_kpas
from planner.model import Assessment, Scenario
from planner.optimize.instance import PIN, Instance, Job, Reduction, reduce, with_time_windows
from planner.progress.at_start import finished_only_through_progress
from planner.progress.timeline import placed, settle, status_period


def pinned_jobs(inst: Instance) -> tuple[int, ...]:
    """Jobs that must start at their earliest period (running work)."""
    return inst.pinned


def reduce_from_status(scenario: Scenario, assessment: Assessment) -> Reduction:
    """`scenario` is the progress file's scenario as it stands at the status date (see
    `planner.progress.timeline.as_of_status`); `assessment` is its assessment."""
    assert scenario.progress is not None
    recorded = placed(scenario)
    # recorded actions happened: they are no candidates of the reduction (whatever the rules
    # would have said about starting them) and come back below as pinned jobs
    base = reduce(scenario, assessment, recorded)
    inst = base.instance
    first = status_period(scenario)
    pins = {aid: p for aid, p in placed(scenario).items()
            if p.running or p.end + settle(scenario) >= first}
    goals = list(inst.goals)
    levels = list(inst.goal_levels)
    target = list(inst.target)
    gidx = {g: i for i, g in enumerate(goals)}
    # earliest starts are worked out again below: the base reduction's were found without the
    # pinned jobs, so a goal only running work closes looked unclosable there (start "never")
    jobs = [replace(job, earliest=first) for job in inst.jobs]
    jidx = {job.id: j for j, job in enumerate(jobs)}
    for aid, p in pins.items():
        gidx[PIN + aid] = len(goals)
        goals.append(PIN + aid)
        levels.append(scenario.target_level)
        covers = (*tuple(gidx[g] for g in p.action.goals if g in gidx), gidx[PIN + aid])
        if p.running:
            job = Job(aid, p.remaining_effort, p.remaining_cost, p.end - first + 1, (), covers, (), first)
        else:  # finished, not yet settled: nothing left to do, its goals hold from its end + settle
            job = Job(aid, 0.0, 0.0, 1, (), covers, (), p.end)
        if aid in jidx:
            jobs[jidx[aid]] = job
        else:
            jidx[aid] = len(jobs)
            jobs.append(job)
    conditions, names = list(inst.conditions), list(inst.condition_names)
    # actions that only seem finished (their goals hold through recorded work): jobs again
    again = [b for b in finished_only_through_progress(scenario, assessment.satisfied_goals())
             if b not in jidx]
    for b in again:
        jidx[b] = len(jobs)
        jobs.append(Job(b, 0.0, 0.0, 1, (), (), (), first))  # filled in below, once all have a place
    satisfied = assessment.satisfied_goals()
    fw = scenario.framework

    def condition(name: str, open_goals: tuple[str, ...]) -> int:
        for g in open_goals:
            if g not in gidx:  # a goal no job may cover: the condition then never holds
                gidx[g] = len(goals)
                goals.append(g)
                levels.append(fw.goal_level(g))
        if name not in names:
            names.append(name)
            conditions.append(tuple(gidx[g] for g in open_goals))
        return names.index(name)

    for b in again:
        a = scenario.action(b)
        conds = [(f"KPA {r} satisfied", tuple(g for g in fw.kpa(r).goal_ids if g not in satisfied))
                 for r in required_kpas(fw, a)]
        below = action_level(fw, a) - 1
        if scenario.limits.strict_staging and below > assessment.current_level:
            conds.append((f"level {below} reached",
                          tuple(g for g in fw.goals_for_level(below) if g not in satisfied)))
        conds += [(f"{kpa} performed", tuple(g for g in practices if g not in satisfied))
                  for kpa, practices in institutionalises(fw, a)]
        jobs[jidx[b]] = Job(b, float(a.effort), float(a.cost), a.duration,
                            tuple(jidx[x] for x in a.after if x in jidx),
                            tuple(gidx[g] for g in a.goals if g in gidx),
                            tuple(condition(n, gs) for n, gs in conds if gs), first)
    # work that waits after a running action waits for its end, and after an action that only
    # seemed finished, for that one
    for j, job in enumerate(jobs):
        if job.id in pins:
            continue
        waits = [jidx[b] for b in scenario.action(job.id).after
                 if (b in pins and pins[b].running) or b in again]
        if waits:
            jobs[j] = replace(job, after=tuple(dict.fromkeys((*job.after, *waits))))
    budget = inst.budget
    if budget is not None:
        budget -= scenario.progress.spent_cost
    new = replace(inst, budget=budget, jobs=tuple(jobs), goals=tuple(goals), target=tuple(target),
                  goal_levels=tuple(levels), coverers=(), conditions=tuple(conditions),
                  condition_names=tuple(names))
    new, lb = with_time_windows(new)
    unused = {k: v for k, v in base.unused.items() if k not in pins}
    stuck = {k: v for k, v in base.stuck.items() if k not in pins}
    uncovered = tuple(g for g in base.uncovered if not any(g in p.action.goals for p in pins.values()))
    return Reduction(new, uncovered, stuck, unused, max(lb, first))
