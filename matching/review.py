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

import itertools
import json
from dataclasses import dataclass, field

import numpy as np

from matching.arrays import in_sorted
from matching.config import MatchConfig
from matching.data import Mentions
from matching.profiles import _keys, persons_differ
from matching.scoring import (
    INSUFFICIENT,
    MATCH,
    _cached,
    _pow2_floor,
    explain_many,
    name_key_stats,
    score_pairs,
)

OWNED_STATES = ("open", "insufficient", "obsolete")
_ITEM_COLUMNS = "id, item_key, kind, state, mention_ids, mention_a, mention_b"
_IN_CHUNK = 500  # values per ``IN (...)`` list: well under SQLite's variable limit


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
    scope_ids: set[int] | None = None  # pair items naming no mention of these are left alone (None: all planned)
    insufficient_scope_ids: set[int] | None = None  # the same for insufficient items
    reclustered_ids: set[int] | None = None  # so are cluster items naming none of these (None: all)


def _priority(score: float, size: int) -> float:
    p = 1.0 / (1.0 + 2.0 ** (-score))
    return round((1.0 - abs(2.0 * p - 1.0)) * size, 4)


def plan_review(conn, m: Mentions, cfg: MatchConfig, pa, pb, pscore, pband, person: np.ndarray,
                assignment: dict[int, int], refused: list[tuple[int, int]], affected: np.ndarray,
                dirty: np.ndarray, new: np.ndarray, removed: list[int], decided_pairs: set,
                full: bool) -> ReviewPlan:
    """Review items for the stored pairs ``pa``/``pb`` (mention indices) given each
    mention's person after this run (``person``, 0 = none).

    A full run plans every pair of persons. An increment (``dirty``: its new or
    changed mentions, ``new``: those not in the last run) plans only what it can
    change; the other items stay as they are, which is what a full plan would give
    them: their pairs, members, decisions and name counts did not change.
    """
    ids = m.ids
    sizes = np.bincount(person) if len(person) else np.zeros(1, np.int64)  # = persons.n_mentions
    plan = ReviewPlan()
    candidates = np.flatnonzero(pband != MATCH)
    if not full:
        # Persons whose items may change: those this run re-clustered and those whose
        # comparison as wholes the new mentions' name counts move (``seeds``); their
        # pairs with anyone are planned. The insufficient items are a spanning forest
        # chosen per connected group, so every group of persons linked by insufficient
        # pairs to a seed is planned whole (``group``); the uncertain items of two
        # persons outside the seeds stay as they are.
        a, b = pa[candidates], pb[candidates]
        moved = _counts_may_move(m, cfg, dirty, new, a, b)
        seeds = np.unique(np.r_[person[affected], person[a[moved]], person[b[moved]]])
        seeds = seeds[seeds > 0]
        is_seed = np.zeros(int(person.max(initial=0)) + 1, bool)
        is_seed[seeds] = True
        weak = pband[candidates] == INSUFFICIENT
        group = _reached_persons(person, a[weak], b[weak], seeds)
        touches_seed = is_seed[person[a]] | is_seed[person[b]]
        candidates = candidates[touches_seed | (group[person[a]] & group[person[b]])]
        del a, b, moved, weak, touches_seed
        plan.scope_ids = set(ids[is_seed[person] | affected].tolist()) | set(removed)
        plan.insufficient_scope_ids = set(ids[group[person] | affected].tolist()) | set(removed)
        plan.reclustered_ids = set(ids[affected].tolist()) | set(removed)
    best = _best_pair_per_persons(ids, person, pa, pb, pscore, pband, decided_pairs, candidates)
    if not full:
        outside = (pband[best] != INSUFFICIENT) & ~is_seed[person[pa[best]]] & ~is_seed[person[pb[best]]]
        best = best[~outside]
    # two persons whose other members settle the question (a birth year five years
    # off, the same unit) are not worth a volunteer's time: only pairs whose persons,
    # compared as wholes, are still uncertain become open items
    uncertain = np.flatnonzero(pband[best] != INSUFFICIENT)
    differ = persons_differ(m, cfg, person, pa[best[uncertain]].astype(np.int64), pb[best[uncertain]].astype(np.int64))
    keep = np.ones(len(best), bool)
    keep[uncertain[differ]] = False
    best = best[keep]
    lo_ids = np.minimum(ids[pa[best]], ids[pb[best]]).tolist()
    hi_ids = np.maximum(ids[pa[best]], ids[pb[best]]).tolist()
    keys = [f"pair:{ma}:{mb}" for ma, mb in zip(lo_ids, hi_ids)]
    # items already stored with the same score and state keep their explanation
    stored = _stored_pair_items(conn, None if full else keys)
    chosen_list = []
    scores = [round(x, 3) for x in pscore[best].astype(np.float64).tolist()]  # as written below
    insufficient_band = (pband[best] == INSUFFICIENT).tolist()
    for k, key, ma, mb, score, insufficient in zip(best.tolist(), keys, lo_ids, hi_ids, scores, insufficient_band):
        state = "insufficient" if insufficient else "open"
        if stored and stored.get(key) == (score, state):
            plan.items[key] = Item("pair", key, ma, mb, [ma, mb], None, {}, 0.0, state, unchanged=True)
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
            size = int(sizes[person[ia]]) + int(sizes[person[ib]])
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
        p1, p2 = int(person[i]), int(person[j])
        members = sorted(members_of.get(p1, []) + (members_of.get(p2, []) if p2 != p1 else []))
        key = "cluster:" + ",".join(map(str, members))
        reasons = {"conflict": "joining these mentions would give one person two different birth dates or "
                               "death dates far apart", "pair": [min(ma, mb), max(ma, mb)],
                   "persons": sorted({p1, p2})}
        plan.items[key] = Item("cluster", key, None, None, members, None, reasons,
                               float(len(members)), "open")
    return plan


def _counts_may_move(m: Mentions, cfg: MatchConfig, dirty: np.ndarray, new: np.ndarray, a: np.ndarray,
                     b: np.ndarray) -> np.ndarray:
    """Mask of the pairs (a, b) whose persons, compared as wholes, may score
    otherwise than in the last run because the dirty mentions changed the name
    statistics: a side bears the name (surname + first name) of a name key whose
    count crossed a power of two (every key a profile looks up holds its pair
    mention's name), or the two spell a name part differently and the typo rule's
    "both common" test flips for them. Counts before the run are the counts now
    less the ``new`` mentions; a changed mention's old version is not known, so
    its names and spellings count as moved."""
    changed = dirty & ~new
    names = m.sur.astype(np.int64) * (len(m.names) + 1) + m.first
    moved_names = [names[changed]]
    size, regions = np.int64(len(m.names) + 1), np.int64(len(m.regions) + 1)
    if new.any():
        stats = name_key_stats(m)
        for label, key in _keys(m, size, regions).items():
            added = new & (key >= 0)
            got, delta = np.unique(key[added], return_counts=True)
            uniq, counts, _ = stats[label]
            now = counts[np.searchsorted(uniq, got)]
            crossed = got[_pow2_floor(np.maximum(now - delta, 1)) != _pow2_floor(now)]
            moved_names.append(names[added][in_sorted(crossed, key[added])])
    moved = np.unique(np.concatenate(moved_names))
    out = in_sorted(moved, names[a]) | in_sorted(moved, names[b])
    spelling_now = _cached(m, "spelling_counts", lambda: np.bincount(np.r_[m.sur, m.first], minlength=len(m.names)))
    spelling_before = spelling_now - np.bincount(np.r_[m.sur[new], m.first[new]], minlength=len(spelling_now))
    unknown = np.unique(np.r_[m.sur[changed], m.first[changed]])

    def both_common(counts: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        lo, hi = np.minimum(counts[x], counts[y]), np.maximum(counts[x], counts[y])
        return (lo >= cfg.typo_max_count) & (lo > cfg.typo_ratio * hi)

    for part in (m.sur, m.first):
        x, y = part[a], part[b]
        differ = x != y
        out |= differ & (both_common(spelling_now, x, y) != both_common(spelling_before, x, y))
        out |= differ & (in_sorted(unknown, x) | in_sorted(unknown, y))
    return out


def _reached_persons(person: np.ndarray, a: np.ndarray, b: np.ndarray, seeds: np.ndarray) -> np.ndarray:
    """Mask over person ids: ``seeds`` and every person linked to one of them by a
    chain of the mention pairs ``a``/``b`` (the connected groups holding a seed)."""
    reached = np.zeros(int(person.max(initial=0)) + 1, bool)
    reached[seeds] = True
    reached[0] = False
    p1, p2 = person[a], person[b]
    linked = (p1 > 0) & (p2 > 0) & (p1 != p2)
    p1, p2 = p1[linked], p2[linked]
    while True:
        edge = reached[p1] != reached[p2]
        if not edge.any():
            return reached
        reached[p1[edge]] = True
        reached[p2[edge]] = True


def _stored_pair_items(conn, keys: list[str] | None) -> dict[str, tuple[float | None, str]]:
    """(score, state) of the stored pair items with ``keys`` (None: all of them)."""
    if keys is None:
        return {key: (score, state) for key, score, state in conn.execute(
            "SELECT item_key, score, state FROM review_items WHERE kind = 'pair'")}
    out = {}
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        out.update((key, (score, state)) for key, score, state in conn.execute(
            f"SELECT item_key, score, state FROM review_items WHERE kind = 'pair' AND item_key IN ({marks})",  # noqa: S608 - placeholders only
            chunk))
    return out


def _best_pair_per_persons(ids, person: np.ndarray, pa, pb, pscore, pband, decided_pairs: set,
                           candidates: np.ndarray) -> np.ndarray:
    """Indices of the pairs that become pair items: per pair of different persons
    among ``candidates`` (non-match-band pair indices, ascending),
    its highest-scoring non-match-band mention pair (the lowest mention ids on a tie), in
    the order each pair of persons is first met; undecided pairs only.

    Insufficient pairs only feed "how far could the total fall"; for that the
    connected groups matter, not every pair inside them, so of those only a
    spanning forest is kept (strongest pairs first) instead of all pairs of a
    crowd of namesakes.
    """
    k = candidates
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
    # compared as stored (3 decimals), ties to the lowest mention ids: a pair just
    # scored and the same pair read back choose alike, whatever order the pairs come in
    score = np.round(pscore[k].astype(np.float64), 3)
    by_score = np.lexsort((np.maximum(ma, mb)[ok], np.minimum(ma, mb)[ok], -score, pkey))
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


#: Up to this many edges the greedy forest is taken in Python (an increment's few
#: thousand: importing scipy alone costs ~0.45 s); above, by scipy's spanning tree.
_PYTHON_FOREST_MAX = 50_000


def _outside_forest(lo: np.ndarray, hi: np.ndarray, score: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Mask of the edges a greedy spanning forest taken strongest first (ties by
    key) leaves out. With every edge weighted by its rank in that order the
    minimum spanning forest is unique and is exactly that greedy forest."""
    order = np.lexsort((key, -score))
    if len(lo) <= _PYTHON_FOREST_MAX:
        return ~_greedy_forest(lo[order].tolist(), hi[order].tolist(), order)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    nodes, inverse = np.unique(np.r_[lo, hi], return_inverse=True)
    a, b = inverse[:len(lo)], inverse[len(lo):]
    rank = np.empty(len(lo), dtype=np.float64)
    rank[order] = np.arange(1, len(lo) + 1)
    tree = minimum_spanning_tree(coo_matrix((rank, (a, b)), shape=(len(nodes), len(nodes))).tocsr()).tocoo()
    kept = np.zeros(len(lo), bool)
    kept[order[np.rint(tree.data).astype(np.int64) - 1]] = True
    return ~kept


def _greedy_forest(lo: list[int], hi: list[int], order: np.ndarray) -> np.ndarray:
    """Kruskal over edges already in order: mask (by ``order``'s positions) of the
    edges joining two trees not yet joined."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    kept = np.zeros(len(lo), bool)
    for k, x, y in zip(order.tolist(), lo, hi):
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[rx] = ry
            kept[k] = True
    return kept


def write_review(conn, plan: ReviewPlan, now: str) -> None:
    """Store ``plan``: new items inserted, changed ones updated, and the open or
    insufficient items it no longer holds made obsolete — all of them after a
    full plan, only those naming a mention of ``plan.scope_ids`` after a scoped one.
    Items with a decision, or in a state the review screens own, are left alone."""
    if plan.scope_ids is not None and not plan.items and not plan.insufficient_scope_ids:
        return  # an increment that touched no person: nothing to add, change or retire
    if plan.scope_ids is None:
        existing = {row[1]: row for row in conn.execute(f"SELECT {_ITEM_COLUMNS} FROM review_items")}  # noqa: S608 - constant columns
    else:
        existing = _items_by_key(conn, list(plan.items))
        # the items a scoped plan may make obsolete: open or insufficient ones naming
        # a mention in the scope
        for row in _open_items_naming(conn, plan.scope_ids, plan.insufficient_scope_ids or set()):
            if row[1] not in existing:
                existing[row[1]] = row
    with_decisions = _items_with_decisions(conn, [row[0] for row in existing.values()])
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
        if row[2] == "cluster" and plan.reclustered_ids is not None:
            if not set(json.loads(row[4])) & plan.reclustered_ids:
                continue
        obsolete.append((now, row[0]))
    conn.executemany(
        "INSERT INTO review_items (kind, item_key, mention_a, mention_b, mention_ids, score, reasons, priority,"
        " state, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", inserts)
    conn.executemany(
        "UPDATE review_items SET score = ?, reasons = ?, priority = ?, state = ?, updated_at = ? WHERE id = ?",
        updates)
    conn.executemany("UPDATE review_items SET state = 'obsolete', updated_at = ? WHERE id = ?", obsolete)


def _open_items_naming(conn, open_scope: set[int], insufficient_scope: set[int]) -> list[tuple]:
    """The open items naming a mention of ``open_scope`` and the insufficient ones
    naming one of ``insufficient_scope`` (``_names_any``). At a million mentions
    there are fifty thousand such items and a scope of up to a hundred thousand
    mentions: the pair items' two mentions are read as integers and matched
    against the sorted scope in numpy, and only the items hit are read whole
    (temporary tables of the scopes cost ~0.3 s to fill); the few items without
    both mentions (clusters) are checked here."""
    rows = [row for row in conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE state IN ('open', 'insufficient')"  # noqa: S608 - constant columns
        " AND (mention_a IS NULL OR mention_b IS NULL)")
        if _names_any(row, insufficient_scope if row[3] == "insufficient" else open_scope)]
    for state, scope in (("open", open_scope), ("insufficient", insufficient_scope)):
        if not scope:
            continue
        cursor = conn.execute("SELECT id, mention_a, mention_b FROM review_items WHERE state = ?"
                              " AND mention_a IS NOT NULL AND mention_b IS NOT NULL", (state,))
        items = np.fromiter(itertools.chain.from_iterable(cursor), dtype=np.int64).reshape(-1, 3)
        within = np.sort(np.fromiter(scope, dtype=np.int64, count=len(scope)))
        hit = items[in_sorted(within, items[:, 1]) | in_sorted(within, items[:, 2]), 0].tolist()
        for start in range(0, len(hit), _IN_CHUNK):
            chunk = hit[start:start + _IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows.extend(conn.execute(f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE id IN ({marks})", chunk))  # noqa: S608 - placeholders only
    return rows


def _names_any(row: tuple, scope: set[int]) -> bool:
    """Whether a review item row (…, mention_ids, mention_a, mention_b) names a mention in ``scope``."""
    if row[5] is not None and row[6] is not None:
        return row[5] in scope or row[6] in scope
    return bool(set(json.loads(row[4])) & scope)


def _items_by_key(conn, keys: list[str]) -> dict[str, tuple]:
    out = {}
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {_ITEM_COLUMNS} FROM review_items WHERE item_key IN ({marks})"  # noqa: S608 - placeholders only
        for row in conn.execute(sql, chunk):
            out[row[1]] = row
    return out


def _items_with_decisions(conn, item_ids: list[int]) -> set[int]:
    if len(item_ids) > 50_000:  # most items: one scan beats the index look-ups
        return {r[0] for r in conn.execute(
            "SELECT DISTINCT review_item_id FROM decisions WHERE review_item_id IS NOT NULL")}
    out: set[int] = set()
    for start in range(0, len(item_ids), _IN_CHUNK):
        chunk = item_ids[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        out.update(r[0] for r in conn.execute(
            f"SELECT DISTINCT review_item_id FROM decisions WHERE review_item_id IN ({marks})", chunk))  # noqa: S608 - placeholders only
    return out
