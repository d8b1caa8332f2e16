"""Lint: catalog actions whose `after` chain does not show the KPA prerequisites they depend on.

A KPA's `requires` already holds its actions back until the prerequisite KPA is satisfied, so the
plan is right either way. But a catalog read by people should say the same thing as the model: an
action on a goal of a KPA that requires another should wait (through `after`, directly or through
other actions) for work on that prerequisite. When it does not, the catalog reads as if the work
could start on its own, and the plan's order looks arbitrary to the manager signing it off.

Two cases are not warned about, because no `after` could fix them: a prerequisite whose open goals
each have several alternative actions (naming one side in `after` would force that side), and a
prerequisite whose goals all hold already (rated, or closed by a finished action).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.model import Action, Framework


@dataclass(frozen=True, slots=True)
class PrerequisiteWarning:
    action: str
    kpa: str
    requires: str
    message: str
    hint: str


def prerequisite_warnings(
    framework: Framework,
    actions: Iterable[Action],
    satisfied: Iterable[str] = (),
    done: Iterable[str] = (),
) -> list[PrerequisiteWarning]:
    """One warning per (action, KPA, prerequisite) where the action closes a goal of the KPA, the
    KPA requires the prerequisite, and nothing in the action's `after` closure closes a goal of it."""
    actions = list(actions)
    by_id = {a.id: a for a in actions}
    finished = set(done)
    held = set(satisfied) | {g for aid in finished if aid in by_id for g in by_id[aid].goals}
    closers: dict[str, list[str]] = {}
    for a in actions:
        for g in a.goals:
            closers.setdefault(g, []).append(a.id)
    waits = _after_closure(by_id)
    out: list[PrerequisiteWarning] = []
    for a in actions:
        if a.id in finished or all(g in held for g in a.goals):
            continue  # finished for planning purposes: nothing of it is planned
        reached = {g for b in waits[a.id] for g in by_id[b].goals}
        for kid in dict.fromkeys(framework.goal(g).kpa for g in a.goals if framework.has_goal(g)):
            for pre in framework.kpa(kid).requires:
                if not framework.has_kpa(pre.kpa):
                    continue
                open_goals = [g for g in framework.kpa(pre.kpa).goal_ids if g not in held]
                single = [closers[g][0] for g in open_goals if len(closers.get(g, ())) == 1]
                if not single or any(g in reached for g in framework.kpa(pre.kpa).goal_ids):
                    continue
                out.append(PrerequisiteWarning(
                    action=a.id, kpa=kid, requires=pre.kpa,
                    message=f"action {a.id} works on {kid}, which requires {pre.kpa}, but it waits "
                            f"(after) for no action on {pre.kpa}",
                    hint=f"add an `after` on an action that closes a goal of {pre.kpa}, e.g. {single[0]}",
                ))
    return out


def _after_closure(by_id: dict[str, Action]) -> dict[str, set[str]]:
    """Every action each action waits for through `after`, directly or transitively (cycle-safe:
    a cycle is reported as an error elsewhere)."""
    out: dict[str, set[str]] = {}
    for start in by_id:
        seen: set[str] = set()
        stack = [b for b in by_id[start].after if b in by_id]
        while stack:
            b = stack.pop()
            if b in seen:
                continue
            seen.add(b)
            stack.extend(x for x in by_id[b].after if x in by_id and x not in seen)
        out[start] = seen
    return out
