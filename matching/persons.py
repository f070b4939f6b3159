"""A person's fields from its mentions: the most complete values, conflicts kept.

Names: the mention with the most parts (a patronymic), in Cyrillic if any is,
then the spelling most mentions use. Dates: the most precise value that the
others are compatible with. Places and category: the value most mentions
state. Whatever the mentions disagree on is listed in ``conflicts`` (field →
distinct values), so no value is silently dropped.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from db.dates import best_date, compatible, precision
from matching.data import Mentions

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
PERSON_FIELDS = (
    "full_name", "surname", "first_name", "patronymic", "birth_date", "age", "death_date",
    "funeral_date", "reported_date", "date", "date_basis", "region", "settlement", "unit", "rank",
    "category", "n_mentions", "conflicts", "first_seen_at",
)


def _best_date(values: list[str]) -> tuple[str | None, list[str]]:
    """Most precise value compatible with most others; distinct values if they conflict."""
    values = [v for v in values if v]
    if not values:
        return None, []
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0], []
    support = {v: sum(1 for w in values if compatible(v, w)) for v in distinct}
    best = max(distinct, key=lambda v: (support[v], _PRECISION_RANK[precision(v)], values.count(v), v))
    conflicting = any(compatible(x, y) is False for x in distinct for y in distinct if x < y)
    return best, (distinct if conflicting else [])


def _mode(values: list, prefer_not: tuple = ()) -> tuple[object | None, list]:
    present = [v for v in values if v not in (None, "")]
    if not present:
        return None, []
    if len(present) == 1:
        return present[0], []
    counts = Counter(present)
    best = max(counts, key=lambda v: (v not in prefer_not, counts[v], -present.index(v)))
    distinct = sorted(set(present), key=str)
    return best, (distinct if len(distinct) > 1 else [])


def _single(m: Mentions, i: int) -> dict:
    raw = m.raw_value
    out = {c: raw(c, i) for c in ("full_name", "surname", "first_name", "patronymic", "birth_date", "death_date",
                                  "funeral_date", "reported_date", "region", "settlement", "unit", "rank",
                                  "category", "first_seen_at")}
    if m.swapped[i]:
        out["surname"], out["first_name"] = out["first_name"], out["surname"]
    if not out["full_name"]:
        out["full_name"] = " ".join(x for x in (out["surname"], out["first_name"], out["patronymic"]) if x) or None
    out["age"] = int(m.age[i]) if m.age[i] > 0 else None
    out["date"], out["date_basis"] = best_date(out["death_date"], out["funeral_date"], out["reported_date"])
    out["n_mentions"] = 1
    out["conflicts"] = "{}"
    return out


def person_fields(m: Mentions, members: list[int]) -> dict:
    """Fields of the person made of mention indices ``members`` (sorted by mention id)."""
    if len(members) == 1:
        return _single(m, members[0])
    raw = m.raw_value

    def col(name: str) -> list:
        return [raw(name, i) for i in members]

    conflicts: dict[str, list] = {}
    named = [i for i in members if raw("surname", i) or raw("full_name", i)]
    if named:
        spelling = Counter(raw("full_name", i) for i in named)

        def completeness(i: int):
            parts = sum(1 for c in ("surname", "first_name", "patronymic") if raw(c, i))
            full = raw("full_name", i) or ""
            return (parts, bool(_CYRILLIC.search(full)), spelling[raw("full_name", i)], -i)

        top = max(named, key=completeness)
        name = {c: raw(c, top) for c in ("full_name", "surname", "first_name", "patronymic")}
        if m.swapped[top]:
            name["surname"], name["first_name"] = name["first_name"], name["surname"]
        surnames = sorted({m.names.items[m.sur[i]] for i in named} - {""})
        if len(surnames) > 1:
            conflicts["surname"] = sorted({raw("surname", i) for i in named if raw("surname", i)})
    else:
        name = dict.fromkeys(("full_name", "surname", "first_name", "patronymic"))
    if not name["full_name"]:
        name["full_name"] = " ".join(x for x in (name["surname"], name["first_name"], name["patronymic"]) if x) or None
    out = dict(name)
    for fld in ("birth_date", "death_date", "funeral_date"):
        out[fld], differing = _best_date(col(fld))
        if differing:
            conflicts[fld] = differing
    reported = [v for v in col("reported_date") if v]
    out["reported_date"] = min(reported) if reported else None
    ages = [a for a in (int(m.age[i]) for i in members) if a > 0]
    out["age"], differing = _mode(ages)
    if differing:
        conflicts["age"] = differing
    regions = [raw("region", i) for i in members]
    out["region"], differing = _mode(regions)
    if differing:
        conflicts["region"] = differing
    for fld in ("settlement", "unit", "rank"):
        out[fld], differing = _mode(col(fld))
        if differing:
            conflicts[fld] = differing
    out["category"], differing = _mode(col("category"), prefer_not=("unknown",))
    if differing:
        conflicts["category"] = differing
    out["date"], out["date_basis"] = best_date(out["death_date"], out["funeral_date"], out["reported_date"])
    out["n_mentions"] = len(members)
    out["conflicts"] = json.dumps(conflicts, ensure_ascii=False, sort_keys=True)
    seen = [v for v in col("first_seen_at") if v]
    out["first_seen_at"] = min(seen) if seen else None
    return out
