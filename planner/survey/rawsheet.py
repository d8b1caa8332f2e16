"""What a reader of an answer file found before checking, whatever the file's format: the TOML
reader and the workbook reader both fill one, and `planner.survey.answers` checks it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.errors import Problem


@dataclass
class RawSheet:
    """What a reader found in a file before checking: header values and answers with locations.
    Readers add the problems they can see themselves (unreadable cells, renamed sheets)."""

    path: str
    framework: Any = None
    participant: Any = None
    role: Any = None
    date: Any = None
    target_level: Any = None
    answers: list[tuple[str, Any, str, int | None]] = field(default_factory=list)
    """(question id, value, where, line) in file order; `where` is a key or "sheet ... cell ..."."""
    header_where: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    base_dir: Path | None = None
