"""The published figures, computed from persons (never from mentions).

Who counts: ``persons`` with ``status = 'active'`` and ``n_mentions > 0`` (the
``counted_persons`` view). Each is counted once, on its best date (death, else
funeral, else first report), at the precision the sources give: a month-only
date counts in its month and year, never on a day; a year-only date only in its
year. ``docs/stats.md`` states every rule; this module implements them.

Speed: persons are read by two GROUP BY scans (per date and basis, per region and
category) that covering indexes answer without touching the table; every other
figure is derived from those few thousand aggregate rows.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any

from db.categories import category_label
from db.dates import DATE_BASES, parse_partial
from db.regions import region_name
from db.stats_ci import wilson_cc
from db.stats_inputs import PopulationRow, Window, span

#: The rule printed with every set of figures.
DATE_RULE = (
    "Each person is counted once, on the best date: the date of death, else the funeral date, "
    "else the date the death was first reported. A month-only date counts in its month and year "
    "but on no day or week; a year-only date only in its year."
)
COUNTED_RULE = "Counted: persons (merged mentions) that are active and still stated by at least one source."

_COUNTED_WHERE = "status = 'active' AND n_mentions > 0"

# A person's dates among the mentions seen by the cut-off, chosen as matching
# chooses them (matching/persons.py, _best_date): for death and funeral the value
# compatible with most of the others (partial dates are compatible when one is a
# prefix of the other), then the most precise, then the most frequent, then the
# latest; for the report date the smallest.
_BEST_CTE = """
{name} AS (
    SELECT pid, v FROM (
        SELECT d.pid AS pid, d.v AS v, ROW_NUMBER() OVER (
            PARTITION BY d.pid ORDER BY
                SUM(b.{col} = substr(d.v, 1, length(b.{col})) OR d.v = substr(b.{col}, 1, length(d.v))) DESC,
                length(d.v) DESC, SUM(b.{col} = d.v) DESC, d.v DESC) AS rank
        FROM (SELECT DISTINCT pid, {col} AS v FROM {seen_m} WHERE {col} IS NOT NULL) d
        JOIN {seen_m} b ON b.pid = d.pid AND b.{col} IS NOT NULL
        GROUP BY d.pid, d.v
    ) WHERE rank = 1
)"""


def _late_sql(cutoff: str) -> str:
    """Persons with an active mention first seen at or after the cut-off — the only
    ones whose as-of figures can differ from today's — as (id, mixed): mixed = 1 if
    some of their mentions had been seen by then (only those need their dates
    recomputed; the others were not known at all). One pass in person order."""
    return (
        f"SELECT pm.person_id AS id, MAX(m.first_seen_at < {cutoff}) AS mixed"  # noqa: S608 - constant expression
        " FROM person_mentions pm JOIN mentions m ON m.id = pm.mention_id WHERE m.retracted_at IS NULL"
        f" GROUP BY pm.person_id HAVING MAX(m.first_seen_at >= {cutoff})"
    )


def _seen_mentions_sql(cutoff: str, late: str) -> str:
    """The late persons' active mentions seen by the cut-off: (pid, death, funeral, reported).

    CROSS JOIN fixes the order: from the late persons to their mentions. Left to
    itself the planner (which has no statistics on the temp table) would walk every
    mention seen before the cut-off instead."""
    return f"""
    SELECT pm.person_id AS pid, NULLIF(m.death_date, '') AS death, NULLIF(m.funeral_date, '') AS funeral,
           NULLIF(m.reported_date, '') AS reported
    FROM {late} l CROSS JOIN person_mentions pm ON pm.person_id = l.id CROSS JOIN mentions m ON m.id = pm.mention_id
    WHERE l.mixed = 1 AND m.retracted_at IS NULL AND m.first_seen_at < {cutoff}"""  # noqa: S608


def _late_asof_ctes(seen_m: str) -> str:
    """CTEs ending in ``late_asof``: the late persons as they stood at the cut-off,
    from their seen mentions (relation ``seen_m``, see _seen_mentions_sql). A late
    person none of whose mentions had been seen is absent."""
    return """
seen AS (SELECT pid, MIN(reported) AS reported_date FROM {seen_m} GROUP BY pid),{death_best},{funeral_best},
late_asof AS (
    SELECT p.id AS id, p.region AS region, p.category AS category,
           COALESCE(d.v, f.v, s.reported_date) AS date,
           CASE WHEN d.v IS NOT NULL THEN 'death'
                WHEN f.v IS NOT NULL THEN 'funeral'
                WHEN s.reported_date IS NOT NULL THEN 'reported' END AS date_basis
    FROM seen s JOIN persons p ON p.id = s.pid
    LEFT JOIN death_best d ON d.pid = s.pid LEFT JOIN funeral_best f ON f.pid = s.pid
    WHERE p.status = 'active' AND p.n_mentions > 0
)""".format(  # noqa: S608 - callers pass constant SQL expressions
        death_best=_BEST_CTE.format(name="death_best", col="death", seen_m=seen_m),
        funeral_best=_BEST_CTE.format(name="funeral_best", col="funeral", seen_m=seen_m),
        seen_m=seen_m,
    )


def asof_ctes(cutoff: str) -> str:
    """CTEs ending in ``asof(id, region, category, date, date_basis)``: the counted
    persons as of a cut-off (an SQL expression for the first instant *not*
    included). A person all of whose active mentions were seen by then keeps
    matching's best date; one with later mentions gets it recomputed from the
    earlier ones. Used by Datasette's canned queries; compute_stats does the same
    in steps (see _open_source)."""
    return (
        f"\nlate AS ({_late_sql(cutoff)}),"  # noqa: S608 - constant SQL fragments only
        + f"\nseen_m AS MATERIALIZED ({_seen_mentions_sql(cutoff, 'late')}),"
        + _late_asof_ctes("seen_m")
        + ",\nasof AS (SELECT id, region, category, date, date_basis FROM persons"  # noqa: S608
        f" WHERE {_COUNTED_WHERE} AND id NOT IN (SELECT id FROM late)"
        " UNION ALL SELECT id, region, category, date, date_basis FROM late_asof)"
    )


_LATE_CREATE = "CREATE TEMP TABLE nk_stats_late (id INTEGER PRIMARY KEY, mixed INTEGER NOT NULL)"
_LATE_FILL = "INSERT INTO nk_stats_late (id, mixed) " + _late_sql(":cutoff")  # noqa: S608 - constants
_LATE_ASOF_CREATE = (
    "CREATE TEMP TABLE nk_stats_late_asof (id INTEGER PRIMARY KEY, region TEXT, category TEXT, date TEXT, date_basis TEXT)"
)
_SEEN_CREATE = "CREATE TEMP TABLE nk_stats_seen (pid INTEGER, death TEXT, funeral TEXT, reported TEXT)"
_SEEN_FILL = "INSERT INTO nk_stats_seen " + _seen_mentions_sql(":cutoff", "temp.nk_stats_late")  # noqa: S608
_SEEN_INDEX = "CREATE INDEX temp.nk_stats_seen_pid ON nk_stats_seen(pid)"
_LATE_ASOF_FILL = (
    "INSERT INTO nk_stats_late_asof (id, region, category, date, date_basis) WITH"  # noqa: S608 - constants
    + _late_asof_ctes("temp.nk_stats_seen")
    + " SELECT id, region, category, date, date_basis FROM late_asof"
)


@dataclass
class StatsOptions:
    as_of: str | None = None  # YYYY-MM-DD: ignore mentions first seen after this day (UTC)
    top: int = 10
    windows: list[Window] = field(default_factory=list)
    coverage: tuple[Fraction, Fraction] | None = None
    added: tuple[int, int] | None = None
    added_label: str | None = None
    population: list[PopulationRow] | None = None
    lang: str = "ru"


@dataclass
class _Source:
    """Where the counted persons are read from: (relation, condition, sign) parts
    whose counts add up — today's persons; or, as of a day, today's persons except
    the late ones, plus the late ones as they stood then."""

    parts: list[tuple[str, str, int]]
    members: list[tuple[str, str]]  # (relation, condition) whose union is the counted persons
    as_of: str | None

    def contains(self, column: str) -> str:
        """SQL condition: the person id in ``column`` is counted."""
        return "(" + " OR ".join(  # noqa: S608 - members and column are constants
            f"EXISTS (SELECT 1 FROM {relation} WHERE id = {column} AND {where})"  # noqa: S608
            for relation, where in self.members
        ) + ")"


def _cutoff(as_of: str) -> str:
    """``first_seen_at`` strings are UTC ISO timestamps, so "on or before day D" is
    "sorts before the next day"."""
    return (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()


def _open_source(conn: sqlite3.Connection, as_of: str | None) -> _Source:
    if as_of is None:
        return _Source([("persons", _COUNTED_WHERE, 1)], [("persons", _COUNTED_WHERE)], None)
    _close_source(conn, _Source([], [], as_of))
    # The snapshot tables can hold a row per person; on disk they would double the time.
    conn.execute("PRAGMA temp_store = MEMORY")
    params = {"cutoff": _cutoff(as_of)}
    conn.execute(_LATE_CREATE)
    conn.execute(_LATE_FILL, params)
    conn.execute(_SEEN_CREATE)
    conn.execute(_SEEN_FILL, params)
    # Choosing a date compares each person's mentions with each other: the index
    # keeps that per person instead of across all of them.
    conn.execute(_SEEN_INDEX)
    conn.execute(_LATE_ASOF_CREATE)
    conn.execute(_LATE_ASOF_FILL)
    return _Source(
        [
            # The covering indexes still answer this part: rowid is in every index entry.
            ("persons", f"{_COUNTED_WHERE} AND id NOT IN (SELECT id FROM temp.nk_stats_late)", 1),  # noqa: S608
            ("temp.nk_stats_late_asof", "1", 1),
        ],
        [
            ("persons", f"{_COUNTED_WHERE} AND id NOT IN (SELECT id FROM temp.nk_stats_late)"),  # noqa: S608
            ("temp.nk_stats_late_asof", "1"),
        ],
        as_of,
    )


def _close_source(conn: sqlite3.Connection, source: _Source) -> None:
    if source.as_of is not None:
        conn.execute("DROP TABLE IF EXISTS temp.nk_stats_late")
        conn.execute("DROP TABLE IF EXISTS temp.nk_stats_late_asof")
        conn.execute("DROP TABLE IF EXISTS temp.nk_stats_seen")


def _grouped(conn: sqlite3.Connection, source: _Source, columns: str) -> list[tuple]:
    """(*columns, n) over the counted persons; ``columns`` is a constant list."""
    totals: dict[tuple, int] = defaultdict(int)
    for relation, where, sign in source.parts:
        # relation, where and columns are module constants, never user input.
        sql = f"SELECT {columns}, COUNT(*) FROM {relation} WHERE {where} GROUP BY {columns}"  # noqa: S608
        for *key, n in conn.execute(sql):
            totals[tuple(key)] += sign * n
    return [(*key, n) for key, n in totals.items() if n]


def day_counts(conn: sqlite3.Connection, source: _Source) -> list[tuple[str | None, str | None, int]]:
    """(best date, basis, n) for every distinct best date."""
    return _grouped(conn, source, "date, date_basis")


def cell_counts(conn: sqlite3.Connection, source: _Source) -> list[tuple[str | None, str | None, int]]:
    """(region, category, n) for the region × category table."""
    return _grouped(conn, source, "region, category")


def day_category_counts(conn: sqlite3.Connection, as_of: str | None = None) -> list[tuple[str | None, str | None, int]]:
    """(best date, category, n): what a stacked chart needs."""
    source = _open_source(conn, as_of)
    try:
        return _grouped(conn, source, "date, category")
    finally:
        _close_source(conn, source)


def uncertain_pairs(conn: sqlite3.Connection, source: _Source) -> list[tuple[int, int, str]]:
    """(person, person, state) for every open or insufficient-evidence review pair
    whose two mentions belong to two different counted persons."""
    seen = "" if source.as_of is None else "AND ma.first_seen_at < :cutoff AND mb.first_seen_at < :cutoff"
    params = {} if source.as_of is None else {"cutoff": _cutoff(source.as_of)}
    sql = f"""
        SELECT pa.person_id, pb.person_id, r.state
        FROM review_items r
        JOIN person_mentions pa ON pa.mention_id = r.mention_a
        JOIN person_mentions pb ON pb.mention_id = r.mention_b
        JOIN mentions ma ON ma.id = r.mention_a AND ma.retracted_at IS NULL
        JOIN mentions mb ON mb.id = r.mention_b AND mb.retracted_at IS NULL
        WHERE r.kind = 'pair' AND r.state IN ('open', 'insufficient') AND pa.person_id <> pb.person_id
          {seen}
          AND {source.contains("pa.person_id")}
          AND {source.contains("pb.person_id")}
    """  # noqa: S608 - relation/where/seen are constants chosen above
    return [tuple(row) for row in conn.execute(sql, params)]


def merges_if_joined(pairs: list[tuple[int, int, str]]) -> int:
    """How many persons disappear if each pair is one person (union-find over the pairs)."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    merges = 0
    for a, b, _state in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
            merges += 1
    return merges


def round_half_up(value: Fraction) -> int:
    """Nearest whole person, halves up (Python's round() would go to even)."""
    return int((value + Fraction(1, 2)) // 1)


def iso_week(day: str) -> str:
    year, week, _ = date.fromisoformat(day).isocalendar()
    return f"{year:04d}-W{week:02d}"


def region_display(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    return region_name(code, lang) or code


def category_display(code: str | None, lang: str) -> str | None:
    if code is None:
        return None
    try:
        return category_label(code, lang)
    except KeyError:  # a code the reference data does not know: show it as stored
        return code


def compute_stats(conn: sqlite3.Connection, options: StatsOptions | None = None) -> dict[str, Any]:
    """Every figure of ``nekrolog stats`` as a JSON-ready dict (keys in docs/stats.md)."""
    options = options or StatsOptions()
    source = _open_source(conn, options.as_of)
    try:
        days = day_counts(conn, source)
        cells = cell_counts(conn, source)
        pairs = uncertain_pairs(conn, source)
    finally:
        _close_source(conn, source)

    total = sum(n for _, _, n in days)
    by_basis = {basis: 0 for basis in DATE_BASES}
    by_precision = {"day": 0, "month": 0, "year": 0}
    by_year: dict[str, int] = defaultdict(int)
    by_month: dict[str, int] = defaultdict(int)
    by_week: dict[str, int] = defaultdict(int)
    by_day: dict[str, int] = defaultdict(int)
    undated = invalid = 0
    spans: list[tuple[str, str, int]] = []
    for value, basis, n in days:
        parts = parse_partial(value)
        if parts is None:
            undated += n
            invalid += value is not None and value != ""
            continue
        if basis in by_basis:
            by_basis[basis] += n
        year, month, day = parts
        by_year[f"{year:04d}"] += n
        if month is not None:
            by_month[f"{year:04d}-{month:02d}"] += n
        if day is not None:
            by_precision["day"] += n
            by_day[value] += n
            by_week[iso_week(value)] += n
        else:
            by_precision["month" if month is not None else "year"] += n
        first, last = span(value)  # type: ignore[misc]
        spans.append((first, last, n))

    ranked = sorted(by_day.items(), key=lambda item: (-item[1], item[0]))
    top_days = []
    if options.top > 0 and ranked:
        # Days tied with the last place are all kept: cutting a tie would pick by date.
        threshold = ranked[min(options.top, len(ranked)) - 1][1]
        top_days = [{"date": d, "n": n} for d, n in ranked if n >= threshold]

    estimate = _estimate(total, dict(sorted(by_year.items())), options)
    windows = [_window(w, spans, options.coverage) for w in options.windows]
    by_region = _by_region(cells, options)
    by_category = _by_category(cells, total, options.lang)
    cross = [
        {"region": r, "category": c, "n": n}
        for r, c, n in sorted(cells, key=lambda x: (x[0] is None, x[0] or "", x[1] is None, x[1] or ""))
    ]
    merges = merges_if_joined(pairs)

    return {
        "as_of": options.as_of,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "rule": {"counted": COUNTED_RULE, "date": DATE_RULE},
        "total": total,
        "matching": {
            "total": total,
            "total_if_uncertain_pairs_merged": total - merges,
            "open_pairs": sum(1 for p in pairs if p[2] == "open"),
            "insufficient_pairs": sum(1 for p in pairs if p[2] == "insufficient"),
        },
        "undated": undated,
        "invalid_dates": invalid,
        "by_basis": by_basis,
        "by_precision": by_precision,
        "by_year": dict(sorted(by_year.items())),
        "by_month": dict(sorted(by_month.items())),
        "by_week": dict(sorted(by_week.items())),
        "by_day": dict(sorted(by_day.items())),
        "top_days": top_days,
        "windows": windows,
        "by_region": by_region,
        "by_category": by_category,
        "by_region_category": cross,
        "estimate": estimate,
    }


def _estimate(total: int, by_year: dict[str, int], options: StatsOptions) -> dict[str, Any] | None:
    if options.coverage is None and options.added is None:
        return None
    if options.coverage is not None:
        lo, hi = options.coverage
        low, high = round_half_up(total / hi), round_half_up(total / lo)
        yearly = {
            y: {"named": n, "low": round_half_up(n / hi), "high": round_half_up(n / lo)} for y, n in by_year.items()
        }
        coverage = [float(lo), float(hi)]
    else:
        low = high = total
        yearly = None
        coverage = None
    add_lo, add_hi = options.added or (0, 0)
    return {
        "coverage": coverage,
        "named": total,
        "low": low,
        "high": high,
        "by_year": yearly,
        "added": list(options.added) if options.added else None,
        "added_label": (options.added_label or "separately estimated group") if options.added else None,
        "total_low": low + add_lo,
        "total_high": high + add_hi,
    }


def _window(window: Window, spans: list[tuple[str, str, int]], coverage) -> dict[str, Any]:
    inside = sum(n for first, last, n in spans if first >= window.start and last <= window.end)
    # Persons whose month- or year-only date straddles a window edge: they may or may
    # not belong in it, so they are reported next to n, never in it.
    straddling = sum(
        n for first, last, n in spans
        if not (first >= window.start and last <= window.end) and first <= window.end and last >= window.start
    )
    row: dict[str, Any] = {
        "from": window.start,
        "to": window.end,
        "n": inside,
        "n_imprecise_overlapping": straddling,
        "km2": window.km2,
        "per_km2": inside / window.km2 if window.km2 else None,
        "source": window.source,
    }
    if coverage is not None:
        lo, hi = coverage
        row["est_low"], row["est_high"] = round_half_up(inside / hi), round_half_up(inside / lo)
        if window.km2:
            row["per_km2_low"] = row["est_low"] / window.km2
            row["per_km2_high"] = row["est_high"] / window.km2
    return row


def _by_region(cells: list[tuple[str | None, str | None, int]], options: StatsOptions) -> list[dict[str, Any]]:
    counts: dict[str | None, int] = defaultdict(int)
    for region, _category, n in cells:
        counts[region] += n
    population = {row.region: row for row in options.population or []}
    for code in population:
        counts.setdefault(code, 0)
    rows = []
    for code, n in counts.items():
        pop = population.get(code)
        row: dict[str, Any] = {
            "region": code,
            "name": region_display(code, options.lang),
            "n": n,
            "population": pop.population if pop else None,
            "population_label": pop.label if pop else None,
            "rate_per_100k": None,
            "ci_low": None,
            "ci_high": None,
        }
        if pop:
            if n > pop.population:
                raise ValueError(f"{pop.where}: population {pop.population} is smaller than the {n} persons counted")
            low, high = wilson_cc(n, pop.population)
            row["rate_per_100k"] = n / pop.population * 100_000
            row["ci_low"], row["ci_high"] = low * 100_000, high * 100_000
        rows.append(row)
    if population:
        rows.sort(key=lambda r: (r["rate_per_100k"] is None, -(r["rate_per_100k"] or 0), -r["n"], r["region"] or "~"))
    else:
        rows.sort(key=lambda r: (r["region"] is None, -r["n"], r["region"] or ""))
    return rows


def _by_category(cells: list[tuple[str | None, str | None, int]], total: int, lang: str) -> list[dict[str, Any]]:
    counts: dict[str | None, int] = defaultdict(int)
    for _region, category, n in cells:
        counts[category] += n
    rows = [
        {"category": c, "label": category_display(c, lang), "n": n, "share": n / total if total else 0.0}
        for c, n in counts.items()
    ]
    rows.sort(key=lambda r: (r["category"] is None, -r["n"], r["category"] or ""))
    return rows
