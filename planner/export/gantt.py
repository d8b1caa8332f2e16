"""The roadmap as a Mermaid Gantt chart, which GitHub and GitLab draw inside Markdown.

Mermaid's Gantt grammar is line based and picky: a colon separates a task's name from its data, a
line that starts with a keyword ("Call the supplier", "Section 508 review", "%...") is read as that
statement and the task silently vanishes, and ids must be plain words. Names are cleaned
accordingly, and every task gets explicit dates (start of its first period, start of the period
after its last, since an explicit end date is exclusive), so the chart never depends on Mermaid's
date arithmetic. Control characters are shown as escapes and backticks become quotes, since a run of
backticks in a name would close the Markdown fence around the chart.
"""

from __future__ import annotations

import re

from planner.periods import period_start
from planner.plan.csip import period_end
from planner.plan.results import Plan, PlannedAction
from planner.sanitize import clean


def gantt(plan: Plan) -> list[str]:
    """The lines of a ```mermaid block (without the fences); empty when nothing is planned."""
    sc = plan.scenario
    fw = sc.framework
    if not plan.actions:
        return []
    lines = [
        "gantt",
        f"    title {_name(f'{sc.name}: roadmap to level {sc.target_level}')}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %b %Y",
        "    todayMarker off",
    ]
    by_level: dict[int, list[PlannedAction]] = {}
    for a in plan.actions:
        by_level.setdefault(_level_of(plan, a), []).append(a)
    for level in sorted(by_level):
        lines.append(f"    section {_name(f'Level {level} {fw.level_name(level)}')}")
        for a in sorted(by_level[level], key=lambda a: (a.start, a.id)):
            start = period_start(sc.start, sc.period, a.start)
            end = period_start(sc.start, sc.period, a.end + 1)
            tag = "active, " if a.quick_win else ""
            lines.append(f"    {_name(a.title)} :{tag}{_ident('t', a.id)}, {start.isoformat()}, "
                         f"{end.isoformat()}")
    if plan.milestones:
        lines.append("    section Milestones")
        for m in plan.milestones:
            day = period_end(sc, m.period).isoformat()
            lines.append(f"    Level {m.level} reached :milestone, {_ident('m', str(m.level))}, {day}, 0d")
    return lines


def _level_of(plan: Plan, a: PlannedAction) -> int:
    """The level an action works towards: the highest level among the goals it closes (or, for an
    enabling action that closes nothing itself, among the goals it names)."""
    fw = plan.scenario.framework
    goals = [g for g in (a.closes or a.goals) if fw.has_goal(g)]
    return max((fw.goal_level(g) for g in goals), default=plan.scenario.target_level)


# what Mermaid's Gantt lexer tries before it reads a task name (mermaid 10 and 11)
_KEYWORD = re.compile(
    r"(?i)(%|acc|href\b|call\s|click\s|gantt\b|dateformat\s|inclusiveenddates\b|topaxis\b|axisformat\s|"
    r"tickinterval\s|includes\s|excludes\s|todaymarker\s|weekday\s|weekend\s|title\s|section\s|"
    r"\d{4}-\d\d-\d\d)")


def _name(s: str) -> str:
    s = clean(" ".join(s.split())).replace(":", " -").replace("`", "'").strip() or "untitled"
    return "· " + s if _KEYWORD.match(s) else s


def _ident(prefix: str, s: str) -> str:
    return prefix + "_" + re.sub(r"[^A-Za-z0-9_]", "_", s)
