"""What-if edits on a loaded scenario, and the what-if file that keeps them.

A manager asks "what if the budget were cut?" by changing a few values on top of a scenario, never
by editing the scenario itself. A `WhatIf` holds only those changes: goal ratings, ITIL process
levels, the target level, the limits and the actions marked done. From it come (a) the effective
scenario, through `Scenario.replace`, which the planner re-plans, and (b) a small TOML file that
`extends` the original and holds only the changed keys, so the what-if can be reopened, compared
and handed on. Loading that file gives the same effective scenario as the in-memory what-if; the
tests check the round trip.

Two merge rules of the scenario loader shape the file: tables merge key by key, so a changed goal
rating or ITIL level is written alone; arrays are replaced, so `[catalog] done` is written whole
(the original's finished actions plus the new ones).

No Textual here: the TUI calls this, and so can scripts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import tomli_w

from planner.errors import Problem, ScenarioError, did_you_mean
from planner.files import write_atomic
from planner.model import GOAL_RATINGS, STAGINGS, CurrentState, Scenario

LIMIT_KEYS: tuple[str, ...] = (
    "budget", "effort_per_period", "strict_staging", "staging", "settle", "deadline")
UNLIMITED = "unlimited"
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class WhatIf:
    """Changes on top of a scenario. Every field means "as loaded" when empty or None."""

    target_level: int | None = None
    limits: Mapping[str, float | bool | None] = field(default_factory=lambda: _EMPTY)
    """Changed limits by key (`LIMIT_KEYS`); a present key with None means unlimited."""
    itil: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    """ITIL process id -> PMF level 0..5."""
    goals: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    """Goal id -> rating; a rating overrides ITIL evidence and KPA ratings, as in the file."""
    done: tuple[str, ...] = ()
    """Actions marked done on top of the scenario's own `[catalog] done`."""
    name: str | None = None
    description: str | None = None

    # -- building up edits (each returns a new WhatIf; the UI keeps the history for undo) --------

    def with_target(self, level: int) -> WhatIf:
        return replace(self, target_level=level)

    def with_limit(self, key: str, value: float | bool | None) -> WhatIf:
        if key not in LIMIT_KEYS:
            raise KeyError(key)
        return replace(self, limits=MappingProxyType({**self.limits, key: value}))

    def with_itil(self, process: str, level: int) -> WhatIf:
        return replace(self, itil=MappingProxyType({**self.itil, process: level}))

    def with_goal(self, goal: str, rating: str) -> WhatIf:
        return replace(self, goals=MappingProxyType({**self.goals, goal: rating}))

    def with_done(self, action: str) -> WhatIf:
        return self if action in self.done else replace(self, done=(*self.done, action))

    def with_name(self, name: str | None, description: str | None = None) -> WhatIf:
        return replace(self, name=name, description=description)

    def without(self, key: tuple[str, ...]) -> WhatIf:
        """Drop one change, named by the key of its `Change`."""
        head, *rest = key
        if head == "target_level":
            return replace(self, target_level=None)
        if head in ("limits", "itil", "goals"):
            kept = {k: v for k, v in getattr(self, head).items() if k != rest[0]}
            return replace(self, **{head: MappingProxyType(kept)})
        if head == "done":
            return replace(self, done=tuple(a for a in self.done if a != rest[0]))
        raise KeyError(key)

    def pruned(self, base: Scenario) -> WhatIf:
        """The same what-if without the edits that leave `base` as it is (set back by hand)."""
        cur = base.current
        return WhatIf(
            target_level=None if self.target_level == base.target_level else self.target_level,
            limits=MappingProxyType({k: v for k, v in self.limits.items()
                                     if _limit_differs(getattr(base.limits, k), v)}),
            itil=MappingProxyType({p: lv for p, lv in self.itil.items() if cur.itil.get(p) != lv}),
            goals=MappingProxyType({g: r for g, r in self.goals.items() if cur.goals.get(g) != r}),
            done=tuple(a for a in self.done if a not in base.done),
            name=None if self.name == base.name else self.name,
            description=None if self.description == base.description else self.description,
        )

    def is_empty(self, base: Scenario) -> bool:
        return not changes(base, self)


@dataclass(frozen=True, slots=True)
class Change:
    """One what-if change against the scenario as loaded, in words for a list in the UI."""

    key: tuple[str, ...]
    label: str
    before: str
    after: str


def _limit_differs(before: float | bool | str | None, after: float | bool | str | None) -> bool:
    if (before is None or after is None or isinstance(before, bool | str)
            or isinstance(after, bool | str)):
        return before != after
    return abs(float(before) - float(after)) > 1e-9


def _show_limit(value: float | bool | str | None) -> str:
    if value is None:
        return UNLIMITED
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def changes(base: Scenario, whatif: WhatIf) -> list[Change]:
    """The effective changes, in a fixed order: target, limits, ITIL, goals, done."""
    w = whatif.pruned(base)
    out: list[Change] = []
    if w.target_level is not None:
        out.append(Change(("target_level",), "Target level", str(base.target_level), str(w.target_level)))
    labels = {"budget": "Budget", "effort_per_period": "Effort per period",
              "strict_staging": "Strict staging", "staging": "Staging", "settle": "Settling time",
              "deadline": "Deadline"}
    for key in LIMIT_KEYS:
        if key in w.limits:
            out.append(Change(("limits", key), labels[key], _show_limit(getattr(base.limits, key)),
                              _show_limit(w.limits[key])))
    for pid in sorted(w.itil):
        before = base.current.itil.get(pid)
        out.append(Change(("itil", pid), f"ITIL {pid}", "not rated" if before is None else f"PMF {before}",
                          f"PMF {w.itil[pid]}"))
    for gid in sorted(w.goals):
        before = base.current.goals.get(gid, "not rated")
        out.append(Change(("goals", gid), f"Goal {gid}", before, w.goals[gid]))
    for aid in w.done:
        out.append(Change(("done", aid), f"Action {aid}", "to do", "done"))
    return out


def check(base: Scenario, whatif: WhatIf) -> list[Problem]:
    """Everything wrong with the edits, all at once, worded like the loader's problems."""
    where = "what-if"
    fw = base.framework
    problems: list[Problem] = []
    if whatif.target_level is not None and not 1 <= whatif.target_level <= fw.max_level:
        problems.append(Problem(where, "scenario.target_level", f"level {whatif.target_level} does not exist",
                                f"{fw.name} has levels 1..{fw.max_level}"))
    for key, value in whatif.limits.items():
        if key == "strict_staging":
            if not isinstance(value, bool):
                problems.append(Problem(where, "limits.strict_staging", "must be true or false"))
        elif key == "staging":
            if value not in STAGINGS:
                hint = did_you_mean(str(value), STAGINGS) or "one of " + ", ".join(STAGINGS)
                problems.append(Problem(where, "limits.staging", f"{value!r} is not a staging mode", hint))
        elif key in ("settle", "deadline"):
            if value is None and key == "deadline":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < base.horizon:
                problems.append(Problem(where, f"limits.{key}", f"must be a period count from 0 to "
                                        f"{base.horizon - 1}, not {value!r}"))
        elif value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                    or value < 0):
            problems.append(Problem(where, f"limits.{key}", f"must be a number of 0 or more, not {value!r}"))
    known = [p.id for p in base.itil_processes.processes] if base.itil_processes else []
    for pid, level in whatif.itil.items():
        if known and pid not in known:
            problems.append(Problem(where, f"current.itil.{pid}",
                                    f'"{pid}" is not an ITIL {base.current.itil_version} process',
                                    did_you_mean(pid, known)))
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 5:
            problems.append(Problem(where, f"current.itil.{pid}",
                                    f"must be a PMF level from 0 to 5, not {level!r}"))
    for gid, rating in whatif.goals.items():
        if not fw.has_goal(gid):
            problems.append(Problem(where, f'current.goals."{gid}"', f'unknown goal "{gid}"',
                                    did_you_mean(gid, fw.goal_ids)))
        elif rating not in GOAL_RATINGS:
            problems.append(Problem(where, f'current.goals."{gid}"', f"{rating!r} is not a goal rating",
                                    "one of " + ", ".join(GOAL_RATINGS)))
    ids = [a.id for a in base.actions]
    for aid in whatif.done:
        if aid not in ids:
            problems.append(Problem(where, "catalog.done", f'unknown action "{aid}"', did_you_mean(aid, ids)))
    return problems


def apply(base: Scenario, whatif: WhatIf) -> Scenario:
    """The effective scenario: `base` with the edits; raises `ScenarioError` on a bad edit."""
    problems = check(base, whatif)
    if problems:
        raise ScenarioError(problems)
    w = whatif.pruned(base)
    cur = base.current
    current = CurrentState(
        itil_version=cur.itil_version,
        itil_threshold=cur.itil_threshold,
        itil=MappingProxyType({**cur.itil, **w.itil}),
        kpas=cur.kpas,
        goals=MappingProxyType({**cur.goals, **w.goals}),
    )
    limits = replace(base.limits, **_limit_fields(base, dict(w.limits))) if w.limits else base.limits
    changed: dict[str, Any] = {"current": current, "limits": limits, "done": (*base.done, *w.done)}
    if w.target_level is not None:
        changed["target_level"] = w.target_level
    if w.name is not None:
        changed["name"] = w.name
    if w.description is not None:
        changed["description"] = w.description
    return base.replace(**changed)


def extends_path(base: Path, target: Path) -> str:
    """`base` as the `extends` of a file at `target`: relative to `target`'s folder, with `/`
    so the file reads the same on every system; absolute only where no relative path exists
    (another drive on Windows)."""
    try:
        rel = os.path.relpath(base.resolve(), target.resolve().parent)
    except ValueError:
        return base.resolve().as_posix()
    return Path(rel).as_posix()


def to_toml(base: Scenario, whatif: WhatIf, target: Path) -> str:
    """The text of a what-if file at `target` that extends `base`'s file with the edits only."""
    if base.path is None:
        raise ValueError("the scenario was not loaded from a file, so nothing can extend it")
    problems = check(base, whatif)
    if problems:
        raise ScenarioError(problems)
    w = whatif.pruned(base)
    data: dict[str, Any] = {"extends": extends_path(base.path, target)}
    scenario: dict[str, Any] = {}
    if w.name is not None:
        scenario["name"] = w.name
    if w.description is not None:
        scenario["description"] = w.description
    if w.target_level is not None:
        scenario["target_level"] = w.target_level
    if scenario:
        data["scenario"] = scenario
    if w.limits:
        fields = _limit_fields(base, dict(w.limits))
        data["limits"] = {k: _toml_limit(fields[k]) for k in LIMIT_KEYS if k in fields}
    current: dict[str, Any] = {}
    if w.itil:
        current["itil"] = dict(sorted(w.itil.items()))
    if w.goals:
        current["goals"] = dict(sorted(w.goals.items()))
    if current:
        data["current"] = current
    if w.done:
        data["catalog"] = {"done": [*base.done, *w.done]}
    header = (f"# What-if on {Path(base.path).name}: only the changed keys are here; everything else\n"
              f"# comes from the file it extends. Written by csip.\n")
    return header + tomli_w.dumps(data)


def _limit_fields(base: Scenario, limits: dict[str, Any]) -> dict[str, Any]:
    """The what-if's limits as `Limits` fields: the strict-staging switch is a staging mode (off
    goes back to the base's mode, or to free when the base itself was strict)."""
    if "strict_staging" in limits:
        strict = limits.pop("strict_staging")
        fallback = "free" if base.limits.staging == "strict" else base.limits.staging
        limits.setdefault("staging", "strict" if strict else fallback)
    return limits


def _toml_limit(value: float | bool | str | None) -> Any:
    if value is None:
        return UNLIMITED
    if isinstance(value, bool | str):
        return value
    return int(value) if float(value).is_integer() else float(value)


def save(base: Scenario, whatif: WhatIf, target: Path, overwrite: bool = False) -> Path:
    """Write the what-if file; refuses to write over the scenario it extends (or one of its
    parents), which would make the file extend itself."""
    if base.path is None:
        raise ValueError("the scenario was not loaded from a file, so nothing can extend it")
    resolved = Path(target).resolve()
    if resolved in {Path(base.path).resolve(), *(Path(p).resolve() for p in base.parents)}:
        raise ValueError(f"{target} is the scenario the what-if extends; choose another file name")
    return write_atomic(Path(target), to_toml(base, whatif, Path(target)), overwrite=overwrite)
