"""What the UI knows at one moment, as one immutable value the screens render.

The app replaces the whole `Workspace` whenever something arrives (a scenario loaded, an edit, an
analysis, a plan), and every screen redraws from it. Keeping it immutable means a worker's result
can never be half-applied, and a screen can compare the what-if with the scenario as loaded
without anyone changing either under its feet.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from planner.errors import Problem
from planner.model import Scenario
from planner.whatif.edits import Change, WhatIf, changes
from tui.service import Analysis, Planned


@dataclass(frozen=True)
class Failure:
    """Something that went wrong, in words for a message in the UI."""

    title: str
    message: str
    problems: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, exc: BaseException) -> Failure:
        problems = tuple(getattr(exc, "problems", ()) or ())
        title = getattr(exc, "title", "")
        if problems:
            message = f"{len(problems)} problem(s) found"
        elif title:
            message = str(exc)
        else:  # not one of the planner's own errors: say what it was
            message = f"{type(exc).__name__}: {exc}"
        return cls(title or "Something went wrong", message, problems)

    def text(self) -> str:
        lines = [self.message] if not self.problems else []
        lines += [("warning: " if p.severity == "warning" else "") + p.render() for p in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class Workspace:
    base: Scenario | None = None
    """The scenario as loaded from its file."""
    warnings: tuple[Problem, ...] = ()
    whatif: WhatIf = field(default_factory=WhatIf)
    history: tuple[WhatIf, ...] = ()
    """Earlier what-ifs, newest last, for undo."""
    analysis: Analysis | None = None
    """Of the effective scenario; lags behind an edit until the worker has assessed it."""
    planned: Planned | None = None
    baseline: Planned | None = None
    """The plan of the scenario as loaded, to show what the what-if changes."""
    failure: Failure | None = None
    """Why the scenario could not be loaded or planned, if it could not."""
    saved_as: Path | None = None
    saved_whatif: WhatIf | None = None
    """The what-if as last saved; the edits are safe while it is unchanged."""

    @property
    def scenario(self) -> Scenario | None:
        """The effective scenario as last analysed (the base until the first analysis)."""
        return self.analysis.scenario if self.analysis else self.base

    @property
    def changes(self) -> list[Change]:
        return changes(self.base, self.whatif) if self.base is not None else []

    @property
    def unsaved(self) -> bool:
        return bool(self.changes) and self.whatif != self.saved_whatif

    @property
    def current(self) -> bool:
        """The analysis and plan on show belong to the what-if as it is now."""
        return (self.analysis is not None and self.planned is not None
                and self.planned.plan.scenario is self.analysis.scenario)

    def edited(self, whatif: WhatIf) -> Workspace:
        if whatif == self.whatif:
            return self
        return replace(self, whatif=whatif, history=(*self.history, self.whatif)[-100:])

    def undone(self) -> Workspace:
        if not self.history:
            return self
        return replace(self, whatif=self.history[-1], history=self.history[:-1])


def loaded(base: Scenario, warnings: list[Problem]) -> Workspace:
    return Workspace(base=base, warnings=tuple(warnings))
