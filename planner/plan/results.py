"""What a plan is: the result types the pipeline produces and everyone else reads.

Types only. The pipeline (`planner.plan.pipeline`) and the steps it calls (verify, explain, quick
wins, diagnosis) import these; nothing here imports them back, so a view or an export can read a
plan without pulling in the solver or the rules engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from planner.model import Assessment, Scenario
from planner.numbers import money

Progress = Callable[[str], None]
"""Receives a line of progress for the user (a spinner, the TUI's status bar)."""


class PlanStatus(StrEnum):
    """How far the plan is proven. Str-valued, so JSON and text show the word itself."""

    OPTIMAL = "optimal"
    """Earliest target period and least cost at it, both proven."""
    FEASIBLE = "feasible"
    """A verified plan; the time limit stopped the proof."""
    INFEASIBLE = "infeasible"
    """No plan reaches the target within the limits."""


@dataclass(frozen=True, slots=True)
class QuickWin:
    id: str
    title: str
    effort: float
    cost: float
    goals: tuple[str, ...]
    """The needed goals it closes."""
    reason: str
    in_plan: bool = False



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
    state: str = "planned"
    """"finished" | "in_progress" | "planned" (progress files; see planner.plan.replan)."""


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
    reachable: Reachable | None = None
    """The highest level above the current one that the same limits do allow, or None."""


@dataclass(frozen=True, slots=True)
class Reachable:
    """What the limits of an infeasible plan do allow: `level` at the end of `period`, for `cost`
    at the least (the earliest period first, then the least cost there)."""

    level: int
    period: int
    cost: float
    proven: bool = True
    """False when the time limit stopped the search before it proved period and cost."""


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    assessment: Assessment
    status: PlanStatus
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
    quick_wins: tuple[QuickWin, ...] = ()
    """The ranked quick wins, when make_plan was asked for them."""
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
        """What is still open when the time limit stopped the proof, in plain words and quarters:
        the best plan found, and what a better one could still be."""
        if self.status is not PlanStatus.FEASIBLE or self.target_period is None:
            return ""
        target = "the target profile" if self.scenario.target_profile else f"level {self.target_level}"
        cur = self.scenario.currency
        best = (f"best found: {target} at the end of {self.periods[self.target_period].label} for "
                f"{money(self.total_cost, cur)}")
        if self.period_unproven and self.period_bound is not None:
            first = self.periods[max(self.period_bound, 0)].label
            span = first if self.period_bound == self.target_period - 1 else \
                f"{first} to {self.periods[self.target_period - 1].label}"
            return f"{best}; {span} may be possible (not yet settled)"
        if self.cost_gap:
            floor = self.total_cost * (1 - self.cost_gap)
            return f"{best}; a plan down to {money(floor, cur)} may exist (not yet settled)"
        return best

    @property
    def nothing_to_do(self) -> bool:
        return self.status is not PlanStatus.INFEASIBLE and not self.actions
