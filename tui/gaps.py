"""The gap report: level, KPA and goal as a tree, and for the one under the cursor why it has the
status it has and what would close it.

This is where a manager checks the assessment before trusting any plan, so every status carries
its because (the rating, the ITIL process or the rule behind it), and a goal's rating can be
changed right here as a what-if (r).
"""

from __future__ import annotations

import re
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from planner.model import GOAL_RATINGS
from tui.chrome import ViewScreen
from tui.dialogs import ChoiceDialog
from tui.format import MARK, amount, days, period
from tui.state import Workspace

NodeKey = tuple[str, str]
"""("level", "2"), ("kpa", "SRIM") or ("goal", "SRIM.2")."""


class GapTree(Tree[NodeKey]):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gap--satisfied", "gap--partial", "gap--unsatisfied", "gap--na", "gap--edited", "gap--muted",
    }

    def styled(self, name: str) -> Style:
        return self.get_component_rich_style(f"gap--{name}", partial=True)


class GapScreen(ViewScreen):
    VIEW = "gaps"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rate", "Rate goal", id="gaps.rate", tooltip="Change the goal's rating (what-if)"),
        Binding("o", "open_only", "Open only", id="gaps.open_only",
                tooltip="Show only the levels, KPAs and goals that still need work"),
        Binding("E", "expand_all", "Expand all", id="gaps.expand_all", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: object = None
        self._open_only = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="gap-split"):
            tree: GapTree = GapTree("Gap report", id="gap-tree")
            tree.show_root = False
            tree.guide_depth = 2
            yield tree
            with VerticalScroll(id="gap-detail", classes="card"):
                yield Static(id="gap-detail-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#gap-detail").border_title = "Details"
        super().on_mount()

    def palette_commands(self) -> list[tuple[str, str, str]]:
        return [("Rate the goal under the cursor", "Change its rating as a what-if", "rate"),
                ("Gaps: show open items only / everything", "Toggle the filter", "open_only"),
                ("Gaps: expand every level and KPA", "Open the whole tree", "expand_all")]

    # -- the tree ------------------------------------------------------------------------------

    def show(self, ws: Workspace) -> None:
        key = (ws.analysis, ws.planned, ws.whatif, self._open_only)
        if key == self._shown:
            return
        self._shown = key
        tree = self.query_one(GapTree)
        if ws.analysis is None:
            tree.clear()
            self.query_one("#gap-detail-text", Static).update(
                "Assessing…" if ws.base else "No scenario loaded: ctrl+o opens one.")
            return
        cursor = tree.cursor_node.data if tree.cursor_node is not None else None
        expanded = {n.data for n in _walk(tree.root) if n.is_expanded and n.data} if tree.root.children \
            else None
        self._build(tree, ws, expanded)
        # the rebuilt tree has no lines until it is drawn: put the cursor back after that
        self.call_after_refresh(self._restore_cursor, cursor)

    def _restore_cursor(self, cursor: NodeKey | None) -> None:
        tree = self.query_one(GapTree)
        target = next((n for n in _walk(tree.root) if n.data == cursor), None)
        if target is None and tree.root.children:
            target = tree.root.children[0]
        if target is not None:
            tree.move_cursor(target, animate=False)
        self._describe(tree.cursor_node.data if tree.cursor_node else None)

    def _build(self, tree: GapTree, ws: Workspace, expanded: set[NodeKey] | None) -> None:
        assert ws.analysis is not None
        sc, a = ws.analysis.scenario, ws.analysis.assessment
        fw = sc.framework
        open_goals = set(ws.analysis.gaps.open_goals)
        done_goals = _done_goals(ws)
        tree.clear()
        for lv in fw.levels:
            kpas = fw.kpas_at(lv.number)
            if not kpas:
                continue
            holds = sum(1 for k in kpas if a.kpas[k.id].holds)
            blocked = holds < len(kpas)
            if self._open_only and (not blocked or lv.number > sc.target_level):
                continue
            label = Text()
            label.append(f"Level {lv.number} {lv.name}", "bold")
            state = "holds" if not blocked else f"{len(kpas) - holds} of {len(kpas)} KPAs open"
            label.append(f"  {state}", tree.styled("satisfied" if not blocked else "muted"))
            if lv.number == sc.target_level:
                label.append("  ◀ target", tree.styled("edited"))
            if lv.number > sc.target_level:
                label.stylize(tree.styled("muted"))
            key = ("level", str(lv.number))
            default_open = lv.number <= sc.target_level and blocked
            level_node = tree.root.add(label, data=key,
                                       expand=key in expanded if expanded is not None else default_open)
            for k in kpas:
                ks = a.kpas[k.id]
                if self._open_only and ks.holds:
                    continue
                done = sum(1 for g in k.goals if a.goals[g.id].status in ("satisfied", "na"))
                kl = Text()
                kl.append(f"{MARK[ks.status]} ", tree.styled(ks.status))
                kl.append(f"{k.id} ", "bold")
                kl.append(k.name)
                kl.append(f"  {done}/{len(k.goals)}", tree.styled("muted"))
                if ks.flagged:
                    kl.append("  ⚠ prerequisite", tree.styled("partial"))
                kkey = ("kpa", k.id)
                kpa_node = level_node.add(kl, data=kkey, expand=expanded is not None and kkey in expanded)
                for g in k.goals:
                    gs = a.goals[g.id]
                    if self._open_only and g.id not in open_goals:
                        continue
                    gl = Text()
                    gl.append(f"{MARK[gs.status]} ", tree.styled(gs.status))
                    gl.append(f"{g.id} ", "bold")
                    if g.id in ws.whatif.goals or g.id in done_goals:
                        gl.append("✎ ", tree.styled("edited"))
                    gl.append(g.text)
                    kpa_node.add_leaf(gl, data=("goal", g.id))

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeKey]) -> None:
        self._describe(event.node.data)

    # -- the detail pane -----------------------------------------------------------------------

    def _describe(self, key: NodeKey | None) -> None:
        ws = self.workspace
        text = self.query_one("#gap-detail-text", Static)
        pane = self.query_one("#gap-detail", VerticalScroll)
        if key is None or ws.analysis is None:
            text.update("")
            return
        kind, ident = key
        if kind == "goal":
            text.update(self._goal(ws, ident))
        elif kind == "kpa":
            text.update(self._kpa(ws, ident))
        else:
            text.update(self._level(ws, int(ident)))
        pane.scroll_home(animate=False)

    def _goal(self, ws: Workspace, gid: str) -> Content:
        assert ws.analysis is not None
        sc, a = ws.analysis.scenario, ws.analysis.assessment
        fw = sc.framework
        goal, gs = fw.goal(gid), a.goals[gid]
        kpa = fw.kpa(goal.kpa)
        out = [
            Content.assemble((f"{gid}  ", "bold"), _status(gs.status)),
            Content(goal.text),
            Content.styled(f"{kpa.id} {kpa.name} · needed from level {fw.goal_level(gid)}"
                           + (f" · {goal.provenance}" if goal.provenance else ""), "$text-muted"),
            Content(""),
            Content.styled("Why", "bold $accent"),
            Content(process_names(gs.because, sc)),
        ]
        if gs.also:
            out.append(Content.styled("Also claimed, but outweighed:", "$text-muted"))
            out += [Content(f"• {process_names(why, sc)}") for why in gs.also]
        holds = gs.status in ("satisfied", "na")
        if holds:
            out += [Content(""), Content.styled("Nothing to close: it already holds", "bold $accent")]
            covering = _covering(ws, gid, holds=True)
            if covering:
                out.append(Content.styled("Actions that list it (planned, if at all, for their other goals):",
                                          "$text-muted"))
                out += covering
        else:
            out += [Content(""), Content.styled("What would close it", "bold $accent")]
            out += _covering(ws, gid)
        out.append(Content(""))
        loaded = ws.base.current.goals.get(gid) if ws.base else None
        if gid in ws.whatif.goals:
            out.append(Content.styled(f"What-if: rated {ws.whatif.goals[gid]} (as loaded: "
                                      f"{loaded or 'not rated'}). r changes it, u undoes.", "$warning"))
        else:
            out.append(Content.styled("r rates this goal as a what-if.", "$text-muted"))
        return Content("\n").join(out)

    def _kpa(self, ws: Workspace, kid: str) -> Content:
        assert ws.analysis is not None
        sc, a = ws.analysis.scenario, ws.analysis.assessment
        fw = sc.framework
        kpa, ks = fw.kpa(kid), a.kpas[kid]
        out = [
            Content.assemble((f"{kpa.id} {kpa.name}  ", "bold"), _status(ks.status)),
            Content.styled(f"Level {kpa.level} ({fw.level_name(kpa.level)})"
                           + (f" · {kpa.category}" if kpa.category else ""), "$text-muted"),
            Content(""),
            Content(kpa.purpose),
            Content(""),
            Content.styled("Why", "bold $accent"),
            Content(process_names(ks.because, sc)),
        ]
        if ks.open_goals:
            out.append(Content(f"Open goals: {', '.join(ks.open_goals)}"))
        for req in kpa.requires:
            out.append(Content(f"Requires {req.kpa}" + (f": {req.reason}" if req.reason else "")))
        for gap in ks.prerequisite_gaps:
            out.append(Content.styled(f"⚠ {gap.because}", "$warning"))
        plan = ws.planned.plan if ws.planned and ws.current else None
        if plan is not None:
            ms = next((m for m in plan.kpa_milestones if m.kpa == kid), None)
            if ms is not None:
                out += [Content(""), Content.styled("In the plan", "bold $accent"),
                        Content(f"Satisfied at the end of {period(sc, ms.period)} by "
                                f"{', '.join(ms.actions)}")]
        return Content("\n").join(out)

    def _level(self, ws: Workspace, number: int) -> Content:
        assert ws.analysis is not None
        sc, a = ws.analysis.scenario, ws.analysis.assessment
        fw = sc.framework
        kpas = fw.kpas_at(number)
        out = [Content.styled(f"Level {number} {fw.level_name(number)}", "bold")]
        if number <= a.current_level:
            out.append(Content.styled("Reached.", "$success"))
        else:
            blockers = a.level_blockers.get(number, ())
            out.append(Content(f"Not reached: {len(blockers)} goal(s) at or below it are open."))
        if number == a.current_level:
            out.append(Content.styled(a.level_because, "$text-muted"))
        if number == sc.target_level:
            out.append(Content.styled("This is the target level.", "$warning"))
        out += [Content(""), Content.styled("KPAs", "bold $accent")]
        for k in kpas:
            out.append(Content.assemble(_status(a.kpas[k.id].status, short=True), f" {k.id} {k.name}"))
        plan = ws.planned.plan if ws.planned and ws.current else None
        if plan is not None:
            ms = next((m for m in plan.milestones if m.level == number), None)
            if ms is not None:
                out += [Content(""), Content(f"The plan reaches it at the end of {period(sc, ms.period)}.")]
        return Content("\n").join(out)

    # -- actions -------------------------------------------------------------------------------

    def action_rate(self) -> None:
        tree = self.query_one(GapTree)
        node = tree.cursor_node
        ws = self.workspace
        if node is None or node.data is None or node.data[0] != "goal" or ws.analysis is None:
            self.notify("Move the cursor to a goal first (expand a KPA with enter).", severity="warning")
            return
        gid = node.data[1]
        current = ws.analysis.assessment.goals[gid].status
        options = [(r, f"{MARK[r]} {r}") for r in GOAL_RATINGS]
        if gid in ws.whatif.goals:
            options.append(("__loaded__", "as loaded (drop the what-if rating)"))
        note = f"{gid}: {ws.analysis.scenario.framework.goal(gid).text}\nNow {current}."

        def chosen(value: str | None) -> None:
            if value is None:
                return
            if value == "__loaded__":
                w = ws.whatif.without(("goals", gid))
            else:
                w = ws.whatif.with_goal(gid, value)
            self.csip.edit(w)

        self.app.push_screen(ChoiceDialog(f"Rate goal {gid}", options, current, note), chosen)

    def action_open_only(self) -> None:
        self._open_only = not self._open_only
        self.notify("Showing open items only." if self._open_only else "Showing every level, KPA and goal.")
        self.show(self.workspace)

    def action_expand_all(self) -> None:
        self.query_one(GapTree).root.expand_all()


def _walk(node: TreeNode[NodeKey]):
    for child in node.children:
        yield child
        yield from _walk(child)


def _status(status: str, short: bool = False) -> Content:
    style = {"satisfied": "$success", "partial": "$warning", "unsatisfied": "$error", "na": "$text-muted"}
    return Content.styled(MARK[status] if short else f"{MARK[status]} {status}", style.get(status, ""))


def _done_goals(ws: Workspace) -> set[str]:
    if ws.base is None:
        return set()
    by_id = {a.id: a for a in ws.base.actions}
    return {g for aid in ws.whatif.done if aid in by_id for g in by_id[aid].goals}


def process_names(text: str, scenario) -> str:
    """`text` with each ITIL process id (service_desk) written as the ITIL list names it
    (Service desk): the rules speak in ids, a manager reads names."""
    catalog = scenario.itil_processes
    if catalog is None or "_" not in text:
        return text
    names = {p.id: p.name for p in catalog.processes}
    return re.sub(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", lambda m: names.get(m.group(0), m.group(0)), text)


def _covering(ws: Workspace, gid: str, holds: bool = False) -> list[Content]:
    """The actions in the catalog that list the goal, with where the plan has them; for a goal
    that holds, only those the plan has anyway (for their other goals) or that are done."""
    assert ws.analysis is not None
    sc = ws.analysis.scenario
    plan = ws.planned.plan if ws.planned and ws.current else None
    planned = {pa.id: pa for pa in plan.actions} if plan else {}
    left_out = dict(plan.left_out) if plan else {}
    out = []
    for action in sc.actions:
        if gid not in action.goals or (holds and action.id not in planned and action.id not in sc.done):
            continue
        head = Content.assemble(("• ", ""), (action.id, "bold"), f"  {action.title}")
        facts = (f"  {days(action.effort)} person-days · {amount(action.cost, sc)} · "
                 f"{action.duration} period{'s' if action.duration != 1 else ''}"
                 + (f" · {action.role}" if action.role else ""))
        out += [head, Content.styled(facts, "$text-muted")]
        if action.id in sc.done:
            out.append(Content.styled("  done", "$success"))
        elif action.id in planned:
            pa = planned[action.id]
            when = period(sc, pa.start) if pa.start == pa.end else \
                f"{period(sc, pa.start)} to {period(sc, pa.end)}"
            out.append(Content.styled(f"  planned {when}" + (" · quick win" if pa.quick_win else ""),
                                      "$success"))
        elif action.id in left_out:
            out.append(Content.styled(f"  not planned: {left_out[action.id]}", "$text-muted"))
    if not out and not holds:
        out.append(Content.styled("No action in the catalog covers it: add one to the scenario "
                                  "([[actions]]) or rate the goal.", "$warning"))
    return out
