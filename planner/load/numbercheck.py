"""The one place where numbers read from files are judged sane.

TOML happily gives `nan`, `inf`, floats of 1e300 and integers of a thousand digits. Any of those
used to pass validation and then crash the rules engine (C code), make the solver fail, or raise
OverflowError deep in a report. Every loader hands each number to `number_problem` with the key it
came from; the key says what the number means (an effort, an amount of money, a count of periods),
and the meaning says what range is believable. The ranges are generous on purpose: they exist to
keep nonsense out of C code and solvers, not to second-guess a plan.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float
    integral: bool
    unit: str


PERSON_DAYS = Range(0, 1_000_000, False, "person-days")
MONEY = Range(0, 1e12, False, "money")
PERIODS = Range(1, 1000, True, "periods")

MEANINGS: dict[str, Range] = {
    "effort": PERSON_DAYS,
    "effort_per_period": PERSON_DAYS,
    "max_effort": PERSON_DAYS,
    "cost": MONEY,
    "budget": MONEY,
    "max_cost": MONEY,
    "duration": PERIODS,
    "horizon": PERIODS,
    "reassess_every": Range(0, 1000, True, "periods"),
    "level": Range(0, 100, True, "level"),
    "number": Range(0, 100, True, "level"),
    "target_level": Range(0, 100, True, "level"),
    "itil_threshold": Range(0, 5, True, "PMF level"),
    "itil": Range(0, 5, True, "PMF level"),
}
"""Key name (the last part of its key path, or the table a free-form key sits in) -> range."""

ANY = Range(-1e15, 1e15, False, "")
"""Numbers of no known meaning: finite and of a size every later step can print and compute."""

_LIMITS = ("budget", "effort_per_period")

MAX_DIGITS = 30
"""Integers longer than this are refused before anything converts them (float() of a 401-digit
integer overflows, and str() of a 5,000-digit one is refused by Python itself)."""


def meaning(key: str, parent: str = "") -> Range:
    return MEANINGS.get(key) or MEANINGS.get(parent) or ANY


def number_problem(value: object, key: str, parent: str = "") -> str | None:
    """Why `value`, read under `key`, is not a believable number; None if it is (or is no number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    r = meaning(key, parent)
    if isinstance(value, int) and abs(value) >= 10**MAX_DIGITS:
        return f"a number with more than {MAX_DIGITS} digits is not believable here"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan is not a number csip can plan with"
        if math.isinf(value):
            hint = '; leave the key out or write "unlimited" for no limit' if key in _LIMITS else ""
            return f"{'-' if value < 0 else ''}inf is not a finite number{hint}"
        if r.integral and not value.is_integer():
            return f"must be a whole number, not {value:g}"
    unit = f" {r.unit}" if r.unit and r.unit not in ("level", "PMF level", "money") else ""
    if value < r.low:
        return f"must be at least {_show(r.low)}{unit}, not {_show(value)}"
    if value > r.high:
        return f"must be at most {_show(r.high)}{unit}, not {_show(value)}"
    return None


def _show(x: float) -> str:
    if isinstance(x, int):
        return str(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else f"{x:g}"
