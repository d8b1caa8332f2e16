"""The JSON shapes of the contract, built from the domain results.

Kept apart from the text rendering so that `--json`, the JSON export and the TOML export are
guaranteed to hold the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.assess.gaps import GapReport
from planner.model import Assessment, Framework, Scenario
from planner.plan.results import Diagnosis, Plan, QuickWin
from planner.practices import AreaCapability

if TYPE_CHECKING:  # the what-if workers build plan_json, so these may not be imported at run time
    from planner.whatif.compare import Compared
    from planner.whatif.sweep import Sweep


def num(x: float) -> int | float:
    """Whole numbers as ints: 40.0 person-days reads better as 40 in JSON and TOML."""
    return int(x) if float(x).is_integer() else round(float(x), 4)


def maybe_num(x: float | None) -> int | float | None:
    return None if x is None else num(x)


def assess_json(scenario: Scenario, assessment: Assessment) -> dict[str, Any]:
    fw = scenario.framework
    return {
        "scenario": scenario.name,
        "framework": fw.id,
        "current_level": assessment.current_level,
        "target_level": scenario.target_level,
        "kpas": [
            {
                "id": k.id,
                "name": k.name,
                "level": k.level,
                "status": assessment.kpas[k.id].status,
                "because": assessment.kpas[k.id].because,
                "requires": [p.kpa for p in k.requires],
                "flagged": [gap.because for gap in assessment.kpas[k.id].prerequisite_gaps]
                if assessment.kpas[k.id].flagged else [],
                "goals": [
                    {
                        "id": g.id,
                        "text": g.text,
                        "status": assessment.goals[g.id].status,
                        "source": assessment.goals[g.id].source,
                        "because": assessment.goals[g.id].because,
                        "rule": assessment.goals[g.id].rule,
                    }
                    for g in k.goals
                ],
            }
            for k in fw.kpas
        ],
    }


def capability_json(areas: tuple[AreaCapability, ...]) -> list[dict[str, Any]]:
    """`"capability"` of `assess --representation continuous`: each applicable area's level."""
    return [{"id": a.kpa, "level": a.level} for a in areas]


def profile_gap_json(scenario: Scenario, areas: tuple[AreaCapability, ...]) -> dict[str, Any]:
    """What `gap --json` adds for a target profile: the profile, and per listed area its
    capability level, target and gap."""
    profile = dict(scenario.target_profile or {})
    at = {a.kpa: a.level for a in areas}
    return {
        "target_profile": profile,
        "capability": [{"id": k, "level": at[k], "target": lv, "gap": max(0, lv - at[k])}
                       for k, lv in profile.items() if k in at],
    }


def gap_json(scenario: Scenario, report: GapReport) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "current_level": report.current_level,
        "target_level": report.target_level,
        "blocking": [
            {"level": b.level, "kpa": b.kpa, "goals": list(b.goals)} for b in report.blocking
        ],
    }


def framework_json(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "name": fw.name,
        "version": fw.version,
        "levels": [{"number": lv.number, "name": lv.name} for lv in fw.levels],
        "kpas": [
            {
                "id": k.id,
                "name": k.name,
                "level": k.level,
                "purpose": k.purpose,
                "requires": [p.kpa for p in k.requires],
                "may_be_na": k.may_be_na,
                **({"na_reason": k.na_reason} if k.may_be_na else {}),
                "goals": [
                    {"id": g.id, "text": g.text, "ref": g.ref or None, "provenance": g.provenance,
                     "level": g.level}
                    for g in k.goals
                ],
            }
            for k in fw.kpas
        ],
        "actions": len(fw.actions),
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    sc = plan.scenario
    return {
        "scenario": sc.name,
        "framework": sc.framework.id,
        "status": plan.status,
        "current_level": plan.current_level,
        "target_level": plan.target_level,
        **({"target_profile": dict(sc.target_profile)} if sc.target_profile is not None else {}),
        "target_period": plan.target_period,
        "status_date": sc.progress.status_date.isoformat() if sc.progress else None,
        "total_cost": num(plan.total_cost),
        "total_effort": num(plan.total_effort),
        "periods": [
            {"index": p.index, "label": p.label, "start": p.start.isoformat(),
             "effort": num(round(p.effort, 4)), "cost": num(round(p.cost, 4)), "level": p.level}
            for p in plan.periods
        ],
        "actions": [
            {"id": a.id, "title": a.title, "start": a.start, "end": a.end, "effort": num(a.effort),
             "cost": num(a.cost), "goals": list(a.goals), "quick_win": a.quick_win, "role": a.role,
             "closes": list(a.closes), "why": a.why, "milestone": a.milestone,
             "state": a.state}
            for a in plan.actions
        ],
        "milestones": [{"period": m.period, "level": m.level} for m in plan.milestones],
        "kpa_milestones": [
            {"period": m.period, "kpa": m.kpa, "actions": list(m.actions)} for m in plan.kpa_milestones
        ],
        "left_out": [{"id": aid, "reason": why} for aid, why in plan.left_out],
        "gap": None if plan.cost_gap is None else round(plan.cost_gap, 6),
        "diagnosis": diagnosis_json(plan.diagnosis),
    }


def diagnosis_json(d: Diagnosis | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "reason": d.reason,
        "uncovered_goals": list(d.uncovered_goals),
        "never_start": [{"action": a, "why": w} for a, w in d.never_start],
        "least_budget": None if d.least_budget is None else num(d.least_budget),
        "least_horizon": d.least_horizon,
        "least_budget_proven": d.least_budget_proven,
        "least_horizon_proven": d.least_horizon_proven,
        "binding": list(d.binding),
        "messages": list(d.messages),
        "reachable": None if d.reachable is None else {
            "level": d.reachable.level, "period": d.reachable.period, "cost": num(d.reachable.cost)},
    }


def quickwins_json(wins: list[QuickWin]) -> list[dict[str, Any]]:
    return [
        {"id": q.id, "title": q.title, "effort": num(q.effort), "cost": num(q.cost),
         "goals": list(q.goals), "reason": q.reason, "in_plan": q.in_plan}
        for q in wins
    ]


def compare_json(rows: Sequence[Compared]) -> list[dict[str, Any]]:
    """The contract's keys first, then what the table shows besides."""
    out = []
    for c in rows:
        p = c.plan
        out.append({
            "scenario": p["scenario"],
            "status": p["status"],
            "current_level": p["current_level"],
            "target_level": p["target_level"],
            "target_period": p["target_period"],
            "total_cost": p["total_cost"],
            "total_effort": p["total_effort"],
            "file": c.file,
            "framework": p["framework"],
            "target_label": c.label(p["target_period"]) or None,
            "levels": [{"level": lv, "period": per, "label": c.label(per)}
                       for lv, per in sorted(c.levels.items())],
            "budget": maybe_num(c.limits["budget"]),
            "effort_per_period": maybe_num(c.limits["effort_per_period"]),
            "strict_staging": c.limits["strict_staging"],
            "actions": len(p["actions"]),
            "actions_added": list(c.added),
            "actions_removed": list(c.removed),
            "baseline": c.baseline,
        })
    return out


def sweep_json(s: Sweep) -> dict[str, Any]:
    return {
        "scenario": s.scenario,
        "points": [
            {"budget": maybe_num(p.budget), "effort_per_period": maybe_num(p.effort_per_period),
             "status": p.status,
             "target_period": p.target_period, "total_cost": maybe_num(p.total_cost),
             "target_label": p.target_label or None}
            for p in s.points
        ],
        "swept": list(s.swept),
        "knees": [
            {"axis": k.axis, "budget": maybe_num(k.point.budget),
             "effort_per_period": maybe_num(k.point.effort_per_period),
             "target_period": k.point.target_period, "still_improving": k.still_improving}
            for k in s.knees
        ],
        "warnings": [r.message(s.currency) for r in s.regressions],
    }
