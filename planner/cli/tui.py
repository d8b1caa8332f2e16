"""`csip` and `csip tui`: the terminal UI on a scenario."""

from __future__ import annotations

import argparse
from pathlib import Path

import scenarios


def default_scenario() -> Path:
    return Path(scenarios.__file__).parent / "herus.toml"


def cmd_tui(args: argparse.Namespace) -> int:
    path = args.scenario if getattr(args, "scenario", None) else str(default_scenario())
    from tui.app import run_app  # the planner imports the TUI only here, when it is asked for

    return run_app(Path(path))
