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
from matching.data import load_mentions
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
