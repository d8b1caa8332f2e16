"""`--time-limit` bounds the whole command: the plan, its diagnosis and the quick-win checks share
one deadline (issue 14)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from planner.plan.deadline import MIN_SOLVE, Deadline

REPO = Path(__file__).resolve().parent.parent
GOALS = ["SCOM.1", "SCOM.2", "IGC.1", "IGC.2", "IGC.3", "OPD.1", "SDP.1", "SDP.2"]


def test_shares_never_exceed_what_is_left() -> None:
    d = Deadline.after(2.0)
    assert d.share(10.0) is not None and d.share(10.0) <= 2.0
    assert d.share(0.7) == 0.7
    assert Deadline.after(MIN_SOLVE / 2).share(5.0) is None
    assert Deadline.after(-3).left() == 0.0


def _infeasible(tmp_path: Path) -> Path:
    """HeRus with 200 more actions, a budget far too small and little effort per period: no plan,
    and a diagnosis with every question to ask."""
    acts = "".join(
        f'[[actions]]\nid = "extra-{i}"\ntitle = "Extra {i}"\ngoals = ["{g}"]\neffort = {20 + i % 7}\n'
        f'cost = {1000 + 37 * i}\nduration = {1 + i % 3}\n' for i, g in enumerate(GOALS * 25))
    path = tmp_path / "big.toml"
    path.write_text('extends = "{}"\n[scenario]\nhorizon = 60\n[limits]\nbudget = 30000\n'
                    'effort_per_period = 25\n'.format((REPO / "scenarios" / "herus.toml").as_posix())
                    + acts, encoding="utf-8")
    return path


def test_infeasible_plan_with_its_diagnosis_keeps_to_the_limit(tmp_path: Path) -> None:
    path = _infeasible(tmp_path)
    began = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "planner", "plan", str(path), "--time-limit", "3"],
                       capture_output=True, text=True, timeout=120, cwd=REPO)
    took = time.perf_counter() - began
    assert r.returncode == 3, r.stderr[-400:]  # no plan: exit 3 per the contract
    assert "No plan" in r.stdout
    assert took < 3 + 5, took  # the limit, plus start-up and the rules engine
