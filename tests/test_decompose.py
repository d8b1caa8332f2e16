"""The cover-and-pack decomposition against exhaustive search, deadline by deadline.

Its answers are proofs (no plan by this deadline; this is the least cost by it), so each is checked
on random tiny scenarios with tight capacity, where the cuts and the energy reasoning decide: the
status must match the exhaustive search's and the cost must be the least. Both master solvers are
used (HiGHS where installed, CBC always), with real CP-SAT for the packing.
"""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from planner.optimize.decompose import cover_and_pack, energy_windows
from planner.optimize.greedy import evaluate
from planner.optimize.instance import reduce
from planner.optimize.milp import usable_jobs
from rules.assess import assess
from tests import exhaustive
from tests.test_optimiser_exhaustive import random_scenario

SEEDS = range(40)


def _tight(seed: int):
    """A random scenario with capacity near the load of its cheapest plans, and no deadline."""
    scenario = random_scenario(seed)
    rng = random.Random(seed * 7 + 1)
    limits = replace(scenario.limits, effort_per_period=float(rng.randint(6, 10)), deadline=None)
    return replace(scenario, limits=limits)


def _paths() -> list[str]:
    from planner.optimize.solver import _highs_available

    return ["cbc", "highs"] if _highs_available() else ["cbc"]


@pytest.mark.parametrize("backend", _paths())
@pytest.mark.parametrize("seed", SEEDS)
def test_cover_and_pack_matches_exhaustive_search(seed: int, backend: str, monkeypatch) -> None:
    monkeypatch.setenv("CSIP_SOLVER", backend)
    scenario = _tight(seed)
    assessment = assess(scenario)
    satisfied = set(assessment.satisfied_goals())
    reduction = reduce(scenario, assessment)
    if reduction.uncovered or not reduction.instance.target:
        return
    inst = reduction.instance
    for d in range(scenario.horizon):
        expected = exhaustive.solve(replace(scenario, limits=replace(scenario.limits, deadline=d)),
                                    satisfied)
        found = cover_and_pack(inst, d, 20.0, least_cost=True)
        assert found.status in ("optimal", "infeasible"), f"deadline {d}: undecided on a tiny case"
        if expected is None:
            assert found.status == "infeasible", f"deadline {d}: found {found.schedule}"
            continue
        assert found.status == "optimal", f"deadline {d}: exhaustive search has {expected}"
        assert found.schedule is not None
        assert found.schedule.cost == pytest.approx(expected.cost)
        assert found.bound == pytest.approx(expected.cost)
        checked, problems = evaluate(inst, found.schedule.starts, d)
        assert checked is not None, problems
        plain = cover_and_pack(inst, d, 20.0, least_cost=False)
        assert plain.status == "optimal" and plain.schedule is not None
        assert evaluate(inst, plain.schedule.starts, d)[0] is not None


def test_energy_windows_never_cut_off_a_plan() -> None:
    """The energetic constraints are a relaxation: every plan the exhaustive search finds keeps
    them (checked on the plans the decomposition finds, which the instance check accepts)."""
    checked = 0
    for seed in SEEDS:
        scenario = _tight(seed)
        reduction = reduce(scenario, assess(scenario))
        inst = reduction.instance
        if reduction.uncovered or not inst.target or inst.capacity is None:
            continue
        for d in range(scenario.horizon):
            found = cover_and_pack(inst, d, 20.0, least_cost=False)
            if found.schedule is None:
                continue
            for terms, room in energy_windows(inst, d, usable_jobs(inst, d)):
                assert sum(v for j, v in terms.items() if j in found.schedule.starts) <= room + 1e-9
            checked += 1
    assert checked >= 20


def test_the_decomposition_decides_the_large_synthetic_catalog() -> None:
    """1000 actions over 36 quarters: period 17 is ruled out by effort alone, period 18 has a
    plan, and the least cost there is proven (the time-indexed models settled neither in 20 min)."""
    from benchmarks.synthetic import scenario as synthetic

    scenario = synthetic(1000, 36, 1)
    reduction = reduce(scenario, assess(scenario))
    inst = reduction.instance
    assert cover_and_pack(inst, 17, 60.0, least_cost=False).status == "infeasible"
    found = cover_and_pack(inst, 18, 60.0, least_cost=True)
    assert found.status == "optimal" and found.schedule is not None
    assert evaluate(inst, found.schedule.starts, 18)[0] is not None
    assert found.bound == pytest.approx(found.schedule.cost)


@pytest.mark.parametrize("seed", range(0, 40, 2))
def test_a_job_fixed_in_the_first_period_agrees_with_the_milp(seed: int) -> None:
    """The quick-win check ("does the target period hold with this action started now?") asks the
    decomposition first; the time-indexed MILP with the same job fixed must agree."""
    from planner.optimize.milp import build
    from planner.optimize.solver import SolveStatus, solve

    scenario = _tight(seed)
    reduction = reduce(scenario, assess(scenario))
    inst = reduction.instance
    if reduction.uncovered or not inst.target:
        return
    for d in range(scenario.horizon):
        for j, job in enumerate(inst.jobs):
            if job.earliest > 0:
                continue
            found = cover_and_pack(inst, d, 20.0, least_cost=False, fixed={j: 0})
            model = build(inst, d, fixed={j: 0})
            if model is None:
                assert found.status == "infeasible"
                continue
            model.use_objective("effort")
            status = solve(model.problem, 20.0).status
            assert status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE, SolveStatus.FEASIBLE)
            assert (found.status == "optimal") == (status is not SolveStatus.INFEASIBLE), (d, job.id)
            if found.schedule is not None:
                assert found.schedule.starts[j] == 0
                assert evaluate(inst, found.schedule.starts, d)[0] is not None
