"""Errors and the problems they carry.

    PlannerError
     +-- InputError          bad input: a file could not be read or did not validate (exit 2)
     |    +-- FrameworkError
     |    +-- ScenarioError
     +-- SolverError         the solver failed in a way that is not the user's fault

Validation never stops at the first mistake: loaders collect `Problem`s and raise one `InputError`
holding all of them, so the user fixes a file in one round instead of one error per run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from planner.sanitize import clean_message


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    """The file, as the user named it (relative paths stay relative)."""
    key: str
    """Dotted key path inside the file, e.g. `current.goals."SRIM.9"`; empty for the whole file."""
    message: str
    line: int | None = None
    hint: str = ""
    severity: str = "error"
    """"error" stops loading; "warning" is reported but the file is usable."""

    def render(self) -> str:
        return clean_message(self._render())

    def _render(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
        text = f"{where}: "
        if self.key:
            text += f"{self.key}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class PlannerError(Exception):
    title = "Error"


class InputError(PlannerError, ValueError):
    """A file the user gave is unreadable or invalid; carries every problem found."""

    title = "Invalid input"

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.render() for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


class FrameworkError(InputError):
    title = "Invalid framework"


class ScenarioError(InputError):
    title = "Invalid scenario"


class SolverError(PlannerError, RuntimeError):
    title = "Solver failure"


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> str:
    """A "did you mean ...?" hint for a misspelt id or key, or an empty string."""
    options = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in options}
    matches = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    if not matches:
        # ids like "srim.2" typed in the wrong case, or a prefix of a long name
        matches = [c for c in lowered if c.startswith(word.lower())][:n] if len(word) > 2 else []
    if not matches:
        return ""
    names = [f'"{lowered[m]}"' for m in matches]
    return "did you mean " + " or ".join(names) + "?"


def display_path(path: Path | str) -> str:
    """Show a path relative to the working directory when it lies below it."""
    p = Path(path)
    try:
        shown = str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):  # outside the cwd, name too long, symlink loop
        shown = str(p)
    return shown if len(shown) <= 120 else shown[:119] + "…"
