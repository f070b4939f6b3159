"""The published figures, computed from persons (never from mentions).

Who counts: ``persons`` with ``status = 'active'`` and ``n_mentions > 0`` (the
``counted_persons`` view). Each is counted once, on its best date (death, else
funeral, else first report), at the precision the sources give: a month-only
date counts in its month and year, never on a day; a year-only date only in its
year. ``docs/stats.md`` states every rule; this module implements them.

Speed: persons are read by two GROUP BY scans (per date and basis, per region and
category) that covering indexes answer without touching the table; every other
figure is derived from those few thousand aggregate rows. ``--as-of`` does the
same on ``stats_asof_spans`` (db/stats_asof.py).
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
from db.stats_asof import at, close_spans, open_spans
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
    """Where the counted persons are read from: disjoint (relation, condition) parts
    — today's persons; or, as of a day, the spans (db/stats_asof.py) that held then."""

    parts: list[tuple[str, str]]
    as_of: str | None
    params: dict[str, str] = field(default_factory=dict)
    began_transaction: bool = False

    def contains(self, column: str) -> str:
        """SQL condition: the person id in ``column`` is counted."""
        key = "id" if self.as_of is None else "person_id"
        return "(" + " OR ".join(  # noqa: S608 - parts and column are constants
            f"EXISTS (SELECT 1 FROM {relation} WHERE {key} = {column} AND {where})"  # noqa: S608
            for relation, where in self.parts
        ) + ")"


def _cutoff(as_of: str) -> str:
    """``first_seen_at`` strings are UTC ISO timestamps, so "on or before day D" is
    "sorts before the next day"."""
    return (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()


def _open_source(conn: sqlite3.Connection, as_of: str | None) -> _Source:
    if as_of is None:
        return _Source([("persons", _COUNTED_WHERE)], None)
    spans, began = open_spans(conn)
    parts = [(relation, f"{where} AND {at(':cutoff')}") for relation, where in spans]
    return _Source(parts, as_of, {"cutoff": _cutoff(as_of)}, began)


def _close_source(conn: sqlite3.Connection, source: _Source) -> None:
    if source.as_of is not None:
        close_spans(conn, source.began_transaction)


def _grouped(conn: sqlite3.Connection, source: _Source, columns: str) -> list[tuple]:
    """(*columns, n) over the counted persons; ``columns`` is a constant list."""
    totals: dict[tuple, int] = defaultdict(int)
    for relation, where in source.parts:
        # relation, where and columns are module constants, never user input.
        sql = f"SELECT {columns}, COUNT(*) FROM {relation} WHERE {where} GROUP BY {columns}"  # noqa: S608
        for *key, n in conn.execute(sql, source.params):
            totals[tuple(key)] += n
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
    return [tuple(row) for row in conn.execute(sql, source.params)]


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
