"""The analyst's inputs to ``nekrolog stats``: windows, coverage ranges, territory
and population files. Each is validated before any figure is computed, and a bad
value names the option, or the file and line, it came from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from db.dates import parse_partial


class StatsInputError(ValueError):
    """An option value or input file that cannot be used."""


@dataclass(frozen=True)
class Window:
    """An inclusive range of days; ``km2`` (with its ``source``) comes from a territory file."""

    start: str
    end: str
    km2: float | None = None
    source: str | None = None


@dataclass(frozen=True)
class PopulationRow:
    region: str  # resolved region code
    population: int
    label: str | None
    where: str  # "FILE:LINE", for messages


def span(value: str | None) -> tuple[str, str] | None:
    """First and last day a partial date can denote: ``2023-02`` → 2023-02-01..2023-02-28."""
    parts = parse_partial(value)
    if parts is None:
        return None
    year, month, day = parts
    if day is not None:
        iso = date(year, month, day).isoformat()  # type: ignore[arg-type]
        return iso, iso
    if month is not None:
        first = date(year, month, 1)
        last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1))
        return first.isoformat(), last.isoformat()
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def parse_window(start: str, end: str, *, where: str = "--between") -> Window:
    """``FROM TO``, inclusive; partial dates stand for their whole span (``2023 2023`` is the year)."""
    first, last = span(start), span(end)
    if first is None:
        raise StatsInputError(f"{where}: {start!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    if last is None:
        raise StatsInputError(f"{where}: {end!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    if first[0] > last[1]:
        raise StatsInputError(f"{where}: window starts ({start}) after it ends ({end})")
    return Window(first[0], last[1])


def parse_as_of(value: str) -> str:
    """``--as-of`` takes a day (YYYY-MM-DD)."""
    parts = parse_partial(value)
    if parts is None or parts[2] is None:
        raise StatsInputError(f"--as-of: {value!r} is not a day (YYYY-MM-DD)")
    return value.strip()


def _fraction(text: str, option: str) -> Fraction:
    text = text.strip()
    try:
        if text.endswith("%"):
            return Fraction(text[:-1].strip()) / 100
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise StatsInputError(f"{option}: {text!r} is not a number") from None


def parse_coverage(value: str) -> tuple[Fraction, Fraction]:
    """``LO:HI`` as fractions (``0.45:0.6``) or percentages (``45%:60%``), 0 < LO ≤ HI ≤ 1."""
    lo_text, sep, hi_text = value.partition(":")
    if not sep:
        raise StatsInputError(f"--coverage: expected LO:HI, e.g. 0.45:0.6, got {value!r}")
    lo, hi = _fraction(lo_text, "--coverage"), _fraction(hi_text, "--coverage")
    if not 0 < lo <= hi <= 1:
        raise StatsInputError(f"--coverage: need 0 < LO <= HI <= 1, got {value!r}")
    return lo, hi


def parse_range(value: str, option: str = "--add-range") -> tuple[int, int]:
    """``LO:HI`` whole persons, 0 ≤ LO ≤ HI."""
    lo_text, sep, hi_text = value.partition(":")
    try:
        lo, hi = int(lo_text.strip().replace("_", "")), int(hi_text.strip().replace("_", ""))
    except ValueError:
        lo = hi = -1
    if not sep or not 0 <= lo <= hi:
        raise StatsInputError(f"{option}: expected LO:HI whole numbers with 0 <= LO <= HI, got {value!r}")
    return lo, hi


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise StatsInputError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise StatsInputError(f"{path}: not UTF-8 text") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise StatsInputError(f"{path}:1: missing column(s) {', '.join(missing)} (have: {', '.join(header)})")
    rows = []
    for record in reader:
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in record.items() if k is not None}
        if not any(clean.values()):
            continue
        rows.append((reader.line_num, clean))
    if not rows:
        raise StatsInputError(f"{path}: no data rows")
    return rows


def read_territory(path: str | Path) -> list[Window]:
    """CSV with columns from, to, km2, source: the area held in each period."""
    path = Path(path)
    windows = []
    for line, row in _read_csv(path, ("from", "to", "km2", "source")):
        window = parse_window(row["from"], row["to"], where=f"{path}:{line}")
        try:
            km2 = float(row["km2"].replace(" ", "").replace("_", ""))
        except ValueError:
            km2 = -1.0
        if not km2 > 0:
            raise StatsInputError(f"{path}:{line}: km2 must be a positive number, got {row['km2']!r}")
        windows.append(Window(window.start, window.end, km2, row["source"] or None))
    return windows


def read_population(path: str | Path, resolve_region) -> list[PopulationRow]:
    """CSV with columns region (code or name), population and an optional label.

    ``resolve_region(value) -> code | None`` is the reference data's lookup.
    """
    path = Path(path)
    seen: dict[str, str] = {}
    rows = []
    for line, row in _read_csv(path, ("region", "population")):
        where = f"{path}:{line}"
        code = resolve_region(row["region"]) if row["region"] else None
        if code is None:
            raise StatsInputError(f"{where}: unknown region {row['region']!r}")
        if code in seen:
            raise StatsInputError(f"{where}: region {code} already given at {seen[code]}")
        try:
            population = int(row["population"].replace(" ", "").replace("_", "").replace(",", ""))
        except ValueError:
            population = 0
        if population <= 0:
            raise StatsInputError(f"{where}: population must be a positive whole number, got {row['population']!r}")
        seen[code] = where
        rows.append(PopulationRow(code, population, row.get("label") or None, where))
    return rows
