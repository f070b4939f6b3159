"""How long do all the stats take for a million persons?

Generates (seeded) a real SQLite database of N persons with ~1.25 mentions each,
a mix of day, month and year precision, undated persons, all three date bases,
90 regions, 8 categories and a few thousand open review pairs; then times
``compute_stats`` with windows, coverage, an added range and a population file,
on the live table and ``--as-of`` a recent and a mid-period day, after rebuilding
the as-of spans (db/stats_asof.py) once.

    python bench/stats.py                 # 1,000,000 persons in a temp dir
    python bench/stats.py --persons 200000 --db /tmp/bench.db --keep
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from db import open_db
from db.stats import StatsOptions, compute_stats
from db.stats_asof import refresh_spans
from db.stats_inputs import PopulationRow, Window

START = date(2022, 2, 24)
DAYS = 1200
REGIONS = [f"RU-{c}" for c in (
    "AD AL BA BU DA IN KB KL KC KR KO CR ME MO SA SE TA TY UD KK CE CU ALT KAM KHA KDA KYA PER PRI STA "
    "ZAB AMU ARK AST BEL BRY VLA VGG VLG VOR IVA IRK KGD KLU KEM KIR KOS KGN KRS LEN LIP MAG MOS MUR NIZ "
    "NGR NVS OMS ORE ORL PNZ PSK ROS RYA SAM SAR SAK SVE SMO TAM TVE TOM TUL TYU ULY CHE YAR MOW SPE YEV "
    "NEN KHM CHU YAN SEV"
).split()]
CATEGORIES = ["mobilized", "volunteer", "contract", "conscript", "prisoner", "pmc", "security", "unknown"]
NOW = "2026-01-01T00:00:00+00:00"


def generate(path: Path, n_persons: int, seed: int) -> None:
    open_db(path).conn.close()  # schema and indexes, exactly as nekrolog creates them
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(
        "INSERT INTO sources (id, kind, name, created_at, updated_at) VALUES ('bench', 'custom', 'bench', ?, ?)",
        (NOW, NOW),
    )

    def person_rows():
        for pid in range(1, n_persons + 1):
            day = START + timedelta(days=min(int(rng.expovariate(1 / 400)), DAYS))
            roll = rng.random()
            value = day.isoformat() if roll < 0.8 else day.isoformat()[:7] if roll < 0.93 else day.isoformat()[:4]
            basis = rng.choices(("death", "funeral", "reported"), (0.7, 0.2, 0.1))[0]
            if rng.random() < 0.02:
                value = basis = None
            status = "merged" if rng.random() < 0.03 else "active"
            yield (
                pid, status, f"Person {pid}", value if basis == "death" else None,
                value if basis == "funeral" else None, value, value, basis,
                rng.choice(REGIONS) if rng.random() < 0.95 else None,
                rng.choice(CATEGORIES), 0 if status == "merged" else 1 + (rng.random() < 0.25), NOW, NOW,
            )

    conn.executemany(
        "INSERT INTO persons (id, status, full_name, death_date, funeral_date, reported_date, date, date_basis,"
        " region, category, n_mentions, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        person_rows(),
    )

    def mention_rows():
        mid = 0
        for pid, n_mentions, death, funeral, reported in conn.execute(
            "SELECT id, n_mentions, death_date, funeral_date, reported_date FROM persons WHERE n_mentions > 0"
        ).fetchall():
            for k in range(n_mentions):
                mid += 1
                seen = START + timedelta(days=rng.randrange(DAYS + 60))
                yield (mid, f"bench:{mid}", pid, death, funeral, reported, seen.isoformat() + "T12:00:00+00:00", k)

    rows = list(mention_rows())
    conn.executemany(
        "INSERT INTO mentions (id, key, source_id, full_name, death_date, funeral_date, reported_date,"
        " first_seen_at, updated_at) VALUES (?, ?, 'bench', 'x', ?, ?, ?, ?, ?)",
        ((m, key, d, f, r, seen, seen) for m, key, _p, d, f, r, seen, _k in rows),
    )
    conn.executemany(
        "INSERT INTO person_mentions (mention_id, person_id, linked_at) VALUES (?, ?, ?)",
        ((m, p, NOW) for m, _key, p, *_ in rows),
    )
    n_mentions = len(rows)
    conn.executemany(
        "INSERT INTO review_items (kind, item_key, mention_a, mention_b, state, created_at, updated_at)"
        " VALUES ('pair', ?, ?, ?, ?, ?, ?)",
        (
            (f"pair:{i}", a, b, rng.choice(("open", "insufficient", "decided")), NOW, NOW)
            for i, (a, b) in enumerate(
                (rng.randrange(1, n_mentions + 1), rng.randrange(1, n_mentions + 1)) for _ in range(5000)
            )
        ),
    )
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()


def options(as_of: str | None) -> StatsOptions:
    return StatsOptions(
        as_of=as_of,
        top=10,
        windows=[Window("2022-02-24", "2022-12-31"), Window("2023-01-01", "2023-12-31", 50_000.0, "bench")],
        coverage=(Fraction(45, 100), Fraction(65, 100)),
        added=(21_000, 23_500),
        population=[PopulationRow(code, 1_000_000 + 10_000 * i, None, "bench") for i, code in enumerate(REGIONS)],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20240224)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--keep", action="store_true", help="reuse --db if it exists")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.db"
        if not (args.keep and path.exists()):
            path.unlink(missing_ok=True)
            t0 = time.perf_counter()
            generate(path, args.persons, args.seed)
            print(f"generated {args.persons:,} persons in {time.perf_counter() - t0:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        # The as-of spans of persons written since the last stats run are rebuilt
        # once by a writable connection (after generation: all of them).
        writer = open_db(path)
        t0 = time.perf_counter()
        rebuilt = refresh_spans(writer.conn)
        writer.conn.close()
        print(f"as-of spans rebuilt for {rebuilt:,} persons in {time.perf_counter() - t0:.1f} s")
        db = open_db(path, readonly=True)
        # A mid-period cut-off leaves ~60% of persons with later mentions (the worst
        # case); a recent one, the usual question, leaves few.
        runs = (("all stats", None), ("all stats --as-of 2025-05-31", "2025-05-31"),
                ("all stats --as-of 2023-06-30", "2023-06-30"))
        for label, as_of in runs:
            timings = []
            for _ in range(3):
                t0 = time.perf_counter()
                result = compute_stats(db.conn, options(as_of))
                timings.append(time.perf_counter() - t0)
            print(
                f"{label}: best {min(timings):.2f} s, worst {max(timings):.2f} s of 3"
                f" (total {result['total']:,}, lower bound {result['matching']['total_if_uncertain_pairs_merged']:,},"
                f" {len(result['by_day'])} days, {len(result['by_region'])} regions)"
            )


if __name__ == "__main__":
    main()
