"""The assessment rules, through real scenario files and the real durable-rules engine.

What a manager relies on: the staged level never skips a level; `na` counts as satisfied; ITIL
evidence only counts from the threshold and through the mapping; direct ratings override evidence in
a fixed order; prerequisites are flagged; every rating says why. The oracles here are written from
the contract's definitions, not from what the code happens to print.
"""

from __future__ import annotations

import json
import random
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.assess.gaps import gap_report
from planner.load.frameworks import load_framework
from planner.load.itil import load_mapping, load_process_list
from planner.load.scenarios import load_scenario
from planner.model import Assessment, Framework, Scenario
from rules import RulesError, get_engine
from rules.assess import assess
from rules.engine import RulesEngine

Assessed = Callable[..., tuple[Scenario, Assessment]]
RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
SOURCES = {"itil", "kpa_rating", "goal_rating", "done", "none"}


def rule_names() -> set[str]:
    """Every rule defined in the shipped rulesets (rules/*.toml)."""
    names: set[str] = set()
    for path in RULES_DIR.glob("*.toml"):
        for ruleset in tomllib.loads(path.read_text("utf-8")).values():
            names.update(ruleset)
    return names


def kpa_ratings(framework: Framework, rating: str, levels: range, but: tuple[str, ...] = ()) -> str:
    """A `[current.kpas]` table rating every KPA of `levels` (except `but`) the same way."""
    lines = [f'{k.id} = "{rating}"' for k in framework.kpas if k.level in levels and k.id not in but]
    return "[current.kpas]\n" + "\n".join(lines) + "\n"


def staged_level(framework: Framework, assessment: Assessment) -> int:
    """The contract's rule, written independently: the highest L such that every KPA of levels
    2..L holds (satisfied or na) counting only the goals required at L; level 1 always holds."""
    level = 1
    for candidate in range(2, framework.max_level + 1):
        needed = [g for k in framework.kpas if k.level <= candidate for g in k.goals
                  if framework.goal_level(g.id) <= candidate]
        if all(assessment.goals[g.id].status in ("satisfied", "na") for g in needed):
            level = candidate
        else:
            break
    return level


# -- the staged level ---------------------------------------------------------------------------


def test_no_level_is_skipped_in_the_tiny_model(assessed: Assessed, tiny: str) -> None:
    """Level 3's only KPA holds but a level-2 goal is open: the organisation is at level 1."""
    body = """
        [current.goals]
        "AA.1" = "satisfied"
        "AA.2" = "satisfied"
        "BB.1" = "unsatisfied"
        "CC.1" = "satisfied"
    """
    _, a = assessed(body, framework=tiny)
    assert a.kpas["CC"].status == "satisfied"
    assert a.current_level == 1
    assert a.level_blockers[2] == ("BB.1",)
    assert a.level_blockers[3] == ("BB.1",)


def test_no_level_is_skipped_on_it_service_cmm(assessed: Assessed) -> None:
    """Every level-2 and level-3 KPA holds except one level-2 goal: level 1, and the open goal is
    what blocks both level 2 and level 3."""
    fw = load_framework("itscmm")
    body = kpa_ratings(fw, "satisfied", range(2, 4)) + '[current.goals]\n"SQA.2" = "unsatisfied"\n'
    _, a = assessed(body)
    assert all(a.kpas[k.id].status == "satisfied" for k in fw.kpas if k.level == 3)
    assert a.kpas["SQA"].status == "partial"
    assert a.current_level == 1
    assert a.level_blockers[2] == ("SQA.2",)
    assert "SQA" in a.level_because


def test_level_rises_once_the_lower_level_holds(assessed: Assessed) -> None:
    fw = load_framework("itscmm")
    _, a = assessed(kpa_ratings(fw, "satisfied", range(2, 4)))
    assert a.current_level == 3
    _, a = assessed(kpa_ratings(fw, "satisfied", range(2, 6)))
    assert a.current_level == 5


def test_kpa_rated_na_counts_as_satisfied(assessed: Assessed, tiny: str) -> None:
    body = """
        [current.kpas]
        AA = "satisfied"
        BB = "na"
    """
    _, a = assessed(body, framework=tiny)
    assert a.kpas["BB"].status == "na"
    assert a.kpas["BB"].holds
    assert a.current_level == 2
    _, a = assessed(body + 'CC = "satisfied"\n', framework=tiny)
    assert a.current_level == 3


def test_all_goals_na_make_the_kpa_na(assessed: Assessed, tiny: str) -> None:
    body = """
        [current.goals]
        "AA.1" = "na"
        "AA.2" = "na"
        "BB.1" = "satisfied"
    """
    _, a = assessed(body, framework=tiny)
    assert a.kpas["AA"].status == "na"
    assert a.current_level == 2


@pytest.mark.parametrize(
    ("aa1", "aa2", "status"),
    [
        ("satisfied", "satisfied", "satisfied"),
        ("satisfied", "na", "satisfied"),
        ("satisfied", "unsatisfied", "partial"),
        ("partial", "unsatisfied", "partial"),
        ("partial", "satisfied", "partial"),
        ("partial", "na", "partial"),
        ("na", "unsatisfied", "unsatisfied"),
        ("unsatisfied", "unsatisfied", "unsatisfied"),
    ],
)
def test_kpa_status_from_its_goals(assessed: Assessed, tiny: str, aa1: str, aa2: str, status: str) -> None:
    """Partial: some goal satisfied or partial but not all hold; unsatisfied: none started."""
    body = f'[current.goals]\n"AA.1" = "{aa1}"\n"AA.2" = "{aa2}"\n'
    _, a = assessed(body, framework=tiny)
    assert a.kpas["AA"].status == status
    assert a.kpas["AA"].holds is (status in ("satisfied", "na"))
    open_goals = tuple(g for g, r in (("AA.1", aa1), ("AA.2", aa2)) if r in ("partial", "unsatisfied"))
    assert a.kpas["AA"].open_goals == open_goals


def test_unrated_goals_are_unsatisfied(assessed: Assessed, tiny: str) -> None:
    _, a = assessed(framework=tiny)
    assert {g.status for g in a.goals.values()} == {"unsatisfied"}
    assert {g.source for g in a.goals.values()} == {"none"}
    assert a.current_level == 1


def test_staged_level_matches_the_contract_on_random_ratings(scenario_file: Callable[..., Path]) -> None:
    """Random goal ratings on both shipped models: the level and each KPA status follow the
    contract's definitions (computed here without the rules)."""
    rng = random.Random(20270101)
    for framework_id in ("itscmm", "cmmi-svc"):
        fw = load_framework(framework_id)
        for i in range(6):
            # mostly-good ratings, so that higher levels are reached now and then
            weights = [0.8, 0.05, 0.05, 0.1] if i % 2 else [0.6, 0.15, 0.15, 0.1]
            ratings = {g: rng.choices(["satisfied", "partial", "unsatisfied", "na"], weights)[0]
                       for g in fw.goal_ids}
            # "na" only where the model allows it (may_be_na); elsewhere the loader refuses it
            ratings = {g: "satisfied" if r == "na" and not fw.kpa(fw.goal(g).kpa).may_be_na else r
                       for g, r in ratings.items()}
            body = "[current.goals]\n" + "".join(f'"{g}" = "{r}"\n' for g, r in ratings.items())
            path = scenario_file(body, framework=framework_id, name=f"random-{framework_id}-{i}.toml")
            a = assess(load_scenario(path))
            assert a.current_level == staged_level(fw, a)
            for k in fw.kpas:
                statuses = [ratings[g] for g in k.goal_ids]
                if all(s == "na" for s in statuses):
                    expected = "na"
                elif all(s in ("satisfied", "na") for s in statuses):
                    expected = "satisfied"
                elif any(s in ("satisfied", "partial") for s in statuses):
                    expected = "partial"
                else:
                    expected = "unsatisfied"
                assert a.kpas[k.id].status == expected, (framework_id, k.id, statuses)


# -- CMMI-SVC: GG 3 on the maturity-level-2 process areas ------------------------------------


def _gg3_on_ml2(fw: Framework) -> list[str]:
    return [g.id for k in fw.kpas if k.level == 2 for g in k.goals if fw.goal_level(g.id) == 3]


def test_gg3_on_ml2_areas_does_not_block_maturity_level_2(assessed: Assessed) -> None:
    fw = load_framework("cmmi-svc")
    gg3 = _gg3_on_ml2(fw)
    assert len(gg3) == len(fw.kpas_at(2))
    body = kpa_ratings(fw, "satisfied", range(2, 3))
    body += "[current.goals]\n" + "".join(f'"{g}" = "unsatisfied"\n' for g in gg3)
    _, a = assessed(body, framework="cmmi-svc")
    assert a.current_level == 2
    # the areas are not fully satisfied (their GG 3 is open) ...
    assert all(a.kpas[k.id].status == "partial" for k in fw.kpas_at(2))
    # ... but nothing blocks a target of 2, while GG 3 blocks a target of 3
    assert gap_report(a, 2).blocking == ()
    at3 = gap_report(a, 3)
    assert set(gg3) <= set(at3.open_goals)


def test_gg3_on_an_ml2_area_blocks_maturity_level_3(assessed: Assessed) -> None:
    fw = load_framework("cmmi-svc")
    open_goal = _gg3_on_ml2(fw)[0]
    body = kpa_ratings(fw, "satisfied", range(2, 4)) + f'[current.goals]\n"{open_goal}" = "partial"\n'
    _, a = assessed(body, framework="cmmi-svc")
    assert a.current_level == 2
    assert a.level_blockers[3] == (open_goal,)
    report = gap_report(a, 3)
    assert [(b.kpa, b.goals) for b in report.blocking] == [(fw.goal(open_goal).kpa, (open_goal,))]
    _, a = assessed(kpa_ratings(fw, "satisfied", range(2, 4)), framework="cmmi-svc")
    assert a.current_level == 3


# -- ITIL evidence ------------------------------------------------------------------------------


def test_mapping_used_here_says_what_the_tests_assume() -> None:
    """The ITIL tests below lean on these entries of the shipped v2 -> IT Service CMM mapping."""
    entries = {(e.process, e.coverage, g) for e in load_mapping("v2", load_framework("itscmm")).entries
               for g in e.goals}
    assert {("incident_management", "full", "SRIM.2"), ("incident_management", "full", "SRIM.3"),
            ("incident_management", "full", "SRIM.1"), ("service_desk", "partial", "SRIM.2"),
            ("service_desk", "full", "SRIM.3")} <= entries
    assert not any(g.startswith(("SDP.", "SQA.")) for _, _, g in entries)


@pytest.mark.parametrize(
    ("pmf", "threshold", "expected"),
    [(1, 3, "unsatisfied"), (2, 3, "partial"), (3, 3, "satisfied"), (5, 3, "satisfied"),
     (2, 2, "satisfied"), (0, 1, "unsatisfied"), (4, 5, "partial"), (3, 5, "unsatisfied")],
)
def test_itil_threshold(assessed: Assessed, pmf: int, threshold: int, expected: str) -> None:
    body = f"""
        [current]
        itil_threshold = {threshold}
        [current.itil]
        incident_management = {pmf}
    """
    _, a = assessed(body)
    goal = a.goals["SRIM.2"]
    assert goal.status == expected
    # one PMF step below the threshold gives partial credit (tests/test_evidence.py has the detail)
    assert goal.source == ("none" if expected == "unsatisfied" else "itil")
    if expected == "unsatisfied":
        assert f"threshold {threshold}" in goal.because
        assert f"incident_management at PMF {pmf}" in goal.because


def test_full_and_partial_coverage(assessed: Assessed) -> None:
    _, a = assessed("[current.itil]\nservice_desk = 3\n")
    assert a.goals["SRIM.3"].status == "satisfied"
    assert a.goals["SRIM.2"].status == "partial"
    assert a.goals["SRIM.1"].status == "partial"
    assert a.goals["SRIM.1"].rule == "itil_covers_goal_partly"
    assert a.goals["SRIM.3"].rule == "itil_covers_goal_fully"
    assert a.kpas["SRIM"].status == "partial"


def test_strongest_of_several_processes_wins(assessed: Assessed) -> None:
    _, both = assessed("[current.itil]\nincident_management = 3\nservice_desk = 3\n")
    assert both.goals["SRIM.2"].status == "satisfied"
    assert "incident_management" in both.goals["SRIM.2"].because
    assert any("service_desk" in other for other in both.goals["SRIM.2"].also)
    _, desk = assessed("[current.itil]\nincident_management = 2\nservice_desk = 3\n")
    assert desk.goals["SRIM.2"].status == "partial"
    assert "service_desk" in desk.goals["SRIM.2"].because


def test_goal_no_process_maps_to_gets_nothing(assessed: Assessed) -> None:
    process_list = load_process_list("v2")
    body = "[current.itil]\n" + "".join(f"{p.id} = 5\n" for p in process_list.processes)
    scenario, a = assessed(body)
    mapped = {g for e in scenario.mapping.entries for g in e.goals}
    unmapped = [g for g in scenario.framework.goal_ids if g not in mapped]
    assert unmapped
    for g in unmapped:
        assert (a.goals[g].status, a.goals[g].source) == ("unsatisfied", "none")
        assert "no ITIL v2 process delivers it" in a.goals[g].because


@pytest.mark.parametrize(
    ("version", "framework_id"),
    [(v, f) for v in ("v2", "2011", "4") for f in ("itscmm", "cmmi-svc")],
)
def test_every_shipped_mapping_turns_evidence_into_ratings(
    assessed: Assessed, version: str, framework_id: str
) -> None:
    """With every process of the version at PMF 5, a goal some entry fully covers is satisfied,
    one only partly covered is partial, and one no entry names is unsatisfied."""
    process_list = load_process_list(version)
    body = f'[current]\nitil_version = "{version}"\n[current.itil]\n'
    body += "".join(f"{p.id} = 5\n" for p in process_list.processes)
    scenario, a = assessed(body, framework=framework_id)
    mapping = load_mapping(version, scenario.framework)
    assert mapping is not None and scenario.mapping == mapping
    full = {g for e in mapping.entries if e.coverage == "full" for g in e.goals}
    partial = {g for e in mapping.entries if e.coverage == "partial" for g in e.goals} - full
    assert full
    for g in scenario.framework.goal_ids:
        expected = "satisfied" if g in full else "partial" if g in partial else "unsatisfied"
        assert a.goals[g].status == expected, g
        assert a.goals[g].source == ("itil" if g in full | partial else "none")


def test_itil_2011_and_itil_4_evidence(assessed: Assessed) -> None:
    _, a = assessed('[current]\nitil_version = "2011"\n[current.itil]\nservice_catalogue_management = 4\n')
    assert (a.goals["OSD.1"].status, a.goals["OSD.1"].source) == ("satisfied", "itil")
    assert "service_catalogue_management" in a.goals["OSD.1"].because
    _, a = assessed('[current]\nitil_version = "4"\n[current.itil]\nsupplier_management = 3\n')
    assert all(a.goals[f"SUBM.{n}"].status == "satisfied" for n in range(1, 5))
    assert a.kpas["SUBM"].status == "satisfied"


# -- overrides ----------------------------------------------------------------------------------


def test_goal_rating_beats_kpa_rating_beats_itil(assessed: Assessed) -> None:
    itil = "[current.itil]\nincident_management = 5\n"
    _, a = assessed(itil)
    assert a.goals["SRIM.2"].source == "itil"
    _, a = assessed(itil + '[current.kpas]\nSRIM = "unsatisfied"\n')
    assert (a.goals["SRIM.2"].status, a.goals["SRIM.2"].source) == ("unsatisfied", "kpa_rating")
    _, a = assessed(itil + '[current.kpas]\nSRIM = "unsatisfied"\n[current.goals]\n"SRIM.2" = "partial"\n')
    assert (a.goals["SRIM.2"].status, a.goals["SRIM.2"].source) == ("partial", "goal_rating")
    assert (a.goals["SRIM.3"].status, a.goals["SRIM.3"].source) == ("unsatisfied", "kpa_rating")
    # a better rating from below does not win either: the override is by source, not by strength
    _, a = assessed(itil + '[current.goals]\n"SRIM.3" = "unsatisfied"\n')
    assert a.goals["SRIM.3"].status == "unsatisfied"


def test_kpa_rating_raises_an_itil_partial(assessed: Assessed) -> None:
    _, a = assessed('[current.itil]\nservice_desk = 3\n[current.kpas]\nSRIM = "satisfied"\n')
    assert (a.goals["SRIM.1"].status, a.goals["SRIM.1"].source) == ("satisfied", "kpa_rating")
    assert a.kpas["SRIM"].status == "satisfied"


def test_done_catalog_action_satisfies_its_goals(assessed: Assessed) -> None:
    scenario, a = assessed('[catalog]\ndone = ["srim-service-desk-tool"]\n'
                           '[current.goals]\n"SRIM.2" = "unsatisfied"\n')
    action = scenario.action("srim-service-desk-tool")
    assert action.goals == ("SRIM.2", "SRIM.3")
    for g in action.goals:
        assert (a.goals[g].status, a.goals[g].source) == ("satisfied", "done")
        assert "srim-service-desk-tool" in a.goals[g].because
    assert a.goals["SRIM.1"].status == "unsatisfied"


def test_done_scenario_action_satisfies_its_goals(assessed: Assessed, tiny: str) -> None:
    body = """
        [catalog]
        default = false
        done = ["mine"]
        [[actions]]
        id = "mine"
        title = "Our own work"
        goals = ["AA.1", "AA.2"]
        effort = 1
        cost = 1
        duration = 1
    """
    _, a = assessed(body, framework=tiny)
    assert a.kpas["AA"].status == "satisfied"


def test_goal_na_stays_na(assessed: Assessed) -> None:
    body = """
        [current.itil]
        service_level_management = 5
        [current.kpas]
        SUBM = "unsatisfied"
        [current.goals]
        "SUBM.2" = "na"
        [catalog]
        done = ["subm-underpinning-contracts", "subm-supplier-meetings"]
    """
    _, a = assessed(body)
    assert (a.goals["SUBM.2"].status, a.goals["SUBM.2"].source) == ("na", "goal_rating")
    assert a.goals["SUBM.3"].source == "done"


def test_goal_rating_inside_a_kpa_rated_na(assessed: Assessed, tiny: str) -> None:
    _, a = assessed('[current.kpas]\nAA = "na"\n[current.goals]\n"AA.2" = "unsatisfied"\n', framework=tiny)
    assert a.goals["AA.1"].status == "na"
    assert a.kpas["AA"].status == "unsatisfied"
    assert not a.kpas["AA"].holds


# -- prerequisites ------------------------------------------------------------------------------


def test_kpa_holding_without_its_prerequisite_is_flagged(assessed: Assessed) -> None:
    fw = load_framework("itscmm")
    assert "SDP" in [p.kpa for p in fw.kpa("STO").requires]
    _, a = assessed('[current.kpas]\nSTO = "satisfied"\n[current.goals]\n"SDP.1" = "satisfied"\n')
    sto = a.kpas["STO"]
    assert sto.flagged
    assert [(gap.requires, gap.goals) for gap in sto.prerequisite_gaps] == [("SDP", ("SDP.2", "SDP.3"))]
    assert "SDP" in sto.prerequisite_gaps[0].because
    # what the flag is not: a KPA that does not hold, or one whose prerequisite holds or is na
    assert not a.kpas["SDP"].flagged
    _, a = assessed('[current.kpas]\nSTO = "satisfied"\nSDP = "satisfied"\n')
    assert not a.kpas["STO"].flagged
    assert a.kpas["STO"].prerequisite_gaps == ()


def test_prerequisite_rated_na_is_no_gap(assessed: Assessed, tiny: str) -> None:
    """(SDP may not be rated na in IT Service CMM, so the tiny model's BB requires AA stands in.)"""
    _, a = assessed('[current.kpas]\nBB = "satisfied"\nAA = "na"\n', framework=tiny)
    assert not a.kpas["BB"].flagged
    assert a.kpas["BB"].prerequisite_gaps == ()


def test_assess_json_shows_the_flag(cli, scenario_file: Callable[..., Path]) -> None:
    path = scenario_file('[current.kpas]\nSTO = "satisfied"\nSCOM = "satisfied"\n')
    result = cli("assess", path, "--json")
    assert result.code == 0
    kpas = {k["id"]: k for k in json.loads(result.out)["kpas"]}
    assert kpas["STO"]["flagged"] and "SDP" in kpas["STO"]["flagged"][0]
    # SCOM requires SDP (plan before promising: the pocket guide's commitment process)
    assert kpas["SCOM"]["flagged"] and "SDP" in kpas["SCOM"]["flagged"][0]
    assert kpas["SDP"]["flagged"] == []  # SDP requires nothing
    text = cli("assess", path)
    assert "holds although STO requires SDP" in " ".join(text.out.split())
    path = scenario_file('[current.kpas]\nSCOM = "satisfied"\nSDP = "satisfied"\n', name="planned.toml")
    kpas = {k["id"]: k for k in json.loads(cli("assess", path, "--json").out)["kpas"]}
    assert kpas["SCOM"]["flagged"] == []


# -- every rating says why ----------------------------------------------------------------------

EVERY_SOURCE = """
    [current.itil]
    incident_management = 4
    problem_management = 1
    [current.kpas]
    SDP = "satisfied"
    SUBM = "na"
    [current.goals]
    "SQA.1" = "partial"
    [catalog]
    done = ["srim-incident-plan"]
"""


def test_every_goal_says_why_and_names_its_source(assessed: Assessed) -> None:
    scenario, a = assessed(EVERY_SOURCE)
    rules = rule_names()
    seen = set()
    for g in a.goals.values():
        seen.add(g.source)
        assert g.source in SOURCES
        assert g.because.strip()
        assert g.rule in rules, (g.goal, g.rule)
        if g.source == "itil":
            assert any(p in g.because for p in scenario.current.itil)
        elif g.source == "kpa_rating":
            assert g.kpa in g.because
        elif g.source == "goal_rating":
            assert g.goal in g.because
        elif g.source == "done":
            assert any(aid in g.because for aid in scenario.done)
        else:
            assert "not rated" in g.because
    assert seen == SOURCES
    for k in a.kpas.values():
        assert k.because.strip()
    assert a.level_because.strip()


def test_herus_goals_all_say_why(repo: Path) -> None:
    scenario = load_scenario(repo / "scenarios" / "herus.toml")
    a = assess(scenario)
    rules = rule_names()
    for g in a.goals.values():
        assert g.because.strip() and g.rule in rules and g.source in SOURCES


# -- the pocket guide's point -------------------------------------------------------------------


def test_every_itil_v2_process_at_pmf_5_is_still_level_1(cli, scenario_file: Callable[..., Path]) -> None:
    """An ITIL organisation with nothing else is level 1 on IT Service CMM, blocked among others by
    Service Delivery Planning and Service Quality Assurance, which ITIL has no counterpart for."""
    body = "[current.itil]\n" + "".join(f"{p.id} = 5\n" for p in load_process_list("v2").processes)
    path = scenario_file(body, target=2)
    assessment = json.loads(cli("assess", path, "--json").out)
    assert assessment["current_level"] == 1
    kpas = {k["id"]: k for k in assessment["kpas"]}
    for kid in ("SDP", "SQA"):
        assert kpas[kid]["status"] == "unsatisfied"
        assert {g["source"] for g in kpas[kid]["goals"]} == {"none"}
    result = cli("gap", path, "--json")
    assert result.code == 0
    gap = json.loads(result.out)
    blocking = {b["kpa"]: b for b in gap["blocking"]}
    assert {"SDP", "SQA"} <= set(blocking)
    assert blocking["SDP"]["goals"] == list(load_framework("itscmm").kpa("SDP").goal_ids)
    text = " ".join(cli("gap", path).out.split())
    assert "SDP Service Delivery Planning" in text
    assert "SQA Service Quality Assurance" in text


# -- HeRus --------------------------------------------------------------------------------------


def test_herus_assess_and_gap_agree(cli, repo: Path) -> None:
    herus = repo / "scenarios" / "herus.toml"
    assessment = json.loads(cli("assess", herus, "--json").out)
    gap = json.loads(cli("gap", herus, "--json").out)
    fw = load_framework(assessment["framework"])
    assert assessment["framework"] == "itscmm"
    assert gap["target_level"] == assessment["target_level"] == 3
    assert gap["current_level"] == assessment["current_level"]
    kpas = {k["id"]: k for k in assessment["kpas"]}
    goals = {g["id"]: g for k in assessment["kpas"] for g in k["goals"]}
    assert set(kpas) == {k.id for k in fw.kpas}
    blocking = {b["kpa"]: b for b in gap["blocking"]}
    assert blocking, "HeRus is below its target, so something must block it"
    for kid, b in blocking.items():
        assert b["level"] == kpas[kid]["level"] <= 3
        assert kpas[kid]["status"] in ("partial", "unsatisfied")
        assert b["goals"]
        assert all(goals[g]["status"] in ("partial", "unsatisfied") for g in b["goals"])
        # every goal of the KPA that is still open is listed
        still_open = [g["id"] for g in kpas[kid]["goals"] if g["status"] in ("partial", "unsatisfied")]
        assert b["goals"] == still_open
    for kid, k in kpas.items():
        if k["level"] <= 3 and kid not in blocking:
            assert k["status"] in ("satisfied", "na"), kid
    current = assessment["current_level"]
    assert all(k["status"] in ("satisfied", "na") for k in kpas.values() if k["level"] <= current)
    assert any(b["level"] == current + 1 for b in gap["blocking"])
    # the readable reports name every blocking KPA and goal
    text = " ".join(cli("gap", herus).out.split())
    for kid, b in blocking.items():
        assert kid in text
        assert all(g in text for g in b["goals"])
    text = cli("assess", herus).out
    assert all(k in text for k in kpas)


def test_gap_target_option(cli, repo: Path) -> None:
    herus = repo / "scenarios" / "herus.toml"
    at2 = json.loads(cli("gap", herus, "--target", "2", "--json").out)
    at3 = json.loads(cli("gap", herus, "--json").out)
    assert at2["target_level"] == 2
    assert {b["level"] for b in at2["blocking"]} == {2}
    assert [b for b in at3["blocking"] if b["level"] == 2] == at2["blocking"]
    assert any(b["level"] == 3 for b in at3["blocking"])
    bad = cli("gap", herus, "--target", "6")
    assert bad.code == 2 and bad.err.startswith("error:") and "1..5" in bad.err


# -- the engine ---------------------------------------------------------------------------------


def test_engine_survives_more_evaluations_than_durable_rules_keeps_sessions() -> None:
    """durable-rules caps live sessions at 1024 per ruleset; each evaluation must delete its own."""
    engine = get_engine()
    fact = {"t": "goal_status", "goal": "X.1", "kpa": "X", "status": "partial", "level": 2}
    for _ in range(1100):
        out = engine.evaluate("status", [fact])
    assert {f["t"] for f in out} == {"goal_status", "open_goal", "progress"}


def test_engine_raises_what_an_action_raises() -> None:
    def boom(c: object) -> None:
        raise ValueError("kaboom")

    ruleset = {"test_failing_action": {"r": {"all": [{"m": {"t": "x"}}], "run": "boom"}}}
    engine = RulesEngine(ruleset, {"boom": boom})
    with pytest.raises(RulesError, match="kaboom"):
        engine.evaluate("test_failing_action", [{"t": "x"}])
    with pytest.raises(RulesError, match="unknown ruleset"):
        engine.evaluate("no_such_ruleset", [{"t": "x"}])
