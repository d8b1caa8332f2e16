"""The CSIP export: golden files for every format, the TOML round trip, the CSV's columns, the JSON
export against `csip plan --json`, and the Markdown's structure (tables, headings, Mermaid).

The goldens in tests/golden/ are the exports of tests/data/whatif/base.toml, a scenario with a fixed
start date and a unique optimal plan, solved by the real rules and solver. After an intended change
to an export, regenerate them and read the diff before committing:

    CSIP_UPDATE_GOLDEN=1 pytest tests/test_export.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import tomllib
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.export import STDOUT_FORMATS, export_bytes, export_text, write_export
from planner.export.csvfmt import COLUMNS, comment_line
from planner.export.gantt import _name
from planner.export.tomlfmt import without_nulls
from planner.load.scenarios import load_scenario
from planner.output.jsonshapes import plan_json
from planner.plan.csip import milestone_checks, reassessment_points
from planner.plan.pipeline import make_plan

HERE = Path(__file__).parent
DATA = HERE / "data" / "whatif"
GOLDEN = HERE / "golden"
BASE = DATA / "base.toml"
NO_MONEY = DATA / "no-money.toml"
UPDATE = os.environ.get("CSIP_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def plan():
    return make_plan(load_scenario(BASE))


@pytest.fixture(scope="module")
def infeasible():
    return make_plan(load_scenario(NO_MONEY))


def _golden(name: str, text: str) -> str:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(text.encode("utf-8"))
    return path.read_bytes().decode("utf-8")


# -- goldens ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", STDOUT_FORMATS)  # the office formats: tests/test_office.py
def test_export_matches_golden(plan, fmt):
    text = export_text(plan, fmt)
    assert text == _golden(f"base.{fmt}", text), f"the {fmt} export changed; see the module docstring"


def test_infeasible_markdown_matches_golden(infeasible):
    text = export_text(infeasible, "md")
    assert text == _golden("no-money.md", text)


# -- JSON and TOML hold the plan's data ---------------------------------------------------------


def test_json_export_is_byte_for_byte_plan_json_output(tmp_path, capsys):
    assert main(["plan", str(BASE), "--json"]) == 0
    printed = capsys.readouterr().out
    out = tmp_path / "plan.json"
    assert main(["export", str(BASE), "--format", "json", "-o", str(out)]) == 0
    assert out.read_bytes() == printed.encode("utf-8")
    assert json.loads(printed)["status"] == "optimal"


@pytest.mark.parametrize("which", ["plan", "infeasible"])
def test_toml_loads_back_to_plan_json_without_nulls(which, request):
    p = request.getfixturevalue(which)
    data = plan_json(p)
    loaded = tomllib.loads(export_text(p, "toml"))
    assert loaded == without_nulls(data)
    if which == "infeasible":  # the nulls really were there, and really are gone
        assert data["target_period"] is None and "target_period" not in loaded
        assert data["diagnosis"]["least_horizon"] is None
        assert "least_horizon" not in loaded["diagnosis"]
        assert loaded["diagnosis"]["least_budget"] == 12500
    else:
        assert [a["id"] for a in loaded["actions"]] == [a.id for a in p.actions]


def test_without_nulls_reaches_into_lists_and_tables():
    data = {"a": None, "b": [1, None, {"c": None, "d": [None]}], "e": {"f": None, "g": 0}}
    assert without_nulls(data) == {"b": [1, {"d": []}], "e": {"g": 0}}


def test_toml_keeps_plan_keys_at_top_level_and_arrays_of_tables(plan):
    text = export_text(plan, "toml")
    assert re.search(r"^scenario = ", text, re.M)
    for table in ("periods", "actions", "milestones"):
        assert f"[[{table}]]" in text


# -- CSV ----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_planned_action_with_tracker_columns(plan):
    text = export_text(plan, "csv")
    first, _, rest = text.partition("\r\n")
    assert first == comment_line(plan) and first.startswith("# csip: planned actions of Tiny")
    rows = list(csv.DictReader(io.StringIO(rest, newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    for needed in ("id", "title", "role", "start_period", "end_period", "start_label", "end_label",
                   "start_date", "end_date", "effort", "cost", "goals", "quick_win", "why", "milestone"):
        assert needed in COLUMNS
    assert len(rows) == len(plan.actions) == 4
    by_id = {r["id"]: r for r in rows}
    assert set(by_id) == {a.id for a in plan.actions}
    a1 = by_id["a1"]
    assert a1["title"] == "Plan alpha | write the <draft> plan"  # raw in CSV, no Markdown escaping
    assert a1["quick_win"] == "yes" and by_id["b1"]["quick_win"] == "no"
    c1 = by_id["c1"]
    assert (c1["start_period"], c1["end_period"]) == ("1", "2")
    assert (c1["start_label"], c1["end_label"]) == ("Q2 2027", "Q3 2027")
    assert (c1["start_date"], c1["end_date"]) == ("2027-04-01", "2027-09-30")  # due: last day
    assert float(c1["effort"]) == 30 and float(c1["cost"]) == 8000
    assert by_id["a2-contractor"]["goals"] == "AA.2"
    assert all(r["why"] for r in rows)


def test_csv_of_infeasible_plan_is_just_the_comment_and_the_header(infeasible):
    lines = export_text(infeasible, "csv").splitlines()
    assert lines == [comment_line(infeasible), ",".join(COLUMNS)]


# -- Markdown -----------------------------------------------------------------------------------


STEPS = [
    "## 1. What is the vision?",
    "## 2. Where are we now?",
    "## 3. Where do we want to be?",
    "## 4. How do we get there?",
    "## 5. How do we check milestones have been reached?",
    "## 6. Quick wins",
    "## 7. How do we keep the momentum going?",
]


def _outside_code(md: str) -> list[str]:
    lines, fenced = [], False
    for line in md.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            lines.append(line)
    return lines


def _cells(row: str) -> list[str]:
    inner = row.strip()[1:-1]
    return re.split(r"(?<!\\)\|", inner)


@pytest.mark.parametrize("which", ["plan", "infeasible"])
def test_markdown_follows_the_csip_steps_with_headings_in_order(which, request):
    md = export_text(request.getfixturevalue(which), "md")
    lines = _outside_code(md)
    headings = [ln for ln in lines if ln.startswith("#")]
    assert headings[0].startswith("# ") and sum(h.startswith("# ") for h in headings) == 1
    positions = [lines.index(step) for step in STEPS]
    assert positions == sorted(positions)
    depth = 1
    for h in headings:
        level = len(h) - len(h.lstrip("#"))
        assert level <= depth + 1, f"heading skips a level: {h}"
        depth = level


@pytest.mark.parametrize("which", ["plan", "infeasible"])
def test_markdown_tables_are_well_formed(which, request):
    lines = _outside_code(export_text(request.getfixturevalue(which), "md"))
    tables = 0
    i = 0
    while i < len(lines):
        header = lines[i].startswith("|") and i + 1 < len(lines)
        if header and re.fullmatch(r"\|( [-:]{3} \|)+", lines[i + 1]):
            tables += 1
            width = len(_cells(lines[i]))
            assert width == len(_cells(lines[i + 1]))
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                assert len(_cells(lines[j])) == width, f"row breaks its table: {lines[j]}"
                assert len(lines[j]) <= 400, "a table row is too long to read"
                j += 1
            assert lines[j - 1] != lines[i + 1], "a table without rows"
            i = j
        else:
            assert not lines[i].startswith("|"), f"a table line outside a table: {lines[i]}"
            i += 1
    assert tables >= 3


def test_markdown_escapes_what_would_break_it(plan):
    md = export_text(plan, "md")
    prose = "\n".join(_outside_code(md))
    assert "Plan alpha \\| write the &lt;draft&gt; plan" in prose
    assert "<draft>" not in prose


def test_markdown_roadmap_names_owners_effort_and_cost(plan):
    md = export_text(plan, "md")
    row = "| Do alpha: with a contractor (`a2-contractor`) | Process owner | Q2 2027 | 4 | 6,000 | AA.2 |"
    assert row in md
    assert "| Process owner | 2 | 14 | 7,000 |" in md  # the owners table adds up per role
    assert "Load 20 of 20 person-days; spend EUR 4,500" in md


def _gantt(md: str) -> list[str]:
    m = re.search(r"```mermaid\n(.*?)```", md, re.S)
    assert m, "no Mermaid block"
    return m.group(1).splitlines()


def test_mermaid_gantt_is_well_formed(plan):
    lines = _gantt(export_text(plan, "md"))
    assert lines[0] == "gantt"
    assert "    dateFormat YYYY-MM-DD" in lines
    task = re.compile(r"    (?P<name>[^:\n]+) :(?:(?:active|milestone), )?(?P<id>[A-Za-z0-9_]+), "
                      r"(?P<start>\d{4}-\d\d-\d\d), (?P<end>\d{4}-\d\d-\d\d|0d)")
    ids, names = [], []
    for line in lines[1:]:
        if re.match(r"    (title|dateFormat|axisFormat|todayMarker|section) ", line):
            continue
        m = task.fullmatch(line)
        assert m, f"not a Gantt task line: {line!r}"
        ids.append(m["id"])
        names.append(m["name"])
        if m["end"] != "0d":
            assert dt.date.fromisoformat(m["end"]) > dt.date.fromisoformat(m["start"])
    assert len(ids) == len(set(ids))
    assert {f"t_{a.id.replace('-', '_')}" for a in plan.actions} <= set(ids)
    assert "Do alpha - with a contractor" in names  # the colon would have split the line
    assert sum(1 for line in lines if line.startswith("    section ")) == 3  # levels 2, 3, milestones


def test_gantt_task_names_never_start_with_a_mermaid_keyword():
    assert _name("Call the supplier about the contract") == "· Call the supplier about the contract"
    assert _name("Section 508 review") == "· Section 508 review"
    assert _name("%% not a comment") == "· %% not a comment"
    assert _name("Recall: plan it") == "Recall - plan it"
    assert _name("Titles for every SLA") == "Titles for every SLA"


def test_infeasible_markdown_explains_the_diagnosis_instead_of_a_roadmap(infeasible):
    md = export_text(infeasible, "md")
    assert "### Why there is no roadmap yet" in md
    assert "This would make a plan possible:" in md
    assert "raise the budget to at least EUR 12,500 (with the same horizon and capacity)" in md
    assert "```mermaid" not in md and "### Roadmap by period" not in md
    assert "Milestones are set once a feasible plan is agreed" in md


def test_milestone_notes_take_the_scenario_first_then_defaults(plan):
    checks = {c.key: c for c in milestone_checks(plan)}
    assert list(checks) == ["AA", "BB", "CC", "L2", "L3"]
    aa = checks["AA"]
    assert aa.notes.kpis == ("Alpha response time met for 90 % of cases",)
    assert aa.notes.evidence == ("Alpha monthly report",)
    assert set(aa.from_scenario) == {"kpis", "evidence"}
    # the tiny framework has no defaults: the plan's own actions stand in
    assert aa.notes.deliverables == ("Plan alpha | write the <draft> plan", "Do alpha: with a contractor")
    assert checks["L2"].notes.deliverables == ("Signed-off alpha and beta procedures",)
    assert checks["L3"].notes.deliverables == ("Every level-3 KPA in place: CC",)


def test_milestone_notes_use_the_framework_defaults_where_the_scenario_is_silent():
    herus = make_plan(load_scenario(HERE.parent / "scenarios" / "herus.toml"))
    checks = {c.key: c for c in milestone_checks(herus)}
    srim = checks["SRIM"]
    assert srim.notes.kpis[0].startswith("Incident response target (35 minutes)")  # the scenario's
    fw_srim = herus.scenario.framework.kpa("SRIM")
    assert srim.notes.deliverables == fw_srim.deliverables and srim.notes.csfs == fw_srim.csfs
    silent = [c for c in checks.values() if herus.scenario.framework.has_kpa(c.key) and not c.from_scenario]
    assert silent, "some KPA milestone of HeRus takes its notes from the framework alone"
    for c in silent:
        assert c.notes.kpis == herus.scenario.framework.kpa(c.key).kpis
    md = export_text(herus, "md")
    assert "Incident response target (35 minutes) met for at least 85 % of incidents" in md


def test_reassessment_points_follow_cadence_and_level_milestones(plan):
    points = {p.period: p.reasons for p in reassessment_points(plan)}
    assert points[1] == ("scheduled re-assessment (every 2 quarters)",)
    assert "confirm level 2 (Managed) holds" in points[2]
    assert "confirm level 3 (Defined) holds" in points[2]
    assert max(points) == 2  # nothing scheduled after the planned work ends


# -- the command --------------------------------------------------------------------------------


def test_export_command_writes_atomically_and_overwrites(tmp_path, capsys):
    out = tmp_path / "csip.md"
    out.write_text("old content")
    assert main(["export", str(BASE), "--format", "md", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err.startswith("wrote ") and "csip.md" in err and "4 actions" in err
    assert out.read_text(encoding="utf-8").startswith("# Continual Service Improvement Programme")
    assert [p.name for p in tmp_path.iterdir()] == ["csip.md"]  # no temporary file left behind


def test_export_into_a_missing_directory_is_bad_input(tmp_path, capsys):
    out = tmp_path / "nowhere" / "plan.csv"
    assert main(["export", str(BASE), "--format", "csv", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "nowhere" in err and "does not exist" in err
    assert "Traceback" not in err and not out.parent.exists()


def test_export_of_infeasible_plan_writes_the_file_and_exits_3(tmp_path, capsys):
    out = tmp_path / "plan.toml"
    assert main(["export", str(NO_MONEY), "--format", "toml", "-o", str(out)]) == 3
    assert "infeasible" in capsys.readouterr().err
    loaded = tomllib.loads(out.read_text(encoding="utf-8"))
    assert loaded["status"] == "infeasible" and loaded["diagnosis"]["binding"] == ["budget"]


def test_write_export_returns_the_path_and_rejects_unknown_formats(plan, tmp_path):
    assert write_export(plan, "csv", tmp_path / "a.csv") == tmp_path / "a.csv"
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(plan, "pdf")
    with pytest.raises(ValueError, match="is binary; use export_bytes"):
        export_text(plan, "xlsx")
    assert export_bytes(plan, "md") == export_text(plan, "md").encode("utf-8")
