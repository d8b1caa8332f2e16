"""Not applicable only where the model allows it (`may_be_na`), and never shown as a strength.

Rating a KPA `na` counts it as held for the level, so a scenario that could rate anything `na`
could reach a level by declaring work away. These tests go through the real loaders, the real rules
engine and the real command line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.assess.gaps import gap_report
from planner.load.applicability import na_kpas
from planner.load.frameworks import load_framework
from planner.load.scenarios import load_scenario
from rules.assess import assess
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
ScenarioFile = Callable[..., Path]


def only_error(result: CliResult) -> str:
    assert result.code == 2, result
    assert "Traceback" not in result.err + result.out
    lines = [line for line in result.err.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.err
    return lines[0]


def test_the_shipped_models_allow_na_only_where_they_say_why() -> None:
    assert na_kpas(load_framework("itscmm")) == ("SUBM",)
    assert na_kpas(load_framework("cmmi-svc")) == ("SAM", "SSD")
    for fid in ("itscmm", "cmmi-svc"):
        for k in load_framework(fid).kpas:
            assert bool(k.na_reason) == k.may_be_na, (fid, k.id)


def test_na_on_a_kpa_that_may_not_be_na_is_bad_input(cli: Cli, scenario_file: ScenarioFile) -> None:
    path = scenario_file('[current.kpas]\nSUBM = "na"\nSCOM = "na"\n', name="x.toml")
    line = only_error(cli("assess", path))
    assert line.startswith("error: x.toml:")
    assert line.endswith('current.kpas.SCOM: SCOM may not be rated "na" '
                         "(only SUBM may be not applicable in itscmm)")


def test_na_on_a_goal_of_such_a_kpa_is_bad_input(cli: Cli, scenario_file: ScenarioFile) -> None:
    path = scenario_file('[current.goals]\n"SUBM.1" = "na"\n"SQA.2" = "na"\n', name="x.toml")
    line = only_error(cli("validate", path))
    assert 'current.goals."SQA.2"' in line or "current.goals.SQA.2" in line
    assert 'SQA may not be rated "na"' in line and "only SUBM" in line


def test_cmmi_svc_allows_sam_and_ssd_only(cli: Cli, scenario_file: ScenarioFile) -> None:
    ok = scenario_file('[current.kpas]\nSAM = "na"\nSSD = "na"\n', framework="cmmi-svc", name="ok.toml")
    assert cli("assess", ok).code == 0
    bad = scenario_file('[current.kpas]\nWP = "na"\n', framework="cmmi-svc", name="bad.toml")
    line = only_error(cli("assess", bad))
    assert 'WP may not be rated "na" (only SAM, SSD may be not applicable in cmmi-svc)' in line


def test_every_ml2_area_na_no_longer_makes_level_2(cli: Cli, scenario_file: ScenarioFile) -> None:
    """The issue's example: with every ML2 area `na` a CMMI-SVC organisation was ML2."""
    fw = load_framework("cmmi-svc")
    body = "[current.kpas]\n" + "".join(f'{k.id} = "na"\n' for k in fw.kpas_at(2))
    path = scenario_file(body, framework="cmmi-svc", name="all-na.toml")
    result = cli("assess", path, "--json")
    assert result.code == 2
    refused = {k.id for k in fw.kpas_at(2)} - {"SAM"}
    for kid in refused:
        assert f"current.kpas.{kid}:" in result.err


def test_frameworks_show_says_which_kpas_may_be_na(cli: Cli) -> None:
    for fid in ("itscmm", "cmmi-svc"):
        data = json.loads(cli("frameworks", "show", fid, "--json").out)
        fw = load_framework(fid)
        assert {k["id"]: k["may_be_na"] for k in data["kpas"]} == {k.id: k.may_be_na for k in fw.kpas}
        assert all(isinstance(k["may_be_na"], bool) for k in data["kpas"])


def test_a_user_framework_reads_may_be_na_and_warns_without_a_reason(cli: Cli, write) -> None:
    write("fw.toml", """
        [framework]
        id = "mine"
        name = "Mine"
        version = "1"
        [[levels]]
        number = 1
        name = "One"
        [[levels]]
        number = 2
        name = "Two"
        [[kpas]]
        id = "AA"
        name = "Alpha"
        level = 2
        purpose = "A."
        may_be_na = true
        [[kpas.goals]]
        text = "Alpha happens."
        [[kpas]]
        id = "BB"
        name = "Beta"
        level = 2
        purpose = "B."
        may_be_na = "yes"
        [[kpas.goals]]
        text = "Beta happens."
    """)
    result = cli("validate", "fw.toml")
    assert result.code == 2
    assert "kpas[1].may_be_na" in result.err or "may_be_na" in result.err
    assert "no reason is given" in result.err


def test_na_is_never_a_strength(cli: Cli, repo: Path, tmp_path: Path) -> None:
    herus = load_scenario(repo / "scenarios" / "herus.toml")
    assert herus.current.kpas["SUBM"] == "na"
    a = assess(herus)
    assert a.kpas["SUBM"].status == "na" and a.kpas["SUBM"].holds
    report = gap_report(a, herus.target_level)
    assert "SUBM" not in report.strong
    assert report.not_applicable == ("SUBM",)
    text = " ".join(cli("gap", repo / "scenarios" / "herus.toml").out.split())
    if "Strong points" in text:
        strong = text.split("Strong points", 1)[1].split("Blocking", 1)[0]
        assert "SUBM" not in strong
    out = tmp_path / "herus.md"
    assert cli("export", repo / "scenarios" / "herus.toml", "--format", "md", "-o", out).code == 0
    md = out.read_text("utf-8")
    strong = md.split("### Strong points", 1)[1].split("###", 1)[0]
    assert "Subcontract Management: not applicable" not in strong
    assert "SUBM Subcontract Management." in strong.split("Not applicable here", 1)[1]


@pytest.mark.parametrize("rating", ["satisfied", "unsatisfied"])
def test_other_ratings_stay_allowed_everywhere(scenario_file: ScenarioFile, rating: str) -> None:
    path = scenario_file(f'[current.kpas]\nSCOM = "{rating}"\n[current.goals]\n"SQA.2" = "partial"\n')
    s = load_scenario(path)
    assert s.current.kpas["SCOM"] == rating
