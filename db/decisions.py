"""Reading volunteers' decisions as constraints for matching.

``decisions`` is append-only. A row with ``binding = 1`` and verdict ``same`` or
``different`` settles its pair (the review screen writes ``binding = 0`` for a
vote that still waits for a second, agreeing one). A ``revert`` row cancels the
decision it names. For each pair the latest binding, non-reverted decision wins.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Constraint:
    mention_a: int
    mention_b: int
    verdict: str  # 'same' (must-link) or 'different' (cannot-link)
    decision_id: int


def ordered_pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a <= b else (b, a)


def effective_constraints(conn: sqlite3.Connection) -> list[Constraint]:
    """Every pair's standing verdict, mention ids ordered (a < b)."""
    reverted = {
        row[0]
        for row in conn.execute(
            "SELECT reverts_decision_id FROM decisions WHERE verdict = 'revert' AND reverts_decision_id IS NOT NULL"
        )
    }
    latest: dict[tuple[int, int], Constraint] = {}
    rows = conn.execute(
        "SELECT id, mention_a, mention_b, verdict FROM decisions"
        " WHERE binding = 1 AND verdict IN ('same', 'different') ORDER BY id"
    )
    for decision_id, a, b, verdict in rows:
        if decision_id in reverted:
            continue
        pair = ordered_pair(a, b)
        latest[pair] = Constraint(pair[0], pair[1], verdict, decision_id)
    return sorted(latest.values(), key=lambda c: (c.mention_a, c.mention_b))
