"""Reading the continuous representation's scenario keys: `[scenario] target_profile` and
`[current.practices]`.

Both only make sense on a framework whose areas carry generic goals (CMMI-SVC); on another one they
are refused with the reason, so nobody plans towards capability levels that mean nothing there.
"""

from __future__ import annotations

from typing import Any

from planner.errors import did_you_mean
from planner.load.schema import Checker, toml_value
from planner.load.tomlsource import TomlSource
from planner.model import Framework
from planner.practices import (
    CAPABILITY_LEVELS,
    GENERIC_PRACTICES,
    PRACTICE_RATINGS,
    continuous_refusal,
    supports_continuous,
)

PROFILE_KEY = ("scenario", "target_profile")
PRACTICES_KEY = ("current", "practices")


def profile_wins(chain: list[TomlSource]) -> bool:
    """Whether `target_profile` is the scenario's target: the nearest file of the extends chain
    that sets either `target_profile` or `target_level` decides, and a profile beside a level in
    the same file wins (so a profile replaces a level inherited through `extends`)."""
    for src in chain:
        sc = src.data.get("scenario")
        if isinstance(sc, dict) and "target_profile" in sc:
            return True
        if isinstance(sc, dict) and "target_level" in sc:
            return False
    return False


def read_profile(ck: Checker, raw: Any, framework: Framework) -> dict[str, int] | None:
    """The checked profile (area -> capability level, in framework order), or None after an
    error (recorded on `ck` with the key that holds it)."""
    if not isinstance(raw, dict):
        ck.error(PROFILE_KEY, f"must be a table of area = level, not {toml_value(raw)}",
                 "e.g. target_profile = { IRP = 3, SD = 2 }")
        return None
    if not supports_continuous(framework):
        ck.error(PROFILE_KEY, continuous_refusal(framework), "aim at a maturity level: target_level = N")
        return None
    if not raw:
        ck.error(PROFILE_KEY, "names no process area", "e.g. target_profile = { IRP = 3, SD = 2 }")
        return None
    ok = True
    ids = [k.id for k in framework.kpas]
    for area, level in raw.items():
        path = (*PROFILE_KEY, area)
        if not framework.has_kpa(area):
            ck.error(path, f'unknown process area "{area}"',
                     did_you_mean(area, ids) or f"{framework.name} areas: " + ", ".join(ids))
            ok = False
        elif isinstance(level, bool) or not isinstance(level, int) or level not in CAPABILITY_LEVELS:
            ck.error(path, f"must be a capability level from 0 to 3, not {toml_value(level)}",
                     "1: specific goals hold; 2: and GG 2 (managed); 3: and GG 3 (defined)")
            ok = False
    if not ok:
        return None
    return {k: raw[k] for k in ids if k in raw}


def read_practices(ck: Checker, raw: Any, framework: Framework) -> dict[str, str]:
    """Checked generic-practice findings: `"<area>.GP<g>.<n>" = rating`."""
    if not raw:
        return {}
    if not supports_continuous(framework):
        ck.error(PRACTICES_KEY, continuous_refusal(framework),
                 "rate the goals instead in [current.goals]")
        return {}
    out: dict[str, str] = {}
    areas = [k.id for k in framework.kpas]
    for key, rating in raw.items():
        path = (*PRACTICES_KEY, key)
        if isinstance(rating, dict):
            # `IRP.GP2.4 = "x"` without quotes is a nested table in TOML
            ck.error(path, f"practice key {key}.… is not quoted",
                     'a practice key holds dots, so quote it: "IRP.GP2.4" = "unsatisfied"')
            continue
        area, _, practice = key.partition(".")
        practice = practice.upper().replace(" ", "")
        if not framework.has_kpa(area):
            ck.error(path, f'unknown process area "{area}" in practice key "{key}"',
                     did_you_mean(area, areas) or 'keys look like "IRP.GP2.4"')
        elif practice not in GENERIC_PRACTICES:
            ck.error(path, f'"{key}" names no generic practice',
                     did_you_mean(f"{area}.{practice}", [f"{area}.{p}" for p in GENERIC_PRACTICES])
                     or "practices are GP2.1..GP2.10, GP3.1, GP3.2")
        elif rating not in PRACTICE_RATINGS:
            ck.error(path, f"{toml_value(rating)} is not a practice rating",
                     did_you_mean(str(rating), PRACTICE_RATINGS)
                     or "one of " + ", ".join(f'"{r}"' for r in PRACTICE_RATINGS))
        else:
            out[f"{area}.{practice}"] = rating
    return out

