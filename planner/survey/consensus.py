"""From several participants' answers to one consolidated picture: goal ratings with their reason,
the points to discuss, the staged level, strengths and weaknesses, and the growth-model profile.

Two steps. First, plain counting: each participant's answer to a goal is the weakest of their
counted answers to its questions (a goal holds only if every aspect asked holds), except that a
"no" beside a better answer makes it "partly" (some aspects hold, others do not); `unknown` and
blank answers count for nothing. Second, the rules engine (rules/survey.toml) turns the counts
into a rating, a "because" and the flags (discuss, confirm). The level then comes from the real
assessment rules, fed the ratings as a scenario's `[current.goals]` would be.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from planner.model import Assessment, CurrentState, Framework, Limits, Scenario
from planner.survey.answers import AnswerSheet
from planner.survey.questions import NA, Questionnaire, build
from rules import get_engine
from rules.assess import assess

ANSWER_ORDER = ("yes", "largely", "partly", "no")
"""Strongest first; a participant's goal answer is the weakest of their answers to its questions
(a "no" beside a better answer reads as "partly")."""
_POINTS = {"yes": 3, "largely": 2, "partly": 1, "no": 0}


@dataclass(frozen=True, slots=True)
class GoalResult:
    id: str
    kpa: str
    rating: str
    rule: str
    because: str
    answers: dict[str, int]
    """Answer -> number of participants whose answer to the goal it was (unknown included)."""
    skipped: int
    by_participant: dict[str, str]
    """Participant -> their answer to the goal ("skipped" where they gave none)."""


@dataclass(frozen=True, slots=True)
class Flag:
    goal: str
    rule: str
    because: str


@dataclass(frozen=True, slots=True)
class GrowthResult:
    dimension: str
    name: str
    score: int | None
    """0..100: the mean of the counted answers (yes 100, largely 67, partly 33, no 0); None when
    nobody could answer."""
    rating: str
    because: str
    answers: dict[str, int]


@dataclass(frozen=True)
class Consolidation:
    framework: Framework
    questionnaire: Questionnaire
    sheets: tuple[AnswerSheet, ...]
    goals: tuple[GoalResult, ...]
    discuss: tuple[Flag, ...]
    confirm: tuple[Flag, ...]
    assessment: Assessment
    growth: tuple[GrowthResult, ...]

    @property
    def participants(self) -> list[str]:
        return [s.participant for s in self.sheets]

    @property
    def growth_dims(self):
        return self.questionnaire.growth

    @property
    def target_level(self) -> int:
        return self.questionnaire.target_level

    @property
    def scope_kpas(self) -> list[str]:
        return [kq.kpa.id for kq in self.questionnaire.kpas]

    @property
    def strengths(self) -> list[str]:
        """KPAs in scope whose every goal is satisfied; a not-applicable KPA is never a strength."""
        return [k for k in self.scope_kpas if self.assessment.kpas[k].status == "satisfied"]

    @property
    def weaknesses(self) -> list[str]:
        return [k for k in self.scope_kpas
                if self.assessment.kpas[k].status in ("partial", "unsatisfied")]

    def goal(self, goal_id: str) -> GoalResult:
        return next(g for g in self.goals if g.id == goal_id)


def scope_level(framework: Framework, sheets: Sequence[AnswerSheet]) -> int:
    """The top level assessed: the highest of the questionnaires' own targets and of the levels
    of the goals anyone answered (unknown included)."""
    levels = [s.target_level for s in sheets if s.target_level]
    for s in sheets:
        levels += [framework.goal_level(qid.rsplit(".", 1)[0]) for qid in s.answers
                   if not qid.startswith("GROWTH.")]
    return max(levels, default=framework.max_level)


def consolidate(sheets: Sequence[AnswerSheet]) -> Consolidation:
    framework = sheets[0].framework
    q = build(framework, scope_level(framework, sheets))
    per_goal = _goal_answers(q, sheets)
    facts = [_tally(goal, kpa, answers, len(sheets)) for (goal, kpa), answers in per_goal.items()]
    derived = get_engine().evaluate("survey", facts)
    ratings: dict[str, dict[str, Any]] = {}
    discuss: list[Flag] = []
    confirm: list[Flag] = []
    for f in derived:
        if f["t"] == "rating":
            if f["goal"] in ratings:  # the rules are exclusive; two ratings mean a rules bug
                raise RuntimeError(f"two survey ratings for {f['goal']}: {ratings[f['goal']]}, {f}")
            ratings[f["goal"]] = f
        elif f["t"] == "discuss":
            discuss.append(Flag(f["goal"], f["rule"], f["because"]))
        elif f["t"] == "confirm":
            confirm.append(Flag(f["goal"], f["rule"], f["because"]))
    order = {g: i for i, g in enumerate(framework.goal_ids)}
    goals = []
    for (goal, kpa), answers in per_goal.items():
        r = ratings[goal]
        given = Counter(a for a in answers.values() if a != "skipped")
        goals.append(GoalResult(goal, kpa, r["rating"], r["rule"], r["because"],
                                {a: given[a] for a in (*ANSWER_ORDER, "unknown", NA) if given[a]},
                                sum(1 for a in answers.values() if a == "skipped"), answers))
    goals.sort(key=lambda g: order[g.id])
    discuss.sort(key=lambda f: (order[f.goal], f.rule))
    confirm.sort(key=lambda f: order[f.goal])
    assessment = assess_ratings(framework, {g.id: g.rating for g in goals}, q.target_level)
    return Consolidation(framework, q, tuple(sheets), tuple(goals), tuple(discuss), tuple(confirm),
                         assessment, _growth(q, sheets))


def _goal_answers(q: Questionnaire, sheets: Sequence[AnswerSheet]) -> dict[tuple[str, str], dict[str, str]]:
    """(goal, kpa) -> participant -> that participant's answer to the goal."""
    questions_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for kq in q.kpas:
        for x in kq.questions:
            questions_of[(x.goal, x.kpa)].append(x.id)
    out: dict[tuple[str, str], dict[str, str]] = {}
    for key, qids in questions_of.items():
        out[key] = {s.participant: _participant_goal_answer([s.answers.get(i) for i in qids])
                    for s in sheets}
    return out


def _participant_goal_answer(given: list[str | None]) -> str:
    words = [a for a in given if a]
    if not words:
        return "skipped"
    rated = [a for a in words if a in _POINTS]
    if rated:
        if "no" in rated and len(set(rated)) > 1:
            return "partly"  # some of what the goal asks is in place, some is not
        return max(rated, key=ANSWER_ORDER.index)
    return NA if NA in words else "unknown"


def _tally(goal: str, kpa: str, answers: dict[str, str], n: int) -> dict[str, Any]:
    c = Counter(answers.values())
    pos, part, neg = c["yes"] + c["largely"], c["partly"], c["no"]
    return {"t": "tally", "goal": goal, "kpa": kpa, "pos": pos, "part": part, "neg": neg,
            "na": c[NA], "rated": pos + part + neg, "n": n, "summary": summary(c)}


def summary(c: Counter) -> str:
    """"3 of 4 participants answered yes, 1 largely; 1 answered unknown (not counted)"."""
    counted = [(a, c[a]) for a in (*ANSWER_ORDER, NA) if c[a]]
    total = sum(k for _, k in counted)
    if counted:
        (first, k), rest = counted[0], counted[1:]
        who = "participant" if total == 1 else "participants"
        text = f"{k} of {total} {who} answered {first}" if total > 1 else f"the one counted answer is {first}"
        if rest:
            text += ", " + ", ".join(f"{m} {a}" for a, m in rest)
    else:
        text = "no counted answer"
    aside = [f"{c['unknown']} answered unknown"] if c["unknown"] else []
    aside += [f"{c['skipped']} skipped it"] if c["skipped"] else []
    if aside:
        text += "; " + ", ".join(aside) + " (not counted)"
    return text


def assess_ratings(framework: Framework, ratings: dict[str, str], target_level: int) -> Assessment:
    """The staged assessment of a set of goal ratings, through the same rules as `csip assess`
    (the ratings play the part of a scenario's `[current.goals]`)."""
    scenario = Scenario(
        path=None, name="survey", framework=framework, target_level=max(2, target_level),
        start=_dt.date(2000, 1, 1), period="quarter", horizon=1, limits=Limits(),
        current=CurrentState(goals=MappingProxyType(dict(ratings))), actions=(),
    )
    return assess(scenario)


def _growth(q: Questionnaire, sheets: Sequence[AnswerSheet]) -> tuple[GrowthResult, ...]:
    out = []
    for d in q.growth:
        c: Counter = Counter()
        for s in sheets:
            for x in d.questions:
                c[s.answers.get(x.id) or "skipped"] += 1
        counted = [a for a in ANSWER_ORDER for _ in range(c[a])]
        if counted:
            score = round(100 * sum(_POINTS[a] for a in counted) / (3 * len(counted)))
            rating = ("strong" if score >= 75 else "developing" if score >= 50
                      else "weak" if score >= 25 else "very weak")
        else:
            score, rating = None, "unknown"
        because = summary(c).replace("participants answered", "answers were").replace(
            "participant answered", "answer was")
        out.append(GrowthResult(d.id, d.name, score, rating, because,
                                {a: c[a] for a in (*ANSWER_ORDER, "unknown") if c[a]}))
    return tuple(out)


def merge_json(m: Consolidation) -> dict[str, Any]:
    """`survey merge --json` (contract keys first, then what this tool adds)."""
    return {
        "framework": m.framework.id,
        "participants": m.participants,
        "goals": [{"id": g.id, "kpa": g.kpa, "rating": g.rating, "answers": g.answers,
                   "skipped": g.skipped, "rule": g.rule, "because": g.because} for g in m.goals],
        "discuss": list(dict.fromkeys(f.goal for f in m.discuss)),
        "current_level": m.assessment.current_level,
        "strengths": m.strengths,
        "weaknesses": m.weaknesses,
        "target_level": m.target_level,
        "roles": {s.participant: s.role for s in m.sheets},
        "discussion": [{"goal": f.goal, "rule": f.rule, "because": f.because,
                        "settled_as": m.goal(f.goal).rating, "answers": m.goal(f.goal).by_participant}
                       for f in m.discuss],
        "confirm": [f.goal for f in m.confirm],
        "kpas": [{"id": k, "status": m.assessment.kpas[k].status} for k in m.scope_kpas],
        "growth": [{"dimension": r.dimension, "name": r.name, "score": r.score, "rating": r.rating,
                    "answers": r.answers, "because": r.because} for r in m.growth],
    }

