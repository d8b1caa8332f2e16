"""Declarative rules: goal ratings from ITIL evidence and direct ratings, KPA status, the staged
maturity level, prerequisites, quick wins, and the consolidation of questionnaire answers. The
rulesets are data (`*.toml` here); the engine
behind them is durable-rules, reached only through `rules.engine`."""

from __future__ import annotations

import threading
from pathlib import Path

from rules import capability_actions  # noqa: F401 (registers its action)
from rules.actions import registry
from rules.engine import RulesEngine, RulesError
from rules.rulesets import load_rulesets

__all__ = ["RulesError", "get_engine"]

_RULE_FILES = ("assessment.toml", "quickwins.toml", "survey.toml", "capability.toml")
_engine: RulesEngine | None = None
_engine_lock = threading.Lock()


def get_engine() -> RulesEngine:
    """The process-wide engine: created once, rulesets registered once (durable-rules cannot
    unregister them, and a second host would leak threads)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            loaded = load_rulesets((Path(__file__).parent / name for name in _RULE_FILES), registry)
            _engine = RulesEngine(loaded.rulesets, loaded.actions)
        return _engine
