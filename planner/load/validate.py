"""`csip validate`: every problem in a scenario, framework, ITIL list or mapping file.

The loaders already collect errors; for a scenario this adds the checks that need the assessed
current state (an action that can never start depends on which goals already hold).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from planner.errors import FrameworkError, InputError, Problem, did_you_mean, display_path
from planner.load.actions import lint_warnings
from planner.load.authoring import author_warnings, limit_notes
from planner.load.frameworks import SHIPPED, check_framework, load_framework
from planner.load.itil import check_mapping, check_process_list
from planner.load.readfile import read_text
from planner.load.scenarios import check_scenario
from planner.load.schema import Checker
from planner.load.tomlsource import read_toml
from rules.assess import assess


def file_kind(path: Path) -> str:
    """"framework", "mapping", "itil", "questions" or "scenario", from the file's top-level tables."""
    try:
        data = tomllib.loads(read_text(path))
    except (InputError, RecursionError, MemoryError, ValueError):
        return "scenario"
    for key in ("framework", "mapping", "itil"):
        if isinstance(data.get(key), dict):
            return key
    if isinstance(data.get("questionnaire"), dict) or isinstance(data.get("growth"), dict):
        return "questions"
    # the head table misspelt: go by the arrays only that kind of file has, so that the misspelling
    # is reported by the right checker (with a did-you-mean) instead of as a broken scenario
    for key, kind in (("kpas", "framework"), ("levels", "framework"), ("entries", "mapping"),
                      ("processes", "itil")):
        if key in data:
            return kind
    return "scenario"


def check_questions(path: Path) -> list[Problem]:
    """A questionnaire text file: its framework is known and every goal it words exists there."""
    source = read_toml(path)
    head = source.data.get("questionnaire")
    if not isinstance(head, dict):
        return []
    ref = head.get("framework")
    if ref is None:
        return []  # the growth-model questions belong to no framework
    if ref not in SHIPPED:
        return [Problem(display_path(path), "questionnaire.framework", f"unknown framework {ref!r}",
                        line=source.line_of(("questionnaire", "framework")),
                        hint=did_you_mean(str(ref), SHIPPED) or "one of " + ", ".join(SHIPPED))]
    framework = load_framework(ref)
    problems = []
    for table, entries in source.data.items():
        if table in ("questionnaire", "generic") or not isinstance(entries, dict):
            continue
        for goal in entries:
            if not framework.has_goal(goal):
                problems.append(Problem(display_path(path), f'{table}."{goal}"', f'unknown goal "{goal}"',
                                        line=source.line_of((table, goal)),
                                        hint=did_you_mean(goal, framework.goal_ids)))
    return problems


def validate_file(path: Path) -> list[Problem]:
    try:
        read_text(path, display_path(path))
    except InputError as exc:  # missing, special file, too large, unreadable: said once, clearly
        return list(exc.problems)
    try:
        kind = file_kind(path)
        if kind == "framework":

            return check_framework(read_toml(path, FrameworkError))[1]
        if kind == "mapping":

            return check_mapping(path)[1]
        if kind == "questions":
            return check_questions(path)
        if kind == "itil":

            return check_process_list(path)[1]
        return _validate_scenario(path)
    except InputError as exc:
        return list(exc.problems)


def _validate_scenario(path: Path) -> list[Problem]:
    scenario, problems = check_scenario(path)
    if scenario is None:
        return problems
    assessment = assess(scenario)
    ck = Checker(read_toml(path))
    own = {a.id for a in scenario.actions if a.origin == "scenario"}
    index = {}
    for i, item in enumerate(ck.source.data.get("actions") or []):
        if isinstance(item, dict) and item.get("id") in own:
            index[item["id"]] = ("actions", i)
    lint_warnings(ck, scenario.framework, list(scenario.actions),
                  lambda aid: index.get(aid, ("catalog",)),
                  satisfied=assessment.satisfied_goals(), done=scenario.done,
                  strict_staging=scenario.limits.strict_staging)
    author_warnings(ck, scenario, lambda aid: index.get(aid, ("actions",)))
    if scenario.target_level <= assessment.current_level:
        ck.warn(("scenario", "target_level"),
                f"the target level {scenario.target_level} is already reached "
                f"(current level {assessment.current_level}): there is nothing to plan")
    chain = [ck.source.data] + [read_toml(p).data for p in scenario.parents]
    return problems + ck.problems + limit_notes(scenario, chain, ck.source.shown)
