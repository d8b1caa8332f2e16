"""The baseline a progress file is compared with, and the status report built on it.

`csip status`, `csip export` and the TUI all need the same thing: the plan of the file a progress
file extends (or a plan JSON saved when the programme started), checked to belong to this
programme, then the report of plan against actual. Planning the parent takes a solver run, so its
plan is kept per parent file (path, size and modification time) for the life of the process: an
export to HTML and to Word of the same file plans the baseline once.
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
from planner.progress.status import StatusReport, baseline_mismatch, status_report

BASELINE_TIME_LIMIT = 60.0
"""Seconds for planning the baseline when the caller gives none (make_plan's own default)."""

_cache: dict[tuple[str, int, int], tuple[str, dict[str, Any]]] = {}


def _key(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


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
    path = Path(scenario.parents[0])
    key = _key(path)
    if key not in _cache:
        parent = load_scenario(path)
        # the baseline's own quick wins play no part in the comparison: not worked out
        plan = make_plan(parent, time_limit=time_limit, with_quick_wins=False)
        _cache[key] = (parent.name, plan_json(plan))
    return _cache[key]


def report_with_baseline(
    scenario: Scenario, plan: Plan, baseline: dict[str, Any], baseline_name: str
) -> StatusReport:
    """The report against a given baseline plan JSON (`csip status --baseline`)."""
    return status_report(scenario, baseline, plan, baseline_mismatch(scenario, baseline, baseline_name))


def report_for_plan(plan: Plan, time_limit: float = BASELINE_TIME_LIMIT) -> StatusReport | None:
    """The status report of a progress file's plan against the plan of the file it extends; None
    when the plan's scenario records no progress (an ordinary scenario has no status)."""
    scenario = plan.scenario
    if scenario.progress is None:
        return None
    name, baseline = parent_baseline(scenario, time_limit)
    return report_with_baseline(scenario, plan, baseline, name)
