"""Clusters from match pairs, with human decisions as hard constraints and a
transitivity check.

Within one connected component of the match graph, pairs are joined strongest
first (must-links before everything). Two groups are never joined when a
cannot-link separates them, or when the join would put two different exact
birth dates, birth years (from dates or ages) two or more years apart, or two
death dates more than ``death_far_days`` apart, into one person; such a refused
join is reported so that it is queued for review rather than silently kept or
silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matching.data import Mentions


@dataclass
class Group:
    members: list[int]
    births: set[int] = field(default_factory=set)
    death_min: int | None = None
    death_max: int | None = None
    #: the latest earliest and the earliest latest possible birth year of its members
    year_lo: int | None = None
    year_hi: int | None = None


def _group(m: Mentions, i: int) -> Group:
    g = Group([i])
    if m.birth_prec[i] == 3:
        g.births.add(int(m.birth_lo[i]))
    if m.death_prec[i] == 3:
        g.death_min = g.death_max = int(m.death_lo[i])
    if m.by_lo[i] > 0:
        g.year_lo, g.year_hi = int(m.by_lo[i]), int(m.by_hi[i])
    return g


#: birth years (from dates or ages) this far apart are two men, as in scoring's "differ"
YEAR_GAP = 2


def _conflict(x: Group, y: Group, far: int) -> bool:
    if x.births and y.births and len(x.births | y.births) > 1:
        return True
    if x.death_min is not None and y.death_min is not None:
        lo, hi = min(x.death_min, y.death_min), max(x.death_max, y.death_max)  # type: ignore[type-var]
        if hi - lo > far:
            return True
    if x.year_lo is not None and y.year_lo is not None:
        if max(x.year_lo, y.year_lo) - min(x.year_hi, y.year_hi) >= YEAR_GAP:  # type: ignore[type-var]
            return True
    return False


def cluster_component(
    m: Mentions,
    nodes: list[int],
    edges: list[tuple[float, int, int]],
    cannot: dict[int, set[int]],
    far: int,
) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """Clusters (sorted lists of mention indices) of one component, and the
    refused joins (pairs of indices) that need a human."""
    parent = {i: i for i in nodes}
    groups = {i: _group(m, i) for i in nodes}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    refused: list[tuple[int, int]] = []
    for score, i, j in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        gi, gj = groups[ri], groups[rj]
        small, large = (gi, gj) if len(gi.members) <= len(gj.members) else (gj, gi)
        large_set = set(large.members)
        if any(cannot.get(x, set()) & large_set for x in small.members):
            if score == float("inf"):
                refused.append((i, j))  # decisions contradict each other: an admin must look
            continue
        if score != float("inf") and _conflict(gi, gj, far):
            refused.append((i, j))
            continue
        if len(gi.members) < len(gj.members):
            ri, rj, gi, gj = rj, ri, gj, gi
        parent[rj] = ri
        gi.members.extend(gj.members)
        gi.births |= gj.births
        if gj.death_min is not None:
            gi.death_min = gj.death_min if gi.death_min is None else min(gi.death_min, gj.death_min)
            gi.death_max = gj.death_max if gi.death_max is None else max(gi.death_max, gj.death_max)
        if gj.year_lo is not None:
            gi.year_lo = gj.year_lo if gi.year_lo is None else max(gi.year_lo, gj.year_lo)
            gi.year_hi = gj.year_hi if gi.year_hi is None else min(gi.year_hi, gj.year_hi)
        del groups[rj]
    clusters = [sorted(g.members) for g in groups.values()]
    return sorted(clusters), refused


def components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Connected-component label per node."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels
