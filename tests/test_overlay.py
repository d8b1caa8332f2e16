"""What-if edits: the effective scenario, the what-if file, and the round trip between them."""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from planner.errors import ScenarioError
from planner.files import write_atomic
from planner.load.scenarios import load_scenario
from planner.whatif.edits import WhatIf, apply, changes, check, extends_path, save, to_toml

ROOT = Path(__file__).resolve().parents[1]
HERUS = ROOT / "scenarios" / "herus.toml"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="module")
def herus():
    return load_scenario(HERUS)


@pytest.fixture
def tiny_base(tmp_path):
    """The tiny scenario copied to its own folder, with one action already done."""
    folder = tmp_path / "base"
    folder.mkdir()
    shutil.copy(DATA / "tiny_framework.toml", folder)
    text = (DATA / "tiny_scenario.toml").read_text("utf-8")
    (folder / "tiny.toml").write_text(text + '\n[catalog]\ndone = ["a1"]\n', "utf-8")
    return load_scenario(folder / "tiny.toml")


def effective(scenario):
    """What a scenario means, without where it was read from."""
    return replace(scenario, path=None, parents=())


def test_apply_changes_only_what_was_edited(herus):
    w = (WhatIf().with_target(2).with_limit("budget", 300000).with_limit("strict_staging", True)
         .with_itil("incident_management", 4).with_goal("SRIM.2", "satisfied").with_done("sqa-plan"))
    sc = apply(herus, w)
    assert sc.target_level == 2
    assert sc.limits == replace(herus.limits, budget=300000, staging="strict")
    assert sc.limits.strict_staging
    assert sc.current.itil["incident_management"] == 4
    assert sc.current.itil["service_desk"] == herus.current.itil["service_desk"]
    assert sc.current.goals["SRIM.2"] == "satisfied"
    assert sc.current.goals["SQA.4"] == "satisfied"  # the loaded ratings stay
    assert sc.done == ("sqa-plan",)
    # the loaded scenario is untouched
    assert herus.limits.budget == 400000 and "SRIM.2" not in herus.current.goals


def test_edits_set_back_by_hand_are_no_changes(herus):
    w = WhatIf().with_limit("budget", 300000).with_limit("budget", 400000).with_itil("service_desk", 2)
    assert changes(herus, w) == []
    assert w.is_empty(herus)
    assert effective(apply(herus, w)) == effective(herus)


def test_changes_read_against_the_scenario_as_loaded(herus):
    w = WhatIf().with_limit("budget", None).with_goal("SCOM.1", "partial").with_target(2)
    rows = [(c.label, c.before, c.after) for c in changes(herus, w)]
    assert rows == [("Target level", "3", "2"), ("Budget", "400,000", "unlimited"),
                    ("Goal SCOM.1", "not rated", "partial")]
    reverted = w.without(("limits", "budget"))
    assert [c.key for c in changes(herus, reverted)] == [("target_level",), ("goals", "SCOM.1")]


def test_bad_edits_are_reported_together(herus):
    w = (WhatIf().with_target(9).with_limit("budget", -5).with_itil("incident_managment", 7)
         .with_goal("SRIM.9", "satisfied").with_goal("SRIM.1", "done").with_done("no-such-action"))
    problems = check(herus, w)
    text = "\n".join(p.render() for p in problems)
    assert len(problems) == 7
    assert "level 9 does not exist" in text
    assert 'did you mean "incident_management"' in text
    assert "must be a PMF level from 0 to 5, not 7" in text
    assert 'unknown goal "SRIM.9"' in text
    assert "'done' is not a goal rating" in text
    assert 'unknown action "no-such-action"' in text
    with pytest.raises(ScenarioError):
        apply(herus, w)


def test_what_if_file_holds_only_the_changed_keys(tiny_base, tmp_path):
    target = tmp_path / "whatifs" / "cut.toml"
    target.parent.mkdir()
    w = WhatIf(name="Tiny: cut").with_limit("budget", 12000).with_goal("AA.1", "satisfied").with_done("b1")
    data = tomllib.loads(to_toml(tiny_base, w, target))
    assert data == {
        "extends": "../base/tiny.toml",
        "scenario": {"name": "Tiny: cut"},
        "limits": {"budget": 12000},
        "current": {"goals": {"AA.1": "satisfied"}},
        # arrays replace on merge: the file's own done list is repeated
        "catalog": {"done": ["a1", "b1"]},
    }


@pytest.mark.parametrize("where", ["whatifs/deeper/x.toml", "base/x.toml", "x.toml"])
def test_round_trip_gives_the_same_scenario(tiny_base, tmp_path, where):
    target = tmp_path / where
    target.parent.mkdir(parents=True, exist_ok=True)
    w = (WhatIf(name="Tiny: what-if", description="less money, more staff").with_target(2)
         .with_limit("budget", None).with_limit("effort_per_period", 35.5)
         .with_limit("strict_staging", True).with_goal("BB.1", "na").with_done("a2"))
    save(tiny_base, w, target)
    loaded = load_scenario(target)
    assert loaded.parents[0].resolve() == tiny_base.path.resolve()
    assert effective(loaded) == effective(apply(tiny_base, w))


def test_round_trip_on_herus_with_itil_levels(herus, tmp_path):
    target = tmp_path / "herus-whatif.toml"
    w = (WhatIf(name="HeRus: what-if").with_itil("incident_management", 3).with_itil("problem_management", 0)
         .with_goal("SRIM.2", "partial").with_limit("effort_per_period", 80).with_done("srim-incident-plan"))
    save(herus, w, target)
    assert effective(load_scenario(target)) == effective(apply(herus, w))


def test_never_overwrites_without_being_told(tiny_base, tmp_path):
    target = tmp_path / "w.toml"
    target.write_text("# keep me\n", "utf-8")
    with pytest.raises(FileExistsError):
        save(tiny_base, WhatIf().with_target(2), target)
    assert target.read_text("utf-8") == "# keep me\n"
    save(tiny_base, WhatIf().with_target(2), target, overwrite=True)
    assert load_scenario(target).target_level == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base", "w.toml"]  # no temp files left


def test_refuses_to_replace_the_scenario_it_extends(tiny_base):
    with pytest.raises(ValueError, match="extends"):
        save(tiny_base, WhatIf().with_target(2), tiny_base.path, overwrite=True)


def test_atomic_write_leaves_nothing_behind_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "out.toml"

    def broken_link(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr("os.link", broken_link)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "x = 1\n")
    assert list(tmp_path.iterdir()) == []


def test_extends_path_is_relative_with_forward_slashes(tmp_path):
    base = tmp_path / "a" / "b" / "base.toml"
    assert extends_path(base, tmp_path / "c" / "w.toml") == "../a/b/base.toml"
    assert extends_path(base, tmp_path / "a" / "b" / "w.toml") == "base.toml"


def test_written_file_is_an_ordinary_document(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "w.toml", "x = 1\n")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
