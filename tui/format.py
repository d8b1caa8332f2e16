"""Numbers, money and labels as the screens print them, and reading what the user types.

Small and pure so that every screen writes the same amounts the same way, and what a user types
into a budget field ("300k", "300,000", "unlimited") means the same everywhere.
"""

from __future__ import annotations

from planner.model import Scenario
from planner.numbers import DAYS_EXAMPLES, MONEY_EXAMPLES, days, money, parse_amount
from planner.periods import period_label

__all__ = ["DAYS_EXAMPLES", "MARK", "MONEY_EXAMPLES", "amount", "days", "fit", "limit", "money",
           "parse_amount", "period", "short_days", "short_money", "short_period"]

MARK = {"satisfied": "✔", "partial": "◐", "unsatisfied": "✘", "na": "–"}
"""One character per goal or KPA status, as in the command line's tables."""


def amount(x: float, scenario: Scenario | None) -> str:
    return money(x, scenario.currency if scenario else "")


def limit(value: float | None, scenario: Scenario | None = None, unit: str = "") -> str:
    if value is None:
        return "unlimited"
    text = amount(value, scenario) if scenario is not None and not unit else days(value)
    return f"{text} {unit}".rstrip()


def short_money(x: float, width: int | None = None) -> str:
    """50,500 -> 50.5k: for the narrow cells of the roadmap; with `width`, never wider (the
    decimal goes first, so that neighbouring cells never run together)."""
    if abs(x) >= 1_000_000:
        candidates = [f"{x / 1_000_000:.1f}M".replace(".0M", "M"), f"{x / 1_000_000:.0f}M"]
    elif abs(x) >= 1_000:
        candidates = [f"{x / 1_000:.1f}k".replace(".0k", "k"), f"{x / 1_000:.0f}k"]
        if round(x / 1_000) >= 1_000:
            candidates.append(f"{x / 1_000_000:.1f}M")
    else:
        candidates = [f"{x:.0f}"]
    if width is None:
        return candidates[0]
    return next((c for c in candidates if len(c) <= width), "…")


def short_days(x: float, width: int) -> str:
    """Person-days as `days` writes them (148.5, like the command line), whole only where the
    cell is too narrow for the decimal."""
    for text in (days(x), f"{x:,.0f}", f"{x:.0f}"):
        if len(text) <= width:
            return text
    return "…"


def fit(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis, so that what follows keeps its space."""
    return text if len(text) <= width else text[:max(0, width - 1)] + "…"


def period(scenario: Scenario, index: int | None) -> str:
    if index is None:
        return "—"
    return period_label(scenario.start, scenario.period, index)


def short_period(scenario: Scenario, index: int, width: int) -> str:
    """A period label that fits `width` cells: "Q1 2027" where it fits, otherwise "Q1'27" at the
    first period and each new year and "Q2" in between (likewise "Jan'27", "Feb")."""
    full = period(scenario, index)
    if len(full) <= width:
        return full
    parts = full.split(" ")
    if len(parts) == 2 and len(parts[1]) == 4 and parts[1].isdigit():
        first_of_year = index == 0 or period(scenario, index - 1).split(" ")[-1] != parts[1]
        short = f"{parts[0]}'{parts[1][2:]}" if first_of_year else parts[0]
        return short[:width]
    return full[-width:]
