"""Synthetic planning problems of a chosen size, for the benchmarks.

Shaped like the instances the solver measurements in the reference notes used: 22 KPAs on levels
2-5 (7/9/3/3) with 2-4 goals each, target level 3, actions covering 1-3 goals (mostly of one KPA),
a layered `after` graph with 1.4-1.8 predecessors per action, durations growing with the horizon,
3-20 person-days per running period, cost roughly proportional to effort. The capacity per period is
calibrated so that the greedy plan needs about 0.55 of the horizon, and the budget is 1.2 times the
greedy plan's cost: the capacity binds, the budget nearly does.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from types import MappingProxyType

from planner.model import KPA, Action, CurrentState, Framework, Goal, Level, Limits, Scenario

LEVEL_SIZES = {2: 7, 3: 9, 4: 3, 5: 3}


def framework(seed: int) -> Framework:
    rng = random.Random(seed)
    kpas = []
    n = 0
    for level, count in LEVEL_SIZES.items():
        for _ in range(count):
            kid = f"K{n:02d}"
            goals = tuple(Goal(f"{kid}.{j + 1}", kid, f"goal {j + 1} of {kid}", level)
                          for j in range(rng.randint(2, 4)))
            kpas.append(KPA(kid, f"Area {n}", level, "synthetic", goals))
            n += 1
    levels = tuple(Level(i, f"Level {i}") for i in range(1, 6))
    return Framework("synthetic", "Synthetic model", "1", levels, tuple(kpas))


def scenario(n_actions: int, horizon: int, seed: int = 1) -> Scenario:
    rng = random.Random(seed * 1000 + n_actions * 7 + horizon)
    fw = framework(seed)
    max_duration = 2 if horizon <= 8 else 3 if horizon <= 16 else 6
    layers = 3 if horizon <= 8 else 4 if horizon <= 16 else 6
    kpas = list(fw.kpas)
    goals = [g for k in kpas for g in k.goals]
    actions: list[Action] = []
    layer_of: dict[str, int] = {}
    kpa_of: dict[str, KPA] = {}
    # every goal gets a first covering action, the rest are drawn at random
    plan_goals = [(g,) for g in goals]
    while len(plan_goals) < n_actions:
        k = rng.choice(kpas)
        own = rng.sample(list(k.goals), min(len(k.goals), rng.choice([1, 1, 2, 3])))
        picked = [g for g in own]
        if rng.random() < 0.3:
            lower = [o for o in kpas if o.level <= k.level and o.id != k.id]
            if lower:
                picked.append(rng.choice(rng.choice(lower).goals))
        plan_goals.append(tuple(dict.fromkeys(picked)))
    rng.shuffle(plan_goals)
    for i, gs in enumerate(plan_goals[:max(n_actions, len(goals))]):
        aid = f"a{i:04d}"
        kpa = fw.kpa(gs[0].kpa)
        layer = rng.randrange(layers)
        duration = rng.randint(1, max_duration)
        load = rng.randint(3, 20)
        effort = float(load * duration)
        cost = float(round(effort * rng.uniform(0.6, 1.4) + rng.uniform(0, 15)))
        preds: list[str] = []
        if layer > 0:
            earlier = [a for a in actions if layer_of[a.id] < layer]
            if earlier:
                want = 1 if rng.random() < 0.4 else 2
                same = [a for a in earlier if kpa_of[a.id].id == kpa.id]
                lower = [a for a in earlier if kpa_of[a.id].level <= kpa.level]
                pool = same + lower if same or lower else earlier
                preds = list(dict.fromkeys(rng.choice(pool).id for _ in range(want)))
        a = Action(aid, f"Synthetic action {i}", tuple(g.id for g in gs), effort, cost, duration,
                   tuple(preds))
        actions.append(a)
        layer_of[aid] = layer
        kpa_of[aid] = kpa
    base = Scenario(
        path=None, name=f"synthetic n{n_actions} t{horizon} s{seed}",
        framework=replace(fw, actions=tuple(actions)),
        target_level=3, start=dt.date(2027, 1, 1), period="month", horizon=horizon,
        limits=Limits(), current=CurrentState(itil=MappingProxyType({}), kpas=MappingProxyType({}),
                                              goals=MappingProxyType({})),
        actions=tuple(actions),
    )
    return _calibrate(base)


def _calibrate(base: Scenario) -> Scenario:
    """Capacity so that greedy needs ~0.55 of the horizon; budget 1.2 x greedy cost."""
    from planner.optimize.greedy import greedy
    from planner.optimize.instance import reduce
    from rules.assess import assess

    assessment = assess(base)
    want = max(1, round(0.55 * base.horizon)) - 1
    total = sum(a.effort for a in base.actions)
    lo, hi = 1.0, total
    best = None
    for _ in range(40):
        mid = (lo + hi) / 2
        sc = replace(base, limits=Limits(effort_per_period=round(mid)))
        sched = greedy(reduce(sc, assessment).instance)
        if sched is not None and sched.target_period <= want:
            best = (round(mid), sched.cost)
            hi = mid
        else:
            lo = mid
        if hi - lo < 1:
            break
    if best is None:
        raise RuntimeError("could not calibrate the capacity")
    capacity, cost = best
    return replace(base, limits=Limits(budget=float(round(cost * 1.2)), effort_per_period=float(capacity)))
