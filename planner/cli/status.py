"""`csip status`: plan against actual for a progress file (computations in planner.progress)."""

from __future__ import annotations

import argparse
import json
import sys

from planner.cli.common import EXIT_INPUT, EXIT_OK, load, print_json, solve
from planner.load.readfile import read_text
from planner.progress.baseline import parent_baseline, report_with_baseline
from planner.progress.status import status_json, status_lines
from planner.sanitize import clean, clean_message


def cmd_status(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    if scenario.progress is None:
        sys.stderr.write(clean_message(f"error: {args.scenario}: status: not a progress file (add [status] "
                                       "date and [[progress]] records; see docs/formats.md)") + "\n")
        return EXIT_INPUT
    if args.baseline:
        try:
            baseline = json.loads(read_text(args.baseline))
        except (OSError, ValueError) as exc:
            sys.stderr.write(clean_message(f"error: {args.baseline}: cannot read the baseline plan JSON: "
                                           f"{exc}") + "\n")
            return EXIT_INPUT
        parent_name = load(str(scenario.parents[0])).name if scenario.parents else scenario.name
    elif scenario.parents:
        parent_name, baseline = parent_baseline(scenario, args.time_limit)
    else:
        sys.stderr.write(clean_message(f"error: {args.scenario}: extends: a progress file extends the "
                                       "planned scenario, or give --baseline PLAN.json") + "\n")
        return EXIT_INPUT
    plan = solve(scenario, args.time_limit)
    report = report_with_baseline(scenario, plan, baseline, parent_name)
    if args.json:
        print_json(status_json(report))
    else:
        # names, notes and KPI names come from the progress file: shown, never acted on
        sys.stdout.write("\n".join(clean(line) for line in status_lines(report)) + "\n")
    return EXIT_OK
