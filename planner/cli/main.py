"""The `csip` entry point: parse the command line, run the command, turn failures into exit codes.

Every command reads files the user wrote, so the one rule here is: bad input ends with `error:`
lines on stderr naming file and key or line, a likely fix, and exit code 2, never a traceback.
An infeasible plan exits 3 after printing its diagnosis. Set CSIP_DEBUG=1 to see tracebacks of
unexpected failures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from planner.cli.commands import COMMANDS, Command
from planner.cli.common import EXIT_FAILURE, EXIT_INPUT, EXIT_OK, Parser, report_problems
from planner.cli.signals import install_sigterm_handler
from planner.cli.version import VersionAction
from planner.errors import InputError, PlannerError
from planner.sanitize import clean_message


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="csip", description="Plan IT service improvement: where you stand on a "
               "maturity model, what blocks the next level, and the best roadmap to the target.")
    p.add_argument("--version", action=VersionAction)
    _add_commands(p, COMMANDS, "command")
    return p


def _add_commands(parser: argparse.ArgumentParser, commands: Sequence[Command], dest: str) -> None:
    sub = parser.add_subparsers(dest=dest, metavar="COMMAND", parser_class=Parser)
    for command in commands:
        sp = sub.add_parser(command.name, help=command.help, description=command.help)
        for a in command.args:
            sp.add_argument(*a.flags, **a.options)
        if command.subcommands:
            _add_commands(sp, command.subcommands, f"{dest}_{command.name}")
            sp.set_defaults(handler="", group=sp)
        else:
            sp.set_defaults(handler=command.handler)


def handler(spec: str) -> Callable[[argparse.Namespace], int]:
    module, function = spec.split(":")
    return getattr(importlib.import_module(module), function)


def main(argv: Sequence[str] | None = None) -> int:
    install_sigterm_handler()
    parser = build_parser()
    args = parser.parse_args(argv)
    spec = getattr(args, "handler", None)
    if spec is None:  # plain `csip`: the TUI on the bundled scenario
        args.scenario = None
        spec = next(c.handler for c in COMMANDS if c.name == "tui")
    elif not spec:  # a group named without its subcommand
        args.group.error("which subcommand? " + ", ".join(
            a for a in args.group._subparsers._group_actions[0].choices))
    try:
        return handler(spec)(args)
    except InputError as exc:
        report_problems(exc.problems)
        return EXIT_INPUT
    except PlannerError as exc:
        sys.stderr.write(clean_message(f"error: {exc}") + "\n")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # the promise: never a traceback for the user
        if os.environ.get("CSIP_DEBUG"):
            raise
        sys.stderr.write(clean_message(f"error: internal failure: {type(exc).__name__}: {exc}")
                         + " (run with CSIP_DEBUG=1 for details)\n")
        return EXIT_FAILURE
