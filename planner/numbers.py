"""How numbers read in text: money with its currency, person-days, counts. One place, so the
terminal, the exports, the TUI and the rules' reasons all write 1,000 and 12.5 the same way."""

from __future__ import annotations


def money(x: float, currency: str = "") -> str:
    text = f"{x:,.0f}"
    return f"{currency} {text}".strip() if currency else text


def days(x: float) -> str:
    """Person-days: whole where they are (nearly) whole, one decimal otherwise."""
    return f"{x:,.0f}" if abs(x - round(x)) < 0.05 else f"{x:,.1f}"


_UNLIMITED_WORDS = ("", "unlimited", "none", "no limit", "-", "∞")
_SUFFIXES = {"k": 1_000.0, "m": 1_000_000.0}


def read_number(text: str) -> float:
    """A number as a person types it: "300000", "300,000", "300 000", "300k", "1.2m", "1e4".
    Raises ValueError for anything else; nan and inf come back as floats for the caller to judge."""
    cleaned = text.strip().lower().replace(",", "").replace("_", "").replace(" ", "")
    factor = 1.0
    if cleaned and cleaned[-1] in _SUFFIXES and cleaned not in ("inf", "-inf"):
        factor = _SUFFIXES[cleaned[-1]]
        cleaned = cleaned[:-1]
    return float(cleaned) * factor


MONEY_EXAMPLES = '300000, 300k or "unlimited"'
DAYS_EXAMPLES = '150, 80.5 or "unlimited"'


def parse_amount(text: str, examples: str = MONEY_EXAMPLES) -> float | None:
    """A limit as typed (see `read_number`); empty or "unlimited" is no limit. One reader for the
    TUI's fields and the command line, so "300k" means the same everywhere. Raises ValueError with
    a message (suggesting `examples`) for anything else, or a negative or non-finite amount."""
    if text.strip().lower() in _UNLIMITED_WORDS:
        return None
    try:
        value = read_number(text)
    except ValueError:
        raise ValueError(f'"{text.strip()}" is not an amount (try {examples})') from None
    if value != value:
        raise ValueError(f'"{text.strip()}" is not a number (try {examples})')
    if value in (float("inf"), float("-inf")):
        raise ValueError('an infinite limit is no limit: leave the field empty or type "unlimited"')
    if value < 0:
        raise ValueError("a limit cannot be negative")
    return value
