"""Every figure of ``db.stats`` on a fixture small enough to count by hand."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import count

import pytest

from db import open_db
from db.stats import StatsOptions, compute_stats, iso_week, round_half_up
from db.stats_ci import wilson_cc
from db.stats_inputs import PopulationRow, StatsInputError, Window, parse_coverage, parse_window, span

NOW = "2024-01-01T00:00:00+00:00"
LATE = "2023-06-01T00:00:00+00:00"
_ids = count(1)


def add_person(
    conn,
    pid: int,
    *,
    death=None,
    funeral=None,
    reported=None,
    region=None,
    category=None,
    status="active",
    mentions=None,
):
    """A person with its mentions. ``mentions`` is a list of dicts (first_seen_at,
    optional dates, retracted_at); by default one mention carrying the person's dates."""
    if mentions is None:
        mentions = [{"first_seen_at": LATE, "death_date": death, "funeral_date": funeral, "reported_date": reported}]
    best, basis = next(((v, b) for v, b in ((death, "death"), (funeral, "funeral"), (reported, "reported")) if v), (None, None))
    n_active = sum(1 for m in mentions if not m.get("retracted_at")) if status == "active" else 0
    conn.execute(
        "INSERT INTO persons (id, status, full_name, death_date, funeral_date, reported_date, date, date_basis,"
        " region, category, n_mentions, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (pid, status, f"Person {pid}", death, funeral, reported, best, basis, region, category, n_active, NOW, NOW),
    )
    ids = []
    for m in mentions:
        mid = next(_ids)
        conn.execute(
            "INSERT INTO mentions (id, key, source_id, full_name, death_date, funeral_date, reported_date,"
            " first_seen_at, updated_at, retracted_at) VALUES (?, ?, 'src', ?, ?, ?, ?, ?, ?, ?)",
            (mid, f"k{mid}", f"Person {pid}", m.get("death_date"), m.get("funeral_date"), m.get("reported_date"),
             m["first_seen_at"], NOW, m.get("retracted_at")),
        )
        conn.execute("INSERT INTO person_mentions (mention_id, person_id, linked_at) VALUES (?, ?, ?)", (mid, pid, NOW))
        ids.append(mid)
    return ids


def add_pair(conn, a: int, b: int, state: str) -> None:
    conn.execute(
        "INSERT INTO review_items (kind, item_key, mention_a, mention_b, state, created_at, updated_at)"
        " VALUES ('pair', ?, ?, ?, ?, ?, ?)",
        (f"pair:{a}:{b}", a, b, state, NOW, NOW),
    )


def new_db(path):
    db = open_db(path)
    db.conn.execute(
        "INSERT INTO sources (id, kind, name, created_at, updated_at) VALUES ('src', 'custom', 'Source', ?, ?)", (NOW, NOW)
    )
    return db


EARLY = "2022-03-05T10:00:00+00:00"


def build_fixture(path):
    """Twelve counted persons and two that do not count (see the docstrings of the tests)."""
    db = new_db(path)
    c = db.conn
    m = {}
    m[1] = add_person(c, 1, death="2022-03-01", region="RU-BA", category="mobilized",
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022-03-01"}])
    m[2] = add_person(c, 2, death="2022-03-01", region="RU-BA", category="mobilized",
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022-03-01"}])
    m[3] = add_person(c, 3, death="2022-03-02", region="RU-TA", category="volunteer",
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022-03-02"}])
    m[4] = add_person(c, 4, death="2022-03-02", region="RU-TA", category="contract",
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022-03-02"}])
    m[5] = add_person(c, 5, death="2022-03", region="RU-BA", category="mobilized",  # month only
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022-03"}])
    m[6] = add_person(c, 6, death="2022", region="RU-TA", category="prisoner",  # year only
                      mentions=[{"first_seen_at": EARLY, "death_date": "2022"}])
    m[7] = add_person(c, 7, funeral="2022-04-10", region="RU-BA", category="mobilized",  # funeral only
                      mentions=[{"first_seen_at": "2022-03-31T23:59:59+00:00", "funeral_date": "2022-04-10"}])
    m[8] = add_person(c, 8, reported="2023-01-05")  # report only, no region or category
    m[9] = add_person(c, 9, region="RU-BA", category="mobilized")  # undated
    m[10] = add_person(c, 10, death="2023-01-02", region="RU-BA", category="contract",
                       mentions=[{"first_seen_at": "2022-04-01T00:00:00+00:00", "death_date": "2023-01-02"}])
    m[11] = add_person(c, 11, death="2023-01-01", region="RU-TA", category="conscript", mentions=[
        {"first_seen_at": "2022-03-01T00:00:00+00:00", "death_date": "2023-01-01", "retracted_at": NOW},
        {"first_seen_at": LATE, "death_date": "2023-01-01"},
    ])
    m[12] = add_person(c, 12, death="2022-03-01", status="merged", region="RU-BA", category="mobilized")
    m[13] = add_person(c, 13, death="2022-03-01", region="RU-BA", category="mobilized", mentions=[
        {"first_seen_at": EARLY, "death_date": "2022-03-01", "retracted_at": NOW}])  # no source states it any more
    # Death known only from a later report; the first one gave the funeral.
    m[14] = add_person(c, 14, death="2022-03-03", funeral="2022-03-05", region="RU-TA", category="volunteer", mentions=[
        {"first_seen_at": "2022-03-04T08:00:00+00:00", "funeral_date": "2022-03-05"},
        {"first_seen_at": "2023-02-01T08:00:00+00:00", "death_date": "2022-03-03", "funeral_date": "2022-03-05"},
    ])
    add_pair(c, m[1][0], m[2][0], "open")
    add_pair(c, m[2][0], m[3][0], "insufficient")
    add_pair(c, m[3][0], m[1][0], "open")  # closes a cycle: no further merge
    add_pair(c, m[4][0], m[12][0], "open")  # the other side is not counted
    add_pair(c, m[5][0], m[6][0], "decided")
    add_pair(c, m[14][0], m[14][1], "open")  # already one person
    c.commit()
    return db


@pytest.fixture()
def fixture_db(tmp_path):
    return build_fixture(tmp_path / "fixture.db")


def test_total_basis_and_precision(fixture_db):
    r = compute_stats(fixture_db.conn)
    # Counted: 1–11 and 14. 12 is merged, 13 has only a retracted mention.
    assert r["total"] == 12
    assert r["by_basis"] == {"death": 9, "funeral": 1, "reported": 1}
    assert r["undated"] == 1
    assert r["by_precision"] == {"day": 9, "month": 1, "year": 1}


def test_by_year_month_week_day(fixture_db):
    r = compute_stats(fixture_db.conn)
    assert r["by_year"] == {"2022": 8, "2023": 3}
    # The year-only death (person 6) is in no month; the month-only one (5) in no day or week.
    assert r["by_month"] == {"2022-03": 6, "2022-04": 1, "2023-01": 3}
    assert r["by_day"] == {
        "2022-03-01": 2, "2022-03-02": 2, "2022-03-03": 1, "2022-04-10": 1,
        "2023-01-01": 1, "2023-01-02": 1, "2023-01-05": 1,
    }
    # 2023-01-01 is a Sunday: ISO week 52 of 2022.
    assert r["by_week"] == {"2022-W09": 5, "2022-W14": 1, "2022-W52": 1, "2023-W01": 2}


def test_top_days_keep_ties(fixture_db):
    top1 = compute_stats(fixture_db.conn, StatsOptions(top=1))["top_days"]
    assert top1 == [{"date": "2022-03-01", "n": 2}, {"date": "2022-03-02", "n": 2}]
    top3 = compute_stats(fixture_db.conn, StatsOptions(top=3))["top_days"]
    assert [d["n"] for d in top3] == [2, 2, 1, 1, 1, 1, 1]
    assert compute_stats(fixture_db.conn, StatsOptions(top=0))["top_days"] == []


def test_windows_count_partial_dates_only_when_wholly_inside(fixture_db):
    options = StatsOptions(windows=[parse_window("2022-03", "2022-03"), parse_window("2022-03-02", "2022-03-15")])
    march, part = compute_stats(fixture_db.conn, options)["windows"]
    assert (march["from"], march["to"]) == ("2022-03-01", "2022-03-31")
    assert march["n"] == 6  # four day dates, 03-03 and the month-only 2022-03
    assert march["n_imprecise_overlapping"] == 1  # the year-only 2022
    assert part["n"] == 3 and part["n_imprecise_overlapping"] == 2
    assert march["km2"] is None and march["per_km2"] is None


def test_territory_window_per_km2_named_and_estimated(fixture_db):
    options = StatsOptions(
        windows=[Window("2022-03-01", "2022-03-31", 1000.0, "ISW")],
        coverage=(Fraction(1, 2), Fraction(3, 4)),
    )
    (w,) = compute_stats(fixture_db.conn, options)["windows"]
    assert w["n"] == 6 and w["km2"] == 1000.0 and w["per_km2"] == pytest.approx(0.006)
    assert (w["est_low"], w["est_high"]) == (8, 12)  # 6 / 0.75, 6 / 0.5
    assert w["per_km2_low"] == pytest.approx(0.008) and w["per_km2_high"] == pytest.approx(0.012)


def test_region_category_and_cross_table(fixture_db):
    r = compute_stats(fixture_db.conn)
    assert [(x["region"], x["n"]) for x in r["by_region"]] == [("RU-BA", 6), ("RU-TA", 5), (None, 1)]
    assert r["by_region"][0]["name"] == "Республика Башкортостан"
    cats = {x["category"]: (x["n"], x["share"]) for x in r["by_category"]}
    assert cats == {
        "mobilized": (5, 5 / 12), "volunteer": (2, 2 / 12), "contract": (2, 2 / 12),
        "prisoner": (1, 1 / 12), "conscript": (1, 1 / 12), None: (1, 1 / 12),
    }
    cross = {(x["region"], x["category"]): x["n"] for x in r["by_region_category"]}
    assert cross == {
        ("RU-BA", "mobilized"): 5, ("RU-BA", "contract"): 1, ("RU-TA", "volunteer"): 2,
        ("RU-TA", "contract"): 1, ("RU-TA", "prisoner"): 1, ("RU-TA", "conscript"): 1, (None, None): 1,
    }


def test_estimate_rounds_to_nearest_person_and_per_year(fixture_db):
    options = StatsOptions(coverage=parse_coverage("45%:55%"), added=(100, 200), added_label="DPR/LPR forces")
    est = compute_stats(fixture_db.conn, options)["estimate"]
    assert est["coverage"] == [0.45, 0.55]
    assert (est["low"], est["high"]) == (22, 27)  # 12/0.55 = 21.8, 12/0.45 = 26.7
    assert est["added"] == [100, 200] and est["added_label"] == "DPR/LPR forces"
    assert (est["total_low"], est["total_high"]) == (122, 227)
    assert est["by_year"]["2022"] == {"named": 8, "low": 15, "high": 18}  # 14.5 → 15, 17.8 → 18
    assert est["by_year"]["2023"] == {"named": 3, "low": 5, "high": 7}  # 5.45, 6.67
    assert compute_stats(fixture_db.conn)["estimate"] is None


def test_round_half_up_is_not_bankers_rounding():
    assert round_half_up(Fraction(5, 2)) == 3
    assert round_half_up(Fraction(29, 2)) == 15
    assert round_half_up(Fraction(49, 10)) == 5 and round_half_up(Fraction(41, 10)) == 4


def newcombe_cc(x: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Newcombe (1998) method 4, written independently of db.stats_ci."""
    p, q = x / n, 1 - x / n
    lo = 0.0 if x == 0 else (2 * n * p + z * z - 1 - z * math.sqrt(z * z - 2 - 1 / n + 4 * p * (n * q + 1))) / (2 * (n + z * z))
    hi = 1.0 if x == n else (2 * n * p + z * z + 1 + z * math.sqrt(z * z + 2 - 1 / n + 4 * p * (n * q - 1))) / (2 * (n + z * z))
    return lo, hi


@pytest.mark.parametrize("x,n", [(30, 100), (6, 100_000), (1, 50), (0, 20), (20, 20), (412, 1_100_000)])
def test_wilson_cc_matches_newcombe(x, n):
    assert wilson_cc(x, n) == pytest.approx(newcombe_cc(x, n), rel=1e-12, abs=1e-15)


def test_wilson_cc_matches_r_prop_test():
    # R 4.x: prop.test(30, 100)$conf.int → 0.2145426 0.4010604
    low, high = wilson_cc(30, 100)
    assert round(low, 7) == 0.2145426 and round(high, 7) == 0.4010604


def test_population_rates_sorted_with_wilson_interval(fixture_db):
    population = [
        PopulationRow("RU-BA", 100_000, "Rosstat 2021", "p.csv:2"),
        PopulationRow("RU-TA", 50_000, None, "p.csv:3"),
        PopulationRow("RU-MOW", 13_000_000, None, "p.csv:4"),
    ]
    rows = compute_stats(fixture_db.conn, StatsOptions(population=population))["by_region"]
    assert [r["region"] for r in rows] == ["RU-TA", "RU-BA", "RU-MOW", None]
    ta, ba, mow, none = rows
    assert ta["rate_per_100k"] == pytest.approx(10.0) and ba["rate_per_100k"] == pytest.approx(6.0)
    lo, hi = newcombe_cc(6, 100_000)
    assert (ba["ci_low"], ba["ci_high"]) == (pytest.approx(lo * 1e5), pytest.approx(hi * 1e5))
    assert ba["population_label"] == "Rosstat 2021"
    assert mow["n"] == 0 and mow["rate_per_100k"] == 0 and mow["ci_low"] == 0
    assert none["population"] is None and none["rate_per_100k"] is None


def test_population_smaller_than_count_is_an_error(fixture_db):
    with pytest.raises(ValueError, match="p.csv:7"):
        compute_stats(fixture_db.conn, StatsOptions(population=[PopulationRow("RU-BA", 5, None, "p.csv:7")]))


def test_total_if_uncertain_pairs_were_one_person(fixture_db):
    m = compute_stats(fixture_db.conn)["matching"]
    # Pairs 1–2, 2–3, 3–1 join three persons into one; 4–12 (not counted), the
    # decided pair and the pair inside person 14 change nothing.
    assert m["total_if_uncertain_pairs_merged"] == 10
    assert (m["open_pairs"], m["insufficient_pairs"]) == (2, 1)


def test_as_of_ignores_later_mentions_and_recomputes_the_date(fixture_db):
    r = compute_stats(fixture_db.conn, StatsOptions(as_of="2022-03-31"))
    # Seen by then: 1–6 (03-05), 14's funeral report (03-04), 7 at 23:59:59 on 03-31.
    # Not 10 (seen 04-01 00:00), not 11 (its early mention is retracted).
    assert r["total"] == 8
    assert r["by_basis"] == {"death": 6, "funeral": 2, "reported": 0}
    assert r["by_day"] == {"2022-03-01": 2, "2022-03-02": 2, "2022-03-05": 1, "2022-04-10": 1}
    assert r["by_year"] == {"2022": 8}
    assert r["matching"]["total_if_uncertain_pairs_merged"] == 6
    assert compute_stats(fixture_db.conn, StatsOptions(as_of="2022-03-04"))["total"] == 1  # only 14
    assert compute_stats(fixture_db.conn, StatsOptions(as_of="2021-01-01"))["total"] == 0


def test_as_of_after_every_mention_equals_the_live_figures(fixture_db):
    options = dict(top=3, windows=[Window("2022-03-01", "2022-03-31")], coverage=(Fraction(1, 2), Fraction(1)))
    live = compute_stats(fixture_db.conn, StatsOptions(**options))
    later = compute_stats(fixture_db.conn, StatsOptions(as_of="2030-01-01", **options))
    for key in ("as_of", "generated_at"):
        live.pop(key), later.pop(key)
    assert later == live


def test_as_of_runs_on_a_read_only_connection(tmp_path):
    build_fixture(tmp_path / "ro.db").conn.close()
    ro = open_db(tmp_path / "ro.db", readonly=True)
    assert compute_stats(ro.conn, StatsOptions(as_of="2022-03-31"))["total"] == 8


def test_iso_week_and_span_edges():
    assert iso_week("2021-01-03") == "2020-W53" and iso_week("2024-12-30") == "2025-W01"
    assert span("2024-02") == ("2024-02-01", "2024-02-29") and span("2023-12") == ("2023-12-01", "2023-12-31")
    assert span("2023") == ("2023-01-01", "2023-12-31") and span("2023-02-30") is None


@pytest.mark.parametrize("bad", ["0.5", "0:0.5", "0.6:0.5", "x:1", "0.5:1.2"])
def test_bad_coverage_is_refused(bad):
    with pytest.raises(StatsInputError, match="--coverage"):
        parse_coverage(bad)


def test_bad_window_is_refused():
    with pytest.raises(StatsInputError, match="after it ends"):
        parse_window("2023-05", "2023-04-30")
    with pytest.raises(StatsInputError, match="not a date"):
        parse_window("2023-13", "2024")


def test_as_of_recomputes_dates_as_matching_combines_them(tmp_path):
    db = new_db(tmp_path / "combine.db")
    early, later = "2022-06-01T00:00:00+00:00", "2022-09-01T00:00:00+00:00"
    # Early reports: 2022-05 agrees with both days, so matching's choice (most agreement
    # first) is the month; the later report would change that but is not seen yet.
    add_person(db.conn, 1, death="2022-05-03", reported="2022-05-10", mentions=[
        {"first_seen_at": early, "death_date": "2022-05", "reported_date": "2022-05-20"},
        {"first_seen_at": early, "death_date": "2022-05-03", "reported_date": "2022-05-10"},
        {"first_seen_at": early, "death_date": "2022-05-01", "reported_date": "2022-05-12"},
        {"first_seen_at": later, "death_date": "2022-05-03"},
    ])
    # Compatible values: the most precise wins; conflicting equally supported days: the latest.
    add_person(db.conn, 4, death="2022-06-02", mentions=[
        {"first_seen_at": early, "death_date": "2022-06"},
        {"first_seen_at": early, "death_date": "2022-06-02"},
        {"first_seen_at": later, "death_date": "2022-06-02"},
    ])
    add_person(db.conn, 5, death="2022-07-01", mentions=[
        {"first_seen_at": early, "death_date": "2022-07-01"},
        {"first_seen_at": early, "death_date": "2022-07-04"},
        {"first_seen_at": later, "death_date": "2022-07-01"},
    ])
    # All mentions seen: matching's stored date stands even where the mentions alone
    # would say otherwise.
    add_person(db.conn, 2, death="2022-05-07", mentions=[{"first_seen_at": early, "death_date": "2022-05-08"}])
    db.conn.commit()
    r = compute_stats(db.conn, StatsOptions(as_of="2022-07-01"))
    assert r["by_day"] == {"2022-05-07": 1, "2022-06-02": 1, "2022-07-04": 1}
    assert r["by_month"]["2022-05"] == 2  # person 1 (month only) and person 2
    add_person(db.conn, 3, reported="2022-05-12", mentions=[
        {"first_seen_at": early, "reported_date": "2022-05-20"},
        {"first_seen_at": early, "reported_date": "2022-05-12"},
        {"first_seen_at": later, "death_date": "2022-05-02"},
    ])
    db.conn.commit()
    r = compute_stats(db.conn, StatsOptions(as_of="2022-07-01"))
    assert r["by_day"] == {"2022-05-07": 1, "2022-06-02": 1, "2022-07-04": 1, "2022-05-12": 1}
    assert r["by_basis"] == {"death": 4, "funeral": 0, "reported": 1}
    # After every mention: matching's stored dates.
    assert compute_stats(db.conn)["by_day"] == {
        "2022-05-03": 1, "2022-05-07": 1, "2022-06-02": 1, "2022-07-01": 1, "2022-05-12": 1}


def test_as_of_date_choice_agrees_with_matching_on_random_conflicts(tmp_path):
    import random

    from db.stats import _close_source, _open_source
    from matching.persons import _best_date

    rng = random.Random(11)
    pool = ["2022-05", "2022-05-01", "2022-05-03", "2022", "2022-06", "2022-06-10", "2023"]
    db = new_db(tmp_path / "random.db")
    expected = {}
    for pid in range(1, 301):
        early = [rng.choice(pool + [None]) for _ in range(rng.randint(1, 5))]
        mentions = [{"first_seen_at": EARLY, "death_date": v} for v in early]
        mentions.append({"first_seen_at": LATE, "death_date": "2024-01-01"})
        add_person(db.conn, pid, death="2024-01-01", reported="2022-01-01", mentions=mentions)
        expected[pid] = _best_date([v for v in early if v])[0]
    db.conn.commit()
    # First rebuilt on the fly (a read-only connection cannot store them), then stored.
    for conn in (open_db(tmp_path / "random.db", readonly=True).conn, db.conn):
        source = _open_source(conn, "2022-12-31")
        got = {}
        for relation, where in source.parts:
            sql = f"SELECT person_id, CASE WHEN date_basis = 'death' THEN date END FROM {relation} WHERE {where}"  # noqa: S608
            got.update(conn.execute(sql, source.params))
        _close_source(conn, source)
        assert got == expected
    assert db.conn.execute("SELECT COUNT(*) FROM stats_asof_dirty").fetchone()[0] == 0
