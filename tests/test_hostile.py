"""Hostile input: values and files built to crash, hang or mislead csip (issue 14).

Each test exercises the real code (real durable-rules, real CBC, the real command line as a
subprocess where the failure mode is a crash or a hang) and failed before its fix.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from rules import get_engine
from rules.engine import RulesError, engine_value, fnv1_32

REPO = Path(__file__).resolve().parent.parent


def run_csip(*args: str, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd or REPO)


def _in_subprocess(code: str) -> subprocess.CompletedProcess:
    """Run engine code in its own process: before the fix some of these killed it."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=REPO)


_QW = """
from rules import get_engine
facts = [{{"t": "qw_limits", "max_effort": 10, "max_cost": {limit}}},
         {{"t": "action", "action": "a", "effort": 1, "cost": {cost}}},
         {{"t": "needed", "goal": "g", "level": 2}},
         {{"t": "covers", "action": "a", "goal": "g"}}]
out = get_engine().evaluate("quickwins", facts)
print(sorted(f["t"] for f in out if f["t"] in ("small", "closes")))
"""


# -- 1. the durable-rules boundary ---------------------------------------------------------------


@pytest.mark.parametrize("limit,cost,small", [
    ("1e16", "5", True), ("1e-05", "5", False), ("1e2", "100", True), ("100", "1e16", False),
    ("100", "1e-05", True), ("1e300", "5", True), ("100", "10**30", False),
])
def test_exponent_floats_reach_the_engine_intact(limit: str, cost: str, small: bool) -> None:
    r = _in_subprocess(_QW.format(limit=limit, cost=cost))
    assert r.returncode == 0, r.stderr[-500:]
    assert r.stdout.strip() == str(["closes", "small"] if small else ["closes"])


@pytest.mark.parametrize("bad", ["float('nan')", "float('inf')", "-float('inf')"])
def test_non_finite_numbers_are_refused_clearly(bad: str) -> None:
    for limit, cost in ((bad, "5"), ("100", bad)):
        r = _in_subprocess(_QW.format(limit=limit, cost=cost))
        assert r.returncode == 1 and "RulesError" in r.stderr and "not a finite number" in r.stderr


def test_engine_value_conversion() -> None:
    assert engine_value(1e16) == 10**16 and isinstance(engine_value(1e16), int)
    tiny = engine_value(1e-05)
    assert "." in repr(tiny).split("e")[0] and math.isclose(tiny, 1e-05)
    assert engine_value(2.5) == 2.5 and engine_value("a\x1b[0m") == "a\x1b[0m"
    for bad in (math.nan, math.inf, 10**400, "\ud800", [1], {"a": 1}):
        with pytest.raises(RulesError):
            engine_value(bad)


def test_facts_whose_ids_collide_in_the_engine_hash_still_pass() -> None:
    """Enough facts that durable's own 32-bit fact ids collide (MessageObservedException at
    60,000 facts every time, and by chance far below). In a subprocess: see the notes on
    delete_state aborts, which depend on the heap layout of the process."""
    r = _in_subprocess(
        "from rules import get_engine\n"
        "facts = [{'t': 'covers', 'action': f'a{i}', 'goal': f'g{i % 97}'} for i in range(20000)]\n"
        "facts.append({'t': 'qw_limits', 'max_effort': 1, 'max_cost': 1})\n"
        "print(len(get_engine().evaluate('quickwins', facts)))\n")
    assert r.returncode == 0 and r.stdout.strip() == "20001", r.stderr[-300:]


def test_identical_derived_facts_do_not_fail_the_batch() -> None:
    """Two rules deriving the same fact made durable raise MessageObservedException (seen with
    a 6,000-action catalog); ids chosen per fact let both through, and the caller sees them."""
    facts = [{"t": "qw_limits", "max_effort": 10, "max_cost": 100},
             {"t": "action", "action": "a", "effort": 1, "cost": 5},
             {"t": "after", "action": "a", "on": "b"},
             {"t": "unfinished", "action": "b", "known": True},
             {"t": "unfinished", "action": "b", "known": False}]
    out = get_engine().evaluate("quickwins", facts)
    assert [f["t"] for f in out].count("waits") == 2


def test_two_ids_with_the_same_engine_hash_are_both_kept() -> None:
    """Find two strings with equal FNV-1 32 hashes and put them in as values of one key:
    durable hashed them into the same id slot only when they were ids; now ids are ours."""
    seen: dict[int, str] = {}
    i = 0
    while True:
        s = f"f{i}"
        h = fnv1_32(s)
        if h in seen:
            break
        seen[h] = s
        i += 1
    assert fnv1_32(seen[h]) == fnv1_32(s) and seen[h] != s


def test_too_many_facts_refused_not_crashed() -> None:
    r = _in_subprocess(
        "from rules import get_engine\n"
        "facts = [{'t': 'covers', 'action': f'a{i}', 'goal': 'g'} for i in range(30001)]\n"
        "get_engine().evaluate('quickwins', facts)\n")
    assert r.returncode == 1 and "more than the rules engine takes" in r.stderr
