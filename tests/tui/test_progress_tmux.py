"""The progress view driven for real: `python -m planner tui FILE` in a detached tmux session (a
real terminal, real keys, the real planner and solver), recording progress and saving it.

What is checked is what a user would see and keep: the screen text (`tmux capture-pane`) and the
files on disk, read back with tomllib. The tmux server runs on a socket of its own, so no other
tmux session on the machine is seen or touched, and it is killed in any case."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import tomllib
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class Tmux:
    """One detached session on a private socket."""

    def __init__(self, cwd: Path, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"csip-test-{uuid.uuid4().hex[:8]}"
        line = " ".join(shlex.quote(a) for a in ["env", *(f"{k}={v}" for k, v in env.items()), *command])
        self._tmux("new-session", "-d", "-s", "csip", "-x", "120", "-y", "40", "-c", str(cwd), line)

    def _tmux(self, *args: str) -> str:
        run = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=10)
        assert run.returncode == 0, run.stderr
        return run.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", "csip", *(["-l"] if literal else []), *keys)
        time.sleep(0.3)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "csip")

    def wait_for(self, seen: Callable[[str], object], what: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if seen(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout:g} s for {what}; the screen:\n{text}")
            time.sleep(0.25)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


def _start(folder: Path, scenario: str) -> Tmux:
    env = {"PYTHONPATH": str(ROOT), "CSIP_CACHE_DIR": os.environ.get("CSIP_CACHE_DIR", str(folder / "cache")),
           "TERM": "xterm-256color"}
    return Tmux(folder, [sys.executable, "-m", "planner", "tui", scenario], env)


def _records(path: Path) -> dict[str, dict]:
    return {r["action"]: r for r in tomllib.loads(path.read_text(encoding="utf-8")).get("progress", [])}


def test_recording_progress_in_a_real_terminal_saves_the_progress_file(tmp_path: Path) -> None:
    for name in ("herus.toml", "herus-2028q1.toml"):
        shutil.copy(SCENARIOS / name, tmp_path / name)
    progress, plan = tmp_path / "herus-2028q1.toml", tmp_path / "herus.toml"
    plan_before, inode_before = plan.read_bytes(), progress.stat().st_ino
    before = _records(progress)
    spent_before = sum(r.get("spent_cost", 0) for r in before.values())
    tmux = _start(tmp_path, progress.name)
    try:
        tmux.wait_for(lambda s: "HeRus" in s and "planned in" in s, "the first plan")
        tmux.keys("8")
        screen = tmux.wait_for(lambda s: "AC 251,900" in s, "the progress view's status report")
        assert "Record progress" in screen and "Earned value" in screen and "CPI 0.92" in screen

        tmux.keys("r")
        screen = tmux.wait_for(lambda s: "Record progress of " in s, "the record dialog")
        action = re.search(r"Record progress of (\S+)", screen).group(1)  # the selected row
        old = before.get(action)
        # focus starts on the start date; two tabs reach the money spent, typing replaces it
        tmux.keys("Tab", "Tab")
        tmux.keys("21013", literal=True)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Recorded in herus-2028q1.toml" in s, "the note that it was recorded")
        ac = spent_before - (old["spent_cost"] if old else 0) + 21013
        screen = tmux.wait_for(lambda s: f"AC {ac:,.0f}" in s, f"the report re-made with AC {ac:,.0f}")
    finally:
        tmux.kill()

    after = _records(progress)
    rec = after[action]
    assert rec["spent_cost"] == 21013
    status_date = tomllib.loads(progress.read_text())["status"]["date"]
    if old is None:  # a planned action: the dialog offers "started", on the status date
        assert rec["started"] == status_date and "finished" not in rec
    else:  # a recorded one: the dialog offers "finished", on the status date; its start is kept
        assert rec["started"] == old["started"] and rec["finished"] == status_date
    assert {k: v for k, v in after.items() if k != action} == {k: v for k, v in before.items() if k != action}
    text = progress.read_text()
    assert text.startswith("# HeRus a year on")  # the manager's comments are kept
    # written atomically: a new file took the name in one step, and no temporary file is left
    assert progress.stat().st_ino != inode_before
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert plan.read_bytes() == plan_before  # the planned scenario it extends is untouched


def test_recording_on_a_plan_asks_before_writing_over_a_file(tmp_path: Path) -> None:
    shutil.copy(SCENARIOS / "herus.toml", tmp_path / "herus.toml")
    plan = tmp_path / "herus.toml"
    taken = tmp_path / "taken.toml"
    taken.write_text("# someone's notes\n")
    plan_before = plan.read_bytes()
    tmux = _start(tmp_path, plan.name)
    try:
        tmux.wait_for(lambda s: "HeRus" in s and "planned in" in s, "the first plan")
        tmux.keys("8")
        tmux.wait_for(lambda s: "records no progress" in s, "the progress view of a plan")
        tmux.keys("r")
        screen = tmux.wait_for(lambda s: "Record progress of " in s, "the record dialog")
        action = re.search(r"Record progress of (\S+)", screen).group(1)
        # started (the choice offered for an action without a record) on a day within the
        # horizon (typing replaces the offered date, today's), nothing spent
        tmux.keys("2027-02-01", literal=True)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Save the progress in a new file" in s, "the file name dialog")
        tmux.keys("taken.toml", literal=True)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Overwrite?" in s and "taken.toml exists" in s, "the question")
        tmux.keys("n")
        time.sleep(1.0)
        assert taken.read_text() == "# someone's notes\n"  # not written over: the answer was no
        tmux.keys("r")
        tmux.wait_for(lambda s: "Record progress of " in s, "the record dialog again")
        tmux.keys("2027-02-01", literal=True)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Save the progress in a new file" in s, "the file name dialog again")
        tmux.keys("Enter")  # the offered name, which is free
        tmux.wait_for(lambda s: "Recorded in herus-progress.toml" in s, "the note that it was recorded")
    finally:
        tmux.kill()

    new = tmp_path / "herus-progress.toml"
    data = tomllib.loads(new.read_text())
    assert data["extends"] == "herus.toml"
    assert [(r["action"], r["started"].isoformat()) for r in data["progress"]] == [(action, "2027-02-01")]
    assert plan.read_bytes() == plan_before and taken.read_text() == "# someone's notes\n"
