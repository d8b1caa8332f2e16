"""Markdown building blocks that survive GitHub's and GitLab's renderers.

Table cells are where generated Markdown usually breaks: a `|` in an action title splits the row,
a newline ends the table, and `<...>` disappears as an HTML tag. Everything that goes into a cell or a
line of prose passes through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def text(value: object) -> str:
    """One line of inline Markdown: whitespace folded, HTML and table pipes defused."""
    s = " ".join(str(value).split())
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(value: object) -> str:
    return text(value).replace("|", "\\|") or " "


def code(value: object) -> str:
    s = " ".join(str(value).split())
    return f"`{s}`" if "`" not in s else text(s)


def table(header: Sequence[str], rows: Iterable[Sequence[object]],
          align: str | None = None) -> list[str]:
    """A pipe table; `align` is one letter per column, "l" or "r"."""
    align = align or "l" * len(header)
    marks = {"l": "---", "r": "--:", "c": ":-:"}
    lines = ["| " + " | ".join(cell(h) for h in header) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") if isinstance(c, Raw) else cell(c)
                                       for c in row) + " |")
    return lines


class Raw(str):
    """A cell value that is already inline Markdown, e.g. with `code` spans; only its pipes are
    escaped (GFM reads `\\|` as a pipe even inside a code span in a table)."""


def bullets(items: Iterable[object]) -> list[str]:
    return [f"- {text(i)}" for i in items]


