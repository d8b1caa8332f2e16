"""Shared fixtures: writing scenario and framework files into a temporary directory, loading and
assessing them with the real loaders and rules engine, and running the real command line.

Everything goes through files on disk on purpose: the loaders, the `extends` chain and the error
locations (file and line) are part of what the tests check, and none of that is exercised by
building dataclasses by hand.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.load.scenarios import load_scenario
from planner.model import Assessment, Scenario
from rules.assess import assess

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def scenario_head(framework: str = "itscmm", target: int = 3, name: str = "Test") -> str:
    """The required `[scenario]` table; other keys of that table may follow it directly."""
    return f'[scenario]\nname = "{name}"\nframework = "{framework}"\ntarget_level = {target}\n'


@dataclass(frozen=True)
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def repo() -> Path:
    """The repository root, found from this file (never a path of one machine)."""
    return REPO


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a (dedented) TOML text to `tmp_path / name`, creating folders; returns the path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def scenario_file(write: Callable[[str, str], Path]) -> Callable[..., Path]:
    """A scenario file: the `[scenario]` head followed by `body` (any other tables)."""

    def _scenario(body: str = "", *, framework: str = "itscmm", target: int = 3,
                  name: str = "scenario.toml", head_extra: str = "") -> Path:
        extra = textwrap.dedent(head_extra).strip("\n")
        text = scenario_head(framework, target) + (extra + "\n" if extra else "")
        return write(name, text + textwrap.dedent(body).lstrip("\n"))

    return _scenario


@pytest.fixture
def assessed(scenario_file: Callable[..., Path]) -> Callable[..., tuple[Scenario, Assessment]]:
    """Load a scenario written from `body` and assess it with the real rules engine."""

    def _assessed(body: str = "", **kwargs: object) -> tuple[Scenario, Assessment]:
        scenario = load_scenario(scenario_file(body, **kwargs))
        return scenario, assess(scenario)

    return _assessed


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    """The tiny three-level framework of tests/data, copied next to the scenarios; returns the name
    a scenario uses for it (AA, BB at level 2, BB requires AA; CC at level 3)."""
    shutil.copy(DATA / "tiny_framework.toml", tmp_path / "tiny_framework.toml")
    return "tiny_framework.toml"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run `csip` in-process (`planner.cli.main`) from inside `tmp_path`, so files are shown by
    their short names; returns exit code, stdout and stderr."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("CSIP_DEBUG", raising=False)

    def _run(*args: str | Path) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run


@pytest.fixture
def python() -> str:
    """The interpreter running the tests, for the few real subprocess runs."""
    return sys.executable


@pytest.fixture(autouse=True)
def _own_baseline_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets an empty baseline cache of its own (planner.progress.baseline_cache): no
    test writes to the user's cache folder, and none sees a plan another test left there."""
    monkeypatch.setenv("CSIP_CACHE_DIR", str(tmp_path_factory.mktemp("csip-cache")))
    monkeypatch.delenv("CSIP_CACHE", raising=False)
