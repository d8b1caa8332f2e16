"""The roadmap: `csip plan` and `csip quickwins`."""

from __future__ import annotations

import argparse
import sys

from planner.cli.common import EXIT_INFEASIBLE, EXIT_OK, load, print_json, print_view, solve
from planner.output.capability_views import profile_gap_view
from planner.output.jsonshapes import plan_json, quickwins_json
from planner.output.terminal import left_out_view, plan_view, quickwins_view
from planner.plan.results import PlanStatus
from planner.sanitize import clean_message
from rules.capability import capability_profile


def cmd_plan(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    plan = solve(scenario, args.time_limit)
    if args.json:
        print_json(plan_json(plan))
    else:
        print_view(plan_view(plan))
        if scenario.target_profile is not None:
            print_view(profile_gap_view(scenario, capability_profile(plan.assessment)))
        if plan.status is not PlanStatus.INFEASIBLE and plan.left_out and args.why_not:
            print_view(left_out_view(plan))
    return EXIT_INFEASIBLE if plan.status is PlanStatus.INFEASIBLE else EXIT_OK


def cmd_quickwins(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    plan = solve(scenario, 60.0)
    wins = list(plan.quick_wins)
    if args.json:
        print_json(quickwins_json(wins))
    else:
        print_view(quickwins_view(plan, wins))
        if plan.status is PlanStatus.INFEASIBLE and plan.diagnosis is not None:
            note = f"note: no plan reaches the target: {plan.diagnosis.reason}"
            sys.stderr.write(clean_message(note) + "\n")
    return EXIT_INFEASIBLE if plan.status is PlanStatus.INFEASIBLE else EXIT_OK
