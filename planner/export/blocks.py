"""The CSIP document as blocks (headings, paragraphs, tables, lists, figures) for Word and HTML.

The Markdown export is the one place that words the CSIP document. Rather than word it again for
each office format (and let the copies drift apart), the Word and HTML exports read the Markdown
back into blocks and render those. The reader only has to understand the small, regular subset
that `planner.export.markdown` writes through `planner.export.mdtext`: ATX headings, one-line
paragraphs, `>` quotes, pipe tables, `-` and `1.` lists, fenced code, `---`, and the inline
`code`, **bold** and *italic* spans, with `&amp;`, `&lt;`, `&gt;`, numeric references such as
`&#96;` and `\\|` undone.

Charts go where the Markdown has none: the maturity profile after its table, load and spend at
the head of the roadmap, and the roadmap Gantt in place of the Mermaid block.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.export.markdown import to_markdown
from planner.plan.results import Plan

Span = tuple[str, str]
"""A run of text and its style: "" (plain), "code", "bold" or "italic"."""


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    """1 for the document's title, 2 for the CSIP steps, 3 and 4 below."""
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    spans: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[tuple[Span, ...], ...]
    numbered: bool


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[tuple[Span, ...], ...]
    rows: tuple[tuple[tuple[Span, ...], ...], ...]
    align: str
    """One letter per column: "l" or "r"."""


@dataclass(frozen=True, slots=True)
class Code:
    lang: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    pass


@dataclass(frozen=True, slots=True)
class Figure:
    chart: str
    """The `Chart.name` to show here."""


Block = Heading | Paragraph | Quote | ListBlock | Table | Code | Rule | Figure


def plain(spans: Iterable[Span]) -> str:
    return "".join(t for t, _ in spans)


def csip_blocks(plan: Plan, charts: Sequence[str] = ()) -> list[Block]:
    """The CSIP document of `plan`, with Figure blocks for the named charts that are available."""

    return place_charts(parse(to_markdown(plan)), set(charts))


def place_charts(blocks: list[Block], charts: set[str]) -> list[Block]:
    out: list[Block] = []
    after_table: str | None = None
    for b in blocks:
        if isinstance(b, Code) and b.lang == "mermaid":
            if "roadmap" in charts:
                out.append(Figure("roadmap"))
            continue  # a Mermaid block means nothing outside a Markdown renderer
        out.append(b)
        if isinstance(b, Heading):
            title = plain(b.spans)
            if title == "Maturity profile" and "profile" in charts:
                after_table = "profile"
            elif title == "Roadmap by period" and "load" in charts:
                out.append(Figure("load"))
        elif isinstance(b, Table) and after_table:
            out.append(Figure(after_table))
            after_table = None
    return out


# -- the reader ---------------------------------------------------------------------------------

_HEADING = re.compile(r"(#{1,6}) (.*)")
_ITEM = re.compile(r"- (.*)")
_NUMBERED = re.compile(r"\d+\. (.*)")
_RULE_ROW = re.compile(r"\|( *:?-+:? *\|)+")


def parse(md: str) -> list[Block]:
    lines = md.splitlines()
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif line.startswith("```"):
            lang = line[3:].strip()
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            out.append(Code(lang, tuple(lines[i + 1: j])))
            i = j + 1
        elif m := _HEADING.fullmatch(line):
            out.append(Heading(len(m[1]), inline(m[2])))
            i += 1
        elif line.strip() == "---":
            out.append(Rule())
            i += 1
        elif line.startswith("> "):
            out.append(Quote(inline(line[2:])))
            i += 1
        elif line.startswith("|") and i + 1 < len(lines) and _RULE_ROW.fullmatch(lines[i + 1].strip()):
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                j += 1
            out.append(_table(lines[i], lines[i + 1], lines[i + 2: j]))
            i = j
        elif _ITEM.fullmatch(line) or _NUMBERED.fullmatch(line):
            numbered = bool(_NUMBERED.fullmatch(line))
            pattern = _NUMBERED if numbered else _ITEM
            items = []
            while i < len(lines) and (m := pattern.fullmatch(lines[i])):
                items.append(inline(m[1]))
                i += 1
            out.append(ListBlock(tuple(items), numbered))
        else:
            para = [line]
            i += 1
            while i < len(lines) and lines[i].strip() and not _starts_block(lines, i):
                para.append(lines[i])
                i += 1
            out.append(Paragraph(inline(" ".join(s.strip() for s in para))))
    return out


def _starts_block(lines: list[str], i: int) -> bool:
    line = lines[i]
    return bool(line.startswith(("```", "> ", "|")) or _HEADING.fullmatch(line)
                or _ITEM.fullmatch(line) or _NUMBERED.fullmatch(line) or line.strip() == "---")


def _table(header: str, rule: str, rows: list[str]) -> Table:
    align = "".join("r" if c.strip().endswith(":") and not c.strip().startswith(":") else "l"
                    for c in _cells(rule))
    return Table(tuple(inline(c) for c in _cells(header)),
                 tuple(tuple(inline(c) for c in _cells(r)) for r in rows), align)


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1]
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", inner)]


_INLINE = re.compile(r"`([^`]*)`|\*\*(.+?)\*\*|(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])")


def inline(s: str) -> tuple[Span, ...]:
    """Spans of one line of the CSIP Markdown; entities are undone outside code spans (code
    spans are literal in Markdown, and `mdtext.code` writes them unescaped)."""
    out: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(s):
        if m.start() > pos:
            out.append((_unescape(s[pos: m.start()]), ""))
        if m[1] is not None:
            out.append((m[1], "code"))
        elif m[2] is not None:
            out.append((_unescape(m[2]), "bold"))
        else:
            out.append((_unescape(m[3]), "italic"))
        pos = m.end()
    if pos < len(s):
        out.append((_unescape(s[pos:]), ""))
    return tuple(sp for sp in out if sp[0])


_ENTITY = re.compile(r"&(amp|lt|gt|#[0-9]{1,7});")


def _unescape(s: str) -> str:
    # one pass, the reverse of mdtext.text: "&amp;lt;" is a literal "&lt;"; numeric references
    # are the backticks, asterisks, underscores, tildes, brackets, backslashes and line-start
    # markers mdtext defuses (any number: the reader need not know the list)
    return _ENTITY.sub(lambda m: _entity(m[1]), s)


def _entity(name: str) -> str:
    if name[0] == "#":
        code = int(name[1:])
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return {"amp": "&", "lt": "<", "gt": ">"}[name]
