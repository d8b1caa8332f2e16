"""A fast heuristic plan: what a careful spreadsheet user would do, several ways, keeping the best.

Select actions by a weighted set cover (goals closed per unit of cost, effort or time, predecessors
included), drop what turns out redundant, then place the selected actions one by one at the
earliest period where their predecessors and conditions are done and the capacity has room for
their whole duration. It takes milliseconds, is often late by a period or more, and serves two
purposes: a baseline the optimiser must beat, and a starting plan so that a solver stopped by its
time limit never returns nothing.
"""

from __future__ import annotations

import heapq
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from planner.optimize.instance import Instance
from planner.optimize.replan import pinned_jobs

EPS = 1e-9


@dataclass(frozen=True, slots=True)
class Schedule:
    starts: dict[int, int]
    """Job index -> start period."""
    target_period: int
    """Period at whose end every target goal is closed (-1: nothing was needed)."""
    cost: float
    effort: float

    @property
    def key(self) -> tuple[int, float]:
        return (self.target_period, round(self.cost, 6))


def evaluate(inst: Instance, starts: dict[int, int],
             deadline: int | None = None) -> tuple[Schedule | None, list[str]]:
    """Check a schedule against every rule on the instance; returns it with its target period,
    or None and the violations. The plan-level verifier re-checks against the scenario itself."""
    problems: list[str] = []
    jobs = inst.jobs
    pins = set(pinned_jobs(inst))
    for j in pins:  # running work keeps its place (planner.optimize.replan)
        if j not in starts:
            problems.append(f"{jobs[j].id} is running but missing from the plan")
        elif starts[j] != jobs[j].earliest:
            problems.append(f"{jobs[j].id} is running and cannot move from period {jobs[j].earliest}")
    horizon_end = inst.horizon - 1 if deadline is None else deadline
    close: dict[int, int] = {}
    """Goal -> the period at whose end it holds (its first closing job's end plus settle)."""
    for j, s in starts.items():
        job = jobs[j]
        end = s + job.duration - 1
        if s < 0 or end > (inst.horizon - 1 if j in pins else horizon_end):
            problems.append(f"{job.id} runs outside periods 0..{horizon_end}")
        for g in job.covers:
            close[g] = min(close.get(g, 10**9), end + inst.settle)
    for j, s in starts.items():
        job = jobs[j]
        for b in job.after:
            if b not in starts:
                problems.append(f"{job.id} needs {jobs[b].id}, which is not planned")
            elif starts[b] + jobs[b].duration - 1 >= s:
                problems.append(f"{job.id} starts before {jobs[b].id} ends")
        for c in job.conditions:
            for g in inst.conditions[c]:
                if close.get(g, 10**9) >= s:
                    problems.append(f"{job.id} starts before {inst.condition_names[c]} "
                                    f"({inst.goals[g]} not closed)")
                    break
    if inst.capacity is not None:
        load = [0.0] * (horizon_end + 1)
        for j, s in starts.items():
            for t in range(max(s, 0), min(s + jobs[j].duration, horizon_end + 1)):
                load[t] += jobs[j].load
        for t, x in enumerate(load):
            if x > inst.capacity + 1e-6:
                problems.append(f"period {t} needs {x:g} person-days, capacity {inst.capacity:g}")
    cost = sum(jobs[j].cost for j in starts)
    if inst.budget is not None and cost > inst.budget + 1e-6:
        problems.append(f"cost {cost:g} exceeds the budget {inst.budget:g}")
    missing = [inst.goals[g] for g in inst.target if g not in close]
    if missing:
        problems.append("target goals never closed: " + ", ".join(missing))
    late = [inst.goals[g] for g in inst.target if close.get(g, -1) > horizon_end]
    if late:
        problems.append(f"target goals hold only after period {horizon_end}: " + ", ".join(late))
    held = -1
    for i, own in enumerate(inst.stages):
        at = max((close.get(g, 10**9) for g in own), default=-1)
        if i and at <= held:
            problems.append(f"milestone {i + 1} holds in period {at}, not after the one below ({held})")
        held = max(held, at)
    if problems:
        return None, problems
    target = max((close[g] for g in inst.target), default=-1)
    effort = sum(jobs[j].effort for j in starts)
    return Schedule(dict(starts), target, cost, effort), []


def _weights(inst: Instance) -> dict[str, Callable[[int], float]]:
    jobs = inst.jobs
    total_cost = sum(j.cost for j in jobs) or 1.0
    total_effort = sum(j.effort for j in jobs) or 1.0
    return {
        "cost": lambda j: jobs[j].cost + EPS * jobs[j].effort,
        "effort": lambda j: jobs[j].effort + EPS * jobs[j].cost,
        "time": lambda j: jobs[j].effort * jobs[j].duration + jobs[j].duration,
        "mix": lambda j: jobs[j].cost / total_cost + jobs[j].effort / total_effort,
    }


def _closure(inst: Instance, j: int, selected: set[int]) -> list[int]:
    out, stack = [], [j]
    seen = set(selected)
    while stack:
        x = stack.pop()
        if x in seen:
            continue
        seen.add(x)
        out.append(x)
        stack.extend(inst.jobs[x].after)
    return out


def select(inst: Instance, weight: Callable[[int], float]) -> set[int] | None:
    """Weighted set cover of the target goals plus every goal a selected job's conditions need."""
    jobs = inst.jobs
    selected: set[int] = set(pinned_jobs(inst))  # running work is in every plan already
    needed: set[int] = set(inst.target)
    closed: set[int] = {g for j in selected for g in jobs[j].covers}
    while True:
        open_goals = needed - closed
        if not open_goals:
            break
        best, best_score, best_cl = None, -1.0, []
        candidates = {j for g in open_goals for j in inst.coverers[g]} - selected
        for j in candidates:
            cl = _closure(inst, j, selected)
            gain = len({g for x in cl for g in jobs[x].covers} & open_goals)
            score = gain / (sum(weight(x) for x in cl) + EPS)
            tie = abs(score - best_score) <= 1e-12 and best is not None and j < best
            if score > best_score + 1e-12 or tie:
                best, best_score, best_cl = j, score, cl
        if best is None:
            return None
        for x in best_cl:
            selected.add(x)
            closed.update(jobs[x].covers)
            for c in jobs[x].conditions:
                needed.update(inst.conditions[c])
    return _drop_redundant(inst, selected, weight) | set(pinned_jobs(inst))


def _needed(inst: Instance, selected: set[int]) -> set[int]:
    needed = set(inst.target)
    for x in selected:
        for c in inst.jobs[x].conditions:
            needed.update(inst.conditions[c])
    return needed


def _drop_redundant(inst: Instance, selected: set[int], weight: Callable[[int], float]) -> set[int]:
    for j in sorted(selected, key=lambda x: -weight(x)):
        rest = selected - {j}
        if any(j in inst.jobs[x].after for x in rest):
            continue
        closed = {g for x in rest for g in inst.jobs[x].covers}
        if _needed(inst, rest) <= closed:
            selected = rest
    return selected


def place(inst: Instance, selected: set[int], priority: Callable[[int], tuple],
          deadline: int | None = None) -> dict[int, int] | None:
    """Serial schedule generation: earliest feasible start for the most urgent ready job.

    With milestones, two ways and the earlier target kept: each stage's work waits until the
    stages below hold (safe, but with `settle` often too slow to fit the horizon at all), or
    the work runs freely and only the one job that would close a stage too early is held back
    (levels overlap, as the milestone rule allows)."""
    if len(inst.stages) < 2:
        return _serial(inst, selected, priority, deadline)
    found = [s for s in (_serial(inst.staged_conditions(), selected, priority, deadline),
                         _held_back(inst, selected, priority, deadline)) if s is not None]
    return min(found, key=lambda s: _target(inst, s), default=None)


def _closes(inst: Instance, starts: dict[int, int]) -> dict[int, int]:
    """Goal -> the period at whose end it holds under `starts`."""
    close: dict[int, int] = {}
    for j, s in starts.items():
        end = s + inst.jobs[j].duration - 1 + inst.settle
        for g in inst.jobs[j].covers:
            close[g] = min(close.get(g, end), end)
    return close


def _target(inst: Instance, starts: dict[int, int]) -> int:
    close = _closes(inst, starts)
    return max((close.get(g, 10**9) for g in inst.target), default=-1)


def _held_back(inst: Instance, selected: set[int], priority: Callable[[int], tuple],
               deadline: int | None) -> dict[int, int] | None:
    """Free placement repaired stage by stage: where a stage would hold no later than the one below,
    the closers of its cheapest-to-move goal start late enough to close it one period after."""
    jobs = inst.jobs
    fixed = {b for j in selected for b in jobs[j].after} | set(inst.pinned)
    release: dict[int, int] = {}
    for _ in range(2 * len(inst.stages)):
        starts = _serial(inst, selected, priority, deadline, release)
        if starts is None:
            return None
        close = _closes(inst, starts)
        held, late = -1, None
        for i, own in enumerate(inst.stages):
            at = max((close.get(g, 10**9) for g in own), default=-1)
            if i and at <= held:
                late = own
                break
            held = max(held, at)
        if late is None:
            return starts
        options = []
        for g in late:
            closers = [j for j in starts if g in jobs[j].covers]
            if closers and not fixed.intersection(closers):
                options.append((sum(jobs[j].load * jobs[j].duration for j in closers), g, closers))
        if not options:
            return None
        for j in min(options)[2]:
            release[j] = max(release.get(j, 0), held + 2 - inst.settle - jobs[j].duration)
    return None


def _serial(inst: Instance, selected: set[int], priority: Callable[[int], tuple],
            deadline: int | None = None, release: dict[int, int] | None = None) -> dict[int, int] | None:
    """The list scheduler itself. A job is ready once its predecessors are placed and its
    conditions' goals are closed by placed jobs; readiness is tracked with counters so large
    catalogs stay fast. `release` holds jobs back to a first period."""
    jobs = inst.jobs
    end_limit = (inst.horizon - 1 if deadline is None else deadline) - inst.settle
    cap = inst.capacity
    load = [0.0] * (max(end_limit, inst.horizon - 1) + 1)  # a running job may run past end_limit
    starts: dict[int, int] = {}
    close: dict[int, int] = {}
    waiting: dict[int, int] = {}
    dependants: dict[int, list[int]] = {}
    goal_waiters: dict[int, list[int]] = {}
    for j in selected:
        job = jobs[j]
        if any(b not in selected for b in job.after):
            return None
        cond_goals = {g for c in job.conditions for g in inst.conditions[c]}
        waiting[j] = len(job.after) + len(cond_goals)
        for b in job.after:
            dependants.setdefault(b, []).append(j)
        for g in cond_goals:
            goal_waiters.setdefault(g, []).append(j)
    pins = set(pinned_jobs(inst))
    if pins:  # running work is placed first, where it runs (planner.optimize.replan)
        plain = priority
        priority = lambda j: (j not in pins, plain(j))  # noqa: E731
    heap = [(priority(j), j) for j in selected if waiting[j] == 0]
    heapq.heapify(heap)
    placed = 0
    while heap:
        _, j = heapq.heappop(heap)
        job = jobs[j]
        t = max(job.earliest, release.get(j, 0)) if release else job.earliest
        for b in job.after:
            t = max(t, starts[b] + jobs[b].duration)
        for c in job.conditions:
            t = max(t, max((close[g] for g in inst.conditions[c]), default=-1) + 1)
        while True:
            if t + job.duration - 1 > end_limit and j not in pins:
                return None
            if cap is None or all(load[u] + job.load <= cap + 1e-9 for u in range(t, t + job.duration)):
                break
            if j in pins:  # running work cannot move: if it does not fit, nothing does
                return None
            t += 1
        starts[j] = t
        placed += 1
        for u in range(t, t + job.duration):
            load[u] += job.load
        end = t + job.duration - 1
        released = list(dependants.get(j, ()))
        for g in job.covers:
            if g not in close:
                close[g] = end + inst.settle
                released.extend(goal_waiters.get(g, ()))
            else:
                close[g] = min(close[g], end + inst.settle)
        for d in released:
            waiting[d] -= 1
            if waiting[d] == 0:
                heapq.heappush(heap, (priority(d), d))
    return starts if placed == len(selected) else None


def _tails(inst: Instance) -> list[int]:
    """Length of the longest chain of dependants after each job (for the priority rule)."""
    dependants: list[list[int]] = [[] for _ in inst.jobs]
    for j, job in enumerate(inst.jobs):
        for b in job.after:
            dependants[b].append(j)
    tail = [0] * len(inst.jobs)
    for _ in range(len(inst.jobs)):
        changed = False
        for j in range(len(inst.jobs)):
            t = max((inst.jobs[d].duration + tail[d] for d in dependants[j]), default=0)
            if t > tail[j]:
                tail[j], changed = t, True
        if not changed:
            break
    return tail


def greedy(inst: Instance, deadline: int | None = None,
           weights: Sequence[str] = ("cost", "effort", "time", "mix")) -> Schedule | None:
    """The best plan over several selection weights and two priority rules, or None."""
    if not inst.target:
        return Schedule({}, -1, 0.0, 0.0)
    tails = _tails(inst)
    rules: dict[str, Callable[[int], tuple]] = {
        "earliest": lambda j: (inst.jobs[j].earliest, -tails[j], j),
        "chain": lambda j: (-tails[j] - inst.jobs[j].duration, inst.jobs[j].earliest, j),
    }
    best: Schedule | None = None
    all_weights = _weights(inst)
    seen: set[frozenset[int]] = set()
    for name in weights:
        selected = select(inst, all_weights[name])
        if selected is None or frozenset(selected) in seen:
            continue
        seen.add(frozenset(selected))
        for rule in rules.values():
            starts = place(inst, selected, rule, deadline)
            if starts is None:
                continue
            schedule, _ = evaluate(inst, starts, deadline)
            if schedule is not None and (best is None or schedule.key < best.key):
                best = schedule
    return best


def plans_by_deadline(inst: Instance, deadline: int, tries: int = 6, seed: int = 0) -> Schedule | None:
    """The cheapest heuristic plan that reaches the target by `deadline`: selections that trade
    money for effort in several proportions, each placed under several priority rules (a few of
    them randomised). Used to seed the MILP at each deadline."""

    rng = random.Random(seed)
    jobs = inst.jobs
    if not inst.target:
        return Schedule({}, -1, 0.0, 0.0)
    total_cost = sum(j.cost for j in jobs) or 1.0
    total_effort = sum(j.effort for j in jobs) or 1.0
    rate = total_cost / total_effort
    tails = _tails(inst)
    weights: list[Callable[[int], float]] = []
    for lam in (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 32.0):
        weights.append(lambda j, lam=lam: jobs[j].cost + lam * rate * jobs[j].effort + EPS)
    weights.append(lambda j: jobs[j].effort * jobs[j].duration + jobs[j].duration)
    best: Schedule | None = None
    seen: set[frozenset[int]] = set()
    for w in weights:
        selected = select(inst, w)
        if selected is None or frozenset(selected) in seen:
            continue
        seen.add(frozenset(selected))
        cost = sum(jobs[j].cost for j in selected)
        if inst.budget is not None and cost > inst.budget + 1e-6:
            continue
        if best is not None and cost >= best.cost - 1e-9:
            continue
        rules: list[Callable[[int], tuple]] = [
            lambda j: (jobs[j].earliest, -tails[j], j),
            lambda j: (-tails[j] - jobs[j].duration, jobs[j].earliest, j),
            lambda j: (-jobs[j].load * jobs[j].duration, jobs[j].earliest, j),
        ]
        for _ in range(tries):
            noise = {j: rng.random() for j in selected}
            rules.append(lambda j, noise=noise: (jobs[j].earliest + 2 * noise[j] - tails[j] * noise[j], j))
        for rule in rules:
            starts = place(inst, selected, rule, deadline)
            if starts is None:
                continue
            schedule, _ = evaluate(inst, starts, deadline)
            if schedule is not None and (best is None or schedule.cost < best.cost - 1e-9):
                best = schedule
                break
    return best


def improve(inst: Instance, schedule: Schedule, deadline: int, budget_seconds: float = 0.3,
            seed: int = 0) -> Schedule:
    """Local search on a plan that reaches `deadline`: swap a chosen action for cheaper ones that
    close the same goals, and repack keeping the old order where possible. Accept any cheaper plan
    that still fits; stop when no swap helps or the time is up. A good start for the MILP makes
    its proof short (the LP bound is usually tight; finding the plan is the hard part)."""

    jobs = inst.jobs
    rng = random.Random(seed)
    started = time.perf_counter()
    tails = _tails(inst)
    best = schedule
    improved = True
    while improved and time.perf_counter() - started < budget_seconds:
        improved = False
        selected = set(best.starts)
        order = sorted(selected, key=lambda j: (-jobs[j].cost, j))
        for a in order:
            if time.perf_counter() - started >= budget_seconds:
                break
            rest = selected - {a}
            if any(a in jobs[x].after for x in rest):
                continue
            for candidate in _replacements(inst, rest, a):
                cost = sum(jobs[j].cost for j in candidate)
                if cost >= best.cost - 1e-9 or (inst.budget is not None and cost > inst.budget + 1e-6):
                    continue
                found = _repack(inst, candidate, best.starts, deadline, tails, rng)
                if found is not None and found.cost < best.cost - 1e-9:
                    best = found
                    improved = True
                    break
            if improved:
                break
    return best


def _replacements(inst: Instance, rest: set[int], removed: int) -> list[set[int]]:
    """Selections that cover what `removed` covered, each with one different coverer choice."""
    jobs = inst.jobs
    needed = _needed(inst, rest)
    closed = {g for x in rest for g in jobs[x].covers}
    missing = needed - closed
    if not missing:
        return [rest]
    out: list[set[int]] = []
    options = sorted({j for g in missing for j in inst.coverers[g]} - {removed} - rest,
                     key=lambda j: (jobs[j].cost, jobs[j].effort, j))
    for first in options[:6]:
        sel = set(rest) | set(_closure(inst, first, rest))
        while True:
            needed = _needed(inst, sel)
            closed = {g for x in sel for g in jobs[x].covers}
            gaps = needed - closed
            if not gaps:
                break
            g = min(gaps)
            choices = [j for j in inst.coverers[g] if j != removed]
            if not choices:
                sel = set()
                break
            pick = min(choices, key=lambda j: (sum(jobs[x].cost for x in _closure(inst, j, sel)), j))
            sel |= set(_closure(inst, pick, sel))
        if sel:
            out.append(sel)
    return out


def _repack(inst: Instance, selected: set[int], previous: dict[int, int], deadline: int,
            tails: list[int], rng) -> Schedule | None:
    jobs = inst.jobs
    rules: list[Callable[[int], tuple]] = [
        lambda j: (previous.get(j, jobs[j].earliest), -tails[j], j),
        lambda j: (jobs[j].earliest, -tails[j], j),
        lambda j: (-tails[j] - jobs[j].duration, jobs[j].earliest, j),
    ]
    for _ in range(3):
        noise = {j: rng.random() for j in selected}
        rules.append(lambda j, noise=noise: (previous.get(j, jobs[j].earliest) + 1.5 * noise[j], j))
    for rule in rules:
        starts = place(inst, selected, rule, deadline)
        if starts is not None:
            schedule, _ = evaluate(inst, starts, deadline)
            if schedule is not None:
                return schedule
    return None


def repack_with_first(inst: Instance, previous: dict[int, int], first: int, deadline: int) -> bool:
    """Does the plan `previous` still fit by `deadline` (within budget) with job `first` started
    in period 0? Keeps the plan's order otherwise; a quick check before asking the MILP."""

    selected = set(previous) | {first}
    if inst.budget is not None and sum(inst.jobs[j].cost for j in selected) > inst.budget + 1e-6:
        return False
    if inst.jobs[first].earliest > 0:
        return False
    prio = dict(previous)
    prio[first] = -1
    found = _repack(inst, selected, prio, deadline, _tails(inst), random.Random(0))
    return found is not None and found.starts.get(first) == 0


def milestone_profile(inst: Instance, starts: dict[int, int]) -> tuple[int, ...]:
    """For each level the target needs, the period at whose end it is reached."""
    close: dict[int, int] = {}
    for j, s in starts.items():
        for g in inst.jobs[j].covers:
            close[g] = min(close.get(g, 10**9), s + inst.jobs[j].duration - 1 + inst.settle)
    levels = sorted({inst.goal_levels[g] for g in inst.target}) if inst.goal_levels else []
    return tuple(max(close.get(g, 10**9) for g in inst.target if inst.goal_levels[g] <= lv)
                 for lv in levels)


def advance_milestones(inst: Instance, schedule: Schedule) -> Schedule:
    """The same actions (so the same cost), rescheduled so that the intermediate levels are
    reached as early as possible without moving the target period. The optimiser only cares
    about the target; a steering committee also wants level 2 before level 3."""
    if not inst.goal_levels or not schedule.starts:
        return schedule
    jobs = inst.jobs
    targets = set(inst.target)
    rank = {j: min((inst.goal_levels[g] for g in jobs[j].covers if g in targets), default=99)
            for j in schedule.starts}
    changed = True
    while changed:  # a predecessor is as urgent as the most urgent job waiting for it
        changed = False
        for j in schedule.starts:
            for b in jobs[j].after:
                if b in rank and rank[b] > rank[j]:
                    rank[b], changed = rank[j], True
    tails = _tails(inst)
    prev = schedule.starts
    rules: list[Callable[[int], tuple]] = [
        lambda j: (rank[j], prev[j], j),
        lambda j: (rank[j], jobs[j].earliest, -tails[j], j),
        lambda j: (rank[j], -tails[j] - jobs[j].duration, j),
    ]
    best, best_profile = schedule, milestone_profile(inst, schedule.starts)
    for rule in rules:
        starts = place(inst, set(schedule.starts), rule, schedule.target_period)
        if starts is None:
            continue
        found, _ = evaluate(inst, starts, schedule.target_period)
        if found is None or found.target_period > schedule.target_period:
            continue
        profile = milestone_profile(inst, starts)
        if profile < best_profile:
            best, best_profile = found, profile
    return best
