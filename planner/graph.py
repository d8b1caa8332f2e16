"""Dependency graphs: the only module that imports networkx.

Two graphs matter: KPA prerequisites (`requires`) and action order (`after`). Both must be acyclic,
and when they are not the user needs the cycle itself, not just "there is a cycle".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx


def _acyclic(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> bool:
    """The usual answer, found without networkx (whose import costs every command 0.2-0.4 s)."""
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for node in nodes:
        sorter.add(node)
    for src, targets in edges.items():
        sorter.add(src, *targets)
    try:
        sorter.prepare()
    except CycleError:
        return False
    return True


def _graph(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> nx.DiGraph:
    import networkx as nx  # lazy: only a graph with a cycle needs it (see _acyclic)

    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for src, targets in edges.items():
        for dst in targets:
            g.add_edge(src, dst)
    return g


def find_cycles(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every elementary cycle's node list, one per strongly connected knot, each rotated so that
    its smallest node comes first (stable messages); `a -> b` edges read "a depends on b"."""
    nodes = list(nodes)
    if _acyclic(nodes, edges):
        return []
    import networkx as nx  # lazy: only a graph with a cycle needs it (see _acyclic)

    g = _graph(nodes, edges)
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(g):
        sub = g.subgraph(component)
        if len(component) == 1:
            (only,) = component
            if not sub.has_edge(only, only):
                continue
        cycle = [u for u, _v in nx.find_cycle(sub)]
        pivot = cycle.index(min(cycle))
        cycles.append(cycle[pivot:] + cycle[:pivot])
    return sorted(cycles)
