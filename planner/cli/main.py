"""The `csip` command line.

Every command reads files the user wrote, so the one rule here is: bad input ends with `error:`
lines on stderr naming file and key or line, a likely fix, and exit code 2, never a traceback.
An infeasible plan exits 3 after printing its diagnosis. Set CSIP_DEBUG=1 to see tracebacks of
unexpected failures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from planner.errors import InputError, PlannerError, Problem, display_path

EXIT_OK, EXIT_FAILURE, EXIT_INPUT, EXIT_INFEASIBLE = 0, 1, 2, 3


def default_scenario() -> Path:
    import scenarios

    return Path(scenarios.__file__).parent / "herus.toml"


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on bad usage already; make its message start with `error:`."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        hint = self._hint(message)
        sys.stderr.write(f"error: {message}" + (f" ({hint})" if hint else "") + "\n")
        raise SystemExit(EXIT_INPUT)

    def _hint(self, message: str) -> str:
        """A did-you-mean for a misspelt command, choice or option (argparse on 3.11 gives none)."""
        from planner.errors import did_you_mean

        m = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if m:
            return did_you_mean(m.group(1), re.findall(r"'([^']*)'", m.group(2)))
        m = re.match(r"unrecognized arguments: (.*)", message)
        if m:
            options = {o for p in _all_parsers(self) for a in p._actions for o in a.option_strings}
            hints = [did_you_mean(w, options) for w in m.group(1).split() if w.startswith("-")]
            return "; ".join(h for h in hints if h)
        return ""


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    out = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                out.extend(_all_parsers(sub))
    return out


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="csip", description="Plan IT service improvement: where you stand on a "
                "maturity model, what blocks the next level, and the best roadmap to the target.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def scen(sp: argparse.ArgumentParser, many: bool = False) -> None:
        sp.add_argument("scenario", nargs="+" if many else None, metavar="SCENARIO",
                        help="scenario file (TOML)")

    sp = sub.add_parser("tui", help="the terminal UI on a scenario (default: the bundled HeRus)")
    sp.add_argument("scenario", nargs="?", metavar="SCENARIO")
    sp = sub.add_parser("assess", help="current maturity level, every KPA and goal with status and why")
    scen(sp)
    sp.add_argument("--json", action="store_true")
    sp = sub.add_parser("gap", help="what stands between the current state and the target level")
    scen(sp)
    sp.add_argument("--target", type=int, metavar="N", help="target level (default: the scenario's)")
    sp.add_argument("--json", action="store_true")
    sp = sub.add_parser("plan", help="the optimised roadmap to the target level")
    scen(sp)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--time-limit", type=float, default=60.0, metavar="S",
                    help="seconds the solver may use (default 60)")
    sp.add_argument("--why-not", action="store_true",
                    help="also list the catalog actions left out, with the reason")
    sp = sub.add_parser("quickwins", help="small actions to start now that do not delay the target")
    scen(sp)
    sp.add_argument("--json", action="store_true")
    sp = sub.add_parser("compare", help="plans of several scenarios side by side")
    scen(sp, many=True)
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--time-limit", type=float, default=60.0, metavar="S")
    sp = sub.add_parser("sweep", help="how the earliest target period moves with budget or capacity")
    scen(sp)
    sp.add_argument("--budget", metavar="LO:HI:N")
    sp.add_argument("--capacity", metavar="LO:HI:N")
    sp.add_argument("--json", action="store_true")
    sp.add_argument("--time-limit", type=float, default=30.0, metavar="S")
    sp = sub.add_parser("export", help="write the CSIP plan as Markdown, TOML, CSV or JSON")
    scen(sp)
    sp.add_argument("--format", required=True, choices=("md", "toml", "csv", "json"))
    sp.add_argument("-o", "--output", required=True, metavar="FILE",
                    help="the file to write (replaced if it exists; its directory must exist)")
    sp.add_argument("--time-limit", type=float, default=60.0, metavar="S")
    sp = sub.add_parser("validate", help="check scenario, framework or mapping files")
    sp.add_argument("files", nargs="+", metavar="FILE")
    sp = sub.add_parser("frameworks", help="the shipped frameworks, or one in full")
    # no `choices` here: with them argparse would reject `csip frameworks itscmm` before we see it
    sp.add_argument("show", nargs="?", metavar="show", help=argparse.SUPPRESS)
    sp.add_argument("id", nargs="?", metavar="ID")
    sp.add_argument("--json", action="store_true")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = COMMANDS.get(args.command or "tui")
    try:
        return handler(args)
    except InputError as exc:
        report_problems(exc.problems)
        return EXIT_INPUT
    except PlannerError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the promise: never a traceback for the user
        if os.environ.get("CSIP_DEBUG"):
            raise
        sys.stderr.write(f"error: internal failure: {type(exc).__name__}: {exc} "
                         "(run with CSIP_DEBUG=1 for details)\n")
        return EXIT_FAILURE


def report_problems(problems: Sequence[Problem]) -> None:
    for p in problems:
        sys.stderr.write(f"{'error' if p.severity == 'error' else 'warning'}: {p.render()}\n")


def _load(path: str):
    from planner.load.scenarios import check_scenario

    if not Path(path).exists():
        from planner.errors import ScenarioError

        raise ScenarioError([Problem(path, "", "file not found")])
    scenario, problems = check_scenario(path)
    if scenario is None:
        raise InputError(problems)
    report_problems([p for p in problems if p.severity != "error"])
    return scenario


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _print(renderable: Any) -> None:
    from planner.output.terminal import make_console

    make_console().print(renderable)


# -- commands -----------------------------------------------------------------------------------


def cmd_tui(args: argparse.Namespace) -> int:
    path = args.scenario if getattr(args, "scenario", None) else str(default_scenario())
    from tui.app import run_app  # planner never imports the TUI at module level

    return run_app(Path(path))


def cmd_assess(args: argparse.Namespace) -> int:
    from planner.output.jsonshapes import assess_json
    from planner.output.terminal import assessment_view
    from rules.assess import assess

    scenario = _load(args.scenario)
    assessment = assess(scenario)
    if args.json:
        _print_json(assess_json(scenario, assessment))
    else:
        _print(assessment_view(scenario, assessment))
    return EXIT_OK


def cmd_gap(args: argparse.Namespace) -> int:
    from planner.assess.gaps import gap_report
    from planner.output.jsonshapes import gap_json
    from planner.output.terminal import gap_view
    from rules.assess import assess

    scenario = _load(args.scenario)
    target = args.target if args.target is not None else scenario.target_level
    if not 1 <= target <= scenario.framework.max_level:
        raise InputError([Problem("--target", "", f"level {target} does not exist",
                                  hint=f"{scenario.framework.name} has levels "
                                       f"1..{scenario.framework.max_level}")])
    assessment = assess(scenario)
    report = gap_report(assessment, target, scenario.actions)
    if args.json:
        _print_json(gap_json(scenario, report))
    else:
        _print(gap_view(scenario, assessment, report))
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from planner.load.validate import validate_file

    failed = False
    for name in args.files:
        problems = validate_file(Path(name))
        report_problems(problems)
        errors = [p for p in problems if p.severity == "error"]
        warnings = len(problems) - len(errors)
        if errors:
            failed = True
            sys.stderr.write(f"{display_path(name)}: {len(errors)} error(s), {warnings} warning(s)\n")
        else:
            note = f" ({warnings} warning(s))" if warnings else ""
            sys.stdout.write(f"{display_path(name)}: OK{note}\n")
    return EXIT_INPUT if failed else EXIT_OK


def cmd_frameworks(args: argparse.Namespace) -> int:
    from planner.load.frameworks import SHIPPED, load_framework
    from planner.output.jsonshapes import framework_json
    from planner.output.terminal import framework_view, frameworks_view

    if args.show not in (None, "show"):
        if args.id is not None:
            from planner.errors import did_you_mean

            raise InputError([Problem("frameworks", "", f'unknown subcommand "{args.show}"',
                                      hint=did_you_mean(args.show, ["show"]) or "csip frameworks show ID")])
        args.show, args.id = "show", args.show  # `csip frameworks itscmm` reads as show
    if args.show and args.id is None:
        raise InputError([Problem("frameworks show", "", "which framework?",
                                  hint="one of " + ", ".join(SHIPPED))])
    if args.id is not None:
        fw = _framework_by_ref(args.id)
        if args.json:
            _print_json(framework_json(fw))
        else:
            _print(framework_view(fw))
        return EXIT_OK
    fws = [load_framework(fid) for fid in SHIPPED]
    if args.json:
        _print_json([{"id": f.id, "name": f.name, "version": f.version, "levels": len(f.levels),
                      "kpas": len(f.kpas), "goals": len(f.goal_ids), "actions": len(f.actions)}
                     for f in fws])
    else:
        _print(frameworks_view(fws))
    return EXIT_OK


def _framework_by_ref(ref: str):
    from planner.errors import did_you_mean
    from planner.load.frameworks import SHIPPED, load_framework

    if ref in SHIPPED:
        return load_framework(ref)
    if ref.endswith(".toml") or os.sep in ref or Path(ref).exists():
        return load_framework(str(Path(ref).resolve()))
    raise InputError([Problem("frameworks show", "", f'unknown framework "{ref}"',
                              hint=did_you_mean(ref, SHIPPED) or "one of " + ", ".join(SHIPPED))])


def _solve(scenario, time_limit: float):
    from planner.cli.spinner import Spinner
    from planner.plan.pipeline import make_plan

    with Spinner(f"Planning {scenario.name}...") as spin:
        return make_plan(scenario, time_limit=time_limit, progress=spin.update)


def cmd_plan(args: argparse.Namespace) -> int:
    from planner.output.jsonshapes import plan_json
    from planner.output.terminal import left_out_view, plan_view

    scenario = _load(args.scenario)
    plan = _solve(scenario, args.time_limit)
    if args.json:
        _print_json(plan_json(plan))
    else:
        _print(plan_view(plan))
        if plan.status != "infeasible" and plan.left_out and args.why_not:
            _print(left_out_view(plan))
    return EXIT_INFEASIBLE if plan.status == "infeasible" else EXIT_OK


def cmd_quickwins(args: argparse.Namespace) -> int:
    from planner.output.jsonshapes import quickwins_json
    from planner.output.terminal import quickwins_view

    scenario = _load(args.scenario)
    plan = _solve(scenario, 60.0)
    wins = list(plan.quick_wins)
    if args.json:
        _print_json(quickwins_json(wins))
    else:
        _print(quickwins_view(plan, wins))
        if plan.status == "infeasible" and plan.diagnosis is not None:
            sys.stderr.write(f"note: no plan reaches the target: {plan.diagnosis.reason}\n")
    return EXIT_INFEASIBLE if plan.status == "infeasible" else EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "tui": cmd_tui,
    "assess": cmd_assess,
    "gap": cmd_gap,
    "plan": cmd_plan,
    "quickwins": cmd_quickwins,
    "validate": cmd_validate,
    "frameworks": cmd_frameworks,
    # the what-if commands live in planner.cli.whatif, imported on first use
    "compare": lambda args: __import__("planner.cli.whatif").cli.whatif.cmd_compare(args),
    "sweep": lambda args: __import__("planner.cli.whatif").cli.whatif.cmd_sweep(args),
    "export": lambda args: __import__("planner.cli.whatif").cli.whatif.cmd_export(args),
}
