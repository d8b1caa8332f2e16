"""The optimiser against exhaustive search on many random tiny scenarios.

Each scenario is drawn at random (levels, KPAs, goals, `requires`, actions with effort, cost,
duration and `after`, current ratings, budget, capacity, horizon, staging mode, settling time,
deadline). The optimised
plan must reach the target in the same earliest period and at the same least cost as the
exhaustive search in tests/exhaustive.py, or both must agree that no plan exists. Set
CSIP_EXHAUSTIVE_CASES to run more cases.
"""

from __future__ import annotations

import os
import random
from dataclasses import replace
from types import MappingProxyType

import pytest

from planner.model import (
    KPA,
    Action,
    CurrentState,
    Framework,
    Goal,
    Level,
    Limits,
    Prerequisite,
    Scenario,
)
from planner.plan.pipeline import make_plan
from rules.assess import assess
from tests import exhaustive

CASES = int(os.environ.get("CSIP_EXHAUSTIVE_CASES", "80"))


def random_scenario(seed: int) -> Scenario:
    rng = random.Random(seed)
    n_levels = rng.choice([3, 3, 4])
    levels = tuple(Level(n, f"L{n}") for n in range(1, n_levels + 1))
    kpas = []
    for i in range(rng.randint(2, 4)):
        level = rng.randint(2, n_levels)
        kid = f"K{i}"
        goals = tuple(Goal(f"{kid}.{j + 1}", kid, f"goal {j + 1}", level)
                      for j in range(rng.randint(1, 2)))
        kpas.append(KPA(kid, f"KPA {i}", level, "purpose", goals))
    # prerequisites only towards earlier KPAs of the same or a lower level: no cycles
    with_req = []
    for i, k in enumerate(kpas):
        reqs = tuple(Prerequisite(o.id) for o in kpas[:i] if o.level <= k.level and rng.random() < 0.3)
        with_req.append(KPA(k.id, k.name, k.level, k.purpose, k.goals, reqs))
    goal_ids = [g.id for k in with_req for g in k.goals]
    actions: list[Action] = []
    for i in range(rng.randint(3, 6)):
        goals = tuple(sorted(set(rng.sample(goal_ids, rng.choice([1, 1, 2]) if len(goal_ids) > 1 else 1))))
        after = tuple(a.id for a in actions if rng.random() < 0.2)
        actions.append(Action(f"a{i}", f"Action {i}", goals, float(rng.randint(1, 8)),
                              float(rng.randint(1, 12)), rng.choice([1, 1, 2]), after))
    covered = {g for a in actions for g in a.goals}
    for g in goal_ids:  # mostly every goal gets an action, so most cases have a plan
        if g not in covered and rng.random() < 0.9:
            actions.append(Action(f"a{len(actions)}", f"Action for {g}", (g,), float(rng.randint(1, 8)),
                                  float(rng.randint(1, 12)), rng.choice([1, 1, 2])))
    fw = Framework("rand", "Random", "1", levels, tuple(with_req), tuple(actions))
    ratings = {}
    for g in goal_ids:
        r = rng.random()
        if r < 0.1:
            ratings[g] = "satisfied"
        elif r < 0.14:
            ratings[g] = "na"
        elif r < 0.24:
            ratings[g] = "partial"
    done = tuple(a.id for a in actions if rng.random() < 0.1)
    return Scenario(
        path=None, name=f"random {seed}", framework=fw,
        target_level=rng.randint(2, n_levels),
        start=__import__("datetime").date(2027, 1, 1), period="quarter",
        horizon=(horizon := rng.randint(2, 5)),
        limits=Limits(
            budget=rng.choice([None, float(rng.randint(15, 60))]),
            effort_per_period=rng.choice([None, float(rng.randint(5, 16))]),
            staging=rng.choice(["free", "free", "milestones", "milestones", "strict"]),
            settle=rng.choice([0, 0, 0, 1]),
            deadline=rng.choice([None, None, None, rng.randint(0, horizon - 1)]),
        ),
        current=CurrentState(itil=MappingProxyType({}), kpas=MappingProxyType({}),
                             goals=MappingProxyType(ratings)),
        actions=tuple(actions),
        done=done,
    )


@pytest.mark.parametrize("seed", range(CASES))
def test_optimiser_matches_exhaustive_search(seed: int) -> None:
    scenario = random_scenario(seed)
    assessment = assess(scenario)
    expected = exhaustive.solve(scenario, set(assessment.satisfied_goals()))
    plan = make_plan(scenario, time_limit=30, assessment=assessment, with_quick_wins=False)
    if expected is None:
        assert plan.status == "infeasible", f"optimiser found {plan.target_period}/{plan.total_cost}"
        assert plan.diagnosis is not None and plan.diagnosis.reason
        reachable = plan.diagnosis.reachable
        found = _reachable(scenario, assessment)
        if found is None:
            assert reachable is None
        else:
            assert reachable is not None
            assert (reachable.level, reachable.period) == found[:2]
            assert reachable.cost == pytest.approx(found[2])
        return
    assert plan.status == "optimal"
    assert plan.target_period == expected.target_period
    assert plan.total_cost == pytest.approx(expected.cost)


def _reachable(scenario: Scenario, assessment) -> tuple[int, int, float] | None:
    """The oracle's answer to "what do these limits allow?": the highest level above the current
    one with a plan, earliest first, then cheapest, within the deadline if there is one."""
    satisfied = set(assessment.satisfied_goals())
    limits = scenario.limits
    horizon = scenario.horizon if limits.deadline is None else limits.deadline + 1
    for level in range(scenario.target_level - 1, assessment.current_level, -1):
        lower = replace(scenario, target_level=level, horizon=horizon,
                        limits=replace(limits, deadline=None))
        best = exhaustive.solve(lower, satisfied)
        if best is not None and best.target_period is not None:
            return level, best.target_period, best.cost
    return None


def test_random_cases_cover_the_interesting_situations() -> None:
    """Guard against a generator that only ever makes trivial cases."""
    kinds = set()
    for seed in range(CASES):
        sc = random_scenario(seed)
        satisfied = set(assess(sc).satisfied_goals())
        best = exhaustive.solve(sc, satisfied)
        kinds.add("infeasible" if best is None else "nothing" if best.target_period is None else "plan")
        if best is not None and best.target_period is not None and best.target_period > 0:
            kinds.add("later than first period")
        if sc.limits.strict_staging:
            kinds.add("staging")
        kinds.add(f"staging {sc.limits.staging}")
        if sc.limits.settle:
            kinds.add("settle")
        if sc.limits.deadline is not None:
            kinds.add("deadline")
        if any(k.requires for k in sc.framework.kpas):
            kinds.add("requires")
    assert {"infeasible", "plan", "later than first period", "staging", "requires", "staging milestones",
            "settle", "deadline"} <= kinds


def _solver_paths() -> list[tuple[str, str]]:
    """Every way the search can be set up: MILP backend (CSIP_SOLVER) and CP-SAT with the
    cover-and-pack decomposition on or off (CSIP_CPSAT)."""
    from planner.optimize.solver import _highs_available

    backends = ["cbc", "highs"] if _highs_available() else ["cbc"]
    return [(b, cp) for b in backends for cp in ("1", "0")]


@pytest.mark.parametrize(("backend", "cpsat"), _solver_paths())
@pytest.mark.parametrize("seed", range(0, CASES, 4))
def test_every_solver_path_matches_exhaustive_search(seed: int, backend: str, cpsat: str,
                                                     monkeypatch) -> None:
    monkeypatch.setenv("CSIP_SOLVER", backend)
    monkeypatch.setenv("CSIP_CPSAT", cpsat)
    scenario = random_scenario(seed)
    assessment = assess(scenario)
    expected = exhaustive.solve(scenario, set(assessment.satisfied_goals()))
    plan = make_plan(scenario, time_limit=30, assessment=assessment, with_quick_wins=False, diagnose=False)
    if expected is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert plan.target_period == expected.target_period
    assert plan.total_cost == pytest.approx(expected.cost)
