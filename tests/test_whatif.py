"""What-if analysis: `csip compare`, `csip sweep` and the shipped scenario library.

Everything runs the real rules and the real solver, in the worker processes the commands use, on the
small scenarios in tests/data/whatif/ (a model where money buys time: a contractor and a consultant
are faster but dearer than the in-house route).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from planner.cli.main import main
from planner.errors import InputError
from planner.load.validate import validate_file
from planner.whatif.compare import plan_path
from planner.whatif.sweep import Range, SweepPoint, find_regressions, knee, parse_range

HERE = Path(__file__).parent
DATA = HERE / "data" / "whatif"
BASE, CUT, NO_MONEY = (str(DATA / f) for f in ("base.toml", "budget-cut.toml", "no-money.toml"))
SHIPPED = sorted((HERE.parent / "scenarios").glob("*.toml"))

COMPARE_KEYS = {"scenario", "status", "current_level", "target_level", "target_period", "total_cost",
                "total_effort"}
POINT_KEYS = {"budget", "effort_per_period", "status", "target_period", "total_cost"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- compare ------------------------------------------------------------------------------------


def test_compare_json_lines_up_plans_and_action_differences(capsys):
    code, out, err = run(capsys, "compare", BASE, CUT, NO_MONEY, "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["scenario"] for r in rows] == ["Tiny | what-if base", "Tiny: budget cut", "Tiny: no money"]
    for r in rows:
        assert set(r) >= COMPARE_KEYS
    assert [r["status"] for r in rows] == ["optimal", "optimal", "infeasible"]
    assert [r["target_period"] for r in rows] == [2, 4, None]
    assert [r["total_cost"] for r in rows] == [15500, 12500, 0]
    base, cut, none = rows
    assert base["actions_added"] == [] and base["actions_removed"] == []
    # less money: the in-house route replaces the contractor
    assert cut["actions_added"] == ["a2"] and cut["actions_removed"] == ["a2-contractor"]
    assert cut["budget"] == 13000 and cut["effort_per_period"] == 20
    l2, l3 = cut["levels"]
    assert (l3["level"], l3["period"], l3["label"]) == (3, 4, "Q1 2028")
    assert l2["level"] == 2 and l2["period"] <= 4  # beta may run in period 3 or 4: both optimal
    assert none["levels"] == [] and none["target_label"] is None


def test_compare_table_shows_every_scenario_and_the_infeasible_one_as_such(capsys):
    code, out, _ = run(capsys, "compare", BASE, CUT, NO_MONEY)
    assert code == 0
    assert "#1 Tiny | what-if base (base.toml): tiny · budget EUR 20,000" in out
    assert "#2 Tiny: budget cut (budget-cut.toml): tiny · budget EUR 13,000" in out
    assert "no plan" in out and "≥12,500" in out and "the least budget that would reach" in out
    assert "Q3 2027 ◎" in out and "Q1 2028 ◎" in out  # each target period, in its level's column
    assert "+ a2" in out and "− a2-contractor" in out
    assert "#3 Tiny: no money:" not in out  # an infeasible plan has no actions to compare


def test_compare_exits_3_only_when_no_scenario_has_a_plan(capsys):
    code, out, _ = run(capsys, "compare", NO_MONEY, NO_MONEY, "--json")
    assert code == 3
    assert [r["status"] for r in json.loads(out)] == ["infeasible", "infeasible"]


def test_compare_checks_every_file_before_solving(capsys, tmp_path):
    missing = str(tmp_path / "nope.toml")
    code, out, err = run(capsys, "compare", BASE, missing)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and "nope.toml" in err and "Traceback" not in err


def test_a_worker_returns_plain_data_with_the_limits_it_used():
    result = plan_path(BASE, 10.0, {"budget": 13000})
    json.dumps(result)  # plain data: nothing the parent would have to unpickle
    assert result["limits"]["budget"] == 13000
    assert result["plan"]["target_period"] == 4


# -- sweep: ranges ------------------------------------------------------------------------------


def test_ranges_are_evenly_spaced_with_both_ends_included():
    assert parse_range("--budget", "10:20:3").values() == [10, 15, 20]
    assert parse_range("--budget", "0:1000:5").values() == [0, 250, 500, 750, 1000]
    assert parse_range("--capacity", "60:120:1").values() == [60]  # N = 1 is LO alone
    assert parse_range("--budget", "1e4:2e4:2") == Range(10000, 20000, 2)
    assert Range(0.1, 0.7, 7).values()[-1] == 0.7  # the top end exactly, not 0.7000000000000001


@pytest.mark.parametrize("spec, words", [
    ("abc", "not a range"),
    ("10:20", "not a range"),
    ("10:20:3:4", "not a range"),
    ("x:20:3", 'LO "x" is not a number'),
    ("10:y:3", 'HI "y" is not a number'),
    ("10:20:z", 'N "z" is not a whole number'),
    ("10:20:2.5", "not a whole number"),
    ("10:20:0", "at least one value"),
    ("30:20:3", "LO 30 is larger than HI 20"),
    ("-5:20:3", "negative"),
    ("nan:20:3", "not a finite number"),
    ("10:inf:3", "not a finite number"),
    ("10:20:1000", "at most"),
])
def test_bad_ranges_are_input_errors_naming_the_option(capsys, spec, words):
    code, out, err = run(capsys, "sweep", BASE, f"--budget={spec}")
    assert code == 2 and out == ""
    assert err.startswith("error: --budget: ") and words in err
    assert err.rstrip().endswith(")"), "every range error carries a hint"
    assert "Traceback" not in err
    with pytest.raises(InputError):
        parse_range("--capacity", spec)


def test_sweep_needs_something_to_sweep(capsys):
    code, _, err = run(capsys, "sweep", BASE)
    assert code == 2 and err.startswith("error: ") and "--budget" in err


def test_both_bad_options_are_reported_at_once(capsys):
    code, _, err = run(capsys, "sweep", BASE, "--budget=1:2", "--capacity=5:1:2")
    assert code == 2
    assert "error: --budget" in err and "error: --capacity" in err


# -- sweep: results -----------------------------------------------------------------------------


def test_more_budget_never_delays_the_target_and_the_knee_is_where_it_stops_improving(capsys):
    code, out, err = run(capsys, "sweep", BASE, "--budget", "10000:20000:9", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["scenario"] == "Tiny | what-if base"
    points = data["points"]
    assert len(points) == 9 and all(set(p) >= POINT_KEYS for p in points)
    assert [p["budget"] for p in points] == [10000, 11250, 12500, 13750, 15000, 16250, 17500, 18750, 20000]
    assert {p["effort_per_period"] for p in points} == {20}  # the scenario's, untouched
    rank = [p["target_period"] if p["status"] != "infeasible" else 99 for p in points]
    assert rank == sorted(rank, reverse=True), "more budget delayed the target"
    assert rank[0] == 99 and rank[-1] == 2  # from no plan at all to the earliest period
    assert data["warnings"] == []
    (k,) = data["knees"]
    best = min(rank)
    first_best = rank.index(best)
    assert k["budget"] == points[first_best]["budget"] == 16250
    assert rank[first_best - 1] > best  # one step less money is later: the knee is real
    assert k["still_improving"] is False


def test_sweep_table_marks_the_knee(capsys):
    code, out, _ = run(capsys, "sweep", BASE, "--budget", "12000:18000:4")
    assert code == 0
    lines = out.splitlines()
    marked = [ln for ln in lines if "◀" in ln]
    assert len(marked) == 1 and "EUR 16,000" in marked[0]
    assert "From a budget of EUR 16,000, the target is reached in Q3 2027" in " ".join(
        ln.strip() for ln in lines)
    assert "█" in out


def test_sweep_grid_covers_every_budget_and_capacity_monotonically(capsys):
    code, out, err = run(capsys, "sweep", BASE, "--budget", "12000:18000:3", "--capacity", "10:30:3",
                         "--json")
    assert code == 0, err
    points = json.loads(out)["points"]
    assert len(points) == 9
    assert [(p["budget"], p["effort_per_period"]) for p in points[:4]] == [
        (12000, 10), (15000, 10), (18000, 10), (12000, 20)]  # capacity-major, budget fastest
    grid = {(p["budget"], p["effort_per_period"]): (p["target_period"] if p["status"] != "infeasible"
                                                    else 99) for p in points}
    for (b, c), t in grid.items():
        for (b2, c2), t2 in grid.items():
            if b2 >= b and c2 >= c:
                assert t2 <= t, f"more budget or capacity delayed the target: {(b, c)} -> {(b2, c2)}"


def test_sweep_where_nothing_is_feasible_exits_3(capsys):
    code, out, _ = run(capsys, "sweep", BASE, "--budget", "1000:5000:2", "--json")
    assert code == 3
    assert [p["status"] for p in json.loads(out)["points"]] == ["infeasible", "infeasible"]


def _pt(budget: float, period: int | None, cost: float = 100.0, status: str = "optimal") -> SweepPoint:
    return SweepPoint(budget, 10, status, period, f"P{period}", cost)


def test_a_later_target_at_a_larger_budget_is_reported_not_hidden():
    line = [_pt(100, 5), _pt(200, 3), _pt(300, 4, status="feasible"), _pt(400, 3)]
    (r,) = find_regressions(line, "budget")
    assert (r.smaller.budget, r.larger.budget) == (200, 300)
    assert "period 4" in r.message() and "time limit" in r.message()
    proven = [_pt(100, 3), _pt(200, 4)]
    assert "planner fault" in find_regressions(proven, "budget")[0].message()
    dearer = [_pt(100, 3, cost=50), _pt(200, 3, cost=70, status="feasible")]
    (c,) = find_regressions(dearer, "budget")
    assert c.kind == "cost" and "more than" in c.message()
    assert find_regressions([_pt(100, 5), _pt(200, 3), _pt(300, 3, cost=90)], "budget") == []


def test_knee_is_the_first_value_reaching_the_best_period():
    k = knee([_pt(100, None, status="infeasible"), _pt(200, 6), _pt(300, 4), _pt(400, 4)], "budget")
    assert k is not None and k.point.budget == 300 and not k.still_improving and not k.at_bottom
    top = knee([_pt(100, 6), _pt(200, 5)], "budget")
    assert top is not None and top.still_improving
    flat = knee([_pt(100, 2), _pt(200, 2)], "budget")
    assert flat is not None and flat.at_bottom and not flat.still_improving
    assert knee([_pt(100, None, status="infeasible")] * 2, "budget") is None


# -- the scenario library -----------------------------------------------------------------------


def test_the_library_has_the_baseline_and_its_what_ifs():
    names = {p.name for p in SHIPPED}
    assert {"herus.toml", "herus-budget-cut.toml", "herus-level2-first.toml", "herus-strict-staging.toml",
            "herus-two-people.toml", "herus-itil-heavy.toml", "herus-cmmi-svc.toml"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_validates_and_says_what_it_asks(path):
    problems = validate_file(path)
    assert [p.render() for p in problems if p.severity == "error"] == []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if "status" in data:  # a progress file records what happened; it asks no what-if
        return
    assert data["scenario"]["description"].strip()
    if path.name != "herus.toml" and not path.name.startswith("example-"):  # worked examples stand alone
        assert data["scenario"]["description"].startswith("What if")
        if path.name != "herus-cmmi-svc.toml":  # see that file for why it cannot extend
            assert data["extends"] == "herus.toml"


def test_the_itil_heavy_organisation_is_level_1_and_lacks_planning_and_qa(capsys):
    code, out, _ = run(capsys, "gap", str(HERE.parent / "scenarios" / "herus-itil-heavy.toml"), "--json")
    assert code == 0
    gap = json.loads(out)
    assert gap["current_level"] == 1
    blocking = {b["kpa"]: b["goals"] for b in gap["blocking"]}
    assert blocking["SDP"] == ["SDP.1", "SDP.2", "SDP.3"]
    assert {"SQA.1", "SQA.2", "SQA.3"} <= set(blocking["SQA"])


def test_the_cmmi_svc_variant_is_assessed_on_cmmi_svc_with_itil_2011(capsys):
    code, out, _ = run(capsys, "assess", str(HERE.parent / "scenarios" / "herus-cmmi-svc.toml"), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["framework"] == "cmmi-svc" and data["current_level"] == 1
    sources = {g["source"] for k in data["kpas"] for g in k["goals"]}
    assert "itil" in sources  # the ITIL 2011 state counts for something there


def test_compare_says_when_the_same_actions_run_at_other_times(tmp_path):
    """Two plans with the same actions at different times are not "the same"."""
    from planner.output.whatif_views import _diff_cell
    from planner.whatif.compare import Compared

    def plan(start_b: int) -> dict:
        periods = [{"index": i, "label": f"P{i}", "start": f"2027-0{i + 1}-01"} for i in range(3)]
        return {"framework": "x", "periods": periods,
                "actions": [{"id": "a", "start": 0}, {"id": "b", "start": start_b}]}

    first = Compared(file="one", plan=plan(1), limits={}, seconds=0.0)
    assert _diff_cell(Compared(file="two", plan=plan(1), limits={}, seconds=0.0), first) == "same"
    assert _diff_cell(Compared(file="two", plan=plan(2), limits={}, seconds=0.0), first) == "1 moved"
