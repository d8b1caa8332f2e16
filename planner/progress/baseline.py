"""The baseline a progress file is compared with, and the status report built on it.

`csip status`, `csip export` and the TUI all need the same thing: the plan of the file a progress
file extends (or a plan JSON saved when the programme started), checked to belong to this
programme, then the report of plan against actual. Planning the parent takes a solver run, so its
plan is kept by a digest of the loaded parent and of csip's code: in memory for the life of the
process (an export to HTML and to Word of the same file plans the baseline once) and, when proven
optimal, on disk between runs (planner.progress.baseline_cache).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.errors import InputError, Problem
from planner.load.scenarios import load_scenario
from planner.model import Scenario
from planner.output.jsonshapes import plan_json
from planner.plan.pipeline import make_plan
from planner.plan.results import Plan
from planner.progress import baseline_cache
from planner.progress.status import StatusReport, baseline_mismatch, status_report

BASELINE_TIME_LIMIT = 60.0
"""Seconds for planning the baseline when the caller gives none (make_plan's own default)."""

_cache: dict[str, tuple[str, dict[str, Any]]] = {}


def parent_baseline(
    scenario: Scenario, time_limit: float = BASELINE_TIME_LIMIT
) -> tuple[str, dict[str, Any]]:
    """The name and plan JSON of the scenario this progress file extends; InputError without one.

    The parent is read again (not taken from the merged chain) because the baseline is what the
    planned file alone gives, before any progress was recorded."""
    if not scenario.parents:
        where = str(scenario.path) if scenario.path else scenario.name
        raise InputError([Problem(where, "extends", "a progress file extends the planned scenario",
                                  hint="add extends = \"plan.toml\", or give a baseline plan JSON")])
    parent = load_scenario(Path(scenario.parents[0]))
    key = baseline_cache.key_of(parent)
    if key not in _cache:
        stored = baseline_cache.lookup(parent)
        if stored is None:
            # the baseline's own quick wins play no part in the comparison: not worked out
            stored = plan_json(make_plan(parent, time_limit=time_limit, with_quick_wins=False))
            baseline_cache.store(parent, stored)
        _cache[key] = (parent.name, stored)
    return _cache[key]


def parent_of(scenario: Scenario) -> Scenario | None:
    """The planned scenario a progress file extends, as its files say today (None without one)."""
    return load_scenario(Path(scenario.parents[0])) if scenario.parents else None


def saved_baseline_changes(parent: Scenario, baseline: dict[str, Any]) -> str:
    """Why a plan JSON saved earlier is no longer the plan of `parent` as it stands, or "": its
    calendar moved, or an action it schedules is gone or now has another cost, effort or length.
    (A changed rating or limit leaves no trace in a plan JSON and cannot be seen here.)"""
    periods = baseline.get("periods") or []
    if periods and (periods[0].get("start") != parent.start.isoformat() or len(periods) != parent.horizon):
        return (f"the scenario changed since the baseline plan was saved: its calendar starts "
                f"{parent.start.isoformat()} over {parent.horizon} periods, the baseline's "
                f"{periods[0].get('start')} over {len(periods)}")
    by_id = {a.id: a for a in parent.actions}
    for b in baseline.get("actions", []):
        a = by_id.get(b.get("id"))
        if a is None:
            continue  # named by baseline_mismatch
        then = (b.get("cost"), b.get("effort"), b.get("end", 0) - b.get("start", 0) + 1)
        if then != (a.cost, a.effort, a.duration):
            return (f"the scenario changed since the baseline plan was saved: action {a.id} has cost "
                    f"{a.cost:g}, effort {a.effort:g} and {a.duration} periods now, "
                    f"{then[0]:g}, {then[1]:g} and {then[2]} in the baseline")
    return ""


def report_with_baseline(
    scenario: Scenario, plan: Plan, baseline: dict[str, Any], baseline_name: str, note: str = ""
) -> StatusReport:
    """The report against a given baseline plan JSON (`csip status --baseline`); with a reason
    why the baseline is not this programme's (`note`, or found by baseline_mismatch) nothing is
    compared with it."""
    note = note or baseline_mismatch(scenario, baseline, baseline_name)
    return status_report(scenario, {} if note else baseline, plan, note)


def report_for_plan(plan: Plan, time_limit: float = BASELINE_TIME_LIMIT) -> StatusReport | None:
    """The status report of a progress file's plan against the plan of the file it extends; None
    when the plan's scenario records no progress (an ordinary scenario has no status)."""
    scenario = plan.scenario
    if scenario.progress is None:
        return None
    name, baseline = parent_baseline(scenario, time_limit)
    return report_with_baseline(scenario, plan, baseline, name)
