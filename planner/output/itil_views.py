"""The ITIL process lists as `csip frameworks` shows them: the ids a scenario's `[current.itil]`
takes, with the names and groups of the publication they come from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from planner.model import ItilProcessList


def itil_list_json(ref: str, process_list: ItilProcessList) -> dict[str, Any]:
    return {
        "id": ref,
        "name": process_list.name,
        "processes": [{"id": p.id, "name": p.name, "group": p.group} for p in process_list.processes],
    }


def itil_list_view(ref: str, process_list: ItilProcessList) -> Group:
    table = Table(title=f"{process_list.name} ({ref}): process ids for \\[current.itil] with "
                  f'itil_version = "{process_list.version}"', title_justify="left", expand=False)
    # an id is what the user copies into a scenario: never cut or wrapped
    widest = max((len(p.id) for p in process_list.processes), default=2)
    table.add_column("id", no_wrap=True, min_width=widest)
    table.add_column("name")
    table.add_column("group")
    for p in process_list.processes:
        table.add_row(Text(p.id, style="bold"), p.name, p.group)
    return Group(table)


def itil_lists_view(process_lists: Mapping[str, ItilProcessList]) -> Table:
    table = Table(title="ITIL process lists (csip frameworks show ID lists the process ids)",
                  title_justify="left", expand=False)
    for col in ("id", "name", "itil_version", "processes"):
        table.add_column(col)
    for ref, c in process_lists.items():
        table.add_row(ref, c.name, c.version, str(len(c.processes)))
    return table
