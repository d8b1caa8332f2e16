"""A new scenario as TOML text with comments: what `csip new` writes from the user's answers.

The comments say what each key means and what the other choices are, so the file teaches its own
format (docs/formats.md has the full reference). The ITIL table lists every process of the chosen
ITIL version at PMF 0, for the user to raise where work exists: a table to fill in is easier than
a list of ids to look up.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from planner.model import ItilProcessList

DAYS_PER_PERSON = {"quarter": 60, "month": 20}
"""Person-days one full-time person gives improvement work in a period, holidays and meetings out."""


@dataclass(frozen=True)
class Answers:
    name: str
    framework: str
    itil_version: str
    target_level: int
    start: dt.date
    period: str
    horizon: int
    budget: float | None
    people: float | None
    currency: str = ""


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _pad(line: str, width: int = 34) -> str:
    """A key line with its comment aligned in one column."""
    return line + " " * max(1, width - len(line))


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's escapes (quotes, backslashes, control characters) are TOML's."""
    return json.dumps(text, ensure_ascii=False)


def scenario_text(a: Answers, process_list: ItilProcessList, max_level: int) -> str:
    effort = None if a.people is None else a.people * DAYS_PER_PERSON[a.period]
    budget_line = (f"budget = {_num(a.budget)}" if a.budget is not None else 'budget = "unlimited"')
    effort_line = (f"effort_per_period = {_num(effort)}" if effort is not None
                   else 'effort_per_period = "unlimited"')
    people = (f"{_num(a.people)} people x {DAYS_PER_PERSON[a.period]} person-days a {a.period}"
              if a.people is not None else "no limit on the people")
    itil_rows = "\n".join(f"{p.id} = 0{' ' * (42 - len(p.id))}# {p.name}" for p in process_list.processes)
    currency = f"currency = {_quoted(a.currency)}\n" if a.currency else \
        _pad('# currency = "EUR"') + "# shown beside amounts\n"
    return f"""\
# {a.name}: a scenario written by `csip new`. Edit it, then check it with `csip validate FILE`
# and plan it with `csip plan FILE`. docs/formats.md describes every key.

[scenario]
name = {_quoted(a.name)}
description = ""                  # a sentence or two for the reports
{_pad(f"framework = {_quoted(a.framework)}")}# "itscmm" or "cmmi-svc", or a framework file's path
{_pad(f"target_level = {a.target_level}")}# the maturity level to reach, 2..{max_level}
{_pad(f"start = {a.start.isoformat()}")}# the first day of period 0
{_pad(f"period = {_quoted(a.period)}")}# "quarter" or "month"
{_pad(f"horizon = {a.horizon}")}# periods the plan may use
{currency}
[limits]
{_pad(budget_line)}# money for the whole horizon; "unlimited" for none
{_pad(effort_line)}# person-days each period: {people}
# staging = "free"                # or "milestones" (each level before the next) or "strict"

[current]
{_pad(f"itil_version = {_quoted(a.itil_version)}")}# the ITIL process list below: "v2", "2011" or "4"
itil_threshold = 3                # the PMF level from which a process counts as implemented

[current.itil]
# How far each ITIL process has come, PMF 0..5: 0 absent, 1 initial, 2 repeatable, 3 defined,
# 4 managed, 5 optimising. A process at the threshold or above counts as implemented; one step
# below it counts as partly there. Raise the ones that exist; `csip assess FILE` shows the result.
{itil_rows}

# [current.kpas]                  # rate a whole KPA where you know it better than ITIL says
# SUBM = "na"                     # "satisfied", "unsatisfied", or "na" where the framework allows

# [current.goals]                 # rate one goal; wins over ITIL evidence and KPA ratings
# "SRIM.2" = "partial"            # "satisfied", "partial", "unsatisfied", or "na"

[catalog]
default = true                    # plan with the framework's own improvement actions
done = []                         # catalog actions already finished
exclude = []                      # catalog actions not to use

# [[actions]]                     # an action of your own; with a catalog id it replaces that one
# id = "our-service-catalogue"
# title = "Publish a first service catalogue"
# goals = ["OSD.1"]
# effort = 40                     # person-days
# cost = 15000
# duration = 2                    # periods
# after = []
"""
