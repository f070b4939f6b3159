"""Active mentions as column arrays: normalised name ids, date ranges, place ids.

Everything the matcher compares is turned into integers once, so blocking and
scoring are numpy operations over arrays rather than Python loops over rows.
The original values are kept (as codes into per-column vocabularies) for the
person fields and the review explanations.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np

from db.dates import parse_partial
from matching.normalize import (
    SEED_FIRST_NAMES,
    NameRoles,
    fold,
    looks_like_patronymic,
    normalize_part,
    phonetic,
    split_full_name,
)

#: Columns read from ``mentions``; the raw ones are kept for person fields.
RAW_COLUMNS = (
    "full_name", "surname", "first_name", "patronymic", "birth_date", "death_date",
    "funeral_date", "reported_date", "region", "region_raw", "settlement", "unit", "rank",
    "category", "first_seen_at",
)
CHUNK = 50_000
MISSING = -1


@lru_cache(maxsize=100_000)
def date_range(value: str | None) -> tuple[int, int, int]:
    """(first day ordinal, last day ordinal, precision 0–3) of a partial date."""
    parts = parse_partial(value)
    if parts is None:
        return MISSING, MISSING, 0
    year, month, day = parts
    if day is not None:
        d = date(year, month, day).toordinal()  # type: ignore[arg-type]
        return d, d, 3
    if month is not None:
        first = date(year, month, 1).toordinal()
        last = (date(year + (month == 12), month % 12 + 1, 1)).toordinal() - 1
        return first, last, 2
    return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal(), 1


@lru_cache(maxsize=10_000)
def region_key(code: str | None, raw: str | None) -> str:
    if code:
        return code
    if not raw:
        return ""
    try:
        from db.regions import lookup_region

        region = lookup_region(raw)
    except ImportError:  # reference data not installed: compare the text itself
        region = None
    return region.code if region else "raw:" + fold(raw)


def stable_hash(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


class Vocab:
    """Strings to dense ids; id 0 is the empty string / missing."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {"": 0}
        self.items: list[str] = [""]

    def code(self, value: str | None) -> int:
        value = value or ""
        got = self.ids.get(value)
        if got is None:
            got = self.ids[value] = len(self.items)
            self.items.append(value)
        return got

    def codes(self, values: list) -> list[int]:
        """``[self.code(v) for v in values]`` (the same numbering: new values in
        first-seen order), without a Python call per value."""
        if not all(values):
            values = [v or "" for v in values]
        ids, items = self.ids, self.items
        new = [v for v in dict.fromkeys(values) if v not in ids]
        ids.update(zip(new, range(len(items), len(items) + len(new))))
        items.extend(new)
        return list(map(ids.__getitem__, values))

    def __len__(self) -> int:
        return len(self.items)

    def array(self) -> np.ndarray:
        return np.array(self.items, dtype=object)


@dataclass
class Mentions:
    ids: np.ndarray
    page: np.ndarray
    sur: np.ndarray
    first: np.ndarray
    patr: np.ndarray
    swapped: np.ndarray
    usable: np.ndarray
    names: Vocab
    sur_phon: np.ndarray
    first_phon: np.ndarray
    phons: Vocab
    birth_lo: np.ndarray
    birth_hi: np.ndarray
    birth_prec: np.ndarray
    age: np.ndarray
    by_lo: np.ndarray  # birth year interval, from the birth date or from age at death
    by_hi: np.ndarray
    death_lo: np.ndarray
    death_hi: np.ndarray
    death_prec: np.ndarray
    fun_lo: np.ndarray
    fun_hi: np.ndarray
    fun_prec: np.ndarray
    reported: np.ndarray
    region: np.ndarray
    regions: Vocab
    settlement: np.ndarray
    unit: np.ndarray
    places: Vocab
    raw: dict[str, np.ndarray] = field(default_factory=dict)
    raw_vocab: dict[str, Vocab] = field(default_factory=dict)
    age_raw: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def raw_value(self, column: str, i: int) -> str | None:
        lists = self.__dict__.setdefault("_raw_lists", {})
        codes = lists.get(column)
        if codes is None:
            codes = lists[column] = self.raw[column].tolist()  # plain ints: far faster to index
        return self.raw_vocab[column].items[codes[i]] or None

    def freq(self, codes: np.ndarray, vocab_size: int) -> np.ndarray:
        """Share of mentions holding each code (code 0 = missing gets 0)."""
        counts = np.bincount(codes, minlength=vocab_size).astype(np.float64)
        counts[0] = 0
        return counts / max(1, len(codes))

    def fingerprints(self) -> np.ndarray:
        """A 64-bit hash per mention of everything the matcher compares: a change
        in a mention, or in how its name is read, makes it dirty for the next run."""
        name_hash = _stable_hashes(self.names.items)
        region_hash = _stable_hashes(self.regions.items)
        place_hash = _stable_hashes(self.places.items)
        phon_hash = _stable_hashes(self.phons.items)
        category = self.raw.get("category")
        category_hash = (_stable_hashes(self.raw_vocab["category"].items)[category]
                         if category is not None else np.zeros(len(self), np.uint64))
        parts = [
            name_hash[self.sur], name_hash[self.first], name_hash[self.patr],
            phon_hash[self.sur_phon], phon_hash[self.first_phon],
            self.page, self.birth_lo, self.birth_hi, self.age, self.by_lo, self.by_hi,
            self.death_lo, self.death_hi, self.fun_lo, self.fun_hi, self.reported,
            region_hash[self.region], place_hash[self.settlement], place_hash[self.unit],
            name_frequency_bucket(self), category_hash,
        ]
        h = np.full(len(self), 1469598103934665603, dtype=np.uint64)
        prime = np.uint64(1099511628211)
        with np.errstate(over="ignore"):
            for part in parts:
                h = (h ^ part.astype(np.int64).view(np.uint64)) * prime
        return h.view(np.int64)


def name_frequency_bucket(m: Mentions) -> np.ndarray:
    """log2 buckets of each mention's name-part frequencies: when a name crosses a
    bucket its term-frequency weight changes and its pairs are re-scored."""
    out = np.zeros(len(m), dtype=np.int64)
    for codes in (m.sur, m.first, m.patr):
        counts = np.bincount(codes, minlength=len(m.names))
        bucket = np.floor(np.log2(np.maximum(counts[codes], 1))).astype(np.int64)
        out = out * 64 + bucket
    return out


class _Interner:
    """Strings to dense codes in first-seen order, at C speed: a defaultdict whose
    default is its own length, read with ``map`` (no Python loop per value).
    ``None`` and the empty string are code 0."""

    def __init__(self) -> None:
        self.codes: defaultdict = defaultdict()
        self.codes.default_factory = self.codes.__len__
        self.codes[None] = 0

    def encode(self, values) -> list[int]:
        return list(map(self.codes.__getitem__, values))

    def vocab(self, codes: np.ndarray) -> tuple[Vocab, np.ndarray]:
        """The column's ``Vocab`` (item 0 = "") and its codes, "" folded into 0."""
        vocab = Vocab()
        items = list(self.codes)
        empty = self.codes.get("")
        vocab.items = ["" if v is None else v for v in items]
        vocab.ids = {v: i for i, v in enumerate(vocab.items) if i != empty}
        vocab.ids[""] = 0
        if empty is not None and len(codes):
            codes[codes == empty] = 0
        return vocab, codes


def _memoised(table: dict, fn):
    """``fn`` remembering its results in ``table`` (kept between runs by the cache)."""
    def call(value):
        got = table.get(value)
        if got is None:
            got = table[value] = fn(value)
        return got
    return call


def _memo_map(table: dict, fn, values: list) -> list:
    """``[fn(v) for v in values]`` with the results kept in ``table`` (as
    ``_memoised``): the known values are looked up at C speed, ``fn`` runs only
    for the others. At a million mentions the per-value calls were most of
    ``derive``'s second."""
    got = list(map(table.get, values))
    if None in got:
        for k in [k for k, v in enumerate(got) if v is None]:
            got[k] = table[values[k]] = fn(values[k])
    return got


def _stable_hashes(items: list[str]) -> np.ndarray:
    """``stable_hash`` of each item, as uint64."""
    return np.fromiter(map(zlib.crc32, map(str.encode, items)), dtype=np.uint64, count=len(items))


def _date_range_of(value: str) -> tuple[int, int, int]:
    return date_range(value or None)


@dataclass
class RawRows:
    """Active mentions as read from the database, before any normalisation: ids
    (ascending), page id, age, and per raw column codes into a vocabulary in
    first-seen order (code 0 = missing). ``derive`` turns them into ``Mentions``;
    ``matching.cache`` keeps them between runs."""

    ids: np.ndarray
    page: np.ndarray
    age: np.ndarray
    codes: dict[str, np.ndarray]
    vocab: dict[str, Vocab]
    #: per-value normalisations (raw value → result) kept with the cache: most
    #: values recur run after run, and normalising them is most of ``derive``
    memo: dict[str, dict] = field(default_factory=dict)
    #: arrays a match run keeps with the cache (its fingerprints and stored pairs)
    extra: dict[str, np.ndarray] = field(default_factory=dict)


#: What ``read_rows`` selects, in order; ``encode_rows`` takes rows of this shape.
ROW_SQL = "SELECT id, page_id, age, " + ", ".join(RAW_COLUMNS) + " FROM mentions"  # noqa: S608 - constant column list


def encode_rows(rows: list[tuple], interners: dict[str, _Interner] | None = None):
    """Columns of ``ROW_SQL`` rows: ids, page ids, ages (both with ``MISSING``) and
    per raw column the codes ``interners`` give (shared across calls)."""
    columns = list(zip(*rows)) if rows else [()] * (3 + len(RAW_COLUMNS))
    page = [p if p is not None else MISSING for p in columns[1]]
    age = [a if isinstance(a, int) and 0 < a < 120 else MISSING for a in columns[2]]
    codes = {c: interners[c].encode(columns[3 + k]) for k, c in enumerate(RAW_COLUMNS)} if interners else {}
    return list(columns[0]), page, age, codes


#: From this many mentions on, ``read_rows`` reads the upper half of the ids in a
#: forked child (``_read_split``): a million rows cost ~15 CPU-s to fetch and encode.
SPLIT_READ_FROM = 200_000


def read_rows(conn: sqlite3.Connection) -> RawRows:
    """Every active mention (``retracted_at IS NULL``), ordered by id, as codes."""
    interners = {c: _Interner() for c in RAW_COLUMNS}
    split = _split_point(conn)
    if split is None:
        id_list, page_list, age_list, raw_codes = _read_range(conn, interners, "", ())
    else:
        (id_list, page_list, age_list), raw_codes = _read_split(conn, interners, *split)
    raw: dict[str, np.ndarray] = {}
    raw_vocab: dict[str, Vocab] = {}
    for c in RAW_COLUMNS:
        raw_vocab[c], raw[c] = interners[c].vocab(np.asarray(raw_codes.pop(c), dtype=np.int64))
    return RawRows(ids=np.asarray(id_list, dtype=np.int64), page=np.asarray(page_list, dtype=np.int64),
                   age=np.asarray(age_list, dtype=np.int64), codes=raw, vocab=raw_vocab)


def _read_range(conn: sqlite3.Connection, interners: dict[str, _Interner], where: str, params: tuple):
    """ids, pages, ages and per raw column the codes of the active mentions
    matching ``where`` (an ``AND …`` clause), in id order."""
    raw_codes: dict[str, list[int]] = {c: [] for c in RAW_COLUMNS}
    id_list: list[int] = []
    page_list: list[int] = []
    age_list: list[int] = []
    cursor = conn.execute(ROW_SQL + " WHERE retracted_at IS NULL" + where + " ORDER BY id", params)
    while True:
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            break
        ids_, page_, age_, codes_ = encode_rows(rows, interners)
        id_list.extend(ids_)
        page_list.extend(page_)
        age_list.extend(age_)
        for column in RAW_COLUMNS:
            raw_codes[column].extend(codes_[column])
    return id_list, page_list, age_list, raw_codes


def _split_point(conn: sqlite3.Connection) -> tuple[str, int] | None:
    """(database file, middle id) when the mentions are many enough to read in
    two processes, else None (an in-memory database, or no fork)."""
    from matching.forked import fork_available

    lo, hi = conn.execute("SELECT MIN(id), MAX(id) FROM mentions").fetchone()
    if lo is None or hi - lo < SPLIT_READ_FROM or not fork_available():
        return None
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    return (path, (lo + hi) // 2) if path else None


def _read_split(conn: sqlite3.Connection, interners: dict[str, _Interner], path: str, split: int):
    """``_read_range`` of every active mention, the ids above ``split`` read by a
    forked child on a read-only connection of its own while this process reads
    the others. Merged in id order, the child's values coded by this process's
    interners in the child's first-seen order, so every code and vocabulary is
    what one sequential read gives. The child's snapshot may be newer than this
    connection's: a mention changed in between is read as changed, and its
    change (logged after the caller's change mark) is looked at again next run."""
    from urllib.parse import quote

    from matching.forked import spawn

    def upper(channel) -> dict[str, list]:
        own = {c: _Interner() for c in RAW_COLUMNS}
        child_conn = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
        ids_, page_, age_, codes_ = _read_range(child_conn, own, " AND id > ?", (split,))
        child_conn.close()
        for values in (ids_, page_, age_, *(codes_[c] for c in RAW_COLUMNS)):
            channel.send_array(np.asarray(values, dtype=np.int64))
        return {c: list(own[c].codes) for c in RAW_COLUMNS}

    child = spawn(upper)
    try:
        id_list, page_list, age_list, raw_codes = _read_range(conn, interners, " AND id <= ?", (split,))
    except BaseException:
        child.kill()
        raise
    arrays: list[np.ndarray] = []
    items = child.collect(arrays.append)
    joined = {}
    for k, column in enumerate(RAW_COLUMNS):
        recode = np.asarray(interners[column].encode(items[column]), dtype=np.int64)
        joined[column] = np.concatenate([np.asarray(raw_codes.pop(column), dtype=np.int64), recode[arrays[3 + k]]])
    return (np.concatenate([np.asarray(values, dtype=np.int64), more])
            for values, more in zip((id_list, page_list, age_list), arrays)), joined


def load_mentions(conn: sqlite3.Connection) -> Mentions:
    """Read every active mention (``retracted_at IS NULL``), ordered by id.

    Values are encoded per column first; every normalisation then runs once per
    distinct value, not once per row.
    """
    return derive(read_rows(conn))


def derive(rows: RawRows) -> Mentions:
    """``Mentions`` (normalised names, date ranges, place ids) from raw rows."""
    names, phons, regions, places = Vocab(), Vocab(), Vocab(), Vocab()
    raw, raw_vocab = dict(rows.codes), rows.vocab
    ids, page, age = rows.ids, rows.page, rows.age
    n = len(ids)
    memo = rows.memo
    for table in ("part", "patronymic", "place", "phonetic"):
        memo.setdefault(table, {})
    split_name = _memoised(memo.setdefault("split", {}), split_full_name)

    def part_codes(column: str) -> np.ndarray:
        table = np.array(names.codes(_memo_map(memo["part"], normalize_part, raw_vocab[column].items)), np.int64)
        return table[raw[column]] if n else np.zeros(0, np.int64)

    sur, first, patr = part_codes("surname"), part_codes("first_name"), part_codes("patronymic")
    no_parts = (sur == 0) & (first == 0) & (raw["full_name"] > 0)
    if no_parts.any():
        split = {}
        for code in np.unique(raw["full_name"][no_parts]).tolist():
            parts = split_name(raw_vocab["full_name"].items[code])
            split[code] = [names.code(x) for x in parts]
        rows_ = np.flatnonzero(no_parts)
        got = np.array([split[c] for c in raw["full_name"][rows_].tolist()], dtype=np.int64).reshape(-1, 3)
        sur[rows_], first[rows_], patr[rows_] = got[:, 0], got[:, 1], got[:, 2]
    # item 0 is "" (never a patronymic, never looked up), every other item a name
    is_patr = np.array([False] + _memo_map(memo["patronymic"], looks_like_patronymic, names.items[1:]), bool)
    misplaced = (patr > 0) & ~is_patr[patr] & (first > 0) & is_patr[first]
    first, patr = np.where(misplaced, patr, first), np.where(misplaced, first, patr)
    # Undo swapped order where the data says each token mostly plays the other role.
    roles = NameRoles()
    as_sur = np.bincount(sur, minlength=len(names))
    as_first = np.bincount(first, minlength=len(names))
    seed = np.fromiter(map(SEED_FIRST_NAMES.__contains__, names.items), dtype=bool, count=len(names))
    swap_table = (as_first + 5 * seed) / (as_sur + 1.0)
    swap_table[0] = 0
    swapped = (swap_table[sur] > 2.0) & (swap_table[first] <= 1.0) & (swap_table[first] * 4 < swap_table[sur]) \
        & (sur > 0) & (first > 0)
    sur, first = np.where(swapped, first, sur), np.where(swapped, sur, first)
    del roles

    def dates(column: str) -> np.ndarray:
        # kept with the cache too: each process parsed every distinct date again
        table = np.array(_memo_map(memo.setdefault("date", {}), _date_range_of, raw_vocab[column].items),
                         dtype=np.int64).reshape(-1, 3)
        return table[raw[column]]

    birth, death, fun = dates("birth_date"), dates("death_date"), dates("funeral_date")
    rep = dates("reported_date")[:, 0]
    size_raw = np.int64(len(raw_vocab["region_raw"]) + 1)
    pair_key = raw["region"] * size_raw + raw["region_raw"]
    # the distinct pairs, ascending, by a count over their small range (not a sort of a million)
    uniq = np.flatnonzero(np.bincount(pair_key, minlength=1)) if n else np.zeros(0, np.int64)
    # a raw region's look-up imports and indexes the reference data (a third of a
    # second): remembered with the cache like the other normalisations
    looked_up = _memoised(memo.setdefault("region_raw", {}), lambda raw: region_key(None, raw))

    def region_of(code: str, raw: str) -> str:  # = region_key(code or None, raw or None)
        return code if code else looked_up(raw) if raw else ""

    region_table = np.array([
        regions.code(region_of(raw_vocab["region"].items[int(k // size_raw)],
                               raw_vocab["region_raw"].items[int(k % size_raw)]))
        for k in uniq], dtype=np.int64)
    if n:
        region_of_key = np.zeros(int(uniq[-1]) + 1, np.int64)
        region_of_key[uniq] = region_table
        region = region_of_key[pair_key]
    else:
        region = np.zeros(0, np.int64)
    settlement = np.array(places.codes(_memo_map(memo["place"], _place_key, raw_vocab["settlement"].items)),
                          np.int64)[raw["settlement"]]
    unit = np.array(places.codes(_memo_map(memo["place"], _place_key, raw_vocab["unit"].items)), np.int64)[raw["unit"]]
    cols = {"region": region, "settlement": settlement, "unit": unit}
    name_len = np.fromiter(map(len, names.items), dtype=np.int64, count=len(names))
    phon_of = np.array(phons.codes(_memo_map(memo["phonetic"], phonetic, names.items)), dtype=np.int64)
    by_lo, by_hi = _birth_years(birth, age, death, fun, rep)
    m = Mentions(
        ids=ids, page=page, sur=sur, first=first, patr=patr, swapped=swapped,
        usable=(name_len[sur] >= 2) & (name_len[first] >= 2),
        names=names, sur_phon=phon_of[sur], first_phon=phon_of[first], phons=phons,
        birth_lo=birth[:, 0], birth_hi=birth[:, 1], birth_prec=birth[:, 2], age=age,
        by_lo=by_lo, by_hi=by_hi,
        death_lo=death[:, 0], death_hi=death[:, 1], death_prec=death[:, 2],
        fun_lo=fun[:, 0], fun_hi=fun[:, 1], fun_prec=fun[:, 2], reported=rep,
        region=cols["region"], regions=regions, settlement=cols["settlement"], unit=cols["unit"],
        places=places, raw=raw, raw_vocab=raw_vocab, age_raw=age,
    )
    if len(ids) == 0:
        for attr in ("sur_phon", "first_phon"):
            setattr(m, attr, np.zeros(0, dtype=np.int64))
    return m


@lru_cache(maxsize=200_000)
def _place_key(value: str | None) -> str:
    text = fold(value)
    return " ".join(text.replace(".", " ").replace("-", " ").split())


_UNIX_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def _year_of(ordinal: np.ndarray) -> np.ndarray:
    """Calendar year of day ordinals, vectorised."""
    out = np.full(len(ordinal), MISSING, dtype=np.int64)
    ok = ordinal > 0
    days = (ordinal[ok] - _UNIX_EPOCH_ORDINAL).astype("datetime64[D]")
    out[ok] = days.astype("datetime64[Y]").astype(np.int64) + 1970
    return out


def _birth_years(birth, age, death, fun, rep) -> tuple[np.ndarray, np.ndarray]:
    """Interval of possible birth years: from the birth date, else from age at the
    death (or funeral, or report) year — age N at death means born N or N+1 years before."""
    lo = np.full(len(age), MISSING, dtype=np.int64)
    hi = lo.copy()
    has_birth = birth[:, 2] > 0
    lo[has_birth] = _year_of(birth[has_birth, 0])
    hi[has_birth] = _year_of(birth[has_birth, 1])
    event = np.where(death[:, 0] > 0, death[:, 0], np.where(fun[:, 0] > 0, fun[:, 0], rep))
    from_age = ~has_birth & (age > 0) & (event > 0)
    ey = _year_of(event[from_age])
    lo[from_age] = ey - age[from_age] - 1
    hi[from_age] = ey - age[from_age]
    return lo, hi
