"""Thresholds from volunteers' decisions: what the decided pairs support.

Every binding same/different decision is a labelled pair. Re-scored with the
current weights, they show how precise an automatic merge would be above each
threshold. The match threshold becomes the lowest score whose merges are at
least ``target_precision`` precise among decided pairs (and never below the
highest-scoring 'different'); the non-match threshold the highest score below
which at most 1 - ``target_precision`` of decided pairs were the same person.
Decided pairs come from the review queue, so they over-represent hard cases:
the reported precision is conservative for the easy majority.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from db.decisions import effective_constraints
from matching.config import MatchConfig
from matching.data import Mentions, load_mentions
from matching.scoring import score_pairs


@dataclass
class Calibration:
    decisions: int
    same: int
    different: int
    old_match: float
    old_nonmatch: float
    match_threshold: float
    nonmatch_threshold: float
    expected_precision: float | None
    expected_recall: float | None


def calibrate(conn, cfg: MatchConfig, target_precision: float = 0.995, min_decisions: int = 20) -> Calibration:
    m = load_mentions(conn)
    index_of = {int(x): i for i, x in enumerate(m.ids)}
    pairs = [(index_of[c.mention_a], index_of[c.mention_b], c.verdict == "same")
             for c in effective_constraints(conn) if c.mention_a in index_of and c.mention_b in index_of]
    if len(pairs) < min_decisions:
        raise ValueError(f"only {len(pairs)} usable decisions; need at least {min_decisions} to calibrate")
    a = np.array([p[0] for p in pairs], np.int64)
    b = np.array([p[1] for p in pairs], np.int64)
    same = np.array([p[2] for p in pairs], bool)
    scores = score_pairs(m, a, b, cfg).logodds.astype(np.float64)
    candidates = np.unique(np.r_[scores, cfg.match_threshold, cfg.nonmatch_threshold])
    match_t = None
    for t in candidates:
        above = scores >= t
        if above.sum() and same[above].mean() >= target_precision:
            match_t = float(t)
            break
    if match_t is None:
        match_t = float(scores.max() + 1)
    nonmatch_t = float(candidates[0])
    for t in candidates:
        below = scores < t
        if below.sum() and same[below].mean() > 1 - target_precision:
            break
        nonmatch_t = float(t)
    nonmatch_t = min(nonmatch_t, match_t)
    merged = scores >= match_t
    precision = float(same[merged].mean()) if merged.any() else None
    recall = float(merged[same].mean()) if same.any() else None
    return Calibration(len(pairs), int(same.sum()), int((~same).sum()), cfg.match_threshold,
                       cfg.nonmatch_threshold, match_t, nonmatch_t, precision, recall)


def _group_stats(key: np.ndarray, day: np.ndarray, exact: np.ndarray):
    """Per distinct key among mentions with an exact death day: pairs sharing the
    key (T) and, of those, pairs with the same death day (A)."""
    sel = (key >= 0) & exact
    k, d = key[sel], day[sel]
    uniq, inverse, counts = np.unique(k, return_inverse=True, return_counts=True)
    total = counts * (counts - 1) // 2
    pair_keys, pair_counts = np.unique(inverse.reshape(-1) * (int(d.max(initial=0)) + 2) + d, return_counts=True)
    agree = np.zeros(len(uniq), np.int64)
    np.add.at(agree, pair_keys // (int(d.max(initial=0)) + 2), pair_counts * (pair_counts - 1) // 2)
    return uniq, total.astype(np.int64), agree


def estimate_name_prior(m: Mentions, cfg: MatchConfig, min_pairs: int = 30) -> dict[str, list[float]]:
    """The term-frequency table (``MatchConfig.name_prior``) estimated from the
    data without any labels.

    Two different men almost never die on the same day, and two reports of one
    man give one death date; so among pairs of mentions that share a name key
    (and both give an exact death day) the share with equal death days is the
    share that are one person. It is taken per kind of key (which name parts
    and whether the region agree, each pair counted under the most specific
    kind only, as scoring does) and per power of two of the key's mentions.
    Buckets with fewer than ``min_pairs`` such pairs keep the current value;
    the table is made non-increasing with the count. The typo and near tables
    are kept (they need candidate pairs, not name groups).
    """
    from matching.scoring import _pow2_floor

    size = np.int64(len(m.names) + 1)
    regions = np.int64(len(m.regions) + 1)
    named = m.usable
    k1 = np.where(named, m.sur * size + m.first, -1)
    keys = {
        "name": k1,
        "name_patr": np.where(named & (m.patr > 0), k1 * size + m.patr, -1),
        "name_region": np.where(named & (m.region > 0), k1 * regions + m.region, -1),
    }
    keys["name_patr_region"] = np.where((keys["name_patr"] >= 0) & (m.region > 0),
                                        keys["name_patr"] * regions + m.region, -1)
    exact = m.death_prec == 3
    day = np.where(exact, m.death_lo, 0)
    stats = {kind: _group_stats(key, day, exact) for kind, key in keys.items()}
    # each group's bucket: how many mentions (any death date) share its key
    buckets = {}
    for kind, key in keys.items():
        uniq_all, counts = np.unique(key[key >= 0], return_counts=True)
        got = counts[np.searchsorted(uniq_all, stats[kind][0])] if len(uniq_all) else np.zeros(0, np.int64)
        buckets[kind] = np.floor(np.log2(_pow2_floor(got))).astype(np.int64)
    # pairs counted under the most specific kind: subtract the nested groups
    first_member = {}
    for kind, key in keys.items():
        sel = (key >= 0) & exact
        uniq, idx = np.unique(key[sel], return_index=True)
        first_member[kind] = np.flatnonzero(sel)[idx]
    own = {kind: [s[1].copy(), s[2].copy()] for kind, s in stats.items()}

    def subtract(inner: str, outer: str, sign: int = 1) -> None:
        parent = np.searchsorted(stats[outer][0], keys[outer][first_member[inner]])
        np.add.at(own[outer][0], parent, -sign * stats[inner][1])
        np.add.at(own[outer][1], parent, -sign * stats[inner][2])

    subtract("name_patr_region", "name_patr")
    subtract("name_patr_region", "name_region")
    subtract("name_patr", "name")
    subtract("name_region", "name")
    subtract("name_patr_region", "name", sign=-1)  # removed twice above
    # two different men dying on one day by chance: subtract those agreements
    _, day_counts = np.unique(day[exact & named], return_counts=True)
    chance = float(((day_counts / max(1, day_counts.sum())) ** 2).sum())
    out = {kind: list(table) for kind, table in cfg.name_prior.items()}
    for kind in keys:
        total = np.bincount(buckets[kind], weights=own[kind][0], minlength=len(out[kind]))
        agree = np.bincount(buckets[kind], weights=own[kind][1], minlength=len(out[kind]))
        table = list(out[kind]) + [out[kind][-1] - cfg.weights["name_count_slope"] * (i + 1)
                                   for i in range(len(total) - len(out[kind]))]
        for k in range(len(total)):
            if total[k] >= min_pairs:
                p = (agree[k] - chance * total[k] + 0.5) / ((1 - chance) * total[k] + 1.0)
                p = min(max(p, 0.5 / (total[k] + 1.0)), 1 - 0.5 / (total[k] + 1.0))
                table[k] = round(float(np.clip(np.log2(p / (1 - p)), -14.0, 8.0)), 2)
        out[kind] = [round(x, 2) for x in np.minimum.accumulate(table).tolist()]
    return out
