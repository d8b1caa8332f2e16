"""Every export format, and the terminal, with a scenario whose every free text is hostile (issue 14).

tests/data/hostile holds a framework, a scenario and a progress file whose names, titles, owners,
notes, KPI names and level names carry terminal escape sequences, a bidi override, NUL, BEL, CR and
C1 controls, table pipes, backticks, Rich and BBCode-like markup, text a spreadsheet would run as a
formula, and a TeX-looking "$...$". Each format must be written without a crash, open in its own
reader, carry no raw control character, and keep the text as text: a cell stays one cell, a title
stays a title, and the data formats give back exactly what the files said.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import openpyxl
import pytest

from planner.export import export_bytes, export_text
from planner.export.blocks import Code, Table, parse, plain
from planner.load.scenarios import load_scenario
from planner.plan.pipeline import make_plan
from planner.plan.results import Plan

REPO = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "data" / "hostile"
NAME = "\x1b[31mred\x1b[0m [/] =cmd|' /C calc'!A0 \u202e"
A2 = "+1 pipe | and `tick` [b]x[/b] [text](http://x) ![a](b) _under_ <b>html</b> ~~s~~ a\\_b\\"
"""A title written like Markdown: a link, an image, underscores, HTML, strikethrough and escapes."""
TITLES = {
    "a1": "=cmd|' /C calc'!A0",
    "a2": A2,
    "b1": "-2 line\nbreak\x00nul\x07bel",
    "c1": "@SUM(A1) ``double`` \r carriage \x9b2J \u202e",
}
# what a terminal or a spreadsheet acts on: C0 controls but tab and newline, DEL and C1, bidi
# embeddings, overrides and isolates, line and paragraph separators
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _raw(s: str) -> list[str]:
    return sorted(set(RAW.findall(s)))


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load_scenario(HOSTILE / "progress.toml"), time_limit=20)


def test_the_fixture_is_as_hostile_as_it_says(plan: Plan) -> None:
    assert plan.scenario.name == NAME
    assert {a.id: a.title for a in plan.actions} == TITLES
    assert plan.scenario.progress is not None and plan.status != "infeasible"


# -- Markdown ---------------------------------------------------------------------------------------


def test_mdtext_defuses_controls_code_spans_emphasis_and_line_starts() -> None:
    from planner.export.mdtext import prose, text  # here: `prose` is new with the fix

    assert text("a\x1b[2J\x07b\nc") == "a\\x1b&#91;2J\\x07b c"
    assert text("[t](http://x) ![a](b) _u_ <b>h</b> ~~s~~") == \
        "&#91;t&#93;(http://x) !&#91;a&#93;(b) &#95;u&#95; &lt;b&gt;h&lt;/b&gt; &#126;&#126;s&#126;&#126;"
    # a backslash before punctuation (or at the end) would escape it: defused; others are text
    assert text("a\\_b \\x c\\") == "a&#92;&#95;b \\x c&#92;"
    assert text("x `y` **z** <b> & |") == "x &#96;y&#96; &#42;&#42;z&#42;&#42; &lt;b&gt; &amp; |"
    assert [prose(s) for s in ("- a", "# h", "1. n", "+ p", "---", "=x", "~~~", "ok")] == \
        ["&#45; a", "&#35; h", "&#49;. n", "&#43; p", "&#45;--", "&#61;x", "&#126;&#126;&#126;", "ok"]


def test_markdown_has_no_raw_control_and_no_markup_from_the_files(plan: Plan) -> None:
    md = export_text(plan, "md")
    assert _raw(md) == []
    blocks = parse(md)
    # every table row has as many cells as its header: no pipe from a file split a cell
    for t in (b for b in blocks if isinstance(b, Table)):
        assert all(len(r) == len(t.header) for r in t.rows), t.header
    # the only code spans are the ones csip writes (ids and goals), none opened by a backtick
    # from a title, and no bold or italic comes from a file's asterisks
    spans = [s for b in blocks for s in _spans_of(b)]
    assert {t for t, style in spans if style == "code"} <= {"a1", "a2", "b1", "c1", "AA", "BB", "CC",
                                                           "AA.1", "AA.2", "BB.1", "CC.1",
                                                           "progress.toml"}
    # the titles survive as text, one cell each, controls shown as escapes
    starts = next(t for b in blocks if isinstance(b, Table) and plain(b.header[0]) == "Starts"
                  for t in [b])
    first = plain(starts.rows[0][0])
    assert first == "=cmd|' /C calc'!A0 (a1)"
    cells = {plain(r[0]) for b in blocks if isinstance(b, Table) and plain(b.header[0]) == "Starts"
             for r in b.rows}
    assert f"{A2} (a2)" in cells
    assert "-2 line break\\x00nul\\x07bel (b1)" in cells
    assert "@SUM(A1) ``double`` carriage \\x9b2J \\u202e (c1)" in cells
    # prose from the files starts no list, heading or quote of its own
    assert "> &#61;Vision\\x00 \\x1b&#93;0;title\\x07 | end" in md.splitlines()
    mermaid = next(b for b in blocks if isinstance(b, Code) and b.lang == "mermaid")
    assert not any("`" in ln for ln in mermaid.lines)  # a ``` would end the fence


class _Cells(HTMLParser):
    """The tags of a page and the text of each table cell."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_markdown_viewers_show_a_markdown_looking_title_as_written(plan: Plan) -> None:
    """Rendered by a CommonMark renderer with GFM tables and strikethrough (markdown-it-py, the
    one Rich uses): the title makes no link, image, emphasis, HTML or strikethrough."""
    from markdown_it import MarkdownIt

    md = export_text(plan, "md")
    outside = re.sub(r"```.*?```", "", md, flags=re.S)  # a fenced block (Mermaid) is literal
    assert "](" not in outside and "_under_" not in outside and "<b>" not in outside
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    p = _Cells()
    p.feed(page)
    assert not p.tags & {"a", "img", "b", "s", "del"}
    a2 = [c for c in p.cells if c.startswith("+1 pipe")]
    assert a2 and all(c == f"{A2} (a2)" for c in a2), a2


def _spans_of(b: object) -> list[tuple[str, str]]:
    if isinstance(b, Table):
        return [s for row in (b.header, *b.rows) for cell in row for s in cell]
    if hasattr(b, "items"):
        return [s for item in b.items for s in item]  # type: ignore[attr-defined]
    return list(getattr(b, "spans", ()))


# -- CSV, JSON, TOML --------------------------------------------------------------------------------


def test_csv_cells_are_text_not_formulas(plan: Plan) -> None:
    data = export_text(plan, "csv")
    assert _raw(data.replace("\r\n", "\n")) == []
    rows = list(csv.reader(io.StringIO(data.split("\r\n", 1)[1])))
    assert len({len(r) for r in rows}) == 1
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@")]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["a1"][1] == "'=cmd|' /C calc'!A0"


@pytest.mark.parametrize("fmt", ["json", "toml"])
def test_data_formats_round_trip_exactly_and_print_safely(plan: Plan, fmt: str) -> None:
    data = export_text(plan, fmt)
    assert _raw(data) == [], "a C1 control or bidi override left raw would act on a terminal"
    back = json.loads(data) if fmt == "json" else tomllib.loads(data)
    assert back["scenario"] == NAME
    assert {a["id"]: a["title"] for a in back["actions"]} == TITLES


def test_plan_json_on_stdout_is_safe_and_exact(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "planner", "plan", "--json", "--time-limit", "20",
                        str(HOSTILE / "scenario.toml")], capture_output=True, text=True, timeout=120,
                       cwd=REPO)
    assert r.returncode == 0, r.stderr[-400:]
    assert _raw(r.stdout) == [] and _raw(r.stderr) == []
    assert json.loads(r.stdout)["scenario"] == NAME


# -- the office formats and HTML --------------------------------------------------------------------


def test_xlsx_opens_and_holds_no_control_character(plan: Plan) -> None:
    blob = export_bytes(plan, "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(blob))
    values = [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert values and _raw("\n".join(values)) == []
    assert "\\x1b[31mred\\x1b[0m [/] =cmd|' /C calc'!A0 \\u202e" in values
    for ws in wb:  # the only formulas are the workbook's own
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert "cmd" not in c.value and "SUM(A1)" not in c.value, c.value
    assert wb.properties.title == "\\x1b[31mred\\x1b[0m [/] =cmd|' /C calc'!A0 \\u202e"


def test_docx_opens_and_holds_no_control_character(plan: Plan) -> None:
    blob = export_bytes(plan, "docx")
    d = docx.Document(io.BytesIO(blob))
    texts = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    assert _raw("\n".join(texts)) == []
    assert any(f"{A2} (a2)" in t for t in texts)
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert _raw(xml.replace("\r", "")) == []


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)


def test_html_is_escaped_and_holds_no_control_character(plan: Plan) -> None:
    page = export_text(plan, "html")  # a level name of "$\frac{$" crashed matplotlib's TeX parser
    assert _raw(page) == []
    p = _Tags()
    p.feed(page)
    assert not p.tags & {"b", "script", "bold", "red", "a", "img", "del", "s"}
    assert html.escape(A2, quote=True) + " (" in page
    assert "&lt;" not in NAME and "=cmd|&#x27; /C calc&#x27;!A0" in page


# -- the terminal and stderr ------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ("plan", "--time-limit", "20"), ("assess",), ("quickwins",), ("status", "--time-limit", "20"),
    ("validate",), ("export", "--time-limit", "20", "-o", "{tmp}/out.html"),
    ("export", "--time-limit", "20", "-o", "{tmp}/out.xlsx"),
])
def test_commands_print_no_raw_control_character(tmp_path: Path, args: tuple[str, ...]) -> None:
    """In a subprocess, so that matplotlib's warnings (which echoed a glyph it could not draw, ESC
    included) reach stderr as they would for a user."""
    argv = [a.format(tmp=tmp_path) for a in args]
    argv.insert(1, str(HOSTILE / "progress.toml"))
    r = subprocess.run([sys.executable, "-m", "planner", *argv], capture_output=True, text=True,
                       timeout=180, cwd=REPO)
    assert r.returncode == 0, r.stderr[-400:]
    assert _raw(r.stdout) == [], _raw(r.stdout)
    assert _raw(r.stderr) == [], r.stderr[-400:]
    assert "Traceback" not in r.stderr and "Warning" not in r.stderr


def test_sweep_progress_bar_takes_a_name_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar shows only on a terminal; a "[/]" in the scenario's name was read as Rich markup."""
    from planner.cli.whatif import _progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    with _progress(f"Sweeping {NAME}", 3) as done:
        done(1)
    assert "\x1b[31mred" not in err.getvalue()


def test_usage_errors_show_controls_from_the_command_line() -> None:
    """argparse echoed an unknown option as given, escape sequence and all."""
    r = subprocess.run([sys.executable, "-m", "planner", "plan", str(HOSTILE / "scenario.toml"),
                        "--x\x1b[2J"], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert r.returncode == 2 and "--x\\x1b[2J" in r.stderr and _raw(r.stderr) == []


def test_a_very_long_name_fits_every_office_format(tmp_path: Path) -> None:
    """A 5,000-character scenario name (found by the fuzzer) made the Word export fail: a document
    property holds at most 255 characters. Both office files open and keep the name, cut short."""
    import shutil
    from dataclasses import replace

    shutil.copy(REPO / "scenarios" / "herus.toml", tmp_path / "herus.toml")
    scenario = load_scenario(tmp_path / "herus.toml")
    long_plan = make_plan(replace(scenario, name="x" * 5000), time_limit=30, with_quick_wins=False)
    word = docx.Document(io.BytesIO(export_bytes(long_plan, "docx")))
    assert word.core_properties.title.startswith("x" * 200) and len(word.core_properties.title) <= 255
    book = openpyxl.load_workbook(io.BytesIO(export_bytes(long_plan, "xlsx")))
    assert len(book.properties.title) <= 255
    assert all(len(str(c.value)) <= 32_767 for ws in book.worksheets for row in ws.iter_rows()
               for c in row if c.value is not None)
