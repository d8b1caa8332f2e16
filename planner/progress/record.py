"""Recording progress in a progress file's text: an action started or finished, with what it spent.

The manager's file carries comments that explain the year (why an action ran late); rewriting it
from the parsed data would lose them. So the edit is made on the text: the `[[progress]]` block of
the action is replaced (or a new one appended), and the `[status]` date moves forward when the
event happened after it. Everything else in the file stays as written. The caller checks the result
by loading it before it replaces the file (planner.files.write_atomic).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from planner.model import ActionProgress

_TABLE = re.compile(r"^\s*\[")
_ACTION = re.compile(r"""^\s*action\s*=\s*["']([^"']+)["']""")
_DATE = re.compile(r"^(\s*date\s*=\s*)(\d{4}-\d{2}-\d{2})(.*)$")


@dataclass(frozen=True)
class Event:
    """What the manager records: the action, started (and perhaps finished), money and effort."""

    action: str
    started: dt.date
    finished: dt.date | None
    spent_cost: float
    spent_effort: float
    remaining_effort: float | None = None


def event_from(record: ActionProgress) -> Event:
    return Event(record.action, record.started, record.finished, record.spent_cost, record.spent_effort,
                 record.remaining_effort)


def _num(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else repr(x)


def block(ev: Event) -> list[str]:
    """The `[[progress]]` table of one action, as TOML lines."""
    out = ["[[progress]]", f'action = "{ev.action}"', f"started = {ev.started.isoformat()}"]
    if ev.finished is not None:
        out.append(f"finished = {ev.finished.isoformat()}")
    out += [f"spent_effort = {_num(ev.spent_effort)}", f"spent_cost = {_num(ev.spent_cost)}"]
    if ev.finished is None and ev.remaining_effort is not None:
        out.append(f"remaining_effort = {_num(ev.remaining_effort)}")
    return out


def _blocks(lines: list[str], name: str) -> list[tuple[int, int]]:
    """(first, end) line ranges of each `[[name]]` / `[name]` table: from its header to the next
    table header (trailing blank and comment lines stay with what follows)."""
    out = []
    header = re.compile(rf"^\s*\[\[?\s*{re.escape(name)}\s*\]\]?\s*(#.*)?$")
    for i, line in enumerate(lines):
        if header.match(line):
            j = i + 1
            while j < len(lines) and not _TABLE.match(lines[j]):
                j += 1
            while j > i + 1 and (not lines[j - 1].strip() or lines[j - 1].lstrip().startswith("#")):
                j -= 1
            out.append((i, j))
    return out


def record_event(text: str, ev: Event, status_date: dt.date) -> str:
    """The file's text with `ev` recorded: the action's block replaced or appended, and the status
    date moved to the event's latest date when that is later."""
    lines = text.splitlines()
    for first, end in _blocks(lines, "progress"):
        if any((m := _ACTION.match(line)) and m.group(1) == ev.action for line in lines[first:end]):
            notes = [line for line in lines[first:end] if re.match(r"^\s*note\s*=", line)]
            lines[first:end] = [*block(ev), *notes]  # a note the manager wrote stays
            break
    else:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", *block(ev)]
    latest = max(d for d in (ev.started, ev.finished, status_date) if d is not None)
    if latest > status_date:
        lines = _move_status_date(lines, latest)
    return "\n".join(lines) + "\n"


def _move_status_date(lines: list[str], day: dt.date) -> list[str]:
    for first, end in _blocks(lines, "status"):
        for i in range(first + 1, end):
            m = _DATE.match(lines[i])
            if m:
                lines[i] = f"{m.group(1)}{day.isoformat()}{m.group(3)}"
                return lines
        lines.insert(first + 1, f"date = {day.isoformat()}")
        return lines
    return ["[status]", f"date = {day.isoformat()}", "", *lines]


def new_progress_text(extends: Path, target: Path, ev: Event, status_date: dt.date) -> str:
    """A new progress file at `target` that extends the scenario at `extends` and records `ev`."""
    try:
        rel = Path(extends).resolve().relative_to(Path(target).resolve().parent).as_posix()
    except ValueError:
        rel = Path(extends).resolve().as_posix()
    day = max(d for d in (ev.started, ev.finished, status_date) if d is not None)
    head = [f"# Progress of the programme planned in {Path(extends).name}, recorded with csip.",
            f'extends = "{rel}"', "", "[status]", f"date = {day.isoformat()}", ""]
    return "\n".join([*head, *block(ev)]) + "\n"
