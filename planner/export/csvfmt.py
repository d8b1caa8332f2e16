"""The planned actions as CSV, one row per action, for a spreadsheet or an issue tracker.

A CSV file holds one table, and the one a tracker imports is the actions; the periods' load and
spend and the milestones are sheets of the xlsx export. So that nobody mistakes this table for the
whole plan, a first comment line says which table it is (`#` lines are comments to most CSV
readers that take any, e.g. pandas' `comment="#"`; skip one line elsewhere).

Columns carry both the period index (for scripts) and the calendar (labels and dates, for people
and trackers: the end date is the last day of the action's last period, a natural due date).
Numbers are plain, without thousands separators, so spreadsheets read them as numbers. Text cells
go through `planner.sanitize.csv_cell`: control characters shown as escapes, and a cell a spreadsheet
would run as a formula (starting with = + - @) kept as text.
"""

from __future__ import annotations

import csv
import io

from planner.output.jsonshapes import num
from planner.periods import period_start
from planner.plan.csip import label, period_end
from planner.plan.results import Plan
from planner.sanitize import clean, csv_cell

COLUMNS = (
    "id", "title", "role", "start_period", "end_period", "start_label", "end_label",
    "start_date", "end_date", "effort", "cost", "goals", "closes", "quick_win", "why", "milestone",
)


def to_csv(plan: Plan) -> str:
    sc = plan.scenario
    buf = io.StringIO()
    w = csv.writer(buf)  # RFC 4180: CRLF line ends, quotes where needed
    buf.write(comment_line(plan) + "\r\n")
    w.writerow(COLUMNS)
    for a in plan.actions:
        w.writerow(csv_cell(cell) for cell in (
            a.id, a.title, a.role, a.start, a.end, label(sc, a.start), label(sc, a.end),
            period_start(sc.start, sc.period, a.start).isoformat(), period_end(sc, a.end).isoformat(),
            num(a.effort), num(a.cost), ";".join(a.goals), ";".join(a.closes),
            "yes" if a.quick_win else "no", a.why, a.milestone,
        ))
    return buf.getvalue()


def comment_line(plan: Plan) -> str:
    name = " ".join(clean(plan.scenario.name).split())
    return (f"# csip: planned actions of {name} (one row per action; the periods and milestones "
            "are in the xlsx export)")
