"""`csip new`: a few questions on standard input, and a valid scenario file with comments.

Each question shows its default in brackets; Enter (or the end of the input, when the answers come
from a pipe) takes it. A bad answer is said and the question asked again. The file is checked by the
same loader as every other scenario before it is written, atomically, and an existing file is
replaced only after a "y".
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from planner.cli.common import EXIT_INPUT, EXIT_OK, report_problems
from planner.errors import InputError, Problem, display_path
from planner.export.scenario_file import Answers, scenario_text
from planner.files import write_atomic
from planner.load.frameworks import SHIPPED, load_framework
from planner.load.itil import load_process_list
from planner.load.scenarios import check_scenario, itil_version_hint
from planner.model import ITIL_VERSIONS
from planner.numbers import parse_amount

T = TypeVar("T")
MAX_TRIES = 5


class _Asker:
    """Questions on stderr (so that stdout stays clean), answers read line by line from stdin."""

    def __init__(self) -> None:
        self.ended = False

    def line(self, question: str, default: str) -> str:
        sys.stderr.write(f"{question} [{default}]: ")
        sys.stderr.flush()
        if self.ended:
            sys.stderr.write("\n")
            return ""
        text = sys.stdin.readline()
        if not text:  # end of input: every question left takes its default
            self.ended = True
            sys.stderr.write("\n")
        elif not sys.stdin.isatty():
            sys.stderr.write(text.rstrip("\n") + "\n")  # echo a piped answer, so the dialogue reads whole
        return text.strip()

    def ask(self, question: str, default: str, read: Callable[[str], T]) -> T:
        for _ in range(MAX_TRIES):
            text = self.line(question, default) or default
            try:
                return read(text)
            except ValueError as exc:
                sys.stderr.write(f"  {exc}\n")
                if self.ended:
                    break
        raise InputError([Problem("csip new", "", f"no usable answer to: {question}")])


def _choice(options: list[str], hint: Callable[[str], str] = lambda _t: "") -> Callable[[str], str]:
    def read(text: str) -> str:
        if text in options:
            return text
        raise ValueError(hint(text) or f"one of: {', '.join(options)}")
    return read


def _int_between(lo: int, hi: int) -> Callable[[str], int]:
    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"a whole number from {lo} to {hi}") from None
        if not lo <= value <= hi:
            raise ValueError(f"a whole number from {lo} to {hi}")
        return value
    return read


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError("a date like 2027-01-01") from None


def _people(text: str) -> float | None:
    value = parse_amount(text)
    if value is not None and value <= 0:
        raise ValueError('more than 0 people, or "unlimited"')
    return value


def _next_quarter() -> dt.date:
    today = dt.date.today()
    month = ((today.month - 1) // 3 + 1) * 3 + 1
    return dt.date(today.year + (month > 12), (month - 1) % 12 + 1, 1)


def cmd_new(args: argparse.Namespace) -> int:
    ask = _Asker()
    sys.stderr.write("A new scenario: Enter takes the value in brackets.\n")
    name = ask.ask("Name of the organisation or scenario", "New scenario", lambda t: t)
    framework = ask.ask("Framework (itscmm, cmmi-svc)", "itscmm", _choice(list(SHIPPED)))
    fw = load_framework(framework)
    version = ask.ask("ITIL version of your process assessment (v2, 2011, 4)", "2011",
                      _choice(list(ITIL_VERSIONS), itil_version_hint))
    target = ask.ask(f"Target maturity level (2..{fw.max_level})", "3", _int_between(2, fw.max_level))
    start = ask.ask("Start date (first day of the first quarter)", _next_quarter().isoformat(), _date)
    budget = ask.ask("Budget for the whole plan (e.g. 300k, or unlimited)", "unlimited", parse_amount)
    people = ask.ask("People working on improvement, full-time equivalents (e.g. 2.5, or unlimited)",
                     "2", _people)
    horizon = ask.ask("Quarters the plan may use", "12", _int_between(1, 120))
    answers = Answers(name=name, framework=framework, itil_version=version, target_level=target,
                      start=start, period="quarter", horizon=horizon, budget=budget, people=people)
    text = scenario_text(answers, load_process_list(version), fw.max_level)
    _check(text)
    target_path = Path(args.output) if args.output else Path(
        ask.ask("File to write", "scenario.toml", lambda t: t))
    overwrite = False
    if target_path.exists():
        reply = ask.line(f"{display_path(target_path)} exists. Replace it? (y/n)", "n").lower()
        if reply not in ("y", "yes"):
            raise InputError([Problem(str(target_path), "", "exists; not replaced",
                                      hint="answer y to replace it, or choose another file with -o")])
        overwrite = True
    if not target_path.parent.is_dir():
        raise InputError([Problem(str(target_path), "", f'directory "{display_path(target_path.parent)}" '
                                  "does not exist")])
    try:
        write_atomic(target_path, text, overwrite=overwrite)
    except OSError as exc:
        raise InputError([Problem(str(target_path), "", f"cannot write: {exc.strerror or exc}")]) from None
    sys.stderr.write(f"wrote {display_path(target_path)}: raise the ITIL levels of the processes you "
                     f"have, then: csip validate {display_path(target_path)}\n")
    return EXIT_OK


def _check(text: str) -> None:
    """The written file must load as any scenario does; a failure here is a bug, said plainly."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "new.toml"
        path.write_text(text, "utf-8")
        scenario, problems = check_scenario(path)
    if scenario is None:
        report_problems(problems)
        raise SystemExit(EXIT_INPUT)
