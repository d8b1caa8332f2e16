"""The CSIP content of a plan, apart from any file format.

ITIL's improvement programme asks six questions (vision; where are we now; where do we want to be;
how do we get there; how do we check milestones have been reached; how do we keep the momentum
going). The plan answers the middle ones; this module supplies the rest from the scenario, with
defaults where the scenario is silent, so that the Markdown export and the TUI's milestone view
tell the same story.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.model import MilestoneNotes, Scenario
from planner.periods import period_label, period_start
from planner.plan.results import Plan


@dataclass(frozen=True, slots=True)
class MilestoneCheck:
    """One milestone and how the steering group will know it has been reached."""

    key: str
    """"L<n>" for a maturity level, the KPA id otherwise (the keys of `[csip.milestones]`)."""
    title: str
    period: int
    notes: MilestoneNotes
    from_scenario: tuple[str, ...] = ()
    """Which of the four lists the scenario gave; the rest are defaults."""
    actions: tuple[str, ...] = ()
    """For a KPA: the planned actions that close its open goals."""
    kpas: tuple[str, ...] = ()
    """For a level: the KPAs whose milestones complete it (those reached in the same period)."""


@dataclass(frozen=True, slots=True)
class ReassessPoint:
    period: int
    reasons: tuple[str, ...]


NOTE_FIELDS = ("deliverables", "csfs", "kpis", "evidence")


def vision(scenario: Scenario) -> str:
    if scenario.vision.strip():
        return " ".join(scenario.vision.split())
    fw = scenario.framework
    return (f"IT services are agreed with the business and delivered to those agreements by "
            f"processes that do not depend on individual heroes. The organisation reaches level "
            f"{scenario.target_level} ({fw.level_name(scenario.target_level)}) of the {fw.name} and "
            f"uses what it measures to keep improving.")


def period_end(scenario: Scenario, index: int) -> dt.date:
    """The last day of a period: where a tracker puts the due date."""
    return period_start(scenario.start, scenario.period, index + 1) - dt.timedelta(days=1)


def label(scenario: Scenario, index: int) -> str:
    return period_label(scenario.start, scenario.period, index)


def review_cadence(scenario: Scenario) -> str:
    if scenario.csip.review_cadence.strip():
        return " ".join(scenario.csip.review_cadence.split())
    unit = "quarter" if scenario.period == "quarter" else "month"
    return (f"The CSIP steering group meets monthly to review progress against this plan, and the "
            f"plan is re-solved at the end of every {unit} with what was actually finished.")


def reassess_every(scenario: Scenario) -> int:
    """Periods between scheduled re-assessments: the scenario's, or once a year."""
    if scenario.csip.reassess_every > 0:
        return scenario.csip.reassess_every
    return 4 if scenario.period == "quarter" else 12


def reassessment_points(plan: Plan) -> tuple[ReassessPoint, ...]:
    """A scheduled re-assessment every few periods up to the end of the planned work, one after
    each level milestone (to confirm the level really holds), and one at the end of the plan."""
    sc = plan.scenario
    every = reassess_every(sc)
    last_work = max([a.end for a in plan.actions] + [plan.target_period or 0])
    last = sc.horizon - 1 if plan.status == "infeasible" else min(sc.horizon - 1, last_work)
    reasons: dict[int, list[str]] = {}
    unit = "quarters" if sc.period == "quarter" else "months"
    for p in range(every - 1, last + 1, every):
        reasons.setdefault(p, []).append(f"scheduled re-assessment (every {every} {unit})")
    fw = sc.framework
    for m in plan.milestones:
        reasons.setdefault(m.period, []).append(
            f"confirm level {m.level} ({fw.level_name(m.level)}) holds")
    if plan.actions and last_work not in reasons:
        reasons.setdefault(last_work, []).append("the planned work is finished")
    return tuple(ReassessPoint(p, tuple(r)) for p, r in sorted(reasons.items()))


def milestone_checks(plan: Plan) -> tuple[MilestoneCheck, ...]:
    """Level milestones and KPA milestones in time order, each with its deliverables, CSFs, KPIs and
    evidence: the scenario's `[csip.milestones]` list by list, the framework's defaults otherwise,
    and, where neither says anything, what the plan itself implies."""
    sc = plan.scenario
    fw = sc.framework
    out: list[tuple[int, int, MilestoneCheck]] = []
    for m in plan.kpa_milestones:
        k = fw.kpa(m.kpa)
        defaults = MilestoneNotes(k.deliverables, k.csfs, k.kpis, k.evidence)
        implied = _kpa_implied(plan, m.kpa, m.actions)
        notes, given = _merge(sc.csip.milestones.get(m.kpa), defaults, implied)
        out.append((m.period, 0, MilestoneCheck(m.kpa, f"{k.id} {k.name}", m.period, notes, given,
                                                m.actions)))
    for m in plan.milestones:
        key = f"L{m.level}"
        implied = _level_implied(plan, m.level)
        notes, given = _merge(sc.csip.milestones.get(key), None, implied)
        last = tuple(km.kpa for km in plan.kpa_milestones
                     if km.period == m.period and fw.kpa(km.kpa).level <= m.level)
        out.append((m.period, 1, MilestoneCheck(
            key, f"Level {m.level} ({fw.level_name(m.level)})", m.period, notes, given, kpas=last)))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(c for _, _, c in out)


def _merge(given: MilestoneNotes | None, defaults: MilestoneNotes | None,
           implied: MilestoneNotes) -> tuple[MilestoneNotes, tuple[str, ...]]:
    values = {}
    from_scenario = []
    for name in NOTE_FIELDS:
        mine = getattr(given, name) if given else ()
        if mine:
            from_scenario.append(name)
            values[name] = mine
        else:
            values[name] = (getattr(defaults, name) if defaults else ()) or getattr(implied, name)
    return MilestoneNotes(**values), tuple(from_scenario)


def _kpa_implied(plan: Plan, kpa: str, actions: tuple[str, ...]) -> MilestoneNotes:
    fw = plan.scenario.framework
    k = fw.kpa(kpa)
    by_id = {a.id: a for a in plan.actions}
    titles = tuple(by_id[a].title for a in actions if a in by_id)
    roles = sorted({by_id[a].role for a in actions if a in by_id and by_id[a].role})
    csfs = (f"{', '.join(roles)} given the planned time",) if roles else (
        f"An owner named for {k.name}",)
    return MilestoneNotes(
        deliverables=titles,
        csfs=csfs,
        kpis=(f"{'Goal' if len(k.goal_ids) == 1 else 'Goals'} {', '.join(k.goal_ids)} rated satisfied "
              "at the next assessment",),
        evidence=tuple(f"Records showing that {g.text[:1].lower()}{g.text[1:]}" for g in k.goals),
    )


def _level_implied(plan: Plan, level: int) -> MilestoneNotes:
    fw = plan.scenario.framework
    held = [k.id for k in fw.kpas if k.level <= level
            and plan.assessment.kpas[k.id].status != "na"]
    own = [k.id for k in fw.kpas_at(level) if plan.assessment.kpas[k.id].status != "na"]
    return MilestoneNotes(
        deliverables=(f"Every level-{level} KPA in place: {', '.join(own)}",) if own else (),
        csfs=("Senior management sponsors the programme and chairs the steering group",
              "Each KPA has a named owner who reports progress to the steering group"),
        kpis=(f"All goals of the KPAs up to level {level} rated satisfied ({len(held)} KPAs)",),
        evidence=(f"Re-assessment report confirming level {level} ({fw.level_name(level)})",),
    )
