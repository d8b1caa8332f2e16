"""Messages the worker threads post back to the app (posting is thread-safe and never blocks a
worker, unlike `call_from_thread`). Each plan message carries the scenario and edits it was
started for, so a result that a later edit has overtaken is recognised and dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from planner.errors import Problem
from planner.model import Scenario
from planner.whatif.edits import WhatIf
from tui.service import Analysis, Planned
from tui.state import Failure


@dataclass
class Loaded(Message):
    path: Path
    scenario: Scenario
    warnings: list[Problem]


@dataclass
class LoadFailed(Message):
    path: Path
    failure: Failure


@dataclass
class Analysed(Message):
    base: Scenario
    whatif: WhatIf
    analysis: Analysis


@dataclass
class PlanProgress(Message):
    base: Scenario
    whatif: WhatIf
    text: str


@dataclass
class PlanReady(Message):
    base: Scenario
    whatif: WhatIf
    planned: Planned


@dataclass
class PlanFailed(Message):
    base: Scenario
    whatif: WhatIf
    failure: Failure


@dataclass
class Compared(Message):
    path: Path
    planned: Planned | None
    failure: Failure | None


@dataclass
class Written(Message):
    """A what-if file or an export was written (or failed to be)."""

    what: str
    path: Path
    failure: Failure | None = None
    whatif: WhatIf | None = None
