"""CSIP milestones: the plan told along ITIL's continual improvement steps.

The steering committee does not read a Gantt chart; it asks what the vision is, where we are,
where we want to be, how we get there, and how it will know each milestone has been reached. So
the list follows those steps, and every milestone (a KPA satisfied, a level reached) carries its
deliverables, critical success factors, KPIs and the evidence to collect: the scenario's own where
it gives them, the framework's defaults otherwise. The content is the same as the Markdown export's.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from planner.plan.csip import MilestoneCheck
from tui.chrome import ViewScreen
from tui.format import period
from tui.state import Workspace

NOTE_TITLES = (("deliverables", "Deliverables"), ("csfs", "Critical success factors"), ("kpis", "KPIs"),
               ("evidence", "Evidence to collect"))


class MilestonesScreen(ViewScreen):
    VIEW = "milestones"

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="ms-split"):
            yield OptionList(id="ms-list")
            with VerticalScroll(id="ms-detail", classes="card"):
                yield Static(id="ms-detail-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#ms-list").border_title = "Improvement steps"
        self.query_one("#ms-detail").border_title = "Details"
        super().on_mount()

    def show(self, ws: Workspace) -> None:
        if (ws.planned, ws.analysis) == self._shown:
            return
        self._shown = (ws.planned, ws.analysis)
        options = self.query_one(OptionList)
        previous = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        if ws.planned is None or ws.analysis is None:
            self.query_one("#ms-detail-text", Static).update(
                "Planning…" if ws.base and ws.failure is None else "No plan.")
            return
        plan = ws.planned.plan
        sc = plan.scenario
        items: list[Option | None] = [
            Option("1 What is the vision?", id="vision"),
            Option("2 Where are we now?", id="now"),
            Option("3 Where do we want to be?", id="target"),
            Option(Content.styled("4 How do we get there?", "bold"), id="how"),
        ]
        for i, check in enumerate(ws.planned.csip.milestones):
            mark = "▲" if check.key.startswith("L") and check.key[1:].isdigit() else "•"
            items.append(Option(Content.assemble(("  " + period(sc, check.period).ljust(9), "$text-muted"),
                                                 f"{mark} {check.title}"), id=f"m{i}"))
        if not ws.planned.csip.milestones:
            items.append(Option(Content.styled("  no milestones: no plan reaches the target"
                                               if plan.status == "infeasible" else "  nothing to do",
                                               "$text-muted"), id="none", disabled=True))
        items += [Option("5 How do we check we got there?", id="check"),
                  Option("6 How do we keep the momentum going?", id="momentum")]
        options.add_options(items)
        ids = [o.id for o in items if o is not None]
        first_milestone = next((i for i, o in enumerate(ids) if o and o.startswith("m")), 0)
        options.highlighted = ids.index(previous) if previous in ids else first_milestone
        self._describe()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._describe()

    def _describe(self) -> None:
        ws = self.workspace
        text = self.query_one("#ms-detail-text", Static)
        options = self.query_one(OptionList)
        option = options.highlighted_option
        if option is None or ws.planned is None or ws.analysis is None:
            return
        key = option.id or ""
        if key.startswith("m") and key[1:].isdigit():
            text.update(self._milestone(ws, ws.planned.csip.milestones[int(key[1:])]))
        else:
            text.update(self._step(ws, key))
        self.query_one("#ms-detail", VerticalScroll).scroll_home(animate=False)

    def _milestone(self, ws: Workspace, check: MilestoneCheck) -> Content:
        assert ws.planned is not None
        sc = ws.planned.plan.scenario
        out = [Content.styled(check.title, "bold"),
               Content.styled(f"Reached at the end of {period(sc, check.period)}", "$accent")]
        if check.actions:
            by_id = {a.id: a for a in ws.planned.plan.actions}
            out += [Content(""), Content.styled("Closed by", "bold $accent")]
            out += [Content(f"• {a} {by_id[a].title}" if a in by_id else f"• {a}") for a in check.actions]
        if check.kpas:
            out.append(Content(f"Completed by the KPA milestones: {', '.join(check.kpas)}"))
        for field, title in NOTE_TITLES:
            values = getattr(check.notes, field)
            if not values:
                continue
            source = "from the scenario" if field in check.from_scenario else "default"
            out += [Content(""), Content.assemble((title, "bold $accent"), (f"  ({source})", "$text-muted"))]
            out += [Content(f"• {v}") for v in values]
        return Content("\n").join(out)

    def _step(self, ws: Workspace, key: str) -> Content:
        assert ws.planned is not None and ws.analysis is not None
        plan, csip = ws.planned.plan, ws.planned.csip
        sc, a, gaps = plan.scenario, ws.analysis.assessment, ws.analysis.gaps
        fw = sc.framework
        if key == "vision":
            return Content("\n").join([Content.styled("What is the vision?", "bold"), Content(csip.vision)])
        if key == "now":
            lines = [Content.styled("Where are we now?", "bold"),
                     Content(f"Level {a.current_level} ({fw.level_name(a.current_level)}) of the {fw.name}."),
                     Content.styled(a.level_because, "$text-muted"), Content(""),
                     Content.styled("Strong points", "bold $accent"),
                     Content(", ".join(gaps.strong) or "none of the KPAs up to the target holds yet"),
                     Content(""), Content.styled("Weak points", "bold $accent"),
                     Content(f"Blocking level {a.current_level + 1}: {', '.join(gaps.next_level_blockers)}"
                             if gaps.next_level_blockers else "nothing blocks the next level")]
            return Content("\n").join(lines)
        if key == "target":
            lines = [Content.styled("Where do we want to be?", "bold"),
                     Content(f"Level {sc.target_level} ({fw.level_name(sc.target_level)})."),
                     Content(f"{len(gaps.open_goals)} open goals in {len(gaps.blocking)} KPAs stand in "
                             "the way (2 Gaps shows each with why).")]
            return Content("\n").join(lines)
        if key == "how":
            if plan.status == "infeasible":
                body = "No plan reaches the target within the limits; the overview says why."
            elif plan.nothing_to_do:
                body = "Nothing to do: the target already holds."
            else:
                body = (f"{len(plan.actions)} actions reach level {sc.target_level} at the end of "
                        f"{period(sc, plan.target_period)} (4 Roadmap shows them by period). The milestones "
                        "below say how the steering committee will know each step is done.")
            return Content("\n").join([Content.styled("How do we get there?", "bold"), Content(body)])
        if key == "check":
            lines = [Content.styled("How do we check we got there?", "bold"),
                     Content("Each milestone lists its KPIs and the evidence to collect; re-assess at:")]
            lines += [Content(f"• end of {period(sc, p.period)}: {'; '.join(p.reasons)}")
                      for p in csip.reassess]
            return Content("\n").join(lines)
        if key == "momentum":
            return Content("\n").join([Content.styled("How do we keep the momentum going?", "bold"),
                                       Content(csip.cadence)])
        return Content("")
