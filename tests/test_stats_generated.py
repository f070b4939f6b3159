"""A dataset generated in code whose true figures are known before any SQL runs."""

from __future__ import annotations

import random
from datetime import date, timedelta

from test_stats import add_person, new_db

from db.stats import StatsOptions, compute_stats
from db.stats_inputs import parse_window

SPIKE_DAY = "2023-05-20"
SPIKE_EXTRA = 500


def generate(conn, seed: int = 7) -> dict:
    """2022-03-01..2022-12-31: 3 deaths a day; 2023: 2 a day plus 500 on SPIKE_DAY;
    2024: 10 month-only deaths each month and 50 year-only. Every 4th person is
    from Bashkortostan. Order, regions of the rest and bases are shuffled by the seed."""
    rng = random.Random(seed)
    dates: list[str] = []
    day = date(2022, 3, 1)
    while day <= date(2022, 12, 31):
        dates += [day.isoformat()] * 3
        day += timedelta(days=1)
    day = date(2023, 1, 1)
    while day <= date(2023, 12, 31):
        dates += [day.isoformat()] * 2
        day += timedelta(days=1)
    dates += [SPIKE_DAY] * SPIKE_EXTRA
    dates += [f"2024-{m:02d}" for m in range(1, 13) for _ in range(10)]
    dates += ["2024"] * 50
    rng.shuffle(dates)
    bashkir = 0
    for pid, value in enumerate(dates, start=1):
        region = "RU-BA" if pid % 4 == 0 else rng.choice(["RU-TA", "RU-MOW", "RU-SPE"])
        bashkir += region == "RU-BA"
        basis = rng.choice(["death", "funeral", "reported"])
        add_person(conn, pid, region=region, category="mobilized", **{
            {"death": "death", "funeral": "funeral", "reported": "reported"}[basis]: value})
    conn.commit()
    return {"n": len(dates), "bashkir": bashkir}


def test_generated_dataset_is_reproduced_exactly(tmp_path):
    db = new_db(tmp_path / "generated.db")
    truth = generate(db.conn)
    days_2022 = (date(2022, 12, 31) - date(2022, 3, 1)).days + 1  # 306
    expected_years = {"2022": 3 * days_2022, "2023": 2 * 365 + SPIKE_EXTRA, "2024": 120 + 50}

    options = StatsOptions(
        top=1,
        windows=[
            parse_window("2022-03-01", "2022-03-31"),
            parse_window(SPIKE_DAY, SPIKE_DAY),
            parse_window("2024-01", "2024-06"),
        ],
    )
    r = compute_stats(db.conn, options)

    assert r["total"] == truth["n"] == sum(expected_years.values())
    assert r["by_year"] == expected_years
    assert r["undated"] == 0
    assert r["top_days"] == [{"date": SPIKE_DAY, "n": SPIKE_EXTRA + 2}]
    assert r["by_month"]["2022-07"] == 31 * 3 and r["by_month"]["2024-02"] == 10
    assert r["by_month"]["2023-05"] == 31 * 2 + SPIKE_EXTRA
    march, spike, half_2024 = r["windows"]
    assert march["n"] == 93
    assert spike["n"] == SPIKE_EXTRA + 2
    assert half_2024["n"] == 60 and half_2024["n_imprecise_overlapping"] == 50
    regions = {row["region"]: row["n"] for row in r["by_region"]}
    assert regions["RU-BA"] == truth["bashkir"] == truth["n"] // 4
    assert sum(r["by_week"].values()) == r["by_precision"]["day"] == 3 * days_2022 + 2 * 365 + SPIKE_EXTRA
    assert sum(r["by_basis"].values()) == truth["n"]
