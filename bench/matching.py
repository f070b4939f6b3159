"""Matching benchmark: our matcher and splink 5 (DuckDB) on the same generated data.

    python bench/matching.py --n 100000 [--no-splink] [--workdir /tmp/nekrolog-bench]

Prints pair completeness, pairwise precision/recall/F1 of the automatic
clusters, F1 after an oracle answers the open review items, review items per
1,000 mentions, persons found vs true, wall time and peak memory, an
incremental run adding 1,000 mentions; then the same accuracy figures for splink.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_persons import _POOLS, DEFAULT_NAMES, NAMES_HELP, generate, write_db  # noqa: E402

from db import open_db  # noqa: E402
from matching.blocking import candidate_pairs  # noqa: E402
from matching.config import MatchConfig  # noqa: E402
from matching.data import load_mentions  # noqa: E402
from matching.run import run_match  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


_MATCH_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from db import open_db
from matching.run import run_match
t0 = time.monotonic()
result = run_match(open_db(sys.argv[1]), full=sys.argv[2] == "full")
usage = resource.getrusage(resource.RUSAGE_SELF)
out = dict(vars(result), process_s=time.monotonic() - t0, peak_rss_mb=usage.ru_maxrss / 1024,
           cpu_s=usage.ru_utime + usage.ru_stime)
print(json.dumps(out, default=int))  # numpy integers in counters
"""


def match_in_process(db_path, full: bool) -> SimpleNamespace:
    """``run_match`` in a process of its own, so that its peak memory is the
    matcher's alone (not the generator's or the evaluation's): the result's fields
    plus ``process_s`` (open + match) and ``peak_rss_mb`` (the child's own peak)."""
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run([sys.executable, "-c", _MATCH_CHILD, str(db_path), "full" if full else "incremental", root],
                          check=True, stdout=subprocess.PIPE, text=True)
    return SimpleNamespace(**json.loads(done.stdout.strip().splitlines()[-1]))


def pair_counts(pred: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of a clustering against the truth."""
    def pairs(labels):
        _, counts = np.unique(labels, return_counts=True)
        return float((counts * (counts - 1) // 2).sum())
    joint = pred.astype(np.int64) * (int(truth.max()) + 1) + truth
    tp, predicted, actual = pairs(joint), pairs(pred), pairs(truth)
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def our_clusters(conn, ids: np.ndarray) -> np.ndarray:
    link = dict(conn.execute("SELECT mention_id, person_id FROM person_mentions"))
    return np.array([link[int(i)] for i in ids], dtype=np.int64)


def completeness(db_path: str, truth_of: dict) -> float:
    conn = sqlite3.connect(db_path)
    m = load_mentions(conn)
    cfg = MatchConfig()
    a, b, _ = candidate_pairs(m, np.ones(len(m), bool), cfg.block_cap, cfg.window)
    tr = np.array([truth_of[int(i)] for i in m.ids], dtype=np.int64)
    named = m.usable
    found = int((tr[a] == tr[b]).sum())
    _, counts = np.unique(tr[named], return_counts=True)
    total = int((counts * (counts - 1) // 2).sum())
    return found / total if total else 1.0


def oracle_answer(conn) -> int:
    """Answer every open item as the truth says, as binding decisions."""
    truth = dict(conn.execute("SELECT mention_id, person FROM bench_truth"))
    now = "2026-01-02T00:00:00+00:00"
    rows = []
    for item_id, kind, a, b, ids in conn.execute(
            "SELECT id, kind, mention_a, mention_b, mention_ids FROM review_items WHERE state = 'open'"):
        if kind == "pair":
            rows.append((item_id, a, b, "same" if truth[a] == truth[b] else "different", now))
        else:
            members = json.loads(ids)
            for x, y in zip(members, members[1:]):
                rows.append((item_id, x, y, "same" if truth[x] == truth[y] else "different", now))
            first = {}
            for x in members:
                first.setdefault(truth[x], x)
            reps = sorted(first.values())
            for i in range(len(reps)):
                for j in range(i + 1, len(reps)):
                    rows.append((item_id, reps[i], reps[j], "different", now))
    with conn:
        conn.executemany(
            "INSERT INTO decisions (review_item_id, mention_a, mention_b, verdict, binding, decided_at)"
            " VALUES (?, ?, ?, ?, 1, ?)", rows)
    return len(rows)


def run_splink(db_path: str, truth_of: dict) -> dict:
    """splink 5 on DuckDB with a conventional setup: the same fields, our name
    normalisation not applied (splink sees lower-cased, ё-folded text)."""
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import Linker, SettingsCreator, block_on
    from splink.backends.duckdb import DuckDBAPI

    conn = sqlite3.connect(db_path)
    cols = ["unique_id", "surname", "first_name", "patronymic", "birth_date", "birth_year", "death_date",
            "funeral_date", "region", "settlement", "unit"]
    rows = conn.execute(
        "SELECT id, lower(replace(replace(surname, 'ё', 'е'), 'Ё', 'Е')), lower(replace(replace(first_name, 'ё', 'е'), 'Ё', 'Е')),"
        " lower(patronymic), birth_date, substr(birth_date, 1, 4), death_date, funeral_date,"
        " COALESCE(region, region_raw), settlement, unit FROM mentions WHERE retracted_at IS NULL ORDER BY id").fetchall()
    table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(cols)})
    t0 = time.monotonic()
    db_api = DuckDBAPI()
    settings = SettingsCreator(
        link_type="dedupe_only",
        max_iterations=10,
        comparisons=[
            cl.JaroWinklerAtThresholds("surname", [0.95, 0.88]),
            cl.JaroWinklerAtThresholds("first_name", [0.95, 0.88]),
            cl.ExactMatch("patronymic"),
            cl.ExactMatch("birth_year"),
            cl.ExactMatch("death_date"),
            cl.ExactMatch("funeral_date"),
            cl.ExactMatch("region"),
            cl.ExactMatch("settlement"),
            cl.ExactMatch("unit"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "first_name"),
            block_on("first_name", "birth_year"),
            block_on("surname", "birth_year"),
        ],
    )
    linker = Linker(db_api.register(table), settings, log_level=logging.WARNING)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname", "first_name"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("birth_year"))
    preds = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(preds, 0.95).as_record_list()
    elapsed = time.monotonic() - t0
    cid = {int(r["unique_id"]): r["cluster_id"] for r in clusters}
    codes = {c: i for i, c in enumerate(sorted(set(cid.values()), key=str))}
    ids = sorted(truth_of)
    pred = np.array([codes[cid[i]] for i in ids], dtype=np.int64)
    tr = np.array([truth_of[i] for i in ids], dtype=np.int64)
    p, r, f = pair_counts(pred, tr)
    return {"precision": p, "recall": r, "f1": f, "persons": int(len(codes)), "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description="nekrolog matching benchmark")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", default="/tmp/nekrolog-bench")
    parser.add_argument("--no-splink", action="store_true")
    parser.add_argument("--names", choices=tuple(_POOLS), default=DEFAULT_NAMES, help=NAMES_HELP)
    parser.add_argument("--estimate-names", action="store_true",
                        help="first estimate the name table from the data, as `nekrolog calibrate` does")
    parser.add_argument("--config", help="matching settings (TOML, as `nekrolog match --config`) stored in"
                        " match_config before the run, so that every run of the benchmark uses them")
    parser.add_argument("--diagnose", action="store_true",
                        help="explain wrong merges and the persons left apart after review (match_diagnosis.py)")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / f"match-{args.n}-{args.seed}{'' if args.names == DEFAULT_NAMES else '-' + args.names}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    mentions, truth = generate(args.n + 1000, args.seed, args.names)
    write_db(db_path, mentions[: args.n], truth[: args.n])
    true_persons = len(set(truth[: args.n].tolist()))
    print(f"data: {args.n} mentions of {true_persons} true persons (seed {args.seed}, {args.names} name pools)")

    conn = sqlite3.connect(db_path)
    truth_of = dict(conn.execute("SELECT mention_id, person FROM bench_truth"))
    print(f"pair completeness: {completeness(str(db_path), truth_of):.4f}")

    if args.config:
        from matching.config import load_config
        cfg_db = open_db(db_path)
        settings = json.loads(load_config(cfg_db.conn, args.config).to_json())
        with cfg_db.conn:
            cfg_db.conn.execute("INSERT INTO match_config (key, value, updated_at) VALUES ('settings', ?, ?)",
                                (json.dumps(settings), "2026-01-01T00:00:00+00:00"))
        cfg_db.conn.close()
        print(f"matching settings from {args.config}")
    if args.estimate_names:
        from matching.calibrate import estimate_name_prior
        from matching.config import save_name_prior
        est_db = open_db(db_path)
        with est_db.conn:
            save_name_prior(est_db.conn, estimate_name_prior(load_mentions(est_db.conn), MatchConfig()),
                            "2026-01-01T00:00:00+00:00")
        est_db.conn.close()
        print("name table estimated from the data and stored")
    t0 = time.monotonic()
    result = match_in_process(db_path, full=True)
    wall = time.monotonic() - t0
    db = open_db(db_path)
    ids = np.array(sorted(truth_of), dtype=np.int64)
    tr = np.array([truth_of[i] for i in ids], dtype=np.int64)
    pred = our_clusters(db.conn, ids)
    p, r, f = pair_counts(pred, tr)
    items = result.review_open + result.review_insufficient
    print(f"nekrolog (own process): run {result.duration_s:.1f}s, {wall:.1f}s with process start-up,"
          f" {result.cpu_s:.1f} CPU-s (all threads), peak RSS of the match process {result.peak_rss_mb:.0f} MB;"
          f" {result.pairs_scored} pairs scored;"
          f" stages {result.timings}, CPU-s per stage {result.cpu_timings}")
    print(f"nekrolog automatic: precision {p:.4f} recall {r:.4f} F1 {f:.4f}; persons {len(set(pred.tolist()))}"
          f" vs true {true_persons}")
    print(f"review items: {result.review_open} open + {result.review_insufficient} insufficient"
          f" = {1000 * items / args.n:.1f} per 1,000 mentions ({1000 * result.review_open / args.n:.1f} open)")

    if args.diagnose:
        from match_diagnosis import wrong_merges
        print(f"wrong automatic merges: {wrong_merges(db.conn)}")

    # incremental: 1,000 more mentions
    write_db(db_path, mentions[args.n:], truth[args.n:], start=args.n)
    inc = match_in_process(db_path, full=False)
    print(f"incremental +1,000 mentions (own process): run {inc.duration_s:.1f}s, peak RSS {inc.peak_rss_mb:.0f} MB"
          f" ({inc.dirty} dirty, {inc.pairs_scored} pairs); stages {inc.timings}, CPU-s {inc.cpu_timings}")

    answered = oracle_answer(db.conn)
    t2 = time.monotonic()
    run_match(db)
    truth_of = dict(db.conn.execute("SELECT mention_id, person FROM bench_truth"))
    ids = np.array(sorted(truth_of), dtype=np.int64)
    tr = np.array([truth_of[i] for i in ids], dtype=np.int64)
    pred = our_clusters(db.conn, ids)
    p2, r2, f2 = pair_counts(pred, tr)
    counted = db.conn.execute("SELECT COUNT(*) FROM persons WHERE status = 'active' AND n_mentions > 0").fetchone()[0]
    true_all = len(set(tr.tolist()))
    print(f"after oracle review ({answered} decisions, rerun {time.monotonic() - t2:.1f}s):"
          f" precision {p2:.4f} recall {r2:.4f} F1 {f2:.4f}; persons {counted} vs true {true_all}"
          f" ({100 * (counted - true_all) / true_all:+.2f}%)")
    # what `nekrolog stats` publishes as "how far the total could fall", against the truth
    from db.stats import compute_stats
    could = compute_stats(db.conn)["matching"]
    print(f"nekrolog stats after review: total {could['total']}, {could['total_if_uncertain_pairs_merged']} if every"
          f" open ({could['open_pairs']}) and insufficient ({could['insufficient_pairs']}) pair were one person:"
          f" the total could fall by {could['total'] - could['total_if_uncertain_pairs_merged']},"
          f" it is {counted - true_all:+d} against the truth")
    print(f"peak RSS of the benchmark process (generator, evaluation, oracle rerun) {peak_rss_mb():.0f} MB")
    if args.diagnose:
        from match_diagnosis import diagnose, print_report
        print_report(diagnose(db.conn), "after oracle review")
    if not args.no_splink:
        s = run_splink(str(db_path), truth_of)
        print(f"splink 5 (DuckDB): {s['seconds']:.1f}s, precision {s['precision']:.4f} recall {s['recall']:.4f}"
              f" F1 {s['f1']:.4f}; persons {s['persons']} vs true {true_all}; peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
