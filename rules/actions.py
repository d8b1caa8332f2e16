"""The actions of the rulesets: each records one derived fact and why it holds.

Every derived fact carries `rule` (the rule that fired: the loader in `rules/rulesets.py` hands each
action the rule's own name from the TOML file) and `because` (a sentence naming the facts the rule
used), so a report can always answer "why is this goal rated so?". Each action is registered with
the fact types it asserts, from which the loader derives the rules that keep them.
"""

from __future__ import annotations

from typing import Any

from planner.numbers import days, money
from rules.rulesets import Registry

registry = Registry()
"""The actions a rule may `run`, by function name."""
action = registry.action

CLAIM_RANK = {"none": 0, "itil_near": 1, "itil": 2, "kpa_rating": 3, "goal_rating": 4, "done": 5,
              "goal_na": 6, "practices": 4.5}
"""Which claim on a goal wins: any evidence beats none at all; a finished action beats any rating but
an explicit goal "na"; a goal rating beats a KPA rating; both beat ITIL evidence; a process at the
threshold explains a rating better than one just below it. Ties go to the better rating.
Generic-practice findings sit between: every practice of a generic goal rated satisfied beats a
rating of the goal (it is the finer evidence); a practice short of satisfied caps the claim it
meets at partial and ranks half a step above it (`PRACTICE_CAP`)."""

PRACTICE_CAP = 0.5


@action("implemented")
def itil_implemented(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "implemented", "p": c.m.p, "lvl": c.m.lvl, "rule": rule,
        "because": f"ITIL {c.m.p} is at PMF level {c.m.lvl}, at or above the threshold {c.th.value}",
    })


@action("claim")
def claim_itil(c: Any, rule: str, rating: str) -> None:
    coverage = "fully" if rating == "satisfied" else "partly"
    c.assert_fact({
        "t": "claim", "goal": c.mp.goal, "rating": rating, "source": "itil", "ref": c.im.p,
        "rank": CLAIM_RANK["itil"], "rule": rule,
        "because": f"ITIL {c.im.p} is implemented (PMF {c.im.lvl}) and {coverage} delivers "
                   f"{c.mp.goal}" + (f": {c.mp.why}" if c.mp.why else ""),
    })


@action("claim")
def claim_itil_near(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.mp.goal, "rating": "partial", "source": "itil", "ref": c.m.p,
        "rank": CLAIM_RANK["itil_near"], "rule": rule,
        "because": f"ITIL {c.m.p} is at PMF {c.m.lvl}, one below the threshold {c.th.value}, so it "
                   f"partly delivers {c.mp.goal}",
    })


@action("claim")
def claim_none(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "unsatisfied", "source": "none", "ref": c.m.goal,
        "rank": CLAIM_RANK["none"], "rule": rule, "because": c.m.why,
    })


@action("claim")
def claim_kpa_rating(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.g.goal, "rating": c.kr.rating, "source": "kpa_rating", "ref": c.kr.kpa,
        "rank": CLAIM_RANK["kpa_rating"], "rule": rule,
        "because": f"the scenario rates the whole KPA {c.kr.kpa} {c.kr.rating}",
    })


@action("claim")
def claim_goal_rating(c: Any, rule: str) -> None:
    na = c.m.rating == "na"
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": c.m.rating, "source": "goal_rating", "ref": c.m.goal,
        "rank": CLAIM_RANK["goal_na" if na else "goal_rating"], "rule": rule,
        "because": f"the scenario rates {c.m.goal} {c.m.rating} directly",
    })


@action("claim")
def claim_done(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "satisfied", "source": "done", "ref": c.m.action,
        "rank": CLAIM_RANK["done"], "rule": rule,
        "because": f"action {c.m.action} is finished and covers {c.m.goal}",
    })


@action("claim")
def claim_practice_short(c: Any, rule: str) -> None:
    rating = "unsatisfied" if c.c.rating == "unsatisfied" else "partial"
    c.assert_fact({
        "t": "claim", "goal": c.ps.goal, "rating": rating, "source": "practice", "ref": c.ps.practice,
        "rank": c.c.rank + PRACTICE_CAP, "rule": rule,
        "because": f"{c.ps.label} of {c.ps.kpa} ({c.ps.what}) is rated {c.ps.rating}, so "
                   f"{c.ps.goal} ({c.ps.gg}) is {rating} at best (otherwise: {c.c.because})",
    })


@action("claim")
def claim_practices_complete(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "satisfied", "source": "practice", "ref": c.m.goal,
        "rank": CLAIM_RANK["practices"], "rule": rule,
        "because": f"every generic practice of {c.m.gg} of {c.m.kpa} ({c.m.practices}) is rated satisfied",
    })


@action("open_goal")
def open_goal(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "open_goal", "goal": c.m.goal, "kpa": c.m.kpa, "level": c.m.level, "status": c.m.status,
        "rule": rule,
        "because": f"{c.m.goal} is {c.m.status}, so {c.m.kpa} is not satisfied and no level from "
                   f"{c.m.level} up can be reached",
    })


@action("progress")
def goal_progress(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "progress", "goal": c.m.goal, "kpa": c.m.kpa, "rule": rule,
        "because": f"{c.m.goal} is {c.m.status}",
    })


@action("prerequisite_gap")
def prerequisite_open(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "prerequisite_gap", "kpa": c.rq.kpa, "req": c.rq.req, "goal": c.og.goal, "rule": rule,
        "because": f"{c.rq.kpa} requires {c.rq.req}, whose goal {c.og.goal} is {c.og.status}",
    })


@action("small")
def small_enough(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "small", "action": c.a.action, "rule": rule,
        "because": f"{days(c.a.effort)} person-days and cost {money(c.a.cost)} are within the "
                   f"quick-win limits ({days(c.lim.max_effort)} person-days, {money(c.lim.max_cost)})",
    })


@action("closes")
def closes_needed(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "closes", "action": c.cv.action, "goal": c.cv.goal, "rule": rule,
        "because": f"closes {c.cv.goal}, needed for level {c.nd.level}",
    })


@action("waits")
def waits_after(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "waits", "action": c.af.action, "on": c.af.on, "goal": "", "rule": rule,
        "because": f"waits until {c.af.on} is finished",
    })


@action("waits")
def waits_requires(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "waits", "action": c.rq.action, "on": c.rq.kpa, "goal": c.og.goal, "rule": rule,
        "because": f"its KPA requires {c.rq.kpa}, whose goal {c.og.goal} is still open",
    })


@action("waits")
def waits_staging(c: Any, rule: str) -> None:
    c.assert_fact({
        "t": "waits", "action": c.st.action, "on": f"level {c.st.level - 1}", "goal": c.og.goal,
        "rule": rule,
        "because": f"strict staging: level-{c.st.level} work waits for level {c.st.level - 1} "
                   f"({c.og.goal} is open)",
    })


@action("rating")
def survey_rating(c: Any, rule: str, rating: str, reason: str) -> None:
    """One questionnaire rating; the rule file gives the rating and the reason in words."""
    c.assert_fact({
        "t": "rating", "goal": c.m.goal, "rating": rating, "rule": rule,
        "because": f"{c.m.summary}: {reason}",
    })


@action("discuss", "confirm")
def survey_flag(c: Any, rule: str, kind: str, reason: str) -> None:
    """A point for the interviews: `kind` is "discuss" or "confirm"."""
    c.assert_fact({"t": kind, "goal": c.m.goal, "rule": rule, "because": f"{reason} ({c.m.summary})"})
