"""Text from files reaches the terminal tables and the CSV export made safe (issue 14).

A scenario name, an action title or role may hold terminal escape sequences (which could clear or
retitle the user's terminal) or start like a spreadsheet formula. The views show them as visible
escapes (`\\x1b`), and CSV cells that a spreadsheet would run are kept as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from planner.export.csvfmt import comment_line, to_csv
from planner.load.scenarios import load_scenario
from planner.output.terminal import make_console, plan_view
from planner.plan.pipeline import make_plan
from planner.sanitize import clean, csv_cell

REPO = Path(__file__).resolve().parent.parent
ESC_TITLE = "Issue log \x1b[2J\x1b]0;owned\x07"
FORMULA_TITLE = '=HYPERLINK("http://x","click")'

# TOML escapes for the same texts ("\u001b" is ESC, "\u0007" BEL, "\u009b" the one-byte CSI)
HOSTILE = r'''
[scenario]
name = "@SUM(1) HeRus \u001b[31mred\u009b2J"

[[actions]]
id = "igc-issue-log"
title = "Issue log \u001b[2J\u001b]0;owned\u0007"
role = "-2+3 \u001b[5m"
goals = ["IGC.3"]
effort = 10
cost = 2000
duration = 1

[[actions]]
id = "igc-requirements-review"
title = "=HYPERLINK(\"http://x\",\"click\")"
goals = ["IGC.1"]
effort = 12
cost = 4000
duration = 1
'''


def _hostile_scenario(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text('extends = "{}"\n'.format((REPO / "scenarios" / "herus.toml").as_posix()) + HOSTILE,
                    encoding="utf-8")
    return path


def _controls(text: str) -> list[str]:
    return sorted({c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F})


def test_clean_and_csv_cell_cover_the_cases() -> None:
    assert clean("a\x1b[2Jb\x9b") == "a\\x1b[2Jb\\x9b"
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@x", "ok", 3, 2.5)] == \
        ["'=1+1", "'+1", "'-1", "'@x", "ok", 3, 2.5]


def test_plan_view_and_csv_show_escapes_not_act_on_them(tmp_path: Path) -> None:
    scenario = load_scenario(_hostile_scenario(tmp_path))
    assert "\x1b" in scenario.name  # the loader keeps the text as written; output makes it safe
    plan = make_plan(scenario, time_limit=20)
    ids = [a.id for a in plan.actions]
    assert "igc-issue-log" in ids and "igc-requirements-review" in ids

    console = make_console()
    console.width = 300  # one line per row, so the title is not wrapped
    with console.capture() as cap:
        console.print(plan_view(plan))
    shown = cap.get()
    assert _controls(shown) == [], _controls(shown)
    assert "\\x1b[2J" in shown and "owned\\x07" in shown  # the title, visibly escaped
    assert "\\x1b[31mred\\x9b2J" in shown  # the name in the heading, visibly escaped

    text = to_csv(plan)
    assert _controls(text.replace("\r", "")) == []
    rows = list(csv.reader(io.StringIO(text.split("\r\n", 1)[1])))
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["igc-issue-log"]["title"] == "Issue log \\x1b[2J\\x1b]0;owned\\x07"
    assert by_id["igc-issue-log"]["role"] == "'-2+3 \\x1b[5m"
    assert by_id["igc-requirements-review"]["title"] == "'" + FORMULA_TITLE
    # no cell of the export starts like a formula
    assert not [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@")]
    assert "\x1b" not in comment_line(plan) and "\\x1b[31mred" in comment_line(plan)


def test_plan_command_output_is_clean(tmp_path: Path, cli: Callable) -> None:
    path = _hostile_scenario(tmp_path)
    r = cli("plan", str(path), "--time-limit", "20")
    assert r.code == 0, r.err
    assert _controls(r.out) == [] and _controls(r.err) == []
    assert "\\x1b" in r.out


def test_compare_view_is_clean(tmp_path: Path, cli: Callable) -> None:
    path = _hostile_scenario(tmp_path)
    r = cli("compare", str(path), str(REPO / "scenarios" / "herus.toml"), "--time-limit", "20")
    assert r.code == 0, r.err
    assert _controls(r.out) == [] and "\\x1b[31mred" in r.out
