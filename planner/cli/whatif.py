"""The what-if commands: `csip compare`, `csip sweep` and `csip export`.

Bad input raises `InputError` (exit 2 with `error:` lines naming the file or option), an infeasible
result exits 3 after saying why.

Exit codes beyond the contract's: `compare` and `sweep` exit 0 when at least one scenario (or point)
has a plan, even if others are infeasible, since showing which ones fail is the point of a
comparison; they exit 3 only when none has a plan. `export` exits 3 for an infeasible plan after
writing the file, which then explains the diagnosis.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planner.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_OK,
    load,
    print_json,
    print_view,
    solve,
)
from planner.errors import InputError, Problem, display_path
from planner.export import FORMAT_NAMES, choose_format, export_text, write_export
from planner.output.jsonshapes import compare_json, sweep_json
from planner.output.whatif_views import compare_view, sweep_view
from planner.plan.results import PlanStatus
from planner.sanitize import clean, clean_message
from planner.whatif.compare import compare
from planner.whatif.sweep import parse_range, run_sweep


@contextmanager
def _progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr, only when stderr is a terminal (never in pipes or logs). The
    label may hold a scenario's name: shown as text, never read as Rich markup."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda _i: None
        return

    with Progress(TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(clean(label), total=total)
        yield lambda _i: bar.advance(task)


def cmd_compare(args: argparse.Namespace) -> int:
    paths = list(args.scenario)
    baseline = None
    if args.baseline is not None:  # one of the scenarios, or one more, put first
        same = [i for i, p in enumerate(paths) if Path(p).resolve() == Path(args.baseline).resolve()]
        if not same:
            paths.insert(0, args.baseline)
        baseline = same[0] if same else 0
    for p in paths:  # every file must load before any solving starts
        load(p)
    with _progress(f"Planning {len(paths)} scenarios", len(paths)) as done:
        rows = compare(paths, time_limit=args.time_limit, on_done=done, baseline=baseline)

    if args.json:
        print_json(compare_json(rows))
    else:
        print_view(compare_view(rows))
    return EXIT_INFEASIBLE if all(r.plan["status"] == "infeasible" for r in rows) else EXIT_OK


def cmd_sweep(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    ranges = {}
    for option, spec in (("--budget", args.budget), ("--capacity", args.capacity)):
        if spec is None:
            ranges[option] = None
            continue
        try:
            ranges[option] = parse_range(option, spec)
        except InputError as exc:
            ranges[option] = None
            problems.extend(exc.problems)
    if ranges["--budget"] is None and ranges["--capacity"] is None and not problems:
        problems.append(Problem("sweep", "", "nothing to sweep",
                                hint="give --budget LO:HI:N, --capacity LO:HI:N or both"))
    if problems:
        raise InputError(problems)
    scenario = load(args.scenario)
    n = 1
    for r in ranges.values():
        n *= r.n if r else 1
    with _progress(f"Sweeping {scenario.name}", n) as done:
        result = run_sweep(args.scenario, scenario, ranges["--budget"], ranges["--capacity"],
                           time_limit=args.time_limit, on_done=done)
    if args.json:
        print_json(sweep_json(result))
        for r in result.regressions:  # in the JSON too, but a script's user should see it
            sys.stderr.write(clean_message(f"warning: {r.message(result.currency)}") + "\n")
    else:
        print_view(sweep_view(result))
    return EXIT_INFEASIBLE if result.all_infeasible else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    fmt = choose_format(args.format, args.output)
    to_stdout = args.output == "-"
    target = Path(args.output)
    if not to_stdout:
        _check_writable(args.output, target)
    scenario = load(args.scenario)
    plan = solve(scenario, args.time_limit)
    if to_stdout:
        sys.stdout.write(export_text(plan, fmt))
        return EXIT_INFEASIBLE if plan.status is PlanStatus.INFEASIBLE else EXIT_OK
    try:
        write_export(plan, fmt, target)
    except OSError as exc:
        raise InputError([Problem(args.output, "", f"cannot write: {exc.strerror or exc}")]) from None
    what = FORMAT_NAMES[fmt]
    if plan.status is PlanStatus.INFEASIBLE:
        sys.stderr.write(clean_message(f"wrote {display_path(target)}: {what} of {scenario.name}; the "
                                       "plan is infeasible and the file explains why") + "\n")
        return EXIT_INFEASIBLE
    sys.stderr.write(clean_message(f"wrote {display_path(target)}: {what} of {scenario.name}, "
                                   f"{len(plan.actions)} actions, target level {plan.target_level}"
                                   + (f" at the end of {plan.periods[plan.target_period].label}"
                                      if plan.target_period is not None else " already held")) + "\n")
    return EXIT_OK


def _check_writable(name: str, target: Path) -> None:
    parent = target.parent
    if not parent.is_dir():
        raise InputError([Problem(name, "", f'directory "{display_path(parent)}" does not exist',
                                  hint="create it first, or write somewhere else with -o")])
    if target.is_dir():
        raise InputError([Problem(name, "", "is a directory", hint="give a file name with -o")])
    if not os.access(parent, os.W_OK):
        raise InputError([Problem(name, "", f'directory "{display_path(parent)}" is not writable')])
