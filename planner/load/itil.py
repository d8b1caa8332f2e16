"""ITIL process lists and the mappings that turn ITIL evidence into goal ratings.

ITIL is not a maturity model, but most organisations that ask "where do we stand" have done ITIL
work. The mappings say which framework goals an implemented ITIL process (fully or partly) delivers,
each entry with its rationale and provenance, so a rating that came from ITIL can be explained.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from planner.errors import FrameworkError, Problem, did_you_mean
from planner.load.actions import goal_hint
from planner.load.frameworks import DATA_DIR, SHIPPED, load_framework
from planner.load.schema import Checker, Field
from planner.load.tomlsource import read_toml
from planner.model import (
    ITIL_VERSIONS,
    Framework,
    ItilMapping,
    ItilProcess,
    ItilProcessList,
    MappingEntry,
)

ITIL_DIR = DATA_DIR / "itil"
MAPPING_DIR = DATA_DIR / "mappings"

_LIST_TOP = {"itil": Field("table", required=True), "processes": Field("tables", required=True)}
_LIST_HEAD = {
    "version": Field("str", required=True, choices=ITIL_VERSIONS),
    "name": Field("str", required=True),
    "source": Field("str", default=""),
}
_PROCESS = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "group": Field("str", default=""),
    "kind": Field("str", default="process", choices=("process", "function", "practice")),
}
_MAP_TOP = {"mapping": Field("table", required=True), "entries": Field("tables", required=True)}
_MAP_HEAD = {
    "itil_version": Field("str", required=True, choices=ITIL_VERSIONS),
    "framework": Field("str", required=True),
    "title": Field("str", default=""),
    "source": Field("str", default=""),
}
_ENTRY = {
    "process": Field("str", required=True),
    "goals": Field("strlist", required=True),
    "coverage": Field("str", required=True, choices=("full", "partial")),
    "rationale": Field("str", default=""),
    "provenance": Field("str", default=""),
}


def process_list_path(version: str) -> Path:
    return ITIL_DIR / f"{version}.toml"


def mapping_path(version: str, framework_id: str) -> Path:
    return MAPPING_DIR / f"itil-{version}--{framework_id}.toml"


@lru_cache(maxsize=8)
def load_process_list(version: str) -> ItilProcessList:
    process_list, problems = check_process_list(process_list_path(version))
    if process_list is None:
        raise FrameworkError(problems)
    return process_list


def check_process_list(path: Path) -> tuple[ItilProcessList | None, list[Problem]]:
    src = read_toml(path, FrameworkError)
    ck = Checker(src)
    top = ck.table(src.data, (), _LIST_TOP)
    head = ck.table(top["itil"] or {}, ("itil",), _LIST_HEAD)
    processes: list[ItilProcess] = []
    seen: set[str] = set()
    for i, item in enumerate(top["processes"] or []):
        v = ck.table(item, ("processes", i), _PROCESS)
        if v["id"] is None or v["name"] is None:
            continue
        if v["id"] in seen:
            ck.error(("processes", i, "id"), f'duplicate process id "{v["id"]}"')
            continue
        seen.add(v["id"])
        processes.append(ItilProcess(v["id"], v["name"], v["group"] or "", v["kind"] or "process"))
    if ck.failed:
        return None, ck.problems
    return ItilProcessList(head["version"], head["name"], tuple(processes), head["source"] or ""), ck.problems


@lru_cache(maxsize=16)
def _shipped_mapping(version: str, framework_id: str) -> ItilMapping | None:
    path = mapping_path(version, framework_id)
    if not path.exists():
        return None
    mapping, problems = check_mapping(path, load_framework(framework_id))
    if mapping is None:
        raise FrameworkError(problems)
    return mapping


def load_mapping(version: str, framework: Framework) -> ItilMapping | None:
    """The shipped mapping from ITIL `version` to `framework`, or None if none ships.

    A user's own framework file gets a shipped mapping only when it keeps a shipped framework's id;
    the mapping is then checked against its goals."""

    if framework.id not in SHIPPED:
        return None
    if framework.path is not None and framework.path.parent == DATA_DIR:
        return _shipped_mapping(version, framework.id)
    path = mapping_path(version, framework.id)
    if not path.exists():
        return None
    mapping, problems = check_mapping(path, framework)
    if mapping is None:
        raise FrameworkError(problems)
    return mapping


def check_mapping(path: Path, framework: Framework | None = None) -> tuple[ItilMapping | None, list[Problem]]:
    src = read_toml(path, FrameworkError)
    ck = Checker(src)
    top = ck.table(src.data, (), _MAP_TOP)
    head = ck.table(top["mapping"] or {}, ("mapping",), _MAP_HEAD)
    process_list = None
    if head["itil_version"] is not None:
        try:
            process_list = load_process_list(head["itil_version"])
        except FrameworkError as exc:
            ck.problems.extend(exc.problems)
    if framework is None and head["framework"] is not None:

        if head["framework"] in SHIPPED:
            framework = load_framework(head["framework"])
        else:
            ck.error(("mapping", "framework"), f'unknown framework "{head["framework"]}"',
                     did_you_mean(head["framework"], SHIPPED))
    entries: list[MappingEntry] = []
    for i, item in enumerate(top["entries"] or []):
        here = ("entries", i)
        v = ck.table(item, here, _ENTRY)
        # each field is checked on its own, so one bad field does not hide the others' problems
        if v["process"] is not None and process_list is not None and not process_list.has(v["process"]):
            ck.error((*here, "process"), f'"{v["process"]}" is not an ITIL {process_list.version} process',
                     did_you_mean(v["process"], [p.id for p in process_list.processes])
                     or f"see the process ids in frameworks/itil/{process_list.version}.toml")
        if v["goals"] is not None and not v["goals"]:
            ck.error((*here, "goals"), "an entry must name at least one goal")
        if framework is not None:
            for j, gid in enumerate(v["goals"] or []):
                if not framework.has_goal(gid):
                    ck.error((*here, "goals", j), f'unknown goal "{gid}"', goal_hint(framework, gid))
        if not (v["rationale"] or "").strip():
            ck.warn((*here, "rationale"), "a mapping entry should say why it holds")
        if any(v[k] is None for k in ("process", "goals", "coverage")):
            continue
        entries.append(MappingEntry(v["process"], tuple(v["goals"]), v["coverage"],
                                    v["rationale"] or "", v["provenance"] or ""))
    if ck.failed:
        return None, ck.problems
    return ItilMapping(head["itil_version"], head["framework"], head["title"] or "", tuple(entries),
                       head["source"] or ""), ck.problems


def all_process_ids() -> dict[str, list[str]]:
    """Process ids per ITIL version, for did-you-mean across versions."""
    return {v: [p.id for p in load_process_list(v).processes] for v in ITIL_VERSIONS}
