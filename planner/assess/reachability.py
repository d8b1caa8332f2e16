"""Which actions could ever start and which goals could ever be closed, given unlimited money,
people and time.

An action waits on three things: the actions it is `after`, every KPA that its goals' KPAs
`require`, and under strict staging the level below its KPA's. Those KPAs and levels in turn wait on
actions covering their goals. The least fixpoint of "startable" over that AND/OR graph is what can
ever happen; whatever lies outside it is stuck however large the budget. The optimiser drops stuck
actions up front, `csip validate` warns about them, and the infeasibility diagnosis names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.model import Action, Framework


@dataclass(frozen=True, slots=True)
class Reachability:
    startable: frozenset[str]
    """Actions that can start once enough time and money are given."""
    closable: frozenset[str]
    """Goals that are satisfied now or can be closed by startable actions."""
    stuck: dict[str, str]
    """Action id -> why it can never start (naming the chain)."""


def action_kpas(framework: Framework, action: Action) -> list[str]:
    """KPAs an action works on, in framework order."""
    seen: list[str] = []
    for gid in action.goals:
        if framework.has_goal(gid):
            k = framework.goal(gid).kpa
            if k not in seen:
                seen.append(k)
    return seen


def action_level(framework: Framework, action: Action) -> int:
    """The highest KPA level an action works on (what strict staging looks at)."""
    return max((framework.kpa(k).level for k in action_kpas(framework, action)), default=1)


def work_level(framework: Framework, action: Action) -> int:
    """The highest level whose work the action does, goal levels included (CMMI-SVC's GG 3 on a
    level-2 area is level-3 work); used to judge `after` edges, not staging."""
    return max((framework.goal_level(g) for g in action.goals if framework.has_goal(g)), default=1)


def required_kpas(framework: Framework, action: Action) -> list[str]:
    """KPAs that must be satisfied before the action may start."""
    out: list[str] = []
    for k in action_kpas(framework, action):
        for pre in framework.kpa(k).requires:
            if pre.kpa not in out and framework.has_kpa(pre.kpa):
                out.append(pre.kpa)
    return out


def institutionalises(framework: Framework, action: Action) -> list[tuple[str, tuple[str, ...]]]:
    """For an action that closes only generic goals (CMMI-SVC's GG 2 / GG 3) of an area: the
    area and its specific goals, which must hold before it starts. Institutionalising a process
    presumes the process runs (the model's generic goals build on the specific ones)."""
    goals = [framework.goal(g) for g in action.goals if framework.has_goal(g)]
    if not goals or not all(g.ref.startswith("GG") for g in goals):
        return []
    out = []
    for kpa in dict.fromkeys(g.kpa for g in goals):
        specific = tuple(g.id for g in framework.kpa(kpa).goals if not g.ref.startswith("GG"))
        if specific:
            out.append((kpa, specific))
    return out


def analyse(
    framework: Framework,
    actions: Iterable[Action],
    satisfied: Iterable[str],
    done: Iterable[str] = (),
    strict_staging: bool = False,
) -> Reachability:
    acts = {a.id: a for a in actions}
    done_set = set(done)
    closable = set(satisfied)
    for aid in done_set:
        if aid in acts:
            closable.update(acts[aid].goals)
    startable: set[str] = set()
    pending = [a for a in acts.values() if a.id not in done_set]

    def kpa_ok(k: str) -> bool:
        return all(g in closable for g in framework.kpa(k).goal_ids)

    def level_ok(level: int) -> bool:
        return level <= 1 or all(g in closable for g in framework.goals_for_level(level))

    changed = True
    while changed:
        changed = False
        for a in pending:
            if a.id in startable:
                continue
            if not all(b in done_set or b in startable for b in a.after):
                continue
            if not all(kpa_ok(r) for r in required_kpas(framework, a)):
                continue
            if strict_staging and not level_ok(action_level(framework, a) - 1):
                continue
            startable.add(a.id)
            closable.update(g for g in a.goals if framework.has_goal(g))
            changed = True

    stuck = {
        a.id: _explain(framework, a, acts, done_set, startable, closable, strict_staging)
        for a in pending
        if a.id not in startable
    }
    return Reachability(frozenset(startable), frozenset(closable), stuck)


def _explain(
    framework: Framework,
    action: Action,
    acts: dict[str, Action],
    done: set[str],
    startable: set[str],
    closable: set[str],
    strict_staging: bool,
) -> str:
    """Follow the first blocking reason from `action` until the chain closes on itself."""
    steps: list[str] = []
    seen: set[str] = set()
    current: Action | None = action
    closed_on: str | None = None
    while current is not None:
        if current.id in seen:
            closed_on = current.id
            break
        seen.add(current.id)
        nxt: Action | None = None
        missing_after = [b for b in current.after if b not in done and b not in startable]
        if missing_after:
            b = missing_after[0]
            if b not in acts:
                steps.append(f"{current.id} waits after {b}, which is not in the catalog")
                break
            steps.append(f"{current.id} waits after {b}")
            nxt = acts[b]
        else:
            blocker = None
            for r in required_kpas(framework, current):
                open_goals = [g for g in framework.kpa(r).goal_ids if g not in closable]
                if open_goals:
                    blocker = (f"KPA {r}", open_goals[0])
                    via = ", ".join(k for k in action_kpas(framework, current)
                                    if any(p.kpa == r for p in framework.kpa(k).requires))
                    steps.append(f"{current.id} works on {via}, which requires {r}")
                    break
            if blocker is None and strict_staging:
                lv = action_level(framework, current) - 1
                open_goals = [g for g in framework.goals_for_level(lv) if g not in closable]
                if open_goals:
                    blocker = (f"level {lv}", open_goals[0])
                    steps.append(f"{current.id} is level-{lv + 1} work and waits for level {lv}")
            if blocker is None:
                break
            goal = blocker[1]
            covering = [a for a in acts.values() if goal in a.goals and a.id not in done]
            if not covering:
                steps.append(f"no action covers {goal}")
                break
            names = ", ".join(a.id for a in covering)
            steps.append(f"{goal} is covered only by {names}")
            nxt = next((a for a in covering if a.id in seen), covering[0])
        current = nxt
    if closed_on == action.id:
        steps.append(f"which is {action.id} itself")
    elif closed_on is not None:
        steps.append(f"which brings the chain back to {closed_on}")
    return "; ".join(steps)
