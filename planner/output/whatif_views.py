"""The what-if tables for the terminal: scenarios compared side by side, and sweeps with their
frontier and knee. The numbers come from `planner.whatif`; this module only shows them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from planner.numbers import days, money
from planner.sanitize import clean
from planner.whatif.compare import Compared
from planner.whatif.sweep import Knee, Sweep, SweepPoint, axis_value

# -- compare ----------------------------------------------------------------------------------


def compare_view(rows: Sequence[Compared]):
    """One table, a row per scenario (numbered, so the notes below can refer to them): status,
    levels and the period each is reached, cost and effort, and how its actions differ from the
    baseline's (the row marked, named below the table with how it was chosen).
    What sets a scenario apart (framework, budget, capacity, staging) is under its name."""
    lo = min(c.plan["current_level"] for c in rows) + 1
    hi = max(c.plan["target_level"] for c in rows)

    table = Table(title="Scenarios compared (◎ the target level; each level is reached at the end of the "
                  "period shown)", title_justify="left", pad_edge=False, box=box.SIMPLE_HEAD,
                  collapse_padding=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Scenario", ratio=1, min_width=10)
    table.add_column("Status", no_wrap=True)
    table.add_column("Now", justify="center", no_wrap=True)
    for lv in range(lo, hi + 1):
        table.add_column(f"L{lv} by", no_wrap=True)
    currencies = {c.currency for c in rows}
    cur = clean(currencies.pop()) if len(currencies) == 1 else ""
    table.add_column(f"Cost {cur}".strip(), justify="right", no_wrap=True)
    table.add_column("Effort", justify="right", no_wrap=True)
    b = next((i for i, c in enumerate(rows) if c.baseline), 0)
    first = rows[b]
    table.add_column(f"vs #{b + 1}", no_wrap=True)
    styles = {"optimal": "green", "feasible": "yellow", "infeasible": "bold red"}
    words = {"infeasible": "no plan"}
    for i, c in enumerate(rows, 1):
        p = c.plan
        name = Text(clean(c.name), style="bold")
        status = Text(words.get(p["status"], p["status"]), style=styles.get(p["status"], ""))
        levels = []
        for lv in range(lo, hi + 1):
            cell = Text(_level_cell(c, lv))
            if lv == p["target_level"]:
                cell.append(" ◎")
                cell.stylize("bold")
            levels.append(cell)
        effort = days(p["total_effort"]) if p["status"] != "infeasible" else "—"
        table.add_row(str(i), name, status, str(p["current_level"]), *levels,
                      _cost_cell(c), effort,
                      "—" if i == b + 1 or p["status"] == "infeasible" else _diff_cell(c, first))
    parts: list = [table, Text("Settings", style="bold underline")]
    for i, c in enumerate(rows, 1):
        parts.append(Text.assemble((f"#{i} {clean(c.name)}", "bold"),
                                   (clean(f" ({Path(c.file).name}): {_setting(c)}"), "dim")))
    parts += [Text(""), Text.assemble(("Baseline: ", "bold"), (f"#{b + 1} {clean(first.name)}", "bold"),
                                      (f" ({_CHOSEN.get(first.chosen, first.chosen)})", "dim"))]
    notes = [n for i, c in enumerate(rows, 1)
             if i != b + 1 and (n := _diff_note(i, c, first, b + 1)) is not None]
    if notes:
        parts += [Text(""), Text(f"Actions that differ from #{b + 1}", style="bold underline"), *notes]
    if any(c.plan["status"] == "infeasible" and c.plan.get("diagnosis", {}).get("least_budget") is not None
           for c in rows):
        parts.append(Text("≥ for a scenario with no plan: the least budget that would reach its target.",
                          style="dim"))
    for i, c in enumerate(rows, 1):
        if c.plan["status"] == "feasible":
            parts.append(Text(f"#{i}: the solver's time limit stopped the proof; the plan is feasible but "
                              "may not be the earliest or cheapest (raise --time-limit).", style="yellow"))
    return Group(*parts)


def _setting(c: Compared) -> str:
    lim = c.limits
    bits = [c.plan["framework"]]
    bits.append("budget " + (money(lim["budget"], c.currency) if lim["budget"] is not None else "unlimited"))
    cap = lim["effort_per_period"]
    bits.append(f"{days(cap)} person-days/period" if cap is not None else "unlimited capacity")
    if lim["strict_staging"]:
        bits.append("strict staging")
    return " · ".join(bits)


_CHOSEN = {
    "--baseline": "chosen with --baseline",
    "first with a plan": "the first scenario with a plan; choose another with --baseline FILE",
    "first": "no scenario has a plan; choose another with --baseline FILE",
}


def _diff_note(i: int, c: Compared, first: Compared, b: int):
    if (not c.added and not c.removed) or c.plan["status"] == "infeasible":
        return None
    t = Text()
    t.append(f"#{i} {clean(c.name)}", style="bold")
    if c.plan["framework"] != first.plan["framework"]:
        t.append(f": another framework ({clean(c.plan['framework'])}), so its actions are not comparable "
                 f"with #{b}'s",
                 style="dim")
        return t
    t.append(":")
    if c.added:
        t.append("\n  + " + _ids(c.added), style="green")
    if c.removed:
        t.append("\n  − " + _ids(c.removed), style="red")
    return t


def _level_cell(c: Compared, level: int) -> str:
    if level <= c.plan["current_level"]:
        return "holds"
    if level in c.levels:
        return c.label(c.levels[level])
    if c.plan["status"] == "infeasible" and level <= c.plan["target_level"]:
        return "✘"
    return "—"


def _cost_cell(c: Compared) -> str:
    if c.plan["status"] == "infeasible":
        least = (c.plan.get("diagnosis") or {}).get("least_budget")
        return f"≥{money(least)}" if least is not None else "—"
    return money(c.plan["total_cost"])  # the currency is in the column header


def _diff_cell(c: Compared, first: Compared) -> str:
    if c.plan["framework"] != first.plan["framework"]:
        return "n/a"
    if not c.added and not c.removed:
        moved = _moved(c, first)
        return f"{moved} moved" if moved else "same"
    return f"+{len(c.added)} −{len(c.removed)}"


def _moved(c: Compared, first: Compared) -> int:
    """Actions both plans have but start in different periods (by calendar, so plans with
    different start dates compare fairly)."""
    def starts(x: Compared) -> dict[str, str]:
        return {a["id"]: x.plan["periods"][a["start"]]["start"] for a in x.plan["actions"]}

    mine, theirs = starts(c), starts(first)
    return sum(1 for aid, when in mine.items() if aid in theirs and theirs[aid] != when)


def _ids(ids: Sequence[str], limit: int = 12) -> str:
    shown = ", ".join(clean(i) for i in ids[:limit])
    return shown + (f" … and {len(ids) - limit} more" if len(ids) > limit else "")


# -- sweep --------------------------------------------------------------------------------------


def sweep_view(s: Sweep):
    parts: list = [Text(f"Sweep of {clean(s.scenario)}", style="bold")]
    if len(s.swept) == 2:
        parts.append(_grid(s))
    else:
        axis = s.swept[0]
        parts.append(_frontier(s, axis, s.lines(axis)[0]))
    if len(s.swept) == 2:
        parts += _knee_summary(s)
    else:
        parts += [_knee_text(s, k) for k in s.knees]
    for r in s.regressions:
        parts.append(Text("⚠ " + clean(r.message(s.currency)), style="bold yellow"))
    if s.all_infeasible:
        parts.append(Text("No point of the range reaches the target.", style="bold red"))
    return Group(*parts)


def _frontier(s: Sweep, axis: str, line: list[SweepPoint]):
    """The table with a bar chart: one bar per value, as long as the wait for the target."""
    other = "effort_per_period" if axis == "budget" else "budget"
    fixed = line[0].value(other)
    title = ("Earliest target period by budget" if axis == "budget" else
             "Earliest target period by capacity (person-days per period)")
    other_name = "capacity" if other == "effort_per_period" else "budget"
    title = clean(title + f"; {other_name} {axis_value(other, fixed, s.currency)}")
    table = Table(title=title, title_justify="left", pad_edge=False)
    table.add_column("Budget" if axis == "budget" else "Capacity", justify="right", no_wrap=True)
    table.add_column("Target", no_wrap=True)
    table.add_column("Cost", justify="right", no_wrap=True)
    table.add_column("Periods to target", no_wrap=True)
    table.add_column("", ratio=1)
    longest = max([p.target_period + 1 for p in line if p.feasible and p.target_period is not None],
                  default=1)
    scale = max(1.0, longest / 24)
    knee_points = {id(k.point) for k in s.knees if k.axis == axis}
    late = {id(r.larger): r for r in s.regressions if r.axis == axis}
    for p in line:
        value = clean(axis_value(axis, p.value(axis), s.currency).replace(" person-days", ""))
        bar, note = Text(), Text()
        if not p.feasible:
            target, cost = Text("no plan", style="red"), "—"
            bar.append("✘", style="red")
            if p.least_budget is not None:
                note.append(clean(f"a budget of {money(p.least_budget, s.currency)} would do"), style="dim")
        elif p.target_period is None:
            target, cost = Text("holds"), clean(money(0, s.currency))
        else:
            target = Text(f"{p.target_label} ({p.target_period})")
            cost = clean(money(p.total_cost, s.currency))
            width = max(1, round((p.target_period + 1) / scale))
            style = "green" if id(p) in knee_points else ("yellow" if p.status == "feasible" else "cyan")
            bar.append("█" * width, style=style)
            bar.append(f" {p.target_period + 1}")
        if id(p) in knee_points:
            still = any(k.still_improving for k in s.knees if k.point is p)
            note.append("◀ earliest in this range" if still else "◀ more buys no time from here",
                        style="bold green")
        if id(p) in late:
            note.append(("⚠ later than a smaller value" if late[id(p)].kind == "period"
                         else "⚠ dearer than a smaller value"), style="bold yellow")
        if p.status == "feasible":
            note.append((" " if note else "") + "(time limit)", style="yellow")
        table.add_row(value, target, cost, bar, note)
    return table


def _grid(s: Sweep):
    """Both axes: target period (and cost) for every budget and capacity."""
    cur = f", {clean(s.currency)}" if s.currency else ""
    table = Table(title=f"Target period (and cost{cur}): capacity in rows, budget in columns",
                  title_justify="left", pad_edge=False, box=box.SIMPLE_HEAD, collapse_padding=True)
    table.add_column("Capacity", justify="right", no_wrap=True)
    for b in s.budgets:
        table.add_column(money(b) if b is not None else "unlimited", justify="right", no_wrap=True)
    knee_b = {id(k.point) for k in s.knees if k.axis == "budget" and not k.still_improving}
    knee_c = {id(k.point) for k in s.knees if k.axis == "effort_per_period" and not k.still_improving}
    late = {id(r.larger) for r in s.regressions}
    for ci, c in enumerate(s.capacities):
        cells = []
        for bi in range(len(s.budgets)):
            p = s.point(bi, ci)
            if not p.feasible:
                cells.append(Text("✘", style="red"))
                continue
            t = Text("holds" if p.target_period is None else p.target_label,
                     style="bold green" if id(p) in knee_b | knee_c else "")
            t.append(("◀" if id(p) in knee_b else "") + ("▲" if id(p) in knee_c else ""), style="bold green")
            if id(p) in late:
                t.append("⚠", style="bold yellow")
            if p.status == "feasible":
                t.append("*", style="yellow")
            t.append(f"\n{money(p.total_cost)}", style="dim")
            cells.append(t)
        table.add_row(days(c) if c is not None else "unlimited", *cells)
    legend = ("◀ more budget buys no time from here (in its row); ▲ more capacity buys no time from "
              "here (in its column); ✘ no plan")
    if any(p.status == "feasible" for p in s.points):
        legend += "; * stopped by the time limit"
    if late:
        legend += "; ⚠ worse than a smaller value"
    return Group(table, Text(legend, style="dim"))


def _knee_text(s: Sweep, k: Knee):
    what, more, verb, stop = (("budget", "money", "buys", "stops") if k.axis == "budget"
                              else ("capacity", "people", "buy", "stop"))
    other = "effort_per_period" if k.axis == "budget" else "budget"
    at = clean(axis_value(k.axis, k.point.value(k.axis), s.currency))
    ctx = ""
    if len(s.swept) == 2:
        ctx = f" (with {'capacity' if other == 'effort_per_period' else 'budget'} " \
              f"{clean(axis_value(other, k.point.value(other), s.currency))})"
    when = "the target already holds" if k.point.target_period is None else \
        f"the target is reached in {k.point.target_label}"
    if k.still_improving:
        return Text(f"At the top of the range{ctx}, {at} still buys time: {when}. "
                    f"Try a wider range to find where more {more} {stop} helping.",
                    style="yellow")
    if k.at_bottom:
        return Text(f"Across the whole range{ctx} {when}: more {more} than {at} {verb} no time.",
                    style="green")
    return Text(f"From a {what} of {at}{ctx}, {when}; more {more} {verb} no time, only cost.",
                style="green")


def _knee_summary(s: Sweep) -> list:
    """For a grid, one line per axis instead of one sentence per row and column."""

    out = []
    for axis, what, other in (("budget", "More budget stops buying time", "effort_per_period"),
                              ("effort_per_period", "More capacity stops buying time", "budget")):
        knees = [k for k in s.knees if k.axis == axis]
        if not knees:
            continue
        bits = []
        for k in knees:
            at = "still improving at the top" if k.still_improving else \
                axis_value(axis, k.point.value(axis), s.currency).replace(" person-days", "")
            bits.append(f"{at} with {'capacity' if other == 'effort_per_period' else 'budget'} "
                        f"{axis_value(other, k.point.value(other), s.currency)}")
        out.append(Text(clean(f"{what}: " + "; ".join(bits) + "."), style="green"))
    return out
