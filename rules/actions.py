"""The named actions of the rulesets: each records one derived fact and why it holds.

Every derived fact carries `rule` (the rule that fired) and `because` (a sentence naming the facts
the rule used), so a report can always answer "why is this goal rated so?". Actions take exactly
one argument: durable-rules treats a two-argument action as asynchronous.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.numbers import days, money

Action = Callable[[Any], None]

CLAIM_RANK = {"none": 0, "itil_near": 1, "itil": 2, "kpa_rating": 3, "goal_rating": 4, "done": 5,
              "goal_na": 6, "practices": 4.5}
"""Which claim on a goal wins: any evidence beats none at all; a finished action beats any rating but
an explicit goal "na"; a goal rating beats a KPA rating; both beat ITIL evidence; a process at the
threshold explains a rating better than one just below it. Ties go to the better rating.
Generic-practice findings sit between: every practice of a generic goal rated satisfied beats a
rating of the goal (it is the finer evidence); a practice short of satisfied caps the claim it
meets at partial and ranks half a step above it (`PRACTICE_CAP`)."""

PRACTICE_CAP = 0.5


def _itil_implemented(c: Any) -> None:
    c.assert_fact({
        "t": "implemented", "p": c.m.p, "lvl": c.m.lvl, "rule": "itil_implemented",
        "because": f"ITIL {c.m.p} is at PMF level {c.m.lvl}, at or above the threshold {c.th.value}",
    })


def _claim_itil(rating: str) -> Action:
    def act(c: Any) -> None:
        coverage = "fully" if rating == "satisfied" else "partly"
        c.assert_fact({
            "t": "claim", "goal": c.mp.goal, "rating": rating, "source": "itil", "ref": c.im.p,
            "rank": CLAIM_RANK["itil"],
            "rule": f"itil_covers_goal_{'fully' if rating == 'satisfied' else 'partly'}",
            "because": f"ITIL {c.im.p} is implemented (PMF {c.im.lvl}) and {coverage} delivers "
                       f"{c.mp.goal}" + (f": {c.mp.why}" if c.mp.why else ""),
        })
    return act


def _claim_itil_near(c: Any) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.mp.goal, "rating": "partial", "source": "itil", "ref": c.m.p,
        "rank": CLAIM_RANK["itil_near"], "rule": "itil_close_below_threshold",
        "because": f"ITIL {c.m.p} is at PMF {c.m.lvl}, one below the threshold {c.th.value}, so it "
                   f"partly delivers {c.mp.goal}",
    })


def _claim_none(c: Any) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "unsatisfied", "source": "none", "ref": c.m.goal,
        "rank": CLAIM_RANK["none"], "rule": "no_evidence_leaves_goal_unsatisfied", "because": c.m.why,
    })


def _claim_kpa_rating(c: Any) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.g.goal, "rating": c.kr.rating, "source": "kpa_rating", "ref": c.kr.kpa,
        "rank": CLAIM_RANK["kpa_rating"], "rule": "kpa_rating_applies",
        "because": f"the scenario rates the whole KPA {c.kr.kpa} {c.kr.rating}",
    })


def _claim_goal_rating(c: Any) -> None:
    na = c.m.rating == "na"
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": c.m.rating, "source": "goal_rating", "ref": c.m.goal,
        "rank": CLAIM_RANK["goal_na" if na else "goal_rating"], "rule": "goal_rating_applies",
        "because": f"the scenario rates {c.m.goal} {c.m.rating} directly",
    })


def _claim_done(c: Any) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "satisfied", "source": "done", "ref": c.m.action,
        "rank": CLAIM_RANK["done"], "rule": "done_action_closes_goal",
        "because": f"action {c.m.action} is finished and covers {c.m.goal}",
    })


def _claim_practice_short(c: Any) -> None:
    rating = "unsatisfied" if c.c.rating == "unsatisfied" else "partial"
    c.assert_fact({
        "t": "claim", "goal": c.ps.goal, "rating": rating, "source": "practice", "ref": c.ps.practice,
        "rank": c.c.rank + PRACTICE_CAP, "rule": "practice_short_caps_goal",
        "because": f"{c.ps.label} of {c.ps.kpa} ({c.ps.what}) is rated {c.ps.rating}, so "
                   f"{c.ps.goal} ({c.ps.gg}) is {rating} at best (otherwise: {c.c.because})",
    })


def _claim_practices_complete(c: Any) -> None:
    c.assert_fact({
        "t": "claim", "goal": c.m.goal, "rating": "satisfied", "source": "practice", "ref": c.m.goal,
        "rank": CLAIM_RANK["practices"], "rule": "practices_complete_satisfy_goal",
        "because": f"every generic practice of {c.m.gg} of {c.m.kpa} ({c.m.practices}) is rated satisfied",
    })


def _open_goal(c: Any) -> None:
    c.assert_fact({
        "t": "open_goal", "goal": c.m.goal, "kpa": c.m.kpa, "level": c.m.level, "status": c.m.status,
        "rule": "goal_is_open",
        "because": f"{c.m.goal} is {c.m.status}, so {c.m.kpa} is not satisfied and no level from "
                   f"{c.m.level} up can be reached",
    })


def _goal_progress(c: Any) -> None:
    c.assert_fact({
        "t": "progress", "goal": c.m.goal, "kpa": c.m.kpa, "rule": "goal_shows_progress",
        "because": f"{c.m.goal} is {c.m.status}",
    })


def _prerequisite_open(c: Any) -> None:
    c.assert_fact({
        "t": "prerequisite_gap", "kpa": c.rq.kpa, "req": c.rq.req, "goal": c.og.goal,
        "rule": "prerequisite_is_open",
        "because": f"{c.rq.kpa} requires {c.rq.req}, whose goal {c.og.goal} is {c.og.status}",
    })


def _small_enough(c: Any) -> None:
    c.assert_fact({
        "t": "small", "action": c.a.action, "rule": "small_enough",
        "because": f"{days(c.a.effort)} person-days and cost {money(c.a.cost)} are within the "
                   f"quick-win limits ({days(c.lim.max_effort)} person-days, {money(c.lim.max_cost)})",
    })


def _closes_needed(c: Any) -> None:
    c.assert_fact({
        "t": "closes", "action": c.cv.action, "goal": c.cv.goal, "rule": "closes_needed_goal",
        "because": f"closes {c.cv.goal}, needed for level {c.nd.level}",
    })


def _waits_after(c: Any) -> None:
    c.assert_fact({
        "t": "waits", "action": c.af.action, "on": c.af.on, "goal": "",
        "rule": "waits_after_unfinished_action",
        "because": f"waits until {c.af.on} is finished",
    })


def _waits_requires(c: Any) -> None:
    c.assert_fact({
        "t": "waits", "action": c.rq.action, "on": c.rq.kpa, "goal": c.og.goal,
        "rule": "waits_for_required_kpa",
        "because": f"its KPA requires {c.rq.kpa}, whose goal {c.og.goal} is still open",
    })


def _waits_staging(c: Any) -> None:
    c.assert_fact({
        "t": "waits", "action": c.st.action, "on": f"level {c.st.level - 1}", "goal": c.og.goal,
        "rule": "waits_for_lower_level",
        "because": f"strict staging: level-{c.st.level} work waits for level {c.st.level - 1} "
                   f"({c.og.goal} is open)",
    })


def _survey_rating(rating: str, rule: str, reason: str) -> Action:
    def act(c: Any) -> None:
        c.assert_fact({
            "t": "rating", "goal": c.m.goal, "rating": rating, "rule": rule,
            "because": f"{c.m.summary}: {reason}",
        })
    return act


def _survey_flag(kind: str, rule: str, reason: str) -> Action:
    def act(c: Any) -> None:
        c.assert_fact({"t": kind, "goal": c.m.goal, "rule": rule,
                       "because": f"{reason} ({c.m.summary})"})
    return act


def _sink(c: Any) -> None:
    return None


ACTIONS: dict[str, Action] = {
    "itil_implemented": _itil_implemented,
    "claim_itil_full": _claim_itil("satisfied"),
    "claim_itil_partial": _claim_itil("partial"),
    "claim_itil_near": _claim_itil_near,
    "claim_none": _claim_none,
    "claim_kpa_rating": _claim_kpa_rating,
    "claim_goal_rating": _claim_goal_rating,
    "claim_done": _claim_done,
    "claim_practice_short": _claim_practice_short,
    "claim_practices_complete": _claim_practices_complete,
    "open_goal": _open_goal,
    "goal_progress": _goal_progress,
    "prerequisite_open": _prerequisite_open,
    "small_enough": _small_enough,
    "closes_needed": _closes_needed,
    "waits_after": _waits_after,
    "waits_requires": _waits_requires,
    "waits_staging": _waits_staging,
    "survey_satisfied": _survey_rating(
        "satisfied", "every_answer_is_yes_or_largely", "every counted answer is yes or largely"),
    "survey_unsatisfied": _survey_rating(
        "unsatisfied", "every_answer_is_no", "every counted answer is no"),
    "survey_partial": _survey_rating(
        "partial", "mixed_answers_are_partial", "some practice exists but not fully, so the goal is partial"),
    "survey_partial_split": _survey_rating(
        "partial", "yes_against_no_is_partial",
        "the answers split between met and not met, so the goal is partial until discussed"),
    "survey_na": _survey_rating(
        "na", "every_answer_is_na", "everyone who answered finds it not applicable"),
    "survey_unanswered": _survey_rating(
        "unsatisfied", "nobody_could_answer", "no participant could answer, so nothing shows it is met"),
    "survey_discuss_disagreement": _survey_flag(
        "discuss", "yes_against_no_is_discussed", "yes or largely stands against no"),
    "survey_discuss_na": _survey_flag(
        "discuss", "applicability_is_discussed", "some find it not applicable, others rated it"),
    "survey_confirm": _survey_flag(
        "confirm", "single_source_is_confirmed", "rests on one participant's answer"),
    "sink": _sink,
}
