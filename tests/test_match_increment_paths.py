"""An increment's shortcuts (issue #5: +1,000 mentions to a million in seconds)
give what the plain computation gives: the sparse sorted neighbourhood, the
name-key statistics shared by scoring, profiles and the review scope, and the
stored pairs' positions."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from db import open_db
from matching.blocking import _neighbourhood
from matching.data import load_mentions


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from gen_persons import generate, write_db

    # narrow pools: typos of common names put rare spellings beside crowds
    mentions, truth = generate(4000, seed=13, names="narrow")
    path = tmp_path_factory.mktemp("increment") / "gen.db"
    write_db(path, mentions, truth)
    return load_mentions(open_db(path).conn)


@pytest.mark.parametrize("share", [0.001, 0.01, 0.1, 0.5])
def test_sparse_neighbourhood_gives_the_full_pairs_with_a_dirty_side(generated, share):
    m = generated
    a, b = _neighbourhood(m, np.ones(len(m), bool), 6)
    assert len(a) > 50
    for seed in range(3):
        dirty = np.random.default_rng(seed).random(len(m)) < share
        touching = dirty[a] | dirty[b]
        got_a, got_b = _neighbourhood(m, dirty, 6)
        assert np.array_equal(got_a, a[touching]) and np.array_equal(got_b, b[touching]), (share, seed)


def test_sparse_neighbourhood_at_the_ends_of_the_name_order(generated):
    m = generated
    a, b = _neighbourhood(m, np.ones(len(m), bool), 3)
    size = len(m.names) + 1
    key = np.where(m.usable, m.sur * size + m.first, -1)
    # the first and the last names in code order are as good as any: mark a few
    # mentions of the smallest and largest keys, and one unusable mention
    ends = np.r_[np.argsort(key)[-5:], np.flatnonzero(m.usable)[:5], np.flatnonzero(~m.usable)[:1]]
    dirty = np.zeros(len(m), bool)
    dirty[ends] = True
    touching = dirty[a] | dirty[b]
    got_a, got_b = _neighbourhood(m, dirty, 3)
    assert np.array_equal(got_a, a[touching]) and np.array_equal(got_b, b[touching])
    nothing = _neighbourhood(m, np.zeros(len(m), bool) | ~m.usable, 3)
    assert len(nothing[0]) == 0


def test_name_key_stats_count_what_np_unique_counts(generated):
    from matching.profiles import _keys
    from matching.scoring import _pow2_floor, name_key_counts, name_key_stats

    m = generated
    stats = name_key_stats(m)
    assert stats is name_key_stats(m)  # computed once per load
    size, regions = np.int64(len(m.names) + 1), np.int64(len(m.regions) + 1)
    counts = name_key_counts(m)
    for label, key in _keys(m, size, regions).items():
        uniq, n, inverse = stats[label]
        want_uniq, want_inverse, want_n = np.unique(key, return_inverse=True, return_counts=True)
        assert np.array_equal(uniq, want_uniq) and np.array_equal(n, want_n)
        assert np.array_equal(uniq[inverse], key)
        assert np.array_equal(counts[label], _pow2_floor(want_n[want_inverse.reshape(-1)]))
    assert counts["name"].max() > 1  # names are shared


def test_vocab_codes_number_as_code_one_by_one():
    from matching.data import Vocab

    rng = np.random.default_rng(2)
    words = ["", None, "иван", "пётр", "анна", "ан", "б"]
    for _ in range(50):
        one, bulk = Vocab(), Vocab()
        for v in ("анна", "x"):  # values already known keep their codes
            one.code(v)
            bulk.code(v)
        values = [words[k] for k in rng.integers(0, len(words), int(rng.integers(0, 30)))]
        assert bulk.codes(values) == [one.code(v) for v in values]
        assert bulk.items == one.items and bulk.ids == one.ids


def test_memo_map_and_hashes_equal_the_plain_calls():
    from matching.data import _memo_map, _stable_hashes, stable_hash

    calls = []

    def fn(v):
        calls.append(v)
        return v.upper() if v else ""

    table = {"a": "A", "b": "B!"}  # a remembered result is used as it is
    values = ["a", "c", "b", "", "c", "d"]
    assert _memo_map(table, fn, values) == ["A", "C", "B!", "", "C", "D"]
    assert table == {"a": "A", "b": "B!", "c": "C", "": "", "d": "D"}
    assert "a" not in calls and "b" not in calls
    assert calls == ["c", "", "c", "d"]  # a value new twice in one call is computed twice, alike
    assert _memo_map(table, fn, ["c", "d", ""]) == ["C", "D", ""] and len(calls) == 4
    items = ["", "иванов", "ё", "a\x00b"]
    assert _stable_hashes(items).tolist() == [stable_hash(s) for s in items]


def test_derive_is_the_same_with_remembered_normalisations(generated):
    from matching.data import derive

    m = generated
    rows_cold = _rows_of(m, {})
    cold = derive(rows_cold)
    warm = derive(_rows_of(m, rows_cold.memo))  # every value now remembered
    for name, value in vars(cold).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(value, getattr(warm, name)), name
    for name in ("names", "phons", "regions", "places"):
        assert getattr(cold, name).items == getattr(warm, name).items, name
    assert np.array_equal(cold.fingerprints(), warm.fingerprints())
    assert np.array_equal(cold.fingerprints(), m.fingerprints())
    assert set(rows_cold.memo) >= {"part", "patronymic", "place", "phonetic", "date"}


def _rows_of(m, memo):
    from matching.data import RawRows

    return RawRows(ids=m.ids, page=m.page, age=m.age_raw, codes=dict(m.raw), vocab=m.raw_vocab, memo=memo)


def test_stored_strings_decode_on_demand_and_round_trip():
    from matching.cache import _SEP, StoredStrings

    words = ["", "иванов иван", "ё", "a", ""]
    joined = np.frombuffer(_SEP.join(words).encode("utf-8"), np.uint8)
    lazy = StoredStrings(joined, len(words))
    assert len(lazy) == 5 and lazy[1] == "иванов иван" and lazy[-1] == "" and lazy[2] == "ё"
    assert list(lazy) == words and lazy[1:3] == words[1:3]
    lazy.append("новый")
    assert len(lazy) == 6 and lazy[5] == "новый" and list(lazy)[-1] == "новый"
    assert lazy.joined_bytes().decode("utf-8").split(_SEP) == words + ["новый"]
    with pytest.raises(ValueError):
        StoredStrings(joined, 4)[1]  # a count that does not match is an error, not a wrong string


def test_stored_vocab_codes_equal_a_vocab_even_when_hashes_collide():
    import zlib

    from matching.cache import _SEP, StoredStrings, StoredVocab, _hash_index
    from matching.data import Vocab

    assert zlib.crc32(b"plumless") == zlib.crc32(b"buckeroo")  # a known CRC-32 collision
    plain = Vocab()
    plain.codes(["plumless", "x", "buckeroo", "иван"])
    hashes, order = _hash_index(plain)
    joined = np.frombuffer(_SEP.join(plain.items).encode("utf-8"), np.uint8)
    stored = StoredVocab(StoredStrings(joined, len(plain.items)), hashes, order)
    reference = Vocab()
    reference.items, reference.ids = list(plain.items), dict(plain.ids)
    values = ["buckeroo", "plumless", "", None, "новый", "иван", "новый", "buckeroo", "другой"]
    assert [stored.code(v) for v in values] == [reference.code(v) for v in values]
    assert list(stored.items) == reference.items and stored.ids == reference.ids
    # the index saved after the additions finds the added values too
    hashes, order = _hash_index(stored)
    joined = np.frombuffer(stored.items.joined_bytes(), np.uint8)
    again = StoredVocab(StoredStrings(joined, len(reference.items)), hashes, order)
    assert [again.code(v) for v in reference.items] == list(range(len(reference.items)))


def test_mapped_npz_gives_what_np_load_gives(tmp_path):
    from matching.cache import _mapped_npz

    arrays = {"a": np.arange(7, dtype=np.int64), "b": np.array([1.5, -2.0]), "c": np.zeros(0, np.int32),
              "d": np.frombuffer("текст".encode(), np.uint8), "e": np.array([True, False]),
              "f": np.arange(6, dtype=np.int16).reshape(2, 3)}
    path = tmp_path / "x.npz"
    np.savez(path, **arrays)
    got = _mapped_npz(path)
    assert set(got) == set(arrays)
    for name, value in arrays.items():
        assert got[name].dtype == value.dtype and np.array_equal(got[name], value), name
    compressed = tmp_path / "z.npz"
    np.savez_compressed(compressed, **arrays)
    with pytest.raises(ValueError):
        _mapped_npz(compressed)


@pytest.mark.parametrize("share", [0.003, 0.05])
def test_an_increment_blocks_the_full_pairs_with_a_dirty_side(generated, share):
    from matching.blocking import candidate_pairs

    m = generated
    # no block over the cap: then every pass of an increment must give exactly the
    # full run's pairs that touch a dirty mention (the key passes build entries
    # only for mentions sharing a base key with a dirty one)
    a, b, full = candidate_pairs(m, np.ones(len(m), bool), cap=10**6, window=4, threads=1)
    assert full.capped_blocks == 0 and not full.sub_blocked and len(a) > 1000
    dirty = np.random.default_rng(7).random(len(m)) < share
    touching = dirty[a] | dirty[b]
    got_a, got_b, _ = candidate_pairs(m, dirty, cap=10**6, window=4, threads=2)
    assert np.array_equal(got_a, a[touching]) and np.array_equal(got_b, b[touching])


def test_open_items_naming_finds_what_a_scan_finds(tmp_path):
    import json

    from matching.review import _names_any, _open_items_naming

    rng = np.random.default_rng(9)
    db = open_db(tmp_path / "items.db")
    now = "2026-01-01T00:00:00+00:00"
    rows = []
    for k in range(3000):
        state = ["open", "insufficient", "obsolete", "decided"][int(rng.integers(0, 4))]
        if k % 10 == 0:  # a cluster item: no mention pair
            members = sorted(set(rng.integers(1, 2000, 4).tolist()))
            rows.append(("cluster", f"cluster:{k}", None, None, json.dumps(members), state))
        else:
            a, b = sorted(rng.choice(np.arange(1, 2000), 2, replace=False).tolist())
            rows.append(("pair", f"pair:{k}", a, b, json.dumps([a, b]), state))
    db.conn.execute("PRAGMA foreign_keys = OFF")  # items naming mention ids this test never inserts
    with db.conn:
        db.conn.executemany("INSERT INTO review_items (kind, item_key, mention_a, mention_b, mention_ids, state,"
                            " priority, created_at, updated_at) VALUES (?,?,?,?,?,?,0,?,?)",
                            [(*r, now, now) for r in rows])
    open_scope = set(rng.integers(1, 2000, 150).tolist())
    insufficient_scope = set(rng.integers(1, 2000, 40).tolist()) | {1999}
    got = sorted(_open_items_naming(db.conn, open_scope, insufficient_scope))
    want = sorted(row for row in db.conn.execute(
        "SELECT id, item_key, kind, state, mention_ids, mention_a, mention_b FROM review_items"
        " WHERE state IN ('open', 'insufficient')")
        if _names_any(row, insufficient_scope if row[3] == "insufficient" else open_scope))
    assert got == want and 50 < len(got) < 1500
    assert _open_items_naming(db.conn, set(), set()) == []
@pytest.mark.parametrize("sparse_ids", [False, True])
def test_clean_positions_equal_binary_search(sparse_ids):
    from matching.run import _clean_positions

    rng = np.random.default_rng(4)
    step = 10_000_000 if sparse_ids else 1  # far apart ids take the binary-search path
    ids = np.unique(rng.integers(1, 50_000, 20_000)) * step
    old_a = rng.choice(ids, 30_000)
    old_b = rng.choice(ids, 30_000)
    removed = np.array([3, 5]) * step  # not loaded any more (never in ids here)
    dirty_sorted = np.union1d(rng.choice(ids, 500), removed)
    old_a[:10] = removed[0]
    pos_a, pos_b = _clean_positions(ids, dirty_sorted, old_a, old_b)
    clean = ~np.isin(old_a, dirty_sorted) & ~np.isin(old_b, dirty_sorted)
    assert np.array_equal(pos_a >= 0, clean) and np.array_equal(pos_b >= 0, clean)
    assert np.array_equal(ids[pos_a[clean]], old_a[clean]) and np.array_equal(ids[pos_b[clean]], old_b[clean])
    assert 0 < clean.sum() < len(clean)
