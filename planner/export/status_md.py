"""The "Status at <date>" part of the Markdown CSIP document, for a progress file: the steering
committee's status report (what was done, slips and why, earned value, KPIs against baseline and
target, what comes next, decisions needed). HTML and Word render the Markdown's blocks, so they show
the same section; the xlsx Status sheet takes its rows from `status_rows`.
"""

from __future__ import annotations

from typing import Any

from planner.export.mdtext import bullets, prose, table, text
from planner.numbers import money
from planner.plan.results import Plan
from planner.progress.baseline import report_for_plan
from planner.progress.committee import (
    budget_position,
    decisions,
    done_lines,
    next_lines,
    running_lines,
    slips,
)
from planner.progress.status import MEANINGS, StatusReport, earned_value_rows


def status_of(plan: Plan) -> StatusReport | None:
    """The plan's status report, or None for a scenario without progress."""
    return report_for_plan(plan)


def _kpi_value(x: float | None, unit: str) -> str:
    return "-" if x is None else f"{x:g}{unit}"


def kpi_rows(rep: StatusReport) -> list[tuple[str, str, str, str, str, str]]:
    return [
        (k.name, _kpi_value(k.baseline, k.unit), _kpi_value(k.latest, k.unit), k.latest_date or "-",
         _kpi_value(k.target, k.unit), "-" if k.towards_target is None else f"{k.towards_target:.0%}")
        for k in rep.kpis
    ]


def status_section(plan: Plan, rep: StatusReport | None = None) -> list[str]:
    """Empty unless the plan's scenario is a progress file."""
    rep = rep or status_of(plan)
    if rep is None:
        return []
    sc = plan.scenario
    assert sc.progress is not None
    cur = sc.currency
    out = [f"## Status at {sc.progress.status_date.isoformat()}", ""]
    intro = (f"Where the programme stands at the status date ({text(rep.label(rep.status_period))}), "
             "against the plan it started with (the baseline). The plan in the sections below is "
             "re-made from this date: finished work holds, running work keeps its start.")
    out += [intro, ""]
    if sc.progress.notes.strip():
        out += [f"> {prose(sc.progress.notes)}", ""]
    if rep.baseline_note:
        return [*out, f"No comparison with the baseline: {text(rep.baseline_note)}.", ""]
    left, to_spend, spent = budget_position(rep, plan)
    budget = f"; budget left: {money(left, cur)}." if left is not None else "; the budget is unlimited."
    out += [f"Spent so far: {money(spent, cur)}; still to spend by the plan: {money(to_spend, cur)}"
            + budget, ""]
    out += ["### What was done", ""]
    done = done_lines(rep)
    out += [*bullets(done), ""] if done else ["Nothing has finished yet.", ""]
    running = running_lines(rep)
    if running:
        out += ["Still running:", "", *bullets(running), ""]
    out += ["### Slips and why", ""]
    late = slips(rep)
    if late:
        out += [*table(("Action", "Slip (periods)", "Why"), [(s.id, f"+{s.periods}", s.why) for s in late],
                       "lrl"), ""]
    else:
        out += ["Nothing ends later than the baseline.", ""]
    for lf in rep.levels:
        line = (f"Level {lf.level}: {rep.label(lf.planned)} in the baseline, now forecast "
                f"{rep.label(lf.forecast)}")
        out += [text(line + (f", because {lf.because}." if lf.because else ".")), ""]
    ev_table = table(("Measure", "Value", "Meaning"), earned_value_rows(rep), "lrl")
    out += ["### Earned value", "", *ev_table, ""]
    out += ["### KPIs", ""]
    if rep.kpis:
        out += [*table(("KPI", "Baseline", "Latest", "Measured", "Target", "Of the way"), kpi_rows(rep),
                       "lrrlrr"), ""]
    else:
        out += ["No KPIs are recorded in the progress file.", ""]
    if rep.history:
        rows = [(h["date"], h["level"], h["note"] or "") for h in rep.history]
        out += ["### Maturity history", "", *table(("Date", "Level", "Note"), rows, "lrl"), ""]
    out += ["### What comes next", ""]
    nxt = next_lines(rep, plan)
    out += [*bullets(nxt), ""] if nxt else ["Nothing is planned to start in the status period.", ""]
    out += ["### Decisions needed", ""]
    asks = decisions(rep, plan)
    out += [*bullets(asks), ""] if asks else ["None: the programme runs within its budget and dates.", ""]
    return out


def status_rows(plan: Plan, rep: StatusReport) -> list[tuple[Any, ...]]:
    """The Status sheet's rows: (section, item, value, note), numbers kept as numbers."""
    sc = plan.scenario
    assert sc.progress is not None
    rows: list[tuple[Any, ...]] = [("Status date", "", sc.progress.status_date, rep.label(rep.status_period))]
    if rep.baseline_note:
        return [*rows, ("Baseline", "no comparison", rep.baseline_note, "")]
    left, to_spend, spent = budget_position(rep, plan)
    rows += [("Money", "spent", spent, ""), ("Money", "still to spend", to_spend, ""),
             ("Money", "budget left", left if left is not None else "unlimited", "")]
    ev = rep.earned_value
    for key, value in (("PV", ev.pv), ("EV", ev.ev), ("AC", ev.ac), ("SPI", ev.spi), ("CPI", ev.cpi)):
        rows.append(("Earned value", key, None if value is None else round(value, 4), MEANINGS[key.lower()]))
    for a in rep.actions:
        if a.state != "planned" or (a.slip or 0) > 0:
            note = (f"planned {rep.label(a.planned_start)}..{rep.label(a.planned_end)}, spent "
                    f"{money(a.spent_cost, sc.currency)} of {money(a.planned_cost or 0, sc.currency)}")
            rows.append(("Action", a.id, a.state, note + ("" if a.slip is None else f", slip {a.slip:+d}")))
    for s in slips(rep):
        rows.append(("Slip", s.id, s.periods, s.why))
    for lf in rep.levels:
        rows.append(("Milestone", f"level {lf.level}", rep.label(lf.forecast),
                     f"baseline {rep.label(lf.planned)}" + (f"; {lf.because}" if lf.because else "")))
    for k in rep.kpis:
        rows.append(("KPI", k.name, k.latest, f"baseline {_kpi_value(k.baseline, k.unit)}, target "
                     f"{_kpi_value(k.target, k.unit)}, measured {k.latest_date or '-'}"))
    for h in rep.history:
        rows.append(("Maturity", h["date"], h["level"], h["note"] or ""))
    rows += [("Next", "", line, "") for line in next_lines(rep, plan)]
    rows += [("Decision", "", line, "") for line in decisions(rep, plan)]
    return rows
