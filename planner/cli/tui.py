"""`csip` and `csip tui`: the terminal UI on a scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import scenarios
from planner.errors import InputError, Problem


def default_scenario() -> Path:
    return Path(scenarios.__file__).parent / "herus.toml"


def cmd_tui(args: argparse.Namespace) -> int:
    path = args.scenario if getattr(args, "scenario", None) else str(default_scenario())
    check_terminal()
    from tui.app import run_app  # the planner imports the TUI only here, when it is asked for

    return run_app(Path(path))


def check_terminal() -> None:
    """The TUI draws with escape codes and reads keys: without a terminal on both ends it would
    write those codes into a file and wait for keys that never come. Say so instead (exit 2)."""
    missing = [name for name, stream in (("input", sys.stdin), ("output", sys.stdout))
               if stream is None or not stream.isatty()]
    if missing:
        raise InputError([Problem(
            "csip", "", f"the terminal UI needs a terminal, and standard {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not one",
            hint="run csip in a terminal, or a command that prints, e.g. csip plan SCENARIO; "
                 "csip --help lists them")])
