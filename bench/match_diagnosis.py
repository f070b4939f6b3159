"""Where the matcher's extra persons and wrong merges come from (benchmark only).

Given a matched benchmark database (with ``bench_truth``), every true person
split over several predicted persons is explained by the best link that
existed between its fragments, taken in this order (each fragment join is
counted once, under the first category that could make it):

1. ``match, refused by clustering`` — a MATCH pair the transitivity check or a
   cannot-link kept apart;
2. ``uncertain`` — scored uncertain, but not answered (one item per pair of
   persons, or it appeared only after the oracle's round);
3. ``insufficient`` — same name, nothing else compared, below the threshold;
4. ``nonmatch: hard conflict`` — a conflict rule fired (same page, birth days…);
5. ``nonmatch: score`` — compared, scored below the non-match threshold;
6. ``never compared`` — blocking missed the pair (or a capped block cut it).

For the insufficient and non-match categories the fields compared in the
joining pair are tallied too: is the evidence absent, or unused?
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import numpy as np

from matching.blocking import candidate_pairs
from matching.config import MatchConfig, load_config
from matching.data import load_mentions
from matching.scoring import (
    AGREE,
    CLOSE,
    FIELDS,
    INSUFFICIENT,
    MATCH,
    MISSING,
    NONMATCH,
    UNCERTAIN,
    score_pairs,
)

CATEGORIES = ("match, refused by clustering", "uncertain", "insufficient", "nonmatch: hard conflict",
              "nonmatch: score", "never compared")


def _true_pairs(truth: np.ndarray, usable: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    idx = np.flatnonzero(usable)
    order = idx[np.argsort(truth[idx], kind="stable")]
    t = truth[order]
    starts = np.flatnonzero(np.r_[True, t[1:] != t[:-1]])
    sizes = np.diff(np.r_[starts, len(t)])
    a_list, b_list = [], []
    for size in np.unique(sizes[sizes >= 2]):
        sel = starts[sizes == size]
        grid = order[sel[:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(size, 1)
        a_list.append(grid[:, i].ravel())
        b_list.append(grid[:, j].ravel())
    if not a_list:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = np.concatenate(a_list), np.concatenate(b_list)
    return np.minimum(a, b), np.maximum(a, b)


def _evidence(levels: dict[str, np.ndarray], k: int) -> str:
    """The fields compared in pair k, as 'field=level' ('+' agree, '~' close, '-' other)."""
    parts = []
    for fld in FIELDS:
        if fld in ("surname", "first_name"):
            continue
        lv = int(levels[fld][k])
        if lv == MISSING:
            continue
        parts.append(fld + ("+" if lv == AGREE else "~" if lv == CLOSE else "-"))
    return " ".join(parts) or "(name only)"


def diagnose(conn: sqlite3.Connection, cfg: MatchConfig | None = None, top: int = 8) -> dict:
    cfg = cfg or load_config(conn)  # what the run used, calibrated tables included
    m = load_mentions(conn)
    truth_of = dict(conn.execute("SELECT mention_id, person FROM bench_truth"))
    person_of = dict(conn.execute("SELECT mention_id, person_id FROM person_mentions"))
    truth = np.array([truth_of[int(i)] for i in m.ids], np.int64)
    pred = np.array([person_of[int(i)] for i in m.ids], np.int64)
    size = np.int64(len(m) + 1)

    a, b = _true_pairs(truth, np.ones(len(m), bool))
    cross = pred[a] != pred[b]
    a, b = a[cross], b[cross]
    ca, cb, _ = candidate_pairs(m, np.ones(len(m), bool), cfg.block_cap, cfg.window)
    cand = np.unique(np.minimum(ca, cb) * size + np.maximum(ca, cb))
    compared = np.isin(a * size + b, cand)
    s = score_pairs(m, a, b, cfg)
    cat = np.full(len(a), 5, np.int8)
    cat[compared & (s.band == NONMATCH) & ~s.conflict] = 4
    cat[compared & s.conflict] = 3
    cat[compared & (s.band == INSUFFICIENT)] = 2
    cat[compared & (s.band == UNCERTAIN)] = 1
    cat[compared & (s.band == MATCH)] = 0

    # union fragments (predicted persons within one true person) by category order
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    joins = Counter()
    evidence: dict[int, Counter] = {2: Counter(), 3: Counter(), 4: Counter(), 5: Counter()}
    order = np.lexsort((-s.logodds, cat))
    pa, pb = pred[a].tolist(), pred[b].tolist()
    for k in order.tolist():
        ra, rb = find(pa[k]), find(pb[k])
        if ra == rb:
            continue
        parent[rb] = ra
        c = int(cat[k])
        joins[c] += 1
        if c in evidence:
            evidence[c][_evidence(s.levels, k)] += 1
    # wrong merges: true persons beyond the first inside each predicted person
    pairs_t = np.unique(pred * (int(truth.max()) + 1) + truth)
    per_pred = np.bincount(np.unique(pairs_t // (int(truth.max()) + 1), return_inverse=True)[1].reshape(-1))
    overmerged = int((per_pred - 1).sum())
    return {"splits": dict((CATEGORIES[c], n) for c, n in sorted(joins.items())),
            "split_total": int(sum(joins.values())), "overmerged": overmerged,
            "evidence": {CATEGORIES[c]: ev.most_common(top) for c, ev in evidence.items() if ev}}


def wrong_merges(conn: sqlite3.Connection, cfg: MatchConfig | None = None, top: int = 10) -> dict:
    """Match-band pairs of different true persons inside one predicted person:
    how many, and the evidence that fooled the scorer."""
    cfg = cfg or load_config(conn)  # what the run used, calibrated tables included
    m = load_mentions(conn)
    truth_of = dict(conn.execute("SELECT mention_id, person FROM bench_truth"))
    truth = np.array([truth_of[int(i)] for i in m.ids], np.int64)
    index_of = {int(x): i for i, x in enumerate(m.ids)}
    rows = [(index_of[x], index_of[y]) for x, y, band in conn.execute(
        "SELECT mention_a, mention_b, band FROM match_pairs WHERE band = 'match'")
        if x in index_of and y in index_of]
    if not rows:
        return {"wrong_match_pairs": 0, "evidence": []}
    a = np.array([r[0] for r in rows], np.int64)
    b = np.array([r[1] for r in rows], np.int64)
    bad = truth[a] != truth[b]
    s = score_pairs(m, a[bad], b[bad], cfg)
    ev = Counter(_evidence(s.levels, k) + f" | name x{int(s.name_count[k])}" for k in range(len(s.a)))
    return {"match_pairs": len(a), "wrong_match_pairs": int(bad.sum()), "evidence": ev.most_common(top)}


def print_report(report: dict, label: str) -> None:
    print(f"diagnosis ({label}): {report['split_total']} fragment joins missing, {report['overmerged']} true"
          f" persons merged into another")
    for name, n in report["splits"].items():
        print(f"  {name}: {n}")
    for name, rows in report["evidence"].items():
        print(f"  evidence in '{name}' pairs: " + "; ".join(f"{e} ({n})" for e, n in rows))
