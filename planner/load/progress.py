"""Reading the progress part of a scenario: `[status]`, `[[progress]]`, `[csip.kpis.*]`,
`[[kpi_measurements]]` and `[[assessments]]`.

A progress file is an ordinary scenario that `extends` the planned one, so these keys are checked on
the merged chain; every problem is located in the file of the chain that wrote the key. The checks
are the ones a monthly update gets wrong: a finish before its start, a start after the status date,
an unknown action, money spent on an action that never started, a status date outside the horizon.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Any

from planner.errors import did_you_mean
from planner.load.schema import Checker, Field
from planner.model import (
    KPA_RATINGS,
    ActionProgress,
    Kpi,
    KpiMeasurement,
    ProgressState,
    Reassessment,
    Scenario,
)
from planner.periods import period_start

STATUS = {"date": Field("date"), "notes": Field("str", default="")}
PROGRESS = {
    "action": Field("str", required=True),
    "started": Field("date"),
    "finished": Field("date"),
    "spent_effort": Field("number", default=0, minimum=0),
    "spent_cost": Field("number", default=0, minimum=0),
    "remaining_effort": Field("number", minimum=0),
    "note": Field("str", default=""),
}
KPI = {
    "name": Field("str", default=""),
    "baseline": Field("number"),
    "target": Field("number"),
    "unit": Field("str", default=""),
}
MEASUREMENT = {
    "kpi": Field("str", required=True),
    "date": Field("date", required=True),
    "value": Field("number", required=True),
    "note": Field("str", default=""),
}
ASSESSMENT = {
    "date": Field("date", required=True),
    "level": Field("int", required=True, minimum=1),
    "kpas": Field("table", default={}),
    "note": Field("str", default=""),
}
TOP_KEYS = {
    "status": Field("table"),
    "progress": Field("tables"),
    "kpi_measurements": Field("tables"),
    "assessments": Field("tables"),
}
"""Top-level keys a progress file adds to a scenario (merged into the scenario loader's TOP)."""


def read_kpis(ck: Checker, csip: dict[str, Any]) -> tuple[Kpi, ...]:
    """`[csip.kpis.<id>]` tables: a KPI with its baseline, target and unit."""
    raw = csip.get("kpis")
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        ck.error(("csip", "kpis"), "must be a table of KPIs", 'write [csip.kpis.<id>] name = "..."')
        return ()
    out = []
    for kid, item in raw.items():
        v = ck.table(item, ("csip", "kpis", kid), KPI)
        out.append(Kpi(kid, v["name"] or kid, v["baseline"], v["target"], v["unit"] or ""))
    return tuple(out)


def read_progress(
    ck: Checker, data: dict[str, Any], scenario: Scenario, kpis: tuple[Kpi, ...]
) -> ProgressState | None:
    """The programme's record as of the status date; None for a scenario without progress keys."""
    keys = ("status", "progress", "kpi_measurements", "assessments")
    if not any(k in data for k in keys):
        return None
    status = ck.table(data.get("status", {}), ("status",), STATUS)
    day = status["date"]
    horizon_end = period_start(scenario.start, scenario.period, scenario.horizon)
    if day is None:
        ck.error(
            ("status", "date"),
            "a progress file needs the status date",
            "write [status] date = 2028-03-31 (the day the record is true)",
        )
        return None
    if not scenario.start <= day < horizon_end:
        ck.error(
            ("status", "date"),
            f"{day} is outside the plan's horizon",
            f"the horizon runs from {scenario.start} to {horizon_end - dt.timedelta(days=1)}",
        )
        return None
    actions = _actions(ck, data.get("progress") or [], scenario, day)
    measurements = _measurements(ck, data.get("kpi_measurements") or [], kpis, day)
    assessments = _assessments(ck, data.get("assessments") or [], scenario, day)
    return ProgressState(day, actions, kpis, measurements, assessments, status["notes"] or "")


def _actions(ck: Checker, raw: Any, scenario: Scenario, day: dt.date) -> tuple[ActionProgress, ...]:
    if not isinstance(raw, list):
        ck.error(("progress",), "must be a list of tables", "write [[progress]], one per action")
        return ()
    known = {a.id: a for a in scenario.actions}
    seen: set[str] = set()
    out = []
    for i, item in enumerate(raw):
        path = ("progress", i)
        v = ck.table(item, path, PROGRESS)
        aid, started, finished = v["action"], v["started"], v["finished"]
        if aid is None:
            continue
        if aid not in known:
            hint = did_you_mean(aid, known) or "progress is recorded for actions of the scenario's catalog"
            if aid in scenario.excluded:
                hint = "the scenario excludes it: remove it from [catalog] exclude"
            ck.error((*path, "action"), f'unknown action "{aid}"', hint)
            continue
        if aid in seen:
            ck.error((*path, "action"), f'"{aid}" has two progress records', "keep one per action")
            continue
        seen.add(aid)
        if started is None:
            if v["spent_cost"] or v["spent_effort"]:
                key = "spent_cost" if v["spent_cost"] else "spent_effort"
                ck.error(
                    (*path, key),
                    f"{aid} spends money or effort but never started",
                    "add started = <date> (when the work began)",
                )
            elif finished is not None:
                ck.error((*path, "finished"), f"{aid} finished but never started", "add started = <date>")
            else:
                ck.error(
                    (*path, "started"),
                    "required key is missing",
                    "a record says when the action started; leave the record out until it has",
                )
            continue
        bad = False
        if started > day:
            ck.error(
                (*path, "started"),
                f"{started} is after the status date {day}",
                "record only what has happened by the status date",
            )
            bad = True
        if started < scenario.start:
            ck.error((*path, "started"), f"{started} is before the plan's start {scenario.start}")
            bad = True
        if finished is not None and finished < started:
            ck.error(
                (*path, "finished"),
                f"{finished} is before the start {started}",
                "swap the dates or correct the year",
            )
            bad = True
        elif finished is not None and finished > day:
            ck.error(
                (*path, "finished"),
                f"{finished} is after the status date {day}",
                "leave finished out while the action is still running",
            )
            bad = True
        if finished is not None and v["remaining_effort"]:
            ck.error(
                (*path, "remaining_effort"),
                f"{aid} is finished, so nothing remains",
                "remove remaining_effort, or finished if the work goes on",
            )
            bad = True
        if bad:
            continue
        out.append(
            ActionProgress(
                aid,
                started,
                finished,
                float(v["spent_effort"] or 0),
                float(v["spent_cost"] or 0),
                None if v["remaining_effort"] is None else float(v["remaining_effort"]),
            )
        )
    return tuple(out)


def _measurements(ck: Checker, raw: Any, kpis: tuple[Kpi, ...], day: dt.date) -> tuple[KpiMeasurement, ...]:
    if not isinstance(raw, list):
        ck.error(("kpi_measurements",), "must be a list of tables", "write [[kpi_measurements]]")
        return ()
    ids = [k.id for k in kpis]
    out = []
    for i, item in enumerate(raw):
        path = ("kpi_measurements", i)
        v = ck.table(item, path, MEASUREMENT)
        if v["kpi"] is None or v["date"] is None or v["value"] is None:
            continue
        if v["kpi"] not in ids:
            ck.error(
                (*path, "kpi"),
                f'unknown KPI "{v["kpi"]}"',
                did_you_mean(v["kpi"], ids) or "define it as [csip.kpis.<id>] with baseline and target",
            )
            continue
        if v["date"] > day:
            ck.error((*path, "date"), f"{v['date']} is after the status date {day}")
            continue
        out.append(KpiMeasurement(v["kpi"], v["date"], float(v["value"]), v["note"] or ""))
    return tuple(sorted(out, key=lambda m: (m.kpi, m.date)))


def _assessments(ck: Checker, raw: Any, scenario: Scenario, day: dt.date) -> tuple[Reassessment, ...]:
    if not isinstance(raw, list):
        ck.error(("assessments",), "must be a list of tables", "write [[assessments]]")
        return ()
    fw = scenario.framework
    out = []
    for i, item in enumerate(raw):
        path = ("assessments", i)
        v = ck.table(item, path, ASSESSMENT)
        if v["date"] is None or v["level"] is None:
            continue
        if v["level"] > fw.max_level:
            ck.error((*path, "level"), f"level {v['level']} is above {fw.name}'s highest, {fw.max_level}")
            continue
        if v["date"] > day:
            ck.error((*path, "date"), f"{v['date']} is after the status date {day}")
            continue
        kpas = {}
        for kid, rating in (v["kpas"] or {}).items():
            if not fw.has_kpa(kid):
                ck.error(
                    (*path, "kpas", kid), f'unknown KPA "{kid}"', did_you_mean(kid, [k.id for k in fw.kpas])
                )
            elif rating not in KPA_RATINGS:
                ck.error(
                    (*path, "kpas", kid),
                    f'"{rating}" is not a KPA rating',
                    did_you_mean(str(rating), KPA_RATINGS) or 'one of "satisfied", "unsatisfied", "na"',
                )
            else:
                kpas[kid] = rating
        out.append(Reassessment(v["date"], v["level"], MappingProxyType(kpas), v["note"] or ""))
    return tuple(sorted(out, key=lambda a: a.date))
