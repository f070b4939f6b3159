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
from functools import lru_cache

import numpy as np

from db.dates import best_date, compatible, precision
from matching.data import Mentions

_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1, None: 0}
PERSON_FIELDS = (
    "full_name", "surname", "first_name", "patronymic", "birth_date", "age", "death_date",
    "funeral_date", "reported_date", "date", "date_basis", "region", "settlement", "unit", "rank",
    "category", "n_mentions", "conflicts", "first_seen_at",
)


# the same few thousand dates recur across a million mentions: parse each pair once
_compatible = lru_cache(maxsize=1 << 16)(compatible)
_precision = lru_cache(maxsize=1 << 14)(precision)


def _best_date(values: list[str]) -> tuple[str | None, list[str]]:
    """Most precise value compatible with most others; distinct values if they conflict."""
    values = [v for v in values if v]
    if not values:
        return None, []
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0], []
    support = {v: sum(1 for w in values if _compatible(v, w)) for v in distinct}
    best = max(distinct, key=lambda v: (support[v], _PRECISION_RANK[_precision(v)], values.count(v), v))
    conflicting = any(_compatible(x, y) is False for x in distinct for y in distinct if x < y)
    return best, (distinct if conflicting else [])


def _mode(values: list, prefer_not: tuple = ()) -> tuple[object | None, list]:
    present = [v for v in values if v not in (None, "")]
    if not present:
        return None, []
    first = present[0]
    if len(present) == 1 or all(v == first for v in present):
        return first, []  # one value (most persons): no counting needed
    counts = Counter(present)
    best = max(counts, key=lambda v: (v not in prefer_not, counts[v], -present.index(v)))
    distinct = sorted(set(present), key=str)
    return best, (distinct if len(distinct) > 1 else [])


_RAW = ("full_name", "surname", "first_name", "patronymic", "birth_date", "death_date", "funeral_date",
        "reported_date", "region", "settlement", "unit", "rank", "category", "first_seen_at")


class PersonFieldReader:
    """Person fields for many clusters of one load, fast.

    The raw columns are turned into plain lists of values once (the empty code
    as ``None``), so a cluster's fields are list look-ups, and a run's
    one-mention persons (most of them) are built column-wise without any
    per-person dict.
    """

    def __init__(self, m: Mentions) -> None:
        self.m = m
        self._cols: dict[str, list] = {}
        self.swapped = m.swapped.tolist()
        self.age = m.age.tolist()
        self.sur_key = m.sur.tolist()

    def col(self, name: str) -> list:
        got = self._cols.get(name)
        if got is None:
            items = np.array(self.m.raw_vocab[name].items, dtype=object)
            items[0] = None
            got = self._cols[name] = items[self.m.raw[name]].tolist()
        return got

    def singles(self, indices: np.ndarray) -> list[tuple]:
        """Rows in ``PERSON_FIELDS`` order for one-mention persons."""
        m = self.m
        idx = np.asarray(indices, dtype=np.int64)

        def values(name: str) -> np.ndarray:
            items = np.array(m.raw_vocab[name].items, dtype=object)
            items[0] = None
            return items[m.raw[name][idx]]

        def present(name: str) -> np.ndarray:
            return m.raw[name][idx] > 0

        full_name, surname, first_name, patronymic = (values(c) for c in ("full_name", "surname", "first_name",
                                                                           "patronymic"))
        swapped = m.swapped[idx]
        surname, first_name = np.where(swapped, first_name, surname), np.where(swapped, surname, first_name)
        no_full = np.flatnonzero(~present("full_name"))
        for k in no_full.tolist():
            full_name[k] = " ".join(x for x in (surname[k], first_name[k], patronymic[k]) if x) or None
        death, funeral, reported = values("death_date"), values("funeral_date"), values("reported_date")
        has_death, has_funeral, has_reported = present("death_date"), present("funeral_date"), present("reported_date")
        # best_date: death, else funeral, else reported
        best = np.where(has_death, death, np.where(has_funeral, funeral, reported))
        basis = np.select([has_death, has_funeral, has_reported], ["death", "funeral", "reported"], "")
        basis = np.where(basis == "", None, basis.astype(object))
        ages = m.age[idx]
        age = np.where(ages > 0, ages.astype(object), None)
        ones = np.ones(len(idx), dtype=object)
        empty = np.full(len(idx), "{}", dtype=object)
        columns = {
            "full_name": full_name, "surname": surname, "first_name": first_name, "patronymic": patronymic,
            "birth_date": values("birth_date"), "age": age, "death_date": death, "funeral_date": funeral,
            "reported_date": reported, "date": best, "date_basis": basis, "region": values("region"),
            "settlement": values("settlement"), "unit": values("unit"), "rank": values("rank"),
            "category": values("category"), "n_mentions": ones, "conflicts": empty,
            "first_seen_at": values("first_seen_at"),
        }
        return list(zip(*(columns[f].tolist() for f in PERSON_FIELDS)))

    def fields(self, members: list[int]) -> dict:
        """Fields of the person made of mention indices ``members`` (sorted by mention id)."""
        if len(members) == 1:
            return dict(zip(PERSON_FIELDS, self.singles(np.asarray(members))[0]))
        col = self.col
        full_col, sur_col = col("full_name"), col("surname")
        conflicts: dict[str, list] = {}
        named = [i for i in members if sur_col[i] or full_col[i]]
        if named:
            first_col, patr_col = col("first_name"), col("patronymic")
            spelling = Counter(full_col[i] for i in named)

            def completeness(i: int):
                parts = (sur_col[i] is not None) + (first_col[i] is not None) + (patr_col[i] is not None)
                full = full_col[i] or ""
                return (parts, bool(_CYRILLIC.search(full)), spelling[full_col[i]], -i)

            top = max(named, key=completeness)
            name = {"full_name": full_col[top], "surname": sur_col[top], "first_name": first_col[top],
                    "patronymic": patr_col[top]}
            if self.swapped[top]:
                name["surname"], name["first_name"] = name["first_name"], name["surname"]
            keys = self.sur_key
            if len({keys[i] for i in named} - {0}) > 1:
                conflicts["surname"] = sorted({sur_col[i] for i in named if sur_col[i]})
        else:
            name = dict.fromkeys(("full_name", "surname", "first_name", "patronymic"))
        if not name["full_name"]:
            name["full_name"] = " ".join(
                x for x in (name["surname"], name["first_name"], name["patronymic"]) if x) or None
        out = dict(name)
        for fld in ("birth_date", "death_date", "funeral_date"):
            c = col(fld)
            out[fld], differing = _best_date([c[i] for i in members])
            if differing:
                conflicts[fld] = differing
        c = col("reported_date")
        reported = [c[i] for i in members if c[i]]
        out["reported_date"] = min(reported) if reported else None
        ages = [a for a in (self.age[i] for i in members) if a > 0]
        out["age"], differing = _mode(ages)
        if differing:
            conflicts["age"] = differing
        for fld in ("region", "settlement", "unit", "rank"):
            c = col(fld)
            out[fld], differing = _mode([c[i] for i in members])
            if differing:
                conflicts[fld] = differing
        c = col("category")
        out["category"], differing = _mode([c[i] for i in members], prefer_not=("unknown",))
        if differing:
            conflicts["category"] = differing
        out["date"], out["date_basis"] = best_date(out["death_date"], out["funeral_date"], out["reported_date"])
        out["n_mentions"] = len(members)
        out["conflicts"] = json.dumps(conflicts, ensure_ascii=False, sort_keys=True) if conflicts else "{}"
        c = col("first_seen_at")
        seen = [c[i] for i in members if c[i]]
        out["first_seen_at"] = min(seen) if seen else None
        return out


def person_fields(m: Mentions, members: list[int]) -> dict:
    """Fields of the person made of mention indices ``members`` (sorted by mention id)."""
    return PersonFieldReader(m).fields(members)
