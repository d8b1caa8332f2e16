"""Loading scenario files: `extends` chains, defaults, and validation of every field.

A scenario is what a manager edits, so every mistake must come back with the file it is in, the key
or line, and a likely fix. Each file of an `extends` chain is checked on its own (so its problems
point at its own lines), then the chain is merged child-over-parent and the merged result is checked
against the framework: goal, KPA, action and ITIL process ids, with did-you-mean suggestions.

Merging: tables merge key by key, arrays are replaced, and `[[actions]]` merge by action id (a
child's action replaces the parent's action of the same id).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner.errors import FrameworkError, InputError, Problem, ScenarioError, did_you_mean, display_path
from planner.load import readfile
from planner.load.actions import ACTION_FIELDS, check_cycles, check_references, goal_hint, read_actions
from planner.load.applicability import na_not_allowed
from planner.load.continuous import profile_wins, read_practices, read_profile
from planner.load.frameworks import SHIPPED, load_framework, resolve_framework_path
from planner.load.itil import load_mapping, load_process_list
from planner.load.numbercheck import number_problem
from planner.load.progress import TOP_KEYS as PROGRESS_KEYS
from planner.load.progress import read_kpis, read_progress
from planner.load.schema import Checker, Field, toml_value
from planner.load.tomlsource import KeyPath, TomlSource, read_toml
from planner.model import (
    GOAL_RATINGS,
    ITIL_VERSIONS,
    KPA_RATINGS,
    STAGINGS,
    Action,
    CsipSettings,
    CurrentState,
    Framework,
    Limits,
    MilestoneNotes,
    QuickWinLimits,
    Scenario,
)
from planner.numbers import read_number
from planner.periods import period_index, period_label

UNLIMITED = ("unlimited", "none")

TOP = {
    "extends": Field("str"),
    "scenario": Field("table", default={}),
    "limits": Field("table", default={}),
    "current": Field("table", default={}),
    "catalog": Field("table", default={}),
    "quick_wins": Field("table", default={}),
    "actions": Field("tables", default=None),
    "csip": Field("table", default={}),
    **PROGRESS_KEYS,
}
SCENARIO = {
    "name": Field("str"),
    "description": Field("str", default=""),
    "framework": Field("str"),
    "target_level": Field("int", minimum=1),
    "target_profile": Field("table"),
    "start": Field("date"),
    "period": Field("str", default="quarter", choices=("quarter", "month")),
    "horizon": Field("int", default=12, minimum=1, maximum=120),
    "vision": Field("str", default=""),
    "currency": Field("str", default=""),
}
LIMITS = {
    "budget": Field("any"),
    "effort_per_period": Field("any"),
    "strict_staging": Field("bool", default=False),
    "staging": Field("str", choices=STAGINGS),
    "settle": Field("int", default=0, minimum=0),
    "deadline": Field("any"),
}


def itil_version_hint(value: Any) -> str:
    """The ITIL version a user most likely meant: "v3" (2007) is covered by the 2011 edition's list."""
    text = str(value).strip().lower().replace("itil", "").strip(" -_")
    text = text[1:] if text.startswith("v") and text[1:].isdigit() else text
    meant = {"3": "2011", "2007": "2011", "2011": "2011", "4": "4", "2": "v2"}.get(text)
    if meant == "2011":
        return ('ITIL v3 ships as its 2011 edition, named by year: itil_version = "2011"')
    return f'write itil_version = "{meant}"' if meant else ""


CURRENT = {
    "itil_version": Field("str", default="v2", choices=ITIL_VERSIONS, hint_for=itil_version_hint),
    "itil_threshold": Field("int", default=3, minimum=1, maximum=5),
    "itil": Field("table", default={}),
    "kpas": Field("table", default={}),
    "goals": Field("table", default={}),
    "practices": Field("table", default={}),
}
CATALOG = {
    "default": Field("bool", default=True),
    "done": Field("strlist", default=[]),
    "exclude": Field("strlist", default=[]),
}
QUICK_WINS = {
    "max_effort": Field("number", default=10, minimum=0),
    "max_cost": Field("number", default=5000, minimum=0),
}
CSIP = {
    "review_cadence": Field("str", default=""),
    "reassess_every": Field("int", default=0, minimum=0),
    "milestones": Field("table", default={}),
    "kpis": Field("table", default={}),
}
MILESTONE = {k: Field("strlist", default=[]) for k in ("deliverables", "csfs", "kpis", "evidence")}
SECTIONS = {
    "scenario": SCENARIO, "limits": LIMITS, "current": CURRENT, "catalog": CATALOG,
    "quick_wins": QUICK_WINS, "csip": CSIP,
}


def open_scenario(path: str | Path) -> tuple[Scenario, list[Problem]]:
    """What the command line and the TUI do with a file the user names: the scenario and its
    warnings, or `ScenarioError` with every problem (a missing file included)."""
    if not readfile.exists(Path(path)):
        raise ScenarioError([Problem(str(path), "", "file not found")])
    scenario, problems = check_scenario(path)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario, [p for p in problems if p.severity != "error"]


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario; raises `ScenarioError` with every problem found."""
    scenario, problems = check_scenario(path)
    if scenario is None:
        raise ScenarioError(problems)
    return scenario


def check_scenario(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    """Validate a scenario file; returns it (None on any error) and all problems, warnings too.

    Problems of shape (unknown keys, wrong types) do not stop the checks of meaning (ids, ratings,
    references): the user gets the whole list in one run. The merged chain is checked again after
    each file on its own, so the same problem can be found twice; it is reported once."""
    chain, problems = _read_chain(Path(path))
    if chain is None:
        return None, problems
    merged = _merge_chain(chain)
    loc = _Locator(chain)
    ck = loc.checker
    ck.problems.extend(problems)
    scenario = _build(merged, chain, loc)
    found = _in_reading_order(ck.problems)
    if ck.failed:
        return None, found
    return scenario, found


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, file by file in the order the files first come up, by line within one."""
    unique = list(dict.fromkeys(problems))
    files = list(dict.fromkeys(p.path for p in unique))
    return sorted(unique, key=lambda p: (files.index(p.path), p.line or 0))


# -- reading and merging the extends chain ------------------------------------------------------


def _read_chain(path: Path) -> tuple[list[TomlSource] | None, list[Problem]]:
    """The file and everything it extends, nearest first; each file schema-checked on its own."""
    chain: list[TomlSource] = []
    problems: list[Problem] = []
    seen: list[Path] = []
    current = path
    while True:
        resolved = readfile.resolve(current)
        if resolved in seen:
            names = " -> ".join(s.shown for s in chain) + f" -> {chain[seen.index(resolved)].shown}"
            last = chain[-1]
            problems.append(last.problem(("extends",), f"extends forms a cycle: {names}",
                                         "remove the extends that points back"))
            return None, problems
        seen.append(resolved)
        try:
            src = read_toml(current, ScenarioError)
        except ScenarioError as exc:
            if not chain:
                problems.extend(exc.problems)
                return None, problems
            # a file that cannot be read at all is said where it is named, with the reason; what
            # is wrong inside a file that was read keeps its own file and line
            parent = chain[-1]
            unread = [p for p in exc.problems if not p.key and p.line is None]
            reason = "; ".join(p.message for p in unread)
            hint = next((p.hint for p in unread if p.hint), "")
            problems.append(parent.problem(("extends",), f'cannot load "{parent.data.get("extends")}"'
                                           + (f": {reason}" if reason else ""), hint))
            problems.extend(p for p in exc.problems if p not in unread)
            return None, problems
        chain.append(src)
        ck = Checker(src)
        _check_shape(ck, src.data)
        problems.extend(ck.problems)
        ext = src.data.get("extends")
        if not isinstance(ext, str):
            break
        current = (current.parent / ext) if not Path(ext).is_absolute() else Path(ext)
        if not readfile.exists(current):
            hint = _sibling_hint(current)
            problems.append(src.problem(("extends",), f'extended file "{ext}" not found', hint))
            return None, problems
    return chain, problems


def _sibling_hint(path: Path) -> str:
    if not path.parent.is_dir():
        return "paths are relative to the scenario file"
    names = [p.name for p in path.parent.glob("*.toml")]
    return did_you_mean(path.name, names) or "paths are relative to the scenario file"


def _elsewhere(here: str) -> Callable[[str, Any], str]:
    """For a key unknown in table `here`: the table where it belongs, if it belongs somewhere."""

    def hint(key: str, value: Any) -> str:
        homes = [s for s, spec in SECTIONS.items() if s != here and key in spec]
        if here and key in TOP:
            return f"{key} is a top-level key: write it before the first [table] header"
        if not homes:
            return ""
        home = homes[0]
        if isinstance(value, dict):
            return f"it belongs in [{home}]: write [{home}.{key}]"
        return f"it belongs in [{home}]: move it below the [{home}] header"

    return hint


def _check_shape(ck: Checker, data: dict[str, Any]) -> None:
    """Keys and types of one file, before merging (so problems point at that file's lines)."""
    ck.table(data, (), TOP, _elsewhere(""))
    for section, spec in SECTIONS.items():
        if isinstance(data.get(section), dict):
            values = ck.table(data[section], (section,), spec, _elsewhere(section))
            if section == "csip" and isinstance(values.get("milestones"), dict):
                for key, notes in values["milestones"].items():
                    ck.table(notes, ("csip", "milestones", key), MILESTONE)
    if isinstance(data.get("actions"), list):
        for i, item in enumerate(data["actions"]):
            if isinstance(item, dict):
                ck.table(item, ("actions", i), ACTION_FIELDS)


def _merge_chain(chain: list[TomlSource]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for src in reversed(chain):
        merged = _merge(merged, {k: v for k, v in src.data.items() if k != "extends"})
    return merged


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if key == "actions" and isinstance(value, list) and isinstance(out.get(key), list):
            by_id = {a.get("id"): a for a in out[key] if isinstance(a, dict)}
            for a in value:
                by_id[a.get("id") if isinstance(a, dict) else id(a)] = a
            out[key] = list(by_id.values())
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _Locator:
    """Attributes a problem in the merged scenario to the file of the chain that wrote the key."""

    def __init__(self, chain: list[TomlSource]):
        self.chain = chain
        self.checker = Checker(chain[0])
        self.checker.error = self.error  # type: ignore[method-assign]
        self.checker.warn = self.warn  # type: ignore[method-assign]

    def source_of(self, path: KeyPath) -> tuple[TomlSource, KeyPath]:
        if path and path[0] == "actions" and len(path) > 1 and isinstance(path[1], str):
            for src in self.chain:
                for i, a in enumerate(src.data.get("actions") or []):
                    if isinstance(a, dict) and a.get("id") == path[1]:
                        return src, ("actions", i, *path[2:])
            return self.chain[0], ("actions",)
        for src in self.chain:
            node: Any = src.data
            found = True
            for part in path:
                if (isinstance(node, dict) and part in node) or (
                        isinstance(node, list) and isinstance(part, int) and part < len(node)):
                    node = node[part]
                else:
                    found = False
                    break
            if found:
                return src, path
        return self.chain[0], path

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        src, local = self.source_of(path)
        self.checker.problems.append(src.problem(local, message, hint))

    def warn(self, path: KeyPath, message: str, hint: str = "") -> None:
        src, local = self.source_of(path)
        self.checker.problems.append(src.problem(local, message, hint, severity="warning"))


# -- building the Scenario -------------------------------------------------------------------------


def _section(data: dict[str, Any], name: str) -> dict[str, Any]:
    """A section of the merged data; one of the wrong type was reported already and reads as empty."""
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _build(data: dict[str, Any], chain: list[TomlSource], loc: _Locator) -> Scenario | None:
    ck = loc.checker
    raw_sc = _section(data, "scenario")
    sc = ck.table(raw_sc, ("scenario",), SCENARIO, _elsewhere("scenario"))
    use_profile = profile_wins(chain)
    for key in ("name", "framework", "target_level"):
        if key == "target_level" and use_profile:
            continue
        if sc[key] is None and key not in raw_sc:
            ck.error(("scenario", key), "required key is missing", _missing_hint(key))
    if isinstance(sc["framework"], str) and not sc["framework"].strip():
        ck.error(("scenario", "framework"), "must name a framework, not an empty string",
                 _missing_hint("framework"))
    framework = _load_framework(sc["framework"], chain, loc) if sc["framework"] else None

    limits = _limits(ck, _section(data, "limits"), chain)
    cur = ck.table(_section(data, "current"), ("current",), CURRENT, _elsewhere("current"))
    raw_version = _section(data, "current").get("itil_version", "v2")
    # checked even when the framework is not usable; against no list when the version is bad
    itil = _itil_levels(ck, cur, known_version=raw_version in ITIL_VERSIONS)
    cat = ck.table(_section(data, "catalog"), ("catalog",), CATALOG, _elsewhere("catalog"))
    qw = ck.table(_section(data, "quick_wins"), ("quick_wins",), QUICK_WINS, _elsewhere("quick_wins"))
    csip = _csip(ck, _section(data, "csip"))
    if framework is None:
        return None

    target = sc["target_level"]
    profile = read_profile(ck, raw_sc.get("target_profile"), framework) if use_profile else None
    if use_profile:
        own = chain[0].data.get("scenario")
        if profile is not None and isinstance(own, dict) and {"target_level", "target_profile"} <= set(own):
            ck.warn(("scenario", "target_level"), "target_profile replaces target_level, which is ignored",
                    "keep one of them")
        target = 1
    if target is not None and target > framework.max_level:
        ck.error(("scenario", "target_level"), f"target level {target} is above the framework's "
                 f"highest level", f"{framework.name} has levels 1..{framework.max_level}")

    current = _current(ck, cur, framework, itil)
    current = replace(current, practices=MappingProxyType(
        read_practices(ck, cur["practices"], framework)))
    actions, done, excluded = _actions(ck, data, cat, framework)
    mapping = None
    itil_processes = None
    try:
        itil_processes = load_process_list(current.itil_version)
        mapping = load_mapping(current.itil_version, framework)
    except FrameworkError as exc:
        ck.problems.extend(exc.problems)
    if current.itil and mapping is None:
        ck.warn(("current", "itil"), f"no mapping from ITIL {current.itil_version} to "
                f"{framework.name} ships with csip, so ITIL levels count for nothing",
                "rate the KPAs or goals directly in [current.kpas] / [current.goals]")
    start = sc["start"] or _default_start(sc["period"] or "quarter")
    horizon = sc["horizon"] or 12
    deadline = _deadline(ck, _section(data, "limits"), start, sc["period"] or "quarter", horizon)
    if limits.settle >= horizon:
        ck.error(("limits", "settle"), f"a settling time of {limits.settle} periods leaves no room in a "
                 f"horizon of {horizon}", "settle counts periods; 0 to 2 is usual")
    if ck.failed:
        return None
    limits = replace(limits, deadline=deadline)
    scenario = Scenario(
        path=chain[0].path,
        name=sc["name"],
        framework=framework,
        target_level=target,
        start=start,
        period=sc["period"] or "quarter",
        horizon=horizon,
        limits=limits,
        current=current,
        actions=tuple(actions),
        done=tuple(done),
        excluded=tuple(excluded),
        quick_wins=QuickWinLimits(qw["max_effort"], qw["max_cost"]),
        description=sc["description"] or "",
        vision=sc["vision"] or "",
        currency=sc["currency"] or "",
        csip=csip,
        itil_processes=itil_processes,
        mapping=mapping,
        parents=tuple(s.path for s in chain[1:]),
        target_profile=MappingProxyType(profile) if profile is not None else None,
    )
    # progress files (planner.load.progress): the status date and what happened up to it
    progress = read_progress(ck, data, scenario, read_kpis(ck, _section(data, "csip")))
    if ck.failed:
        return None
    return scenario.replace(progress=progress) if progress is not None else scenario


def _missing_hint(key: str) -> str:
    return {
        "name": 'under [scenario], e.g. name = "Baseline"',
        "framework": 'under [scenario]: framework = "itscmm" or "cmmi-svc", or a framework file\'s path',
        "target_level": "under [scenario], e.g. target_level = 3",
    }[key]


def _load_framework(ref: str, chain: list[TomlSource], loc: _Locator) -> Framework | None:
    src, _ = loc.source_of(("scenario", "framework"))
    path = resolve_framework_path(ref, src.path.parent)
    if ref not in SHIPPED and (path is None or not readfile.exists(path)):
        hint = did_you_mean(ref, SHIPPED) or f"shipped frameworks: {', '.join(SHIPPED)}; or a path " \
               "relative to the scenario file"
        loc.error(("scenario", "framework"), f'unknown framework "{ref}"', hint)
        return None
    try:
        return load_framework(ref, src.path.parent)
    except InputError as exc:
        loc.error(("scenario", "framework"), f'framework "{ref}" is invalid (see below)')
        loc.checker.problems.extend(exc.problems)
        return None


def _limit_value(ck: Checker, table: dict[str, Any], key: str) -> float | None:
    if key not in table:
        return None
    value = table[key]
    if isinstance(value, str) and value.lower() in UNLIMITED:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = 'leave it out or write "unlimited" for no limit'
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                number = read_number(value)  # "300k" reads as the TUI reads it
                hint = f"write it without quotes: {key} = {int(number) if number.is_integer() else number}"
        ck.error(("limits", key), f"must be a number or \"unlimited\", not {toml_value(value)}", hint)
        return None
    bad = f"must not be negative, not {value}" if value < 0 else number_problem(value, key)
    if bad:
        ck.error(("limits", key), bad)
        return None
    return value


def _limits(ck: Checker, table: Any, chain: list[TomlSource]) -> Limits:
    v = ck.table(table, ("limits",), LIMITS, _elsewhere("limits"))
    if not isinstance(table, dict):
        return Limits()
    for src in chain:  # the two spellings of staging are never both in one file
        own = src.data.get("limits") if isinstance(src.data, dict) else None
        if isinstance(own, dict) and "staging" in own and "strict_staging" in own:
            ck.problems.append(Problem(
                display_path(src.path), "limits.strict_staging",
                "staging and strict_staging are both set", line=src.line_of(("limits", "strict_staging")),
                hint='keep only staging = "free" | "milestones" | "strict"'))
    staging = "free"
    for src in chain:  # the nearest file that says anything about staging decides
        own = src.data.get("limits") if isinstance(src.data, dict) else None
        if isinstance(own, dict) and ("staging" in own or "strict_staging" in own):
            staging = v["staging"] if "staging" in own else ("strict" if v["strict_staging"] else "free")
            break
    return Limits(
        budget=_limit_value(ck, table, "budget"),
        effort_per_period=_limit_value(ck, table, "effort_per_period"),
        staging=staging,
        settle=v["settle"] or 0,
    )


def _deadline(ck: Checker, table: Any, start: dt.date, period: str, horizon: int) -> int | None:
    """`deadline` as a period index: an index, or a date inside the period it falls in."""
    if not isinstance(table, dict) or "deadline" not in table:
        return None
    value = table["deadline"]
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        index = period_index(start, period, value)
        if not 0 <= index < horizon:
            ck.error(("limits", "deadline"), f"{value} is outside the horizon "
                     f"({period_label(start, period, 0)} to {period_label(start, period, horizon - 1)})",
                     "give a date inside the horizon, or lengthen horizon")
            return None
        return index
    if isinstance(value, bool) or not isinstance(value, int):
        ck.error(("limits", "deadline"), f"must be a period index or a date, not {toml_value(value)}",
                 "e.g. deadline = 7 (the end of the eighth period) or deadline = 2028-12-31")
        return None
    if not 0 <= value < horizon:
        ck.error(("limits", "deadline"), f"period {value} is outside the horizon of {horizon} periods",
                 f"give 0..{horizon - 1}, or lengthen horizon")
        return None
    return value


def _csip(ck: Checker, table: Any) -> CsipSettings:
    v = ck.table(table, ("csip",), CSIP, _elsewhere("csip"))
    notes = {}
    for key, item in (v["milestones"] or {}).items():
        m = ck.table(item, ("csip", "milestones", key), MILESTONE)
        notes[key] = MilestoneNotes(*(tuple(m[k] or ()) for k in MILESTONE))
    return CsipSettings(v["review_cadence"] or "", v["reassess_every"] or 0, MappingProxyType(notes))


def _itil_levels(ck: Checker, cur: dict[str, Any], known_version: bool = True) -> dict[str, int]:
    """The PMF levels of `[current.itil]`. With an unknown `itil_version` the process ids are not
    checked: against which list? The version's own error says what to write."""
    version = cur["itil_version"] or "v2"
    itil: dict[str, int] = {}
    processes: list[str] = []
    try:
        if known_version:
            processes = [p.id for p in load_process_list(version).processes]
    except FrameworkError as exc:
        ck.problems.extend(exc.problems)
    for pid, level in (cur["itil"] or {}).items():
        path = ("current", "itil", pid)
        if processes and pid not in processes:
            ck.error(path, f'"{pid}" is not an ITIL {version} process', _itil_hint(pid, version, processes))
            continue
        if isinstance(level, bool) or not isinstance(level, int) or number_problem(level, "itil"):
            ck.error(path, f"must be a PMF level from 0 to 5, not {toml_value(level)}",
                     "a whole number: 0 absent, 1 initial, 2 repeatable, 3 defined, 4 managed, 5 optimising")
            continue
        itil[pid] = level
    return itil


def _current(ck: Checker, cur: dict[str, Any], framework: Framework, itil: dict[str, int]) -> CurrentState:
    version = cur["itil_version"] or "v2"
    kpas: dict[str, str] = {}
    for kid, rating in (cur["kpas"] or {}).items():
        path = ("current", "kpas", kid)
        if not framework.has_kpa(kid):
            ck.error(path, f'unknown KPA "{kid}"', did_you_mean(kid, [k.id for k in framework.kpas]))
        elif rating not in KPA_RATINGS:
            hint = ('a whole KPA is "satisfied", "unsatisfied" or "na"; rate single goals as '
                    '"partial" in [current.goals]') if rating == "partial" else \
                   (did_you_mean(str(rating), KPA_RATINGS) or 'one of "satisfied", "unsatisfied", "na"')
            ck.error(path, f"{toml_value(rating)} is not a KPA rating", hint)
        elif rating == "na" and not framework.kpa(kid).may_be_na:
            ck.error(path, *na_not_allowed(framework, kid))
        else:
            kpas[kid] = rating
    goals: dict[str, str] = {}
    for gid, rating in (cur["goals"] or {}).items():
        path = ("current", "goals", gid)
        inner = next(iter(rating)) if isinstance(rating, dict) and len(rating) == 1 else None
        if inner is not None and framework.has_goal(f"{gid}.{inner}"):
            # `SRIM.1 = "x"` without quotes is a nested table in TOML
            ck.error((*path, inner), f"goal id {gid}.{inner} is not quoted",
                     f'a goal id holds a dot, so quote it: "{gid}.{inner}" = {toml_value(rating[inner])}')
        elif not framework.has_goal(gid):
            ck.error(path, f'unknown goal "{gid}"', goal_hint(framework, gid))
        elif rating not in GOAL_RATINGS:
            ck.error(path, f"{toml_value(rating)} is not a goal rating",
                     did_you_mean(str(rating), GOAL_RATINGS)
                     or "one of " + ", ".join(f'"{r}"' for r in GOAL_RATINGS))
        elif rating == "na" and not framework.kpa(framework.goal(gid).kpa).may_be_na:
            ck.error(path, *na_not_allowed(framework, framework.goal(gid).kpa))
        else:
            goals[gid] = rating
    return CurrentState(
        itil_version=version,
        itil_threshold=cur["itil_threshold"] if cur["itil_threshold"] is not None else 3,
        itil=MappingProxyType(itil),
        kpas=MappingProxyType(kpas),
        goals=MappingProxyType(goals),
    )


def _itil_hint(pid: str, version: str, processes: list[str]) -> str:
    """A process of another ITIL version is the likelier slip than a typo, so say that first."""
    others = []
    for other in ITIL_VERSIONS:
        if other == version:
            continue
        try:
            if load_process_list(other).has(pid):
                others.append(other)
        except FrameworkError:
            continue
    if others:
        names = " and ".join(f"ITIL {o}" for o in others)
        fix = did_you_mean(pid, processes)
        fix = f"or use the ITIL {version} name: {fix}" if fix else f"or use an ITIL {version} process"
        return f'that is a process of {names}: set [current] itil_version = "{others[0]}", {fix}'
    return did_you_mean(pid, processes) or f"ITIL {version} processes: " + ", ".join(processes)


def _actions(
    ck: Checker, data: dict[str, Any], cat: dict[str, Any], framework: Framework
) -> tuple[list[Action], list[str], list[str]]:
    own_raw = data.get("actions")
    read = read_actions(ck, own_raw, ("actions",), origin="scenario")
    # problems in scenario actions are located by id, so they land in the file that wrote them
    own = [(a, ("actions", a.id)) for a, _ in read]
    base = list(framework.actions) if cat["default"] is not False else []
    own_ids = {a.id for a, _ in own}
    effective = [a for a in base if a.id not in own_ids] + [a for a, _ in own]
    known = [a.id for a in effective]
    done = list(dict.fromkeys(cat["done"] or []))
    excluded = list(dict.fromkeys(cat["exclude"] or []))
    for key, ids in (("done", done), ("exclude", excluded)):
        for i, aid in enumerate(ids):
            if aid not in known:
                why = " (the framework catalog is switched off)" if cat["default"] is False and \
                    any(a.id == aid for a in framework.actions) else ""
                ck.error(("catalog", key, i), f'unknown action "{aid}"{why}',
                         did_you_mean(aid, known) or _action_hint(framework))
    for i, aid in enumerate(excluded):
        if aid in done:
            ck.error(("catalog", "exclude", i), f'"{aid}" is both done and excluded', "keep one")
    effective = [a for a in effective if a.id not in excluded]
    check_references(ck, framework, own, [a.id for a in effective] + excluded)
    paths = {a.id: p for a, p in own}
    check_cycles(ck, effective, lambda aid: paths.get(aid, ("catalog",)))
    return effective, done, excluded


def _action_hint(framework: Framework) -> str:
    return (f"action ids come from the {framework.id} catalog ([[actions]] in its framework file) "
            "or from this scenario's own [[actions]]")


def _default_start(period: str) -> dt.date:
    """The first day of the next quarter (or month): a plan starts in the future."""
    today = dt.date.today()
    if period == "month":
        return dt.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    q_month = ((today.month - 1) // 3 + 1) * 3 + 1
    return dt.date(today.year + (q_month > 12), (q_month - 1) % 12 + 1, 1)
