"""Numbers, money and labels as the screens print them, and reading what the user types.

Small and pure so that every screen writes the same amounts the same way, and what a user types
into a budget field ("300k", "300,000", "unlimited") means the same everywhere.
"""

from __future__ import annotations

from planner.model import Scenario
from planner.numbers import days, money, parse_amount
from planner.periods import period_label

__all__ = ["MARK", "amount", "days", "limit", "money", "parse_amount", "period", "short_money",
           "short_period"]

MARK = {"satisfied": "✔", "partial": "◐", "unsatisfied": "✘", "na": "–"}
"""One character per goal or KPA status, as in the command line's tables."""


def amount(x: float, scenario: Scenario | None) -> str:
    return money(x, scenario.currency if scenario else "")


def limit(value: float | None, scenario: Scenario | None = None, unit: str = "") -> str:
    if value is None:
        return "unlimited"
    text = amount(value, scenario) if scenario is not None and not unit else days(value)
    return f"{text} {unit}".rstrip()


def short_money(x: float) -> str:
    """50,500 -> 50.5k: for the narrow cells of the roadmap."""
    if abs(x) >= 1_000_000:
        return f"{x / 1_000_000:.1f}M".replace(".0M", "M")
    if abs(x) >= 1_000:
        return f"{x / 1_000:.1f}k".replace(".0k", "k")
    return f"{x:.0f}"


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
