"""CMMI-SVC's continuous representation: capability levels through the real rules engine,
generic-practice findings, target profiles planned through the real solver, and bad profiles."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.assess.targets import target_goals
from planner.load.frameworks import load_framework
from planner.load.scenarios import load_scenario
from planner.model import Assessment, Scenario
from planner.plan.pipeline import make_plan
from planner.practices import capability_goals, supports_continuous
from rules.assess import assess
from rules.capability import capability_profile
from tests.conftest import REPO, CliResult
from tests.test_scenarios import input_error

Assessed = Callable[..., tuple[Scenario, Assessment]]
Cli = Callable[..., CliResult]

HERUS_CMMI = REPO / "scenarios" / "herus-cmmi-svc.toml"


def levels(assessment: Assessment) -> dict[str, int]:
    return {a.kpa: a.level for a in capability_profile(assessment)}


def goals_body(ratings: dict[str, str], practices: dict[str, str] | None = None) -> str:
    body = "[current.goals]\n" + "".join(f'"{g}" = "{r}"\n' for g, r in ratings.items())
    if practices:
        body += "[current.practices]\n" + "".join(f'"{k}" = "{r}"\n' for k, r in practices.items())
    return body


IRP_SG = {"IRP.1": "satisfied", "IRP.2": "satisfied", "IRP.3": "satisfied"}


# -- the framework ---------------------------------------------------------------------------------


def test_generic_goal_texts_are_marked_derived_and_only_cmmi_svc_is_continuous() -> None:
    fw = load_framework("cmmi-svc")
    for k in fw.kpas:
        generic = [g for g in k.goals if g.ref.startswith("GG")]
        assert [g.ref for g in generic] == ["GG 2", "GG 3"]
        assert {g.provenance for g in generic} == {"derived"}
        assert {g.provenance for g in k.goals if g.ref.startswith("SG")} == {"official"}
    assert supports_continuous(fw)
    assert not supports_continuous(load_framework("itscmm"))
    assert capability_goals(fw, "IRP", 1) == ["IRP.1", "IRP.2", "IRP.3"]
    assert capability_goals(fw, "IRP", 3) == ["IRP.1", "IRP.2", "IRP.3", "IRP.4", "IRP.5"]


# -- capability levels through the rules -----------------------------------------------------------


def test_specific_goals_only_give_level_1_then_gg2_2_then_gg3_3(assessed: Assessed) -> None:
    _, a = assessed(goals_body(IRP_SG), framework="cmmi-svc")
    assert levels(a)["IRP"] == 1
    _, a = assessed(goals_body({**IRP_SG, "IRP.4": "satisfied"}), framework="cmmi-svc")
    assert levels(a)["IRP"] == 2
    _, a = assessed(goals_body({**IRP_SG, "IRP.4": "satisfied", "IRP.5": "satisfied"}),
                    framework="cmmi-svc")
    assert levels(a)["IRP"] == 3
    # GG 3 without GG 2 does not skip a level; a partial specific goal keeps the area at 0
    _, a = assessed(goals_body({**IRP_SG, "IRP.5": "satisfied"}), framework="cmmi-svc")
    assert levels(a)["IRP"] == 1
    _, a = assessed(goals_body({**IRP_SG, "IRP.2": "partial", "IRP.4": "satisfied"}),
                    framework="cmmi-svc")
    irp = next(x for x in capability_profile(a) if x.kpa == "IRP")
    assert irp.level == 0 and "IRP.2 (SG 2) is partial" in irp.because


def test_a_missing_practice_keeps_gg2_open_and_the_because_names_it(assessed: Assessed) -> None:
    rated = {**IRP_SG, "IRP.4": "satisfied", "IRP.5": "satisfied"}
    _, a = assessed(goals_body(rated, {"IRP.GP2.4": "unsatisfied"}), framework="cmmi-svc")
    gg2 = a.goals["IRP.4"]
    assert gg2.status == "partial" and gg2.source == "practice"
    assert "GP 2.4" in gg2.because and "responsibility" in gg2.because
    irp = next(x for x in capability_profile(a) if x.kpa == "IRP")
    assert irp.level == 1 and "IRP.4 (GG 2) is partial" in irp.because
    # with no other evidence the goal stays unsatisfied (a finding never raises a rating)
    _, a = assessed(goals_body(IRP_SG, {"IRP.GP2.5": "partial"}), framework="cmmi-svc")
    assert a.goals["IRP.4"].status == "unsatisfied" and "GP 2.5" in a.goals["IRP.4"].because
    # a GG 3 practice caps GG 3 only
    _, a = assessed(goals_body(rated, {"IRP.GP3.1": "partial"}), framework="cmmi-svc")
    assert a.goals["IRP.4"].status == "satisfied" and a.goals["IRP.5"].status == "partial"
    assert levels(a)["IRP"] == 2


def test_every_gg2_practice_satisfied_satisfies_gg2_and_a_finished_action_beats_a_finding(
        assessed: Assessed) -> None:
    every = {f"IRP.GP2.{n}": "satisfied" for n in range(1, 11)}
    _, a = assessed(goals_body(IRP_SG, every), framework="cmmi-svc")
    assert a.goals["IRP.4"].status == "satisfied" and "every generic practice" in a.goals["IRP.4"].because
    assert levels(a)["IRP"] == 2
    nine = {k: v for k, v in every.items() if k != "IRP.GP2.10"}
    _, a = assessed(goals_body(IRP_SG, nine), framework="cmmi-svc")
    assert a.goals["IRP.4"].status == "unsatisfied"
    scenario, _ = assessed(goals_body(IRP_SG, {"IRP.GP2.4": "unsatisfied"}), framework="cmmi-svc")
    after = assess(scenario, ["irp-institutionalise"])
    assert after.goals["IRP.4"].status == "satisfied" and after.goals["IRP.4"].source == "done"


def test_herus_on_cmmi_svc_profile() -> None:
    scenario = load_scenario(HERUS_CMMI)
    a = assess(scenario)
    got = levels(a)
    assert "SAM" not in got and "SSD" not in got  # rated not applicable: no capability level
    assert len(got) == 22
    assert got["CM"] == 1  # ITIL configuration and change management at the threshold
    assert got["IRP"] == 0 and got["SD"] == 0
    assert all(v <= 1 for v in got.values())
    # the essay's findings are in the becauses of the generic goals
    assert "GP 2.4" in a.goals["IRP.4"].because and "GP 2.4" in a.goals["SD.4"].because


# -- the command line ------------------------------------------------------------------------------


def test_assess_continuous_prints_and_exports_the_profile(cli: Cli) -> None:
    r = cli("assess", HERUS_CMMI, "--representation", "continuous", "--json")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["current_level"] == 1
    cap = {c["id"]: c["level"] for c in data["capability"]}
    assert set(data["capability"][0]) == {"id", "level"} and cap["CM"] == 1 and "SAM" not in cap
    r = cli("assess", HERUS_CMMI, "--representation", "continuous")
    assert r.code == 0 and "Capability profile" in r.out and "maturity level 1" in r.out
    r = cli("assess", HERUS_CMMI, "--json")
    assert "capability" not in json.loads(r.out)


def test_assess_continuous_on_itscmm_is_refused(cli: Cli) -> None:
    r = cli("assess", REPO / "scenarios" / "herus.toml", "--representation", "continuous")
    input_error(r, "--representation", "no generic goals")


# -- target profiles -------------------------------------------------------------------------------


def test_a_profile_replaces_an_inherited_target_level(write, repo: Path) -> None:
    write("base.toml", f'extends = "{(repo / "scenarios" / "herus-cmmi-svc.toml").as_posix()}"\n')
    path = write("child.toml", 'extends = "base.toml"\n[scenario]\ntarget_profile = { IRP = 2, SD = 1 }\n')
    scenario = load_scenario(path)
    assert dict(scenario.target_profile or {}) == {"SD": 1, "IRP": 2}  # framework order
    assert scenario.target_level == 1
    a = assess(scenario)
    assert target_goals(scenario, a) == ["SD.1", "SD.2", "SD.3", "IRP.1", "IRP.2", "IRP.3", "IRP.4"]
    # a nearer target_level wins over an inherited profile
    again = write("grandchild.toml", 'extends = "child.toml"\n[scenario]\ntarget_level = 2\n')
    assert load_scenario(again).target_profile is None


def test_planning_toward_a_small_profile_with_the_real_solver(write, repo: Path, cli: Cli) -> None:
    path = write("profile.toml", f'extends = "{(repo / "scenarios" / "herus-cmmi-svc.toml").as_posix()}"\n'
                 '[scenario]\ntarget_profile = { SD = 1, IRP = 2 }\n')
    scenario = load_scenario(path)
    before = assess(scenario)
    needed = set(target_goals(scenario, before))
    plan = make_plan(scenario, time_limit=30, with_quick_wins=False)
    assert plan.status == "optimal" and plan.target_period is not None
    closed = {g for pa in plan.actions for g in pa.closes}
    assert needed <= closed
    # nothing beyond what the profile needs: every action closes a needed goal or must precede one
    by_id = {a.id: a for a in scenario.actions}
    preceding = {b for pa in plan.actions for b in by_id[pa.id].after}
    for pa in plan.actions:
        assert set(pa.closes) & needed or pa.id in preceding, pa.id
    assert not any(g.startswith(("SD.4", "SD.5", "IRP.5", "CAM", "MA.")) for g in closed)
    # the rules agree at the target period
    finished = [pa.id for pa in plan.actions if pa.end <= plan.target_period]
    after = levels(assess(scenario, finished))
    assert after["SD"] >= 1 and after["IRP"] >= 2
    # cheaper than aiming at maturity level 3
    r = cli("plan", path, "--json", "--time-limit", "30")
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["target_profile"] == {"SD": 1, "IRP": 2}
    assert data["target_period"] == plan.target_period
    r = cli("gap", path, "--json")
    gap = json.loads(r.out)
    assert {c["id"]: (c["level"], c["target"], c["gap"]) for c in gap["capability"]} == {
        "SD": (0, 1, 1), "IRP": (0, 2, 2)}
    assert {b["kpa"] for b in gap["blocking"]} == {"SD", "IRP"}


def test_a_profile_already_held_needs_nothing(write, repo: Path) -> None:
    path = write("held.toml", f'extends = "{(repo / "scenarios" / "herus-cmmi-svc.toml").as_posix()}"\n'
                 '[scenario]\ntarget_profile = { CM = 1, IRP = 0 }\n')
    scenario = load_scenario(path)
    assert target_goals(scenario, assess(scenario)) == []
    plan = make_plan(scenario, time_limit=10, with_quick_wins=False)
    assert plan.actions == () and plan.target_period is None


@pytest.mark.parametrize(("profile", "key", "fragment"), [
    ("{ IPR = 2 }", "target_profile.IPR", '"IRP"'),
    ("{ IRP = 4 }", "target_profile.IRP", "from 0 to 3"),
    ("{ IRP = -1 }", "target_profile.IRP", "from 0 to 3"),
    ('{ IRP = "two" }', "target_profile.IRP", "from 0 to 3"),
    ("{}", "target_profile", "names no process area"),
])
def test_bad_profiles_exit_2_naming_the_key(write, cli: Cli, profile: str, key: str,
                                            fragment: str) -> None:
    path = write("scenario.toml", '[scenario]\nname = "P"\nframework = "cmmi-svc"\n'
                 f"target_profile = {profile}\n")
    input_error(cli("plan", path), "scenario.toml", key, fragment)


def test_a_profile_beside_a_level_in_one_file_wins_with_a_warning(scenario_file, cli: Cli) -> None:
    path = scenario_file(framework="cmmi-svc", head_extra="target_profile = { CM = 1 }")
    r = cli("gap", path, "--json")
    assert r.code == 0 and "target_profile replaces target_level" in r.err
    assert json.loads(r.out)["target_profile"] == {"CM": 1}


def test_a_profile_on_the_it_service_cmm_is_refused(scenario_file, cli: Cli) -> None:
    path = scenario_file(head_extra="target_profile = { SDP = 2 }")
    input_error(cli("assess", path), "scenario.toml", "target_profile", "no generic goals")


@pytest.mark.parametrize(("body", "key", "fragment"), [
    ('"IRP.GP2.11" = "satisfied"', 'practices."IRP.GP2.11"', "names no generic practice"),
    ('"IRQ.GP2.4" = "satisfied"', 'practices."IRQ.GP2.4"', '"IRP"'),
    ('"IRP.GP2.4" = "missing"', 'practices."IRP.GP2.4"', "not a practice rating"),
    ('IRP.GP2.4 = "unsatisfied"', "practices.IRP", "not quoted"),
])
def test_bad_practice_findings_exit_2(scenario_file, cli: Cli, body: str, key: str, fragment: str) -> None:
    path = scenario_file("[current.practices]\n" + body + "\n", framework="cmmi-svc")
    input_error(cli("assess", path), "scenario.toml", key, fragment)
