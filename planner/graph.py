"""Dependency graphs: the only module that imports networkx.

Two graphs matter: KPA prerequisites (`requires`) and action order (`after`). Both must be acyclic,
and when they are not the user needs the cycle itself, not just "there is a cycle".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx


def _graph(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    for src, targets in edges.items():
        for dst in targets:
            g.add_edge(src, dst)
    return g


def find_cycles(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Every elementary cycle's node list, one per strongly connected knot, each rotated so that
    its smallest node comes first (stable messages); `a -> b` edges read "a depends on b"."""
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


def dependency_order(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Nodes with every dependency before its dependants; ties broken by the given node order."""
    node_list = list(nodes)
    rank = {n: i for i, n in enumerate(node_list)}
    g = _graph(node_list, edges).reverse(copy=False)
    return list(nx.lexicographical_topological_sort(g, key=lambda n: rank.get(n, len(rank))))


def all_dependencies(nodes: Iterable[str], edges: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """For each node, everything it depends on directly or indirectly."""
    g = _graph(nodes, edges)
    return {n: set(nx.descendants(g, n)) for n in g.nodes}


def longest_chain(
    nodes: Iterable[str], edges: Mapping[str, Iterable[str]], weight: Mapping[str, int]
) -> dict[str, int]:
    """Earliest start of each node when every dependency must finish first (sum of `weight`s on
    the longest dependency chain before it). Requires an acyclic graph."""
    order = dependency_order(nodes, edges)
    start: dict[str, int] = {}
    for n in order:
        start[n] = max((start[d] + weight[d] for d in edges.get(n, ()) if d in start), default=0)
    return start
