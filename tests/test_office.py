"""The office exports, each opened by its own library and checked against `plan --json`: the xlsx
with openpyxl, the docx with python-docx, the HTML with the standard library's HTML parser.

HeRus is planned once for the module (the real rules engine and solver), and each format is
exported once. Hostile text (a title that looks like a formula, control characters, markup) goes
through a copy of the plan with those titles, since what matters is what the writers do with it.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import docx
import openpyxl
import pytest

from planner.assess.gaps import gap_report
from planner.errors import InputError
from planner.export import (
    FORMATS,
    STDOUT_FORMATS,
    TEXT_FORMATS,
    choose_format,
    export_bytes,
    export_text,
    format_for_path,
    write_export,
)
from planner.export.xlsx import SHEETS
from planner.load.scenarios import load_scenario
from planner.numbers import money
from planner.output.jsonshapes import gap_json, plan_json
from planner.plan.csip import label, milestone_checks
from planner.plan.pipeline import make_plan
from tests.test_seams import importers

REPO = Path(__file__).resolve().parent.parent
HERUS = REPO / "scenarios" / "herus.toml"
NO_MONEY = Path(__file__).parent / "data" / "whatif" / "no-money.toml"

STEPS = ["1. What is the vision?", "2. Where are we now?", "3. Where do we want to be?",
         "4. How do we get there?", "5. How do we check milestones have been reached?",
         "6. Quick wins", "7. How do we keep the momentum going?"]
HOSTILE = "=HYPERLINK(\"x\") <script>alert(1)</script> & \x07bell\x0b"


@pytest.fixture(scope="module")
def herus():
    return make_plan(load_scenario(HERUS))


@pytest.fixture(scope="module")
def data(herus):
    return plan_json(herus)


@pytest.fixture(scope="module")
def infeasible():
    return make_plan(load_scenario(NO_MONEY))


@pytest.fixture(scope="module")
def hostile(herus):
    """HeRus with a scenario name and a first action title no writer should trust."""
    first = dataclasses.replace(herus.actions[0], title=HOSTILE)
    scenario = dataclasses.replace(herus.scenario, name="=1+1 \x1b[31mHeRus")
    return dataclasses.replace(herus, scenario=scenario, actions=(first, *herus.actions[1:]))


# -- formats and file names ---------------------------------------------------------------------


def test_format_follows_the_extension():
    assert format_for_path("plan.xlsx") == "xlsx"
    assert format_for_path(Path("out/CSIP.DOCX")) == "docx"
    assert format_for_path("csip.htm") == format_for_path("csip.html") == "html"
    assert format_for_path("a.markdown") == format_for_path("a.md") == "md"
    assert [format_for_path(f"x.{f}") for f in FORMATS] == list(FORMATS)
    assert format_for_path("-") is None and format_for_path("plan") is None
    assert format_for_path("plan.txt") is None and format_for_path("plan.xlsx.bak") is None


def test_choose_format_takes_the_extension_and_refuses_what_cannot_work():
    assert choose_format(None, "out/plan.XLSX") == "xlsx"
    assert choose_format("docx", "plan.docx") == "docx"
    assert choose_format("md", "notes.txt") == "md"  # an extension that names nothing is the user's
    assert choose_format("csv", "-") == "csv"
    cases = {
        (None, "-"): "-o: standard output has no extension to take the format from (add --format",
        (None, "plan.xls"): 'plan.xls: cannot tell the format from ".xls" (did you mean "xlsx"?)',
        (None, "plan"): 'plan: cannot tell the format from "plan" (name the file .md',
        ("xlsx", "-"): "-o: xlsx cannot be written to standard output (give a file name, e.g. -o plan.xlsx)",
        ("html", "-"): "-o: html cannot be written to standard output",
        ("md", "plan.xlsx"): "plan.xlsx: the extension says xlsx but --format is md",
        ("htm", "x"): '--format: unknown format "htm" (did you mean "html"?)',
    }
    for (fmt, out), message in cases.items():
        with pytest.raises(InputError) as err:
            choose_format(fmt, out)
        assert str(err.value).startswith(message), str(err.value)


def test_only_text_formats_may_go_to_stdout():
    assert set(STDOUT_FORMATS) == {"md", "toml", "csv", "json"}
    assert set(STDOUT_FORMATS) < set(TEXT_FORMATS) < set(FORMATS)
    assert not {"xlsx", "docx"} & set(TEXT_FORMATS)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_binary_exports_are_written_atomically(infeasible, tmp_path, fmt):
    out = tmp_path / f"plan.{fmt}"
    out.write_text("old")
    assert write_export(infeasible, fmt, out) == out
    assert zipfile.is_zipfile(out)
    assert [p.name for p in tmp_path.iterdir()] == [out.name]


@pytest.mark.parametrize(("library", "module"), [
    ("matplotlib", "planner/export/charts.py"), ("openpyxl", "planner/export/xlsx.py"),
    ("docx", "planner/export/docx.py")])
def test_each_office_library_sits_behind_one_module(library, module):
    assert importers(library) == {module}


# -- xlsx ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xlsx_bytes(herus):
    return export_bytes(herus, "xlsx")


@pytest.fixture(scope="module")
def wb(xlsx_bytes):
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes))


def _rows(ws):
    return list(ws.iter_rows(values_only=True))


def _sum_formula(value):
    """Sheet (or None), column and rows of one of our `=SUM(Sheet!X2:X9)` formulas."""
    m = re.fullmatch(r"=SUM\((?:(\w+)!)?([A-Z]+)(\d+):([A-Z]+)(\d+)\)", value)
    assert m, value
    assert m[2] == m[4], "a sum over one column"
    return m[1], m[2], int(m[3]), int(m[5])


def test_workbook_has_its_sheets_with_frozen_headers(wb):
    assert wb.sheetnames == list(SHEETS)
    for ws in wb:
        assert ws.freeze_panes and ws.freeze_panes.endswith("2"), ws.title
        assert all(c.font.bold for c in ws[1] if c.value is not None)
        assert ws.column_dimensions["A"].width >= 8


def test_summary_against_plan_json(wb, data):
    summary = {r[0]: r[1] for r in _rows(wb["Summary"])[1:]}
    assert summary["Scenario"] == data["scenario"] == "HeRus"
    assert summary["Status"].startswith(data["status"] + ":")
    assert summary["Current level"].startswith(str(data["current_level"]))
    assert summary["Target level"] == "3 (Defined)"
    assert summary["Target reached"] == "end of " + data["periods"][data["target_period"]]["label"]
    assert summary["Budget"] == 400000 and summary["Effort limit per quarter (person-days)"] == 150
    actions = wb["Actions"]
    cost = summary["Total cost"]
    sheet, col, lo, hi = _sum_formula(cost)
    assert sheet == "Actions"
    assert sum(actions[f"{col}{r}"].value for r in range(lo, hi + 1)) == data["total_cost"]
    _, col, lo, hi = _sum_formula(summary["Total effort (person-days)"])
    assert sum(actions[f"{col}{r}"].value for r in range(lo, hi + 1)) == data["total_effort"]
    ws = wb["Summary"]
    by_key = {ws.cell(r, 1).value: ws.cell(r, 2) for r in range(2, ws.max_row + 1)}
    assert '"USD"' in by_key["Total cost"].number_format
    assert by_key["Budget left"].value == f"=B{by_key['Budget'].row}-B{by_key['Total cost'].row}"


def test_actions_sheet_against_plan_json(wb, data, herus):
    rows = _rows(wb["Actions"])
    header = rows[0]
    assert header[:5] == ("Id", "Title", "Role", "Start", "End") and "Why" in header
    body = rows[1: 1 + len(data["actions"])]
    sc = herus.scenario
    for row, a in zip(body, data["actions"], strict=True):
        r = dict(zip(header, row, strict=True))
        assert (r["Id"], r["Title"], r["Role"]) == (a["id"], a["title"], a["role"])
        assert (r["Start"], r["End"]) == (label(sc, a["start"]), label(sc, a["end"]))
        assert (r["Effort (person-days)"], r["Cost"]) == (a["effort"], a["cost"])
        assert r["Goals"] == ", ".join(a["goals"]) and r["Why"] == a["why"]
        assert r["Quick win"] == ("yes" if a["quick_win"] else "no")
    total = rows[1 + len(data["actions"])]
    n = len(data["actions"])
    assert total[0] == "Total" and total[5] == f"=SUM(F2:F{n + 1})" and total[6] == f"=SUM(G2:G{n + 1})"
    assert '"USD"' in wb["Actions"]["G2"].number_format


def test_periods_sheet_against_plan_json(wb, data):
    ws = wb["Periods"]
    rows = _rows(ws)
    n = len(data["periods"])
    for row, p in zip(rows[1: n + 1], data["periods"], strict=True):
        assert row[0] == p["label"] and row[1].date().isoformat() == p["start"]
        assert (row[3], row[4], row[6], row[9]) == (p["effort"], 150, p["cost"], p["level"])
    assert rows[2][5] == "=E3-D3" and rows[2][7] == "=SUM(G$2:G3)"
    assert rows[1][8].startswith("=Summary!$B$") and rows[1][8].endswith("-H2")
    total = rows[n + 1]
    assert total[0] == "Total"
    for col, key in ((3, "total_effort"), (6, "total_cost")):
        _, letter, lo, hi = _sum_formula(total[col])
        assert (lo, hi) == (2, n + 1)
        assert sum(ws[f"{letter}{r}"].value for r in range(lo, hi + 1)) == pytest.approx(data[key])


def test_roadmap_sheet_is_a_gantt_of_filled_cells(wb, data):
    ws = wb["Roadmap"]
    labels = [c.value for c in ws[1]][2:]
    assert labels == [p["label"] for p in data["periods"]]
    by_id = {a["id"]: a for a in data["actions"]}
    seen = set()
    for r in range(2, 2 + len(by_id)):
        a = by_id[ws.cell(r, 1).value]
        seen.add(a["id"])
        filled = [t for t in range(len(labels)) if ws.cell(r, 3 + t).fill.fill_type == "solid"]
        assert filled == list(range(a["start"], a["end"] + 1)), a["id"]
        colours = {ws.cell(r, 3 + t).fill.fgColor.rgb for t in filled}
        assert len(colours) == 1 and (a["quick_win"] == ("38A169" in colours.pop()))
    assert seen == set(by_id)
    level_row = next(r for r in range(2, ws.max_row + 1)
                     if ws.cell(r, 2).value == "Level at the end of the period")
    assert [ws.cell(level_row, 3 + t).value for t in range(len(labels))] == \
        [p["level"] for p in data["periods"]]
    t = data["target_period"]
    assert "level 3 (Defined) reached" in ws.cell(level_row + 1, 3 + t).value


def test_milestones_sheet_has_the_markdowns_notes(wb, herus):
    rows = _rows(wb["Milestones"])
    checks = milestone_checks(herus)
    assert len(rows) - 1 == len(checks)
    md = export_text(herus, "md")
    header = rows[0]
    for row, c in zip(rows[1:], checks, strict=True):
        r = dict(zip(header, row, strict=True))
        assert r["Milestone"] == c.title and r["End of"] == label(herus.scenario, c.period)
        assert r["Key performance indicators"] == "\n".join(f"• {k}" for k in c.notes.kpis)
        for kpi in c.notes.kpis:
            assert kpi.split()[0] in md
    srim = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[2].startswith("SRIM"))
    assert "Incident response target (35 minutes)" in srim["Key performance indicators"]
    assert srim["Deliverables"] and srim["Critical success factors"]


def test_gap_sheet_against_gap_json(wb, herus, data):
    rows = _rows(wb["Gap"])
    gap = gap_json(herus.scenario, gap_report(herus.assessment, herus.target_level, herus.scenario.actions))
    goals = [g for b in gap["blocking"] for g in b["goals"]]
    assert [r[0] for r in rows[1:]] == goals
    first_closer = {}
    for a in sorted(data["actions"], key=lambda a: a["end"]):
        for g in a["closes"]:
            first_closer.setdefault(g, a)
    by_id = {a["id"]: a for a in data["actions"]}
    for r in rows[1:]:
        goal, status, why, by = r[0], r[4], r[5], r[6]
        assert status == herus.assessment.goals[goal].status and why
        assert goal in by_id[by]["closes"] and by_id[by]["end"] == first_closer[goal]["end"]
        assert r[7] == data["periods"][first_closer[goal]["end"]]["label"]


def _xml_parts(blob: bytes):
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                yield name, z.read(name)


@pytest.mark.parametrize("fmt", ["xlsx", "docx"])
def test_every_xml_part_is_well_formed_even_with_hostile_text(hostile, fmt):
    blob = export_bytes(hostile, fmt)
    parts = dict(_xml_parts(blob))
    assert parts
    for name, xml in parts.items():
        ElementTree.fromstring(xml)  # raises on a control character or broken markup
        assert b"\x07" not in xml and b"\x1b" not in xml, name


def test_text_that_looks_like_a_formula_stays_text(hostile):
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(hostile, "xlsx")))
    titles = [r[1] for r in _rows(wb["Actions"])[1:]]
    # controls are shown as visible escapes, as in every other export (planner.sanitize.clean)
    assert titles[0] == HOSTILE.replace("\x07", "\\x07").replace("\x0b", "\\x0b")
    assert wb["Actions"]["B2"].data_type == "s"
    assert wb["Summary"]["B2"].value == "=1+1 \\x1b[31mHeRus" and wb["Summary"]["B2"].data_type == "s"
    for ws in wb:  # the only formulas are the workbook's own sums and differences
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert re.fullmatch(r"=(SUM\([\w!$:]+\)|[\w!$]+(-[\w!$]+)?)", c.value), c.value


def test_infeasible_workbook_has_no_totals_to_sum(infeasible):
    wb = openpyxl.load_workbook(io.BytesIO(export_bytes(infeasible, "xlsx")))
    summary = {r[0]: r[1] for r in _rows(wb["Summary"])[1:]}
    assert summary["Status"].startswith("infeasible") and summary["Total cost"] == 0
    assert summary["Target reached"] == "not within the limits"
    assert _rows(wb["Actions"]) == [_rows(wb["Actions"])[0]]


# -- docx ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def document(herus):
    return docx.Document(io.BytesIO(export_bytes(herus, "docx")))


def _table_rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_headings_follow_the_csip_steps(document):
    heads = [(p.style.name, p.text) for p in document.paragraphs
             if p.style.name == "Title" or p.style.name.startswith("Heading")]
    assert heads[0] == ("Title", "Continual Service Improvement Programme: HeRus")
    assert [t for s, t in heads if s == "Heading 1"] == STEPS
    level2 = [t for s, t in heads if s == "Heading 2"]
    assert {"Maturity profile", "Roadmap by period", "Owners", "Timeline"} <= set(level2)
    assert ("Heading 3", "Q1 2027") in heads


def test_docx_tables_against_plan_json(document, data):
    tables = [_table_rows(t) for t in document.tables]
    glance = next(t for t in tables if t[0][0] == "Plan at a glance")
    values = dict(r[:2] for r in glance[1:])
    assert values["Cost"].startswith(money(data["total_cost"], "USD"))
    assert values["Target reached"].startswith("end of " + data["periods"][data["target_period"]]["label"])
    roadmap = [t for t in tables if t[0] == ["Starts", "Owner", "Runs", "Effort", "Cost", "Closes"]]
    rows = [r for t in roadmap for r in t[1:]]
    by_id = {a["id"]: a for a in data["actions"]}
    found = {}
    for r in rows:
        aid = re.search(r"\(([\w-]+)\)$", r[0])[1]
        found[aid] = r
        a = by_id[aid]
        assert r[0].startswith(a["title"]) and ("★" in r[0]) == a["quick_win"]
        assert float(r[3].replace(",", "")) == a["effort"] and float(r[4].replace(",", "")) == a["cost"]
    assert set(found) == set(by_id)
    # the header row repeats on every page a long table runs onto
    assert document.tables[0].rows[0]._tr.xml.count("w:tblHeader") == 1


def test_docx_has_the_charts_as_pictures(document, infeasible):
    assert len(document.inline_shapes) == 3
    for shape in document.inline_shapes:
        assert shape.width <= docx.shared.Inches(6.5) + 1
    infeasible_doc = docx.Document(io.BytesIO(export_bytes(infeasible, "docx")))
    assert len(infeasible_doc.inline_shapes) == 1  # the profile; no roadmap to draw
    texts = [p.text for p in infeasible_doc.paragraphs]
    assert "Why there is no roadmap yet" in texts


def test_docx_keeps_hostile_text_as_text(hostile):
    d = docx.Document(io.BytesIO(export_bytes(hostile, "docx")))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    assert any(c.startswith('=HYPERLINK("x") <script>alert(1)</script> & \\x07bell') for c in cells)


# -- html ---------------------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self.urls: list[str] = []
        self._heading: str | None = None
        self._text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.append(v)
            if k in ("href", "src", "xlink:href") and v:
                self.urls.append(v)
        if tag in ("h1", "h2", "h3", "h4"):
            self._heading, self._text = tag, []
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag == self._heading:
            self.headings.append((tag, "".join(self._text)))
            self._heading = None
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, text):
        if self._heading:
            self._text.append(text)
        if self._cell is not None:
            self._cell.append(text)


@pytest.fixture(scope="module")
def page_text(herus):
    return export_text(herus, "html")


@pytest.fixture(scope="module")
def page(page_text):
    p = _Page()
    p.feed(page_text)
    p.close()
    return p


def test_html_is_one_self_contained_file(page_text, page):
    assert page_text.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?://", page_text, re.I)  # no network: not even a namespace URL
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert all(u.startswith("#") for u in page.urls), page.urls
    assert page.tags.count("svg") == 3
    assert len(page.ids) == len(set(page.ids)), "an id repeats across the inline charts"
    assert "@media print" in page_text and "break-before: page" in page_text


def test_html_sections_and_tables_against_plan_json(page, data, herus):
    assert page.headings[0] == ("h1", "Continual Service Improvement Programme: HeRus")
    assert [t for h, t in page.headings if h == "h2"] == STEPS
    roadmap = [t for t in page.tables if t[0] == ["Starts", "Owner", "Runs", "Effort", "Cost", "Closes"]]
    ids = [re.search(r"\(([\w-]+)\)$", r[0])[1] for t in roadmap for r in t[1:]]
    assert sorted(ids) == sorted(a["id"] for a in data["actions"])
    profile = next(t for t in page.tables if t[0][:2] == ["Level", "Key process area"])
    kpas = sorted(herus.scenario.framework.kpas, key=lambda k: k.level)
    assert [r[1] for r in profile[1:]] == [f"{k.id} {k.name}" for k in kpas]
    assert profile[1][1] == "SCOM Service Commitment Management"


def test_html_escapes_all_text(hostile):
    text = export_text(hostile, "html")
    p = _Page()
    p.feed(text)
    assert "script" not in p.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in text
    assert "<title>Continual Service Improvement Programme: =1+1" in text


# -- Markdown -----------------------------------------------------------------------------------


def test_markdown_names_the_target_quarter_instead_of_counting_periods(herus):
    md = export_text(herus, "md")
    assert "counting from 0" not in md
    t = herus.target_period
    quarters = t + 1
    assert (f"at the end of {herus.periods[t].label}, {quarters} quarters into the programme "
            f"(which starts with {herus.periods[0].label})") in md
