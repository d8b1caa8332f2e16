"""What every command handler shares: exit codes, the argument parser's error style, loading a
scenario (bad input becomes exit 2), solving with a spinner, and printing tables and JSON.

This module is imported by `csip --help`, so the loaders, the rules engine and the solver are
imported inside the functions that need them (each marked), never at the top.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from planner.cli.spinner import Spinner
from planner.errors import Problem, did_you_mean
from planner.sanitize import clean, clean_message, escape_in_strings

if TYPE_CHECKING:
    from planner.model import Scenario
    from planner.plan.results import Plan

EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_INFEASIBLE = 0, 1, 2, 3


class Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad usage already; make its message start with `error:`."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = self._hint(message)
        sys.stderr.write(clean_message(f"error: {message}" + (f" ({hint})" if hint else "")) + "\n")
        raise SystemExit(EXIT_INPUT)

    def _hint(self, message: str) -> str:
        """A did-you-mean for a misspelt command, choice or option (argparse on 3.11 gives none)."""
        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            return did_you_mean(m.group(1), re.findall(r"'([^']*)'", m.group(2)))
        m = re.match(r"unrecognized arguments: (.*)", message)
        if m:
            options = {o for p in _all_parsers(self) for a in p._actions for o in a.option_strings}
            hints = [f"{w} belongs to other commands: see csip COMMAND --help" if w in options
                     else did_you_mean(w, options) for w in m.group(1).split() if w.startswith("-")]
            return "; ".join(h for h in hints if h)
        return ""


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out.extend(_all_parsers(sub))
    return out


def report_problems(problems: Sequence[Problem]) -> None:
    for p in problems:
        sys.stderr.write(f"{'error' if p.severity == 'error' else 'warning'}: {p.render()}\n")


def load(path: str) -> Scenario:
    """The scenario at `path`, its warnings printed; bad input raises `InputError` (exit 2)."""
    from planner.load.scenarios import open_scenario  # lazy: networkx and the loaders stay out of --help

    scenario, warnings = open_scenario(path)
    report_problems(warnings)
    return scenario


def solve(scenario: Scenario, time_limit: float, with_quick_wins: bool = True) -> Plan:
    """The verified plan, with a spinner on stderr while it takes a while; a command that
    shows no quick wins passes `with_quick_wins=False` and saves their checks."""
    from planner.plan.pipeline import make_plan  # lazy: PuLP and durable-rules stay out of --help

    with Spinner(f"Planning {clean(scenario.name)}...") as spin:
        return make_plan(scenario, time_limit=time_limit, progress=spin.update,
                         with_quick_wins=with_quick_wins)


def print_json(data: Any) -> None:
    sys.stdout.write(escape_in_strings(json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def print_view(renderable: Any) -> None:
    from planner.output.terminal import make_console  # lazy: rich's tables stay out of --help

    make_console().print(renderable)

