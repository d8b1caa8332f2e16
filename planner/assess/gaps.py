"""Gap analysis: what stands between an assessed current state and a target level.

The staged rule decides what blocks: a KPA blocks the target when it sits at or below the target
and still has a goal open that the target needs. Strong points are what already holds; weak points
are what blocks the next level and the target, the two questions a manager asks first.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model import Action, Assessment


@dataclass(frozen=True, slots=True)
class BlockingKpa:
    level: int
    kpa: str
    name: str
    status: str
    goals: tuple[str, ...]
    """Goals still open (unsatisfied or partial) that the target needs."""
    closes_with: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """For each open goal: the catalog actions that would close it."""


@dataclass(frozen=True, slots=True)
class GapReport:
    current_level: int
    target_level: int
    blocking: tuple[BlockingKpa, ...]
    strong: tuple[str, ...]
    """KPAs (up to the target) that already hold by being satisfied; a KPA rated not applicable
    holds for the level but is no strength of the organisation."""
    next_level_blockers: tuple[str, ...]
    """KPAs keeping the next level out of reach."""
    not_applicable: tuple[str, ...] = ()
    """KPAs (up to the target) rated not applicable."""

    @property
    def open_goals(self) -> tuple[str, ...]:
        return tuple(g for b in self.blocking for g in b.goals)


def gap_report(assessment: Assessment, target: int, actions: tuple[Action, ...] = (),
               needed_goals: list[str] | None = None) -> GapReport:
    """`needed_goals`: the target's open goals when it is not a level (a capability profile,
    planner.assess.targets); every KPA is then looked at, whatever its level."""
    fw = assessment.framework
    needed = set(assessment.open_goals_up_to(target) if needed_goals is None else needed_goals)
    covering: dict[str, list[str]] = {}
    for a in actions:
        for g in a.goals:
            covering.setdefault(g, []).append(a.id)
    blocking = []
    strong = []
    not_applicable: list[str] = []
    for k in sorted(fw.kpas, key=lambda k: k.level):
        if k.level > target and needed_goals is None:
            continue
        status = assessment.kpas[k.id]
        goals = tuple(g for g in k.goal_ids if g in needed)
        if goals:
            blocking.append(BlockingKpa(
                level=k.level, kpa=k.id, name=k.name, status=status.status, goals=goals,
                closes_with=tuple((g, tuple(covering.get(g, ()))) for g in goals),
            ))
        elif status.status == "na":
            not_applicable.append(k.id)
        elif status.holds:
            strong.append(k.id)
    nxt = assessment.current_level + 1
    next_open = set(assessment.level_blockers.get(nxt, ()))
    next_kpas = tuple(k.id for k in fw.kpas if any(g in next_open for g in k.goal_ids))
    return GapReport(assessment.current_level, target, tuple(blocking), tuple(strong), next_kpas,
                     tuple(not_applicable))
