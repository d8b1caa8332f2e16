"""Calendar periods: where period i starts and what to call it."""

from __future__ import annotations

import datetime as dt

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    # keep the day of month where the month is long enough (31 Jan + 1 month -> 28/29 Feb)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def period_start(start: dt.date, period: str, index: int) -> dt.date:
    return add_months(start, index * (3 if period == "quarter" else 1))


def period_label(start: dt.date, period: str, index: int) -> str:
    """"Q1 2027" for a quarter that starts on a quarter boundary, "Jan 2027" for a month;
    otherwise the start date, so the label never lies about an offset calendar."""
    day = period_start(start, period, index)
    if day.day != 1:
        return day.isoformat()
    if period == "quarter":
        if (day.month - 1) % 3 == 0:
            return f"Q{(day.month - 1) // 3 + 1} {day.year}"
        return f"{_MONTHS[day.month - 1]}-{_MONTHS[(day.month + 1) % 12]} {day.year}"
    return f"{_MONTHS[day.month - 1]} {day.year}"


def period_index(start: dt.date, period: str, day: dt.date) -> int:
    """The index of the period holding `day` (negative before the start)."""
    step = 3 if period == "quarter" else 1
    months = (day.year - start.year) * 12 + day.month - start.month
    index = months // step
    while period_start(start, period, index) > day:
        index -= 1
    while period_start(start, period, index + 1) <= day:
        index += 1
    return index
