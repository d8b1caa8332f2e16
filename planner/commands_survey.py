"""`csip survey new|merge|report`: assessment by questionnaire (A2I).

Hooked into the command line by `add_parsers(subparsers)` (registers `survey` with its three
subcommands) and `cmd_survey(args)` (the handler); bad input raises `InputError`, which the main
entry point turns into `error:` lines and exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from planner.errors import InputError, Problem, did_you_mean, display_path

EXIT_OK = 0
_NEW_FORMATS = (".toml", ".xlsx")
_REPORT_FORMATS = (".md", ".docx", ".xlsx")


def add_parsers(subparsers: Any) -> None:
    """Register `survey` and its subcommands on the main parser's subparsers."""
    sp = subparsers.add_parser("survey", help="assessment by questionnaire (A2I): new, merge, report")
    sub = sp.add_subparsers(dest="survey_command", metavar="SUBCOMMAND",
                            parser_class=type(sp))
    new = sub.add_parser("new", help="a blank questionnaire for one participant (.toml or .xlsx)")
    new.add_argument("source", metavar="FRAMEWORK|SCENARIO",
                     help="a framework id or file (every level), or a scenario (levels 2..target)")
    new.add_argument("-o", "--output", required=True, metavar="FILE")
    new.add_argument("--json", action="store_true", help="also list the questions as JSON")
    merge = sub.add_parser("merge", help="consolidate participants' answers into goal ratings")
    merge.add_argument("answers", nargs="+", metavar="ANSWERS")
    merge.add_argument("--json", action="store_true")
    merge.add_argument("-o", "--output", metavar="FILE",
                       help="write a scenario holding the consolidated ratings")
    report = sub.add_parser("report", help="the assessment report to the sponsor (md, docx, xlsx)")
    report.add_argument("answers", nargs="+", metavar="ANSWERS")
    report.add_argument("-o", "--output", required=True, metavar="FILE")


def cmd_survey(args: argparse.Namespace) -> int:
    sub = getattr(args, "survey_command", None)
    if sub == "new":
        return _cmd_new(args)
    if sub == "merge":
        return _cmd_merge(args)
    if sub == "report":
        return _cmd_report(args)
    raise InputError([Problem("survey", "", "which subcommand?", hint="new, merge or report")])


# -- new ----------------------------------------------------------------------------------------


def _cmd_new(args: argparse.Namespace) -> int:
    from planner.survey.answers import blank_toml
    from planner.survey.questions import build, questionnaire_json

    out = _output(args.output, _NEW_FORMATS)
    framework, target, ref = _source(args.source, out)
    q = build(framework, target)
    if out.suffix.lower() == ".xlsx":
        from planner.survey.workbook import write_questionnaire

        write_questionnaire(q, ref, out)
    else:
        _write_text(out, blank_toml(q, ref))
    if args.json:
        _print_json(questionnaire_json(q))
    else:
        n = len(q.all_questions())
        sys.stderr.write(f"wrote {display_path(out)}: {n} questions on {framework.name}, levels "
                         f"{q.levels[0]}..{q.levels[-1]} and the growth model\n")
    return EXIT_OK


def _source(ref: str, out: Path):
    """A framework (id or file) asks every level; a scenario asks levels 2..its target. Returns
    the framework, the top level, and how the answer file should name the framework."""
    import tomllib

    from planner.frameworks import SHIPPED, load_framework

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
    from planner.scenarios import check_scenario

    scenario, problems = check_scenario(path)
    if scenario is None:
        raise InputError(problems)
    fw = scenario.framework
    from planner.frameworks import DATA_DIR

    shipped = fw.path is not None and fw.path.parent == DATA_DIR
    return fw, scenario.target_level, fw.id if shipped else _relative(fw.path, out)


def _relative(target: Path | None, out: Path) -> str:
    assert target is not None
    return os.path.relpath(Path(target).resolve(), out.resolve().parent).replace(os.sep, "/")


# -- merge and report ---------------------------------------------------------------------------


def _consolidate(paths: list[str]):
    from planner.survey.answers import read_answers
    from planner.survey.consensus import consolidate

    return consolidate(read_answers(paths))


def _cmd_merge(args: argparse.Namespace) -> int:
    from planner.survey.consensus import merge_json
    from planner.survey.report import merge_text
    from planner.survey.scenario_out import scenario_toml

    out = _output(args.output, (".toml",)) if args.output else None
    m = _consolidate(args.answers)
    if out is not None:
        from planner.frameworks import DATA_DIR

        fw = m.framework
        shipped = fw.path is not None and fw.path.parent == DATA_DIR
        _write_text(out, scenario_toml(m, framework_ref=fw.id if shipped else _relative(fw.path, out)))
    if args.json:
        _print_json(merge_json(m))
    else:
        sys.stdout.write(merge_text(m))
        if out is not None:
            sys.stdout.write(f"\nScenario written to {display_path(out)}: try `csip gap "
                             f"{display_path(out)}`\n")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from planner.survey.report import write_report

    out = _output(args.output, _REPORT_FORMATS)
    m = _consolidate(args.answers)
    write_report(m, out)
    sys.stderr.write(f"wrote {display_path(out)}\n")
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
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
