"""Baseline plans kept on disk between runs, keyed by what they were made from.

`csip status` compares a progress file with the plan of the file it extends. That plan does not
change from one month's status to the next unless the planned scenario (or csip itself) changes,
yet making it costs a solver run every time. So a proven-optimal baseline plan is written to a
cache file whose name is a digest of everything the plan depends on:

- the loaded scenario, every field of every record walked (so a changed rating, action, limit,
  framework or catalog gives another key, whichever file in the `extends` chain it came from);
- the source of csip's own `planner` and `rules` packages (a new rule or a solver fix gives
  another key).

Only plans the solver proved optimal are kept: their target period and cost do not depend on the
time limit or the machine, so reusing one is the same as solving again (when several plans tie,
the cache keeps the baseline stable between runs, which is what a baseline is for). A cache file
that is unreadable or not of this key is ignored and replaced.

Where: `$CSIP_CACHE_DIR`, else `$XDG_CACHE_HOME/csip`, else `~/.cache/csip`; `CSIP_CACHE=0`
turns the cache off. Files are written atomically (planner.files).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import planner
import rules
from planner.files import write_atomic
from planner.model import Scenario

FORMAT = 1
"""Bumped when the cached file's own layout changes."""


def cache_dir() -> Path | None:
    """The folder of cached baselines, or None when the cache is off."""
    if os.environ.get("CSIP_CACHE", "1") == "0":
        return None
    if os.environ.get("CSIP_CACHE_DIR"):
        return Path(os.environ["CSIP_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "csip"


def _canonical(value: Any) -> Any:
    """A JSON-able form of a loaded record that misses none of its fields (repr would skip
    fields marked repr=False and print sets in a different order in every process). Fields
    named with a leading underscore are indexes derived from the others and are left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"@": type(value).__name__,
                **{f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if not f.name.startswith("_")}}
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Path):
        return value.as_posix()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


@cache
def code_digest() -> str:
    """A digest of csip's own source (planner and rules: Python and TOML rulesets)."""
    h = hashlib.sha256()
    for package in (planner, rules):
        root = Path(package.__file__).parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".toml") and path.is_file():
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def key_of(scenario: Scenario) -> str:
    """The digest naming the cached baseline plan of `scenario`."""
    text = json.dumps([FORMAT, code_digest(), _canonical(scenario)], sort_keys=True,
                      separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(scenario: Scenario) -> dict[str, Any] | None:
    """The cached plan JSON of `scenario`, or None (no cache, no entry, or an unusable one)."""
    folder = cache_dir()
    if folder is None:
        return None
    key = key_of(scenario)
    try:
        stored = json.loads((folder / f"baseline-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    plan = stored.get("plan")
    if not isinstance(plan, dict) or plan.get("status") != "optimal":
        return None
    if not isinstance(plan.get("actions"), list):
        return None
    return plan


def store(scenario: Scenario, plan: dict[str, Any]) -> None:
    """Keep `plan` (a plan JSON) for `scenario` when it is proven optimal; a cache that cannot be
    written is no error (the next run solves again)."""
    folder = cache_dir()
    if folder is None or plan.get("status") != "optimal":
        return
    key = key_of(scenario)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / f"baseline-{key}.json", json.dumps({"key": key, "plan": plan}), overwrite=True)
    except OSError:
        pass
