"""The part of the match graph an incremental run must re-cluster, without
labelling every component of a million mentions.

A full run labels all components (``cluster.components``). An increment needs
only the components its dirty mentions, decisions and retractions reach, closed
over the persons those components held; these functions grow that set edge by
edge from the seeds and label just its components, in numpy (no scipy import,
which alone cost ~0.45 s of a 1,000-mention increment at a million mentions).
The result is what ``run_match`` computed from the global labels before:
``tests/test_match_graph.py`` compares the two.
"""

from __future__ import annotations

import numpy as np

#: Rounds of "whole components, then whole old persons" (``run_match`` took ten).
CLOSURE_ROUNDS = 10


def component_closure(members: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """``members`` (a mask) grown to the whole components holding them, the edges
    being ``ea[k]``–``eb[k]``."""
    grown = members.copy()
    # an edge with both sides inside can add nothing more: each sweep drops them
    a, b = ea, eb
    while True:
        ga, gb = grown[a], grown[b]
        cross = ga != gb
        if not cross.any():
            return grown
        grown[a[cross]] = True
        grown[b[cross]] = True
        outside = ~(ga | gb)
        a, b = a[outside], b[outside]


def affected_closure(seed: np.ndarray, ea: np.ndarray, eb: np.ndarray, person: np.ndarray,
                     rounds: int = CLOSURE_ROUNDS) -> tuple[np.ndarray, bool]:
    """The mentions to re-cluster: ``seed`` grown, up to ``rounds`` times, to
    whole components of the edges and then to every mention of the (nonzero) old
    ``person`` of a mention reached, until nothing more is added; and whether it
    stopped because nothing was (then the set is closed under the edges)."""
    affected = seed
    n_persons = int(person.max(initial=0)) + 1
    for _ in range(rounds):
        grown = component_closure(affected, ea, eb)
        held = np.zeros(n_persons, bool)
        held[person[grown]] = True
        held[0] = False
        grown |= held[person]
        if (grown == affected).all():
            return affected, True
        affected = grown
    return affected, False


def component_labels(nodes: np.ndarray, ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """A component label per entry of ``nodes`` (sorted mention indices closed
    under the edges: an edge with one side among them has both), the smallest
    node index of its component. Edges not touching ``nodes`` are ignored."""
    if len(nodes) == 0:
        return np.zeros(0, np.int64)
    pos_a = np.minimum(np.searchsorted(nodes, ea), len(nodes) - 1)
    inside = nodes[pos_a] == ea
    la = pos_a[inside]
    lb = np.searchsorted(nodes, eb[inside])
    label = np.arange(len(nodes))
    # min-label propagation with pointer jumping: every node ends pointing at the
    # smallest position of its component
    while True:
        low = np.minimum(label[la], label[lb])
        before = label.copy()
        np.minimum.at(label, la, low)
        np.minimum.at(label, lb, low)
        while True:
            jumped = label[label]
            if (jumped == label).all():
                break
            label = jumped
        if (label == before).all() and (label[la] == label[lb]).all():
            return nodes[label]
