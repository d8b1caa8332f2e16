"""Writing the CSIP plan: Markdown, TOML, CSV, JSON, and the office formats xlsx, docx and HTML.

`export_bytes` gives any format's file content (`export_text` the text formats' as a string);
`write_export` writes it atomically. The JSON is exactly what `csip plan --json` prints and the TOML
holds the same data, so scripts can rely on either; the CSV, the Markdown and the office formats
are for people (a tracker or spreadsheet, a steering committee's papers, a browser or a printer).
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.plan import Plan

FORMATS = ("md", "toml", "csv", "json", "xlsx", "docx", "html")
TEXT_FORMATS = ("md", "toml", "csv", "json", "html")
"""Formats whose content is UTF-8 text; the others are binary (zip) files."""
STDOUT_FORMATS = ("md", "toml", "csv", "json")
"""Formats `-o -` may write to standard output: text a pipe or a terminal can take. HTML is text
too, but a page of inline SVG is no use in a terminal and belongs in a file."""

FORMAT_NAMES = {
    "md": "CSIP plan (Markdown)", "toml": "plan (TOML)", "csv": "action list (CSV)",
    "json": "plan (JSON)", "xlsx": "CSIP workbook (Excel)", "docx": "CSIP document (Word)",
    "html": "CSIP document (HTML)",
}

_EXTENSIONS = {
    ".md": "md", ".markdown": "md", ".toml": "toml", ".csv": "csv", ".json": "json",
    ".xlsx": "xlsx", ".docx": "docx", ".html": "html", ".htm": "html",
}


def format_for_path(path: str | Path) -> str | None:
    """The export format a file name asks for by its extension (case-insensitive), or None when
    the extension names none of them (or the path is "-", standard output, which has none)."""
    if str(path) == "-":
        return None
    return _EXTENSIONS.get(Path(path).suffix.lower())


def export_text(plan: Plan, fmt: str) -> str:
    if fmt == "json":
        from planner.jsonout import plan_json

        return json.dumps(plan_json(plan), indent=2, ensure_ascii=False) + "\n"
    if fmt == "toml":
        from planner.export.tomlfmt import to_toml

        return to_toml(plan)
    if fmt == "csv":
        from planner.export.csvfmt import to_csv

        return to_csv(plan)
    if fmt == "md":
        from planner.export.markdown import to_markdown

        return to_markdown(plan)
    if fmt == "html":
        from planner.export.html import to_html

        return to_html(plan)
    if fmt in FORMATS:
        raise ValueError(f"export format {fmt!r} is binary; use export_bytes")
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def export_bytes(plan: Plan, fmt: str) -> bytes:
    """The file's content in any format; text formats as UTF-8."""
    if fmt == "xlsx":
        from planner.export.xlsx import to_xlsx

        return to_xlsx(plan)
    if fmt == "docx":
        from planner.export.docx import to_docx

        return to_docx(plan)
    return export_text(plan, fmt).encode("utf-8")


def write_export(plan: Plan, fmt: str, path: str | Path) -> Path:
    """Write the export to `path` atomically; the directory must exist. Returns the path."""
    from planner.files import write_atomic

    target = Path(path)
    write_atomic(target, export_bytes(plan, fmt), overwrite=True)
    return target
