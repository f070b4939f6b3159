"""The main figures of ``nekrolog stats`` as plain SELECTs, for Datasette's canned
queries (and anyone with an SQLite shell). They follow the rules of db/stats.py
— counted persons, best date, precision kept — and the tests check that both give
the same numbers.

Each query reads the ``counted_persons`` view. The SQL is assembled from the
constant fragments below only (hence the S608 waivers); values are parameters. ``region_name(code)`` and
``category_label(code)`` are SQL functions that ``nekrolog serve`` registers.
"""

from __future__ import annotations

from db.stats_asof import asof_ctes

#: 'day', 'month', 'year' for a valid partial date, NULL otherwise. date(x) = x
#: rejects impossible days such as 2023-02-30, which SQLite would roll over.
PRECISION = (
    "CASE WHEN length(date) = 10 AND date(date) = date THEN 'day'"
    " WHEN length(date) = 7 AND date(date || '-01') = date || '-01' THEN 'month'"
    " WHEN length(date) = 4 AND date GLOB '[0-9][0-9][0-9][0-9]' THEN 'year' END"
)

#: First and last day a partial date can denote.
SPAN_START = "CASE length(date) WHEN 10 THEN date WHEN 7 THEN date || '-01' ELSE date || '-01-01' END"
SPAN_END = (
    "CASE length(date) WHEN 10 THEN date WHEN 7 THEN date(date || '-01', '+1 month', '-1 day')"
    " ELSE date || '-12-31' END"
)

#: The Thursday of a day's ISO week decides the ISO year and week number.
_THURSDAY = "date(date, '-3 days', 'weekday 4')"
ISO_WEEK = (
    f"strftime('%Y', {_THURSDAY}) || '-W' || printf('%02d', (CAST(strftime('%j', {_THURSDAY}) AS INTEGER) - 1) / 7 + 1)"
)

# Persons are first counted per distinct (date, basis) — one pass over a covering
# index — and the date functions then run on those few thousand rows, not per person.
_DAYS = "(SELECT date, date_basis, COUNT(*) AS n FROM counted_persons GROUP BY date, date_basis)"
_DATED = f"FROM (SELECT *, {PRECISION} AS precision FROM {_DAYS}) WHERE precision IS NOT NULL"  # noqa: S608 - constant fragments

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "summary": {
        "title": "Total, date basis and precision",
        "description": "Counted persons; how many were dated by death, funeral or report date; how many are undated; "
        "and to what precision their best date is known.",
        "sql": f"""SELECT COALESCE(SUM(n), 0) AS total,
  COALESCE(SUM(CASE WHEN precision IS NOT NULL AND date_basis = 'death' THEN n END), 0) AS death,
  COALESCE(SUM(CASE WHEN precision IS NOT NULL AND date_basis = 'funeral' THEN n END), 0) AS funeral,
  COALESCE(SUM(CASE WHEN precision IS NOT NULL AND date_basis = 'reported' THEN n END), 0) AS reported,
  COALESCE(SUM(CASE WHEN precision IS NULL THEN n END), 0) AS undated,
  COALESCE(SUM(CASE WHEN precision = 'day' THEN n END), 0) AS day_precision,
  COALESCE(SUM(CASE WHEN precision = 'month' THEN n END), 0) AS month_only,
  COALESCE(SUM(CASE WHEN precision = 'year' THEN n END), 0) AS year_only
FROM (SELECT date_basis, n, {PRECISION} AS precision FROM {_DAYS})""",  # noqa: S608
    },
    "by_year": {
        "title": "Persons by year of best date",
        "description": "Every dated person, in the year of the best date (death, else funeral, else reported).",
        "sql": f"SELECT substr(date, 1, 4) AS year, SUM(n) AS n {_DATED} GROUP BY year ORDER BY year",
    },
    "by_month": {
        "title": "Persons by month of best date",
        "description": "Persons dated to the day or month; a year-only date is in no month.",
        "sql": f"SELECT substr(date, 1, 7) AS month, SUM(n) AS n {_DATED} AND precision IN ('day', 'month')"
        " GROUP BY month ORDER BY month",
    },
    "by_week": {
        "title": "Persons by ISO week of best date",
        "description": "Persons dated to the day, by ISO 8601 week (weeks start on Monday).",
        "sql": f"SELECT {ISO_WEEK} AS iso_week, MIN(date(date, '-6 days', 'weekday 1')) AS week_start, SUM(n) AS n"
        f" {_DATED} AND precision = 'day' GROUP BY iso_week ORDER BY iso_week",
    },
    "by_day": {
        "title": "Persons by day of best date",
        "description": "Persons dated to the day; a month-only date is on no day.",
        "sql": f"SELECT date, SUM(n) AS n {_DATED} AND precision = 'day' GROUP BY date ORDER BY date",
    },
    "top_days": {
        "title": "Deadliest days",
        "description": "The :top days with most persons dated to them; days tied with the last place are all listed.",
        "sql": f"""WITH days AS (SELECT date, SUM(n) AS n {_DATED} AND precision = 'day' GROUP BY date)
SELECT date, n FROM days
WHERE n >= COALESCE((SELECT n FROM days ORDER BY n DESC, date LIMIT 1 OFFSET CAST(:top AS INTEGER) - 1),
                    (SELECT MIN(n) FROM days))
  AND CAST(:top AS INTEGER) > 0
ORDER BY n DESC, date""",  # noqa: S608
    },
    "window": {
        "title": "Persons in a window",
        "description": "Persons whose best date lies within :from..:to (inclusive, YYYY-MM-DD). A month- or year-only "
        "date counts only if its whole span is inside; those straddling an edge are counted separately.",
        "sql": f"""SELECT :from AS "from", :to AS "to",
  COALESCE(SUM(CASE WHEN span_start >= :from AND span_end <= :to THEN n END), 0) AS n,
  COALESCE(SUM(CASE WHEN NOT (span_start >= :from AND span_end <= :to) AND span_start <= :to AND span_end >= :from
                    THEN n END), 0) AS n_imprecise_overlapping
FROM (SELECT {SPAN_START} AS span_start, {SPAN_END} AS span_end, n {_DATED})""",  # noqa: S608
    },
    "by_region": {
        "title": "Persons by region",
        "description": "Counted persons by home region (ISO 3166-2 code and name).",
        "sql": "SELECT region, region_name(region) AS name, COUNT(*) AS n FROM counted_persons"
        " GROUP BY region ORDER BY region IS NULL, n DESC, region",
    },
    "by_category": {
        "title": "Persons by category",
        "description": "Counted persons by category (mobilized, volunteer, contract, …) and their share of the total.",
        "sql": "SELECT category, category_label(category) AS label, COUNT(*) AS n,"
        " COUNT(*) * 1.0 / (SELECT COUNT(*) FROM counted_persons) AS share FROM counted_persons"
        " GROUP BY category ORDER BY category IS NULL, n DESC, category",
    },
    "region_category": {
        "title": "Region × category",
        "description": "Counted persons by region and category.",
        "sql": "SELECT region, category, COUNT(*) AS n FROM counted_persons GROUP BY region, category"
        " ORDER BY region IS NULL, region, category IS NULL, category",
    },
    "by_year_as_of": {
        "title": "Persons by year, as of a day",
        "description": "The yearly totals as they stood on :as_of (YYYY-MM-DD): mentions first seen later are "
        "ignored and best dates recomputed from the earlier ones. Compare with by_year to see late reports.",
        "sql": "WITH"  # noqa: S608
        + asof_ctes("date(:as_of, '+1 day')")
        + f""",
dated AS (SELECT date, n, {PRECISION} AS precision FROM (SELECT date, COUNT(*) AS n FROM asof GROUP BY date))
SELECT CASE WHEN precision IS NULL THEN 'undated' ELSE substr(date, 1, 4) END AS year, SUM(n) AS n
FROM dated GROUP BY year ORDER BY year = 'undated', year""",  # noqa: S608
    },
}
