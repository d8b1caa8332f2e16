"""Readable terminal output (rich) for the command line; the JSON lives in `planner.output.jsonshapes`."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from planner.assess.gaps import GapReport
from planner.assess.targets import profile_text, target_text
from planner.model import Assessment, Framework, Scenario
from planner.numbers import days, money
from planner.plan.quickwins import left_out_text
from planner.sanitize import clean

STATUS_STYLE = {
    "satisfied": ("✔", "green"),
    "na": ("–", "dim"),
    "partial": ("◐", "yellow"),
    "unsatisfied": ("✘", "red"),
}


def status_text(status: str) -> Text:
    mark, style = STATUS_STYLE.get(status, ("?", ""))
    return Text(f"{mark} {status}", style=style)


def heading(scenario: Scenario, assessment: Assessment) -> Text:
    fw = scenario.framework
    t = Text()
    t.append(clean(scenario.name), style="bold")
    t.append(f"  ·  {clean(fw.name)}  ·  current level ")
    t.append(f"{assessment.current_level} ({clean(fw.level_name(assessment.current_level))})",
             style="bold cyan")
    t.append("  ·  target ")
    if scenario.target_profile is not None:
        t.append(f"profile {clean(profile_text(scenario.target_profile))}", style="bold")
        return t
    t.append(f"{scenario.target_level} ({clean(fw.level_name(scenario.target_level))})", style="bold")
    return t


def assessment_view(scenario: Scenario, assessment: Assessment) -> Group:
    fw = scenario.framework
    parts: list = [heading(scenario, assessment),
                   Text(f"Why: {clean(assessment.level_because)}.", style="italic")]
    for level in fw.levels:
        kpas = fw.kpas_at(level.number)
        if not kpas:
            continue
        table = Table(title=f"Level {level.number}: {clean(level.name)}", title_justify="left",
                      show_lines=False, expand=True, pad_edge=False)
        table.add_column("KPA / goal", ratio=3, no_wrap=False)
        table.add_column("Status", width=14, no_wrap=True)
        table.add_column("Why", ratio=5)
        for k in kpas:
            ks = assessment.kpas[k.id]
            why = Text(clean(ks.because))
            if ks.flagged:
                for gap in ks.prerequisite_gaps:
                    why.append(f"\n⚠ holds although {clean(gap.because)}", style="yellow")
            table.add_row(Text(clean(f"{k.id} {k.name}"), style="bold"), status_text(ks.status), why)
            for g in k.goals:
                gs = assessment.goals[g.id]
                table.add_row(Text(clean(f"  {g.id} {g.text}")), status_text(gs.status),
                              Text(clean(gs.because), style="dim"))
        parts.append(table)
    return Group(*parts)


def gap_view(scenario: Scenario, assessment: Assessment, report: GapReport) -> Group:
    fw = scenario.framework
    parts: list = [heading(scenario, assessment)]
    goal = f"level {report.target_level}" if scenario.target_profile is None else clean(target_text(scenario))
    if not report.blocking:
        parts.append(Text(f"Nothing stands between level {report.current_level} and "
                          f"{goal}: the target is already reached.", style="green"))
        return Group(*parts)
    parts.append(Text(f"{len(report.open_goals)} open goals in {len(report.blocking)} KPAs stand "
                      f"between level {report.current_level} and {goal}."))
    if report.strong:
        parts.append(Text("Strong points (already hold): " + ", ".join(
            clean(f"{k} {fw.kpa(k).name}") for k in report.strong), style="green"))
    if report.next_level_blockers:
        parts.append(Text(f"Blocking level {report.current_level + 1}: " + ", ".join(
            clean(f"{k} {fw.kpa(k).name}") for k in report.next_level_blockers), style="red"))
    table = Table(expand=True, pad_edge=False, show_lines=True)
    table.add_column("Lvl", width=3, justify="right")
    table.add_column("KPA", ratio=1)
    table.add_column("Open goals: why open, and what closes them", ratio=4)
    for b in report.blocking:
        closers = dict(b.closes_with)
        body = Text()
        for i, gid in enumerate(b.goals):
            gs = assessment.goals[gid]
            if i:
                body.append("\n")
            body.append_text(status_text(gs.status))
            body.append(f" {clean(gid)} ", style="bold")
            body.append(clean(fw.goal(gid).text))
            body.append(f"\n    why: {clean(gs.because)}", style="dim")
            names = closers.get(gid, ())
            body.append("\n    closed by: ", style="dim")
            body.append(", ".join(map(clean, names)) if names else "no action in the catalog",
                        style="cyan" if names else "red")
        table.add_row(str(b.level), Text.assemble((clean(b.kpa), "bold"), f"\n{clean(b.name)}\n",
                                                   status_text(b.status)), body)
    parts.append(table)
    return Group(*parts)


def frameworks_view(frameworks: list[Framework]) -> Table:
    table = Table(title="Frameworks", title_justify="left", expand=False)
    for col in ("id", "name", "version", "levels", "KPAs", "goals", "actions"):
        table.add_column(col)
    for fw in frameworks:
        table.add_row(clean(fw.id), clean(fw.name), clean(fw.version), str(len(fw.levels)), str(len(fw.kpas)),
                      str(len(fw.goal_ids)), str(len(fw.actions)))
    return table


def framework_view(fw: Framework) -> Group:
    parts: list = [Text(clean(f"{fw.name} ({fw.id}), version {fw.version}"), style="bold")]
    if fw.description:
        parts.append(Text(clean(fw.description, keep_newlines=True)))
    for level in fw.levels:
        kpas = fw.kpas_at(level.number)
        table = Table(title=f"Level {level.number}: {clean(level.name)}", title_justify="left", expand=True,
                      show_lines=True, pad_edge=False)
        table.add_column("KPA", ratio=2)
        table.add_column("Purpose and goals", ratio=6)
        table.add_column("Requires", ratio=2)
        for k in kpas:
            body = Text(clean(k.purpose) + "\n")
            for g in k.goals:
                body.append(f"{clean(g.id)} ", style="bold")
                body.append(clean(g.text))
                tags = [t for t in (g.ref, g.provenance) if t]
                if g.level != k.level:
                    tags.append(f"from level {g.level}")
                if tags:
                    body.append(f"  [{clean(', '.join(tags))}]", style="dim")
                body.append("\n")
            reqs = Text("\n".join(clean(f"{p.kpa}: {p.reason}" if p.reason else p.kpa) for p in k.requires))
            table.add_row(Text(f"{clean(k.id)}\n{clean(k.name)}", style="bold"), body, reqs)
        if kpas:
            parts.append(table)
        else:
            parts.append(Text(f"Level {level.number}: {clean(level.name)} (no KPAs)", style="bold"))
    return Group(*parts)


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _bar(value: float, limit: float | None, width: int = 10) -> Text:
    if limit is None or limit <= 0:
        return Text(days(value))
    filled = min(width, round(width * value / limit))
    style = "red" if value > limit + 1e-6 else ("yellow" if value > 0.9 * limit else "green")
    return Text.assemble(("█" * filled, style), ("·" * (width - filled), "dim"), f" {days(value)}")


def plan_summary(plan) -> Text:
    sc = plan.scenario
    cur = sc.currency
    t = Text()
    if plan.status == "infeasible":
        t.append("No plan: ", style="bold red")
        t.append(clean(plan.diagnosis.reason) if plan.diagnosis else "infeasible")
        return t
    if plan.nothing_to_do:
        t.append(f"Nothing to do: level {plan.current_level} already meets the target "
                 f"{plan.target_level}." if sc.target_profile is None else
                 f"Nothing to do: {clean(target_text(sc))} already holds.", style="green")
        return t
    style = "bold green" if plan.status == "optimal" else "bold yellow"
    t.append(f"Plan {plan.status}: ", style=style)
    label = plan.periods[plan.target_period].label
    t.append(clean(f"{target_text(sc)} at the end of {label}"), style="bold")
    budget = f" of {money(sc.limits.budget, cur)}" if sc.limits.budget is not None else ""
    t.append(clean(f" · cost {money(plan.total_cost, cur)}{budget} · {days(plan.total_effort)} person-days"))
    if plan.status == "feasible":
        words = plan.gap_words()
        if words:
            t.append(f"\nStopped by the time limit: {clean(words)}.", style="yellow")
    return t


def plan_view(plan) -> Group:
    sc = plan.scenario
    fw = sc.framework
    cur = sc.currency
    parts: list = [heading(sc, plan.assessment), plan_summary(plan)]
    if plan.status == "infeasible":
        d = plan.diagnosis
        if d is not None:
            for m in d.messages:
                parts.append(Text(f"• {clean(m)}"))
            if d.least_budget is not None:
                approx = "" if d.least_budget_proven else "at most "
                parts.append(Text(f"Least budget that reaches the target within the horizon: "
                                  f"{approx}{clean(money(d.least_budget, cur))}", style="bold"))
            if d.least_horizon is not None:
                approx = "" if d.least_horizon_proven else "at most "
                parts.append(Text(f"Least horizon within the budget and effort limits: "
                                  f"{approx}{d.least_horizon} periods", style="bold"))
        return Group(*parts)
    if plan.nothing_to_do:
        return Group(*parts)
    if plan.greedy_period is not None:
        parts.append(Text(f"Solved in {plan.seconds:.2f} s ({plan.solver}); a greedy plan would reach "
                          f"it in period {plan.greedy_period} for "
                          f"{clean(money(plan.greedy_cost or 0, cur))}.",
                          style="dim"))
    last = max([a.end for a in plan.actions] + [plan.target_period or 0])
    table = Table(title="Roadmap", title_justify="left", expand=True, pad_edge=False)
    table.add_column("Period", no_wrap=True)
    table.add_column("Starts", ratio=4)
    cap = sc.limits.effort_per_period
    table.add_column(f"Load / {days(cap)}" if cap is not None else "Load", no_wrap=True)
    table.add_column("Spend", justify="right", no_wrap=True)
    table.add_column("Level", justify="center", no_wrap=True)
    for p in plan.periods[: last + 1]:
        starting = Text()
        for a in plan.actions:
            if a.start == p.index:
                if starting:
                    starting.append(", ")
                starting.append(clean(a.id), style="bold" if a.quick_win else "")
                if a.quick_win:
                    starting.append("★", style="yellow")
        reached = any(m.period == p.index for m in plan.milestones)
        level = Text(str(p.level), style="bold green" if reached else "")
        table.add_row(p.label, starting, _bar(p.effort, cap), money(p.cost), level)
    parts.append(table)
    if plan.milestones:
        parts.append(Text("Milestones: " + "; ".join(
            f"level {m.level} ({clean(fw.level_name(m.level))}) at the end of {plan.periods[m.period].label}"
            for m in plan.milestones), style="bold"))
    acts = Table(title="Actions", title_justify="left", expand=True, pad_edge=False, show_lines=False)
    acts.add_column("Action", ratio=3)
    acts.add_column("When", no_wrap=True)
    acts.add_column("Effort", justify="right", no_wrap=True)
    acts.add_column("Cost", justify="right", no_wrap=True)
    acts.add_column("Why", ratio=4)
    for a in plan.actions:
        when = plan.periods[a.start].label if a.start == a.end else \
            f"{plan.periods[a.start].label}–{plan.periods[a.end].label}"
        name = Text(clean(a.id) + ("★" if a.quick_win else ""), style="bold")
        name.append(f"\n{clean(a.title)}", style="")
        if a.role:
            name.append(f"\n{clean(a.role)}", style="dim")
        why = Text(clean(a.why))
        if a.milestone:
            why.append(f"\n→ {clean(a.milestone)}", style="green")
        acts.add_row(name, when, days(a.effort), money(a.cost), why)
    parts.append(acts)
    if any(a.quick_win for a in plan.actions):
        parts.append(Text("★ quick win: small, needed, waits on nothing, does not delay the target",
                          style="yellow"))
    return Group(*parts)


def left_out_view(plan) -> Table:
    table = Table(title="Catalog actions left out", title_justify="left", expand=True, pad_edge=False)
    table.add_column("Action", no_wrap=True)
    table.add_column("Why not", ratio=1)
    for aid, why in plan.left_out:
        table.add_row(clean(aid), Text(clean(why), style="dim"))
    return table


def quickwins_view(plan, wins) -> Group:
    sc = plan.scenario
    parts: list = [heading(sc, plan.assessment)]

    not_wins = left_out_text(plan)
    note = Text(clean(not_wins, keep_newlines=True), style="yellow") if not_wins else None
    if not wins:
        parts.append(Text("No quick wins: no small action closes a needed goal without waiting on "
                          "something or delaying the target.", style="yellow"))
        if note:
            parts.append(note)
        return Group(*parts)
    table = Table(title=f"Quick wins (at most {days(sc.quick_wins.max_effort)} person-days and "
                  f"{clean(money(sc.quick_wins.max_cost, sc.currency))})", title_justify="left", expand=True,
                  pad_edge=False, show_lines=True)
    table.add_column("#", justify="right", width=2)
    table.add_column("Action", ratio=3)
    table.add_column("Effort", justify="right", no_wrap=True)
    table.add_column("Cost", justify="right", no_wrap=True)
    table.add_column("Closes", no_wrap=True)
    table.add_column("Why", ratio=4)
    for i, q in enumerate(wins, 1):
        name = Text(clean(q.id), style="bold")
        name.append(f"\n{clean(q.title)}")
        table.add_row(str(i), name, days(q.effort), money(q.cost), clean(", ".join(q.goals)),
                      Text(clean(q.reason), style="dim"))
    parts.append(table)
    if note:
        parts.append(note)
    return Group(*parts)
