"""Quick wins: what to start on Monday.

The rules name the candidates (small enough, closing a goal the target needs, waiting on nothing
unfinished). ITIL's caution then applies: a quick win must not inhibit the long-term objective. So
each candidate is checked against the optimal plan: started in period 0, does the target period
still hold within budget and capacity? Only then is it a quick win. The list is ranked by what it
closes and how little it takes, and each entry says why.
"""

from __future__ import annotations

import time
from dataclasses import replace

from planner.model import Scenario
from planner.numbers import days, money
from planner.optimize.decompose import cover_and_pack
from planner.optimize.greedy import repack_with_first
from planner.optimize.instance import Reduction, reduce
from planner.optimize.milp import build
from planner.optimize.solver import SolveStatus, solve
from planner.plan.results import Plan, QuickWin
from rules.quickwins import candidates


def quick_wins(plan: Plan, time_limit: float = 10.0, reduction: Reduction | None = None,
               left_out: list[tuple[str, str]] | None = None) -> list[QuickWin]:
    """`time_limit` is shared by all the checks that need the solver. The candidates of the rules
    that do not pass (they would delay the target, or their check could not be settled in time)
    are added to `left_out` with the reason, when it is given: a manager should see why an
    obvious small step is not on the list."""

    sc = plan.scenario
    found, _rejected = candidates(sc, plan.assessment)
    by_id = {a.id: a for a in sc.actions}
    planned = {pa.id: pa for pa in plan.actions}
    out = []
    # the plan's own reduction when the caller has it; else made at most once, if a check needs it
    cache: list = [reduction] if reduction is not None else []
    deadline = time.perf_counter() + time_limit
    for cand in found:
        a = by_id[cand.action]
        passes, check = _does_not_delay(plan, cand.action, deadline, cache)
        if not passes:
            if left_out is not None:
                left_out.append((cand.action, check))
            continue
        goals_text = ", ".join(cand.closes)
        level = min(sc.framework.goal_level(g) for g in cand.closes)
        cost = money(a.cost, sc.currency) if sc.currency else f"cost {money(a.cost)}"
        reason = (f"closes {goals_text}, needed for level {level}; "
                  f"{days(a.effort)} person-days and {cost} are within the quick-win "
                  f"limits; it waits on nothing unfinished; {check}")
        out.append(QuickWin(a.id, a.title, a.effort, a.cost, cand.closes, reason, a.id in planned))
    out.sort(key=lambda q: (-len(q.goals), not q.in_plan, q.effort, q.cost, q.id))
    return out


_UNSETTLED = ("not settled in time whether starting it now would delay the target (a longer time "
              "limit may admit it)")


def _does_not_delay(plan: Plan, action_id: str, deadline: float, reduction: list) -> tuple[bool, str]:
    """Whether starting the action now keeps the target period, and the sentence that says why
    (or why not)."""
    sc = plan.scenario
    if plan.status == "infeasible":
        return True, ("no plan reaches the target within the limits, so it cannot delay one (see the "
                      "diagnosis)")
    planned = {pa.id: pa for pa in plan.actions}
    if action_id in planned and planned[action_id].start == 0:
        return True, "the optimal plan starts it in the first period anyway"
    if sc.limits.budget is None and sc.limits.effort_per_period is None:
        return True, "with no budget or effort limit it cannot delay the target"
    if plan.target_period is None:
        return True, "the target already holds"
    a = sc.action(action_id)
    if action_id not in planned and _fits_beside(plan, sc, a):
        return True, "it fits beside the optimal plan without moving anything"
    if not reduction:

        reduction.append(reduce(plan.scenario, plan.assessment))
    dropped = reduction[0].unused.get(action_id) or reduction[0].stuck.get(action_id)
    if dropped:
        return False, f"the planner set it aside: {dropped}"
    holds = _solvable_with(plan, action_id, deadline, reduction[0])
    if holds is None:
        return False, _UNSETTLED
    if holds:
        return True, "the target period holds with it started in the first period"
    return False, (f"starting it now would move the target past {plan.periods[plan.target_period].label}: "
                   "it takes capacity or money the critical actions need first")


def _fits_beside(plan: Plan, sc: Scenario, action) -> bool:
    if sc.limits.budget is not None and plan.total_cost + action.cost > sc.limits.budget + 1e-6:
        return False
    if action.duration > sc.horizon:
        return False
    if sc.limits.effort_per_period is not None:
        for t in range(action.duration):
            if plan.periods[t].effort + action.effort / action.duration > sc.limits.effort_per_period + 1e-6:
                return False
    return True


def _solvable_with(plan: Plan, action_id: str, deadline: float, reduction: Reduction) -> bool | None:
    """Can the target period hold with the action started in period 0? First try repacking the
    optimal plan around it (milliseconds); only if that fails, ask the MILP (None: no answer
    before the deadline)."""

    inst = reduction.instance
    index = {job.id: j for j, job in enumerate(inst.jobs)}
    if action_id not in index or plan.target_period is None:
        return False
    previous = {index[pa.id]: pa.start for pa in plan.actions if pa.id in index}
    if repack_with_first(inst, previous, index[action_id], plan.target_period):
        return True
    left = deadline - time.perf_counter()
    if left < 0.5:
        return None
    # cover and pack first: on capacity-tight plans it settles in a fraction of a second what the
    # MILP took four seconds for (HeRus at 80 person-days a quarter)
    found = cover_and_pack(inst, plan.target_period, left / 2, least_cost=False,
                           fixed={index[action_id]: 0})
    if found.status in ("infeasible", "optimal"):
        return found.status == "optimal"
    left = deadline - time.perf_counter()
    if left < 0.5:
        return None
    model = build(inst, plan.target_period, fixed={index[action_id]: 0})
    if model is None:
        return False
    model.use_objective("effort")  # measured: settles these checks faster than no objective
    status = solve(model.problem, left).status
    if status is SolveStatus.UNKNOWN:
        return None
    return status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)


NOT_QUICK_WINS = "Small and free to start, but not quick wins:"
"""The heading over `left_out_lines` wherever they are shown."""


def left_out_lines(plan: Plan) -> list[str]:
    """One line per candidate of the rules that is not a quick win, with the reason."""
    return [f"{aid} ({plan.scenario.action(aid).title}): {why}" for aid, why in plan.quick_wins_left_out]


def left_out_text(plan: Plan) -> str:
    """The heading and the indented lines, for a terminal; "" when every candidate is a quick win."""
    lines = left_out_lines(plan)
    return "\n".join([NOT_QUICK_WINS, *(f"  {x}" for x in lines)]) if lines else ""


def mark_quick_wins(plan: Plan, time_limit: float = 10.0, reduction: Reduction | None = None) -> Plan:
    """The plan with its quick wins listed and the planned ones marked."""
    left_out: list[tuple[str, str]] = []
    wins = tuple(quick_wins(plan, time_limit, reduction, left_out))
    ids = {q.id for q in wins}
    return replace(plan, quick_wins=wins, quick_wins_left_out=tuple(left_out),
                   actions=tuple(replace(pa, quick_win=pa.id in ids) for pa in plan.actions))

