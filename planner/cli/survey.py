"""Assessment by questionnaire (A2I): `csip survey new`, `csip survey merge`, `csip survey report`.

Bad input raises `InputError`, which the entry point turns into `error:` lines and exit 2."""

from __future__ import annotations

import argparse
import os
import sys
import tomllib
from pathlib import Path

from planner.cli.common import EXIT_OK, print_json
from planner.errors import InputError, Problem, did_you_mean, display_path
from planner.files import write_atomic
from planner.load.frameworks import DATA_DIR, SHIPPED, load_framework
from planner.load.scenarios import check_scenario
from planner.sanitize import clean_message
from planner.survey.answers import blank_toml, read_answers
from planner.survey.consensus import consolidate, merge_json
from planner.survey.questions import build, questionnaire_json
from planner.survey.report import merge_text, write_report
from planner.survey.scenario_out import scenario_toml
from planner.survey.workbook import write_questionnaire

_NEW_FORMATS = (".toml", ".xlsx")
_REPORT_FORMATS = (".md", ".docx", ".xlsx")


# -- new ----------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:

    out = _output(args.output, _NEW_FORMATS)
    framework, target, ref = _source(args.source, out)
    q = build(framework, target)
    if out.suffix.lower() == ".xlsx":
        write_questionnaire(q, ref, out)
    else:
        _write_text(out, blank_toml(q, ref))
    if args.json:
        print_json(questionnaire_json(q))
    else:
        n = len(q.all_questions())
        sys.stderr.write(clean_message(f"wrote {display_path(out)}: {n} questions on {framework.name}, "
                                       f"levels {q.levels[0]}..{q.levels[-1]} and the growth model") + "\n")
    return EXIT_OK


def _source(ref: str, out: Path):
    """A framework (id or file) asks every level; a scenario asks levels 2..its target. Returns
    the framework, the top level, and how the answer file should name the framework."""
    if ref in SHIPPED:
        return load_framework(ref), None, ref
    path = Path(ref)
    if not path.exists():
        raise InputError([Problem(ref, "", "no such framework or scenario file",
                                  hint=did_you_mean(ref, SHIPPED) or "a framework id ("
                                  + ", ".join(SHIPPED) + ") or a .toml file")])
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        data = {}
    if "framework" in data and "kpas" in data:
        fw = load_framework(str(path.resolve()))
        return fw, None, _relative(fw.path, out)
    scenario, problems = check_scenario(path)
    if scenario is None:
        raise InputError(problems)
    fw = scenario.framework
    shipped = fw.path is not None and fw.path.parent == DATA_DIR
    return fw, scenario.target_level, fw.id if shipped else _relative(fw.path, out)


def _relative(target: Path | None, out: Path) -> str:
    assert target is not None
    return os.path.relpath(Path(target).resolve(), out.resolve().parent).replace(os.sep, "/")


# -- merge and report ---------------------------------------------------------------------------


def _consolidate(paths: list[str]):

    return consolidate(read_answers(paths))


def cmd_merge(args: argparse.Namespace) -> int:
    out = _output(args.output, (".toml",)) if args.output else None
    m = _consolidate(args.answers)
    if out is not None:
        fw = m.framework
        shipped = fw.path is not None and fw.path.parent == DATA_DIR
        _write_text(out, scenario_toml(m, framework_ref=fw.id if shipped else _relative(fw.path, out)))
    if args.json:
        print_json(merge_json(m))
    else:
        sys.stdout.write(merge_text(m))
        if out is not None:
            sys.stdout.write(f"\nScenario written to {display_path(out)}: try `csip gap "
                             f"{display_path(out)}`\n")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    out = _output(args.output, _REPORT_FORMATS)
    m = _consolidate(args.answers)
    write_report(m, out)
    sys.stderr.write(clean_message(f"wrote {display_path(out)}") + "\n")
    return EXIT_OK


# -- helpers ------------------------------------------------------------------------------------


def _output(name: str, formats: tuple[str, ...]) -> Path:
    path = Path(name)
    if path.suffix.lower() not in formats:
        raise InputError([Problem(name, "", f"cannot tell the format from the extension "
                                  f"{path.suffix or '(none)'}", hint="use " + ", ".join(formats))])
    if not path.parent.exists():
        raise InputError([Problem(name, "", "its directory does not exist")])
    return path


def _write_text(path: Path, text: str) -> None:
    """Write atomically: a half-written questionnaire or scenario is worse than none."""
    write_atomic(path, text.encode("utf-8"), overwrite=True)
