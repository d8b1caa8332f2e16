"""A small declarative checker for TOML tables.

Each table is described by a dict of `Field`s. The checker never raises: it records a `Problem` for
every unknown key (with a did-you-mean), missing required key, wrong type or value out of range, and
hands back what could be read, so the loaders can go on and find the remaining problems too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.errors import Problem, did_you_mean
from planner.load.numbercheck import number_problem
from planner.load.tomlsource import KeyPath, TomlSource

_TYPE_NAMES = {
    "str": "a string",
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "date": "a date like 2027-01-01",
    "strlist": "a list of strings",
    "table": "a table",
    "tables": "an array of tables ([[...]])",
    "any": "a value",
}


@dataclass(frozen=True, slots=True)
class Field:
    kind: str
    required: bool = False
    default: Any = None
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    hint_for: Callable[[Any], str] | None = None
    """A likely fix for a value outside `choices` (asked before the did-you-mean)."""


def _is(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "strlist":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "table":
        return isinstance(value, dict)
    if kind == "tables":
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    return True


class Checker:
    def __init__(self, source: TomlSource):
        self.source = source
        self.problems: list[Problem] = []

    def error(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(self.source.problem(path, message, hint))

    def warn(self, path: KeyPath, message: str, hint: str = "") -> None:
        self.problems.append(self.source.problem(path, message, hint, severity="warning"))

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def table(
        self, data: Any, path: KeyPath, spec: dict[str, Field],
        elsewhere: Callable[[str, Any], str] | None = None,
    ) -> dict[str, Any]:
        """Check one table against `spec`; returns the known keys with defaults filled in.

        `elsewhere(key, value)` may name where an unknown key belongs instead (a key written in the
        wrong table is a common slip); a near miss of a key of this table is suggested first."""
        out: dict[str, Any] = {}
        if not isinstance(data, dict):
            self.error(path, f"must be {_TYPE_NAMES['table']}, not {_describe(data)}")
            return {k: f.default for k, f in spec.items()}
        for key in data:
            if key not in spec:
                hint = (did_you_mean(key, spec) or (elsewhere(key, data[key]) if elsewhere else "")
                        or "allowed: " + ", ".join(spec))
                self.error((*path, key), "unknown key", hint)
        for key, f in spec.items():
            if key not in data:
                if f.required:
                    self.error((*path, key), "required key is missing")
                out[key] = f.default
                continue
            out[key] = self.value(data[key], (*path, key), f)
        return out

    def value(self, value: Any, path: KeyPath, f: Field) -> Any:
        if f.kind == "number" and _is("number", value):
            value = float(value) if isinstance(value, float) else value
        if not _is(f.kind, value):
            self.error(path, f"must be {_TYPE_NAMES[f.kind]}, not {_describe(value)}",
                       _fix_hint(path, f, value))
            return f.default
        parent = next((p for p in reversed(path[:-1]) if isinstance(p, str)), "")
        bad = number_problem(value, str(path[-1]) if path else "", parent)
        if bad:
            self.error(path, bad)
            return f.default
        if f.choices and value not in f.choices:
            choices = ", ".join(toml_value(c) for c in f.choices)
            hint = ((f.hint_for(value) if f.hint_for else "")
                    or did_you_mean(str(value), [str(c) for c in f.choices]) or f"one of {choices}")
            self.error(path, f"{toml_value(value)} is not allowed", hint)
            return f.default
        if f.minimum is not None and value < f.minimum:
            self.error(path, f"must be at least {_num(f.minimum)}, not {_num(value)}")
            return f.default
        if f.maximum is not None and value > f.maximum:
            self.error(path, f"must be at most {_num(f.maximum)}, not {_num(value)}")
            return f.default
        return value


def toml_value(value: Any) -> str:
    """A value as it would be written in TOML, for messages: "na", true, 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def _fix_hint(path: KeyPath, f: Field, value: Any) -> str:
    """The likely fix for a value of the wrong type: a number or date written in quotes reads as a
    string, and `[[x]]` instead of `[x]` (or the reverse) makes a list of tables (or one table)."""
    if not path or not isinstance(path[-1], str):
        return ""
    name = ".".join(p for p in path if isinstance(p, str))
    if f.kind == "table" and isinstance(value, list) and all(isinstance(v, dict) for v in value):
        return f"write [{name}] with single brackets"
    if f.kind == "tables" and isinstance(value, dict):
        return f"write [[{name}]] with double brackets, one per entry"
    if not isinstance(value, str):
        return ""
    if f.kind == "strlist":
        return f'write a list: {path[-1]} = ["{value}"]'
    text = value.strip()
    try:
        if f.kind == "int":
            int(text)
        elif f.kind == "number":
            float(text)
        elif f.kind == "date":
            dt.date.fromisoformat(text)
        else:
            return ""
    except ValueError:
        return ""
    return f"write it without quotes: {path[-1]} = {text}"


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__
