"""Reading TOML so that every later complaint can point at a line.

`tomllib` returns plain dicts without positions. Users fix files by line, so this module keeps the
text and finds, best effort, the line where a key path was written. A path the finder cannot place
still gets reported by key, which is what the contract promises at the least.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import InputError, Problem, display_path
from planner.load.readfile import read_text, shorten

KeyPath = tuple[str | int, ...]

# A header name is a run of tokens (a quoted string or one other character) separated by blanks,
# and every repetition is possessive: nothing ever gives characters back, so matching is linear.
# The old `\s*(.+?)\s*` tried every split of a run of blanks (a `[` and 8,000 spaces: minutes).
_TOKEN = r"""(?:"[^"]*+"|'[^']*+'|[^ \t\]"'])"""
_HEADER = re.compile(
    rf"^[ \t]*+(\[\[?)[ \t]*+({_TOKEN}++(?:[ \t]++{_TOKEN}++)*+)[ \t]*+(\]\]?)[ \t]*+(#.*)?$"
)
_KEY = r"""(?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)"""
_KEYVAL = re.compile(rf"^\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")


def _split_dotted(text: str) -> list[str]:
    parts, buf, quote = [], "", ""
    for ch in text:
        if quote:
            if ch == quote:
                quote = ""
            else:
                buf += ch
        elif ch in "\"'":
            quote = ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


def format_key(path: KeyPath) -> str:
    """`("current", "goals", "SRIM.9")` -> `current.goals."SRIM.9"`; indices as `actions[2]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            bare = re.fullmatch(r"[A-Za-z0-9_\-]+", part) is not None
            text = part if bare else f'"{part}"'
            out += ("." if out else "") + text
    return out


@dataclass
class TomlSource:
    path: Path
    text: str
    data: dict[str, Any]
    shown: str = ""
    """The path as shown to the user."""
    _index: dict[KeyPath, int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.shown:
            self.shown = display_path(self.path)
        self._index = _index_lines(self.text)

    def line_of(self, path: KeyPath) -> int | None:
        """The line where `path` (or, failing that, its nearest written ancestor) appears."""
        probe = tuple(path)
        while probe:
            if probe in self._index:
                return self._index[probe]
            if (*probe, 0) in self._index:  # written as [[probe]] although a table was meant
                return self._index[(*probe, 0)]
            probe = probe[:-1]
        return None

    def problem(self, path: KeyPath, message: str, hint: str = "", severity: str = "error") -> Problem:
        return Problem(
            path=self.shown,
            key=format_key(path),
            message=message,
            line=self.line_of(path),
            hint=hint,
            severity=severity,
        )


def _index_lines(text: str) -> dict[KeyPath, int]:
    index: dict[KeyPath, int] = {}
    table: KeyPath = ()
    counters: dict[KeyPath, int] = {}
    in_multiline: str | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw
        if in_multiline:
            if in_multiline in line:
                in_multiline = None
            continue
        for quote in ('"""', "'''"):
            if line.count(quote) % 2 == 1:
                in_multiline = quote
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        m = _HEADER.match(line)
        if m and not _KEYVAL.match(line):
            names = _split_dotted(m.group(2))
            if m.group(1) == "[[":
                prefix = _resolve(names[:-1], table, counters)
                arr = (*prefix, names[-1])
                counters[arr] = counters.get(arr, -1) + 1
                # a new element of an array table resets the counters of tables nested below it
                for k in [k for k in counters if len(k) > len(arr) and k[: len(arr)] == arr]:
                    del counters[k]
                table = (*arr, counters[arr])
            else:
                table = _resolve(names, table, counters)
            index.setdefault(table, lineno)
            continue
        m = _KEYVAL.match(line)
        if m:
            keys = _split_dotted(m.group(1))
            index.setdefault((*table, *keys), lineno)
    return index


def _resolve(names: list[str], current: KeyPath, counters: dict[KeyPath, int]) -> KeyPath:
    """Turn header names into a key path, inserting the index of enclosing array tables."""
    path: list[str | int] = []
    for name in names:
        path.append(name)
        key = tuple(path)
        if key in counters:
            path.append(counters[key])
    return tuple(path)


def read_toml(path: Path, error_class: type[InputError] = InputError) -> TomlSource:
    """Read and parse a TOML file, turning every failure into a located `InputError`."""
    shown = display_path(path)
    text = read_text(path, shown, error_class, "TOML file")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise error_class([Problem(shown, "", "not valid TOML: nested too deeply",
                                   hint="arrays and tables nest a few levels, not thousands")]) from None
    except ValueError as exc:
        if not isinstance(exc, tomllib.TOMLDecodeError):  # e.g. an integer of thousands of digits
            raise error_class([Problem(shown, "", f"not valid TOML: {shorten(str(exc))}")]) from None
        raise _decode_problem(exc, shown, error_class) from None
    except MemoryError:
        raise error_class([Problem(shown, "", "not valid TOML: a value too large to hold")]) from None
    return TomlSource(path=path, text=text, data=data, shown=shown)


def _decode_problem(exc: tomllib.TOMLDecodeError, shown: str, error_class: type[InputError]) -> InputError:
    msg = str(exc)
    line = None
    m = re.search(r"line (\d+)", msg)
    if m:
        line = int(m.group(1))
    msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
    return error_class(
        [Problem(shown, "", f"not valid TOML: {msg}", line=line, hint="check quotes and brackets")]
    )
