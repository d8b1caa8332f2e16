"""Writing the CSIP plan: Markdown, TOML, CSV, JSON, and the office formats xlsx, docx and HTML.

`export_bytes` gives any format's file content (`export_text` the text formats' as a string);
`write_export` writes it atomically. The JSON is exactly what `csip plan --json` prints and the TOML
holds the same data, so scripts can rely on either; the CSV, the Markdown and the office formats
are for people (a tracker or spreadsheet, a steering committee's papers, a browser or a printer).
"""

from __future__ import annotations

import json
from pathlib import Path

from planner.errors import InputError, Problem, did_you_mean
from planner.export.csvfmt import to_csv
from planner.export.markdown import to_markdown
from planner.export.tomlfmt import to_toml
from planner.files import write_atomic
from planner.output.jsonshapes import plan_json
from planner.plan.results import Plan
from planner.sanitize import escape_in_strings

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


def choose_format(fmt: str | None, output: str) -> str:
    """The format to write to `output` ("-" for standard output): `fmt` when given, else the one
    its extension names. Raises InputError (exit 2, naming -o or --format) when there is none,
    when a binary or HTML format would go to standard output, or when the extension names another
    format than `--format` (a file called plan.xlsx holding Markdown helps nobody)."""
    by_name = format_for_path(output)
    if fmt is None:
        if output == "-":
            raise InputError([Problem("-o", "", "standard output has no extension to take the "
                                      "format from", hint="add --format md, toml, csv or json")])
        if by_name is None:
            suffix = Path(output).suffix
            hint = did_you_mean(suffix.lstrip("."), FORMATS) if suffix else ""
            raise InputError([Problem(output, "", f'cannot tell the format from "{suffix or output}"',
                                      hint=hint or "name the file .md, .toml, .csv, .json, .xlsx, "
                                      ".docx or .html, or give --format")])
        fmt = by_name
    if fmt not in FORMATS:
        raise InputError([Problem("--format", "", f'unknown format "{fmt}"',
                                  hint=did_you_mean(fmt, FORMATS) or "one of " + ", ".join(FORMATS))])
    if output == "-" and fmt not in STDOUT_FORMATS:
        raise InputError([Problem("-o", "", f"{fmt} cannot be written to standard output",
                                  hint=f"give a file name, e.g. -o plan.{fmt}")])
    if by_name is not None and by_name != fmt:
        raise InputError([Problem(output, "", f"the extension says {by_name} but --format is {fmt}",
                                  hint=f"name the file .{fmt}, or leave out --format")])
    return fmt


def export_text(plan: Plan, fmt: str) -> str:
    if fmt == "json":
        return escape_in_strings(json.dumps(plan_json(plan), indent=2, ensure_ascii=False)) + "\n"
    if fmt == "toml":
        return to_toml(plan)
    if fmt == "csv":
        return to_csv(plan)
    if fmt == "md":
        return to_markdown(plan)
    if fmt == "html":
        from planner.export.html import to_html  # lazy: its library loads only for this format

        return to_html(plan)
    if fmt in FORMATS:
        raise ValueError(f"export format {fmt!r} is binary; use export_bytes")
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def export_bytes(plan: Plan, fmt: str) -> bytes:
    """The file's content in any format; text formats as UTF-8."""
    if fmt == "xlsx":
        from planner.export.xlsx import to_xlsx  # lazy: its library loads only for this format

        return to_xlsx(plan)
    if fmt == "docx":
        from planner.export.docx import to_docx  # lazy: its library loads only for this format

        return to_docx(plan)
    return export_text(plan, fmt).encode("utf-8")


def write_export(plan: Plan, fmt: str, path: str | Path) -> Path:
    """Write the export to `path` atomically; the directory must exist. Returns the path."""
    target = Path(path)
    write_atomic(target, export_bytes(plan, fmt), overwrite=True)
    return target
