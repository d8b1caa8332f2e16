"""One sentence why a what-if made the plan dearer or later than the scenario as loaded.

A manager who cuts the effort per period and sees the target slip a quarter asks "why?" before
anything else. The answer is in the two plans: which limit changed and now binds (the budget, the
effort per period used in full in some period, the staging mode, the settling time, a deadline), or
what else changed (the target, the current state), and which actions moved later or were replaced.
This module only compares two finished plans; it never re-plans, so the sentence costs nothing and
says only what the plans show.
"""

from __future__ import annotations

from planner.numbers import days, money
from planner.plan.results import Plan, PlanStatus

STAGING_ORDER = {"free": 0, "milestones": 1, "strict": 2}
"""Staging modes from the loosest to the strictest."""

SHOWN_IDS = 3
"""Action ids named in the sentence before "and N more"."""

_EPS = 1e-6


def why_worse(base: Plan, whatif: Plan) -> str:
    """The sentence, or "" when the what-if plan is neither dearer nor later than `base` (or
    either plan has no roadmap to compare: an infeasible plan has its own diagnosis)."""
    if base.status == PlanStatus.INFEASIBLE or whatif.status == PlanStatus.INFEASIBLE:
        return ""
    before = -1 if base.target_period is None else base.target_period
    after = -1 if whatif.target_period is None else whatif.target_period
    later = after > before
    dearer = whatif.total_cost > base.total_cost + 0.5
    if not later and not dearer:
        return ""
    causes = _causes(base, whatif, later)
    moves = _moves(base, whatif)
    cause = _join(causes) if causes else _other(base, whatif)
    text = f"{_effect(base, whatif, later, dearer)} because {cause}"
    if moves:
        text += "; " + "; ".join(moves)
    return text + "."


def _effect(base: Plan, whatif: Plan, later: bool, dearer: bool) -> str:
    cur = whatif.scenario.currency
    parts = []
    if later:
        n = (whatif.target_period or 0) - (-1 if base.target_period is None else base.target_period)
        unit = whatif.scenario.period
        was = "now" if base.target_period is None else base.periods[base.target_period].label
        parts.append(f"{n} {unit}{'s' if n != 1 else ''} later "
                     f"({whatif.periods[whatif.target_period or 0].label} instead of {was})")
    if dearer:
        parts.append(f"{money(whatif.total_cost - base.total_cost, cur)} dearer")
    return "The target comes " + " and ".join(parts) if later else "The plan is " + parts[0]


def _causes(base: Plan, whatif: Plan, later: bool) -> list[str]:
    """The limits the what-if changed for the worse, each with where it binds in the what-if plan."""
    a, b = base.scenario.limits, whatif.scenario.limits
    cur = whatif.scenario.currency
    out: list[str] = []
    if b.budget is not None and (a.budget is None or b.budget < a.budget - _EPS):
        was = "unlimited" if a.budget is None else money(a.budget, cur)
        used = whatif.total_cost / b.budget if b.budget else 1.0
        out.append(f"the budget went from {was} to {money(b.budget, cur)}"
                   + (f" and the plan uses {used:.0%} of it" if used >= 0.9 else ""))
    if b.effort_per_period is not None and (a.effort_per_period is None
                                            or b.effort_per_period < a.effort_per_period - _EPS):
        was = "unlimited" if a.effort_per_period is None else days(a.effort_per_period)
        full = [p.label for p in whatif.periods if p.effort >= b.effort_per_period - _EPS]
        clause = f"the effort per period went from {was} to {days(b.effort_per_period)} person-days"
        if full:
            clause += f", used in full in {_names(full)}"
        out.append(clause)
    if STAGING_ORDER.get(b.staging, 0) > STAGING_ORDER.get(a.staging, 0):
        out.append(f"staging went from {a.staging} to {b.staging}, so later levels wait for earlier ones")
    if b.settle > a.settle:
        out.append(f"a practice now settles for {b.settle} {whatif.scenario.period}"
                   f"{'s' if b.settle != 1 else ''} (was {a.settle}) before its goal holds")
    if b.deadline is not None and b.deadline != a.deadline and not later:
        out.append(f"the deadline (end of {whatif.periods[b.deadline].label}) asks for the target by "
                   "then, and the cheapest plan that makes it costs more")
    if b.deadline is not None and a.deadline is not None and b.deadline > a.deadline and later:
        out.append(f"the deadline moved to the end of {whatif.periods[b.deadline].label}")
    return out


def _other(base: Plan, whatif: Plan) -> str:
    """What changed when no limit did: the target or the organisation's current state."""
    if whatif.scenario.target_level > base.scenario.target_level:
        return (f"the target is level {whatif.scenario.target_level} instead of "
                f"{base.scenario.target_level}")
    more = len(whatif.actions) - len(base.actions)
    if more > 0:
        return f"the current state changed and {more} more action{'s' if more != 1 else ''} are needed"
    return "the changed current state closes different goals"


def _moves(base: Plan, whatif: Plan) -> list[str]:
    """Which actions start later, which were replaced (left out) and which came in their place."""
    starts = {pa.id: pa.start for pa in base.actions}
    now = {pa.id: pa.start for pa in whatif.actions}
    moved = [aid for aid, s in now.items() if aid in starts and s > starts[aid]]
    gone = [aid for aid in starts if aid not in now]
    new = [aid for aid in now if aid not in starts]
    out: list[str] = []
    if moved:
        out.append(f"{_ids(moved)} start{'s' if len(moved) == 1 else ''} later")
    if gone and new:
        out.append(f"{_ids(new)} replace{'s' if len(new) == 1 else ''} {_ids(gone)}")
    elif new:
        out.append(f"{_ids(new)} {'is' if len(new) == 1 else 'are'} added")
    elif gone:
        out.append(f"{_ids(gone)} {'is' if len(gone) == 1 else 'are'} left out")
    return out


def _ids(ids: list[str]) -> str:
    shown = ids[:SHOWN_IDS]
    rest = len(ids) - len(shown)
    return _join(shown) + (f" and {rest} more" if rest else "")


def _names(labels: list[str]) -> str:
    rest = len(labels) - SHOWN_IDS
    return _join(labels[:SHOWN_IDS]) + (f" and {rest} more" if rest > 0 else "")


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
