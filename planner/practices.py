"""CMMI-SVC's continuous representation: generic practices and what each capability level needs.

In the continuous representation every process area gets its own capability level: 0 while a
specific goal is open, 1 when the specific goals hold, 2 when GG 2 (a managed process) holds as
well, 3 when GG 3 (a defined process) does too. A framework can be read this way only when every
area carries both generic goals, marked by their `ref` ("GG 2", "GG 3"); the IT Service CMM has
none, so it has no continuous representation.

The generic practices are the evidence below a generic goal: an appraisal often finds one of them
missing (the HeRus essay: nobody is assigned responsibility, GP 2.4; staff are not trained, GP 2.5)
while the rest of the goal is in place. A scenario records such a finding as
`[current.practices] "IRP.GP2.4" = "unsatisfied"`; the rules turn it into a claim on the area's
GG 2. The practice names below are csip's own short paraphrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.model import Framework, Goal

CAPABILITY_LEVELS: tuple[int, ...] = (0, 1, 2, 3)
PRACTICE_RATINGS: tuple[str, ...] = ("satisfied", "partial", "unsatisfied")

GENERIC_PRACTICES: dict[str, str] = {
    "GP2.1": "an organisational policy for the process",
    "GP2.2": "a plan for performing the process",
    "GP2.3": "resources for the process",
    "GP2.4": "responsibility and authority assigned",
    "GP2.5": "the people who perform it trained",
    "GP2.6": "its work products under control",
    "GP2.7": "relevant stakeholders identified and involved",
    "GP2.8": "the process monitored and controlled against its plan",
    "GP2.9": "adherence evaluated objectively",
    "GP2.10": "status reviewed with higher-level management",
    "GP3.1": "a defined process tailored from the standard one",
    "GP3.2": "process experience collected for the organisation",
}
"""Practice id (as written in a scenario key) -> what it asks for, in csip's words."""


@dataclass(frozen=True, slots=True)
class AreaCapability:
    """One process area's capability level, as the capability rules derive it."""

    kpa: str
    level: int
    """0..3; an area rated not applicable has none and is left out of a profile."""
    because: str
    caps: tuple[str, ...] = ()
    """Every open goal's cap on the level, as sentences (the lowest decides)."""


def practice_goal_number(practice: str) -> int:
    """2 for GP2.x, 3 for GP3.x: which generic goal the practice belongs to."""
    return int(practice[2])


def practice_label(practice: str) -> str:
    """`GP2.4` as the model writes it: `GP 2.4`."""
    return f"GP {practice[2:]}"


def goal_part(goal: Goal) -> str:
    """"GG2", "GG3" or "SG": the part of its area a goal belongs to."""
    ref = goal.ref.replace(" ", "").upper()
    return ref if ref in ("GG2", "GG3") else "SG"


def supports_continuous(framework: Framework) -> bool:
    """Whether every area carries GG 2 and GG 3, so capability levels mean something."""
    return all({"GG2", "GG3"} <= {goal_part(g) for g in k.goals} for k in framework.kpas)


def generic_goal(framework: Framework, kpa_id: str, number: int) -> str:
    """The id of GG `number` (2 or 3) of the area."""
    part = f"GG{number}"
    return next(g.id for g in framework.kpa(kpa_id).goals if goal_part(g) == part)


def capability_goals(framework: Framework, kpa_id: str, level: int) -> list[str]:
    """The goals of the area that must hold for capability `level`, in framework order."""
    parts = {0: (), 1: ("SG",), 2: ("SG", "GG2"), 3: ("SG", "GG2", "GG3")}[level]
    return [g.id for g in framework.kpa(kpa_id).goals if goal_part(g) in parts]


def continuous_refusal(framework: Framework) -> str:
    """Why `framework` has no continuous representation (for error messages)."""
    return (f"{framework.name} has no generic goals (GG 2, GG 3) on every area, so it has no "
            "capability levels; the continuous representation is CMMI-SVC's")
