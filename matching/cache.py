"""The mentions a match run read, kept for the next run.

Reading a million mentions from SQLite and interning their columns is most of
an incremental run's load. A run therefore saves the raw rows it loaded
(``data.RawRows``: ids, page ids, ages, per-column codes and vocabularies) to
``<database>.match-cache.npz``, and the next run reads from the database only
the mentions named in ``match_changes`` (filled by triggers on ``mentions``,
whoever writes) and patches them in. The per-value normalisations ``derive``
computed (name parts, sound keys, place keys) are kept too, stamped with a hash
of the code that computed them.

The cache is used only when it was written by the last committed run (its token
is that ``match_runs`` row's id and start time; a run deletes the old file
before writing, so a run that fails to commit or to write leaves no valid
cache behind). Anything else — no file, another token, another format, a read
error, an in-memory database — means a full read: the cache can make a run
faster, never different. The patched rows are renumbered to the order a full
read gives, so everything derived from them is identical.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from matching.data import RAW_COLUMNS, ROW_SQL, RawRows, Vocab, encode_rows, read_rows

log = logging.getLogger("nekrolog.matching.cache")

#: Bumped whenever the saved layout or the meaning of ``RawRows`` changes.
CACHE_FORMAT = 3
#: Raw columns whose strings are decoded only when asked for: the full names are
#: half a million distinct strings at a million mentions, read by an increment
#: only for the persons it touches.
_LAZY_COLUMNS = ("full_name",)
_IN_CHUNK = 500  # ids per ``IN (...)`` list: well under SQLite's variable limit
#: The code the cached rows and normalisations depend on: a change to any of these
#: files (a new normalisation rule, say) makes every cache stale.
_CODE_FILES = ("data.py", "normalize.py", "cache.py")


def code_version() -> str:
    digest = hashlib.sha1()
    for name in _CODE_FILES:
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def cache_path(conn: sqlite3.Connection) -> Path | None:
    """Where the cache of this database lives; None for an in-memory database."""
    for _, name, file in conn.execute("PRAGMA database_list"):
        if name == "main":
            return Path(file + ".match-cache.npz") if file else None
    return None


def change_mark(conn: sqlite3.Connection) -> int:
    """The last change logged so far: a run consumes the changes up to it."""
    return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM match_changes").fetchone()[0]


def run_token(conn: sqlite3.Connection, run_id: int | None = None) -> str:
    """Token of a ``match_runs`` row (default: the last one); "" if there is none."""
    if run_id is None:
        row = conn.execute("SELECT id, started_at FROM match_runs ORDER BY id DESC LIMIT 1").fetchone()
    else:
        row = conn.execute("SELECT id, started_at FROM match_runs WHERE id = ?", (run_id,)).fetchone()
    return run_token_of(row[0], row[1]) if row else ""


def load_rows(conn: sqlite3.Connection) -> tuple[RawRows, int, bool]:
    """The active mentions' raw rows, the change mark they reflect, and whether
    the cache gave them. Read in one snapshot, so no change falls between the
    mark and the rows."""
    own_snapshot = not conn.in_transaction
    if own_snapshot:
        conn.execute("BEGIN")
    try:
        mark = change_mark(conn)
        cached = _read_cache(conn)
        if cached is not None:
            changed = np.fromiter(
                (r[0] for r in conn.execute("SELECT DISTINCT mention_id FROM match_changes WHERE seq <= ?", (mark,))),
                dtype=np.int64)
            return patch_rows(conn, cached, changed), mark, True
        return read_rows(conn), mark, False
    finally:
        if own_snapshot:
            conn.execute("COMMIT")


def _read_cache(conn: sqlite3.Connection) -> RawRows | None:
    path = cache_path(conn)
    if path is None or not path.exists():
        return None
    try:
        saved = _mapped_npz(path)
        meta = json.loads(saved["meta"].tobytes().decode("utf-8"))
        if (meta.get("format") != CACHE_FORMAT or meta.get("token") != run_token(conn)
                or meta.get("code") != code_version()):
            log.info("match cache %s is not from the last run: reading every mention", path)
            return None
        vocab: dict[str, Vocab] = {}
        for column in RAW_COLUMNS:
            name = "vocab_" + column
            if column in _LAZY_COLUMNS and name not in meta["json"]:
                items: Sequence[str] = StoredStrings(saved["s_" + name], meta["counts"][name])
            else:
                items = _strings(saved, meta, name)
            vocab[column] = StoredVocab(items, saved["hs_" + column], saved["ho_" + column])
        memo = {}
        for name, kind in meta["memo"].items():
            keys = _strings(saved, meta, f"memo_{name}_keys")
            if kind == "str":
                memo[name] = dict(zip(keys, _strings(saved, meta, f"memo_{name}_values")))
            elif kind == "bool":
                memo[name] = dict(zip(keys, saved[f"b_memo_{name}"].tolist()))
            else:
                memo[name] = dict(zip(keys, meta["json"][f"memo_{name}_values"]))
        return RawRows(ids=saved["ids"].astype(np.int64), page=saved["page"].astype(np.int64),
                       age=saved["age"].astype(np.int64),
                       codes={c: saved["code_" + c].astype(np.int64) for c in RAW_COLUMNS}, vocab=vocab,
                       memo=memo, extra={k[2:]: v for k, v in saved.items() if k.startswith("x_")})
    except (OSError, ValueError, KeyError, UnicodeDecodeError, zipfile.BadZipFile, struct.error) as exc:
        log.warning("match cache %s unreadable (%s): reading every mention", path, exc)
        return None


def _mapped_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an ``np.savez`` file, memory-mapped where they lie: no copy of
    150 MB and no CRC pass over it (``np.load`` reads and checks every member);
    the pages an increment never touches are never read. The file stays mapped
    while an array refers to it, even once replaced or deleted."""
    out: dict[str, np.ndarray] = {}
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    whole = np.asarray(np.memmap(path, dtype=np.uint8, mode="r"))  # a plain view: no memmap per slice
    with open(path, "rb") as f:
        for info in members:
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                raise ValueError(f"{info.filename}: not a stored .npy member")
            f.seek(info.header_offset)
            local = f.read(30)
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{info.filename}: no local header")
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            f.seek(info.header_offset + 30 + name_len + extra_len)
            version = np.lib.format.read_magic(f)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
            else:
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
            if dtype.hasobject or fortran:
                raise ValueError(f"{info.filename}: unexpected array layout")
            count = int(np.prod(shape, dtype=np.int64))
            start = f.tell()
            if start + count * dtype.itemsize > len(whole):
                raise ValueError(f"{info.filename}: truncated")
            data = whole[start:start + count * dtype.itemsize]
            # np.savez pads each header to 64 bytes, but a member's start in the file is not aligned
            out[info.filename[:-4]] = (data.view(dtype) if start % dtype.alignment == 0
                                       else np.frombuffer(data.tobytes(), dtype)).reshape(shape)
    return out


class StoredStrings(Sequence):
    """A vocabulary's strings as the cache holds them (UTF-8, joined by ``_SEP``),
    each decoded when first asked for; values appended after loading are kept
    apart. Iterating decodes them all at once."""

    def __init__(self, joined: np.ndarray, count: int) -> None:
        self._joined = joined
        self._count = count
        self._ends: np.ndarray | None = None
        self._decoded: dict[int, str] = {}
        self.added: list[str] = []

    def _end_offsets(self) -> np.ndarray:
        if self._ends is None:
            self._ends = np.r_[np.flatnonzero(self._joined == 0), len(self._joined)]
            if len(self._ends) != self._count:
                raise ValueError(f"{len(self._ends)} strings, expected {self._count}")
        return self._ends

    def __len__(self) -> int:
        return self._count + len(self.added)

    def __getitem__(self, k):  # type: ignore[override]
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if k >= self._count:
            return self.added[k - self._count]
        got = self._decoded.get(k)
        if got is None:
            if k < 0:
                raise IndexError(k)
            ends = self._end_offsets()
            start = int(ends[k - 1]) + 1 if k else 0
            got = self._decoded[k] = self._joined[start:int(ends[k])].tobytes().decode("utf-8")
        return got

    def __iter__(self) -> Iterator[str]:
        stored = self._joined.tobytes().decode("utf-8").split(_SEP) if self._count else []
        return iter(stored + self.added)

    def append(self, value: str) -> None:
        self.added.append(value)

    def joined_bytes(self) -> bytes:
        """All strings joined by ``_SEP``, as ``_put_strings`` writes them."""
        tail = _SEP.join(self.added).encode("utf-8")
        if not self._count:
            return tail
        return self._joined.tobytes() + (_SEP.encode("utf-8") + tail if self.added else b"")


class StoredVocab(Vocab):
    """A raw column's vocabulary loaded from the cache: a value's code is found in
    a sorted index of the strings' hashes (saved with them) instead of a dict of
    every value, which at a million mentions took ~0.5 s to build for the few
    thousand values an increment looks up. Codes are what ``Vocab`` gives."""

    def __init__(self, items: Sequence[str], hashes: np.ndarray, order: np.ndarray) -> None:
        self.items = items  # type: ignore[assignment]
        self._hashes, self._order = hashes, order
        self._stored = len(items)
        if len(hashes) != self._stored or len(order) != self._stored:
            raise ValueError("hash index does not match the vocabulary")
        self._added: dict[str, int] = {}
        self._ids: dict[str, int] | None = None

    @property
    def ids(self) -> dict[str, int]:  # type: ignore[override]
        """Every value's code, as ``Vocab.ids`` (built when first asked for)."""
        if self._ids is None:
            self._ids = {item: i for i, item in enumerate(self.items) if item or i == 0}
        return self._ids

    @ids.setter
    def ids(self, value: dict[str, int]) -> None:
        self._ids = value

    def code(self, value: str | None) -> int:
        value = value or ""
        if not value:
            return 0
        if self._ids is not None:
            return Vocab.code(self, value)
        got = self._added.get(value)
        if got is None:
            got = self._find(value)
        if got is None:
            got = self._added[value] = len(self.items)
            self.items.append(value)  # type: ignore[attr-defined]
        return got

    def codes(self, values: list) -> list[int]:
        """``[self.code(v) for v in values]``, the hashes looked up in one go."""
        if self._ids is not None:
            return Vocab.codes(self, values)
        distinct = [v for v in dict.fromkeys(v or "" for v in values) if v]  # first-seen order, as code() adds
        hashes = _hashes_of(distinct)
        lo, hi = self._hashes.searchsorted(hashes, "left").tolist(), self._hashes.searchsorted(hashes, "right").tolist()
        known = {"": 0}
        for value, a, b in zip(distinct, lo, hi):
            got = self._added.get(value)
            if got is None:
                got = self._among(value, a, b)
            if got is None:
                got = self._added[value] = len(self.items)
                self.items.append(value)  # type: ignore[attr-defined]
            known[value] = got
        return [known[v or ""] for v in values]

    def _find(self, value: str) -> int | None:
        h = np.uint32(zlib.crc32(value.encode("utf-8")))  # a Python int would cast the whole index
        return self._among(value, int(self._hashes.searchsorted(h, "left")), int(self._hashes.searchsorted(h, "right")))

    def _among(self, value: str, lo: int, hi: int) -> int | None:
        for k in self._order[lo:hi].tolist():  # codes ascending among equal hashes
            if self.items[k] == value:
                return k
        return None

    def index_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The sorted hashes and their codes of every item, those added since
        loading merged in (ties keep the code order)."""
        if len(self.items) == self._stored:
            return self._hashes, self._order
        added = [self.items[k] for k in range(self._stored, len(self.items))]
        hashes = np.concatenate([self._hashes, _hashes_of(added)])
        order = np.concatenate([self._order, np.arange(self._stored, len(self.items), dtype=self._order.dtype)])
        by_hash = np.argsort(hashes, kind="stable")
        return hashes[by_hash], order[by_hash]


def _hashes_of(items: Sequence[str]) -> np.ndarray:
    return np.fromiter(map(zlib.crc32, map(str.encode, items)), dtype=np.uint32, count=len(items))


def _hash_index(vocab: Vocab) -> tuple[np.ndarray, np.ndarray]:
    """(sorted hashes, codes in that order) of a vocabulary's items, for ``StoredVocab``."""
    if isinstance(vocab, StoredVocab):
        return vocab.index_arrays()
    hashes = _hashes_of(vocab.items)
    order = np.argsort(hashes, kind="stable").astype(np.int32)
    return hashes[order], order


def patch_rows(conn: sqlite3.Connection, cached: RawRows, changed: np.ndarray) -> RawRows:
    """``cached`` with the ``changed`` mention ids re-read (dropped if retracted
    or deleted), in id order and numbered as a full read numbers them."""
    changed = np.unique(changed)
    if len(changed) == 0:
        return cached
    # the cached vocabularies continue their numbering: known values keep their
    # codes, new ones are appended (as a full read would, for mentions after all others)
    vocab = cached.vocab
    new_ids: list[int] = []
    new_page: list[int] = []
    new_age: list[int] = []
    new_codes: dict[str, list[int]] = {c: [] for c in RAW_COLUMNS}
    id_list = changed.tolist()
    for start in range(0, len(id_list), _IN_CHUNK):
        chunk = id_list[start:start + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"{ROW_SQL} WHERE retracted_at IS NULL AND id IN ({marks})", chunk).fetchall()  # noqa: S608 - placeholders only
        ids_, page_, age_, _ = encode_rows(rows)
        new_ids.extend(ids_)
        new_page.extend(page_)
        new_age.extend(age_)
        values = list(zip(*rows))
        for k, column in enumerate(RAW_COLUMNS):
            new_codes[column].extend(vocab[column].codes(list(values[3 + k])) if rows else ())
    pos = np.minimum(np.searchsorted(changed, cached.ids), len(changed) - 1)
    keep = changed[pos] != cached.ids
    only_appended = bool(keep.all())
    ids = np.concatenate([cached.ids[keep], np.asarray(new_ids, np.int64)])
    order = np.argsort(ids, kind="stable")
    if only_appended and (len(ids) < 2 or (ids[1:] > ids[:-1]).all()):
        order = None  # new mentions after all cached ones: codes already in first-seen order
    codes = {}
    for column in RAW_COLUMNS:
        merged = np.concatenate([cached.codes[column][keep], np.asarray(new_codes[column], np.int64)])
        if order is None:
            codes[column] = merged
        else:
            codes[column], vocab[column] = _first_seen_numbering(merged[order], vocab[column])
    page = np.concatenate([cached.page[keep], np.asarray(new_page, np.int64)])
    age = np.concatenate([cached.age[keep], np.asarray(new_age, np.int64)])
    if order is not None:
        ids, page, age = ids[order], page[order], age[order]
    return RawRows(ids=ids, page=page, age=age, codes=codes, vocab=vocab, memo=cached.memo, extra=cached.extra)


def _first_seen_numbering(codes: np.ndarray, vocab: Vocab) -> tuple[np.ndarray, Vocab]:
    """Codes renumbered 1.. in order of first occurrence, unused values dropped:
    the numbering a full read of the same rows gives (names, regions and the order
    of capped blocks follow it)."""
    uniq, first = np.unique(codes, return_index=True)
    used = uniq[np.argsort(first, kind="stable")]
    used = used[used != 0]
    remap = np.zeros(len(vocab.items) + 1, np.int64)
    remap[used] = np.arange(1, len(used) + 1)
    out = Vocab()
    items = list(vocab.items) if isinstance(vocab.items, StoredStrings) else vocab.items  # decoded at once
    out.items = [""] + [items[k] for k in used.tolist()]
    out.ids = {item: i for i, item in enumerate(out.items)}
    return remap[codes], out


def run_token_of(run_id: int, started_at: str) -> str:
    """``run_token`` of the ``match_runs`` row with this id and start time."""
    return f"{run_id}|{started_at}"


def save_rows(conn: sqlite3.Connection | None, rows: RawRows, token: str, path: Path | None = None) -> None:
    """Write the cache for the run whose token is ``token`` (called before that
    run commits; a failure costs the next run its speed, nothing else). With
    ``path`` given the connection is not used (another thread may write it)."""
    path = path or (cache_path(conn) if conn is not None else None)
    if path is None:
        return
    tmp = path.with_name(path.name + ".tmp")
    try:
        meta: dict = {"format": CACHE_FORMAT, "token": token, "code": code_version(), "memo": {}, "json": {},
                      "counts": {}}
        arrays = {"ids": rows.ids, "page": rows.page, "age": rows.age.astype(np.int16)}
        for column in RAW_COLUMNS:
            _put_strings(arrays, meta, "vocab_" + column, rows.vocab[column].items)
            arrays["hs_" + column], arrays["ho_" + column] = _hash_index(rows.vocab[column])
        for name, table in rows.memo.items():
            values = list(table.values())
            _put_strings(arrays, meta, f"memo_{name}_keys", list(table))
            if all(type(v) is str for v in values):
                meta["memo"][name] = "str"
                _put_strings(arrays, meta, f"memo_{name}_values", values)
            elif all(type(v) is bool for v in values):
                meta["memo"][name] = "bool"
                arrays[f"b_memo_{name}"] = np.array(values, dtype=bool)
            else:
                meta["memo"][name] = "json"
                meta["json"][f"memo_{name}_values"] = values
        arrays["meta"] = np.frombuffer(json.dumps(meta, ensure_ascii=False).encode("utf-8"), np.uint8)
        for column in RAW_COLUMNS:
            arrays["code_" + column] = rows.codes[column].astype(np.int32)
        arrays.update(("x_" + k, v) for k, v in rows.extra.items())
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError) as exc:
        log.warning("match cache %s not written (%s): the next run reads every mention", path, exc)
        tmp.unlink(missing_ok=True)


_SEP = "\x00"  # joins a list of strings into one array (JSON would take seconds to decode)


def _put_strings(arrays: dict, meta: dict, name: str, items: Sequence[str]) -> None:
    if isinstance(items, StoredStrings) and not any(_SEP in v for v in items.added):
        # the loaded bytes as they are, the values added since appended
        meta["counts"][name] = len(items)
        arrays["s_" + name] = np.frombuffer(items.joined_bytes(), np.uint8)
        return
    if isinstance(items, StoredStrings):
        items = list(items)
    joined = _SEP.join(items)
    if joined.count(_SEP) != max(len(items) - 1, 0):
        meta["json"][name] = items  # a value holds the separator itself: kept as JSON
        return
    meta["counts"][name] = len(items)
    arrays["s_" + name] = np.frombuffer(joined.encode("utf-8"), np.uint8)


def _strings(saved, meta: dict, name: str) -> list[str]:
    if name in meta["json"]:
        return meta["json"][name]
    count = meta["counts"][name]
    items = saved["s_" + name].tobytes().decode("utf-8").split(_SEP) if count else []
    if len(items) != count:
        raise ValueError(f"{name}: {len(items)} strings, expected {count}")
    return items


def drop_cache(conn: sqlite3.Connection) -> None:
    """Remove the cache before a run writes: until this run commits, no cache is valid."""
    path = cache_path(conn)
    if path is not None:
        path.unlink(missing_ok=True)
