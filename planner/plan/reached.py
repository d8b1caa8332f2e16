"""What a schedule reaches and when: the period each level first holds, each KPA's milestone, and
the target period. One reading for the plan from the start and the plan from a status date."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.assess.targets import target_goals
from planner.model import Assessment, Scenario
from planner.plan.results import KpaMilestone, Milestone, PeriodLoad, PlannedAction


def level_milestones(periods: Sequence[PeriodLoad], current_level: int) -> tuple[Milestone, ...]:
    """For each level above the current one, the first period at whose end it holds."""
    out = []
    reached = current_level
    for p in periods:
        while p.level > reached:
            reached += 1
            out.append(Milestone(p.index, reached, p.label))
    return tuple(out)


def kpa_milestones(scenario: Scenario, assessment: Assessment, actions: Iterable[PlannedAction],
                   closed_at: dict[str, int]) -> tuple[KpaMilestone, ...]:
    """For each KPA the plan completes, the period its last open goal holds and the actions that
    close its open goals."""
    fw = scenario.framework
    satisfied = assessment.satisfied_goals()
    actions = tuple(actions)
    out = []
    for k in fw.kpas:
        open_goals = [g for g in k.goal_ids if g not in satisfied]
        if open_goals and all(g in closed_at for g in open_goals):
            closers = tuple(pa.id for pa in actions if set(pa.closes) & set(open_goals))
            out.append(KpaMilestone(max(closed_at[g] for g in open_goals), k.id, closers))
    out.sort(key=lambda m: (m.period, fw.kpa(m.kpa).level, m.kpa))
    return tuple(out)


def target_period(scenario: Scenario, assessment: Assessment, closed_at: dict[str, int]) -> int | None:
    """The period at whose end every goal the target needs holds; None when nothing is needed."""
    needed = target_goals(scenario, assessment)
    return max((closed_at.get(g, 10**9) for g in needed), default=None) if needed else None
