"""Calibration of the matcher's scores against the benchmark truth, and a refit of the
agreement weights (benchmark only; docs/matching.md "Fourth pass").

    python bench/match_calibration.py DB [--config FILE] [--fit]

DB is a benchmark database (``bench/matching.py --workdir``, it holds ``bench_truth``).
Prints, for every candidate pair without a hard conflict, the share of one-man pairs per
1-bit score bin, separately for names shared by up to 2^3, 2^4–2^6 and 2^7+ mentions (a
calibrated score has true log-odds near the bin's middle). ``--fit`` then fits the
agreement weights by logistic regression (log2 scale) with everything else — the name table,
the disagreement weights — as a fixed offset, over the pairs scoring at least −12.
"""

from __future__ import annotations

import argparse
import copy
import sqlite3
import sys
import tomllib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching.blocking import candidate_pairs  # noqa: E402
from matching.config import MatchConfig, load_config  # noqa: E402
from matching.data import Mentions, load_mentions  # noqa: E402
from matching.scoring import hard_conflict, score_pairs  # noqa: E402

#: Weights the generator can inform: agreements. Disagreements, a funeral a few days off,
#: death days ≤ 3 apart and the unit stay as set (the generator never varies one man's dates
#: or gives him two units; real sources do).
FITTED = ("birth_day_agree", "birth_year_agree", "age_agree", "death_day_agree", "death_partial_agree",
          "funeral_day_agree", "death_funeral_agree", "death_funeral_late", "settlement_agree",
          "reported_week", "reported_close", "reported_late", "category_agree", "region_agree_max",
          "surname_close", "surname_near")
K_CLASSES = ("k<=3", "k4-6", "k>=7")


def labelled_pairs(m: Mentions, truth: np.ndarray, cfg: MatchConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    a, b, _ = candidate_pairs(m, np.ones(len(m), bool), cfg.block_cap, cfg.window)
    a, b = a.astype(np.int64), b.astype(np.int64)
    keep = ~hard_conflict(m, a, b, cfg)
    a, b = a[keep], b[keep]
    return a, b, truth[a] == truth[b]


def calibration(m: Mentions, a: np.ndarray, b: np.ndarray, same: np.ndarray, cfg: MatchConfig,
                lo: int = -8, hi: int = 9, chunk: int = 2_000_000) -> dict[tuple[int, int], tuple[int, int]]:
    """(score bin, name-count class) → (pairs, one-man pairs)."""
    out: dict[tuple[int, int], list[int]] = {}
    for start in range(0, len(a), chunk):
        s = score_pairs(m, a[start:start + chunk], b[start:start + chunk], cfg)
        bins = np.floor(s.logodds).astype(np.int64)
        k = np.floor(np.log2(np.maximum(s.name_count, 1))).astype(np.int64)
        cls = np.select([k <= 3, k <= 6], [0, 1], 2)
        sel = (bins >= lo) & (bins < hi)
        code = (bins[sel] - lo) * 3 + cls[sel]
        total = np.bincount(code, minlength=(hi - lo) * 3)
        hits = np.bincount(code[same[start:start + chunk][sel]], minlength=(hi - lo) * 3)
        for c in np.flatnonzero(total).tolist():
            got = out.setdefault((c // 3 + lo, c % 3), [0, 0])
            got[0] += int(total[c])
            got[1] += int(hits[c])
    return {key: (v[0], v[1]) for key, v in out.items()}


def fit_weights(m: Mentions, a: np.ndarray, b: np.ndarray, same: np.ndarray, cfg: MatchConfig,
                names: tuple[str, ...] = FITTED, ridge: float = 1e-3) -> dict[str, float]:
    """Logistic fit (log2 odds) of ``names`` with the rest of the score as an offset."""
    relevant = score_pairs(m, a, b, cfg).logodds >= -12
    a, b, y = a[relevant], b[relevant], same[relevant].astype(np.float64)
    zero = copy.deepcopy(cfg)
    for name in names:
        zero.weights[name] = 0.0
    offset = score_pairs(m, a, b, zero).logodds.astype(np.float64)
    # each weight enters the score linearly: its feature is the score it adds at 1.0
    x = np.empty((len(a), len(names)))
    for j, name in enumerate(names):
        one = copy.deepcopy(zero)
        one.weights[name] = 1.0
        x[:, j] = score_pairs(m, a, b, one).logodds.astype(np.float64) - offset
    beta = np.array([cfg.weights[name] for name in names], dtype=np.float64)
    ln2 = np.log(2.0)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-ln2 * (offset + x @ beta)))
        grad = ln2 * (x.T @ (y - p)) - ridge * beta
        hess = (x * (p * (1 - p) * ln2 * ln2)[:, None]).T @ x + ridge * np.eye(len(names))
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-4:
            break
    return dict(zip(names, np.round(beta, 2).tolist()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--config", help="matching settings (TOML) instead of those stored in the database")
    parser.add_argument("--fit", action="store_true", help="refit the agreement weights")
    args = parser.parse_args()
    conn = sqlite3.connect(args.db)
    cfg = MatchConfig.from_mapping(tomllib.load(open(args.config, "rb"))) if args.config else load_config(conn)
    m = load_mentions(conn)
    truth_of = dict(conn.execute("SELECT mention_id, person FROM bench_truth"))
    truth = np.array([truth_of[int(i)] for i in m.ids], np.int64)
    a, b, same = labelled_pairs(m, truth, cfg)
    print(f"{len(a)} candidate pairs without a hard conflict, {int(same.sum())} of one man")
    table = calibration(m, a, b, same, cfg)
    for cls, label in enumerate(K_CLASSES):
        print(f"name shared by {label.replace('k', '2^k, k')}:")
        for (lo, c), (n, hits) in sorted(table.items()):
            if c != cls:
                continue
            p = (hits + 0.5) / (n + 1.0)
            print(f"  score [{lo:3d},{lo + 1:3d}): {n:8d} pairs, {hits:7d} one man, true log2-odds"
                  f" {np.log2(p / (1 - p)):6.2f}")
    if args.fit:
        fitted = fit_weights(m, a, b, same, cfg)
        for name, value in fitted.items():
            print(f"  {name:22s} {cfg.weights[name]:6.2f} -> {value:6.2f}")


if __name__ == "__main__":
    main()
