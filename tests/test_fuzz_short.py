"""A short run of the fuzzer (tests/fuzz.py): mutated shipped scenarios and frameworks through
validate, assess, plan, export and the TUI's loader; nothing may fall outside the contract.

The long run is `python -m tests.fuzz --cases 10000`; this one keeps to well under a minute.
"""

from __future__ import annotations

from pathlib import Path

from tests import fuzz


def test_mutated_files_stay_within_the_contract() -> None:
    # every case validated, assessed and loaded as the TUI does; every 4th also planned and exported
    summary = fuzz.fuzz(cases=120, seed=20240, subprocess_every=40, minutes=0.8, solve_every=4)
    assert summary.cases >= 15, "the fuzzer ran too few cases to mean anything"
    assert summary.failed == 0, summary.report()


def test_the_mutator_is_repeatable_and_reaches_the_special_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    kinds = set()
    for i in range(80):
        a, b = fuzz.make_case(i, 3, first), fuzz.make_case(i, 3, second)
        assert a.what == b.what
        assert a.scenario.read_bytes() == b.scenario.read_bytes()
        kinds.update(w.split()[0] for w in a.what)
    assert {"extends", "framework", "number", "string"} <= kinds


def test_the_judge_sees_each_kind_of_failure() -> None:
    assert fuzz._judge(0, "") == "exit-0"
    assert fuzz._judge(2, "error: x.toml: limits.budget: must be a number\n") == "exit-2"
    assert fuzz._judge(2, "error: must be a number\n") == "unnamed-error"
    assert fuzz._judge(1, "error: internal failure: ValueError: x\n") == "exit"
    assert fuzz._judge(-11, "") == "signal"
    assert fuzz._judge(None, "") == "hang"
    assert fuzz._judge(0, "Traceback (most recent call last):\n") == "traceback"
