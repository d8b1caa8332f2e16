"""`csip status` and its baseline: a plan JSON saved when the programme started (`--baseline`), one
whose scenario changed since (reported, not compared), and the baseline plans kept on disk
between runs (planner.progress.baseline_cache). Real loaders, rules engine and solver throughout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from planner.load.scenarios import load_scenario
from planner.progress import baseline_cache

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def herus(tmp_path: Path) -> Path:
    """Copies of HeRus and HeRus a year on (which extends it) in tmp_path; the progress file."""
    for name in ("herus.toml", "herus-2028q1.toml"):
        shutil.copy(ROOT / "scenarios" / name, tmp_path / name)
    return tmp_path / "herus-2028q1.toml"


def csip(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def saved_plan(herus: Path) -> Path:
    """`csip plan herus.toml --json`, saved as the programme's baseline."""
    run = csip("plan", herus.parent / "herus.toml", "--json", cwd=herus.parent)
    assert run.returncode == 0, run.stderr
    path = herus.parent / "baseline.json"
    path.write_text(run.stdout)
    return path


def test_status_against_a_saved_baseline_compares_with_it(herus: Path) -> None:
    plan_file = saved_plan(herus)
    saved = json.loads(plan_file.read_text())
    run = csip("status", herus, "--json", "--baseline", plan_file, cwd=herus.parent)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr
    data = json.loads(run.stdout)
    assert data["baseline_note"] is None
    assert data["forecast"]["baseline_target_period"] == saved["target_period"]
    planned = {a["id"]: (a["start"], a["end"], a["cost"]) for a in saved["actions"]}
    rows = {a["id"]: a for a in data["actions"]}
    for aid, (start, end, cost) in planned.items():
        row = rows[aid]
        assert (row["planned_start"], row["planned_end"], row["planned_cost"]) == (start, end, cost)
    assert data["earned_value"]["pv"] > 0


@pytest.mark.parametrize("edit, words", [
    # an action of the saved plan re-estimated in the planned scenario
    (lambda text: text + '\n[[actions]]\nid = "igc-issue-log"\ntitle = "Issue log"\ngoals = ["IGC.1"]\n'
                         'effort = 3\ncost = 9999\nduration = 1\n', "action igc-issue-log has cost 9999"),
    # the calendar moved
    (lambda text: text.replace("horizon = 12", "horizon = 14"), "starts 2027-01-01 over 14 periods"),
])
def test_a_saved_baseline_whose_scenario_changed_is_reported_not_compared(herus: Path, edit, words) -> None:
    plan_file = saved_plan(herus)
    parent = herus.parent / "herus.toml"
    changed = edit(parent.read_text())
    assert changed != parent.read_text(), "the edit must change the scenario"
    parent.write_text(changed)
    run = csip("status", herus, "--json", "--baseline", plan_file, cwd=herus.parent)
    assert run.returncode == 0, run.stderr
    changed_since = "the scenario changed since the baseline plan was saved"
    assert f"warning: {plan_file}: baseline: {changed_since}" in run.stderr
    data = json.loads(run.stdout)
    assert words in data["baseline_note"]
    # nothing is measured against it
    assert all(a["planned_start"] is None and a["slip"] is None for a in data["actions"])
    assert data["earned_value"]["pv"] is None and data["earned_value"]["spi"] is None
    assert data["forecast"]["baseline_target_period"] is None
    assert data["earned_value"]["ac"] > 0  # what was spent is still reported
    text = csip("status", herus, "--baseline", plan_file, cwd=herus.parent)
    assert "No comparison: the scenario changed since the baseline plan was saved" in text.stdout


def test_a_saved_baseline_with_an_action_no_longer_in_the_catalog(herus: Path) -> None:
    plan_file = saved_plan(herus)
    saved = json.loads(plan_file.read_text())
    saved["actions"].append({**saved["actions"][0], "id": "retired-action"})
    plan_file.write_text(json.dumps(saved))
    run = csip("status", herus, "--json", "--baseline", plan_file, cwd=herus.parent)
    assert run.returncode == 0, run.stderr
    assert f"warning: {plan_file}: baseline:" in run.stderr
    assert "retired-action are no longer in the catalog" in json.loads(run.stdout)["baseline_note"]


@pytest.mark.parametrize("content", ["[1, 2]", "{}", "not json"])
def test_a_baseline_that_is_no_plan_json_is_an_input_error(herus: Path, content: str) -> None:
    bad = herus.parent / "bad.json"
    bad.write_text(content)
    run = csip("status", herus, "--baseline", bad, cwd=herus.parent)
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {bad}:")
    assert "Traceback" not in run.stderr


# -- the baseline cache -----------------------------------------------------------------------------


def test_the_baseline_plan_is_cached_and_reused(herus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache))
    assert first.returncode == 0, first.stderr
    files = list(cache.glob("baseline-*.json"))
    assert len(files) == 1
    stored = json.loads(files[0].read_text())
    assert stored["plan"]["status"] == "optimal"
    assert stored["key"] == baseline_cache.key_of(load_scenario(herus.parent / "herus.toml"))
    # the cached plan is the one compared with: mark it, and the mark shows in the next status
    stored["plan"]["target_period"] = 7
    files[0].write_text(json.dumps(stored))
    second = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache))
    assert json.loads(second.stdout)["forecast"]["baseline_target_period"] == 7
    # switched off: the baseline is planned again (an optimal plan of the same period; which of
    # the tied optimal plans the solver returns may differ from run to run)
    off = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache), CSIP_CACHE="0")
    fresh, cached = json.loads(off.stdout)["forecast"], json.loads(first.stdout)["forecast"]
    assert fresh["baseline_target_period"] == cached["baseline_target_period"] != 7


def test_a_changed_parent_or_a_broken_cache_file_is_planned_again(herus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache))
    assert run.returncode == 0, run.stderr
    (old,) = cache.glob("baseline-*.json")
    old.write_text("{ half a file")
    again = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache))
    assert again.returncode == 0, again.stderr
    assert json.loads(old.read_text())["plan"]["status"] == "optimal"  # rewritten whole
    parent = herus.parent / "herus.toml"
    before = baseline_cache.key_of(load_scenario(parent))
    parent.write_text(parent.read_text() + '\n[[actions]]\nid = "herus-extra"\ntitle = "Extra"\n'
                      'goals = ["IGC.1"]\neffort = 1\ncost = 1\nduration = 1\n')
    assert baseline_cache.key_of(load_scenario(parent)) != before
    third = csip("status", herus, "--json", cwd=herus.parent, CSIP_CACHE_DIR=str(cache))
    assert third.returncode == 0, third.stderr
    assert len(list(cache.glob("baseline-*.json"))) == 2


def test_the_key_covers_every_field_of_the_loaded_scenario() -> None:
    sc = load_scenario(ROOT / "scenarios" / "herus.toml")
    key = baseline_cache.key_of(sc)
    assert baseline_cache.key_of(load_scenario(ROOT / "scenarios" / "herus.toml")) == key
    assert baseline_cache.key_of(sc.replace(horizon=sc.horizon + 1)) != key
    dearer = sc.replace(actions=(replace(sc.actions[0], cost=sc.actions[0].cost + 1), *sc.actions[1:]))
    assert baseline_cache.key_of(dearer) != key
    rated = sc.replace(current=replace(sc.current, kpas={**sc.current.kpas, "IGC": "satisfied"}))
    assert baseline_cache.key_of(rated) != key
