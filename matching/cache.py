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
from pathlib import Path

import numpy as np

from matching.data import RAW_COLUMNS, ROW_SQL, RawRows, Vocab, encode_rows, read_rows

log = logging.getLogger("nekrolog.matching.cache")

#: Bumped whenever the saved layout or the meaning of ``RawRows`` changes.
CACHE_FORMAT = 2
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
        with np.load(path, allow_pickle=False) as saved:
            meta = json.loads(saved["meta"].tobytes().decode("utf-8"))
            if (meta.get("format") != CACHE_FORMAT or meta.get("token") != run_token(conn)
                    or meta.get("code") != code_version()):
                log.info("match cache %s is not from the last run: reading every mention", path)
                return None
            vocab = {}
            for column in RAW_COLUMNS:
                v = Vocab()
                v.items = _strings(saved, meta, "vocab_" + column)
                # "" is code 0; a full read may also hold an unused "" entry further on
                v.ids = {item: i for i, item in enumerate(v.items) if item or i == 0}
                vocab[column] = v
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
                           memo=memo, extra={k[2:]: saved[k] for k in saved.files if k.startswith("x_")})
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        log.warning("match cache %s unreadable (%s): reading every mention", path, exc)
        return None


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
            new_codes[column].extend(map(vocab[column].code, values[3 + k]) if rows else ())
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
    out.items = [""] + [vocab.items[k] for k in used.tolist()]
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


def _put_strings(arrays: dict, meta: dict, name: str, items: list[str]) -> None:
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
