"""The one place that runs a MILP solver and says, honestly, what came back.

CBC ships inside PuLP and is the default; HiGHS is used when `highspy` is installed (or asked for
with CSIP_SOLVER=highs / cbc). Two traps are handled here (see the performance notes): PuLP reports
"Optimal" for a solve stopped by the time limit with a merely feasible plan, and after a failed CBC
run it leaves relaxation values in the variables. So the status comes from the solver's own log,
and variable values are only read when a solution really exists.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pulp

from planner.errors import SolverError


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
    return _solve_cbc(problem, time_limit, warm_start, RESTARTS if restarts else ((1, None),))


# Branch and bound on these models has a heavy tail: measured on HeRus, seven random seeds of eight
# proved the optimum at the root node in 0.3-1.2 s and the eighth was still searching after 20 s.
# So CBC runs in rounds: a few seeds with a node limit each, the best plan carried from round to
# round as the start; the last round has no node limit. Node limits, unlike time limits, keep the
# answer the same however busy the machine is.
RESTARTS: tuple[tuple[int, int | None], ...] = ((1, 60), (2, 120), (3, 400), (4, None))


def _solve_cbc(problem: pulp.LpProblem, time_limit: float, warm_start: bool,
               rounds: tuple[tuple[int, int | None], ...]) -> SolveResult:
    started = time.perf_counter()
    total = 0.0
    result = None
    for seed, nodes in rounds:
        left = time_limit - (time.perf_counter() - started)
        if left <= 0.05:
            break
        result = _solve_cbc_once(problem, left, warm_start, seed, nodes)
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
                    nodes: int | None) -> SolveResult:
    fd, log_path = tempfile.mkstemp(prefix="csip-cbc-", suffix=".log")
    os.close(fd)
    options = [f"randomCbcSeed {seed}", f"randomSeed {seed}"]
    if nodes is not None:
        options.append(f"maxNodes {nodes}")
    solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=max(0.1, time_limit), gapRel=0, gapAbs=1e-6,
                               warmStart=warm_start, logPath=log_path, threads=1, options=options)
    started = time.perf_counter()
    try:
        problem.solve(solver)
        log = Path(log_path).read_text(encoding="utf-8", errors="replace")
    except pulp.PulpSolverError as exc:
        raise SolverError(f"CBC failed: {exc}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(log_path)
    seconds = time.perf_counter() - started
    return _read_cbc_log(log, problem, seconds)


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


def _float_after(text: str, pattern: str) -> float | None:
    m = re.search(pattern, text)
    if not m:
        return None
    try:
        return float(m.group(1))
    except ValueError:
        return None


def _solve_highs(problem: pulp.LpProblem, time_limit: float) -> SolveResult:
    solver = pulp.HiGHS(msg=False, timeLimit=time_limit, gapRel=0, gapAbs=1e-6, threads=1)
    started = time.perf_counter()
    problem.solve(solver)
    seconds = time.perf_counter() - started
    model = problem.solverModel
    status = model.getModelStatus()
    info = model.getInfo()
    import highspy

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
