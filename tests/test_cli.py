"""The command line's outside: the JSON shapes of the contract for assess, gap and frameworks,
`validate` over several files, usage errors, and a few real subprocess runs of `python -m planner`
(the in-process runs cover the rest, because a subprocess costs half a second).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.load.frameworks import load_framework
from tests.conftest import CliResult, scenario_head
from tests.test_scenarios import input_error

Cli = Callable[..., CliResult]
Write = Callable[[str, str], Path]
ScenarioFile = Callable[..., Path]
KPA_STATUSES = {"satisfied", "partial", "unsatisfied", "na"}


def as_json(result: CliResult) -> object:
    assert result.code == 0, result.err
    return json.loads(result.out)


# -- frameworks ---------------------------------------------------------------------------------


def test_frameworks_lists_what_ships(cli: Cli) -> None:
    listing = as_json(cli("frameworks", "--json"))
    assert isinstance(listing, list)
    assert [f["id"] for f in listing] == ["itscmm", "cmmi-svc"]
    for f in listing:
        fw = load_framework(f["id"])
        assert (f["name"], f["kpas"], f["goals"]) == (fw.name, len(fw.kpas), len(fw.goal_ids))
    text = cli("frameworks")
    assert text.code == 0 and "itscmm" in text.out and "cmmi-svc" in text.out


@pytest.mark.parametrize("framework_id", ["itscmm", "cmmi-svc"])
def test_frameworks_show_json_shape(cli: Cli, framework_id: str) -> None:
    data = as_json(cli("frameworks", "show", framework_id, "--json"))
    assert isinstance(data, dict)
    assert {"id", "name", "levels", "kpas"} <= set(data)
    fw = load_framework(framework_id)
    assert (data["id"], data["name"]) == (fw.id, fw.name)
    assert data["levels"] == [{"number": lv.number, "name": lv.name} for lv in fw.levels]
    assert len(data["kpas"]) == len(fw.kpas)
    for k, kpa in zip(data["kpas"], fw.kpas, strict=True):
        assert {"id", "name", "level", "requires", "goals"} <= set(k)
        assert (k["id"], k["name"], k["level"]) == (kpa.id, kpa.name, kpa.level)
        assert k["requires"] == [p.kpa for p in kpa.requires]
        assert all(isinstance(r, str) for r in k["requires"])
        assert [(g["id"], g["text"]) for g in k["goals"]] == [(g.id, g.text) for g in kpa.goals]


def test_frameworks_show_text_and_shorthand(cli: Cli) -> None:
    text = cli("frameworks", "show", "itscmm")
    assert text.code == 0
    assert "SRIM" in text.out and "Service Request" in text.out  # the table may wrap the name
    shorthand = as_json(cli("frameworks", "itscmm", "--json"))
    assert shorthand == as_json(cli("frameworks", "show", "itscmm", "--json"))


def test_frameworks_show_unknown(cli: Cli) -> None:
    input_error(cli("frameworks", "show", "itscm"), "frameworks show", 'unknown framework "itscm"',
                'did you mean "itscmm"')
    input_error(cli("frameworks", "show"), "frameworks show", "which framework?", "itscmm")
    input_error(cli("frameworks", "show", "missing.toml"), "missing.toml", "file not found")


# -- assess and gap -----------------------------------------------------------------------------


def test_assess_json_shape(cli: Cli, repo: Path) -> None:
    data = as_json(cli("assess", repo / "scenarios" / "herus.toml", "--json"))
    assert isinstance(data, dict)
    assert {"scenario", "framework", "current_level", "target_level", "kpas"} <= set(data)
    assert (data["scenario"], data["framework"], data["target_level"]) == ("HeRus", "itscmm", 3)
    fw = load_framework("itscmm")
    assert isinstance(data["current_level"], int) and 1 <= data["current_level"] <= fw.max_level
    assert [k["id"] for k in data["kpas"]] == [k.id for k in fw.kpas]
    for k in data["kpas"]:
        assert {"id", "name", "level", "status", "goals"} <= set(k)
        assert k["status"] in KPA_STATUSES
        assert [g["id"] for g in k["goals"]] == list(fw.kpa(k["id"]).goal_ids)
        for g in k["goals"]:
            assert {"id", "text", "status", "source", "because"} <= set(g)
            assert g["status"] in KPA_STATUSES
            assert isinstance(g["because"], str) and g["because"]


def test_gap_json_shape_and_meaning(cli: Cli, scenario_file: Callable[..., Path]) -> None:
    """One blocking entry for every KPA up to the target that is not satisfied, with its open goals."""
    path = scenario_file("""
        [current.kpas]
        SCOM = "satisfied"
        SUBM = "na"
        OSD = "unsatisfied"
        [current.goals]
        "SDP.2" = "partial"
        "QPM.1" = "partial"
    """, target=3)
    gap = as_json(cli("gap", path, "--json"))
    assert isinstance(gap, dict)
    assert set(gap) >= {"scenario", "current_level", "target_level", "blocking"}
    assert (gap["current_level"], gap["target_level"]) == (1, 3)
    fw = load_framework("itscmm")
    expected = [k.id for k in sorted(fw.kpas, key=lambda k: k.level)
                if k.level <= 3 and k.id not in ("SCOM", "SUBM")]
    assert [b["kpa"] for b in gap["blocking"]] == expected
    by_kpa = {b["kpa"]: b for b in gap["blocking"]}
    assert by_kpa["SDP"] == {"level": 2, "kpa": "SDP", "goals": ["SDP.1", "SDP.2", "SDP.3"]}
    assert "QPM" not in by_kpa  # above the target
    lower = as_json(cli("gap", path, "--target", "1", "--json"))
    assert lower["blocking"] == []


def test_assess_text_explains_the_level(cli: Cli, scenario_file: Callable[..., Path]) -> None:
    path = scenario_file('[current.goals]\n"SRIM.2" = "partial"\n')
    result = cli("assess", path)
    assert result.code == 0
    text = " ".join(result.out.split())
    assert "current level 1" in text
    assert "level 1 always holds; level 2 is not reached because" in text
    assert "the scenario rates SRIM.2 partial directly" in text


def test_gap_text_when_nothing_blocks(cli: Cli, scenario_file: Callable[..., Path]) -> None:
    path = scenario_file('[current.kpas]\nSCOM = "satisfied"\n', target=1)
    result = cli("gap", path)
    assert result.code == 0 and "already reached" in result.out


# -- validate -----------------------------------------------------------------------------------


def test_validate_several_files(cli: Cli, write: Write, repo: Path) -> None:
    write("good.toml", scenario_head())
    write("bad.toml", scenario_head() + "[limits]\nbudgett = 1\n")
    result = cli("validate", "good.toml", "bad.toml", repo / "frameworks" / "itscmm.toml")
    input_error(result, "bad.toml:6: limits.budgett", 'did you mean "budget"')
    assert "good.toml: OK" in result.out
    assert "itscmm.toml: OK" in result.out
    assert "bad.toml: 1 error(s), 0 warning(s)" in result.err
    ok = cli("validate", "good.toml")
    assert ok.code == 0 and ok.err == ""


def test_validate_warns_when_the_target_is_already_reached(cli: Cli, scenario_file: ScenarioFile) -> None:
    scenario_file(name="s.toml", target=1)
    result = cli("validate", "s.toml")
    assert result.code == 0
    assert result.err.startswith("warning: s.toml:4: scenario.target_level")
    assert "already reached" in result.err


def test_validate_warns_about_an_action_that_can_never_start(cli: Cli, scenario_file: ScenarioFile) -> None:
    """STO requires SDP; an action covering SDP.1 and STO.1, with SDP.1 covered by nothing else."""
    scenario_file("""
        [catalog]
        exclude = ["sdp-estimation-model", "sdp-planning-consultant"]
        [[actions]]
        id = "both"
        title = "Plan and track at once"
        goals = ["SDP.1", "STO.1"]
        effort = 1
        cost = 1
        duration = 1
    """, name="s.toml")
    from planner.load.scenarios import load_scenario

    scenario = load_scenario(Path("s.toml"))
    assert [a.id for a in scenario.actions if "SDP.1" in a.goals] == ["both"], "precondition on the catalog"
    result = cli("validate", "s.toml")
    assert result.code == 0
    warning = [w for w in result.err.splitlines() if "action both can never start" in w]
    assert warning and warning[0].startswith("warning: s.toml:")
    assert "requires SDP" in warning[0] and "SDP.1 is covered only by both" in warning[0]


# -- usage errors -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(("asess", "x.toml"), 'did you mean "assess"'),
     (("assess", "x.toml", "--jsn"), 'did you mean "--json"'),
     (("assess",), "required"),
     (("frameworks", "shw", "itscmm"), 'did you mean "show"'),
     (("gap", "x.toml", "--target", "three"), "invalid int value")],
)
def test_usage_errors(cli: Cli, args: tuple[str, ...], fragment: str) -> None:
    result = cli(*args)
    assert result.code == 2
    lines = result.err.splitlines()
    assert any(line.startswith("error:") and fragment in line for line in lines), result.err
    assert "Traceback" not in result.err


# -- real processes -----------------------------------------------------------------------------


def run(python: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([python, "-m", "planner", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=60, check=False)


def test_python_dash_m_planner_assess_json(python: str, repo: Path) -> None:
    proc = run(python, "assess", "scenarios/herus.toml", "--json", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["scenario"] == "HeRus" and data["kpas"]


def test_python_dash_m_planner_bad_input(python: str, write: Write, tmp_path: Path) -> None:
    write("s.toml", scenario_head("itscmm", 9) + '[current.goals]\n"SRMI.1" = "satisfied"\n')
    proc = run(python, "gap", "s.toml", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: s.toml:4: scenario.target_level")
    assert 'error: s.toml:6: current.goals."SRMI.1"' in proc.stderr
    assert "Traceback" not in proc.stderr


def test_python_dash_m_planner_validate_and_frameworks(python: str, repo: Path) -> None:
    proc = run(python, "validate", "frameworks/cmmi-svc.toml", "scenarios/herus.toml", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["frameworks/cmmi-svc.toml: OK", "scenarios/herus.toml: OK"]


def test_an_option_of_another_command_is_not_suggested_as_itself() -> None:
    """`validate` takes no --time-limit: the hint must not be "did you mean --time-limit?"."""
    import sys

    argv = [sys.executable, "-m", "planner", "validate", "scenarios/herus.toml", "--time-limit", "3"]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                       cwd=Path(__file__).resolve().parent.parent)
    assert r.returncode == 2
    assert 'did you mean "--time-limit"' not in r.stderr and "belongs to other commands" in r.stderr
