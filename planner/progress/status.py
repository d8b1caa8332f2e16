"""Plan against actual at the status date: per-action slips, earned value, milestone forecast,
KPIs and the maturity history. Pure computation on a baseline plan (as its JSON shape, so a plan
saved when the programme started and the plan of the extended file compare the same way) and the
progress file's re-made plan.

Earned value, in the plan's money:
- PV (planned value): the baseline cost of the work the baseline scheduled before the status
  period, pro rata by period (an action of 4 periods with 2 before the status period: half);
- EV (earned value): the baseline cost of the work actually done: finished actions in full,
  running ones pro rata by effort spent over effort spent plus remaining;
- AC (actual cost): the money spent, `spent_cost` summed;
- SPI = EV / PV (below 1: behind schedule), CPI = EV / AC (below 1: over budget).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.model import Scenario
from planner.periods import period_label
from planner.plan.results import Plan
from planner.progress.timeline import placed, status_period

MEANINGS = {
    "pv": "planned value: what the baseline meant to have spent on work scheduled before the status period",
    "ev": "earned value: the baseline cost of the work actually done",
    "ac": "actual cost: the money spent so far",
    "spi": "schedule performance, EV/PV: below 1 means behind the baseline",
    "cpi": "cost performance, EV/AC: below 1 means the work done cost more than planned",
}


@dataclass(frozen=True)
class ActionStatus:
    id: str
    state: str
    planned_start: int | None
    planned_end: int | None
    actual_start: int | None
    actual_end: int | None
    """Finished: its last period; running or planned: None (see forecast_end)."""
    forecast_end: int | None
    planned_cost: float | None
    spent_cost: float
    planned_effort: float | None
    spent_effort: float

    @property
    def slip(self) -> int | None:
        end = self.actual_end if self.actual_end is not None else self.forecast_end
        return None if end is None or self.planned_end is None else end - self.planned_end


@dataclass(frozen=True)
class EarnedValue:
    pv: float
    ev: float
    ac: float

    @property
    def spi(self) -> float | None:
        return self.ev / self.pv if self.pv else None

    @property
    def cpi(self) -> float | None:
        return self.ev / self.ac if self.ac else None


@dataclass(frozen=True)
class LevelForecast:
    level: int
    planned: int | None
    forecast: int | None
    because: str


@dataclass(frozen=True)
class KpiStatus:
    id: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    latest: float | None
    latest_date: str | None
    history: tuple[tuple[str, float], ...]

    @property
    def towards_target(self) -> float | None:
        """Share of the way from baseline to target covered by the latest measurement."""
        if None in (self.baseline, self.target, self.latest) or self.target == self.baseline:
            return None
        return (self.latest - self.baseline) / (self.target - self.baseline)  # type: ignore[operator]


@dataclass(frozen=True)
class StatusReport:
    scenario: Scenario
    status_period: int
    actions: tuple[ActionStatus, ...]
    earned_value: EarnedValue
    target_period: int | None
    baseline_target_period: int | None
    levels: tuple[LevelForecast, ...]
    kpis: tuple[KpiStatus, ...]
    history: tuple[dict[str, Any], ...]
    baseline_note: str = ""
    """Set when the baseline does not belong to this scenario: then nothing is compared."""
    next_actions: tuple[str, ...] = field(default=())

    def label(self, period: int | None) -> str:
        if period is None:
            return "-"
        return period_label(self.scenario.start, self.scenario.period, period)


def baseline_mismatch(scenario: Scenario, baseline: dict[str, Any], expected_name: str) -> str:
    """Why `baseline` (a plan JSON) is not the plan of this programme, or "" when it is."""
    if baseline.get("framework") != scenario.framework.id:
        return f"the baseline plan is for framework {baseline.get('framework')}, not {scenario.framework.id}"
    if baseline.get("scenario") != expected_name:
        return f'the baseline plan is of scenario "{baseline.get("scenario")}", not "{expected_name}"'
    known = {a.id for a in scenario.actions}
    gone = sorted({a["id"] for a in baseline.get("actions", [])} - known)
    if gone:
        return (
            "the scenario changed since the baseline plan was saved: its actions "
            + ", ".join(gone[:5])
            + " are no longer in the catalog"
        )
    return ""


def earned_value(scenario: Scenario, baseline: dict[str, Any]) -> EarnedValue:
    first = status_period(scenario)
    pv = 0.0
    for a in baseline.get("actions", []):
        periods = a["end"] - a["start"] + 1
        before = max(0, min(a["end"], first - 1) - a["start"] + 1)
        pv += a["cost"] * before / periods
    planned_cost = {a["id"]: a["cost"] for a in baseline.get("actions", [])}
    ev = 0.0
    for aid, p in placed(scenario).items():
        cost = planned_cost.get(aid, p.action.cost)
        if not p.running:
            ev += cost
        else:
            total = p.record.spent_effort + p.remaining_effort
            ev += cost * (p.record.spent_effort / total if total else 0.0)
    assert scenario.progress is not None
    return EarnedValue(pv, ev, scenario.progress.spent_cost)


def status_report(
    scenario: Scenario, baseline: dict[str, Any], plan: Plan, baseline_note: str = ""
) -> StatusReport:
    assert scenario.progress is not None
    first = status_period(scenario)
    pl = placed(scenario)
    base = {a["id"]: a for a in baseline.get("actions", [])}
    now = {pa.id: pa for pa in plan.actions}
    rows = []
    for aid in sorted(set(base) | set(pl) | set(now), key=lambda x: (base.get(x, {}).get("start", 99), x)):
        b, p, pa = base.get(aid), pl.get(aid), now.get(aid)
        state = "planned" if p is None else ("in_progress" if p.running else "finished")
        rows.append(
            ActionStatus(
                aid,
                state,
                b["start"] if b else None,
                b["end"] if b else None,
                p.start if p else None,
                p.end if p and not p.running else None,
                pa.end if pa else None,
                b["cost"] if b else None,
                p.record.spent_cost if p else 0.0,
                b["effort"] if b else None,
                p.record.spent_effort if p else 0.0,
            )
        )
    levels = []
    base_ms = {m["level"]: m["period"] for m in baseline.get("milestones", [])}
    now_ms = {m.level: m.period for m in plan.milestones}
    slipped = [r for r in rows if (r.slip or 0) > 0]
    for lv in sorted(set(base_ms) | set(now_ms)):
        planned, forecast = base_ms.get(lv), now_ms.get(lv)
        because = ""
        if forecast is not None and planned is not None and forecast > planned:
            late = [r.id for r in slipped if r.planned_end is not None and r.planned_end <= planned]
            because = (
                ("these actions ended or will end late: " + ", ".join(late[:4]))
                if late
                else "work planned before the status date has not started"
            )
        levels.append(LevelForecast(lv, planned, forecast, because))
    kpis = []
    for k in scenario.progress.kpis:
        ms = [m for m in scenario.progress.measurements if m.kpi == k.id]
        last = ms[-1] if ms else None
        kpis.append(
            KpiStatus(
                k.id,
                k.name,
                k.unit,
                k.baseline,
                k.target,
                last.value if last else None,
                last.date.isoformat() if last else None,
                tuple((m.date.isoformat(), m.value) for m in ms),
            )
        )
    history = tuple(
        {"date": a.date.isoformat(), "level": a.level, "kpas": dict(a.kpas), "note": a.note}
        for a in scenario.progress.assessments
    )
    nxt = tuple(pa.id for pa in plan.actions if pa.state == "planned" and pa.start == first)
    return StatusReport(
        scenario,
        first,
        tuple(rows),
        earned_value(scenario, baseline),
        plan.target_period,
        baseline.get("target_period"),
        tuple(levels),
        tuple(kpis),
        history,
        baseline_note,
        nxt,
    )


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def status_json(rep: StatusReport) -> dict[str, Any]:
    """The contract's `status --json` shape, with the report's other parts beside it."""
    ev = rep.earned_value
    assert rep.scenario.progress is not None
    return {
        "scenario": rep.scenario.name,
        "status_date": rep.scenario.progress.status_date.isoformat(),
        "baseline_note": rep.baseline_note or None,
        "actions": [
            {
                "id": a.id,
                "state": a.state,
                "planned_start": a.planned_start,
                "planned_end": a.planned_end,
                "actual_start": a.actual_start,
                "actual_end": a.actual_end,
                "planned_cost": a.planned_cost,
                "spent_cost": a.spent_cost,
                "planned_effort": a.planned_effort,
                "spent_effort": a.spent_effort,
                "forecast_end": a.forecast_end,
                "slip": a.slip,
            }
            for a in rep.actions
        ],
        "earned_value": {  # without a usable baseline, nothing is measured against one
            "pv": None if rep.baseline_note else _r(ev.pv),
            "ev": None if rep.baseline_note else _r(ev.ev),
            "ac": _r(ev.ac),
            "spi": None if rep.baseline_note else _r(ev.spi),
            "cpi": None if rep.baseline_note else _r(ev.cpi),
        },
        "forecast": {
            "target_period": rep.target_period,
            "baseline_target_period": rep.baseline_target_period,
            "levels": [
                {"level": lf.level, "planned": lf.planned, "forecast": lf.forecast, "because": lf.because}
                for lf in rep.levels
            ],
        },
        "kpis": [
            {
                "id": k.id,
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "latest": k.latest,
                "latest_date": k.latest_date,
                "towards_target": _r(k.towards_target),
            }
            for k in rep.kpis
        ],
        "maturity_history": list(rep.history),
    }


def earned_value_rows(rep: StatusReport) -> list[tuple[str, str, str]]:
    """(name, figure, what it means) for PV, EV, AC, SPI and CPI: one wording for every view."""
    ev = rep.earned_value
    rows = []
    for key, value in (("pv", ev.pv), ("ev", ev.ev), ("ac", ev.ac), ("spi", ev.spi), ("cpi", ev.cpi)):
        shown = "-" if value is None else (f"{value:.2f}" if key in ("spi", "cpi") else f"{value:,.0f}")
        rows.append((key.upper(), shown, MEANINGS[key]))
    return rows


def forecast_sentence(rep: StatusReport, lf: LevelForecast) -> str:
    """"level 2: Q2 2028 planned, now forecast Q4 2028, because ..."."""
    line = f"level {lf.level}: {rep.label(lf.planned)} planned, now forecast {rep.label(lf.forecast)}"
    return line + (f", because {lf.because}" if lf.because else "")


def status_lines(rep: StatusReport) -> list[str]:
    """The report as plain text lines (the terminal view and the export's status section)."""
    sc = rep.scenario
    assert sc.progress is not None
    out = [f"Status of {sc.name} at {sc.progress.status_date} ({rep.label(rep.status_period)})"]
    if rep.baseline_note:
        return [*out, f"No comparison: {rep.baseline_note}."]
    out.append("")
    out.append("Earned value")
    out += [f"  {name} {shown}: {meaning}" for name, shown, meaning in earned_value_rows(rep)]
    out.append("")
    out.append("Milestones")
    out += [f"  {forecast_sentence(rep, lf)}" for lf in rep.levels]
    out.append("")
    out.append("Actions (slip in periods)")
    for a in rep.actions:
        slip = "" if a.slip is None else f" slip {a.slip:+d}"
        over = ""
        if a.planned_cost is not None and a.spent_cost > a.planned_cost:
            over = f" over budget by {a.spent_cost - a.planned_cost:,.0f}"
        out.append(
            f"  {a.id}: {a.state}, planned {rep.label(a.planned_start)}..{rep.label(a.planned_end)}"
            f", spent {a.spent_cost:,.0f} of {a.planned_cost or 0:,.0f}{slip}{over}"
        )
    if rep.kpis:
        out.append("")
        out.append("KPIs")
        for k in rep.kpis:
            way = "" if k.towards_target is None else f" ({k.towards_target:.0%} of the way)"
            out.append(
                f"  {k.name}: {k.latest if k.latest is not None else '-'}{k.unit} at {k.latest_date}, "
                f"baseline {k.baseline}{k.unit}, target {k.target}{k.unit}{way}"
            )
    if rep.history:
        out.append("")
        out.append("Maturity history")
        for h in rep.history:
            out.append(f"  {h['date']}: level {h['level']}" + (f" ({h['note']})" if h["note"] else ""))
    if rep.next_actions:
        out.append("")
        out.append("Next: " + ", ".join(rep.next_actions))
    return out
