"""Validating argparse `type=` functions, so every command refuses the same bad values."""

from __future__ import annotations

import argparse
import math


def time_limit(text: str) -> float:
    """Seconds for the solver: a finite number above zero (0, -1, nan and inf are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number of seconds") from None
    if math.isnan(value):
        raise argparse.ArgumentTypeError("nan is not a number of seconds")
    if not math.isfinite(value) or value <= 0 or value > 86_400:
        raise argparse.ArgumentTypeError(
            f"the time limit must be above 0 and at most 86400 s, not {text[:40]}")
    return value


def output_path(text: str) -> str:
    """A file to write: not empty, not only blanks."""
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty file name; give the file to write, e.g. -o plan.md")
    return text
