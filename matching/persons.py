"""A person's fields from its mentions: the most complete values, conflicts kept.

Names: the mention with the most parts (a patronymic), in Cyrillic if any is,
then the spelling most mentions use. Dates: the most precise value that the
others are compatible with. Places and category: the value most mentions
state. Whatever the mentions disagree on is listed in ``conflicts`` (field →
distinct values), so no value is silently dropped.
"""

from __future__ import annotations

import itertools
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


class _Column:
    """A raw column read by mention index (None for the empty code), without
    turning a million codes into strings, or into a list of a million Python
    ints (36 MB a column), up front."""

    __slots__ = ("items", "code")

    def __init__(self, items: list[str], codes: np.ndarray) -> None:
        self.items, self.code = items, codes.item

    def __getitem__(self, i: int) -> str | None:
        code = self.code(i)
        return self.items[code] if code else None


def _strings_of(items: list[str], codes: np.ndarray) -> np.ndarray:
    """The strings of ``codes`` (None for code 0) as an object array; only the
    codes present are converted, not the whole vocabulary."""
    used, inverse = np.unique(codes, return_inverse=True)
    table = np.array([items[c] if c else None for c in used.tolist()], dtype=object)
    return table[inverse.reshape(-1)] if len(codes) else np.zeros(0, dtype=object)


class PersonFieldReader:
    """Person fields for many clusters of one load, fast.

    The raw columns are turned into plain lists of values once (the empty code
    as ``None``), so a cluster's fields are list look-ups, and a run's
    one-mention persons (most of them) are built column-wise without any
    per-person dict.
    """

    def __init__(self, m: Mentions) -> None:
        self.m = m
        self._cols: dict[str, _Column] = {}
        # read one value at a time (``item``): only the mixed clusters' members are read
        self.swapped, self.age, self.sur_key = m.swapped.item, m.age.item, m.sur.item

    def col(self, name: str) -> _Column:
        got = self._cols.get(name)
        if got is None:
            got = self._cols[name] = _Column(self.m.raw_vocab[name].items, self.m.raw[name])
        return got

    def singles(self, indices: np.ndarray) -> list[tuple]:
        """Rows in ``PERSON_FIELDS`` order for one-mention persons."""
        m = self.m
        idx = np.asarray(indices, dtype=np.int64)

        def values(name: str) -> np.ndarray:
            return _strings_of(m.raw_vocab[name].items, m.raw[name][idx])

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

    def many(self, clusters: list[list[int]]) -> list[tuple]:
        """Rows in ``PERSON_FIELDS`` order for persons of several mentions each
        (``clusters``: mention indices sorted by mention id), equal to ``fields``.

        Built column-wise for the persons whose mentions agree on every date, age,
        place, rank and category they state (most of them): the name is the
        most complete member's, chosen by one sort; the others go through ``fields``."""
        if not clusters:
            return []
        m = self.m
        sizes = np.fromiter(map(len, clusters), np.int64, len(clusters))
        flat = np.fromiter(itertools.chain.from_iterable(clusters), np.int64, int(sizes.sum()))
        group = np.repeat(np.arange(len(clusters)), sizes)
        raw = m.raw

        def single_value(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Per cluster: the one non-empty code its members state (0 if none) and
            whether they state more than one."""
            present = codes > 0
            top = np.zeros(len(clusters), np.int64)
            np.maximum.at(top, group[present], codes[present])
            low = np.full(len(clusters), np.iinfo(np.int64).max)
            np.minimum.at(low, group[present], codes[present])
            return top, (low != top) & (top > 0)

        values, mixed = {}, np.zeros(len(clusters), bool)
        for fld in ("birth_date", "death_date", "funeral_date", "region", "settlement", "unit", "rank", "category"):
            values[fld], differ = single_value(raw[fld][flat])
            mixed |= differ
        ages = m.age[flat]
        age_code, differ = single_value(np.where(ages > 0, ages, 0))
        mixed |= differ

        # the name: the named member with the most parts, a Cyrillic full name, the
        # spelling most named members use, then the lowest index (``fields``' order)
        full, sur, first, patr = (raw[c][flat] for c in ("full_name", "surname", "first_name", "patronymic"))
        named = (sur > 0) | (full > 0)
        full_items = m.raw_vocab["full_name"].items
        cyrillic = np.zeros(len(full_items), np.int64)  # looked up for the spellings present only
        for code in np.unique(full).tolist():
            cyrillic[code] = bool(_CYRILLIC.search(full_items[code]))
        spelling_key = group * np.int64(len(m.raw_vocab["full_name"].items) + 1) + full
        spelling_key = np.where(named, spelling_key, -1)
        uniq, inverse, counts = np.unique(spelling_key, return_inverse=True, return_counts=True)
        spelling = counts[inverse.reshape(-1)]
        parts = (sur > 0).astype(np.int64) + (first > 0) + (patr > 0)
        order = np.lexsort((flat, -spelling, -cyrillic[full], -parts, ~named, group))
        first_of_group = np.r_[True, group[order][1:] != group[order][:-1]]
        top = order[first_of_group]  # positions in flat, one per cluster (clusters are never empty)
        has_name = named[top]
        # two normalised surnames among the named members: the raw spellings are kept as a conflict
        sur_key = np.where(named, m.sur[flat], 0)
        sur_hi, _ = single_value(sur_key)
        sur_lo = np.full(len(clusters), np.iinfo(np.int64).max)
        np.minimum.at(sur_lo, group[sur_key > 0], sur_key[sur_key > 0])
        surname_conflict = (sur_hi > 0) & (sur_lo != sur_hi)

        def earliest(column: str) -> np.ndarray:
            """Per cluster: the code of the smallest non-empty string (ISO dates and times sort as strings)."""
            items = m.raw_vocab[column].items
            codes = raw[column][flat]
            present = codes > 0
            used = np.unique(codes[present])  # ranked among the values present only
            by_rank = used[np.argsort(np.array([items[c] for c in used.tolist()], dtype=object), kind="stable")]
            rank = np.zeros(len(items), np.int64)
            rank[by_rank] = np.arange(len(by_rank))
            best = np.full(len(clusters), len(by_rank))
            np.minimum.at(best, group[present], rank[codes[present]])
            return np.where(best < len(by_rank), by_rank[np.minimum(best, max(len(by_rank) - 1, 0))], 0) \
                if len(by_rank) else np.zeros(len(clusters), np.int64)

        reported_code, seen_code = earliest("reported_date"), earliest("first_seen_at")

        def strings(column: str, codes: np.ndarray) -> list:
            return _strings_of(m.raw_vocab[column].items, codes).tolist()

        top_flat = flat[top]
        name_cols = [strings(c, np.where(has_name, raw[c][top_flat], 0))
                     for c in ("full_name", "surname", "first_name", "patronymic")]
        swapped = (m.swapped[top_flat] & has_name).tolist()
        text = {fld: strings(fld, values[fld]) for fld in values}
        reported, seen = strings("reported_date", reported_code), strings("first_seen_at", seen_code)
        age = np.where(age_code > 0, age_code.astype(object), None).tolist()
        sur_col = self.col("surname")
        out = []
        for c, members in enumerate(clusters):
            if mixed[c]:
                got = self.fields(members)
                out.append(tuple(got[f] for f in PERSON_FIELDS))
                continue
            full_name, surname, first_name, patronymic = (col[c] for col in name_cols)
            if swapped[c]:
                surname, first_name = first_name, surname
            if not full_name:
                full_name = " ".join(x for x in (surname, first_name, patronymic) if x) or None
            if surname_conflict[c]:
                conflict = json.dumps({"surname": sorted({sur_col[i] for i in members if sur_col[i]})},
                                      ensure_ascii=False, sort_keys=True)
            else:
                conflict = "{}"
            death, funeral = text["death_date"][c], text["funeral_date"][c]
            date, basis = best_date(death, funeral, reported[c])
            out.append((full_name, surname, first_name, patronymic, text["birth_date"][c], age[c], death, funeral,
                        reported[c], date, basis, text["region"][c], text["settlement"][c], text["unit"][c],
                        text["rank"][c], text["category"][c], len(members), conflict, seen[c]))
        return out

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
            if self.swapped(top):
                name["surname"], name["first_name"] = name["first_name"], name["surname"]
            keys = self.sur_key
            if len({keys(i) for i in named} - {0}) > 1:
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
        ages = [a for a in map(self.age, members) if a > 0]
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
