"""The domain model: frozen dataclasses that carry data between loading, rules, optimiser and UI.

Everything here is immutable so that a loaded framework or scenario can be shared by the rules
engine, the solver workers and the TUI without anyone changing it under the others' feet. Lookup
tables are built once at construction and excluded from comparison.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Literal

GoalRating = Literal["satisfied", "partial", "unsatisfied", "na"]
KpaRating = Literal["satisfied", "unsatisfied", "na"]
Coverage = Literal["full", "partial"]
PeriodKind = Literal["quarter", "month"]

GOAL_RATINGS: tuple[str, ...] = ("satisfied", "partial", "unsatisfied", "na")
KPA_RATINGS: tuple[str, ...] = ("satisfied", "unsatisfied", "na")
ITIL_VERSIONS: tuple[str, ...] = ("v2", "2011", "4")


@dataclass(frozen=True, slots=True)
class Level:
    number: int
    name: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Goal:
    id: str
    """`<KPA id>.<n>`, n counting from 1 in the framework's order."""
    kpa: str
    text: str
    level: int
    """The maturity level from which the goal is required (CMMI-SVC's GG 3 on ML 2 areas: 3)."""
    provenance: str = ""
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Prerequisite:
    kpa: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class KPA:
    id: str
    name: str
    level: int
    purpose: str
    goals: tuple[Goal, ...]
    requires: tuple[Prerequisite, ...] = ()
    category: str = ""
    deliverables: tuple[str, ...] = ()
    csfs: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    may_be_na: bool = False
    """Whether the model lets an organisation rate this KPA (or its goals) not applicable."""
    na_reason: str = ""
    """When it may be not applicable, and why the model allows it."""

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.goals)


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    title: str
    goals: tuple[str, ...]
    effort: float
    """Person-days, spread evenly over the action's periods."""
    cost: float
    duration: int
    """Periods; the action ends at `start + duration - 1`."""
    after: tuple[str, ...] = ()
    role: str = ""
    description: str = ""
    origin: str = "catalog"
    """"catalog" for a framework's default action, "scenario" for one the scenario defines."""


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    version: str
    levels: tuple[Level, ...]
    kpas: tuple[KPA, ...]
    actions: tuple[Action, ...] = ()
    description: str = ""
    source: str = ""
    path: Path | None = None
    _kpa_index: Mapping[str, KPA] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False)
    _goal_index: Mapping[str, Goal] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kpa_index", MappingProxyType({k.id: k for k in self.kpas}))
        object.__setattr__(
            self, "_goal_index", MappingProxyType({g.id: g for k in self.kpas for g in k.goals})
        )

    @property
    def max_level(self) -> int:
        return max(lv.number for lv in self.levels)

    def kpa(self, kpa_id: str) -> KPA:
        return self._kpa_index[kpa_id]

    def has_kpa(self, kpa_id: str) -> bool:
        return kpa_id in self._kpa_index

    def goal(self, goal_id: str) -> Goal:
        return self._goal_index[goal_id]

    def has_goal(self, goal_id: str) -> bool:
        return goal_id in self._goal_index

    @property
    def goal_ids(self) -> tuple[str, ...]:
        return tuple(self._goal_index)

    def level_name(self, number: int) -> str:
        for lv in self.levels:
            if lv.number == number:
                return lv.name
        return str(number)

    def kpas_at(self, level: int) -> tuple[KPA, ...]:
        return tuple(k for k in self.kpas if k.level == level)

    def goal_level(self, goal_id: str) -> int:
        """The level whose work the goal is: its own `level`, never below its KPA's."""
        g = self._goal_index[goal_id]
        return max(g.level, self._kpa_index[g.kpa].level)

    def goals_for_level(self, level: int) -> list[str]:
        """Goals that must hold for `level` to be reached, in framework order."""
        return [g.id for k in self.kpas for g in k.goals
                if k.level <= level and self.goal_level(g.id) <= level]

    def level_held(self, holds: Container[str]) -> int:
        """The staged rule, the one place it is written: the highest level L such that every goal
        required at 2..L holds. Level 1 always holds and no level is skipped, because an open goal
        of level l blocks every level from l up. The rules engine, the plan's per-period levels,
        the verifier and the reduction all ask here."""
        level = 1
        for lv in range(2, self.max_level + 1):
            if not all(g in holds for g in self.goals_for_level(lv)):
                break
            level = lv
        return level


@dataclass(frozen=True, slots=True)
class ItilProcess:
    id: str
    name: str
    group: str = ""
    kind: str = "process"


@dataclass(frozen=True)
class ItilProcessList:
    version: str
    name: str
    processes: tuple[ItilProcess, ...]
    source: str = ""

    def has(self, process_id: str) -> bool:
        return any(p.id == process_id for p in self.processes)

    def process(self, process_id: str) -> ItilProcess:
        for p in self.processes:
            if p.id == process_id:
                return p
        raise KeyError(process_id)


@dataclass(frozen=True, slots=True)
class MappingEntry:
    process: str
    goals: tuple[str, ...]
    coverage: Coverage
    rationale: str = ""
    provenance: str = ""


@dataclass(frozen=True)
class ItilMapping:
    itil_version: str
    framework: str
    title: str
    entries: tuple[MappingEntry, ...]
    source: str = ""


Staging = Literal["free", "milestones", "strict"]
STAGINGS: tuple[str, ...] = ("free", "milestones", "strict")


@dataclass(frozen=True, slots=True)
class Limits:
    budget: float | None = None
    """Money for the whole horizon; None means unlimited."""
    effort_per_period: float | None = None
    """Person-days available in each period; None means unlimited."""
    staging: Staging = "free"
    """"free": work starts whenever its own prerequisites allow; "milestones": each level between
    the current and the target holds at the end of a period strictly before the next one does;
    "strict": no work on a level-N goal starts before level N-1 holds."""
    settle: int = 0
    """Periods a goal needs after its action ends before it holds (a practice must run first)."""
    deadline: int | None = None
    """Reach the target by the end of this period; the plan is then the cheapest that does."""

    @property
    def strict_staging(self) -> bool:
        return self.staging == "strict"


@dataclass(frozen=True)
class CurrentState:
    itil_version: str = "v2"
    itil_threshold: int = 3
    itil: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    kpas: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    goals: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    practices: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Generic-practice findings, `<area>.GP<g>.<n>` -> rating (CMMI-SVC; see planner.practices)."""


@dataclass(frozen=True, slots=True)
class QuickWinLimits:
    max_effort: float = 10
    max_cost: float = 5000


@dataclass(frozen=True, slots=True)
class MilestoneNotes:
    """CSIP material for one milestone (a KPA or a level), from the scenario or the framework."""

    deliverables: tuple[str, ...] = ()
    csfs: tuple[str, ...] = ()
    kpis: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CsipSettings:
    review_cadence: str = ""
    reassess_every: int = 0
    """Periods between re-assessments; 0 means the default (every level milestone and yearly)."""
    milestones: Mapping[str, MilestoneNotes] = field(
        default_factory=lambda: MappingProxyType({})
    )


@dataclass(frozen=True, slots=True)
class ActionProgress:
    """What happened to one action up to the status date (a `[[progress]]` record)."""

    action: str
    started: date
    finished: date | None = None
    """None while the action is still running."""
    spent_effort: float = 0.0
    spent_cost: float = 0.0
    remaining_effort: float | None = None
    """Running actions: person-days still to do; None means effort less spent_effort."""

    @property
    def running(self) -> bool:
        return self.finished is None


@dataclass(frozen=True, slots=True)
class Kpi:
    """A measurable indicator of the CSIP (`[csip.kpis.<id>]`): where it stood and where it should go."""

    id: str
    name: str
    baseline: float | None = None
    target: float | None = None
    unit: str = ""


@dataclass(frozen=True, slots=True)
class KpiMeasurement:
    kpi: str
    date: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class Reassessment:
    """One re-assessment: the level found and the KPA ratings then (the maturity history)."""

    date: date
    level: int
    kpas: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    note: str = ""


@dataclass(frozen=True)
class ProgressState:
    """A progress file's record of the programme so far, as of `status_date`."""

    status_date: date
    actions: tuple[ActionProgress, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    measurements: tuple[KpiMeasurement, ...] = ()
    assessments: tuple[Reassessment, ...] = ()
    notes: str = ""

    def of(self, action_id: str) -> ActionProgress | None:
        for p in self.actions:
            if p.action == action_id:
                return p
        return None

    @property
    def spent_cost(self) -> float:
        return sum(p.spent_cost for p in self.actions)


@dataclass(frozen=True)
class Scenario:
    path: Path | None
    name: str
    framework: Framework
    target_level: int
    start: date
    period: PeriodKind
    horizon: int
    limits: Limits
    current: CurrentState
    actions: tuple[Action, ...]
    """The effective catalog: framework actions (unless disabled), minus excluded, plus the
    scenario's own, with scenario actions replacing catalog actions of the same id."""
    done: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    quick_wins: QuickWinLimits = QuickWinLimits()
    description: str = ""
    vision: str = ""
    currency: str = ""
    csip: CsipSettings = CsipSettings()
    itil_processes: ItilProcessList | None = None
    mapping: ItilMapping | None = None
    parents: tuple[Path, ...] = ()
    """Files this scenario `extends`, nearest first."""
    target_profile: Mapping[str, int] | None = None
    """A capability profile (area -> level 0..3) aimed at instead of `target_level`; when set,
    `target_level` is 1 and means nothing (see planner.assess.targets)."""
    progress: ProgressState | None = None
    """Set for a progress file (`[status]` and `[[progress]]`): plans are re-made from its date."""

    def action(self, action_id: str) -> Action:
        for a in self.actions:
            if a.id == action_id:
                return a
        raise KeyError(action_id)

    def replace(self, **changes: object) -> Scenario:
        """A what-if copy; the TUI and sweeps change limits or ratings this way."""
        return replace(self, **changes)


# -- results of an assessment -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoalStatus:
    goal: str
    kpa: str
    status: str
    """"satisfied" | "partial" | "unsatisfied" | "na"."""
    source: str
    """What decided it: "goal_rating", "kpa_rating", "done", "itil", "practice" or "none"."""
    because: str
    rule: str = ""
    also: tuple[str, ...] = ()
    """The other claims on this goal that lost, as sentences (shown in detail views)."""


@dataclass(frozen=True, slots=True)
class PrerequisiteGap:
    kpa: str
    requires: str
    goals: tuple[str, ...]
    because: str


@dataclass(frozen=True, slots=True)
class KpaStatus:
    kpa: str
    status: str
    """"satisfied" | "partial" | "unsatisfied" | "na"."""
    because: str
    open_goals: tuple[str, ...] = ()
    prerequisite_gaps: tuple[PrerequisiteGap, ...] = ()

    @property
    def holds(self) -> bool:
        """Satisfied for level purposes (a KPA rated na counts as satisfied)."""
        return self.status in ("satisfied", "na")

    @property
    def flagged(self) -> bool:
        """Holds although a KPA it requires does not: the rules flag it."""
        return self.holds and bool(self.prerequisite_gaps)


@dataclass(frozen=True)
class Assessment:
    framework: Framework
    current_level: int
    goals: Mapping[str, GoalStatus]
    kpas: Mapping[str, KpaStatus]
    level_blockers: Mapping[int, tuple[str, ...]]
    """For each level above the current one: the open goals that keep it from being reached."""
    level_because: str

    def satisfied_goals(self) -> frozenset[str]:
        """Goals that need no more work (satisfied or not applicable)."""
        return frozenset(g for g, s in self.goals.items() if s.status in ("satisfied", "na"))

    def open_goals_up_to(self, level: int) -> list[str]:
        """Goals, in framework order, that must still be closed to reach `level`."""
        return [g for g in self.framework.goals_for_level(level)
                if self.goals[g].status in ("unsatisfied", "partial")]
