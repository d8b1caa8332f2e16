"""The plan as TOML: the data of `plan --json`, minus what TOML cannot say.

TOML has no null, so a null value is left out (in tables and in arrays alike), which is also how a
TOML reader expects "not set" to look. Everything else is the JSON data unchanged: a script can read
either file and see the same plan.

tomli-w writes a list of short tables as one line of inline tables; a plan reads better, and diffs
better, with one `[[actions]]` block per action. So tables and arrays of tables get their headers
here, and tomli-w writes every key and value.
"""

from __future__ import annotations

import json
import re
from typing import Any

import tomli_w

from planner.output.jsonshapes import plan_json
from planner.plan.results import Plan
from planner.sanitize import escape_in_strings

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value if v is not None]
    return value


def to_toml(plan: Plan) -> str:
    return escape_in_strings(dumps(without_nulls(plan_json(plan))))


def dumps(data: dict[str, Any]) -> str:
    """TOML with a header for every table and every table of an array of tables."""
    return _table(data, ()).lstrip("\n")


def _table(data: dict[str, Any], path: tuple[str, ...]) -> str:
    values = {k: v for k, v in data.items() if not _is_table(v) and not _is_tables(v)}
    out = tomli_w.dumps(values) if values else ""
    for key, v in data.items():
        sub = (*path, key)
        if _is_table(v):
            out += f"\n[{_dotted(sub)}]\n" + _table(v, sub)
        elif _is_tables(v):
            for item in v:
                out += f"\n[[{_dotted(sub)}]]\n" + _table(item, sub)
    return out


def _is_table(v: Any) -> bool:
    return isinstance(v, dict)


def _is_tables(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _dotted(path: tuple[str, ...]) -> str:
    # a TOML basic string accepts JSON's escapes, so json.dumps quotes a key that is not bare
    return ".".join(k if _BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False) for k in path)
