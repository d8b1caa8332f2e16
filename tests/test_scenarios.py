"""Scenario files: defaults, immutability, `extends`, and every class of bad input through the real
command line.

A scenario is what a manager edits by hand, so a mistake must come back as exit code 2 with
`error:` lines naming the file and the line or key, a likely fix (a did-you-mean for near misses),
and never a traceback; and all mistakes of a file at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from planner.errors import ScenarioError
from planner.load.frameworks import load_framework
from planner.load.scenarios import check_scenario, load_scenario
from tests.conftest import CliResult, scenario_head

Write = Callable[[str, str], Path]
Cli = Callable[..., CliResult]
ScenarioFile = Callable[..., Path]
Fragments = tuple[str, ...]


def input_error(result: CliResult, where: str, *fragments: str) -> list[str]:
    """Assert the contract's bad-input outcome; `where` is the `file:line` or `file` prefix a line
    of the message must start with (after `error: `), and each fragment must appear in that line.
    Returns the error lines."""
    assert result.code == 2, result
    assert result.err.startswith("error:"), result.err
    assert "Traceback" not in result.err + result.out
    errors = [line for line in result.err.splitlines() if line.startswith("error: ")]
    matching = [line for line in errors if line.startswith(f"error: {where}")
                and all(f in line for f in fragments)]
    assert matching, f"no error line at {where!r} with {fragments}:\n{result.err}"
    return errors


# -- loading ------------------------------------------------------------------------------------


def test_defaults(scenario_file: ScenarioFile) -> None:
    s = load_scenario(scenario_file())
    fw = load_framework("itscmm")
    assert (s.period, s.horizon, s.target_level) == ("quarter", 12, 3)
    assert (s.limits.budget, s.limits.effort_per_period, s.limits.strict_staging) == (None, None, False)
    assert (s.current.itil_version, s.current.itil_threshold) == ("v2", 3)
    assert (s.quick_wins.max_effort, s.quick_wins.max_cost) == (10, 5000)
    assert s.actions == fw.actions
    assert s.done == () and s.excluded == ()
    # without a start date the plan starts on the first day of a coming quarter
    assert s.start > dt.date.today() and s.start.day == 1 and s.start.month in (1, 4, 7, 10)


def test_loaded_scenario_is_frozen(repo: Path) -> None:
    s = load_scenario(repo / "scenarios" / "herus.toml")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.target_level = 4  # type: ignore[misc]
    with pytest.raises(TypeError):
        s.current.itil["service_desk"] = 5  # type: ignore[index]
    with pytest.raises(TypeError):
        s.current.goals["SQA.4"] = "na"  # type: ignore[index]


def test_limits_and_catalog(scenario_file: ScenarioFile) -> None:
    body = """
        [limits]
        budget = "unlimited"
        effort_per_period = 30.5
        strict_staging = true
        [catalog]
        done = ["srim-incident-plan"]
        exclude = ["srim-service-desk-tool"]
    """
    s = load_scenario(scenario_file(body))
    assert (s.limits.budget, s.limits.effort_per_period, s.limits.strict_staging) == (None, 30.5, True)
    assert s.done == ("srim-incident-plan",)
    assert "srim-service-desk-tool" not in [a.id for a in s.actions]
    assert "srim-incident-plan" in [a.id for a in s.actions]


def test_scenario_action_replaces_the_catalog_action(scenario_file: ScenarioFile) -> None:
    body = """
        [[actions]]
        id = "srim-incident-plan"
        title = "Our cheaper way"
        goals = ["SRIM.1"]
        effort = 2
        cost = 100
        duration = 1
    """
    s = load_scenario(scenario_file(body))
    mine = [a for a in s.actions if a.id == "srim-incident-plan"]
    assert len(mine) == 1
    assert (mine[0].title, mine[0].cost, mine[0].origin) == ("Our cheaper way", 100, "scenario")
    assert len(s.actions) == len(load_framework("itscmm").actions)


def test_catalog_switched_off(scenario_file: ScenarioFile, tiny: str) -> None:
    s = load_scenario(scenario_file('[catalog]\ndefault = false\n', framework=tiny))
    assert s.actions == ()


def test_framework_by_path_relative_to_the_scenario(write: Write, repo: Path) -> None:
    write("models/tiny.toml", (repo / "tests" / "data" / "tiny_framework.toml").read_text("utf-8"))
    path = write("plans/s.toml", scenario_head("../models/tiny.toml", 2))
    s = load_scenario(path)
    assert s.framework.id == "tiny"
    assert s.mapping is None


# -- extends ------------------------------------------------------------------------------------

BASE = """
    [scenario]
    name = "Base"
    framework = "itscmm"
    target_level = 3
    horizon = 8
    [limits]
    budget = 1000
    effort_per_period = 50
    [current.itil]
    incident_management = 3
    service_desk = 2
    [catalog]
    done = ["srim-incident-plan"]
    [[actions]]
    id = "x"
    title = "X from the base"
    goals = ["SDP.1"]
    effort = 5
    cost = 5
    duration = 1
    [[actions]]
    id = "y"
    title = "Y"
    goals = ["SDP.2"]
    effort = 5
    cost = 5
    duration = 1
"""


def test_extends_from_a_subdirectory_merges_key_by_key(write: Write) -> None:
    write("base.toml", BASE)
    child = write("whatif/child.toml", """
        extends = "../base.toml"
        [scenario]
        name = "Child"
        target_level = 2
        [limits]
        effort_per_period = 20
        [current.itil]
        service_desk = 4
        [catalog]
        done = ["srim-status-communication"]
        [[actions]]
        id = "x"
        title = "X from the child"
        goals = ["SDP.1", "SDP.3"]
        effort = 9
        cost = 9
        duration = 2
        [[actions]]
        id = "z"
        title = "Z"
        goals = ["STO.1"]
        effort = 1
        cost = 1
        duration = 1
    """)
    s = load_scenario(child)
    # the child's keys win ...
    assert (s.name, s.target_level, s.limits.effort_per_period) == ("Child", 2, 20)
    # ... tables merge key by key, so the parent's other keys stay ...
    assert (s.horizon, s.limits.budget, s.framework.id) == (8, 1000, "itscmm")
    assert dict(s.current.itil) == {"incident_management": 3, "service_desk": 4}
    # ... arrays are replaced as a whole ...
    assert s.done == ("srim-status-communication",)
    # ... and [[actions]] merge by id
    own = {a.id: a for a in s.actions if a.origin == "scenario"}
    assert set(own) == {"x", "y", "z"}
    assert (own["x"].title, own["x"].goals, own["x"].duration) == ("X from the child", ("SDP.1", "SDP.3"), 2)
    assert [p.resolve() for p in s.parents] == [child.parent.parent / "base.toml"]


def test_extends_chain_of_three_with_paths_relative_to_each_file(write: Write, repo: Path) -> None:
    """The framework path is relative to the file that names it, however deep the chain."""
    write("models/tiny.toml", (repo / "tests" / "data" / "tiny_framework.toml").read_text("utf-8"))
    write("a/base.toml", scenario_head("../models/tiny.toml", 3) + "horizon = 6\n")
    write("a/b/middle.toml", 'extends = "../base.toml"\n[limits]\nbudget = 10\n')
    leaf = write("c/leaf.toml", 'extends = "../a/b/middle.toml"\n[scenario]\nhorizon = 9\n')
    s = load_scenario(leaf)
    assert (s.framework.id, s.horizon, s.limits.budget) == ("tiny", 9, 10)
    assert len(s.parents) == 2


def test_problem_in_a_parent_points_at_the_parent(write: Write, cli: Cli) -> None:
    """A key the parent wrote is checked after merging, but reported at the parent's line."""
    base = write("base.toml", BASE + '[current.goals]\n"SDP.9" = "satisfied"\n')
    write("child.toml", 'extends = "base.toml"\n[limits]\nbugdet = 5\n')
    result = cli("assess", "child.toml")
    input_error(result, "child.toml:3: limits.bugdet", 'did you mean "budget"')
    line = base.read_text("utf-8").splitlines().index('"SDP.9" = "satisfied"') + 1
    input_error(result, f'base.toml:{line}: current.goals."SDP.9"', "unknown goal", "SDP has goals")


def test_extends_cycle_is_named(write: Write, cli: Cli) -> None:
    write("a.toml", 'extends = "b.toml"\n' + scenario_head())
    write("b.toml", 'extends = "a.toml"\n')
    input_error(cli("assess", "a.toml"), "b.toml:1: extends", "cycle", "a.toml -> b.toml -> a.toml")
    write("self.toml", 'extends = "self.toml"\n')
    input_error(cli("validate", "self.toml"), "self.toml:1: extends", "cycle", "self.toml -> self.toml")


def test_missing_parent_is_named(write: Write, cli: Cli) -> None:
    write("base.toml", BASE)
    write("child.toml", 'extends = "bsae.toml"\n')
    input_error(cli("assess", "child.toml"), "child.toml:1: extends", '"bsae.toml" not found',
                'did you mean "base.toml"')


def test_broken_parent_is_reported_through_the_child(write: Write, cli: Cli) -> None:
    write("base.toml", '[scenario\nname = "x"\n')
    write("child.toml", 'extends = "base.toml"\n')
    result = cli("assess", "child.toml")
    input_error(result, "child.toml:1: extends", 'cannot load "base.toml"')
    input_error(result, "base.toml:1:", "not valid TOML")


# -- bad input, class by class ------------------------------------------------------------------


def test_toml_syntax_error_names_the_line(write: Write, cli: Cli) -> None:
    write("s.toml", scenario_head() + '[limits]\nbudget = 100\neffort_per_period = "60\n')
    input_error(cli("assess", "s.toml"), "s.toml:7:", "not valid TOML")


@pytest.mark.parametrize(
    ("text", "where", "fragments"),
    [
        ("[scenaro]\nhorizon = 4\n", "s.toml:5: scenaro", ("unknown key", 'did you mean "scenario"')),
        ("[[action]]\nid = 'a'\n", "s.toml:5: action", ("unknown key", 'did you mean "actions"')),
        ("[quickwins]\nmax_cost = 1\n", "s.toml:5: quickwins", ('did you mean "quick_wins"',)),
        ("[itil]\nservice_desk = 3\n", "s.toml:5: itil", ("unknown key", "write [current.itil]")),
        ("[wibble]\nx = 1\n", "s.toml:5: wibble", ("unknown key", "allowed: extends, scenario")),
    ],
)
def test_unknown_top_level_key(write: Write, cli: Cli, text: str, where: str, fragments: Fragments) -> None:
    write("s.toml", scenario_head() + text)
    input_error(cli("assess", "s.toml"), where, *fragments)


def test_key_before_any_table_that_belongs_in_one(write: Write, cli: Cli) -> None:
    write("s.toml", 'budget = 5\n' + scenario_head())
    input_error(cli("assess", "s.toml"), "s.toml:1: budget", "unknown key", "belongs in [limits]")


@pytest.mark.parametrize(
    ("text", "where", "fragments"),
    [
        ("[limits]\nbudgett = 5\n", "s.toml:6: limits.budgett", ('did you mean "budget"',)),
        ("[current]\nitil_treshold = 2\n", "s.toml:6: current.itil_treshold",
         ('did you mean "itil_threshold"',)),
        ("[catalog]\ndefaults = true\n", "s.toml:6: catalog.defaults", ('did you mean "default"',)),
        ("[limits]\nhorizon = 8\n", "s.toml:6: limits.horizon", ("belongs in [scenario]",)),
        ("[[actions]]\nid = 'a'\ntitle = 'A'\ngoals = ['SDP.1']\neffort = 1\ncost = 1\nduration = 1\n"
         "afterr = []\n", "s.toml:12: actions[0].afterr", ('did you mean "after"',)),
    ],
)
def test_unknown_key_in_a_section(
    write: Write, cli: Cli, text: str, where: str, fragments: Fragments
) -> None:
    write("s.toml", scenario_head() + text)
    input_error(cli("assess", "s.toml"), where, "unknown key", *fragments)


def test_unknown_key_in_the_scenario_table(write: Write, cli: Cli) -> None:
    write("s.toml", scenario_head() + 'horizn = 4\n')
    input_error(cli("assess", "s.toml"), "s.toml:5: scenario.horizn", 'did you mean "horizon"')


@pytest.mark.parametrize(
    ("head_extra", "body", "where", "fragments"),
    [
        ('start = "2027-01-01"', "", "s.toml:5: scenario.start", ("must be a date", "without quotes")),
        ("horizon = 0", "", "s.toml:5: scenario.horizon", ("at least 1",)),
        ("horizon = 2.5", "", "s.toml:5: scenario.horizon", ("whole number",)),
        ('period = "quater"', "", "s.toml:5: scenario.period", ('did you mean "quarter"',)),
        ("", "[limits]\nbudget = -4\n", "s.toml:6: limits.budget", ("negative",)),
        ("", '[limits]\neffort_per_period = "lots"\n', "s.toml:6: limits.effort_per_period",
         ('"unlimited"',)),
        ("", '[limits]\nbudget = "400000"\n', "s.toml:6: limits.budget",
         ("without quotes: budget = 400000",)),
        ("", '[limits]\nstrict_staging = "yes"\n', "s.toml:6: limits.strict_staging", ("true or false",)),
        ("", '[catalog]\ndone = "srim-incident-plan"\n', "s.toml:6: catalog.done",
         ('write a list: done = ["srim-incident-plan"]',)),
        ("", "[[current]]\nitil_threshold = 2\n", "s.toml:5: current",
         ("must be a table", "single brackets")),
        ("", "[current]\nitil_threshold = 9\n", "s.toml:6: current.itil_threshold", ("at most 5",)),
        ("", '[current]\nitil_version = "2012"\n', "s.toml:6: current.itil_version",
         ('did you mean "2011"',)),
        ("", '[current]\nitil_version = "v3"\n', "s.toml:6: current.itil_version",
         ('ITIL v3 ships as its 2011 edition', 'itil_version = "2011"')),
        ("", "[quick_wins]\nmax_cost = -1\n", "s.toml:6: quick_wins.max_cost", ("at least 0",)),
        ("", "[actions]\nid = 'a'\n", "s.toml:5: actions", ("array of tables", "double brackets")),
    ],
)
def test_wrong_types_and_values(scenario_file: ScenarioFile, cli: Cli, head_extra: str, body: str,
                                where: str, fragments: tuple[str, ...]) -> None:
    scenario_file(body, name="s.toml", head_extra=head_extra)
    input_error(cli("assess", "s.toml"), where, *fragments)


def test_target_level_given_as_a_string(write: Write, cli: Cli) -> None:
    write("s.toml", '[scenario]\nname = "x"\nframework = "itscmm"\ntarget_level = "3"\n')
    input_error(cli("assess", "s.toml"), "s.toml:4: scenario.target_level",
                "without quotes: target_level = 3")


def test_required_keys(write: Write, cli: Cli) -> None:
    write("s.toml", '[scenario]\ndescription = "nothing else"\n')
    result = cli("assess", "s.toml")
    for key in ("name", "framework", "target_level"):
        input_error(result, f"s.toml:1: scenario.{key}", "required key is missing", "under [scenario]")
    write("empty.toml", "")
    input_error(cli("assess", "empty.toml"), "empty.toml", "scenario.framework", "required key is missing")


def test_target_level_above_the_framework(scenario_file: ScenarioFile, cli: Cli, tiny: str) -> None:
    scenario_file(name="s.toml", target=6)
    input_error(cli("assess", "s.toml"), "s.toml:4: scenario.target_level", "above", "levels 1..5")
    scenario_file(name="t.toml", target=4, framework=tiny)
    input_error(cli("assess", "t.toml"), "t.toml:4: scenario.target_level", "levels 1..3")


@pytest.mark.parametrize(
    ("ref", "fragments"),
    [("itscm", ('unknown framework "itscm"', 'did you mean "itscmm"')),
     ("CMMI-SVC", ('did you mean "cmmi-svc"',)),
     ("cmmi_svc", ('did you mean "cmmi-svc"',)),
     ("models/mine.toml", ('unknown framework "models/mine.toml"', "relative to the scenario file"))],
)
def test_unknown_framework(scenario_file: ScenarioFile, cli: Cli, ref: str, fragments: Fragments) -> None:
    scenario_file(name="s.toml", framework=ref)
    input_error(cli("assess", "s.toml"), "s.toml:3: scenario.framework", *fragments)


@pytest.mark.parametrize(
    ("version", "process", "fragments"),
    [
        ("v2", "incident_managment", ('not an ITIL v2 process', 'did you mean "incident_management"')),
        ("v2", "request_fulfilment", ("ITIL 2011", 'itil_version = "2011"')),
        ("v2", "change_enablement", ("ITIL 4", 'itil_version = "4"', 'did you mean "change_management"')),
        ("v2", "service_catalogue_management", ("ITIL 2011 and ITIL 4",)),
        ("4", "service_asset_and_configuration_management", ("ITIL 2011", "not an ITIL 4 process")),
        ("2011", "security_management",
         ("ITIL v2", 'itil_version = "v2"', '"information_security_management"')),
    ],
)
def test_itil_process_names(scenario_file: ScenarioFile, cli: Cli, version: str, process: str,
                            fragments: tuple[str, ...]) -> None:
    scenario_file(f'[current]\nitil_version = "{version}"\n[current.itil]\n{process} = 3\n', name="s.toml")
    input_error(cli("assess", "s.toml"), f"s.toml:8: current.itil.{process}", *fragments)


def test_itil_level_out_of_range(scenario_file: ScenarioFile, cli: Cli) -> None:
    scenario_file("[current.itil]\nservice_desk = 6\nincident_management = 'high'\n", name="s.toml")
    result = cli("assess", "s.toml")
    input_error(result, "s.toml:6: current.itil.service_desk", "PMF level from 0 to 5, not 6")
    input_error(result, "s.toml:7: current.itil.incident_management", 'not "high"')


@pytest.mark.parametrize(
    ("body", "where", "fragments"),
    [
        ('[current.kpas]\nSRMI = "satisfied"\n', "s.toml:6: current.kpas.SRMI",
         ('unknown KPA "SRMI"', 'did you mean "SRIM"')),
        ('[current.kpas]\nsqa = "satisfied"\n', "s.toml:6: current.kpas.sqa", ('did you mean "SQA"',)),
        ('[current.kpas]\nSQA = "satisfed"\n', "s.toml:6: current.kpas.SQA",
         ('"satisfed" is not a KPA rating', 'did you mean "satisfied"')),
        ('[current.kpas]\nSQA = "partial"\n', "s.toml:6: current.kpas.SQA", ("[current.goals]",)),
        ('[current.kpas]\nSQA = true\n', "s.toml:6: current.kpas.SQA", ("true is not a KPA rating",)),
        ('[current.goals]\n"SRIM.9" = "satisfied"\n', 's.toml:6: current.goals."SRIM.9"',
         ('unknown goal "SRIM.9"', "SRIM has goals SRIM.1..SRIM.3")),
        ('[current.goals]\n"SRMI.1" = "satisfied"\n', 's.toml:6: current.goals."SRMI.1"',
         ('did you mean "SRIM.1"',)),
        ('[current.goals]\n"XYZ.1" = "satisfied"\n', 's.toml:6: current.goals."XYZ.1"',
         ("goal ids look like <KPA>.<n>",)),
        ('[current.goals]\n"SRIM.1" = "parital"\n', 's.toml:6: current.goals."SRIM.1"',
         ('"parital" is not a goal rating', 'did you mean "partial"')),
        ('[current.goals]\n"SRIM.1" = "done"\n', 's.toml:6: current.goals."SRIM.1"',
         ('one of "satisfied", "partial", "unsatisfied", "na"',)),
        ('[current.goals]\nSRIM.1 = "satisfied"\n', "s.toml:6: current.goals.SRIM.1",
         ("not quoted", '"SRIM.1" = "satisfied"')),
    ],
)
def test_kpa_and_goal_ratings(scenario_file: ScenarioFile, cli: Cli, body: str, where: str,
                              fragments: tuple[str, ...]) -> None:
    scenario_file(body, name="s.toml")
    input_error(cli("assess", "s.toml"), where, *fragments)


def test_unknown_done_and_exclude_actions(scenario_file: ScenarioFile, cli: Cli) -> None:
    scenario_file('[catalog]\ndone = ["srim-incident-procdure"]\nexclude = ["zzz"]\n', name="s.toml")
    result = cli("assess", "s.toml")
    input_error(result, "s.toml:6: catalog.done[0]", 'unknown action "srim-incident-procdure"',
                'did you mean "srim-incident-procedure"')
    input_error(result, "s.toml:7: catalog.exclude[0]", 'unknown action "zzz"', "catalog")


def test_done_action_of_a_catalog_switched_off(scenario_file: ScenarioFile, cli: Cli) -> None:
    scenario_file('[catalog]\ndefault = false\ndone = ["srim-incident-plan"]\n', name="s.toml")
    input_error(cli("assess", "s.toml"), "s.toml:7: catalog.done[0]", "catalog is switched off")


def test_action_done_and_excluded(scenario_file: ScenarioFile, cli: Cli) -> None:
    scenario_file('[catalog]\ndone = ["srim-incident-plan"]\nexclude = ["srim-incident-plan"]\n',
                  name="s.toml")
    input_error(cli("assess", "s.toml"), "s.toml:7: catalog.exclude[0]", "both done and excluded")


ACTION = """
[[actions]]
id = "{id}"
title = "T"
goals = {goals}
effort = 1
cost = 1
duration = 1
after = {after}
"""


def test_action_with_unknown_goal_or_after(scenario_file: ScenarioFile, cli: Cli) -> None:
    body = ACTION.format(id="mine", goals='["SRIM.7", "SRMI.1"]', after='["srim-incident-plam", "zzz"]')
    scenario_file(body, name="s.toml")
    result = cli("assess", "s.toml")
    input_error(result, "s.toml:8: actions[0].goals[0]", 'unknown goal "SRIM.7"')
    input_error(result, "s.toml:8: actions[0].goals[1]", 'unknown goal "SRMI.1"', 'did you mean "SRIM.1"')
    input_error(result, "s.toml:12: actions[0].after[0]", 'unknown action "srim-incident-plam"',
                'did you mean "srim-incident-plan"')
    input_error(result, "s.toml:12: actions[0].after[1]", 'unknown action "zzz"', "[[actions]]")


def test_action_missing_keys_and_bad_values(scenario_file: ScenarioFile, cli: Cli) -> None:
    scenario_file('[[actions]]\nid = "bad id"\n[[actions]]\nid = "b"\ntitle = ""\ngoals = []\n'
                  'effort = -1\ncost = 1\nduration = 0\n', name="s.toml")
    result = cli("assess", "s.toml")
    input_error(result, "s.toml:6: actions[0].id", "not a valid action id")
    input_error(result, "s.toml:5: actions[0].title", "required key is missing")
    input_error(result, "s.toml:9: actions[1].title", "must not be empty")
    input_error(result, "s.toml:10: actions[1].goals", "at least one goal")
    input_error(result, "s.toml:11: actions[1].effort", "at least 0")
    input_error(result, "s.toml:13: actions[1].duration", "at least 1")


def test_duplicate_action_id(scenario_file: ScenarioFile, cli: Cli) -> None:
    body = ACTION.format(id="a", goals='["SDP.1"]', after="[]")
    body += ACTION.format(id="a", goals='["SDP.2"]', after="[]")
    scenario_file(body, name="s.toml")
    input_error(cli("assess", "s.toml"), "s.toml:15: actions[1].id", 'duplicate action id "a"')


def test_after_cycle_is_named(scenario_file: ScenarioFile, cli: Cli) -> None:
    body = (ACTION.format(id="a", goals='["SDP.1"]', after='["c"]')
            + ACTION.format(id="b", goals='["SDP.2"]', after='["a"]')
            + ACTION.format(id="c", goals='["SDP.3"]', after='["b"]')
            + ACTION.format(id="d", goals='["STO.1"]', after='["d"]'))
    scenario_file(body, name="s.toml")
    result = cli("assess", "s.toml")
    input_error(result, "s.toml:12: actions[0].after", "cycle", "a -> c -> b -> a")
    input_error(result, "s.toml:39: actions[3].after[0]", "cannot wait for itself")


def test_after_cycle_through_a_catalog_action(scenario_file: ScenarioFile, cli: Cli) -> None:
    """A scenario action replacing a catalog action can close a circle with the catalog."""
    body = ACTION.format(id="srim-incident-plan", goals='["SRIM.1"]', after='["srim-incident-procedure"]')
    scenario_file(body, name="s.toml")
    input_error(cli("assess", "s.toml"), "s.toml", "cycle", "srim-incident-plan -> srim-incident-procedure")


def test_file_not_found_and_directory(cli: Cli, tmp_path: Path) -> None:
    input_error(cli("assess", "nowhere.toml"), "nowhere.toml", "file not found")
    input_error(cli("gap", "nowhere.toml"), "nowhere.toml", "file not found")
    (tmp_path / "folder.toml").mkdir()
    input_error(cli("assess", "folder.toml"), "folder.toml", "directory")
    input_error(cli("validate", "folder.toml"), "folder.toml", "directory")


def test_not_utf8(write: Write, cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "latin.toml").write_bytes(scenario_head().encode() + b'description = "caf\xe9"\n')
    input_error(cli("assess", "latin.toml"), "latin.toml", "not UTF-8")


def test_every_problem_of_a_file_at_once(write: Write, cli: Cli) -> None:
    """Problems of shape (keys, types) and of meaning (ids, ratings, references) in one run."""
    write("s.toml", """
        [scenario]
        name = "All at once"
        framework = "itscmm"
        target_level = 3
        horizon = 0
        [limits]
        budgett = 5
        [current.itil]
        incident_managment = 3
        [current.kpas]
        SRMI = "satisfied"
        [current.goals]
        "SQA.1" = "parital"
        [catalog]
        done = ["nope"]
    """)
    for command in ("assess", "validate"):
        result = cli(command, "s.toml")
        errors = input_error(result, "s.toml:5: scenario.horizon", "at least 1")
        for where in ("s.toml:7: limits.budgett", "s.toml:9: current.itil.incident_managment",
                      "s.toml:11: current.kpas.SRMI", 's.toml:13: current.goals."SQA.1"',
                      "s.toml:15: catalog.done[0]"):
            input_error(result, where)
        assert len(errors) == 6, errors  # each problem once, in the order of the file
        assert [int(e.split(":")[2]) for e in errors] == [5, 7, 9, 11, 13, 15]


def test_framework_with_warnings_is_usable(write: Write, cli: Cli) -> None:
    """A framework with a (warned) upward prerequisite still loads; `validate` shows the warning."""
    write("fw.toml", """
        [framework]
        id = "up"
        name = "Up"
        version = "1"
        [[levels]]
        number = 1
        name = "One"
        [[levels]]
        number = 2
        name = "Two"
        [[levels]]
        number = 3
        name = "Three"
        [[kpas]]
        id = "LOW"
        name = "Low"
        level = 2
        purpose = "p"
        requires = ["HIGH"]
        [[kpas.goals]]
        text = "g"
        [[kpas]]
        id = "HIGH"
        name = "High"
        level = 3
        purpose = "p"
        [[kpas.goals]]
        text = "g"
    """)
    path = write("s.toml", scenario_head("fw.toml", 2))
    scenario, problems = check_scenario(path)
    assert scenario is not None and scenario.framework.id == "up"
    assert not [p for p in problems if p.severity == "error"]
    result = cli("validate", "fw.toml")
    assert result.code == 0
    assert result.err.startswith("warning: fw.toml:19: kpas[0].requires[0]: LOW (level 2) requires HIGH")
    with pytest.raises(ScenarioError):
        load_scenario(write("bad.toml", scenario_head("fw.toml", 2) + "[limits]\nbudget = -1\n"))


FULL = {
    "scenario": {"name": "Full", "description": "d", "framework": "itscmm", "target_level": 3,
                 "start": dt.date(2027, 1, 1), "period": "quarter", "horizon": 8},
    "limits": {"budget": 1000, "effort_per_period": 20, "strict_staging": False},
    "current": {"itil_version": "v2", "itil_threshold": 3, "itil": {"service_desk": 3},
                "kpas": {"SUBM": "na"}, "goals": {"SQA.1": "partial"}},
    "catalog": {"default": True, "done": ["srim-incident-plan"], "exclude": ["sdp-estimation-model"]},
    "quick_wins": {"max_effort": 5, "max_cost": 100},
    "actions": [{"id": "x", "title": "X", "goals": ["SDP.1"], "effort": 1, "cost": 1, "duration": 1,
                 "after": ["sdp-delivery-plans"]}],
}


def _key_paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    out: list[tuple[str | int, ...]] = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_key_paths(value, (*prefix, key)))
    return out


def test_a_wrong_value_anywhere_is_reported_not_crashed_on(tmp_path: Path) -> None:
    """Every key of a scenario using every section, replaced by values of other types: the loader
    either accepts the file or reports located problems; it never raises anything else."""
    import copy

    import tomli_w

    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(FULL), "utf-8")
    assert check_scenario(path) == (load_scenario(path), [])
    for key_path in _key_paths(FULL):
        for value in ("text", -3, [{"a": 1}], {"k": 1}):
            data = copy.deepcopy(FULL)
            node: Any = data
            for part in key_path[:-1]:
                node = node[part]
            node[key_path[-1]] = value
            path.write_text(tomli_w.dumps(data), "utf-8")
            scenario, problems = check_scenario(path)
            errors = [p for p in problems if p.severity == "error"]
            assert (scenario is None) == bool(errors), (key_path, value)
            assert all(p.path == "s.toml" or p.path.endswith("s.toml") for p in errors), errors
            assert all(p.key or p.line for p in errors), (key_path, value, errors)
