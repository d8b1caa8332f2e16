"""The one place that runs a MILP solver and says, honestly, what came back.

CBC ships inside PuLP and is the default; HiGHS is used when `highspy` is installed (or asked for
with CSIP_SOLVER=highs / cbc). Two traps are handled here (see the performance notes): PuLP reports
"Optimal" for a solve stopped by the time limit with a merely feasible plan, and after a failed CBC
run it leaves relaxation values in the variables. So the status comes from the solver's own log,
and variable values are only read when a solution really exists.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pulp

from planner.errors import SolverError
from planner.optimize.orphans import die_with_parent, sweep_stale_dirs


class SolveStatus(Enum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    """A plan was found but the time limit stopped the proof."""
    INFEASIBLE = "infeasible"
    """Proven: no plan exists."""
    UNKNOWN = "unknown"
    """The time limit stopped the solver before it found a plan or a proof."""


@dataclass(frozen=True, slots=True)
class SolveResult:
    status: SolveStatus
    objective: float | None
    bound: float | None
    seconds: float
    solver: str

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        if self.status is SolveStatus.OPTIMAL:
            return 0.0
        denom = max(abs(self.objective), 1e-9)
        return max(0.0, (self.objective - self.bound) / denom)


def _highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def backend_name() -> str:
    choice = os.environ.get("CSIP_SOLVER", "").lower()
    if choice in ("cbc", "highs"):
        if choice == "highs" and not _highs_available():
            raise SolverError("CSIP_SOLVER=highs but highspy is not installed (pip install highspy)")
        return choice
    return "highs" if _highs_available() else "cbc"


def solve(problem: pulp.LpProblem, time_limit: float, warm_start: bool = False,
          backend: str | None = None, restarts: bool = True) -> SolveResult:
    backend = backend or backend_name()
    time_limit = max(0.5, time_limit)
    if backend == "highs":
        return _solve_highs(problem, time_limit)
    if restarts:
        return _solve_cbc(problem, time_limit, warm_start, RESTARTS, race=1)
    return _solve_cbc(problem, time_limit, warm_start, ((1, None),), race=RACE)


# CBC's run time on these models depends on the random seed: the HeRus least-cost model took 0.1 to
# 2.9 s over 32 seeds. So CBC runs in rounds: a few seeds with a node limit each, the best plan
# carried from round to round as the start; the last round has no node limit. Node limits, unlike
# time limits, keep the answer the same however busy the machine is.
RESTARTS: tuple[tuple[int, int | None], ...] = ((1, 60), (2, 120), (3, 400), (4, None))


RACE = max(1, min(2, os.cpu_count() or 1))
"""Large models run this many seeds side by side (one per core) and keep the first proof: the
search time varies several-fold with the seed, and the best of two is steadier."""


def _solve_cbc(problem: pulp.LpProblem, time_limit: float, warm_start: bool,
               rounds: tuple[tuple[int, int | None], ...], race: int) -> SolveResult:
    started = time.perf_counter()
    total = 0.0
    result = None
    for seed, nodes in rounds:
        left = time_limit - (time.perf_counter() - started)
        if left <= 0.05:
            break
        result = _solve_cbc_once(problem, left, warm_start, seed, nodes, race)
        total = time.perf_counter() - started
        if result.status in (SolveStatus.OPTIMAL, SolveStatus.INFEASIBLE):
            break
        if result.status is SolveStatus.FEASIBLE:
            for var in problem.variables():
                if var.varValue is not None:
                    var.setInitialValue(round(var.varValue))
            warm_start = True
    assert result is not None
    return SolveResult(result.status, result.objective, result.bound, total, "cbc")


def _solve_cbc_once(problem: pulp.LpProblem, time_limit: float, warm_start: bool, seed: int,
                    nodes: int | None, race: int = 1) -> SolveResult:
    """One CBC search, or `race` of them with different seeds side by side (one per core): the
    first to prove its answer wins and the others are stopped. CBC is run here rather than through
    `problem.solve` so that a run overrunning its time limit (as CBC can, inside a long first LP)
    is stopped for sure, and so that several runs can share one model file."""
    solver = pulp.PULP_CBC_CMD(msg=False)
    started = time.perf_counter()
    sweep_stale_dirs()
    with tempfile.TemporaryDirectory(prefix="csip-cbc-") as tmp:
        mps = os.path.join(tmp, "model.mps")
        vs, names, cons, _ = problem.writeMPS(mps, rename=1)
        common = [solver.path, mps]
        if warm_start:
            mst = os.path.join(tmp, "start.mst")
            solver.writesol(mst, problem, vs, names, cons)
            common += ["-mips", mst]
        # No "-threads": the bundled CBC 2.10.3 asked for one thread starts a worker that now and
        # then never runs, and the search then idles until the time limit (9 of 150 runs of a
        # 7-variable model). Without the option CBC searches in its main thread.
        common += ["-sec", f"{max(0.1, time_limit):.2f}", "-timeMode", "elapsed", "-ratio", "0",
                   "-allow", f"{allowable_gap(problem):g}"]
        if nodes is not None:
            common += ["-maxNodes", str(nodes)]
        runs = []
        for k in range(race):
            sol, log = os.path.join(tmp, f"run{k}.sol"), os.path.join(tmp, f"run{k}.log")
            with open(log, "w") as out:
                proc = subprocess.Popen(
                    [*common, "-randomCbcSeed", str(seed + k), "-randomSeed", str(seed + k), "-solve",
                     "-printingOptions", "all", "-solution", sol],
                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    preexec_fn=die_with_parent())
            runs.append((proc, sol, log))
        winner = _wait_for_winner(runs, started + time_limit + KILL_GRACE)
        if winner is None or not os.path.exists(winner[1]):
            return SolveResult(SolveStatus.UNKNOWN, None, None, time.perf_counter() - started, "cbc")
        _, sol, log = winner
        status, values, _dj, _pi, _slacks, sol_status = solver.readsol_MPS(sol, problem, vs, names, cons)
        problem.assignVarsVals(values)
        problem.assignStatus(status, sol_status)
        text = Path(log).read_text(encoding="utf-8", errors="replace")
    return _read_cbc_log(text, problem, time.perf_counter() - started)


KILL_GRACE = 5.0
"""Seconds past its own limit after which a CBC run is killed."""


def _decided(log: str) -> bool:
    m = re.search(r"Result - (.+)", Path(log).read_text(encoding="utf-8", errors="replace"))
    return bool(m) and ("optimal" in m.group(1).lower() or "infeasible" in m.group(1).lower())


def _objective(log: str) -> float:
    value = _float_after(Path(log).read_text(encoding="utf-8", errors="replace"), r"Objective value:\s+(\S+)")
    return value if value is not None else float("inf")


def _wait_for_winner(runs: list, hard_stop: float):
    """The run that proved its answer first; else, when all have stopped, the one with the best
    plan; None if they had to be killed."""
    try:
        while True:
            finished = [r for r in runs if r[0].poll() is not None]
            for r in finished:
                if r[0].returncode == 0 and _decided(r[2]):
                    return r
            if len(finished) == len(runs):
                good = [r for r in finished if r[0].returncode == 0]
                return min(good, key=lambda r: _objective(r[2])) if good else None
            if time.perf_counter() > hard_stop:
                return None
            time.sleep(0.01)
    finally:
        for proc, _sol, _log in runs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


def _read_cbc_log(log: str, problem: pulp.LpProblem, seconds: float) -> SolveResult:
    result = re.search(r"Result - (.+)", log)
    outcome = result.group(1).strip().lower() if result else ""
    objective = _float_after(log, r"Objective value:\s+(\S+)")
    bound = _float_after(log, r"Lower bound:\s+(\S+)")
    if "infeasible" in outcome:
        return SolveResult(SolveStatus.INFEASIBLE, None, None, seconds, "cbc")
    if "optimal" in outcome:
        obj = pulp.value(problem.objective)
        return SolveResult(SolveStatus.OPTIMAL, obj if obj is not None else objective, obj, seconds, "cbc")
    if "stopped" in outcome:
        has_solution = problem.sol_status in (pulp.LpSolutionIntegerFeasible, pulp.LpSolutionOptimal) \
            and "no integer solution" not in log.lower() and objective is not None
        if has_solution:
            return SolveResult(SolveStatus.FEASIBLE, pulp.value(problem.objective), bound, seconds, "cbc")
        return SolveResult(SolveStatus.UNKNOWN, None, bound, seconds, "cbc")
    # an empty model (no rows) is "optimal" without the usual log lines
    if problem.status == pulp.LpStatusOptimal and problem.sol_status == pulp.LpSolutionOptimal:
        obj = pulp.value(problem.objective) or 0.0
        return SolveResult(SolveStatus.OPTIMAL, obj, obj, seconds, "cbc")
    if problem.status == pulp.LpStatusInfeasible:
        return SolveResult(SolveStatus.INFEASIBLE, None, None, seconds, "cbc")
    return SolveResult(SolveStatus.UNKNOWN, None, bound, seconds, "cbc")


def objective_step(problem: pulp.LpProblem) -> float:
    """The smallest amount by which two plans' objectives can differ: the greatest common divisor
    of the objective's coefficients when they are whole numbers (costs in whole currency units, often
    in thousands), else 0. A bound within one step of a plan proves that plan optimal."""
    coefficients = [c for c in problem.objective.values() if c]
    if not coefficients or any(abs(c - round(c)) > 1e-9 for c in coefficients):
        return 0.0
    return float(math.gcd(*(abs(round(c)) for c in coefficients)))


def allowable_gap(problem: pulp.LpProblem) -> float:
    """Absolute gap at which the solver may stop and call its plan optimal: just under one
    objective step (no better plan can then exist), or a hair above zero for fractional objectives."""
    step = objective_step(problem)
    return max(1e-6, step * 0.999)


def _float_after(text: str, pattern: str) -> float | None:
    m = re.search(pattern, text)
    if not m:
        return None
    try:
        return float(m.group(1))
    except ValueError:
        return None


@contextlib.contextmanager
def _banner_kept_off_stdout() -> Iterator[None]:
    """HiGHS prints a licence banner on the process's standard output when a solver object is
    made, whatever its options say; piped into a script it would corrupt `--json`. When standard
    output is not a terminal, the C library's writes go to /dev/null for the solve."""
    if sys.stdout is None or sys.stdout.isatty():
        yield
        return
    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _solve_highs(problem: pulp.LpProblem, time_limit: float) -> SolveResult:
    solver = pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=0, gapAbs=allowable_gap(problem), threads=1)
    started = time.perf_counter()
    with _banner_kept_off_stdout():
        problem.solve(solver)
    seconds = time.perf_counter() - started
    model = problem.solverModel
    status = model.getModelStatus()
    info = model.getInfo()
    import highspy  # lazy: an optional dependency, present only with the highs extra

    ms = highspy.HighsModelStatus
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    bound = getattr(info, "mip_dual_bound", None)
    if status == ms.kOptimal:
        obj = pulp.value(problem.objective)
        return SolveResult(SolveStatus.OPTIMAL, obj, obj, seconds, "highs")
    if status in (ms.kInfeasible, ms.kUnboundedOrInfeasible):
        return SolveResult(SolveStatus.INFEASIBLE, None, None, seconds, "highs")
    if has_solution:
        return SolveResult(SolveStatus.FEASIBLE, pulp.value(problem.objective), bound, seconds, "highs")
    return SolveResult(SolveStatus.UNKNOWN, None, bound, seconds, "highs")
