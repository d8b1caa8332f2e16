"""The planner as the terminal UI sees it: one object the app receives, called only from workers.

Everything the UI shows comes from the planner through here: loading and checking scenario files,
the assessment and gap report, the optimised plan with its quick wins, the what-if file and the
CSIP export. The app never imports the optimiser itself, so tests can hand it a replaying fake and
the event loop never waits on rules or a solver.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import scenarios
from planner.assess.gaps import GapReport, gap_report
from planner.errors import Problem
from planner.export import write_export
from planner.load.scenarios import open_scenario
from planner.model import Assessment, Scenario
from planner.plan import csip
from planner.plan.csip import MilestoneCheck, ReassessPoint
from planner.plan.pipeline import make_plan
from planner.plan.results import Plan, PlanStatus, QuickWin
from planner.progress.timeline import as_of_status
from planner.whatif.edits import WhatIf, save
from rules.assess import assess

Progress = Callable[[str], None]

CLI_TIME_LIMIT = 60.0
"""`csip plan`'s default --time-limit (planner/cli/commands.py)."""


@dataclass(frozen=True)
class Analysis:
    """What the rules say about a scenario: fast, shown before the plan is ready."""

    scenario: Scenario
    assessment: Assessment
    gaps: GapReport


@dataclass(frozen=True)
class CsipContent:
    """The improvement programme around a plan: the same story the Markdown export tells."""

    vision: str
    cadence: str
    milestones: tuple[MilestoneCheck, ...]
    reassess: tuple[ReassessPoint, ...]


@dataclass(frozen=True)
class Planned:
    """The plan of an analysed scenario, its quick wins, CSIP content and the wall time it took."""

    plan: Plan
    wins: tuple[QuickWin, ...]
    seconds: float
    csip: CsipContent
    interim: bool = False
    """A quick plan the time limit cut short, shown while a longer search (the command line's
    limit) refines it; the refined plan replaces it."""


class PlannerService(Protocol):
    def load(self, path: Path) -> tuple[Scenario, list[Problem]]:
        """The scenario and its warnings; raises `InputError` with every problem otherwise."""

    def analyse(self, scenario: Scenario) -> Analysis: ...

    def plan(self, analysis: Analysis, progress: Progress) -> Planned: ...

    def refine(self, analysis: Analysis, progress: Progress) -> Planned:
        """The plan with the command line's time limit: what `csip plan` gives for the scenario."""

    def refines(self) -> bool:
        """Whether an unproven quick plan is worth a `refine` (its limit is longer)."""

    def save_whatif(self, base: Scenario, whatif: WhatIf, path: Path, overwrite: bool) -> Path: ...

    def export(self, plan: Plan, fmt: str, path: Path) -> Path: ...

    def scenario_files(self, near: Path | None) -> list[Path]:
        """Scenario files to offer in the open dialog: the bundled ones and the loaded one's folder."""


class LivePlanner:
    """The real planner: rules engine, optimiser and writers."""

    def __init__(self, time_limit: float = 10.0, refine_limit: float = CLI_TIME_LIMIT):
        self.time_limit = time_limit
        """Seconds the solver may use per plan; an infeasible plan's diagnosis shares it."""
        self.refine_limit = refine_limit
        """Seconds for the refining search after a quick plan came back unproven; the command
        line's default, so that the plan the TUI settles on is the one `csip plan` prints."""

    def load(self, path: Path) -> tuple[Scenario, list[Problem]]:
        return open_scenario(path)

    def analyse(self, scenario: Scenario) -> Analysis:
        assessment = assess(as_of_status(scenario))  # a progress file: settled work is done
        return Analysis(scenario, assessment, gap_report(assessment, scenario.target_level, scenario.actions))

    def plan(self, analysis: Analysis, progress: Progress) -> Planned:
        started = time.perf_counter()
        plan = make_plan(analysis.scenario, time_limit=self.time_limit, progress=progress,
                         assessment=analysis.assessment)
        return Planned(plan, plan.quick_wins, time.perf_counter() - started, csip_content(plan))

    def refine(self, analysis: Analysis, progress: Progress) -> Planned:
        started = time.perf_counter()
        plan = make_plan(analysis.scenario, time_limit=self.refine_limit, progress=progress,
                         assessment=analysis.assessment)
        return Planned(plan, plan.quick_wins, time.perf_counter() - started, csip_content(plan))

    def refines(self) -> bool:
        """Whether an unproven quick plan is worth a longer search."""
        return self.refine_limit > self.time_limit

    def save_whatif(self, base: Scenario, whatif: WhatIf, path: Path, overwrite: bool) -> Path:
        return save(base, whatif, path, overwrite=overwrite)

    def export(self, plan: Plan, fmt: str, path: Path) -> Path:
        return write_export(plan, fmt, path)

    def scenario_files(self, near: Path | None) -> list[Path]:
        folders = [Path(scenarios.__file__).parent]
        if near is not None:
            folders.insert(0, Path(near).parent)
        seen: dict[Path, Path] = {}
        for folder in folders:
            for path in sorted(folder.glob("*.toml")):
                seen.setdefault(path.resolve(), path)
        return list(seen.values())


def unproven(plan: Plan) -> bool:
    """The time limit, not the scenario, decided this plan: a plan found but not proven best, or
    none found and none proven impossible. A longer search may give a different answer."""
    if plan.status == PlanStatus.FEASIBLE:
        return True
    return (plan.status == PlanStatus.INFEASIBLE and plan.diagnosis is not None
            and "not proven" in plan.diagnosis.reason)


def csip_content(plan: Plan) -> CsipContent:
    return CsipContent(csip.vision(plan.scenario), csip.review_cadence(plan.scenario),
                       csip.milestone_checks(plan), csip.reassessment_points(plan))
