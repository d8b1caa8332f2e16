"""`csip validate` warns about an action that does not wait for its KPA's prerequisites.

Scenarios on the tiny model (BB requires AA; a1 closes AA.1, a2 closes AA.2 after a1, b1 closes BB.1
and waits for nothing) go through the real loader and the real `validate` command.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.load.frameworks import load_framework
from planner.load.lint_prereq import prerequisite_warnings
from planner.model import Action
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
ScenarioFile = Callable[..., Path]
WARNING = "works on BB, which requires AA, but it waits (after) for no action on AA"


def warnings(result: CliResult) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("warning: ")]


def test_an_action_that_skips_the_prerequisite_is_warned_about(
    cli: Cli, scenario_file: ScenarioFile, tiny: str
) -> None:
    path = scenario_file(framework=tiny, name="s.toml")
    result = cli("validate", path)
    assert result.code == 0  # a warning, not bad input
    hits = [w for w in warnings(result) if WARNING in w]
    assert len(hits) == 1, result.err
    assert "action b1" in hits[0] and "s.toml" in hits[0]
    assert "e.g. a1" in hits[0]  # names an action that would do


@pytest.mark.parametrize("after", ['["a1"]', '["a2"]', '["x"]'])
def test_waiting_directly_or_transitively_is_enough(
    cli: Cli, scenario_file: ScenarioFile, tiny: str, after: str
) -> None:
    """b1 after a1 (direct), after a2 (which closes AA.2), or after x, which waits for a1."""
    body = f"""
        [[actions]]
        id = "x"
        title = "Something in between"
        goals = ["CC.1"]
        effort = 1
        cost = 1
        duration = 1
        after = ["a1"]

        [[actions]]
        id = "b1"
        title = "Beta, waiting"
        goals = ["BB.1"]
        effort = 5
        cost = 500
        duration = 1
        after = {after}
    """
    result = cli("validate", scenario_file(body, framework=tiny))
    assert not [w for w in warnings(result) if "requires AA" in w], result.err


def test_waiting_for_unrelated_work_is_not_enough(cli: Cli, scenario_file: ScenarioFile, tiny: str) -> None:
    body = """
        [[actions]]
        id = "b1"
        title = "Beta after gamma"
        goals = ["BB.1"]
        effort = 5
        cost = 500
        duration = 1
        after = ["c1"]
    """
    result = cli("validate", scenario_file(body, framework=tiny))
    assert [w for w in warnings(result) if WARNING in w and "action b1" in w], result.err


@pytest.mark.parametrize("current", [
    '[current.kpas]\nAA = "satisfied"\n',
    '[current.kpas]\nAA = "na"\n',
    '[catalog]\ndone = ["a1", "a2"]\n',
])
def test_no_warning_when_the_prerequisite_already_holds(
    cli: Cli, scenario_file: ScenarioFile, tiny: str, current: str
) -> None:
    result = cli("validate", scenario_file(current, framework=tiny))
    assert not [w for w in warnings(result) if "requires AA" in w], result.err


def test_no_warning_where_only_alternatives_could_be_named(tiny: str, repo: Path) -> None:
    """If every open goal of the prerequisite has two actions, an `after` would force one side:
    the `requires` alone orders the work, and the lint keeps quiet."""
    fw = load_framework(str(repo / "tests" / "data" / "tiny_framework.toml"))
    a1b = Action("a1b", "Plan alpha, bought in", ("AA.1",), 1.0, 5000.0, 1)
    a2b = Action("a2b", "Do alpha, bought in", ("AA.2",), 1.0, 9000.0, 1)
    actions = [*fw.actions, a1b, a2b]
    assert not [w for w in prerequisite_warnings(fw, actions) if w.requires == "AA"]
    assert [w.action for w in prerequisite_warnings(fw, fw.actions)] == ["b1"]


@pytest.mark.parametrize("framework_id", ["itscmm", "cmmi-svc"])
def test_the_shipped_catalogs_wait_for_their_prerequisites(framework_id: str) -> None:
    fw = load_framework(framework_id)
    assert [(w.action, w.kpa, w.requires) for w in prerequisite_warnings(fw, fw.actions)] == []


def test_the_shipped_files_validate_without_warnings(cli: Cli, repo: Path) -> None:
    files = [*sorted((repo / "frameworks").glob("*.toml")), *sorted((repo / "scenarios").glob("*.toml"))]
    result = cli("validate", *files)
    assert result.code == 0, result.err
    assert "waits (after) for no action" not in result.err
