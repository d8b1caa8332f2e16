"""The consolidated ratings as a scenario file, so that `assess`, `gap`, `plan` and the TUI can take
the assessment's outcome from here on.

Only `[current.goals]` carries the ratings (with the reason as a comment beside each); a KPA every
answer found not applicable becomes `[current.kpas] X = "na"`. Planning settings are left to the
user: the file says so, and `extends` can add them from an existing scenario.
"""

from __future__ import annotations

import datetime as _dt

from planner.load.frameworks import framework_display
from planner.survey.consensus import Consolidation


def scenario_toml(m: Consolidation, name: str = "", framework_ref: str | None = None) -> str:
    fw = m.framework
    ref = framework_ref or framework_display(fw)
    dates = [s.date for s in m.sheets if s.date]
    when = max(dates).isoformat() if dates else _dt.date.today().isoformat()
    title = name or f"Self-assessment {when}"
    people = ", ".join(f"{s.participant} ({s.role})" if s.role else s.participant for s in m.sheets)
    lines = [
        "# Written by `csip survey merge`: the consolidated answers of an A2I self-assessment.",
        f"# Participants: {people}.",
        f"# Consolidated level: {m.assessment.current_level}. Points to discuss: "
        + (", ".join(dict.fromkeys(f.goal for f in m.discuss)) or "none") + ".",
        "# Add [limits] (budget, effort_per_period) before planning; the catalog is the framework's.",
        "",
        "[scenario]",
        f"name = {_q(title)}",
        f"description = {_q(f'Current state from the questionnaires of {len(m.sheets)} participants')}",
        f"framework = {_q(ref)}",
        f"target_level = {min(fw.max_level, max(m.target_level, m.assessment.current_level + 1))}",
        f"start = {_next_quarter(when)}",
        'period = "quarter"',
        "horizon = 12",
        "",
    ]
    na_kpas = [k for k in m.scope_kpas
               if all(g.rating == "na" for g in m.goals if g.kpa == k)]
    if na_kpas:
        lines += ["[current.kpas]", *[f'{k} = "na"' for k in na_kpas], ""]
    lines.append("[current.goals]")
    for g in m.goals:
        if g.kpa in na_kpas:
            continue
        lines.append(f'"{g.id}" = "{g.rating}"'.ljust(28) + f"# {g.because}")
    return "\n".join(lines) + "\n"


def _next_quarter(iso: str) -> str:
    """The first day of the quarter after the assessment (planning starts then)."""
    year, month = int(iso[:4]), int(iso[5:7])
    nxt = ((month - 1) // 3 + 1) * 3 + 1
    if nxt > 12:
        year, nxt = year + 1, 1
    return f"{year:04d}-{nxt:02d}-01"


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
