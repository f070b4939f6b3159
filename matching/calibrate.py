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
    from matching.scoring import name_key_counts

    kinds = ("name_patr_region", "name_patr", "name_region", "name")
    counts = name_key_counts(m)
    exact = m.usable & (m.death_prec == 3)
    size = np.int64(len(m.names) + 1)
    idx = np.flatnonzero(exact)
    key = m.sur[idx] * size + m.first[idx]
    order = np.argsort(key, kind="stable")
    key, members = key[order], idx[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, len(key)])
    n_buckets = 64
    total = {kind: np.zeros(n_buckets) for kind in kinds}
    agree = {kind: np.zeros(n_buckets) for kind in kinds}
    for group_size in np.unique(sizes[sizes >= 2]).tolist():
        sel = starts[sizes == group_size]
        i, j = np.triu_indices(group_size, 1)
        step = max(1, 2_000_000 // len(i))
        for at in range(0, len(sel), step):
            grid = members[sel[at:at + step, None] + np.arange(group_size)[None, :]]
            a, b = grid[:, i].ravel(), grid[:, j].ravel()
            p_both, r_both = (m.patr[a] > 0) & (m.patr[b] > 0), (m.region[a] > 0) & (m.region[b] > 0)
            p_same, r_same = p_both & (m.patr[a] == m.patr[b]), r_both & (m.region[a] == m.region[b])
            # A pair is counted under the most specific kind its agreeing parts give, and
            # only if no part outside that kind is stated on both sides: a differing region
            # or patronymic is scored by its own weight, so counting such pairs here too
            # (mostly two men) would charge them twice and make the table too low for the
            # pairs where that part is simply missing.
            kind = np.select([p_same & r_same, p_same & ~r_both, r_same & ~p_both, ~p_both & ~r_both],
                             [0, 1, 2, 3], -1)
            count = np.select([kind == 0, kind == 1, kind == 2],
                              [counts["name_patr_region"][a], counts["name_patr"][a], counts["name_region"][a]],
                              counts["name"][a])
            bucket = np.minimum(np.floor(np.log2(np.maximum(count, 1))).astype(np.int64), n_buckets - 1)
            same_day = m.death_lo[a] == m.death_lo[b]
            for k, label in enumerate(kinds):
                w = kind == k
                total[label] += np.bincount(bucket[w], minlength=n_buckets)
                agree[label] += np.bincount(bucket[w & same_day], minlength=n_buckets)
    # two different men dying on one day by chance: subtract those agreements
    _, day_counts = np.unique(m.death_lo[exact], return_counts=True)
    chance = float(((day_counts / max(1, day_counts.sum())) ** 2).sum())
    out = {kind: list(table) for kind, table in cfg.name_prior.items()}
    for kind in kinds:
        used = np.flatnonzero(total[kind] >= min_pairs)
        length = max(len(out[kind]), int(used.max()) + 1 if len(used) else 0)
        table = list(out[kind]) + [out[kind][-1] - cfg.weights["name_count_slope"] * (i + 1)
                                   for i in range(length - len(out[kind]))]
        for k in used.tolist():
            t, a_ = total[kind][k], agree[kind][k]
            p = (a_ - chance * t + 0.5) / ((1 - chance) * t + 1.0)
            p = min(max(p, 0.5 / (t + 1.0)), 1 - 0.5 / (t + 1.0))
            table[k] = round(float(np.clip(np.log2(p / (1 - p)), -14.0, 8.0)), 2)
        out[kind] = [round(x, 2) for x in np.minimum.accumulate(table).tolist()]
    return out
