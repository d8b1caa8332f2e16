"""What a questionnaire asks: plain-language questions per goal, grouped by KPA, plus the growth
model's questions.

The texts are data (frameworks/questions/<framework id>.toml, growth.toml), written in our own words
and marked derived like the goals. A goal the data file does not cover (a user's own framework, a
goal added later) still gets one question generated from its text, so no goal is ever left unasked.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import frameworks as _data
from planner.model import KPA, Framework

QUESTIONS_DIR = Path(_data.__file__).parent / "questions"

SCALE: tuple[str, ...] = ("yes", "largely", "partly", "no", "unknown")
"""The answer scale every question takes; `na` is added only where the KPA may be not applicable."""
NA = "na"
SCALE_HELP = {
    "yes": "this is done, routinely and everywhere it applies",
    "largely": "done in most cases, with minor gaps",
    "partly": "done sometimes or in some places; clear gaps",
    "no": "not done",
    "unknown": "I cannot tell (does not count towards the rating)",
    "na": "does not apply to us (only where the KPA allows it)",
}
GROWTH_PREFIX = "GROWTH"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    """`<goal id>.q<n>`, or `GROWTH.<dimension>.q<n>` for the growth model."""
    text: str
    goal: str
    """The goal id, or the growth dimension id."""
    kpa: str
    """The KPA id, or "GROWTH"."""
    provenance: str = "derived"
    """"derived": our own wording from the data file; "generated": made from the goal text."""


@dataclass(frozen=True, slots=True)
class KpaQuestions:
    kpa: KPA
    questions: tuple[Question, ...]

    @property
    def may_be_na(self) -> bool:
        return kpa_may_be_na(self.kpa)


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    framework: Framework
    levels: tuple[int, ...]
    """The maturity levels asked about (2..target for a scenario, all for a framework)."""
    kpas: tuple[KpaQuestions, ...]
    growth: tuple[Dimension, ...]

    @property
    def target_level(self) -> int:
        return max(self.levels)

    def all_questions(self) -> list[Question]:
        out = [q for kq in self.kpas for q in kq.questions]
        return out + [q for d in self.growth for q in d.questions]

    def scale_for(self, question: Question) -> tuple[str, ...]:
        """The answers this question accepts."""
        if question.kpa == GROWTH_PREFIX:
            return SCALE
        kpa = self.framework.kpa(question.kpa)
        return (*SCALE, NA) if kpa_may_be_na(kpa) else SCALE


def kpa_may_be_na(kpa: KPA) -> bool:
    """Whether the framework lets this KPA be rated not applicable (read defensively: the flag is a
    later addition to the KPA model)."""
    return bool(getattr(kpa, "may_be_na", False))


def build(framework: Framework, target_level: int | None = None) -> Questionnaire:
    """The questionnaire for `framework`, covering levels 2..`target_level` (default: every level).
    Goals are asked at their own level (a CMMI-SVC GG 3 goal of a level-2 area only from level 3)."""
    top = framework.max_level if target_level is None else min(target_level, framework.max_level)
    texts = _texts(framework.id)
    kpas = []
    for kpa in framework.kpas:
        qs: list[Question] = []
        for goal in kpa.goals:
            if framework.goal_level(goal.id) > top:
                continue
            asked, provenance = _questions_for(goal.id, goal.text, goal.ref, kpa.name, texts)
            qs += [Question(f"{goal.id}.q{i}", t, goal.id, kpa.id, provenance)
                   for i, t in enumerate(asked, 1)]
        if qs:
            kpas.append(KpaQuestions(kpa, tuple(qs)))
    return Questionnaire(framework, tuple(range(2, top + 1)), tuple(kpas), growth_dimensions())


def _questions_for(goal_id: str, text: str, ref: str, kpa_name: str,
                   texts: dict) -> tuple[list[str], str]:
    own = texts.get("goals", {}).get(goal_id)
    if own:
        return list(own), "derived"
    generic = texts.get("generic", {}).get(ref)
    if generic:
        return [t.replace("{name}", kpa_name) for t in generic], "derived"
    return [_generated(text)], "generated"


def _generated(text: str) -> str:
    """A question made from a goal statement: the statement, asked back."""
    body = text.strip().rstrip(".")
    return f"Does this hold in your organisation: {body[0].lower()}{body[1:]}?"


@lru_cache(maxsize=8)
def _texts(framework_id: str) -> dict:
    path = QUESTIONS_DIR / f"{framework_id}.toml"
    if not path.is_file():
        return {}
    return tomllib.loads(path.read_text("utf-8"))


@lru_cache(maxsize=1)
def growth_dimensions() -> tuple[Dimension, ...]:
    data = tomllib.loads((QUESTIONS_DIR / "growth.toml").read_text("utf-8"))
    return tuple(
        Dimension(d["id"], d["name"], tuple(
            Question(f"{GROWTH_PREFIX}.{d['id']}.q{i}", t, d["id"], GROWTH_PREFIX)
            for i, t in enumerate(d["questions"], 1)))
        for d in data["dimensions"]
    )


def questionnaire_json(q: Questionnaire) -> dict:
    """`survey new --json`: every question, grouped as in the file a participant fills in."""
    return {
        "framework": q.framework.id,
        "levels": list(q.levels),
        "scale": list(SCALE),
        "kpas": [
            {"id": kq.kpa.id, "name": kq.kpa.name, "level": kq.kpa.level, "purpose": kq.kpa.purpose,
             "may_be_na": kq.may_be_na,
             "questions": [{"id": x.id, "goal": x.goal, "text": x.text, "provenance": x.provenance}
                           for x in kq.questions]}
            for kq in q.kpas
        ],
        "growth": [
            {"dimension": d.id, "name": d.name,
             "questions": [{"id": x.id, "text": x.text, "provenance": x.provenance}
                           for x in d.questions]}
            for d in q.growth
        ],
    }
