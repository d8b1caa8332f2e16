"""The CSIP document as one self-contained HTML file that prints well to PDF from a browser.

Self-contained means it works offline and from an e-mail attachment: the stylesheet is inline, the
charts are inline SVG, and nothing refers to a network address (no scripts at all). Every piece of
text is escaped here, whatever the Markdown reader made of it. For print, each CSIP step after the
first starts a new page, table headers repeat on every page, and rows and charts are not split.
"""

from __future__ import annotations

import html
import re

from planner.export.blocks import (
    Block,
    Code,
    Figure,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    Table,
    csip_blocks,
    plain,
)
from planner.export.charts import Chart, plan_charts
from planner.plan.results import Plan

CSS = """
:root { --ink: #1a202c; --muted: #4a5568; --rule: #cbd5e0; --head: #edf2f7; --accent: #2b6cb0; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.8rem; border-bottom: 3px solid var(--accent); padding-bottom: .3rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; color: var(--accent); }
h3 { font-size: 1.15rem; margin-top: 1.6rem; }
h4 { font-size: 1rem; margin-top: 1.2rem; }
table { border-collapse: collapse; margin: .8rem 0; width: 100%; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); }
td.num, th.num { text-align: right; white-space: nowrap; }
blockquote { border-left: 4px solid var(--accent); margin: 1rem 0; padding: .2rem 1rem;
             color: var(--muted); font-style: italic; }
code { font-family: Consolas, "DejaVu Sans Mono", monospace; font-size: .85em;
       background: var(--head); padding: 0 .2em; border-radius: 3px; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .85rem; text-align: center; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0 1rem; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2.page { break-before: page; page-break-before: always; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  tr, figure, blockquote { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def to_html(plan: Plan) -> str:
    charts = {c.name: c for c in plan_charts(plan, ("svg",))}
    blocks = csip_blocks(plan, list(charts))
    title = next((plain(b.spans) for b in blocks if isinstance(b, Heading) and b.level == 1),
                 "Continual Service Improvement Programme")
    body = render(blocks, charts)
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<meta name=\"generator\" content=\"csip\">\n<title>{_esc(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n")


def render(blocks: list[Block], charts: dict[str, Chart]) -> str:
    out: list[str] = []
    steps = 0
    for b in blocks:
        if isinstance(b, Heading):
            cls = ""
            if b.level == 2:
                steps += 1
                cls = ' class="page"' if steps > 1 else ""
            out.append(f"<h{b.level}{cls}>{_spans(b.spans)}</h{b.level}>")
        elif isinstance(b, Paragraph):
            out.append(f"<p>{_spans(b.spans)}</p>")
        elif isinstance(b, Quote):
            out.append(f"<blockquote><p>{_spans(b.spans)}</p></blockquote>")
        elif isinstance(b, ListBlock):
            tag = "ol" if b.numbered else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{_spans(i)}</li>" for i in b.items) + f"</{tag}>")
        elif isinstance(b, Table):
            out.append(_table(b))
        elif isinstance(b, Code):
            out.append("<pre><code>" + _esc("\n".join(b.lines)) + "</code></pre>")
        elif isinstance(b, Rule):
            out.append("<hr>")
        elif isinstance(b, Figure) and b.chart in charts:
            c = charts[b.chart]
            out.append(f'<figure id="chart-{_esc(c.name)}">{inline_svg(c.svg, c.name)}'
                       f"<figcaption>{_esc(c.title)}</figcaption></figure>")
    return "\n".join(out) + "\n"


def _table(t: Table) -> str:
    def cls(i: int) -> str:
        return ' class="num"' if i < len(t.align) and t.align[i] == "r" else ""

    head = "".join(f"<th{cls(i)}>{_spans(c)}</th>" for i, c in enumerate(t.header))
    rows = "".join("<tr>" + "".join(f"<td{cls(i)}>{_spans(c)}</td>" for i, c in enumerate(r)) + "</tr>"
                   for r in t.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


_TAGS = {"": "{}", "code": "<code>{}</code>", "bold": "<strong>{}</strong>", "italic": "<em>{}</em>"}


def _spans(spans: tuple[Span, ...]) -> str:
    return "".join(_TAGS[style].format(_esc(t)) for t, style in spans)


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def inline_svg(svg: str, prefix: str) -> str:
    """Matplotlib's SVG made fit to sit inside HTML: no XML prolog or DOCTYPE (which name a URL),
    no namespace declarations (HTML gives `<svg>` its namespace), and every id prefixed, since
    several charts share fixed ids such as "figure_1" and one page must not repeat an id."""
    s = svg[svg.index("<svg"):]
    s = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", s, count=0)
    s = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', s)
    s = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", s)
    s = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', s)
    s = re.sub(r"<svg\b", f'<svg role="img" aria-label="{_esc(prefix)} chart"', s, count=1)
    return s.strip()
