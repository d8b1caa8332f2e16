"""Quick-win candidates from the rules: small, closing a needed goal, waiting on nothing.

The rules derive three kinds of fact (small enough, closes a needed goal, waits on something); an
action is a candidate when it has the first two and none of the third. Whether a candidate would
delay the target is the optimiser's question and is answered in `planner.plan.quickwins`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from planner.assess.reachability import action_level, required_kpas
from planner.model import Assessment, Scenario
from rules import get_engine


@dataclass(frozen=True, slots=True)
class Candidate:
    action: str
    closes: tuple[str, ...]
    because: tuple[str, ...]
    """The sentences of the facts that made it a candidate."""


@dataclass(frozen=True, slots=True)
class Rejected:
    action: str
    because: tuple[str, ...]


def candidates(scenario: Scenario, assessment: Assessment) -> tuple[list[Candidate], list[Rejected]]:
    fw = scenario.framework
    done = set(scenario.done)
    known = {a.id for a in scenario.actions}
    needed = assessment.open_goals_up_to(scenario.target_level)
    facts: list[dict[str, Any]] = [
        {"t": "qw_limits", "max_effort": scenario.quick_wins.max_effort,
         "max_cost": scenario.quick_wins.max_cost},
    ]
    facts += [{"t": "needed", "goal": g, "level": fw.goal_level(g)} for g in needed]
    open_facts = [
        {"t": "open_goal", "goal": g.goal, "kpa": g.kpa, "level": fw.goal_level(g.goal)}
        for g in assessment.goals.values() if g.status in ("unsatisfied", "partial")
    ]
    facts += open_facts
    pending = [a for a in scenario.actions if a.id not in done]
    unfinished = set()
    for a in pending:
        facts.append({"t": "action", "action": a.id, "effort": a.effort, "cost": a.cost})
        facts += [{"t": "covers", "action": a.id, "goal": g} for g in a.goals]
        for b in a.after:
            facts.append({"t": "after", "action": a.id, "on": b})
            if b not in done:
                unfinished.add(b)
        facts += [{"t": "action_requires", "action": a.id, "kpa": r} for r in required_kpas(fw, a)]
        if scenario.limits.strict_staging:
            facts.append({"t": "action_stage", "action": a.id, "level": action_level(fw, a)})
    facts += [{"t": "unfinished", "action": b, "known": b in known} for b in sorted(unfinished)]
    if not pending:
        # nothing to choose from; and a session of goals without actions is the one in which
        # durable-rules was seen to corrupt its heap on deletion (docs/engineering-notes.md)
        return [], []
    derived = get_engine().evaluate("quickwins", facts)
    small: dict[str, str] = {}
    closes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    waits: dict[str, list[str]] = defaultdict(list)
    for f in derived:
        if f["t"] == "small":
            small[f["action"]] = f["because"]
        elif f["t"] == "closes":
            closes[f["action"]].append((f["goal"], f["because"]))
        elif f["t"] == "waits":
            waits[f["action"]].append(f["because"])
    order = {g: i for i, g in enumerate(fw.goal_ids)}
    good, rejected = [], []
    for a in pending:
        if a.id in small and a.id in closes and a.id not in waits:
            goals = tuple(sorted({g for g, _ in closes[a.id]}, key=order.__getitem__))
            good.append(Candidate(a.id, goals, (small[a.id], *(b for _, b in closes[a.id]))))
        elif a.id in small and a.id in closes:
            rejected.append(Rejected(a.id, tuple(sorted(set(waits[a.id])))))
    return good, rejected
