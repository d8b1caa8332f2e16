"""The rule loader: a rule's name is written once (its TOML key), actions come from a decorator,
and the rules that keep otherwise unconsumed facts are derived, not kept by hand."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from rules import get_engine
from rules.actions import registry
from rules.engine import RulesEngine, RulesError
from rules.rulesets import Registry, derive_sinks, load_rulesets

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
RULE_FILES = sorted(RULES_DIR.glob("*.toml"))


def shipped_rules() -> dict[str, dict]:
    out: dict[str, dict] = {}
    for path in RULE_FILES:
        out.update(tomllib.loads(path.read_text("utf-8")))
    return out


def test_no_rule_name_is_repeated_in_the_actions() -> None:
    source = (RULES_DIR / "actions.py").read_text("utf-8")
    names = {rule for rules in shipped_rules().values() for rule in rules}
    assert not [n for n in names if re.search(rf'"{n}"', source)]
    assert "ACTIONS" not in source


def test_no_hand_kept_sink_rules() -> None:
    for rules in shipped_rules().values():
        for name, rule in rules.items():
            assert rule["run"] in registry.names(), name
            assert "kept" not in name and rule["run"] != "sink", name


def test_sinks_are_derived_per_ruleset() -> None:
    loaded = load_rulesets(RULE_FILES, registry)
    assert loaded.sinks["evidence"] == ("claim", "map")
    assert loaded.sinks["status"] == ("goal_status", "prerequisite_gap", "progress")
    assert loaded.sinks["quickwins"] == ("closes", "small", "waits")
    assert loaded.sinks["survey"] == ("confirm", "discuss", "rating", "tally")


def test_derive_sinks_reads_constant_conditions_and_joins() -> None:
    rules = [
        {"all": [{"a": {"t": "x"}}, {"b": {"$and": [{"t": "y"}, {"k": {"a": "k"}}]}}]},
        {"all": [{"c": {"$and": [{"t": "z"}, {"$or": [{"s": "on"}, {"s": "off"}]}]}}]},
        {"all": [{"d": {"$and": [{"t": "w"}, {"$gt": {"n": 0}}]}}]},
        {"all": [{"e": {"t": "w"}}]},
    ]
    # y joins only: matched by type; z and w carry constants, but w is also matched by type alone
    assert derive_sinks(rules, ["out", "x"]) == ("out", "z")


def test_the_loader_hands_each_action_its_own_rule_name(tmp_path: Path) -> None:
    reg = Registry()

    @reg.action("seen")
    def record(c: object, rule: str, tag: str = "") -> None:
        c.assert_fact({"t": "seen", "rule": rule, "tag": tag, "v": c.m.v})  # type: ignore[attr-defined]

    (tmp_path / "r.toml").write_text(
        '[loader_test.first_rule]\nrun = "record"\nwith = { tag = "one" }\n'
        'all = [ { m = { "$and" = [ { t = "in" }, { v = 1 } ] } } ]\n'
        '[loader_test.second_rule]\nrun = "record"\n'
        'all = [ { m = { "$and" = [ { t = "in" }, { v = 2 } ] } } ]\n', "utf-8")
    loaded = load_rulesets([tmp_path / "r.toml"], reg)
    assert loaded.sinks["loader_test"] == ("in", "seen")
    engine = RulesEngine(loaded.rulesets, loaded.actions)
    # v = 3 matches no rule of its own: the derived sink keeps it instead of failing the batch
    facts = engine.evaluate("loader_test", [{"t": "in", "v": 1}, {"t": "in", "v": 2}, {"t": "in", "v": 3}])
    seen = sorted((f["rule"], f["tag"], f["v"]) for f in facts if f["t"] == "seen")
    assert seen == [("first_rule", "one", 1), ("second_rule", "", 2)]


def test_an_unknown_action_is_refused(tmp_path: Path) -> None:
    (tmp_path / "r.toml").write_text('[x.y]\nrun = "nope"\nall = [ { m = { t = "a" } } ]\n', "utf-8")
    with pytest.raises(ValueError, match="nope"):
        load_rulesets([tmp_path / "r.toml"], Registry())


def test_the_shipped_engine_keeps_facts_no_rule_consumes() -> None:
    out = get_engine().evaluate("status", [{"t": "goal_status", "goal": "X.1", "kpa": "X",
                                             "status": "na", "level": 2}])
    assert [f["t"] for f in out] == ["goal_status"]
    with pytest.raises(RulesError):
        get_engine().evaluate("status", [{"t": "nothing_matches_this"}])
