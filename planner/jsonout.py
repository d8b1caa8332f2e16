"""The JSON shapes of the contract, built from the domain results.

Kept apart from the text rendering so that `--json`, the JSON export and the TOML export are
guaranteed to hold the same data.
"""

from __future__ import annotations

from typing import Any

from planner.gaps import GapReport
from planner.model import Assessment, Framework, Scenario


def num(x: float) -> int | float:
    """Whole numbers as ints: 40.0 person-days reads better as 40 in JSON and TOML."""
    return int(x) if float(x).is_integer() else round(float(x), 4)


def assess_json(scenario: Scenario, assessment: Assessment) -> dict[str, Any]:
    fw = scenario.framework
    return {
        "scenario": scenario.name,
        "framework": fw.id,
        "current_level": assessment.current_level,
        "target_level": scenario.target_level,
        "kpas": [
            {
                "id": k.id,
                "name": k.name,
                "level": k.level,
                "status": assessment.kpas[k.id].status,
                "because": assessment.kpas[k.id].because,
                "requires": [p.kpa for p in k.requires],
                "flagged": [gap.because for gap in assessment.kpas[k.id].prerequisite_gaps]
                if assessment.kpas[k.id].flagged else [],
                "goals": [
                    {
                        "id": g.id,
                        "text": g.text,
                        "status": assessment.goals[g.id].status,
                        "source": assessment.goals[g.id].source,
                        "because": assessment.goals[g.id].because,
                        "rule": assessment.goals[g.id].rule,
                    }
                    for g in k.goals
                ],
            }
            for k in fw.kpas
        ],
    }


def gap_json(scenario: Scenario, report: GapReport) -> dict[str, Any]:
    return {
        "scenario": scenario.name,
        "current_level": report.current_level,
        "target_level": report.target_level,
        "blocking": [
            {"level": b.level, "kpa": b.kpa, "goals": list(b.goals)} for b in report.blocking
        ],
    }


def framework_json(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "name": fw.name,
        "version": fw.version,
        "levels": [{"number": lv.number, "name": lv.name} for lv in fw.levels],
        "kpas": [
            {
                "id": k.id,
                "name": k.name,
                "level": k.level,
                "purpose": k.purpose,
                "requires": [p.kpa for p in k.requires],
                "goals": [
                    {"id": g.id, "text": g.text, "provenance": g.provenance, "level": g.level}
                    for g in k.goals
                ],
            }
            for k in fw.kpas
        ],
        "actions": len(fw.actions),
    }
