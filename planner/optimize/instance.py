"""The scheduling problem as plain arrays, with everything that cannot matter removed.

The MILP, the greedy heuristic, the exhaustive search of the tests and the benchmarks all work on an
`Instance`: jobs (actions not yet done) with effort, cost, duration, predecessors, the goals they
close and the conditions that must hold before they start. A condition is a set of goals that must
be closed by the end of the period before the job starts: "KPA X is satisfied" for a `requires`,
"level N is reached" for strict staging. The target is one more goal set.

Reduction (why the solver sees far less than the catalog):
- goals already satisfied or not applicable vanish;
- an action all of whose goals already hold counts as finished: it is never planned, and an `after`
  on it is met (planning it would only spend money and capacity, and chains of such actions made
  capacity-tight plans far harder to prove);
- actions that can never start (reachability) vanish;
- only goals the target needs, or that a useful action's condition needs, are kept, and only
  actions that close such a goal (or precede such an action) are kept;
- each job gets a time window: it cannot start before its predecessors and conditions could
  possibly be done (earliest start), and must end within the horizon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from planner.assess.reachability import action_level, analyse, institutionalises, required_kpas
from planner.assess.targets import target_goals as target_of
from planner.model import Assessment, Scenario

PIN = "running: "
"""Prefix of the goal that marks a pinned job (running work of a progress file)."""

@dataclass(frozen=True, slots=True)
class Job:
    id: str
    effort: float
    cost: float
    duration: int
    after: tuple[int, ...] = ()
    """Jobs that must end before this one starts."""
    covers: tuple[int, ...] = ()
    """Goals (indices into `Instance.goals`) this job closes when it ends."""
    conditions: tuple[int, ...] = ()
    """Conditions (indices into `Instance.conditions`) that must hold before it starts."""
    earliest: int = 0
    """Earliest possible start period."""

    @property
    def load(self) -> float:
        """Person-days per period while running."""
        return self.effort / self.duration


@dataclass(frozen=True)
class Instance:
    horizon: int
    capacity: float | None
    budget: float | None
    jobs: tuple[Job, ...]
    goals: tuple[str, ...]
    target: tuple[int, ...]
    """Goals that must all be closed for the target level."""
    conditions: tuple[tuple[int, ...], ...] = ()
    condition_names: tuple[str, ...] = ()
    goal_levels: tuple[int, ...] = ()
    """For each goal: the maturity level it counts for (milestones are read off these)."""
    settle: int = 0
    """A goal closed by a job ending in period e holds from the end of period e + settle; every
    condition and the target wait for it, an `after` only for the job's end."""
    stages: tuple[tuple[int, ...], ...] = ()
    """Milestone staging: for each level that needs a milestone of its own, lowest first, its own
    open goals. Level i (all goals of stages 0..i) must hold at the end of a period strictly
    before the period at whose end level i+1 first holds."""
    deadline: int | None = None
    """Reach the target by the end of this period: then the cheapest plan that does, and among
    the cheapest the earliest."""
    coverers: tuple[tuple[int, ...], ...] = field(default=(), compare=False)
    """For each goal: the jobs that close it."""

    def __post_init__(self) -> None:
        if not self.coverers:
            cov: list[list[int]] = [[] for _ in self.goals]
            for j, job in enumerate(self.jobs):
                for g in job.covers:
                    cov[g].append(j)
            object.__setattr__(self, "coverers", tuple(tuple(c) for c in cov))

    def latest_start(self, j: int, deadline: int | None = None) -> int:
        end = self.horizon - 1 if deadline is None else deadline
        return end - self.settle - self.jobs[j].duration + 1

    @cached_property
    def pinned(self) -> tuple[int, ...]:
        """Jobs that must run where they are (a progress file's running work, marked by a goal
        of its own; see planner.optimize.replan). Read on every check, so worked out once."""
        return tuple(j for j, job in enumerate(self.jobs)
                     if any(self.goals[g].startswith(PIN) for g in job.covers))

    def staged_conditions(self) -> Instance:
        return self._staged

    @cached_property
    def _staged(self) -> Instance:
        """The same problem with milestone staging made strict: work on a stage's own goals waits
        until the stages below hold. Every plan of it meets the milestones, so list scheduling
        uses it to find plans that the real instance accepts."""
        if len(self.stages) < 2:
            return self
        conditions = list(self.conditions)
        names = list(self.condition_names)
        extra: dict[int, int] = {}
        below: list[int] = []
        for i, own in enumerate(self.stages):
            if i:
                conditions.append(tuple(below))
                names.append(f"stage {i} holds")
                for g in own:
                    extra[g] = len(conditions) - 1
            below.extend(own)
        jobs = tuple(
            replace(job, conditions=tuple(dict.fromkeys(
                (*job.conditions, *(extra[g] for g in job.covers if g in extra)))))
            for job in self.jobs)
        return replace(self, jobs=jobs, conditions=tuple(conditions), condition_names=tuple(names),
                       stages=())

    @property
    def size(self) -> str:
        return f"{len(self.jobs)} actions x {self.horizon} periods"


@dataclass(frozen=True)
class Reduction:
    """The instance plus what the reduction learnt (used by the diagnosis and the "why")."""

    instance: Instance
    uncovered: tuple[str, ...]
    """Target goals that no startable action closes: the target is out of reach."""
    stuck: dict[str, str]
    """Actions that can never start, and why."""
    unused: dict[str, str]
    """Actions dropped because they cannot help, and why."""
    lower_bound: int
    """No plan can reach the target before the end of this period (from the time windows)."""


def reduce(scenario: Scenario, assessment: Assessment, recorded: Iterable[str] = ()) -> Reduction:
    """`recorded`: actions a progress file says have started; they are no candidates here (the
    re-plan pins them where they run) but the goals they close count as closable."""
    fw = scenario.framework
    satisfied = assessment.satisfied_goals()
    finished = finished_actions(scenario, assessment)
    recorded = set(recorded)
    done = set(scenario.done) | finished | recorded
    pending = [a for a in scenario.actions if a.id not in done]
    cap = scenario.limits.effort_per_period
    too_big = {
        a.id: (f"needs {a.effort / a.duration:g} person-days a period, more than the "
               f"{cap:g} available" if cap is not None and a.effort / a.duration > cap + 1e-9
               else f"runs {a.duration} periods, longer than the horizon of {scenario.horizon}")
        for a in pending
        if (cap is not None and a.effort / a.duration > cap + 1e-9) or a.duration > scenario.horizon
    }
    fits = [a for a in pending if a.id not in too_big]
    started = [a for a in scenario.actions if a.id in recorded]
    reach = analyse(fw, [*fits, *started], satisfied, done, scenario.limits.strict_staging)
    stuck = {**too_big, **reach.stuck}
    startable = [a for a in fits if a.id in reach.startable]
    by_id = {a.id: a for a in startable}
    target_goals = target_of(scenario, assessment)

    def conditions_of(action) -> list[tuple[str, tuple[str, ...]]]:
        out = []
        for r in required_kpas(fw, action):
            open_r = tuple(g for g in fw.kpa(r).goal_ids if g not in satisfied)
            if open_r:
                out.append((f"KPA {r} satisfied", open_r))
        if scenario.limits.strict_staging:
            below = action_level(fw, action) - 1
            if below > assessment.current_level:
                open_l = tuple(g for g in fw.goals_for_level(below) if g not in satisfied)
                if open_l:
                    out.append((f"level {below} reached", open_l))
        for kpa, practices in institutionalises(fw, action):
            open_p = tuple(g for g in practices if g not in satisfied)
            if open_p:
                out.append((f"{kpa} performed", open_p))
        return out

    # relevant goals and useful actions: a fixpoint, since a useful action's conditions and
    # predecessors make more goals and actions relevant
    relevant: set[str] = set(target_goals)
    useful: set[str] = set()
    changed = True
    while changed:
        changed = False
        for a in startable:
            if a.id in useful:
                continue
            if any(g in relevant for g in a.goals):
                useful.add(a.id)
                changed = True
        for aid in list(useful):
            a = by_id[aid]
            for b in a.after:
                if b in by_id and b not in useful:
                    useful.add(b)
                    changed = True
            for _name, goals in conditions_of(a):
                new = set(goals) - relevant
                if new:
                    relevant |= new
                    changed = True

    order = [a for a in startable if a.id in useful]
    goal_list = [g for g in fw.goal_ids if g in relevant]
    gidx = {g: i for i, g in enumerate(goal_list)}
    jidx = {a.id: i for i, a in enumerate(order)}
    cond_names: list[str] = []
    cond_sets: list[tuple[int, ...]] = []
    cond_index: dict[str, int] = {}
    jobs = []
    for a in order:
        conds = []
        for name, goals in conditions_of(a):
            if name not in cond_index:
                cond_index[name] = len(cond_sets)
                cond_names.append(name)
                cond_sets.append(tuple(gidx[g] for g in goals))
            conds.append(cond_index[name])
        jobs.append(Job(
            id=a.id, effort=float(a.effort), cost=float(a.cost), duration=a.duration,
            after=tuple(jidx[b] for b in a.after if b in jidx),
            covers=tuple(gidx[g] for g in a.goals if g in gidx),
            conditions=tuple(conds),
        ))
    stages: list[tuple[int, ...]] = []
    if scenario.limits.staging == "milestones":
        for level in range(assessment.current_level + 1, scenario.target_level + 1):
            own = tuple(gidx[g] for g in target_goals if fw.goal_level(g) == level)
            if own:  # a level whose own goals all hold arrives with the level below
                stages.append(own)
    instance = Instance(
        horizon=scenario.horizon,
        capacity=scenario.limits.effort_per_period,
        budget=scenario.limits.budget,
        jobs=tuple(jobs),
        goals=tuple(goal_list),
        target=tuple(gidx[g] for g in target_goals),
        conditions=tuple(cond_sets),
        condition_names=tuple(cond_names),
        goal_levels=tuple(fw.goal_level(g) for g in goal_list),
        settle=scenario.limits.settle,
        stages=tuple(stages) if len(stages) > 1 else (),
        deadline=scenario.limits.deadline,
    )
    instance, lb = with_time_windows(instance)
    instance, dominated = drop_dominated(instance)
    covered = {g for a in startable for g in a.goals}
    uncovered = tuple(g for g in target_goals if g not in covered)
    unused = {
        a.id: "not needed: closes no goal the target level needs" for a in startable if a.id not in useful
    }
    unused.update(dominated)
    unused.update({aid: "not needed: every goal it closes already holds" for aid in sorted(finished)
                   if aid not in scenario.done})
    return Reduction(instance, uncovered, stuck, unused, lb)


def finished_actions(scenario: Scenario, assessment: Assessment) -> frozenset[str]:
    """Actions all of whose goals hold at the start (rating, ITIL evidence or a done action): they
    count as finished, so they are never planned and an `after` on them is met."""
    held = assessment.satisfied_goals()
    return frozenset(a.id for a in scenario.actions if a.goals and all(g in held for g in a.goals))


def with_time_windows(instance: Instance) -> tuple[Instance, int]:
    """Earliest starts from predecessors and conditions (a fixpoint over the AND/OR graph:
    a condition holds once each of its goals could be closed by its quickest coverer), and the
    resulting lower bound on the period at whose end the target can be reached."""
    jobs = instance.jobs
    es = [job.earliest for job in jobs]  # a status date's earliest start (optimize.replan) holds
    # a start at or past the horizon means never; capping there ends the fixpoint quickly even
    # where conditions wait in a circle (each pass would otherwise add a period, 10^9 times)
    big = max(instance.horizon, max(es, default=0))

    def goal_ready(g: int) -> int:
        return min((es[j] + jobs[j].duration - 1 + instance.settle for j in instance.coverers[g]),
                   default=big)

    changed = True
    while changed:
        changed = False
        for j, job in enumerate(jobs):
            start = 0
            for b in job.after:
                start = max(start, es[b] + jobs[b].duration)
            for c in job.conditions:
                start = max(start, max((goal_ready(g) for g in instance.conditions[c]), default=-1) + 1)
            start = min(start, big)
            if start > es[j]:
                es[j] = start
                changed = True
    lb = max((goal_ready(g) for g in instance.target), default=-1)
    held = -1
    for own in instance.stages:  # each milestone strictly after the one below
        held = max(held + 1, max((goal_ready(g) for g in own), default=-1))
    lb = max(lb, held)
    new_jobs = tuple(
        Job(j.id, j.effort, j.cost, j.duration, j.after, j.covers, j.conditions, es[i])
        for i, j in enumerate(jobs)
    )
    return replace(instance, jobs=new_jobs), lb


def drop_dominated(instance: Instance) -> tuple[Instance, dict[str, str]]:
    """Remove jobs that another job beats on every count: it closes at least the same goals, costs
    no more, runs no longer with no more load per period, waits on no more predecessors and
    conditions, and nothing waits on the dominated job. Any plan using the dominated job stays valid,
    no dearer and no later with the other one in its place, so the optimum is unchanged."""
    jobs = instance.jobs
    has_dependants = {b for job in jobs for b in job.after}
    removed: dict[int, int] = {}
    for a, ja in enumerate(jobs):
        if a in has_dependants:
            continue
        cov_a = set(ja.covers)
        for b, jb in enumerate(jobs):
            if b == a or b in removed:
                continue
            if (cov_a <= set(jb.covers) and jb.cost <= ja.cost and jb.duration <= ja.duration
                    and jb.load <= ja.load + 1e-12 and set(jb.after) <= set(ja.after)
                    and set(jb.conditions) <= set(ja.conditions) and jb.earliest <= ja.earliest):
                identical = (cov_a == set(jb.covers) and jb.cost == ja.cost and jb.duration == ja.duration
                             and abs(jb.load - ja.load) <= 1e-12 and set(jb.after) == set(ja.after)
                             and set(jb.conditions) == set(ja.conditions))
                if identical and b > a:
                    continue  # of two identical jobs keep the first
                removed[a] = b
                break
    if not removed:
        return instance, {}
    keep = [j for j in range(len(jobs)) if j not in removed]
    new_index = {old: new for new, old in enumerate(keep)}
    new_jobs = tuple(
        Job(jobs[j].id, jobs[j].effort, jobs[j].cost, jobs[j].duration,
            tuple(new_index[b] for b in jobs[j].after), jobs[j].covers, jobs[j].conditions,
            jobs[j].earliest)
        for j in keep
    )
    reasons = {jobs[a].id: f"not needed: {jobs[b].id} closes the same goals at no more cost, time or effort"
               for a, b in removed.items()}
    return replace(instance, jobs=new_jobs, coverers=()), reasons
