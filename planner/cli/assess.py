"""Where the organisation stands: `csip assess`, `csip gap`, and the files behind them:
`csip validate` and `csip frameworks`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from rich.console import Group

from planner.assess.gaps import gap_report
from planner.assess.targets import target_goals
from planner.cli.common import EXIT_INPUT, EXIT_OK, load, print_json, print_view, report_problems
from planner.errors import InputError, Problem, did_you_mean, display_path
from planner.load.authoring import NOTE
from planner.load.frameworks import SHIPPED, load_framework
from planner.load.itil import load_process_list
from planner.load.scenarios import itil_version_hint
from planner.load.validate import validate_file
from planner.model import ITIL_VERSIONS, Assessment, Framework, Scenario
from planner.output.capability_views import continuous_view, profile_gap_view
from planner.output.itil_views import itil_list_json, itil_list_view, itil_lists_view
from planner.output.jsonshapes import (
    assess_json,
    capability_json,
    framework_json,
    gap_json,
    profile_gap_json,
)
from planner.output.terminal import (
    assessment_view,
    framework_view,
    frameworks_view,
    gap_view,
    heading,
)
from planner.practices import continuous_refusal, supports_continuous
from rules.assess import assess
from rules.capability import capability_profile

ITIL_LISTS = {f"itil-{v}": v for v in ITIL_VERSIONS}
"""`frameworks show` names the ITIL process lists itil-v2, itil-2011 and itil-4."""


def cmd_assess(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    continuous = getattr(args, "representation", "staged") == "continuous"
    if continuous and not supports_continuous(scenario.framework):
        raise InputError([Problem("--representation", "", continuous_refusal(scenario.framework),
                                  hint="use --representation staged (the maturity level)")])
    assessment = assess(scenario)
    areas = capability_profile(assessment) if continuous else ()
    if args.json:
        data = assess_json(scenario, assessment)
        if continuous:
            data["capability"] = capability_json(areas)
        print_json(data)
    elif continuous:
        print_view(continuous_view(scenario, assessment, areas, heading(scenario, assessment)))
    else:
        print_view(assessment_view(scenario, assessment))
    return EXIT_OK


def cmd_gap(args: argparse.Namespace) -> int:
    scenario = load(args.scenario)
    profile = scenario.target_profile if args.target is None else None
    target = args.target if args.target is not None else scenario.target_level
    if not 1 <= target <= scenario.framework.max_level:
        raise InputError([Problem("--target", "", f"level {target} does not exist",
                                  hint=f"{scenario.framework.name} has levels "
                                       f"1..{scenario.framework.max_level}")])
    assessment = assess(scenario)
    if profile is not None:
        return _profile_gap(args, scenario, assessment)
    report = gap_report(assessment, target, scenario.actions)
    if args.json:
        print_json(gap_json(scenario, report))
    else:
        print_view(gap_view(scenario, assessment, report))
    return EXIT_OK


def _profile_gap(args: argparse.Namespace, scenario: Scenario, assessment: Assessment) -> int:
    """The gap toward a target capability profile: per area its level against its target, and
    the open goals that stand between (the staged `blocking` shape, over the profile's goals)."""
    report = gap_report(assessment, scenario.target_level, scenario.actions,
                        needed_goals=target_goals(scenario, assessment))
    areas = capability_profile(assessment)
    if args.json:
        data = gap_json(scenario, report)
        data.update(profile_gap_json(scenario, areas))
        print_json(data)
    else:
        print_view(Group(gap_view(scenario, assessment, report), profile_gap_view(scenario, areas)))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        found = validate_file(Path(name))
        notes = [p for p in found if p.severity == NOTE]
        problems = [p for p in found if p.severity != NOTE]
        report_problems(problems)
        errors = [p for p in problems if p.severity == "error"]
        warnings = len(problems) - len(errors)
        if errors:
            failed = True
            sys.stderr.write(f"{display_path(name)}: {len(errors)} error(s), {warnings} warning(s)\n")
        else:
            note = f" ({warnings} warning(s))" if warnings else ""
            sys.stdout.write(f"{display_path(name)}: OK{note}\n")
            for p in notes:  # a choice the file may have made on purpose: said, not warned about
                sys.stdout.write(f"  note: {p.render()}\n")
    return EXIT_INPUT if failed else EXIT_OK


def cmd_frameworks(args: argparse.Namespace) -> int:
    if args.show not in (None, "show"):
        if args.id is not None:
            raise InputError([Problem("frameworks", "", f'unknown subcommand "{args.show}"',
                                      hint=did_you_mean(args.show, ["show"]) or "csip frameworks show ID")])
        args.show, args.id = "show", args.show  # `csip frameworks itscmm` reads as show
    if args.show and args.id is None:
        raise InputError([Problem("frameworks show", "", "which framework?",
                                  hint="one of " + ", ".join([*SHIPPED, *ITIL_LISTS]))])
    if args.id is not None and args.id in ITIL_LISTS:
        process_list = load_process_list(ITIL_LISTS[args.id])
        if args.json:
            print_json(itil_list_json(args.id, process_list))
        else:
            print_view(itil_list_view(args.id, process_list))
        return EXIT_OK
    if args.id is not None:
        fw = _framework_by_ref(args.id)
        if args.json:
            print_json(framework_json(fw))
        else:
            print_view(framework_view(fw))
        return EXIT_OK
    fws = [load_framework(fid) for fid in SHIPPED]
    if args.json:
        print_json([{"id": f.id, "name": f.name, "version": f.version, "levels": len(f.levels),
                     "kpas": len(f.kpas), "goals": len(f.goal_ids), "actions": len(f.actions)}
                    for f in fws])
    else:
        print_view(frameworks_view(fws))
        print_view(itil_lists_view({ref: load_process_list(v) for ref, v in ITIL_LISTS.items()}))
    return EXIT_OK


def _framework_by_ref(ref: str) -> Framework:
    if ref in SHIPPED:
        return load_framework(ref)
    if ref.endswith(".toml") or os.sep in ref or Path(ref).exists():
        return load_framework(str(Path(ref).resolve()))
    known = [*SHIPPED, *ITIL_LISTS]
    meant = itil_version_hint(ref.lower().removeprefix("itil")) if ref.lower().startswith("itil") else ""
    hint = ("ITIL v3 ships as its 2011 edition: itil-2011" if "2011" in meant
            else did_you_mean(ref, known) or "one of " + ", ".join(known))
    raise InputError([Problem("frameworks show", "", f'unknown framework "{ref}"', hint=hint)])
