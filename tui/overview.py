"""The overview: where the organisation stands, where it aims, and what the plan costs.

The first screen a manager sees, so it answers the first questions in one glance: current and
target level, the maturity profile, when the target is reached, how much of the budget and the
people it uses, and whether the plan is sound (or why there is none). With what-if edits it also
says what they change against the scenario as loaded.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.charts import MaturityProfile, gauge, sparkline
from tui.chrome import ViewScreen
from tui.format import amount, days, fit, limit, period
from tui.plots import LimitChart, spend_series
from tui.state import Workspace

Row = tuple[str, Content | str]


def rows(items: list[Row], width: int = 15) -> Content:
    """A two-column card body: a muted label and its value."""
    lines = []
    for label, value in items:
        lines.append(Content.assemble((label.ljust(width), "$text-muted"), value))
    return Content("\n").join(lines)


class OverviewScreen(ViewScreen):
    VIEW = "overview"

    def compose_body(self) -> ComposeResult:
        # one column; two on a very wide terminal (the stylesheet turns #ov-columns horizontal)
        with VerticalScroll(id="ov-scroll"), Vertical(id="ov-columns"):
            with Vertical(id="ov-left"):
                yield Static(id="ov-summary", classes="card", markup=False)
                yield Static(id="ov-problem", classes="card -bad", markup=False)
                yield MaturityProfile(id="ov-profile", classes="card")
                yield LimitChart(id="ov-spend", classes="card")
            with Vertical(id="ov-right"):
                yield Static(id="ov-whatif", classes="card", markup=False)
                yield Static(id="ov-next", classes="card", markup=False)

    def on_mount(self) -> None:
        self.query_one("#ov-summary").border_title = "Where we stand and the plan"
        self.query_one("#ov-profile").border_title = "Maturity profile: KPAs by level"
        self.query_one("#ov-whatif").border_title = "What-if against the scenario as loaded"
        self.query_one("#ov-next").border_title = "Next steps"
        self.query_one("#ov-spend").border_title = "Spending against the budget"
        super().on_mount()

    def show(self, ws: Workspace) -> None:
        self._show_summary(ws)
        self._show_whatif(ws)
        self._show_problem(ws)
        self._show_next(ws)
        self._show_spend(ws)

    def _show_spend(self, ws: Workspace) -> None:
        chart = self.query_one("#ov-spend", LimitChart)
        plan = ws.planned.plan if ws.planned and ws.current else None
        chart.display = plan is not None and plan.status != "infeasible" and not plan.nothing_to_do
        if plan is not None and chart.display:
            chart.show_series(spend_series(plan))

    def _show_next(self, ws: Workspace) -> None:
        """What to do first: the quick wins, then the coming milestones; the card that makes use of
        a tall or wide terminal (on a small one it is below the fold)."""
        card = self.query_one("#ov-next", Static)
        if ws.planned is None or not ws.current or ws.planned.plan.status == "infeasible":
            card.display = False
            return
        plan, sc = ws.planned.plan, ws.planned.plan.scenario
        head = "Start with these quick wins (3 Quick wins, d marks one done)"
        lines = [Content.styled(head, "bold $accent")]
        for w in ws.planned.wins[:5]:
            lines.append(Content.assemble(("★ ", "$warning"), (w.id, "bold"), f"  {w.title}",
                                          (f"  {days(w.effort)} pd, {amount(w.cost, sc)}", "$text-muted")))
        if not ws.planned.wins:
            lines.append(Content.styled("none: no small action can start now without delaying the target",
                                        "$text-muted"))
        lines += [Content(""),
                  Content.styled("Milestones (5 Milestones says how to check each)", "bold $accent")]
        for check in ws.planned.csip.milestones[:8]:
            lines.append(Content.assemble((period(sc, check.period).ljust(9), "$text-muted"), check.title))
        if len(ws.planned.csip.milestones) > 8:
            lines.append(Content.styled(f"… {len(ws.planned.csip.milestones) - 8} more", "$text-muted"))
        if not plan.actions:
            lines = [Content("Nothing to do: the target level already holds.")]
        card.update(Content("\n").join(lines))
        card.display = True

    def _show_summary(self, ws: Workspace) -> None:
        card = self.query_one("#ov-summary", Static)
        profile = self.query_one(MaturityProfile)
        if ws.analysis is None:
            card.update("Assessing…" if ws.base and ws.failure is None else "No scenario loaded.")
            profile.display = False
            return
        sc, a, gaps = ws.analysis.scenario, ws.analysis.assessment, ws.analysis.gaps
        fw = sc.framework
        profile.display = True
        profile.set_data(fw, a, sc.target_level)
        items: list[Row] = [
            ("Level", Content.assemble((f"{a.current_level} {fw.level_name(a.current_level)}", "bold"),
                                       ("  → target  ", "$text-muted"),
                                       (f"{sc.target_level} {fw.level_name(sc.target_level)}", "bold"))),
        ]
        if gaps.blocking:
            blocking = f"; blocking L{a.current_level + 1}: {', '.join(gaps.next_level_blockers)}" \
                if gaps.next_level_blockers else ""
            items.append(("Open goals", f"{len(gaps.open_goals)} in {len(gaps.blocking)} KPAs{blocking}"))
        else:
            items.append(("Open goals", "none: the target level holds"))
        items += self._plan_rows(ws)
        card.update(rows(items))

    def _plan_rows(self, ws: Workspace) -> list[Row]:
        if ws.planned is None or not ws.current:
            return [("Plan", Content.styled("planning…", "$accent") if ws.failure is None
                     else Content.styled("none (see below)", "$error"))]
        plan = ws.planned.plan
        sc = plan.scenario
        if ws.planned.interim and plan.status == "infeasible":
            return [("Plan", Content.styled("refining…: no plan found yet in the quick search; the full "
                                            "search goes on", "$warning bold"))]
        if plan.status == "infeasible":
            return [
                ("Plan", Content.styled("infeasible: no plan reaches the target (see why below)",
                                        "$error bold")),
                ("Budget", limit(sc.limits.budget, sc)),
                ("Effort", limit(sc.limits.effort_per_period, unit="person-days a period")),
            ]
        status = Content.styled(plan.status, "$success bold" if plan.status == "optimal" else "$warning bold")
        words = plan.gap_words()
        if words:
            status += Content(f" ({words})")
        if ws.planned.interim:
            status = Content.styled("refining… ", "$accent bold") + status + Content(": interim, the full "
                                                                               "search goes on")
        if plan.nothing_to_do:
            reached: Content | str = "already: nothing to do"
        else:
            unit = "quarters" if sc.period == "quarter" else "months"
            reached = Content.assemble(
                (f"end of {period(sc, plan.target_period)}", "bold"),
                f" ({(plan.target_period or 0) + 1} of {sc.horizon} {unit})")
        loads = [p.effort for p in plan.periods]
        peak = max(loads, default=0.0)
        budget_text = f" {amount(plan.total_cost, sc)}"
        if sc.limits.budget is not None:
            budget_text += f" of {amount(sc.limits.budget, sc)}"
        effort_text = f" peak {days(peak)}"
        if sc.limits.effort_per_period is not None:
            effort_text += f"/{days(sc.limits.effort_per_period)}"
        effort_text += f" a period; {days(plan.total_effort)} person-days"
        milestones = " · ".join(f"L{m.level} {period(sc, m.period)}" for m in plan.milestones) or "—"
        return [
            ("Plan", status),
            ("Target reached", reached),
            ("Budget", gauge(plan.total_cost, sc.limits.budget, 12) + Content(budget_text)),
            ("Effort", sparkline(loads, sc.limits.effort_per_period) + Content(effort_text)),
            ("Milestones", milestones),
            ("Actions", f"{len(plan.actions)} planned, {len(ws.planned.wins)} quick wins (3 lists them)"),
        ]

    def _show_whatif(self, ws: Workspace) -> None:
        card = self.query_one("#ov-whatif", Static)
        changes = ws.changes
        card.display = bool(changes)
        if not changes:
            return
        # a label longer than its column is cut, so its value never runs into it
        lines = [Content.assemble((fit(c.label, 23).ljust(24), "$text-muted"), f"{c.before} → ",
                                  (c.after, "bold")) for c in changes[:8]]
        if len(changes) > 8:
            lines.append(Content(f"… and {len(changes) - 8} more (6 What-if lists them all)"))
        base, now = ws.baseline, ws.planned
        if base is not None and now is not None and ws.current:
            lines.append(Content(""))
            lines.append(Content.assemble(("".ljust(24), "$text-muted"), ("as loaded".ljust(22), "bold"),
                                          ("what-if", "bold")))
            for label, before, after in _effect(base.plan, now.plan):
                style = "" if before == after else "$warning"
                lines.append(Content.assemble((label.ljust(24), "$text-muted"), before.ljust(22),
                                              (after, style)))
        card.update(Content("\n").join(lines))

    def _show_problem(self, ws: Workspace) -> None:
        card = self.query_one("#ov-problem", Static)
        if ws.failure is not None:
            card.border_title = Content(ws.failure.title)
            card.update(ws.failure.text() + "\n\nPress ctrl+o to open another scenario.")
            card.display = True
            return
        plan = ws.planned.plan if ws.planned else None
        if plan is not None and plan.status == "infeasible" and plan.diagnosis is not None:
            d = plan.diagnosis
            card.border_title = "Why there is no plan"
            lines = [d.reason, *(f"• {m}" for m in d.messages)]
            lines.append("\nTry 6 What-if (or b for the budget, e for the effort) and the plan re-solves.")
            card.update("\n".join(lines))
            card.display = True
            return
        if ws.warnings:
            card.border_title = "Warnings in the scenario file"
            card.update("\n".join(p.render() for p in ws.warnings))
            card.display = True
            return
        card.display = False


def _effect(before, after) -> list[tuple[str, str, str]]:
    """What the what-if changes in the plan, row by row (label, as loaded, what-if)."""
    def when(plan) -> str:
        if plan.status == "infeasible":
            return "never (infeasible)"
        if plan.target_period is None:
            return "already"
        return period(plan.scenario, plan.target_period)

    def money(plan) -> str:
        return "—" if plan.status == "infeasible" else amount(plan.total_cost, plan.scenario)

    def effort(plan) -> str:
        return "—" if plan.status == "infeasible" else f"{days(plan.total_effort)} person-days"

    return [
        ("Level now", str(before.current_level), str(after.current_level)),
        ("Target", f"level {before.target_level}", f"level {after.target_level}"),
        ("Target reached", when(before), when(after)),
        ("Cost", money(before), money(after)),
        ("Effort", effort(before), effort(after)),
        ("Actions", str(len(before.actions)), str(len(after.actions))),
    ]
