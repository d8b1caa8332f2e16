"""Lexicographic optimisation: the earliest target period first, then the least cost.

The question "can the target be reached by the end of period D?" gets easier the further D is from
the answer, so the search walks D up from a lower bound: each deadline's MILP (least effort, which
proves infeasibility as quickly as any objective and, when a plan exists, finds one that packs
easily) is either infeasible, and D moves on, or yields a plan, and D is the earliest target period.
There the least cost is found: a local search improves the first plan and the MILP, started from
it, proves the least cost. Nothing is solved twice; each model has
only the periods up to its deadline.

Each deadline is first put to the cover-and-pack decomposition (planner.optimize.decompose), which
chooses the actions in a small MILP and asks CP-SAT whether they pack: when capacity is tight it
rules out deadlines by effort alone and finds the plans the time-indexed models miss; what it leaves
undecided goes to CP-SAT on the whole model and then the MILP.

A greedy plan comes first: it caps the walk (its target period is feasible) and is the answer when
the time limit runs out, so a time limit never yields nothing when greedy found a plan. On large
problems, where proving a deadline infeasible can take long, each deadline gets a share of the
time; if the walk stalls, the search tries to bring the best plan's period down from above instead,
and reports the proven bound alongside the plan.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from planner.optimize.cpsat import available as cp_available
from planner.optimize.cpsat import solve_deadline
from planner.optimize.decompose import cover_and_pack
from planner.optimize.greedy import (
    Schedule,
    advance_milestones,
    evaluate,
    greedy,
    improve,
    milestone_profile,
    plans_by_deadline,
)
from planner.optimize.instance import Instance
from planner.optimize.milp import build, build_fixed_selection, least_cost_cover, require_goals_by
from planner.optimize.solver import SolveResult, SolveStatus, backend_name, solve

Progress = Callable[[str], None]

SMALL_MODEL = 600
"""Models with at most this many binaries are solved in restart rounds (see solver.RESTARTS):
their search is short when it goes well and heavy-tailed when it does not. Larger models keep
one search tree, which restarts would throw away."""


@dataclass(frozen=True)
class Outcome:
    status: str
    """"optimal" | "feasible" | "infeasible"."""
    schedule: Schedule | None
    period_bound: int
    """No plan reaches the target before the end of this period (proven)."""
    cost_gap: float | None
    """Relative gap of the lexicographic objective: 0.0 when proven optimal; when the period is
    proven, the gap on cost; otherwise the gap of (periods x W + cost), W above any plan's cost."""
    greedy: Schedule | None
    seconds: float
    solver: str
    log: tuple[str, ...] = field(default=())
    timed_out: bool = False


class _Clock:
    def __init__(self, limit: float):
        self.started = time.perf_counter()
        self.limit = limit

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    @property
    def left(self) -> float:
        return self.limit - self.elapsed


def optimise(inst: Instance, lower_bound: int, time_limit: float = 60.0,
             progress: Progress | None = None, least_cost: bool = True) -> Outcome:
    """The lexicographic optimum; with `least_cost=False` only the earliest target period is
    established (the diagnosis asks "how many periods would do?" and not "at what cost?")."""
    clock = _Clock(time_limit)
    say = progress or (lambda _msg: None)
    log: list[str] = []
    backend = backend_name()

    def note(msg: str) -> None:
        log.append(msg)
        say(msg)

    if not inst.target:
        # nothing to plan, but running work (a progress file's) goes on and must still fit
        running, problems = evaluate(inst, {j: inst.jobs[j].earliest for j in inst.pinned})
        if running is None:
            return Outcome("infeasible", None, inst.horizon, None, None, clock.elapsed, backend,
                           ("the target level already holds, but the work still running does not fit "
                            "the limits: " + "; ".join(problems),))
        return Outcome("optimal", running, -1, 0.0, running, clock.elapsed, backend,
                       ("nothing to do: the target level already holds",))

    if inst.deadline is not None and least_cost:
        return _by_deadline(inst, lower_bound, clock, backend, note, log)

    base = greedy(inst)
    if base is None and inst.budget is not None:
        floor = least_cost_cover(inst, min(clock.left, 10.0))
        if floor is not None and floor > inst.budget + 1e-6:
            note(f"no set of actions closing the target goals costs less than {floor:,.0f}, "
                 + (f"above the {inst.budget:,.0f} of budget left" if inst.budget >= 0 else
                    f"while the money spent is already {-inst.budget:,.0f} over the budget"))
            return Outcome("infeasible", None, inst.horizon, None, None, clock.elapsed, backend,
                           tuple(log))
    note("greedy: " + (f"target at the end of period {base.target_period}, cost {base.cost:,.0f}"
                       if base else "no plan"))
    best = base
    # a share of the time per deadline, so one hard proof cannot eat the whole limit
    share = max(2.0, time_limit / 4)
    use_cp = cp_available()

    # 1. walk the deadline up until a plan exists or the walk stalls
    deadline = max(lower_bound, 0)
    last = base.target_period if base is not None else inst.horizon - 1
    proven = None  # the earliest target period, once proven
    first: Schedule | None = None
    while deadline <= last:
        if base is not None and deadline == base.target_period:
            proven, first = deadline, base
            break
        if clock.left <= 0.05:
            break
        if use_cp:
            kind, found = _cp_decides(inst, deadline, min(clock.left, max(1.0, share / 2)),
                                      lambda: min(clock.left, max(1.0, share / 5)), note)
            if kind == "none":
                deadline += 1
                continue
            if found is not None:
                proven, first = deadline, found
                break
        model = build(inst, deadline)
        if model is None:
            note(f"deadline {deadline}: some target goal cannot be closed in time")
            deadline += 1
            continue
        model.use_objective("effort")
        # when this is the last open deadline below the best plan, it gets all the time but a
        # reserve for the least-cost search that follows
        limit = clock.left * 0.75 if deadline == last - 1 else min(clock.left, share)
        res = solve(model.problem, limit, backend=backend,
                    restarts=len(model.started_by) <= SMALL_MODEL)
        note(f"deadline {deadline}: {_words(res)} ({res.seconds:.2f} s)")
        if res.status is SolveStatus.INFEASIBLE:
            deadline += 1
            continue
        if res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            found, problems = evaluate(inst, model.schedule_from_values(), deadline)
            if found is None:
                note("solver plan failed the instance check: " + "; ".join(problems[:3]))
                break
            proven, first = deadline, found
        break
    lower = deadline if proven is None else proven

    # 2. the walk stalled: bring the best plan's period down from above
    if proven is None and best is not None:
        best = _descend(inst, best, lower, clock, share, backend, note)
        if best.target_period == lower:
            proven, first = lower, best
    if proven is None:
        if best is None:
            status = "infeasible"
            timed_out = deadline <= last
            return Outcome(status, None, lower, None, base, clock.elapsed, backend, tuple(log), timed_out)
        schedule = advance_milestones(inst, tidy(inst, best))
        if least_cost and clock.left > 1.0:
            # the period is not proven, but the time left can still make the plan cheaper there
            cheaper = _least_cost(inst, best.target_period, best, base, clock, backend, note, log)
            if cheaper.schedule is not None and cheaper.schedule.cost < schedule.cost - 1e-9:
                schedule = cheaper.schedule
        gap = _period_gap(inst, schedule, lower)
        note(f"time limit: target period {schedule.target_period}, no plan before {lower} "
             f"(gap {gap:.1%})")
        return Outcome("feasible", schedule, lower, gap, base, clock.elapsed, backend, tuple(log),
                       timed_out=True)

    # 3. least cost at the proven earliest period
    assert first is not None
    if not least_cost:
        return Outcome("optimal", first, proven, None, base, clock.elapsed, backend, tuple(log))
    return _least_cost(inst, proven, first, base, clock, backend, note, log)


def _cp_decides(inst: Instance, deadline: int, first: float, then: Callable[[], float],
                note: Callable[[str], None]) -> tuple[str, Schedule | None]:
    """Cover and pack for `first` seconds, then CP-SAT on the whole model for `then()`:
    ("plan", it), ("none", None) when proven impossible, or ("unknown", None)."""
    dec = cover_and_pack(inst, deadline, first, least_cost=False)
    note(f"deadline {deadline}: cover and pack {dec.status} ({dec.rounds} rounds)")
    if dec.status == "infeasible":
        return "none", None
    if dec.schedule is not None:
        return "plan", dec.schedule
    cp = solve_deadline(inst, deadline, then(), least_cost=False)
    note(f"deadline {deadline}: CP-SAT {cp.status}")
    if cp.status == "infeasible":
        return "none", None
    if cp.schedule is not None:
        return "plan", cp.schedule
    return "unknown", None


def _plan_by(inst: Instance, deadline: int, limit: float, backend: str,
             note: Callable[[str], None]) -> tuple[str, Schedule | None]:
    """Any plan that reaches the target by `deadline`: ("plan", it), ("none", None) when proven
    impossible, or ("unknown", None) when the time ran out first."""
    found = plans_by_deadline(inst, deadline, tries=2)
    if found is not None:
        return "plan", found
    if cp_available():
        kind, found = _cp_decides(inst, deadline, max(0.2, limit / 3), lambda: max(0.2, limit / 3), note)
        if kind != "unknown":
            return kind, found
    model = build(inst, deadline)
    if model is None:
        return "none", None
    model.use_objective("effort")
    res = solve(model.problem, max(0.5, limit), backend=backend,
                restarts=len(model.started_by) <= SMALL_MODEL)
    note(f"deadline {deadline}: {_words(res)} ({res.seconds:.2f} s)")
    if res.status is SolveStatus.INFEASIBLE:
        return "none", None
    if res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        found, _ = evaluate(inst, model.schedule_from_values(), deadline)
        if found is not None:
            return "plan", found
    return "unknown", None


def _by_deadline(inst: Instance, lower_bound: int, clock: _Clock, backend: str,
                 note: Callable[[str], None], log: list[str]) -> Outcome:
    """The cheapest plan that reaches the target by the scenario's deadline and, among the
    cheapest, the earliest: least cost at the deadline first, then the earliest period at which
    that cost still suffices."""
    deadline = inst.deadline
    assert deadline is not None
    base = greedy(inst, deadline=deadline)
    if lower_bound > deadline:
        note(f"no plan can reach the target before period {lower_bound}, after the deadline {deadline}")
        return Outcome("infeasible", None, lower_bound, None, None, clock.elapsed, backend, tuple(log))
    kind, first = ("plan", base) if base is not None else _plan_by(inst, deadline, clock.left / 3,
                                                                  backend, note)
    if first is None:
        return Outcome("infeasible", None, deadline + (kind == "none"), None, None, clock.elapsed,
                       backend, tuple(log), timed_out=kind == "unknown")
    cheapest = _least_cost(inst, deadline, first, base, clock, backend, note, log)
    assert cheapest.schedule is not None
    best = cheapest.schedule
    proven_cost = cheapest.status == "optimal"
    # among the plans at that cost, the earliest: walk up from the lower bound
    at_cost = replace(inst, budget=best.cost + 1e-6)
    earliest_proven = True
    for d in range(max(lower_bound, 0), best.target_period):
        if clock.left <= 0.2:
            earliest_proven = False
            break
        kind, found = _plan_by(at_cost, d, min(clock.left, 5.0), backend, note)
        if kind == "plan" and found is not None and found.cost <= best.cost + 1e-6:
            best = found
            break
        if kind == "unknown":
            earliest_proven = False
    status = "optimal" if proven_cost and earliest_proven else "feasible"
    return Outcome(status, best, best.target_period if status == "optimal" else lower_bound,
                   0.0 if status == "optimal" else cheapest.cost_gap, base, clock.elapsed,
                   cheapest.solver, tuple(log), timed_out=status != "optimal")


def _least_cost(inst: Instance, deadline: int, first: Schedule, base: Schedule | None, clock: _Clock,
                backend: str, note: Callable[[str], None], log: list[str]) -> Outcome:
    model = build(inst, deadline)
    assert model is not None
    model.use_objective("cost")
    incumbent = improve(inst, first, deadline, budget_seconds=min(0.3, clock.left / 10))
    cp_bound = None
    if cp_available():
        # cover and pack first: the cheapest set of actions that packs is proven cheapest
        dec = cover_and_pack(inst, deadline, min(clock.left / 2, max(2.0, clock.left / 4)), least_cost=True)
        note(f"period {deadline}: least cost by cover and pack {dec.status} ({dec.rounds} rounds)")
        if dec.schedule is not None and dec.schedule.cost < incumbent.cost - 1e-9:
            incumbent = dec.schedule
        cp_bound = dec.bound
        if dec.status == "optimal":
            schedule = _earlier_milestones(inst, tidy(inst, incumbent), clock, backend)
            return Outcome("optimal", schedule, deadline, 0.0, base, clock.elapsed,
                           backend + "+cp-sat", tuple(log))
        # then CP-SAT on the whole model, briefly: on packing-tight catalogs it proves the least cost
        cp = solve_deadline(inst, deadline, min(clock.left / 2, max(2.0, clock.left / 4)),
                            least_cost=True, hint=incumbent)
        note(f"period {deadline}: least cost by CP-SAT {cp.status}")
        if cp.schedule is not None and cp.schedule.cost < incumbent.cost - 1e-9:
            incumbent = cp.schedule
        cp_bound = max((b for b in (cp_bound, cp.bound) if b is not None), default=None)
        if cp.status == "optimal":
            schedule = _earlier_milestones(inst, tidy(inst, incumbent), clock, backend)
            return Outcome("optimal", schedule, deadline, 0.0, base, clock.elapsed, backend + "+cp-sat",
                           tuple(log))
    warm = model.set_start(incumbent)
    res = solve(model.problem, max(clock.left, 0.5), warm_start=warm, backend=backend,
                restarts=len(model.started_by) <= SMALL_MODEL)
    note(f"period {deadline}: least cost {_words(res)} ({res.seconds:.2f} s)")
    if res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
        found, problems = evaluate(inst, model.schedule_from_values(), deadline)
        if found is None:
            note("solver plan failed the instance check: " + "; ".join(problems[:3]))
        elif found.cost <= incumbent.cost + 1e-9:
            incumbent = found
    schedule = _earlier_milestones(inst, tidy(inst, incumbent), clock, backend)
    if res.status is SolveStatus.OPTIMAL and schedule.cost <= (res.objective or 0) + 1e-6:
        return Outcome("optimal", schedule, deadline, 0.0, base, clock.elapsed, res.solver, tuple(log))
    gap = None
    bound = max((b for b in (res.bound, cp_bound) if b is not None), default=None)
    if bound is not None and schedule.cost > 0:
        gap = max(0.0, (schedule.cost - bound) / schedule.cost)
    return Outcome("feasible", schedule, deadline, gap, base, clock.elapsed, res.solver, tuple(log),
                   timed_out=True)


def _earlier_milestones(inst: Instance, schedule: Schedule, clock: _Clock, backend: str) -> Schedule:
    """Same actions, same cost, same target period; each intermediate level as early as it can be.
    For each level below the target, lowest first, walk its period up from the earliest its
    actions allow until a schedule of the chosen actions meets it (keeping the levels already
    pulled in). A list-scheduling pass goes first; the MILP checks get a small share of time."""

    schedule = advance_milestones(inst, schedule)
    if not inst.goal_levels:
        return schedule
    levels = sorted({inst.goal_levels[g] for g in inst.target})[:-1]
    budget = min(2.0, clock.left / 4)
    started = time.perf_counter()
    fixed: list[tuple[list[int], int, str]] = []
    selected = set(schedule.starts)
    for i, level in enumerate(levels):
        goals = [g for g in inst.target if inst.goal_levels[g] <= level]
        current = milestone_profile(inst, schedule.starts)[i]
        earliest = max(min(inst.jobs[j].earliest + inst.jobs[j].duration - 1
                           for j in inst.coverers[g] if j in selected) for g in goals)
        for period in range(earliest, current):
            left = budget - (time.perf_counter() - started)
            if left <= 0.05:
                return schedule
            if cp_available():  # the chosen actions only: CP-SAT decides these in milliseconds
                asked = tuple((tuple(gs), p) for gs, p, _ in [*fixed, (goals, period, "")])
                cp = solve_deadline(inst, schedule.target_period, left, least_cost=False,
                                    only=frozenset(selected), hold_by=asked, workers=1)
                if cp.schedule is not None:
                    profile = milestone_profile(inst, cp.schedule.starts)
                    earlier = profile < milestone_profile(inst, schedule.starts)
                    if earlier and abs(cp.schedule.cost - schedule.cost) < 1e-6:
                        schedule = cp.schedule
                    break
                if cp.status == "infeasible":
                    continue
            model = build_fixed_selection(inst, selected, schedule.target_period)
            if model is None:
                return schedule
            for gs, p, tag in [*fixed, (goals, period, f"L{level}")]:
                require_goals_by(model, inst, gs, p, tag)
            res = solve(model.problem, left, backend=backend)
            if res.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
                found, _ = evaluate(inst, model.schedule_from_values(), schedule.target_period)
                if found is not None and abs(found.cost - schedule.cost) < 1e-6 \
                        and milestone_profile(inst, found.starts) < milestone_profile(inst, schedule.starts):
                    schedule = found
                break
            if res.status is not SolveStatus.INFEASIBLE:
                return schedule
        fixed.append((goals, milestone_profile(inst, schedule.starts)[i], f"L{level}"))
    return schedule


def _descend(inst: Instance, best: Schedule, lower: int, clock: _Clock, share: float, backend: str,
             note: Callable[[str], None]) -> Schedule:
    """Try deadlines below the best plan's period, nearest first, until one fails or time is up."""

    tried_from_below = lower
    while best.target_period > lower and clock.left > 0.5:
        deadline = best.target_period - 1
        if deadline == tried_from_below and clock.left < share:
            break  # the walk already spent its share on this very question
        found = plans_by_deadline(inst, deadline, tries=2)
        if found is None:
            model = build(inst, deadline)
            if model is None:
                break
            model.use_objective("effort")
            res = solve(model.problem, min(clock.left, share), backend=backend)
            note(f"deadline {deadline} (from above): {_words(res)} ({res.seconds:.2f} s)")
            if res.status not in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
                break
            found, _ = evaluate(inst, model.schedule_from_values(), deadline)
            if found is None:
                break
        else:
            note(f"deadline {deadline} (from above): heuristic plan found")
        best = found
    return best


def _period_gap(inst: Instance, best: Schedule, lower: int) -> float:
    """Gap of the lexicographic objective (period + 1) x W + cost, W above any possible cost."""
    weight = sum(j.cost for j in inst.jobs) + 1.0
    upper = (best.target_period + 1) * weight + best.cost
    bound = (lower + 1) * weight
    return max(0.0, (upper - bound) / upper)


def _words(res: SolveResult) -> str:
    return {
        SolveStatus.OPTIMAL: "plan found",
        SolveStatus.FEASIBLE: "plan found (time limit)",
        SolveStatus.INFEASIBLE: "no plan possible",
        SolveStatus.UNKNOWN: "undecided at the time limit",
    }[res.status]


def tidy(inst: Instance, schedule: Schedule) -> Schedule:
    """Drop jobs the plan does not need (zero-cost extras a solver may leave in) without moving
    the target period or raising the cost."""
    starts = dict(schedule.starts)
    for j in sorted(starts, key=lambda j: (-inst.jobs[j].effort, j)):
        trial = {k: v for k, v in starts.items() if k != j}
        candidate, _ = evaluate(inst, trial)
        if candidate is not None and candidate.target_period <= schedule.target_period \
                and candidate.cost <= schedule.cost + 1e-9:
            starts = trial
    result, _ = evaluate(inst, starts)
    return result if result is not None else schedule
