"""How numbers read in text: money with its currency, person-days, counts. One place, so the
terminal, the exports, the TUI and the rules' reasons all write 1,000 and 12.5 the same way."""

from __future__ import annotations


def money(x: float, currency: str = "") -> str:
    text = f"{x:,.0f}"
    return f"{currency} {text}".strip() if currency else text


def days(x: float) -> str:
    """Person-days: whole where they are (nearly) whole, one decimal otherwise."""
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"
