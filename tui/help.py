"""The help screen: what each view is for and every key, read off the bindings themselves so it
can never disagree with what the keys do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.chrome import VIEWS

PURPOSE = {
    "overview": "current against target level, the maturity profile, the plan's dates and costs",
    "gaps": "level → KPA → goal with status; why each status, and what would close it (r rates a goal)",
    "quickwins": "small actions to start now that do not delay the target (d marks one done)",
    "roadmap": "the planned actions by period, with load and spend against the limits",
    "milestones": "the CSIP steps; each milestone with deliverables, CSFs, KPIs and evidence",
    "whatif": "change target, budget, effort, staging and ITIL levels; every view re-plans",
    "compare": "the plan on screen beside another scenario's (c chooses it)",
    "progress": "plan against actual: slips, earned value, KPIs, maturity history; r records progress",
    "assessment": "answer an A2I questionnaire, merge participants' answers, see the consensus",
}


def key_name(binding: Binding) -> str:
    names = []
    for key in binding.key.split(","):
        key = key.strip()
        names.append({"question_mark": "?", "plus": "+", "minus": "-", "equals_sign": "=",
                      "escape": "esc"}.get(key, key))
    return "/".join(names)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "close", "Close", id="help.close"),
    ]

    def __init__(self, app_bindings: list[Binding], view_bindings: dict[str, list[Binding]]):
        super().__init__(classes="dialog")
        self._app_bindings = app_bindings
        self._view_bindings = view_bindings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box -help"):
            yield Label("csip: plan IT service improvement", classes="dialog-title")
            with VerticalScroll(classes="dialog-scroll"):
                yield Static(self._text(), classes="dialog-text")
            yield Label("esc closes · ctrl+p finds any action by name", classes="wi-hint")

    def _text(self) -> Content:
        lines = [Content.styled("Views (number keys, or click the strip at the top)", "bold $accent")]
        for mode, key, title in VIEWS:
            lines.append(Content.assemble((f" {key}  ", "bold"), (title.ljust(12), "bold"), PURPOSE[mode]))
            for b in self._view_bindings.get(mode, []):
                lines.append(Content.assemble("       ", (key_name(b).ljust(10), "$accent"), b.description))
        lines += [Content(""), Content.styled("Everywhere", "bold $accent")]
        for b in self._app_bindings:
            if b.description and not b.action.startswith("view("):
                lines.append(Content.assemble(("  " + key_name(b).ljust(10), "$accent"), b.description))
        lines += [
            Content(""), Content.styled("How it works", "bold $accent"),
            Content("The scenario file says where the organisation stands and its limits. Every edit you "
                    "make is a what-if on top of it: the plan re-solves in the background (the spinner on "
                    "the status line) and every view updates. ctrl+s saves the what-if as a new scenario "
                    "file that extends the original; ctrl+e exports the CSIP plan as Markdown, TOML, CSV "
                    "or JSON."),
        ]
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
