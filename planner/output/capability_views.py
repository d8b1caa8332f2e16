"""Terminal views of the continuous representation: a capability profile beside the staged level,
and the gap against a target profile."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Group
from rich.table import Table
from rich.text import Text

from planner.model import Assessment, Scenario
from planner.practices import AreaCapability

_LEVEL_NAMES = {0: "incomplete", 1: "performed", 2: "managed", 3: "defined"}


def capability_table(scenario: Scenario, areas: tuple[AreaCapability, ...],
                     target: Mapping[str, int] | None = None, title: str = "Capability profile") -> Table:
    """One row per area: its capability level, and with a target its target and gap."""
    fw = scenario.framework
    table = Table(title=title, title_justify="left", expand=True)
    table.add_column("Area", no_wrap=True)
    table.add_column("Name", ratio=1)
    table.add_column("Capability", justify="center", no_wrap=True)
    if target is not None:
        table.add_column("Target", justify="center", no_wrap=True)
        table.add_column("Gap", justify="center", no_wrap=True)
    table.add_column("Why", ratio=3)
    for a in areas:
        if target is not None and a.kpa not in target:
            continue
        level = Text(f"{a.level} {_LEVEL_NAMES[a.level]}" if target is None else str(a.level),
                     style="green" if a.level == 3 else "yellow" if a.level else "red")
        row: list = [a.kpa, fw.kpa(a.kpa).name, level]
        if target is not None:
            gap = max(0, target[a.kpa] - a.level)
            row += [str(target[a.kpa]), Text(str(gap) if gap else "-", style="red" if gap else "green")]
        table.add_row(*row, a.because)
    return table


def continuous_view(scenario: Scenario, assessment: Assessment, areas: tuple[AreaCapability, ...],
                    heading: Text) -> Group:
    """`csip assess --representation continuous`: the staged level, then the profile."""
    fw = scenario.framework
    staged = Text(f"Staged: maturity level {assessment.current_level} "
                  f"({fw.level_name(assessment.current_level)}). Continuous: each process area's "
                  "capability level (0 incomplete, 1 performed: specific goals hold, 2 managed: and GG 2, "
                  "3 defined: and GG 3).", style="italic")
    parts: list = [heading, staged, capability_table(scenario, areas)]
    skipped = [k.id for k in fw.kpas if assessment.kpas[k.id].status == "na"]
    if skipped:
        parts.append(Text("Not applicable, so without a capability level: " + ", ".join(skipped) + ".",
                          style="dim"))
    return Group(*parts)


def profile_gap_view(scenario: Scenario, areas: tuple[AreaCapability, ...]) -> Table:
    """The gap against the scenario's target profile (gap report and plan views)."""
    return capability_table(scenario, areas, scenario.target_profile,
                            title="Target capability profile")
