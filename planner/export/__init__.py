"""Writing the CSIP plan: Markdown, TOML, CSV and JSON.

`export_text` gives the file's content; `write_export` writes it atomically. The JSON is exactly what
`csip plan --json` prints and the TOML holds the same data, so scripts can rely on either; the CSV
and the Markdown are for people (a tracker or spreadsheet, and a steering committee).
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.export.csvfmt import to_csv
from planner.export.markdown import to_markdown
from planner.export.tomlfmt import to_toml
from planner.files import write_atomic
from planner.output.jsonshapes import plan_json
from planner.plan.results import Plan

FORMATS = ("md", "toml", "csv", "json")


def export_text(plan: Plan, fmt: str) -> str:
    if fmt == "json":

        return json.dumps(plan_json(plan), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":

        return to_toml(plan)
    if fmt == "csv":

        return to_csv(plan)
    if fmt == "md":

        return to_markdown(plan)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def write_export(plan: Plan, fmt: str, path: str | Path) -> Path:
    """Write the export to `path` atomically; the directory must exist. Returns the path."""

    target = Path(path)
    write_atomic(target, export_text(plan, fmt), overwrite=True)
    return target
