"""Markdown building blocks that survive GitHub's and GitLab's renderers.

Table cells are where generated Markdown usually breaks: a `|` in an action title splits the row,
a newline ends the table, and `<...>` disappears as an HTML tag. Everything that goes into a cell or a
line of prose passes through here.

The text comes from files anyone can write (issue 14), so it is also kept from acting as anything
but text: control characters and terminal escape sequences become visible escapes
(`planner.sanitize.clean`: a `cat` of the file must not drive the terminal), a stray backtick or
asterisk cannot open a code span or emphasis that swallows the generated markup around it, a title
written like a link or an image (`[text](url)`, `![alt](src)`), with underscores (`_x_`),
strikethrough (`~~x~~`) or HTML (`<b>`) shows as written and not as what it looks like, a backslash
escapes nothing, and a line of prose cannot start a list, heading, quote, rule or fence.
Characters are defused as numeric character references, which every Markdown renderer shows as
the character itself and which the block reader of the office formats (`planner.export.blocks`) undoes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from planner.sanitize import clean

_DEFUSE = re.compile(r"[&<>`*_~\[\]]|\\(?=[!-/:-@\[-`{-~]|$)")
"""HTML, code spans, emphasis, strikethrough, links and images, and a backslash that would escape
what follows it (before ASCII punctuation, our own references' `&` included, or at a line's end,
where it breaks the line); other backslashes, like those of `\\x1b`, are plain text already."""
_NAMED = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BLOCK_START = re.compile(r"[-+#=~_|]|\d+[.)]")  # ">" and "*" are defused by `text`
"""What makes a line something other than a paragraph: list, heading, quote, setext underline,
fence, rule or table markers, and ordered-list numbers."""


def _flat(value: object) -> str:
    """One line: whitespace (newlines too) folded to single spaces, control characters shown."""
    return clean(" ".join(str(value).split()))


def _ref(ch: str) -> str:
    return _NAMED.get(ch) or f"&#{ord(ch)};"


def text(value: object) -> str:
    """One line of inline Markdown: whitespace folded, control characters made visible, HTML,
    code spans, emphasis, links and escapes defused."""
    return _DEFUSE.sub(lambda m: _ref(m.group()), _flat(value))


def prose(value: object) -> str:
    """`text` that may start a line of its own (a paragraph, a quote, a list item): a first
    character that would make the line a list, heading, quote or rule is defused too."""
    s = text(value)
    m = _BLOCK_START.match(s)
    return s if m is None else _ref(s[0]) + s[1:]


def cell(value: object) -> str:
    return text(value).replace("|", "\\|") or " "


def code(value: object) -> str:
    s = _flat(value)
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
    return [f"- {prose(i)}" for i in items]


