"""`csip status`: plan against actual for a progress file (computations in planner.progress)."""

from __future__ import annotations

import argparse
import json
import sys

from planner.cli.common import EXIT_INPUT, EXIT_OK, load, print_json, solve
from planner.load.readfile import read_text
from planner.progress.baseline import parent_baseline, parent_of, report_with_baseline, saved_baseline_changes
from planner.progress.status import baseline_mismatch, status_json, status_lines
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
        if not isinstance(baseline, dict) or not isinstance(baseline.get("actions"), list):
            sys.stderr.write(clean_message(f"error: {args.baseline}: actions: not a plan JSON "
                                           "(save one with csip plan FILE --json)") + "\n")
            return EXIT_INPUT
        parent = parent_of(scenario)
        parent_name = parent.name if parent else scenario.name
        note = baseline_mismatch(scenario, baseline, parent_name) or (
            saved_baseline_changes(parent, baseline) if parent else "")
        where = args.baseline
    elif scenario.parents:
        parent_name, baseline = parent_baseline(scenario, args.time_limit)
        note, where = "", str(scenario.parents[0])
    else:
        sys.stderr.write(clean_message(f"error: {args.scenario}: extends: a progress file extends the "
                                       "planned scenario, or give --baseline PLAN.json") + "\n")
        return EXIT_INPUT
    # the status shows no quick wins: they are not worked out
    plan = solve(scenario, args.time_limit, with_quick_wins=False)
    report = report_with_baseline(scenario, plan, baseline, parent_name, note)
    if report.baseline_note:
        sys.stderr.write(clean_message(f"warning: {where}: baseline: {report.baseline_note}; "
                                       "nothing is compared with it") + "\n")
    if args.json:
        print_json(status_json(report))
    else:
        # names, notes and KPI names come from the progress file: shown, never acted on
        sys.stdout.write("\n".join(clean(line) for line in status_lines(report)) + "\n")
    return EXIT_OK
