"""The CSIP plan as an Excel workbook for the people who run the programme in a spreadsheet.

This module is the only one that imports openpyxl (the questionnaire workbook of `planner.survey`
takes the names it needs from here). Six sheets: Summary, Roadmap (a Gantt of filled
cells, one row per action and one column per period, with the level held at the end of each
period), Actions, Periods (load and spend against the limits), Milestones and Gap.

A manager edits a workbook, so the totals are formulas (`=SUM(...)`) rather than numbers: change an
action's cost and the totals, the spend so far and the budget left follow. Amounts carry the
scenario's currency in their number format, so they stay numbers. Text is written as text, never
as a formula, even where it starts with "=" (a title like "=3 SLAs agreed" must not be evaluated),
and control characters are dropped, since Excel would refuse the file or offer to repair it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook  # noqa: F401 (load_workbook: for planner.survey)
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # noqa: F401
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException  # noqa: F401 (for planner.survey)
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: F401 (for planner.survey)

from planner.assess.gaps import gap_report
from planner.export.markdown import NOTE_TITLES, status_words
from planner.export.status_md import status_of, status_rows
from planner.export.xmltext import clean, property_text
from planner.plan.csip import label, milestone_checks, period_end
from planner.plan.results import Plan, PlannedAction
from planner.sanitize import shorten

SHEETS = ("Summary", "Roadmap", "Actions", "Periods", "Milestones", "Gap")

ACTION_COLUMNS = ("Id", "Title", "Role", "Start", "End", "Effort (person-days)", "Cost", "Goals",
                  "Closes", "Quick win", "Why")
PERIOD_COLUMNS = ("Period", "From", "To", "Effort (person-days)", "Capacity", "Headroom", "Spend",
                  "Spend so far", "Budget left", "Level at end")
MILESTONE_COLUMNS = ("End of", "Date", "Milestone", "Reached when these finish",
                     *(title for _, title in NOTE_TITLES))
STATUS_SHEET = "Status"
"""Only in the workbook of a progress file, right after the Summary."""
STATUS_COLUMNS = ("Section", "Item", "Value", "Note")
GAP_COLUMNS = ("Goal", "KPA", "Level", "What it asks", "Status now", "Why", "Closed by", "By the end of")

_HEADER_FILL = "DCE6F1"
_BAR_FILL = "2B6CB0"
_QUICK_FILL = "38A169"
_MILESTONE_FILL = "FED7D7"
EFFORT_FORMAT = "#,##0.0"


def money_format(currency: str) -> str:
    """An Excel number format that shows the currency and keeps the cell a number."""
    code = "".join(ch for ch in currency if ch not in '"\\')
    return f'"{code}" #,##0' if code else "#,##0"


def to_xlsx(plan: Plan) -> bytes:

    wb = Workbook()
    wb.remove(wb.active)
    book = _Book(wb, plan)
    book.summary()  # first: it places the budget cell that the Periods sheet refers to
    book.status()  # a progress file only: the status report (planner.export.status_md)
    book.roadmap()
    book.actions()
    book.periods()
    book.milestones()
    book.gap()
    wb.active = 0
    wb.calculation.fullCalcOnLoad = True  # formulas carry no cached values: compute on opening
    wb.properties.creator = "csip"
    wb.properties.title = property_text(plan.scenario.name)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


class _Book:
    def __init__(self, wb: Any, plan: Plan):
        self.wb = wb
        self.plan = plan
        self.sc = plan.scenario
        self.money = money_format(self.sc.currency)
        self.n_actions = len(plan.actions)

    # -- sheets ---------------------------------------------------------------------------------

    def summary(self) -> None:
        plan, sc = self.plan, self.sc
        fw = sc.framework
        ws = self.wb.create_sheet("Summary")
        _header(ws, ("Item", "Value"))
        if plan.status == "infeasible":
            reached = "not within the limits"
        elif plan.target_period is None:
            reached = "already"
        else:
            reached = f"end of {label(sc, plan.target_period)}"
        cost_col, effort_col = _col(ACTION_COLUMNS.index("Cost")), _col(ACTION_COLUMNS.index(
            "Effort (person-days)"))
        last = self.n_actions + 1
        total_cost = Formula(f"=SUM(Actions!{cost_col}2:{cost_col}{last})") if self.n_actions else 0
        total_effort = Formula(f"=SUM(Actions!{effort_col}2:{effort_col}{last})") if self.n_actions else 0
        budget = sc.limits.budget
        cap = sc.limits.effort_per_period
        unit = "quarter" if sc.period == "quarter" else "month"
        keys = ["Scenario", "Framework", "Status", "Current level", "Target level", "Target reached",
                "Target date", "Total cost", "Budget", "Budget left", "Total effort (person-days)",
                f"Effort limit per {unit} (person-days)", "Planning horizon", "Currency"]
        row = {k: r for r, k in enumerate(keys, start=2)}
        self.budget_cell = f"Summary!$B${row['Budget']}"
        values: dict[str, tuple[Any, str | None]] = {
            "Scenario": (sc.name, None),
            "Framework": (fw.name, None),
            "Status": (status_words(plan), None),
            "Current level": (f"{plan.current_level} ({fw.level_name(plan.current_level)})", None),
            "Target level": (f"{plan.target_level} ({fw.level_name(plan.target_level)})", None),
            "Target reached": (reached, None),
            "Target date": (period_end(sc, plan.target_period) if plan.target_period is not None
                            and plan.status != "infeasible" else "", "yyyy-mm-dd"),
            "Total cost": (total_cost, self.money),
            "Budget": (budget if budget is not None else "unlimited", self.money),
            "Budget left": (Formula(f"=B{row['Budget']}-B{row['Total cost']}")
                            if budget is not None else "", self.money),
            "Total effort (person-days)": (total_effort, EFFORT_FORMAT),
            keys[11]: (cap if cap is not None else "unlimited", EFFORT_FORMAT),
            "Planning horizon": (f"{sc.horizon} {unit}s from {sc.start.isoformat()}", None),
            "Currency": (sc.currency or "(none given)", None),
        }
        for key in keys:
            value, fmt = values[key]
            _put(ws, row[key], 1, key).font = _bold()
            cell = _put(ws, row[key], 2, value)
            cell.alignment = _wrap()
            if fmt and (isinstance(value, Formula) or not isinstance(value, str)):
                cell.number_format = fmt
        ws.column_dimensions["A"].width = 36
        ws.column_dimensions["B"].width = 80
        ws.freeze_panes = "A2"

    def roadmap(self) -> None:
        plan, sc = self.plan, self.sc
        ws = self.wb.create_sheet("Roadmap")
        labels = [p.label for p in plan.periods]
        _header(ws, ("Id", "Title", *labels))

        bar = PatternFill("solid", fgColor=_BAR_FILL)
        quick = PatternFill("solid", fgColor=_QUICK_FILL)
        order = sorted(plan.actions, key=lambda a: (a.start, a.id))
        for r, a in enumerate(order, start=2):
            _put(ws, r, 1, a.id)
            _put(ws, r, 2, a.title + (" (quick win)" if a.quick_win else ""))
            for t in range(a.start, a.end + 1):
                if t < len(labels):
                    ws.cell(r, 3 + t).fill = quick if a.quick_win else bar
        level_row = len(order) + 3
        _put(ws, level_row, 2, "Level at the end of the period").font = _bold()
        for p in plan.periods:
            _put(ws, level_row, 3 + p.index, p.level).font = _bold()
        mark = PatternFill("solid", fgColor=_MILESTONE_FILL)
        fw = sc.framework
        reached: dict[int, list[int]] = {}
        for m in plan.milestones:
            reached.setdefault(m.period, []).append(m.level)
        _put(ws, level_row + 1, 2, "Milestone").font = _bold()
        for period, levels in reached.items():
            cell = _put(ws, level_row + 1, 3 + period,
                        "; ".join(f"level {lv} ({fw.level_name(lv)}) reached" for lv in levels))
            cell.fill = mark
            cell.alignment = _wrap()
        ws.column_dimensions["A"].width = _width([a.id for a in order] + ["Id"], 12, 32)
        ws.column_dimensions["B"].width = _width([a.title for a in order], 20, 60)

        for t in range(len(labels)):
            ws.column_dimensions[get_column_letter(3 + t)].width = max(9, len(labels[t]) + 2)
        ws.freeze_panes = "C2"
        _landscape(ws)

    def actions(self) -> None:
        sc = self.sc
        ws = self.wb.create_sheet("Actions")
        _header(ws, ACTION_COLUMNS)
        for r, a in enumerate(self.plan.actions, start=2):
            for c, v in enumerate(_action_row(sc, a), start=1):
                _put(ws, r, c, v)
            ws.cell(r, 6).number_format = EFFORT_FORMAT
            ws.cell(r, 7).number_format = self.money
            for c in (2, 11):
                ws.cell(r, c).alignment = _wrap()
        if self.n_actions:
            total = self.n_actions + 2
            _put(ws, total, 1, "Total").font = _bold()
            for c, fmt in ((6, EFFORT_FORMAT), (7, self.money)):
                col = _col(c - 1)
                cell = _put(ws, total, c, Formula(f"=SUM({col}2:{col}{total - 1})"))
                cell.number_format = fmt
                cell.font = _bold()
            ws.auto_filter.ref = f"A1:{_col(len(ACTION_COLUMNS) - 1)}{total - 1}"
        _widths(ws, ACTION_COLUMNS, [_action_row(sc, a) for a in self.plan.actions],
                {"Title": 60, "Why": 70, "Role": 30})
        ws.freeze_panes = "B2"
        _landscape(ws)

    def periods(self) -> None:
        plan, sc = self.plan, self.sc
        ws = self.wb.create_sheet("Periods")
        _header(ws, PERIOD_COLUMNS)
        cap = sc.limits.effort_per_period
        budget = sc.limits.budget
        n = len(plan.periods)
        for r, p in enumerate(plan.periods, start=2):
            _put(ws, r, 1, p.label)
            _put(ws, r, 2, p.start).number_format = "yyyy-mm-dd"
            _put(ws, r, 3, period_end(sc, p.index)).number_format = "yyyy-mm-dd"
            _put(ws, r, 4, round(p.effort, 4)).number_format = EFFORT_FORMAT
            if cap is not None:
                _put(ws, r, 5, cap).number_format = EFFORT_FORMAT
                _put(ws, r, 6, Formula(f"=E{r}-D{r}")).number_format = EFFORT_FORMAT
            else:
                _put(ws, r, 5, "unlimited")
            _put(ws, r, 7, round(p.cost, 4)).number_format = self.money
            _put(ws, r, 8, Formula(f"=SUM(G$2:G{r})")).number_format = self.money
            if budget is not None:
                _put(ws, r, 9, Formula(f"={self.budget_cell}-H{r}")).number_format = self.money
            else:
                _put(ws, r, 9, "unlimited")
            _put(ws, r, 10, p.level)
        total = n + 2
        _put(ws, total, 1, "Total").font = _bold()
        for c, fmt in ((4, EFFORT_FORMAT), (7, self.money)):
            col = _col(c - 1)
            cell = _put(ws, total, c, Formula(f"=SUM({col}2:{col}{n + 1})"))
            cell.number_format = fmt
            cell.font = _bold()
        if cap is not None:
            cell = _put(ws, total, 5, Formula(f"=SUM(E2:E{n + 1})"))
            cell.number_format = EFFORT_FORMAT
            cell.font = _bold()
        if budget is not None:
            _put(ws, total + 1, 1, "Budget").font = _bold()
            cell = _put(ws, total + 1, 7, Formula(f"={self.budget_cell}"))
            cell.number_format = self.money
        for c, w in enumerate((12, 12, 12, 20, 12, 12, 16, 16, 16, 12), start=1):
            ws.column_dimensions[_col(c - 1)].width = w
        ws.freeze_panes = "B2"

    def status(self) -> None:
        """The "Status" sheet of a progress file: section, item, value, note; nothing otherwise."""
        rep = status_of(self.plan)
        if rep is None:
            return
        ws = self.wb.create_sheet(STATUS_SHEET)
        _header(ws, STATUS_COLUMNS)
        for r, row in enumerate(status_rows(self.plan, rep), start=2):
            for c, v in enumerate(row, start=1):
                cell = _put(ws, r, c, v)
                cell.alignment = _wrap()
            value = row[2]
            if row[0] == "Status date":
                ws.cell(r, 3).number_format = "yyyy-mm-dd"
            elif row[0] == "Money" and not isinstance(value, str):
                ws.cell(r, 3).number_format = self.money
        for c, w in enumerate((14, 30, 50, 70), start=1):
            ws.column_dimensions[_col(c - 1)].width = w
        ws.freeze_panes = "A2"

    def milestones(self) -> None:
        sc = self.sc
        ws = self.wb.create_sheet("Milestones")
        _header(ws, MILESTONE_COLUMNS)
        for r, c in enumerate(milestone_checks(self.plan), start=2):
            closers = (", ".join(c.actions) if c.actions else
                       "the milestones of " + ", ".join(c.kpas) if c.kpas else "earlier actions")
            values = [label(sc, c.period), period_end(sc, c.period), c.title, closers]
            values += ["\n".join(f"• {item}" for item in getattr(c.notes, key)) for key, _ in NOTE_TITLES]
            for col, v in enumerate(values, start=1):
                cell = _put(ws, r, col, v)
                cell.alignment = _wrap()
            ws.cell(r, 2).number_format = "yyyy-mm-dd"
        for c, w in enumerate((11, 12, 36, 30, 50, 50, 50, 50), start=1):
            ws.column_dimensions[_col(c - 1)].width = w
        ws.freeze_panes = "D2"
        _landscape(ws)

    def gap(self) -> None:
        plan, sc = self.plan, self.sc
        fw = sc.framework
        ws = self.wb.create_sheet("Gap")
        _header(ws, GAP_COLUMNS)
        report = gap_report(plan.assessment, sc.target_level, sc.actions)
        closer: dict[str, PlannedAction] = {}
        for pa in plan.actions:
            for g in pa.closes:
                if g not in closer or pa.end < closer[g].end:
                    closer[g] = pa
        r = 2
        rows = []
        for b in report.blocking:
            for g in b.goals:
                status = plan.assessment.goals[g]
                pa = closer.get(g)
                values = (g, b.kpa, b.level, fw.goal(g).text, status.status, status.because,
                          pa.id if pa else "not planned", label(sc, pa.end) if pa else "")
                rows.append(values)
                for c, v in enumerate(values, start=1):
                    _put(ws, r, c, v)
                for c in (4, 6):
                    ws.cell(r, c).alignment = _wrap()
                r += 1
        _widths(ws, GAP_COLUMNS, rows, {"What it asks": 60, "Why": 70})
        ws.freeze_panes = "B2"
        _landscape(ws)


# -- helpers ------------------------------------------------------------------------------------


def _action_row(sc: Any, a: PlannedAction) -> tuple[Any, ...]:
    return (a.id, a.title, a.role, label(sc, a.start), label(sc, a.end), a.effort, a.cost,
            ", ".join(a.goals), ", ".join(a.closes), "yes" if a.quick_win else "no", a.why)


class Formula(str):
    """A formula this module wrote; every other string is text."""


CELL_LIMIT = 32_767
"""Characters an Excel cell holds; a longer text makes Excel refuse the file."""


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    """A cell holding `value`: a Formula as a formula; any other string cleaned of what XML cannot
    hold and kept as text even when it starts with "=", which openpyxl would write as a formula."""
    cell = ws.cell(row, col)
    if isinstance(value, Formula):
        cell.value = str(value)
    elif isinstance(value, str):
        cell.value = shorten(clean(value), CELL_LIMIT)
        if cell.value.startswith("="):
            cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _header(ws: Any, names: Sequence[str]) -> None:

    fill = PatternFill("solid", fgColor=_HEADER_FILL)
    line = Border(bottom=Side(style="thin"))
    for c, name in enumerate(names, start=1):
        cell = _put(ws, 1, c, name)
        cell.font = _bold()
        cell.fill = fill
        cell.border = line
        cell.alignment = Alignment(vertical="top", wrap_text=True)


def _widths(ws: Any, names: Sequence[str], rows: Sequence[Sequence[Any]], caps: dict[str, int]) -> None:
    """Column widths from the content, within bounds, so that long text wraps instead of running
    off the screen."""
    for c, name in enumerate(names):
        values = [name] + [str(r[c]) for r in rows if c < len(r)]
        ws.column_dimensions[_col(c)].width = _width(values, 8, caps.get(name, 30))


def _width(values: Sequence[str], low: int, high: int) -> int:
    return max(low, min(high, max((len(v) for v in values), default=0) + 2))


def _col(index: int) -> str:

    return get_column_letter(index + 1)


def _bold() -> Any:

    return Font(bold=True)


def _wrap() -> Any:

    return Alignment(wrap_text=True, vertical="top")


def _landscape(ws: Any) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
