"""``--as-of`` from the stored spans: equal to the rule computed independently in
Python, on a random database, stored or rebuilt on the fly, and still after the
database changes under it (the triggers must list every touched person)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

from test_stats import NOW, add_person, new_db

from db import open_db
from db.dates import best_date
from db.stats import StatsOptions, compute_stats
from db.stats_asof import refresh_spans
from matching.persons import _best_date

POOL = ["2022-05", "2022-05-01", "2022-05-03", "2022", "2022-06", "2022-06-10", "2023", "2023-01-07", None]
SEEN = ["2022-03-01T10:00:00+00:00", "2022-06-30T23:59:59+00:00", "2022-07-01T00:00:00+00:00",
        "2022-09-15T08:00:00+00:00", "2023-02-01T00:00:00+00:00"]
CUTOFF_DAYS = ["2022-02-28", "2022-03-01", "2022-06-30", "2022-07-01", "2022-12-31", "2023-02-01"]


def reference(conn, as_of: str) -> dict[int, tuple]:
    """Each person counted on day ``as_of`` → (date, basis, region, category), by the
    rule of docs/stats.md written out in Python: today's matching date if all his
    active mentions were seen by then, else matching's way of combining the seen ones."""
    cutoff = (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()
    mentions: dict[int, list] = {}
    for pid, seen, death, funeral, reported in conn.execute(
        "SELECT pm.person_id, m.first_seen_at, m.death_date, m.funeral_date, m.reported_date"
        " FROM person_mentions pm JOIN mentions m ON m.id = pm.mention_id WHERE m.retracted_at IS NULL"
    ):
        mentions.setdefault(pid, []).append((seen, death, funeral, reported))
    out = {}
    for pid, day, basis, region, category in conn.execute(
        "SELECT id, date, date_basis, region, category FROM persons WHERE status = 'active' AND n_mentions > 0"
    ):
        ms = mentions.get(pid, [])
        if all(m[0] < cutoff for m in ms):
            out[pid] = (day, basis, region, category)
            continue
        seen = [m for m in ms if m[0] < cutoff]
        if seen:
            death = _best_date([m[1] for m in seen if m[1]])[0]
            funeral = _best_date([m[2] for m in seen if m[2]])[0]
            reported = min((m[3] for m in seen if m[3]), default=None)
            out[pid] = (*best_date(death, funeral, reported), region, category)
    return out


def figures(stats: dict) -> dict:
    return {k: stats[k] for k in ("total", "undated", "by_basis", "by_year", "by_month", "by_day")} | {
        "cells": sorted((c["region"] or "", c["category"] or "", c["n"]) for c in stats["by_region_category"])}


def expected_figures(states: dict[int, tuple]) -> dict:
    by_basis = {"death": 0, "funeral": 0, "reported": 0}
    years, months, days, cells = Counter(), Counter(), Counter(), Counter()
    undated = 0
    for day, basis, region, category in states.values():
        cells[(region or "", category or "")] += 1
        if day is None:
            undated += 1
            continue
        by_basis[basis] += 1
        years[day[:4]] += 1
        if len(day) >= 7:
            months[day[:7]] += 1
        if len(day) == 10:
            days[day] += 1
    return {"total": len(states), "undated": undated, "by_basis": by_basis, "by_year": dict(sorted(years.items())),
            "by_month": dict(sorted(months.items())), "by_day": dict(sorted(days.items())),
            "cells": sorted((r, c, n) for (r, c), n in cells.items())}


def random_db(path, rng: random.Random, n: int = 120):
    db = new_db(path)
    for pid in range(1, n + 1):
        mentions = []
        for _ in range(rng.randint(1, 4)):
            mentions.append({
                "first_seen_at": rng.choice(SEEN), "death_date": rng.choice(POOL),
                "funeral_date": rng.choice(POOL) if rng.random() < 0.3 else None,
                "reported_date": rng.choice(POOL) if rng.random() < 0.5 else None,
                "retracted_at": NOW if rng.random() < 0.1 else None,
            })
        active = [m for m in mentions if not m["retracted_at"]] or mentions
        death = _best_date([m["death_date"] for m in active if m["death_date"]])[0]
        funeral = _best_date([m["funeral_date"] for m in active if m["funeral_date"]])[0]
        reported = min((m["reported_date"] for m in active if m["reported_date"]), default=None)
        add_person(db.conn, pid, death=death, funeral=funeral, reported=reported,
                   region=rng.choice(["RU-BA", "RU-TA", None]), category=rng.choice(["mobilized", "pmc", None]),
                   status="merged" if rng.random() < 0.05 else "active", mentions=mentions)
    db.conn.commit()
    return db


def check_all_cutoffs(conn) -> None:
    for day in CUTOFF_DAYS:
        got = figures(compute_stats(conn, StatsOptions(as_of=day)))
        assert got == expected_figures(reference(conn, day)), day


def test_stored_and_rebuilt_spans_follow_the_rule(tmp_path):
    db = random_db(tmp_path / "r.db", random.Random(5))
    assert db.conn.execute("SELECT COUNT(*) FROM stats_asof_dirty").fetchone()[0] == 120  # nothing built yet
    check_all_cutoffs(open_db(tmp_path / "r.db", readonly=True).conn)  # rebuilt on the fly each time
    check_all_cutoffs(db.conn)  # built once, then read from the table
    assert db.conn.execute("SELECT COUNT(*) FROM stats_asof_dirty").fetchone()[0] == 0


def test_changes_mark_exactly_the_touched_persons_and_figures_follow(tmp_path):
    db = random_db(tmp_path / "c.db", random.Random(9))
    c = db.conn
    assert refresh_spans(c) == 120 and refresh_spans(c) == 0

    def mention_of(pid: int) -> int:
        return c.execute("SELECT MIN(mention_id) FROM person_mentions WHERE person_id = ?", (pid,)).fetchone()[0]

    c.execute("UPDATE mentions SET retracted_at = ? WHERE id = ?", (NOW, mention_of(1)))
    c.execute("UPDATE mentions SET first_seen_at = '2021-01-01T00:00:00+00:00' WHERE id = ?", (mention_of(2),))
    c.execute("UPDATE mentions SET death_date = '2022-06-10' WHERE id = ?", (mention_of(3),))
    c.execute("UPDATE person_mentions SET person_id = 5 WHERE mention_id = ?", (mention_of(4),))
    c.execute("UPDATE persons SET region = 'RU-MOW' WHERE id = 6")
    c.execute("UPDATE persons SET date = '2024-02-02', date_basis = 'death' WHERE id = 7")
    c.execute("UPDATE persons SET status = 'merged', n_mentions = 0 WHERE id = 8")
    c.execute("UPDATE persons SET full_name = 'Renamed' WHERE id = 9")  # not a figure: not stale
    c.execute("UPDATE mentions SET full_name = 'Renamed' WHERE id = ?", (mention_of(10),))  # neither
    add_person(c, 500, death="2023-01-07", region="RU-TA", category="pmc", mentions=[
        {"first_seen_at": SEEN[1], "death_date": "2023-01"}, {"first_seen_at": SEEN[3], "death_date": "2023-01-07"}])
    c.commit()
    stale = {r[0] for r in c.execute("SELECT person_id FROM stats_asof_dirty")}
    assert stale == {1, 2, 3, 4, 5, 6, 7, 8, 500}
    check_all_cutoffs(open_db(tmp_path / "c.db", readonly=True).conn)  # stored rows + stale ones rebuilt
    check_all_cutoffs(c)  # stale ones stored
    assert refresh_spans(c) == 0


def test_a_caller_transaction_is_never_committed(tmp_path):
    db = random_db(tmp_path / "t.db", random.Random(3), n=10)
    db.conn.execute("UPDATE persons SET region = 'RU-MOW' WHERE id = 1")
    assert db.conn.in_transaction
    check_all_cutoffs(db.conn)  # sees its own uncommitted change, through a temporary rebuild
    assert db.conn.in_transaction
    db.conn.rollback()
    assert db.conn.execute("SELECT region FROM persons WHERE id = 1").fetchone()[0] != "RU-MOW"
