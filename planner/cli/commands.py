"""Every command of `csip`, its options and the function that runs it: one declarative table.

The handler is named by "module:function" and imported only when its command runs, so that
`csip --help` does not load the rules engine, the solver or Textual.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import Any

from planner.cli import argtypes


@dataclass(frozen=True)
class Arg:
    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def arg(*flags: str, **options: Any) -> Arg:
    return Arg(flags, options)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    handler: str
    """"module:function" of the handler, taking the parsed arguments and returning the exit code;
    empty for a command that only groups subcommands."""
    args: tuple[Arg, ...] = ()
    subcommands: tuple[Command, ...] = ()


SCENARIO = arg("scenario", metavar="SCENARIO", help="scenario file (TOML)")
SCENARIOS = arg("scenario", nargs="+", metavar="SCENARIO", help="scenario file (TOML)")
JSON = arg("--json", action="store_true", help="print JSON (the shape in the README) instead of tables")


def time_limit(default: float, helptext: str | None = None) -> Arg:
    return arg("--time-limit", type=argtypes.time_limit, default=default, metavar="S",
               help=helptext or f"seconds the whole command may spend solving (default {default:g})")


COMMANDS: tuple[Command, ...] = (
    Command("tui", "the terminal UI on a scenario (default: the bundled HeRus)", "planner.cli.tui:cmd_tui",
            (arg("scenario", nargs="?", metavar="SCENARIO",
                 help="scenario file (TOML); default: the bundled HeRus scenario"),)),
    Command("assess", "current maturity level, every KPA and goal with status and why",
            "planner.cli.assess:cmd_assess",
            (SCENARIO, JSON, arg("--representation", choices=("staged", "continuous"), default="staged",
                                 help="continuous (CMMI-SVC): also each process area's capability "
                                      "level 0-3"))),
    Command("gap", "what stands between the current state and the target level",
            "planner.cli.assess:cmd_gap",
            (SCENARIO, arg("--target", type=int, metavar="N", help="target level (default: the scenario's)"),
             JSON)),
    Command("plan", "the optimised roadmap to the target level", "planner.cli.plan:cmd_plan",
            (SCENARIO, JSON, time_limit(60.0, "seconds the solver may use (default 60)"),
             arg("--why-not", action="store_true",
                 help="also list the catalog actions left out, with the reason"))),
    Command("status", "plan against actual for a progress file: slips, earned value, KPIs",
            "planner.cli.status:cmd_status",
            (SCENARIO, JSON, arg("--baseline", metavar="PLAN.json",
                                 help="a plan JSON saved earlier (default: the plan of the extended file)"),
             time_limit(60.0))),
    Command("quickwins", "small actions to start now that do not delay the target",
            "planner.cli.plan:cmd_quickwins", (SCENARIO, JSON)),
    Command("compare", "plans of several scenarios side by side", "planner.cli.whatif:cmd_compare",
            (SCENARIOS,
             arg("--baseline", metavar="FILE",
                 help="the scenario the others are compared with (added first if not among them); "
                      "default: the first scenario that has a plan"),
             JSON, time_limit(60.0))),
    Command("sweep", "how the earliest target period moves with budget or capacity",
            "planner.cli.whatif:cmd_sweep",
            (SCENARIO,
             arg("--budget", metavar="LO:HI:N",
                 help="budgets from LO to HI in N steps, both ends included; amounts like 300k or 1.2m"),
             arg("--capacity", metavar="LO:HI:N",
                 help="person-days per period from LO to HI in N steps"),
             JSON,
             time_limit(30.0))),
    Command("export", "write the CSIP plan: Markdown, TOML, CSV, JSON, Excel, Word or HTML",
            "planner.cli.whatif:cmd_export",
            (SCENARIO,
             arg("--format", choices=("md", "toml", "csv", "json", "xlsx", "docx", "html"),
                 help="the file format (default: taken from FILE's extension)"),
             arg("-o", "--output", type=argtypes.output_path, required=True, metavar="FILE",
                 help="the file to write; its directory must exist; an existing file is replaced in one "
                      "step; '-' writes md, toml, csv or json to standard output"),
             time_limit(60.0))),
    Command("validate", "check scenario, framework or mapping files", "planner.cli.assess:cmd_validate",
            (arg("files", nargs="+", metavar="FILE",
                 help="scenario, framework, ITIL process list or mapping files (TOML)"),)),
    Command("frameworks", "the shipped frameworks and ITIL process lists, or one in full",
            "planner.cli.assess:cmd_frameworks",
            # no `choices` on the first: argparse would reject `csip frameworks itscmm` before we see it
            (arg("show", nargs="?", metavar="show", help=argparse.SUPPRESS),
             arg("id", nargs="?", metavar="ID",
                 help="with show: a framework id or file, or an ITIL list (itil-v2, itil-2011, itil-4)"),
             JSON)),
    Command("new", "ask a few questions and write a valid, commented scenario",
            "planner.cli.new:cmd_new",
            (arg("-o", "--output", type=argtypes.output_path, metavar="FILE",
                 help="the scenario to write (default: asked for); an existing file is replaced only "
                      "after you agree"),)),
    Command("survey", "assessment by questionnaire (A2I): new, merge, report", "", subcommands=(
        Command("new", "a blank questionnaire for one participant (.toml or .xlsx)",
                "planner.cli.survey:cmd_new",
                (arg("source", metavar="FRAMEWORK|SCENARIO",
                     help="a framework id or file (every level), or a scenario (levels 2..target)"),
                 arg("-o", "--output", type=argtypes.output_path, required=True, metavar="FILE",
                     help="the questionnaire to write: .toml or .xlsx"),
                 arg("--json", action="store_true", help="also list the questions as JSON"))),
        Command("merge", "consolidate participants' answers into goal ratings",
                "planner.cli.survey:cmd_merge",
                (arg("answers", nargs="+", metavar="ANSWERS", help="answer files (.toml or filled-in .xlsx)"),
                 JSON,
                 arg("-o", "--output", type=argtypes.output_path, metavar="FILE",
                     help="write a scenario holding the consolidated ratings"))),
        Command("report", "the assessment report to the sponsor (md, docx, xlsx)",
                "planner.cli.survey:cmd_report",
                (arg("answers", nargs="+", metavar="ANSWERS", help="answer files (.toml or filled-in .xlsx)"),
                 arg("-o", "--output", type=argtypes.output_path, required=True, metavar="FILE",
                     help="the report to write: .md, .docx or .xlsx"))),
    )),
)
