"""From a scenario to a verified roadmap: assess, reduce, optimise, verify, explain.

This is the planner's front door for the CLI, the exports and the TUI. Nothing is shown that has not
passed the independent verifier (`planner.plan.verify`); a solver plan that fails it is a bug and is
reported as an error rather than passed on.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from planner.errors import SolverError
from planner.model import Assessment, Scenario
from planner.periods import period_label, period_start
from planner.assess.reachability import goals_for_level

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class PlannedAction:
    id: str
    title: str
    start: int
    end: int
    effort: float
    cost: float
    goals: tuple[str, ...]
    role: str = ""
    quick_win: bool = False
    closes: tuple[str, ...] = ()
    """Goals that were open and are closed when this action ends."""
    why: str = ""
    milestone: str = ""
    """What its end makes possible: a KPA satisfied, a level reached."""


@dataclass(frozen=True, slots=True)
class PeriodLoad:
    index: int
    label: str
    start: dt.date
    effort: float
    cost: float
    level: int
    """The maturity level held at the end of the period."""


@dataclass(frozen=True, slots=True)
class Milestone:
    period: int
    level: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class KpaMilestone:
    period: int
    kpa: str
    actions: tuple[str, ...]
    """The planned actions that close the KPA's open goals."""


@dataclass(frozen=True)
class Diagnosis:
    reason: str
    uncovered_goals: tuple[str, ...] = ()
    never_start: tuple[tuple[str, str], ...] = ()
    least_budget: float | None = None
    least_horizon: int | None = None
    binding: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    least_budget_proven: bool = True
    """False when the time limit left only an upper bound ("at most") on the least budget."""
    least_horizon_proven: bool = True


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    assessment: Assessment
    status: str
    """"optimal" | "feasible" | "infeasible"."""
    target_period: int | None
    total_cost: float
    total_effort: float
    periods: tuple[PeriodLoad, ...]
    actions: tuple[PlannedAction, ...]
    milestones: tuple[Milestone, ...]
    kpa_milestones: tuple[KpaMilestone, ...] = ()
    diagnosis: Diagnosis | None = None
    left_out: tuple[tuple[str, str], ...] = ()
    """Catalog actions not in the plan, with the reason."""
    cost_gap: float | None = None
    period_bound: int | None = None
    seconds: float = 0.0
    solver: str = ""
    greedy_period: int | None = None
    greedy_cost: float | None = None
    log: tuple[str, ...] = field(default=())
    quick_wins: tuple = ()
    """The ranked quick wins (`planner.quickwins.QuickWin`), when make_plan was asked for them."""
    quick_wins_left_out: tuple[tuple[str, str], ...] = ()
    """Candidates of the quick-win rules that are not quick wins, with the reason: they would
    delay the target, the planner set them aside, or their check could not be settled in time."""

    @property
    def current_level(self) -> int:
        return self.assessment.current_level

    @property
    def target_level(self) -> int:
        return self.scenario.target_level

    @property
    def period_unproven(self) -> bool:
        """A feasible plan whose target period itself is not proven earliest."""
        return (self.period_bound is not None and self.target_period is not None
                and self.period_bound < self.target_period)

    def gap_words(self) -> str:
        """What the optimality gap measures, in words: the cost gap when the target period is
        proven, else the gap of the lexicographic objective (period first, then cost)."""
        if self.status != "feasible":
            return ""
        bits = []
        if self.period_unproven:
            bits.append(f"no plan can reach the target before period {self.period_bound}")
            if self.cost_gap is not None:
                bits.append(f"optimality gap {self.cost_gap:.1%} (period first, then cost)")
        elif self.cost_gap is not None:
            bits.append(f"cost within {self.cost_gap:.1%} of the least possible")
        return "; ".join(bits)

    @property
    def nothing_to_do(self) -> bool:
        return self.status != "infeasible" and not self.actions


def level_of(scenario: Scenario, satisfied: set[str] | frozenset[str]) -> int:
    """The staged level for a set of closed goals; the same rule the rules engine applies."""
    fw = scenario.framework
    level = 1
    for lv in range(2, fw.max_level + 1):
        if all(g in satisfied for g in goals_for_level(fw, lv)):
            level = lv
        else:
            break
    return level


def make_plan(scenario: Scenario, time_limit: float = 60.0, progress: Progress | None = None,
              assessment: Assessment | None = None, with_quick_wins: bool = True,
              diagnose: bool = True) -> Plan:
    """The verified plan. `diagnose=False` skips explaining an infeasible plan (each explanation
    re-plans with one limit lifted), for sweeps that only need the status."""
    from planner.optimize.instance import reduce
    from planner.optimize.search import optimise
    from rules.assess import assess

    started = time.perf_counter()
    assessment = assessment or assess(scenario)
    reduction = reduce(scenario, assessment)
    inst = reduction.instance
    outcome = None if reduction.uncovered else optimise(inst, reduction.lower_bound, time_limit, progress)
    if outcome is None or outcome.schedule is None:
        from planner.plan.diagnosis import explain_infeasible

        diagnosis = explain_infeasible(scenario, assessment, reduction, time_limit, progress,
                                       timed_out=bool(outcome and outcome.timed_out), full=diagnose)
        plan = Plan(
            scenario=scenario, assessment=assessment, status="infeasible", target_period=None,
            total_cost=0.0, total_effort=0.0, periods=_periods(scenario, {}, assessment),
            actions=(), milestones=(), diagnosis=diagnosis,
            seconds=outcome.seconds if outcome else 0.0, solver=outcome.solver if outcome else "",
            greedy_period=None, greedy_cost=None, log=outcome.log if outcome else (),
            period_bound=outcome.period_bound if outcome else None,
        )
        if with_quick_wins:
            from planner.plan.quickwins import mark_quick_wins

            plan = mark_quick_wins(plan, min(time_limit, 10.0), reduction)
        return plan
    starts = {inst.jobs[j].id: s for j, s in outcome.schedule.starts.items()}
    plan = assemble(scenario, assessment, starts, outcome.status)
    from dataclasses import replace

    plan = replace(
        plan, cost_gap=outcome.cost_gap, period_bound=outcome.period_bound, seconds=outcome.seconds,
        solver=outcome.solver, log=outcome.log,
        greedy_period=outcome.greedy.target_period if outcome.greedy else None,
        greedy_cost=outcome.greedy.cost if outcome.greedy else None,
    )
    from planner.plan.verify import verify

    problems = verify(plan)
    if problems:
        raise SolverError("the optimised plan failed verification: " + "; ".join(problems))
    from planner.plan.why import explain

    plan = explain(plan, reduction)
    if with_quick_wins:
        from planner.plan.quickwins import mark_quick_wins

        # the checks get what is left of the time limit (at most 10 s, at least 1 s), so that a
        # plan that used its whole limit is not held up for long by them
        left = time_limit - (time.perf_counter() - started)
        plan = mark_quick_wins(plan, max(1.0, min(left, 10.0)), reduction)
    return plan


def assemble(scenario: Scenario, assessment: Assessment, starts: dict[str, int], status: str) -> Plan:
    """A Plan from start periods: loads, spend, levels per period and milestones."""
    by_id = {a.id: a for a in scenario.actions}
    satisfied = set(assessment.satisfied_goals())
    actions = []
    for aid, s in sorted(starts.items(), key=lambda kv: (kv[1], kv[0])):
        a = by_id[aid]
        actions.append(PlannedAction(
            id=a.id, title=a.title, start=s, end=s + a.duration - 1, effort=a.effort, cost=a.cost,
            goals=a.goals, role=a.role,
            closes=tuple(g for g in a.goals if g not in satisfied and scenario.framework.has_goal(g)),
        ))
    periods = _periods(scenario, starts, assessment)
    closed_at: dict[str, int] = {}
    for pa in actions:
        for g in pa.closes:
            closed_at[g] = min(closed_at.get(g, 10**9), pa.end)
    milestones = []
    reached = assessment.current_level
    for p in periods:
        while p.level > reached:
            reached += 1
            milestones.append(Milestone(p.index, reached, p.label))
    kpa_ms = []
    fw = scenario.framework
    for k in fw.kpas:
        open_goals = [g for g in k.goal_ids if g not in satisfied]
        if open_goals and all(g in closed_at for g in open_goals):
            period = max(closed_at[g] for g in open_goals)
            closers = tuple(pa.id for pa in actions if set(pa.closes) & set(open_goals))
            kpa_ms.append(KpaMilestone(period, k.id, closers))
    kpa_ms.sort(key=lambda m: (m.period, fw.kpa(m.kpa).level, m.kpa))
    target_goals = assessment.open_goals_up_to(scenario.target_level)
    target_period = max((closed_at[g] for g in target_goals), default=None) if target_goals else None
    return Plan(
        scenario=scenario, assessment=assessment, status=status, target_period=target_period,
        total_cost=sum(a.cost for a in actions), total_effort=sum(a.effort for a in actions),
        periods=periods, actions=tuple(actions), milestones=tuple(milestones),
        kpa_milestones=tuple(kpa_ms),
    )


def _periods(scenario: Scenario, starts: dict[str, int], assessment: Assessment) -> tuple[PeriodLoad, ...]:
    by_id = {a.id: a for a in scenario.actions}
    effort = [0.0] * scenario.horizon
    cost = [0.0] * scenario.horizon
    ends: dict[int, list[str]] = {}
    for aid, s in starts.items():
        a = by_id[aid]
        for t in range(s, min(s + a.duration, scenario.horizon)):
            effort[t] += a.effort / a.duration
            cost[t] += a.cost / a.duration
        ends.setdefault(s + a.duration - 1, []).append(aid)
    satisfied = set(assessment.satisfied_goals())
    out = []
    for t in range(scenario.horizon):
        for aid in ends.get(t, []):
            satisfied.update(g for g in by_id[aid].goals)
        out.append(PeriodLoad(
            index=t, label=period_label(scenario.start, scenario.period, t),
            start=period_start(scenario.start, scenario.period, t),
            effort=effort[t], cost=cost[t], level=level_of(scenario, satisfied),
        ))
    return tuple(out)
