"""Improvement actions: reading them from a framework or scenario file, and linting the catalog.

Frameworks and scenarios share the `[[actions]]` schema, so both loaders come here. The lint is what
keeps a catalog honest: dangling references and `after` cycles are errors; an action that waits on a
higher-level one, or that can never start, is a warning naming the chain.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from planner import graph
from planner.assess.reachability import analyse, work_level
from planner.errors import did_you_mean
from planner.load.lint_prereq import prerequisite_warnings
from planner.load.schema import Checker, Field
from planner.load.tomlsource import KeyPath
from planner.model import Action, Framework

ACTION_FIELDS = {
    "id": Field("str", required=True),
    "title": Field("str", required=True),
    "goals": Field("strlist", required=True),
    "effort": Field("number", required=True, minimum=0),
    "cost": Field("number", required=True, minimum=0),
    "duration": Field("int", required=True, minimum=1),
    "after": Field("strlist", default=[]),
    "role": Field("str", default=""),
    "description": Field("str", default=""),
}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def read_actions(
    checker: Checker, items: Any, path: KeyPath, origin: str
) -> list[tuple[Action, KeyPath]]:
    """Read `[[actions]]`; returns each readable action with the key path it came from."""
    out: list[tuple[Action, KeyPath]] = []
    if items is None:
        return out
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        checker.error(path, "must be an array of tables ([[actions]])")
        return out
    seen: dict[str, KeyPath] = {}
    for i, item in enumerate(items):
        here = (*path, i)
        v = checker.table(item, here, ACTION_FIELDS)
        aid = v["id"]
        if not isinstance(aid, str):
            continue
        if not _ID.fullmatch(aid):  # fullmatch: "$" alone lets a trailing newline through
            checker.error((*here, "id"), f'"{aid}" is not a valid action id',
                          "use letters, digits, '-', '_' or '.', no spaces")
            continue
        if aid in seen:
            checker.error((*here, "id"), f'duplicate action id "{aid}"')
            continue
        seen[aid] = here
        if v["goals"] is not None and not v["goals"]:
            checker.error((*here, "goals"), "an action must close at least one goal")
        if v["title"] is not None and not v["title"].strip():
            checker.error((*here, "title"), "must not be empty")
        if any(x is None for x in (v["title"], v["goals"], v["effort"], v["cost"], v["duration"])):
            continue
        out.append(
            (
                Action(
                    id=aid,
                    title=v["title"],
                    goals=tuple(dict.fromkeys(v["goals"])),
                    effort=v["effort"],
                    cost=v["cost"],
                    duration=v["duration"],
                    after=tuple(dict.fromkeys(v["after"] or [])),
                    role=v["role"] or "",
                    description=v["description"] or "",
                    origin=origin,
                ),
                here,
            )
        )
    return out


def check_references(
    checker: Checker,
    framework: Framework,
    actions: Iterable[tuple[Action, KeyPath]],
    known_actions: Iterable[str],
) -> None:
    """Errors for goals and `after` entries that name nothing."""
    known = list(known_actions)
    known_set = set(known)
    for action, path in actions:
        for j, gid in enumerate(action.goals):
            if not framework.has_goal(gid):
                checker.error((*path, "goals", j), f'unknown goal "{gid}"', goal_hint(framework, gid))
        for j, dep in enumerate(action.after):
            if dep == action.id:
                checker.error((*path, "after", j), "an action cannot wait for itself")
            elif dep not in known_set:
                checker.error((*path, "after", j), f'unknown action "{dep}"',
                              did_you_mean(dep, known) or "name the id of another [[actions]] entry"
                              " or of the framework's catalog")


def goal_hint(framework: Framework, gid: str) -> str:
    """For an unknown goal id: the goals of its KPA when the KPA exists (the number is wrong),
    else the nearest ids, else what goal ids look like."""
    kpa = gid.split(".")[0]
    if framework.has_kpa(kpa):
        ids = framework.kpa(kpa).goal_ids
        return f"{kpa} has goals {ids[0]}..{ids[-1]}" if len(ids) > 1 else f"{kpa} has one goal, {ids[0]}"
    example = framework.goal_ids[0]
    return did_you_mean(gid, framework.goal_ids) or f"goal ids look like <KPA>.<n>, e.g. {example}"


def check_cycles(
    checker: Checker, actions: list[Action], path_of: Callable[[str], KeyPath]
) -> None:
    """Actions that wait on each other in a circle: an error naming the circle."""
    by_id = {a.id: a for a in actions}
    edges = {a.id: [b for b in a.after if b in by_id] for a in actions}
    for cycle in graph.find_cycles(by_id, edges):
        if len(cycle) == 1:  # waiting for itself: `check_references` reports that, at its entry
            continue
        chain = " -> ".join([*cycle, cycle[0]])
        checker.error((*path_of(cycle[0]), "after"), f"actions wait on each other in a cycle: {chain}",
                      "remove one of these `after` entries")


def lint_warnings(
    checker: Checker,
    framework: Framework,
    actions: list[Action],
    path_of: Callable[[str], KeyPath],
    satisfied: Iterable[str] = (),
    done: Iterable[str] = (),
    strict_staging: bool = False,
) -> None:
    """Warnings: an action waiting on higher-level work, an action that can never start, an action
    whose `after` chain does not wait for its KPA's prerequisites (planner.load.lint_prereq)."""
    by_id = {a.id: a for a in actions}
    for a in actions:
        lv = work_level(framework, a)
        for b_id in a.after:
            b = by_id.get(b_id)
            if b is None:
                continue
            blv = work_level(framework, b)
            if blv > lv:
                checker.warn((*path_of(a.id), "after"),
                             f"level-{lv} action waits on {b_id}, which is level-{blv} work",
                             "the lower level cannot be reached before the higher-level work ends")
    satisfied, done = list(satisfied), list(done)  # read twice below
    reach = analyse(framework, actions, satisfied, done, strict_staging)
    for aid, why in reach.stuck.items():
        checker.warn(path_of(aid), f"action {aid} can never start: {why}")
    for w in prerequisite_warnings(framework, actions, satisfied, done):
        checker.warn((*path_of(w.action), "after"), w.message, w.hint)
