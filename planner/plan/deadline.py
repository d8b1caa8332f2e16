"""One deadline for a whole command: the plan, its diagnosis and its quick-win checks share it.

`--time-limit` bounds the command, not each solve in it. An infeasible plan is followed by several
re-plans (one limit lifted each) and the quick-win checks; giving each its own full limit let a
10-second command run half a minute. Each step asks the deadline how much it may spend: at most its
own share, never more than what is left, and nothing when too little is left for a solve to start.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

MIN_SOLVE = 0.5
"""Seconds below which a question is not asked: the solver's own floor (planner.optimize.solver)."""


@dataclass(frozen=True)
class Deadline:
    end: float
    """`time.perf_counter()` value at which the command's time is up."""

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.perf_counter() + max(0.0, seconds))

    def left(self) -> float:
        return max(0.0, self.end - time.perf_counter())

    def share(self, most: float) -> float | None:
        """Seconds one question may take: `most`, cut to what is left; None when what is left is
        too little to ask it at all."""
        left = self.left()
        return None if left < MIN_SOLVE else min(most, left)
