"""Assessing a current state: facts in, rules fire, statuses and the staged level out.

Two passes through the engine. The first turns every source of evidence (ITIL processes through the
mapping, KPA and goal ratings, finished actions) into claims on goals. Claims are resolved by a fixed
precedence (see `rules.actions.CLAIM_RANK`), then the second pass derives open goals, KPA progress
and prerequisite gaps from the resolved statuses. What holds is read off closed-world: a KPA with no
open goal is satisfied, a level with no open goal at or below it is reached. Since an open goal at
level L blocks every level from L up, no level can be skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from planner.model import Assessment, Framework, GoalStatus, KpaStatus, PrerequisiteGap, Scenario
from rules import get_engine
from rules.practice_facts import practice_facts

_STRENGTH = {"satisfied": 3, "na": 3, "partial": 2, "unsatisfied": 1}


def assess(scenario: Scenario, finished: Iterable[str] = ()) -> Assessment:
    """The assessment of `scenario`'s current state, counting the actions in `finished` as done
    on top of the scenario's own `[catalog] done` (the verifier and what-ifs use this)."""
    framework = scenario.framework
    done_ids = list(dict.fromkeys([*scenario.done, *finished]))
    goals = _resolve(_claims(scenario, done_ids), scenario)
    return _status(framework, goals)


def _claims(scenario: Scenario, done_ids: list[str]) -> list[dict[str, Any]]:
    framework = scenario.framework
    cur = scenario.current
    # `near`: the PMF level one below the threshold, which earns partial credit (never PMF 0)
    near = cur.itil_threshold - 1 if cur.itil_threshold >= 2 else -1
    facts: list[dict[str, Any]] = [{"t": "threshold", "value": cur.itil_threshold, "near": near}]
    # every goal gets a rank-0 "no evidence" claim, so each rating comes from a named rule
    facts += [{"t": "framework_goal", "goal": g, "why": _no_evidence(g, scenario)}
              for g in framework.goal_ids]
    facts += [{"t": "itil", "p": p, "lvl": lvl} for p, lvl in cur.itil.items()]
    if scenario.mapping is not None:
        for e in scenario.mapping.entries:
            if e.process in cur.itil:
                facts += [
                    {"t": "map", "p": e.process, "goal": g, "cov": e.coverage, "why": e.rationale}
                    for g in e.goals
                ]
    for kid, rating in cur.kpas.items():
        facts.append({"t": "kpa_rating", "kpa": kid, "rating": rating})
        facts += [{"t": "goal", "goal": g, "kpa": kid} for g in framework.kpa(kid).goal_ids]
    facts += [{"t": "goal_rating", "goal": g, "rating": r} for g, r in cur.goals.items()]
    by_id = {a.id: a for a in scenario.actions}
    for aid in done_ids:
        action = by_id.get(aid)
        if action is not None:
            facts += [{"t": "done", "action": aid, "goal": g} for g in action.goals
                      if framework.has_goal(g)]
    facts += practice_facts(scenario)
    derived = get_engine().evaluate("evidence", facts)
    return [f for f in derived if f.get("t") == "claim"]


def _resolve(claims: list[dict[str, Any]], scenario: Scenario) -> dict[str, GoalStatus]:
    framework = scenario.framework
    by_goal: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        by_goal[c["goal"]].append(c)
    out: dict[str, GoalStatus] = {}
    for kpa in framework.kpas:
        for goal in kpa.goals:
            # every goal has at least the "no evidence" claim of rank 0, which any other outranks
            cs = sorted(by_goal[goal.id], key=lambda c: (-c["rank"], -_STRENGTH[c["rating"]], c["because"]))
            win = cs[0]
            out[goal.id] = GoalStatus(
                goal=goal.id, kpa=kpa.id, status=win["rating"], source=win["source"],
                because=win["because"], rule=win["rule"],
                also=tuple(c["because"] for c in cs[1:] if c["source"] != "none"),
            )
    return out


def _no_evidence(goal_id: str, scenario: Scenario) -> str:
    cur = scenario.current
    entries = [e for e in scenario.mapping.entries if goal_id in e.goals] if scenario.mapping else []
    if not entries:
        if scenario.mapping is None:
            return "not rated; no finished action covers it"
        return f"no ITIL {cur.itil_version} process delivers it; not rated; no finished action covers it"
    below = [f"{e.process} at PMF {cur.itil[e.process]}" if e.process in cur.itil
             else f"{e.process} not assessed" for e in entries]
    return (f"ITIL below the threshold {cur.itil_threshold} (" + ", ".join(dict.fromkeys(below))
            + "); not rated; no finished action covers it")


def _status(framework: Framework, goals: dict[str, GoalStatus]) -> Assessment:
    facts: list[dict[str, Any]] = [
        {"t": "goal_status", "goal": g.goal, "kpa": g.kpa, "status": g.status,
         "level": framework.goal_level(g.goal)}
        for g in goals.values()
    ]
    facts += [{"t": "requires", "kpa": k.id, "req": p.kpa} for k in framework.kpas for p in k.requires]
    derived = get_engine().evaluate("status", facts)
    open_goals: dict[str, list[dict[str, Any]]] = defaultdict(list)
    progress: set[str] = set()
    gaps: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for f in derived:
        if f["t"] == "open_goal":
            open_goals[f["kpa"]].append(f)
        elif f["t"] == "progress":
            progress.add(f["kpa"])
        elif f["t"] == "prerequisite_gap":
            gaps[f["kpa"]][f["req"]].append(f["goal"])

    order = {g: i for i, g in enumerate(framework.goal_ids)}
    kpas: dict[str, KpaStatus] = {}
    for k in framework.kpas:
        opened = sorted((f["goal"] for f in open_goals.get(k.id, [])), key=order.__getitem__)
        statuses = [goals[g].status for g in k.goal_ids]
        if all(s == "na" for s in statuses):
            status, because = "na", f"{k.id} is not applicable (every goal rated na)"
        elif not opened:
            status, because = "satisfied", f"every goal of {k.id} is satisfied or not applicable"
        elif k.id in progress:
            status = "partial"
            because = f"{len(opened)} of {len(statuses)} goals still open: {', '.join(opened)}"
        else:
            status, because = "unsatisfied", f"no goal of {k.id} is satisfied or partial"
        kpa_gaps = tuple(
            PrerequisiteGap(
                kpa=k.id, requires=req, goals=tuple(sorted(gs, key=order.__getitem__)),
                because=f"{k.id} requires {req}, which is not satisfied "
                        f"({', '.join(sorted(gs, key=order.__getitem__))} open)",
            )
            for req, gs in gaps.get(k.id, {}).items()
        )
        kpas[k.id] = KpaStatus(k.id, status, because, tuple(opened), kpa_gaps)

    all_open = [f for fs in open_goals.values() for f in fs]
    current = framework.level_held({g.goal for g in goals.values() if g.status in ("satisfied", "na")})
    blockers: dict[int, tuple[str, ...]] = {}
    for level in range(current + 1, framework.max_level + 1):
        blockers[level] = tuple(sorted((f["goal"] for f in all_open if f["level"] <= level),
                                       key=order.__getitem__))
    return Assessment(
        framework=framework,
        current_level=current,
        goals=MappingProxyType(goals),
        kpas=MappingProxyType(kpas),
        level_blockers=MappingProxyType(blockers),
        level_because=_level_because(framework, current, blockers, kpas),
    )


def _level_because(framework: Framework, current: int, blockers: dict[int, tuple[str, ...]],
                   kpas: dict[str, KpaStatus]) -> str:
    if current == framework.max_level:
        return f"every KPA of levels 2..{current} is satisfied"
    nxt = current + 1
    open_kpas = [k.id for k in framework.kpas if k.level <= nxt and any(
        g in blockers[nxt] for g in k.goal_ids)]
    held = "level 1 always holds" if current == 1 else f"every KPA of levels 2..{current} is satisfied"
    return f"{held}; level {nxt} is not reached because {', '.join(open_kpas)} " \
           f"{'is' if len(open_kpas) == 1 else 'are'} not satisfied"
