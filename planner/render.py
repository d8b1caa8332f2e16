"""Readable terminal output (rich) for the command line; the JSON lives in `planner.jsonout`."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from planner.gaps import GapReport
from planner.model import Assessment, Framework, Scenario

STATUS_STYLE = {
    "satisfied": ("✔", "green"),
    "na": ("–", "dim"),
    "partial": ("◐", "yellow"),
    "unsatisfied": ("✘", "red"),
}


def status_text(status: str) -> Text:
    mark, style = STATUS_STYLE.get(status, ("?", ""))
    return Text(f"{mark} {status}", style=style)


def money(x: float, currency: str = "") -> str:
    text = f"{x:,.0f}"
    return f"{currency} {text}".strip() if currency else text


def days(x: float) -> str:
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"


def heading(scenario: Scenario, assessment: Assessment) -> Text:
    fw = scenario.framework
    t = Text()
    t.append(scenario.name, style="bold")
    t.append(f"  ·  {fw.name}  ·  current level ")
    t.append(f"{assessment.current_level} ({fw.level_name(assessment.current_level)})", style="bold cyan")
    t.append("  ·  target ")
    t.append(f"{scenario.target_level} ({fw.level_name(scenario.target_level)})", style="bold")
    return t


def assessment_view(scenario: Scenario, assessment: Assessment) -> Group:
    fw = scenario.framework
    parts: list = [heading(scenario, assessment), Text(f"Why: {assessment.level_because}.", style="italic")]
    for level in fw.levels:
        kpas = fw.kpas_at(level.number)
        if not kpas:
            continue
        table = Table(title=f"Level {level.number}: {level.name}", title_justify="left",
                      show_lines=False, expand=True, pad_edge=False)
        table.add_column("KPA / goal", ratio=3, no_wrap=False)
        table.add_column("Status", width=14, no_wrap=True)
        table.add_column("Why", ratio=5)
        for k in kpas:
            ks = assessment.kpas[k.id]
            why = Text(ks.because)
            if ks.flagged:
                for gap in ks.prerequisite_gaps:
                    why.append(f"\n⚠ holds although {gap.because}", style="yellow")
            table.add_row(Text(f"{k.id} {k.name}", style="bold"), status_text(ks.status), why)
            for g in k.goals:
                gs = assessment.goals[g.id]
                table.add_row(Text(f"  {g.id} {g.text}"), status_text(gs.status), Text(gs.because, style="dim"))
        parts.append(table)
    return Group(*parts)


def gap_view(scenario: Scenario, assessment: Assessment, report: GapReport) -> Group:
    fw = scenario.framework
    parts: list = [heading(scenario, assessment)]
    if not report.blocking:
        parts.append(Text(f"Nothing stands between level {report.current_level} and level "
                          f"{report.target_level}: the target is already reached.", style="green"))
        return Group(*parts)
    parts.append(Text(f"{len(report.open_goals)} open goals in {len(report.blocking)} KPAs stand "
                      f"between level {report.current_level} and level {report.target_level}."))
    if report.strong:
        parts.append(Text("Strong points (already hold): " + ", ".join(
            f"{k} {fw.kpa(k).name}" for k in report.strong), style="green"))
    if report.next_level_blockers:
        parts.append(Text(f"Blocking level {report.current_level + 1}: " + ", ".join(
            f"{k} {fw.kpa(k).name}" for k in report.next_level_blockers), style="red"))
    table = Table(expand=True, pad_edge=False, show_lines=True)
    table.add_column("Lvl", width=3, justify="right")
    table.add_column("KPA", ratio=2)
    table.add_column("Open goal", ratio=3)
    table.add_column("Why open", ratio=3)
    table.add_column("Closed by", ratio=2)
    for b in report.blocking:
        closers = dict(b.closes_with)
        for i, gid in enumerate(b.goals):
            gs = assessment.goals[gid]
            table.add_row(
                str(b.level) if i == 0 else "",
                Text(f"{b.kpa} {b.name}", style="bold") if i == 0 else Text(""),
                Text.assemble(status_text(gs.status), f" {gid} {fw.goal(gid).text}"),
                Text(gs.because, style="dim"),
                Text(", ".join(closers.get(gid, ())) or "no action in the catalog",
                     style="" if closers.get(gid) else "red"),
            )
    parts.append(table)
    return Group(*parts)


def frameworks_view(frameworks: list[Framework]) -> Table:
    table = Table(title="Frameworks", title_justify="left", expand=False)
    for col in ("id", "name", "version", "levels", "KPAs", "goals", "actions"):
        table.add_column(col)
    for fw in frameworks:
        table.add_row(fw.id, fw.name, fw.version, str(len(fw.levels)), str(len(fw.kpas)),
                      str(len(fw.goal_ids)), str(len(fw.actions)))
    return table


def framework_view(fw: Framework) -> Group:
    parts: list = [Text(f"{fw.name} ({fw.id}), version {fw.version}", style="bold")]
    if fw.description:
        parts.append(Text(fw.description))
    for level in fw.levels:
        kpas = fw.kpas_at(level.number)
        table = Table(title=f"Level {level.number}: {level.name}", title_justify="left", expand=True,
                      show_lines=True, pad_edge=False)
        table.add_column("KPA", ratio=2)
        table.add_column("Purpose and goals", ratio=6)
        table.add_column("Requires", ratio=2)
        for k in kpas:
            body = Text(k.purpose + "\n")
            for g in k.goals:
                body.append(f"{g.id} ", style="bold")
                body.append(g.text)
                tags = [t for t in (g.ref, g.provenance) if t]
                if g.level != k.level:
                    tags.append(f"from level {g.level}")
                if tags:
                    body.append(f"  [{', '.join(tags)}]", style="dim")
                body.append("\n")
            reqs = Text("\n".join(f"{p.kpa}: {p.reason}" if p.reason else p.kpa for p in k.requires))
            table.add_row(Text(f"{k.id}\n{k.name}", style="bold"), body, reqs)
        if kpas:
            parts.append(table)
        else:
            parts.append(Text(f"Level {level.number}: {level.name} (no KPAs)", style="bold"))
    return Group(*parts)


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=False)
