"""Issue 13's authoring and command-line rough edges: writing a scenario (`csip new`, the documented
format and its worked example), the ITIL process lists, `--version`, the warnings `validate` gives
an author, and the small things a new user tripped over. Each test failed before its fix."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.cli.main import build_parser
from planner.load.itil import load_process_list
from planner.load.scenarios import load_scenario
from planner.numbers import parse_amount, read_number
from tests.conftest import REPO, CliResult

Cli = Callable[..., CliResult]
ScenarioFile = Callable[..., Path]


def run_csip(*args: str, stdin: str | None = None, cwd: Path = REPO,
             env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m planner` as a user runs it, in a real process (stdin a pipe or /dev/null)."""
    return subprocess.run([sys.executable, "-m", "planner", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "120", **(env or {})},
                          stdin=subprocess.DEVNULL if stdin is None else None)


# -- the ITIL process lists -----------------------------------------------------------------------


@pytest.mark.parametrize("ref, version", [("itil-v2", "v2"), ("itil-2011", "2011"), ("itil-4", "4")])
def test_frameworks_show_lists_the_itil_process_ids(cli: Cli, ref: str, version: str) -> None:
    result = cli("frameworks", "show", ref, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    process_list = load_process_list(version)
    assert set(data) == {"id", "name", "processes"}
    assert (data["id"], data["name"]) == (ref, process_list.name)
    assert data["processes"] == [{"id": p.id, "name": p.name, "group": p.group}
                                 for p in process_list.processes]
    text = cli("frameworks", "show", ref)
    assert text.code == 0
    for p in process_list.processes:  # every id whole, as a user copies it into [current.itil]
        assert p.id in text.out


def test_frameworks_lists_the_itil_lists_too(cli: Cli) -> None:
    text = cli("frameworks")
    assert text.code == 0
    assert all(ref in text.out for ref in ("itil-v2", "itil-2011", "itil-4"))


def test_frameworks_show_itil_v3_points_at_2011(cli: Cli) -> None:
    result = cli("frameworks", "show", "itil-v3")
    assert result.code == 2 and result.err.startswith("error: ") and "itil-2011" in result.err


# -- --version ------------------------------------------------------------------------------------


def test_version_prints_the_version() -> None:
    result = run_csip("--version")
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"csip {project['version']}"


# -- rough edges ----------------------------------------------------------------------------------


def test_csip_without_a_terminal_does_not_start_the_tui(tmp_path: Path) -> None:
    result = run_csip(cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    assert result.stdout == ""  # no escape codes in the file
    assert result.stderr.startswith("error: ") and "terminal" in result.stderr
    assert "csip plan" in result.stderr and "Traceback" not in result.stderr
    tui = run_csip("tui", str(REPO / "scenarios" / "herus.toml"), cwd=tmp_path, timeout=30)
    assert tui.returncode == 2 and "terminal" in tui.stderr


def _actions(parser: argparse.ArgumentParser, where: str = "csip"):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, f"{where} {name}")
        else:
            yield where, action


def test_every_option_and_argument_has_help() -> None:
    missing = [f"{where}: {a.option_strings or a.dest}" for where, a in _actions(build_parser())
               if not a.help]
    assert missing == []


@pytest.mark.parametrize("text, value", [
    ("300000", 300000), ("300,000", 300000), ("300k", 300000), ("300K", 300000), ("1.2m", 1200000),
    ("12_500", 12500), ("1e4", 10000),
])
def test_one_amount_reader_for_the_tui_and_the_cli(text: str, value: float) -> None:
    assert read_number(text) == value
    assert parse_amount(text) == value
    from tui import format as tui_format  # the TUI's fields read amounts with the same function

    assert tui_format.parse_amount is parse_amount


@pytest.mark.parametrize("text", ["abc", "inf", "nan", "-5", "k"])
def test_parse_amount_refuses_what_is_not_a_limit(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_sweep_takes_amounts_as_the_tui_does() -> None:
    from planner.whatif.sweep import parse_range

    assert parse_range("--budget", "100k:1.2m:3").values() == [100000, 650000, 1200000]


def test_a_quoted_amount_gets_a_hint_with_the_number(cli: Cli, scenario_file: ScenarioFile) -> None:
    path = scenario_file('[limits]\nbudget = "300k"\n')
    result = cli("validate", path)
    assert result.code == 2 and "budget = 300000" in result.err


def test_itil_v3_points_at_2011_and_nothing_else(cli: Cli, scenario_file: ScenarioFile) -> None:
    path = scenario_file('[current]\nitil_version = "v3"\n[current.itil]\nservice_catalogue_management = 3\n'
                         'design_coordination = 2\nbusiness_relationship_management = 2\n')
    result = cli("validate", path)
    assert result.code == 2
    errors = [line for line in result.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.err
    assert "itil_version" in errors[0] and '"2011"' in errors[0]


def test_compare_takes_the_first_feasible_plan_as_baseline_and_says_so(cli: Cli) -> None:
    data = REPO / "tests" / "data" / "whatif"
    no_money, base, cut = (data / f for f in ("no-money.toml", "base.toml", "budget-cut.toml"))
    result = cli("compare", no_money, base, cut, "--json")
    assert result.code == 0, result.err
    rows = json.loads(result.out)
    assert [r["baseline"] for r in rows] == [False, True, False]
    assert rows[2]["actions_added"] == ["a2"] and rows[2]["actions_removed"] == ["a2-contractor"]
    text = cli("compare", no_money, base, cut)
    assert re.search(r"Baseline: #2 .*the first scenario with a plan", text.out), text.out
    assert "vs #2" in text.out


def test_compare_baseline_option(cli: Cli) -> None:
    data = REPO / "tests" / "data" / "whatif"
    base, cut = data / "base.toml", data / "budget-cut.toml"
    rows = json.loads(cli("compare", base, cut, "--baseline", cut, "--json").out)
    assert [r["baseline"] for r in rows] == [False, True]
    assert rows[0]["actions_added"] == ["a2-contractor"] and rows[0]["actions_removed"] == ["a2"]
    added = json.loads(cli("compare", base, "--baseline", cut, "--json").out)  # not among them: first
    assert [r["baseline"] for r in added] == [True, False]
    assert "chosen with --baseline" in cli("compare", base, cut, "--baseline", cut).out


# -- validate: what an author is told -------------------------------------------------------------


OWN_SLA = """
[[actions]]
id = "my-sla"
title = "Our own SLA template"
goals = ["SCOM.1"]
effort = 5
cost = 0
duration = 1
"""
LIMITS = '[limits]\nbudget = 100000\neffort_per_period = 50\n'


def test_validate_warns_when_own_and_catalog_actions_overlap(cli: Cli, scenario_file: ScenarioFile) -> None:
    path = scenario_file(LIMITS + OWN_SLA)
    result = cli("validate", path)
    assert result.code == 0
    line = next(w for w in result.err.splitlines() if "my-sla" not in w and "SCOM.1" in w)
    assert line.startswith("warning: ") and '"scom-sla-template"' in line and "[catalog] exclude" in line
    excluded = scenario_file(LIMITS + '[catalog]\nexclude = ["scom-sla-template"]\n' + OWN_SLA, name="x.toml")
    assert "SCOM.1 like" not in cli("validate", excluded).err


def test_validate_warns_about_months_with_quarters(cli: Cli, scenario_file: ScenarioFile) -> None:
    months = scenario_file(LIMITS, head_extra='period = "month"\nhorizon = 36')
    result = cli("validate", months)
    assert result.code == 0 and "scenario.period" in result.err and "quarters" in result.err
    quarters = scenario_file(LIMITS, name="q.toml")
    assert "scenario.period" not in cli("validate", quarters).err
    no_catalog = scenario_file(LIMITS + "[catalog]\ndefault = false\n" + OWN_SLA, name="own.toml",
                               head_extra='period = "month"')
    assert "scenario.period" not in cli("validate", no_catalog).err


def test_validate_says_when_a_limit_is_left_out(cli: Cli, scenario_file: ScenarioFile, write) -> None:
    bare = scenario_file()
    result = cli("validate", bare)
    assert result.code == 0 and result.out.startswith("scenario.toml: OK")
    notes = [line for line in result.out.splitlines() if "note:" in line]
    assert len(notes) == 2
    assert "limits.budget" in notes[0] and "limits.effort_per_period" in notes[1]
    explicit = scenario_file('[limits]\nbudget = "unlimited"\neffort_per_period = "unlimited"\n',
                             name="u.toml")
    assert "note:" not in cli("validate", explicit).out
    child = write("child.toml", 'extends = "u.toml"\n[scenario]\nname = "child"\n')
    assert "note:" not in cli("validate", child).out  # set in the file it extends


# -- csip new -------------------------------------------------------------------------------------


def test_new_writes_a_valid_commented_scenario_from_piped_answers(tmp_path: Path) -> None:
    answers = "Acme Water\ncmmi-svc\nv3\n2011\n3\n2027-04-01\n250k\n3\n8\nacme.toml\n"
    result = run_csip("new", stdin=answers, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # the questions go to stderr
    assert "2011" in result.stderr.split("v3", 1)[1]  # the bad answer is explained, then asked again
    path = tmp_path / "acme.toml"
    scenario = load_scenario(path)
    assert (scenario.name, scenario.framework.id, scenario.target_level) == ("Acme Water", "cmmi-svc", 3)
    assert scenario.current.itil_version == "2011" and str(scenario.start) == "2027-04-01"
    assert (scenario.limits.budget, scenario.limits.effort_per_period, scenario.horizon) == (250000, 180, 8)
    text = path.read_text("utf-8")
    assert text.count("#") > 20 and "service_catalogue_management = 0" in text
    assert [p.name for p in tmp_path.iterdir()] == ["acme.toml"]  # no temporary file left behind
    assert run_csip("validate", "acme.toml", cwd=tmp_path).returncode == 0


def test_new_takes_every_default_at_the_end_of_input(tmp_path: Path) -> None:
    result = run_csip("new", "-o", "s.toml", stdin="", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    scenario = load_scenario(tmp_path / "s.toml")
    assert (scenario.framework.id, scenario.target_level) == ("itscmm", 3)
    assert scenario.current.itil_version == "2011"
    assert scenario.limits.budget is None and scenario.limits.effort_per_period == 120
    assert run_csip("plan", "s.toml", "--json", cwd=tmp_path).returncode == 0


def test_new_never_replaces_a_file_without_a_yes(tmp_path: Path) -> None:
    target = tmp_path / "s.toml"
    target.write_text("keep me", "utf-8")
    refused = run_csip("new", "-o", "s.toml", stdin="", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.splitlines()[-1].startswith("error: s.toml: exists")
    assert target.read_text("utf-8") == "keep me"
    replaced = run_csip("new", "-o", "s.toml", stdin="\n" * 8 + "y\n", cwd=tmp_path)
    assert replaced.returncode == 0, replaced.stderr
    assert load_scenario(target).framework.id == "itscmm"


def test_new_gives_up_after_repeated_bad_answers(tmp_path: Path) -> None:
    result = run_csip("new", "-o", "s.toml", stdin="x\nframework?\n" * 5, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "error: csip new: no usable answer to: Framework" in result.stderr
    assert not (tmp_path / "s.toml").exists()


# -- the documented format and its worked example -------------------------------------------------


EXAMPLE = REPO / "scenarios" / "example-waterschap.toml"


def _scenario_doc() -> str:
    text = (REPO / "docs" / "formats.md").read_text("utf-8")
    return text.split("## Scenario file", 1)[1].split("## Framework file", 1)[0]


def test_formats_md_documents_every_scenario_key() -> None:
    from planner.load import scenarios as sc
    from planner.load.actions import ACTION_FIELDS

    doc = _scenario_doc()
    keys = set(sc.TOP) | set(ACTION_FIELDS) | set(sc.MILESTONE)
    for spec in sc.SECTIONS.values():
        keys |= set(spec)
    contract = {"staging", "settle", "deadline", "target_profile", "status", "progress", "started",
                "finished", "spent_effort", "spent_cost", "remaining_effort"}
    written = re.compile(r"^\s*\[*([\w.]+?)\]*\s*=|^\[+([\w.]+)\]+", re.M)
    documented = {part for m in written.finditer(doc) for part in (m.group(1) or m.group(2)).split(".")}
    missing = sorted((keys | contract) - documented)
    assert missing == []
    for words in ('budget = "unlimited"', "[catalog]", "default = true", "done = []", "exclude = []",
                  'period = "quarter"', "example-waterschap.toml"):
        assert words in doc


def test_the_worked_example_validates_cleanly_and_plans() -> None:
    from planner.plan.pipeline import make_plan

    result = run_csip("validate", str(EXAMPLE.relative_to(REPO)))
    assert result.returncode == 0 and result.stderr == "" and result.stdout.strip().endswith(": OK")
    scenario = load_scenario(EXAMPLE)
    assert "herus" not in scenario.name.lower()
    assert scenario.done and scenario.excluded and any(a.origin == "scenario" for a in scenario.actions)
    plan = make_plan(scenario, time_limit=60)
    assert plan.status in ("optimal", "feasible") and plan.target_period is not None
    assert plan.total_cost <= scenario.limits.budget
