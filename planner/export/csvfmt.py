"""The planned actions as CSV, one row per action, for a spreadsheet or an issue tracker.

Columns carry both the period index (for scripts) and the calendar (labels and dates, for people
and trackers: the end date is the last day of the action's last period, a natural due date).
Numbers are plain, without thousands separators, so spreadsheets read them as numbers.
"""

from __future__ import annotations

import csv
import io

from planner.output.jsonshapes import num
from planner.periods import period_start
from planner.plan.csip import label, period_end
from planner.plan.results import Plan

COLUMNS = (
    "id", "title", "role", "start_period", "end_period", "start_label", "end_label",
    "start_date", "end_date", "effort", "cost", "goals", "closes", "quick_win", "why", "milestone",
)


def to_csv(plan: Plan) -> str:
    sc = plan.scenario
    buf = io.StringIO()
    w = csv.writer(buf)  # RFC 4180: CRLF line ends, quotes where needed
    w.writerow(COLUMNS)
    for a in plan.actions:
        w.writerow((
            a.id, a.title, a.role, a.start, a.end, label(sc, a.start), label(sc, a.end),
            period_start(sc.start, sc.period, a.start).isoformat(), period_end(sc, a.end).isoformat(),
            num(a.effort), num(a.cost), ";".join(a.goals), ";".join(a.closes),
            "yes" if a.quick_win else "no", a.why, a.milestone,
        ))
    return buf.getvalue()
