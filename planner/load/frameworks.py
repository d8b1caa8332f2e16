"""Loading and validating framework files (the shipped models and users' own).

A framework is data: levels, KPAs with goals and prerequisites, and a default action catalog. The
loader checks everything at once and reports each problem with file, line and key, because a user
editing their own model wants the full list, not a fix-one-rerun loop.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import frameworks as _data
from planner import graph
from planner.errors import FrameworkError, Problem, did_you_mean, display_path
from planner.load import readfile
from planner.load.actions import check_cycles, check_references, lint_warnings, read_actions
from planner.load.schema import Checker, Field
from planner.load.tomlsource import TomlSource, read_toml
from planner.model import KPA, Framework, Goal, Level, Prerequisite

DATA_DIR = Path(_data.__file__).parent
SHIPPED: dict[str, str] = {"itscmm": "itscmm.toml", "cmmi-svc": "cmmi-svc.toml"}

_TOP = {
    "framework": Field("table", required=True),
    "levels": Field("tables", required=True),
    "kpas": Field("tables", required=True),
    "actions": Field("tables", default=None),
}
_HEAD = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "version": Field("str", required=True),
    "description": Field("str", default=""),
    "source": Field("str", default=""),
}
_LEVEL = {
    "number": Field("int", required=True, minimum=1),
    "name": Field("str", required=True),
    "description": Field("str", default=""),
}
_KPA = {
    "id": Field("str", required=True),
    "name": Field("str", required=True),
    "level": Field("int", required=True),
    "purpose": Field("str", required=True),
    "requires": Field("any", default=[]),
    "category": Field("str", default=""),
    "goals": Field("tables", default=None),
    "deliverables": Field("strlist", default=[]),
    "csfs": Field("strlist", default=[]),
    "kpis": Field("strlist", default=[]),
    "evidence": Field("strlist", default=[]),
    "may_be_na": Field("bool", default=False),
    "na_reason": Field("str", default=""),
}
_GOAL = {
    "text": Field("str", required=True),
    "provenance": Field("str", default=""),
    "ref": Field("str", default=""),
    "level": Field("int", default=None),
}
_REQ = {"kpa": Field("str", required=True), "reason": Field("str", default="")}
_FRAMEWORK_ID = re.compile(r"^[a-z0-9][a-z0-9\-_]*$")
_KPA_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def shipped_ids() -> list[str]:
    return list(SHIPPED)


def resolve_framework_path(ref: str, base_dir: Path | None = None) -> Path | None:
    """A shipped id names a packaged file; anything else is a path relative to `base_dir`."""
    if ref in SHIPPED:
        return DATA_DIR / SHIPPED[ref]
    path = Path(ref)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    return path


def load_framework(ref: str, base_dir: Path | None = None) -> Framework:
    """Load a framework by shipped id or path; raises `FrameworkError` listing every problem."""
    path = resolve_framework_path(ref, base_dir)
    assert path is not None
    if ref in SHIPPED:
        return _load_shipped(ref)
    return _load_path(readfile.resolve(path))


@lru_cache(maxsize=8)
def _load_shipped(fid: str) -> Framework:
    # the shipped catalogs are linted by the test suite; skip the warnings pass on every run
    return _load_path(DATA_DIR / SHIPPED[fid], lint=False)


def _load_path(path: Path, lint: bool = True) -> Framework:
    framework, problems = check_framework(read_toml(path, FrameworkError), lint=lint)
    if framework is None:
        raise FrameworkError(problems)
    return framework


def check_framework(src: TomlSource, lint: bool = True) -> tuple[Framework | None, list[Problem]]:
    """Validate a parsed framework file; returns the framework (None if any error) and all
    problems, warnings included (`lint=False` skips the warnings, not the errors)."""
    ck = Checker(src)
    top = ck.table(src.data, (), _TOP)
    head = ck.table(top["framework"] or {}, ("framework",), _HEAD) if top["framework"] is not None else {}
    fid = head.get("id")
    if isinstance(fid, str) and not _FRAMEWORK_ID.fullmatch(fid):
        ck.error(("framework", "id"), f'"{fid}" is not a valid framework id',
                 "use lower-case letters, digits and '-'")

    levels = _read_levels(ck, top["levels"] or [])
    max_level = max((lv.number for lv in levels), default=0)
    kpas = _read_kpas(ck, top["kpas"] or [], max_level)
    if not kpas and top["kpas"] is not None:
        ck.error(("kpas",), "a framework needs at least one KPA")

    if ck.failed or fid is None:
        return None, ck.problems
    framework = Framework(
        id=fid, name=head["name"], version=head["version"], levels=tuple(levels), kpas=tuple(kpas),
        description=head["description"] or "", source=head["source"] or "", path=src.path,
    )
    read = read_actions(ck, top["actions"], ("actions",), origin="catalog")
    check_references(ck, framework, read, [a.id for a, _ in read])
    actions = [a for a, _ in read]
    paths = {a.id: p for a, p in read}
    check_cycles(ck, actions, lambda aid: paths[aid])
    if lint and not ck.failed:
        lint_warnings(ck, framework, actions, lambda aid: paths[aid])
    if ck.failed:
        return None, ck.problems
    return Framework(
        id=framework.id, name=framework.name, version=framework.version, levels=framework.levels,
        kpas=framework.kpas, actions=tuple(actions), description=framework.description,
        source=framework.source, path=src.path,
    ), ck.problems


def _read_levels(ck: Checker, items: list) -> list[Level]:
    levels: list[Level] = []
    seen: set[int] = set()
    for i, item in enumerate(items):
        v = ck.table(item, ("levels", i), _LEVEL)
        n = v["number"]
        if n is None or v["name"] is None:
            continue
        if n in seen:
            ck.error(("levels", i, "number"), f"level {n} is defined twice")
            continue
        seen.add(n)
        levels.append(Level(n, v["name"], v["description"] or ""))
    levels.sort(key=lambda lv: lv.number)
    if levels and [lv.number for lv in levels] != list(range(1, len(levels) + 1)):
        numbers = ", ".join(str(lv.number) for lv in levels)
        ck.error(("levels",), f"levels must be numbered 1, 2, 3, ... without gaps (found {numbers})")
    if items and len(levels) < 2 and not ck.failed:
        ck.error(("levels",), "a maturity model needs at least two levels")
    return levels


def _read_kpas(ck: Checker, items: list, max_level: int) -> list[KPA]:
    kpas: list[KPA] = []
    raw_requires: dict[str, list[tuple[Prerequisite, tuple]]] = {}
    seen: set[str] = set()
    for i, item in enumerate(items):
        here = ("kpas", i)
        v = ck.table(item, here, _KPA)
        kid, level = v["id"], v["level"]
        if kid is None:
            continue
        if not _KPA_ID.fullmatch(kid):  # fullmatch: "$" alone lets a trailing newline through
            ck.error((*here, "id"), f'"{kid}" is not a valid KPA id',
                     "start with a letter; letters, digits, '-' and '_' only (no dots)")
            continue
        if kid in seen:
            ck.error((*here, "id"), f'duplicate KPA id "{kid}"')
            continue
        seen.add(kid)
        if level is not None and max_level and not 2 <= level <= max_level:
            ck.error((*here, "level"), f"level {level} is out of range",
                     f"KPAs belong to levels 2..{max_level}; level 1 has none")
            level = None
        goals = _read_goals(ck, kid, v["goals"], here, level, max_level)
        raw_requires[kid] = _read_requires(ck, v["requires"], (*here, "requires"))
        if level is None or v["name"] is None or v["purpose"] is None:
            continue
        kpas.append(KPA(
            id=kid, name=v["name"], level=level, purpose=v["purpose"], goals=tuple(goals),
            category=v["category"] or "", deliverables=tuple(v["deliverables"] or ()),
            csfs=tuple(v["csfs"] or ()), kpis=tuple(v["kpis"] or ()),
            evidence=tuple(v["evidence"] or ()),
            may_be_na=bool(v["may_be_na"]), na_reason=(v["na_reason"] or "").strip(),
        ))
        if v["may_be_na"] and not (v["na_reason"] or "").strip():
            ck.warn((*here, "na_reason"), f"{kid} may be rated not applicable, but no reason is given",
                    "say in na_reason when the model lets an organisation leave it out")
    by_id = {k.id: k for k in kpas}
    # prerequisites: unknown ids, self references, higher levels (warning), cycles
    checked: dict[str, tuple[Prerequisite, ...]] = {}
    for kid, reqs in raw_requires.items():
        good = []
        for pre, path in reqs:
            if pre.kpa == kid:
                ck.error(path, f"{kid} cannot require itself")
            elif pre.kpa not in seen:
                ck.error(path, f'unknown KPA "{pre.kpa}"', did_you_mean(pre.kpa, seen))
            else:
                good.append(pre)
                if kid in by_id and pre.kpa in by_id and by_id[pre.kpa].level > by_id[kid].level:
                    ck.warn(path, f"{kid} (level {by_id[kid].level}) requires {pre.kpa}, "
                                  f"a level-{by_id[pre.kpa].level} KPA",
                            "a prerequisite normally sits at the same or a lower level")
        checked[kid] = tuple(good)
    edges = {k: [p.kpa for p in reqs] for k, reqs in checked.items()}
    for cycle in graph.find_cycles(list(checked), edges):
        chain = " -> ".join([*cycle, cycle[0]])
        idx = next(i for i, item in enumerate(items) if isinstance(item, dict) and item.get("id") == cycle[0])
        ck.error(("kpas", idx, "requires"), f"KPA prerequisites form a cycle: {chain}",
                 "remove one of these requires entries")
    return [
        KPA(id=k.id, name=k.name, level=k.level, purpose=k.purpose, goals=k.goals,
            requires=checked.get(k.id, ()), category=k.category, deliverables=k.deliverables,
            csfs=k.csfs, kpis=k.kpis, evidence=k.evidence, may_be_na=k.may_be_na,
            na_reason=k.na_reason)
        for k in kpas
    ]


def _read_goals(ck: Checker, kid: str, items, here: tuple, level: int | None, max_level: int) -> list[Goal]:
    if items is None or items == []:
        ck.error((*here, "goals"), f"KPA {kid} has no goals", "add at least one [[kpas.goals]] table")
        return []
    goals: list[Goal] = []
    for j, item in enumerate(items):
        gpath = (*here, "goals", j)
        g = ck.table(item, gpath, _GOAL)
        if g["text"] is None:
            continue
        if not g["text"].strip():
            ck.error((*gpath, "text"), "goal text must not be empty")
            continue
        glevel = g["level"] if g["level"] is not None else level
        if g["level"] is not None and level is not None and not level <= g["level"] <= max_level:
            ck.error((*gpath, "level"), f"goal level {g['level']} is out of range",
                     f"between the KPA's level {level} and {max_level}")
            continue
        goals.append(Goal(id=f"{kid}.{j + 1}", kpa=kid, text=g["text"].strip(), level=glevel or 0,
                          provenance=g["provenance"] or "", ref=g["ref"] or ""))
    return goals


def _read_requires(ck: Checker, value, path: tuple) -> list[tuple[Prerequisite, tuple]]:
    out = []
    if value is None:
        return out
    if not isinstance(value, list):
        ck.error(path, 'must be a list like ["CFM"] or [{ kpa = "CFM", reason = "..." }]')
        return out
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append((Prerequisite(item), (*path, i)))
        elif isinstance(item, dict):
            v = ck.table(item, (*path, i), _REQ)
            if v["kpa"] is not None:
                out.append((Prerequisite(v["kpa"], v["reason"] or ""), (*path, i)))
        else:
            ck.error((*path, i), "must be a KPA id or a table { kpa = ..., reason = ... }")
    return out


def framework_display(framework: Framework) -> str:
    if framework.path is not None and framework.path.parent == DATA_DIR:
        return framework.id
    return display_path(framework.path) if framework.path else framework.id
