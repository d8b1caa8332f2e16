"""Charts drawn with text: the maturity profile, gauges against a limit, a load sparkline.

Colours come from component classes styled in app.tcss (or theme variables), never from here,
so a theme or the stylesheet can change them.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from planner.model import Assessment, Framework

STATUSES = ("satisfied", "partial", "unsatisfied", "na")


class MaturityProfile(Widget):
    """KPAs by level, each cell coloured by its status, highest level on top; the current and
    target levels are marked, and each level says how many of its KPAs hold."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "profile--satisfied", "profile--partial", "profile--unsatisfied", "profile--na",
        "profile--level", "profile--current", "profile--target", "profile--above",
    }
    DEFAULT_CSS = "MaturityProfile { height: auto; }"

    def __init__(self, **kwargs: object):
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._data: tuple[Framework, Assessment, int] | None = None

    def set_data(self, framework: Framework, assessment: Assessment, target: int) -> None:
        self._data = (framework, assessment, target)
        self.refresh(layout=True)

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"profile--{name}", partial=True)

    def _lines(self, width: int) -> list[Text]:
        if self._data is None:
            return [Text("No assessment yet.")]
        fw, assessment, target = self._data
        cell_w = max(len(k.id) for k in fw.kpas) + 2
        widest = max(len(fw.kpas_at(lv.number)) for lv in fw.levels) * cell_w
        named = max(len(f"L{lv.number} {lv.name}") for lv in fw.levels) + 1
        # level names and worded markers where they fit, "▸L3" and counts only where not
        full = width >= named + widest + 16
        label_w = named if full else 4
        lines: list[Text] = []
        for lv in sorted(fw.levels, key=lambda lv: -lv.number):
            kpas = fw.kpas_at(lv.number)
            if not kpas:
                continue
            holds = sum(1 for k in kpas if assessment.kpas[k.id].holds)
            if full:
                label = f"L{lv.number} {lv.name}"
            else:
                label = ("▸" if lv.number == target else " ") + f"L{lv.number}"
            kind = "target" if lv.number == target and not full else \
                ("above" if lv.number > target else "level")
            line = Text()
            line.append(label.ljust(label_w), self._style(kind))
            tail = Text(f" {holds}/{len(kpas)}")
            if full and lv.number == assessment.current_level:
                tail.append(" ◀ current", self._style("current"))
            if full and lv.number == target:
                tail.append(" ◀ target", self._style("target"))
            room = max(cell_w, width - label_w - len(tail.plain))
            used = 0
            for k in kpas:
                if used + cell_w > room and used:
                    lines.append(line)
                    line = Text(" " * label_w)
                    used = 0
                line.append(f" {k.id}".ljust(cell_w - 1), self._style(assessment.kpas[k.id].status))
                line.append(" ")
                used += cell_w
            line.append_text(tail)
            lines.append(line)
        legend = Text(" " * label_w)
        for status in STATUSES:
            legend.append(f" {status} ", self._style(status))
            legend.append(" ")
        if not full:
            legend.append("▸ target", self._style("target"))
        lines.append(legend)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width or 80))


def gauge(value: float, limit: float | None, width: int = 20) -> Content:
    """A bar of `value` against `limit`: filled, empty, and red beyond the limit."""
    if limit is None or limit <= 0:
        return Content.styled("no limit".ljust(width), "$text-muted")
    share = value / limit
    filled = min(width, round(share * width))
    style = "$error" if share > 1 + 1e-9 else ("$warning" if share > 0.9 else "$success")
    return Content.assemble(("█" * filled, style), ("░" * (width - filled), "$text-disabled"))


_BARS = " ▁▂▃▄▅▆▇█"


def sparkline(values: list[float], limit: float | None) -> Content:
    """One cell per period, height by load against the limit (or the peak when unlimited);
    periods at the limit show in the warning colour."""
    top = limit if limit else max(values, default=0) or 1
    parts = []
    for v in values:
        level = min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1))) if v > 0 else 0
        full = limit is not None and v >= limit * 0.97
        parts.append((_BARS[level] if v > 0 else "·", "$warning" if full else "$accent"))
    return Content.assemble(*parts)
