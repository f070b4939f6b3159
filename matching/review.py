"""Review items from the matcher: uncertain pairs and refused (conflicting) joins.

One pair item per pair of persons (their best-scoring uncertain mention pair),
so a volunteer never sees the same two persons twice. ``priority`` is the
expected impact of an answer: how uncertain the pair is (1 at even odds, near 0
at the thresholds) times the mentions the answer would move. Items with a
decision, or in state ``decided``/``escalated``, are never touched here (the
review screen owns them); an open item the matcher no longer finds uncertain
becomes ``obsolete``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from matching.config import MatchConfig
from matching.data import Mentions
from matching.profiles import persons_differ
from matching.scoring import INSUFFICIENT, MATCH, explain_many, score_pairs

OWNED_STATES = ("open", "insufficient", "obsolete")


@dataclass
class Item:
    kind: str
    key: str
    mention_a: int | None
    mention_b: int | None
    mention_ids: list[int]
    score: float | None
    reasons: dict
    priority: float
    state: str
    unchanged: bool = False


@dataclass
class ReviewPlan:
    items: dict[str, Item] = field(default_factory=dict)
    scope_ids: set[int] | None = None  # cluster items outside this scope are left alone


def _priority(score: float, size: int) -> float:
    p = 1.0 / (1.0 + 2.0 ** (-score))
    return round((1.0 - abs(2.0 * p - 1.0)) * size, 4)


def plan_review(conn, m: Mentions, cfg: MatchConfig, pa, pb, pscore, pband, assignment: dict[int, int],
                refused: list[tuple[int, int]], affected: np.ndarray, decided_pairs: set, full: bool) -> ReviewPlan:
    ids = m.ids
    person_of = dict(conn.execute("SELECT mention_id, person_id FROM person_mentions"))
    person_of.update(assignment)
    sizes = dict(conn.execute("SELECT id, n_mentions FROM persons"))
    plan = ReviewPlan()
    person = np.fromiter((person_of.get(x, 0) for x in ids.tolist()), dtype=np.int64, count=len(ids))
    best = _best_pair_per_persons(ids, person, pa, pb, pscore, pband, decided_pairs)
    # two persons whose other members settle the question (a birth year five years
    # off, the same unit) are not worth a volunteer's time: only pairs whose persons,
    # compared as wholes, are still uncertain become open items
    uncertain = np.flatnonzero(pband[best] != INSUFFICIENT)
    differ = persons_differ(m, cfg, person, pa[best[uncertain]].astype(np.int64), pb[best[uncertain]].astype(np.int64))
    keep = np.ones(len(best), bool)
    keep[uncertain[differ]] = False
    best = best[keep]
    # items already stored with the same score and state keep their explanation
    stored = {key: (score, state) for key, score, state in conn.execute(
        "SELECT item_key, score, state FROM review_items WHERE kind = 'pair'")}
    chosen_list = []
    for k in best.tolist():
        ma, mb = sorted((int(ids[pa[k]]), int(ids[pb[k]])))
        state = "insufficient" if int(pband[k]) == INSUFFICIENT else "open"
        if stored and stored.get(f"pair:{ma}:{mb}") == (round(float(pscore[k]), 3), state):
            plan.items[f"pair:{ma}:{mb}"] = Item("pair", f"pair:{ma}:{mb}", ma, mb, [ma, mb], None, {}, 0.0,
                                                 state, unchanged=True)
        else:
            chosen_list.append(k)
    chosen = np.array(sorted(chosen_list), dtype=np.int64)
    if len(chosen):
        s = score_pairs(m, pa[chosen], pb[chosen], cfg)
        explanations = explain_many(m, s)
        for row, k in enumerate(chosen.tolist()):
            ia, ib = int(pa[k]), int(pb[k])
            ma, mb = sorted((int(ids[ia]), int(ids[ib])))
            reasons = explanations[row]
            size = sizes.get(person_of[ma], 1) + sizes.get(person_of[mb], 1)
            insufficient = int(pband[k]) == INSUFFICIENT
            plan.items[f"pair:{ma}:{mb}"] = Item(
                "pair", f"pair:{ma}:{mb}", ma, mb, [ma, mb], round(float(pscore[k]), 3), reasons,
                0.0 if insufficient else _priority(float(pscore[k]), size),
                "insufficient" if insufficient else "open")
    # refused joins: the union of the two persons involved, as one cluster item
    members_of: dict[int, list[int]] = {}
    if refused:
        for x, p in assignment.items():
            members_of.setdefault(p, []).append(x)
    for i, j in refused:
        ma, mb = int(ids[i]), int(ids[j])
        p1, p2 = person_of[ma], person_of[mb]
        members = sorted(members_of.get(p1, []) + (members_of.get(p2, []) if p2 != p1 else []))
        key = "cluster:" + ",".join(map(str, members))
        reasons = {"conflict": "joining these mentions would give one person two different birth dates or "
                               "death dates far apart", "pair": [min(ma, mb), max(ma, mb)],
                   "persons": sorted({p1, p2})}
        plan.items[key] = Item("cluster", key, None, None, members, None, reasons,
                               float(len(members)), "open")
    plan.scope_ids = None if full else set(ids[affected].tolist())
    return plan


def _best_pair_per_persons(ids, person: np.ndarray, pa, pb, pscore, pband, decided_pairs: set) -> np.ndarray:
    """Indices of the pairs that become pair items: per pair of different persons,
    its highest-scoring non-match-band mention pair (the earliest on a tie), in
    the order each pair of persons is first met; undecided pairs only.

    Insufficient pairs only feed "how far could the total fall"; for that the
    connected groups matter, not every pair inside them, so of those only a
    spanning forest is kept (strongest pairs first) instead of all pairs of a
    crowd of namesakes.
    """
    k = np.flatnonzero(pband != MATCH)
    if len(k) == 0:
        return k
    ma, mb = ids[pa[k]], ids[pb[k]]
    if decided_pairs:
        span = np.int64(max(int(ids.max()), max(max(p) for p in decided_pairs)) + 1)
        decided = np.array([lo * span + hi for lo, hi in decided_pairs], dtype=np.int64)
        undecided = ~np.isin(np.minimum(ma, mb) * span + np.maximum(ma, mb), decided)
        k, ma, mb = k[undecided], ma[undecided], mb[undecided]
    p1, p2 = person[pa[k]], person[pb[k]]
    ok = (p1 > 0) & (p2 > 0) & (p1 != p2)
    k, p1, p2 = k[ok], p1[ok], p2[ok]
    if len(k) == 0:
        return k
    lo, hi = np.minimum(p1, p2), np.maximum(p1, p2)
    pkey = lo * np.int64(hi.max() + 1) + hi
    score = pscore[k]
    by_score = np.lexsort((k, -score, pkey))
    group_start = np.r_[True, pkey[by_score][1:] != pkey[by_score][:-1]]
    best = by_score[group_start]  # positions into k, one per pair of persons
    by_first = np.lexsort((k, pkey))
    first_k = k[by_first][np.r_[True, pkey[by_first][1:] != pkey[by_first][:-1]]]
    best = best[np.argsort(first_k, kind="stable")]
    insufficient = pband[k[best]] == INSUFFICIENT
    if insufficient.sum() > 1:
        drop = _outside_forest(lo[best][insufficient], hi[best][insufficient], score[best][insufficient],
                               pkey[best][insufficient])
        keep = np.ones(len(best), bool)
        keep[np.flatnonzero(insufficient)[drop]] = False
        best = best[keep]
    return k[best]


def _outside_forest(lo: np.ndarray, hi: np.ndarray, score: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Mask of the edges a greedy spanning forest taken strongest first (ties by
    key) leaves out. With every edge weighted by its rank in that order the
    minimum spanning forest is unique and is exactly that greedy forest."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    nodes, inverse = np.unique(np.r_[lo, hi], return_inverse=True)
    a, b = inverse[:len(lo)], inverse[len(lo):]
    order = np.lexsort((key, -score))
    rank = np.empty(len(lo), dtype=np.float64)
    rank[order] = np.arange(1, len(lo) + 1)
    tree = minimum_spanning_tree(coo_matrix((rank, (a, b)), shape=(len(nodes), len(nodes))).tocsr()).tocoo()
    kept = np.zeros(len(lo), bool)
    kept[order[np.rint(tree.data).astype(np.int64) - 1]] = True
    return ~kept


def write_review(conn, plan: ReviewPlan, now: str) -> None:
    with_decisions = {r[0] for r in conn.execute(
        "SELECT DISTINCT review_item_id FROM decisions WHERE review_item_id IS NOT NULL")}
    existing = {row[1]: row for row in conn.execute(
        "SELECT id, item_key, kind, state, mention_ids FROM review_items")}
    inserts, updates = [], []
    for key, item in plan.items.items():
        row = existing.get(key)
        if item.unchanged and row is not None:
            continue
        values = (item.score, json.dumps(item.reasons, ensure_ascii=False, sort_keys=True), item.priority)
        if row is None:
            inserts.append((item.kind, key, item.mention_a, item.mention_b, json.dumps(item.mention_ids),
                            *values, item.state, now, now))
        elif row[3] in OWNED_STATES and row[0] not in with_decisions:
            updates.append((*values, item.state, now, row[0]))
    obsolete = []
    for key, row in existing.items():
        if key in plan.items or row[3] not in ("open", "insufficient") or row[0] in with_decisions:
            continue
        if row[2] == "cluster" and plan.scope_ids is not None:
            if not set(json.loads(row[4])) & plan.scope_ids:
                continue
        obsolete.append((now, row[0]))
    conn.executemany(
        "INSERT INTO review_items (kind, item_key, mention_a, mention_b, mention_ids, score, reasons, priority,"
        " state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", inserts)
    conn.executemany(
        "UPDATE review_items SET score = ?, reasons = ?, priority = ?, state = ?, updated_at = ? WHERE id = ?",
        updates)
    conn.executemany("UPDATE review_items SET state = 'obsolete', updated_at = ? WHERE id = ?", obsolete)
