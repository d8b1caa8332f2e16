"""Which KPAs a framework lets an organisation rate not applicable, and the words for refusing `na`.

A maturity model lets only some of its areas be left out (IT Service CMM: subcontract management for
a provider that buys nothing in; CMMI-SVC: supplier agreements, and the optional service system
development addition). Rating any other KPA `na` would reach a level by declaring work away, so the
scenario and questionnaire loaders refuse it and explain which KPAs the model does allow.
"""

from __future__ import annotations

from planner.model import Framework


def na_kpas(framework: Framework) -> tuple[str, ...]:
    """The ids of the KPAs `framework` allows to be rated not applicable, in framework order."""
    return tuple(k.id for k in framework.kpas if k.may_be_na)


def na_not_allowed(framework: Framework, kpa_id: str) -> tuple[str, str]:
    """The message and hint for an `na` rating on KPA `kpa_id` (or one of its goals), which the
    framework does not allow."""
    allowed = na_kpas(framework)
    if not allowed:
        hint = f"no KPA may be not applicable in {framework.id}"
    else:
        hint = f"only {', '.join(allowed)} may be not applicable in {framework.id}"
    return f'{kpa_id} may not be rated "na"', hint
