"""ITIL evidence against the sources, through real scenario files and the real rules engine.

The pocket guide (Clerc & Niessink, Table 2 and its text) makes a few plain statements about what an
ITIL organisation has and lacks on the IT Service CMM. Each test here is one of them, phrased as a
scenario a manager could write: every ITIL process at a high PMF level and nothing else. The oracles
are the guide's words, not what the mapping file happens to hold.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable

import pytest

from planner.load.frameworks import load_framework
from planner.load.itil import MAPPING_DIR, load_process_list
from planner.model import Assessment, Scenario

Assessed = Callable[..., tuple[Scenario, Assessment]]

LEVEL2 = ("SCOM", "SDP", "STO", "SUBM", "CFM", "SRIM", "SQA")
NO_ITIL_COUNTERPART_L3 = ("OSD", "OPD", "OPF", "ISM", "IGC", "TRP")
"""Level-3 KPAs the guide gives no ITIL v2 counterpart (OSD, OPD, OPF, ISM "no clear counterpart";
TRP and IGC "no counterpart")."""


def every_process_at(version: str, pmf: int) -> str:
    """A `[current]` table with every process of ITIL `version` at PMF `pmf` and nothing else."""
    body = f'[current]\nitil_version = "{version}"\n[current.itil]\n'
    return body + "".join(f"{p.id} = {pmf}\n" for p in load_process_list(version).processes)


def held(a: Assessment, kpas: tuple[str, ...]) -> set[str]:
    return {k for k in kpas if a.kpas[k].holds}


# -- statement 1: ITIL covers level 2 except planning and quality assurance ---------------------


@pytest.mark.parametrize("pmf", [4, 5])
def test_every_itil_v2_process_high_gives_level_1_with_only_sdp_and_sqa_open(
    assessed: Assessed, pmf: int
) -> None:
    """"There is no real counterpart for Service Delivery Planning in ITIL ... Service Quality
    Assurance has no clear counterpart": those two, and only those two, keep level 2 away."""
    _, a = assessed(every_process_at("v2", pmf), target=2)
    assert a.current_level == 1
    assert set(LEVEL2) - held(a, LEVEL2) == {"SDP", "SQA"}
    for kid in ("SCOM", "STO", "SUBM", "CFM", "SRIM"):
        assert a.kpas[kid].status == "satisfied", (kid, a.kpas[kid].because)
        assert {a.goals[g].source for g in load_framework("itscmm").kpa(kid).goal_ids} == {"itil"}
    for kid in ("SDP", "SQA"):
        assert a.kpas[kid].status == "unsatisfied"
    assert a.level_blockers[2] == (*load_framework("itscmm").kpa("SDP").goal_ids,
                                   *load_framework("itscmm").kpa("SQA").goal_ids)
    assert "SDP, SQA are not satisfied" in a.level_because


def test_adding_sdp_and_sqa_gives_level_2(assessed: Assessed) -> None:
    body = every_process_at("v2", 5) + '[current.kpas]\nSDP = "satisfied"\nSQA = "satisfied"\n'
    _, a = assessed(body, target=2)
    assert a.current_level == 2
    assert held(a, LEVEL2) == set(LEVEL2)


def test_sdp_alone_is_not_enough(assessed: Assessed) -> None:
    """Guard against a mapping that slips SQA in through the back door."""
    body = every_process_at("v2", 5) + '[current.kpas]\nSDP = "satisfied"\n'
    _, a = assessed(body, target=2)
    assert a.current_level == 1
    assert set(LEVEL2) - held(a, LEVEL2) == {"SQA"}


# -- statement 2: level 3 -----------------------------------------------------------------------


def test_at_level_3_problem_management_holds_and_the_organisation_wide_kpas_stay_open(
    assessed: Assessed,
) -> None:
    """"Problem Management ... very similar" holds; OSD, OPD, OPF, ISM, IGC and TRP have no ITIL
    counterpart and stay open; Service Delivery is only "partly covered"."""
    body = every_process_at("v2", 5) + '[current.kpas]\nSDP = "satisfied"\nSQA = "satisfied"\n'
    _, a = assessed(body, target=3)
    assert a.current_level == 2
    assert a.kpas["PRBM"].status == "satisfied"
    for kid in NO_ITIL_COUNTERPART_L3:
        assert a.kpas[kid].status == "unsatisfied", kid
    assert a.kpas["SDEL"].status == "partial"
    assert all(a.goals[g].status == "partial" for g in ("SDEL.1", "SDEL.2"))
    open3 = {k.id for k in load_framework("itscmm").kpas if k.level == 3 and not a.kpas[k.id].holds}
    assert set(NO_ITIL_COUNTERPART_L3) <= open3
    assert "PRBM" not in open3


# -- statement 3: close below the threshold is partial credit -----------------------------------


@pytest.mark.parametrize("threshold", [2, 3, 4, 5])
def test_one_step_below_the_threshold_gives_partial_credit(assessed: Assessed, threshold: int) -> None:
    body = f"[current]\nitil_threshold = {threshold}\n[current.itil]\nincident_management = {threshold - 1}\n"
    _, a = assessed(body)
    for g in ("SRIM.1", "SRIM.2", "SRIM.3"):
        goal = a.goals[g]
        assert (goal.status, goal.source, goal.rule) == ("partial", "itil", "itil_close_below_threshold")
    assert a.goals["SRIM.2"].because == (
        f"ITIL incident_management is at PMF {threshold - 1}, one below the threshold {threshold}, "
        "so it partly delivers SRIM.2")
    assert a.kpas["SRIM"].status == "partial"


@pytest.mark.parametrize(("threshold", "pmf"), [(3, 1), (4, 2), (2, 0), (1, 0)])
def test_further_below_the_threshold_gives_nothing(assessed: Assessed, threshold: int, pmf: int) -> None:
    """Two steps below, or PMF 0 (the process is not there at all), earns no credit."""
    body = f"[current]\nitil_threshold = {threshold}\n[current.itil]\nincident_management = {pmf}\n"
    _, a = assessed(body)
    goal = a.goals["SRIM.2"]
    assert (goal.status, goal.source) == ("unsatisfied", "none")
    assert f"incident_management at PMF {pmf}" in goal.because


def test_below_the_threshold_a_partial_entry_gives_nothing(assessed: Assessed) -> None:
    """The desk at PMF 2 partly informs customers (it would fully, once implemented), but a goal it
    only ever partly delivers gets nothing from it below the threshold."""
    _, a = assessed("[current.itil]\nservice_desk = 2\n")
    assert a.goals["SRIM.3"].status == "partial"
    assert a.goals["SRIM.3"].rule == "itil_close_below_threshold"
    assert (a.goals["SRIM.2"].status, a.goals["SRIM.2"].source) == ("unsatisfied", "none")


def test_an_implemented_process_explains_a_partial_better_than_one_just_below(assessed: Assessed) -> None:
    _, a = assessed("[current.itil]\nincident_management = 2\nservice_desk = 3\n")
    goal = a.goals["SRIM.2"]
    assert goal.status == "partial"
    assert goal.rule == "itil_covers_goal_partly"
    assert "service_desk" in goal.because
    assert any("incident_management is at PMF 2" in other for other in goal.also)


def test_near_threshold_credit_never_beats_a_direct_rating(assessed: Assessed) -> None:
    _, a = assessed('[current.itil]\nincident_management = 2\n[current.goals]\n"SRIM.2" = "unsatisfied"\n')
    assert (a.goals["SRIM.2"].status, a.goals["SRIM.2"].source) == ("unsatisfied", "goal_rating")
    assert a.goals["SRIM.3"].status == "partial"


# -- the later ITIL versions follow the same reading --------------------------------------------


@pytest.mark.parametrize("version", ["2011", "4"])
def test_later_itil_versions_follow_the_same_reading(assessed: Assessed, version: str) -> None:
    """Neither ITIL 2011 nor ITIL 4 added per-service delivery planning or independent quality
    assurance, so the guide's level-2 statements carry over; problem management still holds at
    level 3 and the organisation-wide KPAs without an ITIL counterpart stay open."""
    _, a = assessed(every_process_at(version, 5), target=2)
    assert a.current_level == 1
    assert set(LEVEL2) - held(a, LEVEL2) == {"SDP", "SQA"}
    body = every_process_at(version, 5) + '[current.kpas]\nSDP = "satisfied"\nSQA = "satisfied"\n'
    _, a = assessed(body, target=3)
    assert a.current_level == 2
    assert a.kpas["PRBM"].status == "satisfied"
    for kid in ("OPD", "ISM", "IGC", "TRP"):
        assert not a.kpas[kid].holds, kid
    assert not a.kpas["SDEL"].holds


# -- every entry says where it comes from and why -----------------------------------------------


@pytest.mark.parametrize("path", sorted(MAPPING_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_mapping_entry_has_provenance_and_a_one_line_rationale(path) -> None:
    data = tomllib.loads(path.read_text("utf-8"))
    assert data["entries"]
    for i, entry in enumerate(data["entries"]):
        assert entry.get("provenance") in ("seed", "derived"), (path.name, i)
        rationale = entry.get("rationale", "")
        assert rationale.strip() and "\n" not in rationale, (path.name, i)
