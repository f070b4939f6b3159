"""Dates that keep their precision: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

A source that says "в июле 2023" gives a month, not a day; inventing ``-01``
would put a death on a day nobody reported. Every stage stores these strings.
"""

from __future__ import annotations

import re
from datetime import date

PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: Order in which a person's dates are preferred as the "best date".
DATE_BASES = ("death", "funeral", "reported")


def parse_partial(value: str | None) -> tuple[int, int | None, int | None] | None:
    """Return (year, month, day) for a valid partial ISO date, else None."""
    if not value:
        return None
    m = PARTIAL_DATE_RE.match(value.strip())
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            return None
    return year, month, day


def is_partial_date(value: str | None) -> bool:
    return parse_partial(value) is not None


def precision(value: str | None) -> str | None:
    """'day', 'month', 'year' or None."""
    parts = parse_partial(value)
    if parts is None:
        return None
    if parts[2] is not None:
        return "day"
    if parts[1] is not None:
        return "month"
    return "year"


def best_date(
    death_date: str | None, funeral_date: str | None, reported_date: str | None
) -> tuple[str | None, str | None]:
    """The date a person is counted on, and its basis: death, else funeral, else reported."""
    for basis, value in zip(DATE_BASES, (death_date, funeral_date, reported_date)):
        if value:
            return value, basis
    return None, None


def year_of(value: str | None) -> int | None:
    parts = parse_partial(value)
    return parts[0] if parts else None


def compatible(a: str | None, b: str | None) -> bool | None:
    """Whether two partial dates can denote the same day (None when either is missing).

    ``2023-07`` is compatible with ``2023-07-14`` but not with ``2023-08``.
    """
    pa, pb = parse_partial(a), parse_partial(b)
    if pa is None or pb is None:
        return None
    return all(x is None or y is None or x == y for x, y in zip(pa, pb))
