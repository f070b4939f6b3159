"""Incremental matching on real SQLite files: the mention cache between runs,
the match_changes log, and crash safety (a failed or killed run loses nothing)."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from db import open_db
from matching import run as run_module
from matching.cache import cache_path
from matching.run import run_match

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from gen_persons import generate, write_db  # noqa: E402

OUTPUTS = {
    "persons": "SELECT id, status, merged_into, full_name, birth_date, death_date, date, region, n_mentions, conflicts"
               " FROM persons ORDER BY id",
    "links": "SELECT mention_id, person_id FROM person_mentions ORDER BY mention_id",
    "events": "SELECT person_id, event, other_person_id, detail FROM person_events ORDER BY id",
    "pairs": "SELECT mention_a, mention_b, score, band FROM match_pairs ORDER BY mention_a, mention_b",
    "state": "SELECT mention_id, fingerprint FROM match_state ORDER BY mention_id",
    "review": "SELECT id, kind, item_key, mention_ids, score, reasons, priority, state FROM review_items ORDER BY id",
}


def outputs(db) -> dict[str, list]:
    return {name: db.conn.execute(sql).fetchall() for name, sql in OUTPUTS.items()}


@pytest.fixture(scope="module")
def generated():
    # the narrow name pools (the stress test): common names give open review items to answer
    return generate(1300, seed=11, names="narrow")


def matched_base(tmp_path, generated, name="a.db"):
    """1,000 generated mentions, matched once (which writes the cache)."""
    mentions, truth = generated
    path = tmp_path / name
    write_db(path, mentions[:1000], truth[:1000])
    db = open_db(path)
    first = run_match(db)
    assert not first.from_cache and cache_path(db.conn).exists()
    db.conn.close()
    return path


def change(path, generated):
    """New mentions, an edited and a retracted old one — the edit and retraction
    in plain SQL, as any tool might write them."""
    mentions, truth = generated
    write_db(path, mentions[1000:], truth[1000:], start=1000)
    db = open_db(path)
    with db.conn:
        ids = [r[0] for r in db.conn.execute("SELECT id FROM mentions ORDER BY id LIMIT 3")]
        db.conn.execute("UPDATE mentions SET surname = 'Зайцев', death_date = '2023-02-11' WHERE id = ?", (ids[0],))
        db.conn.execute("UPDATE mentions SET retracted_at = '2026-01-01T00:00:00+00:00' WHERE id = ?", (ids[1],))
    return db


def copy_db(src: Path, dst: Path, with_cache: bool) -> Path:
    shutil.copy(src, dst)
    if with_cache:
        shutil.copy(str(src) + ".match-cache.npz", str(dst) + ".match-cache.npz")
    return dst


def test_changes_are_logged_by_triggers_and_consumed_by_a_run(tmp_path, generated):
    path = matched_base(tmp_path, generated)
    db = change(path, generated)
    logged = {r[0] for r in db.conn.execute("SELECT mention_id FROM match_changes")}
    assert len(logged) == 302  # 300 new, one edited, one retracted
    run_match(db)
    assert db.conn.execute("SELECT COUNT(*) FROM match_changes").fetchone()[0] == 0


def test_cached_run_equals_a_run_that_reads_every_mention(tmp_path, generated):
    path = matched_base(tmp_path, generated)
    cached_path = copy_db(path, tmp_path / "cached.db", with_cache=True)
    plain_path = copy_db(path, tmp_path / "plain.db", with_cache=False)
    cached_db, plain_db = change(cached_path, generated), change(plain_path, generated)
    with_cache, without = run_match(cached_db), run_match(plain_db)
    assert with_cache.from_cache and not without.from_cache
    assert with_cache.dirty == without.dirty > 300
    assert outputs(cached_db) == outputs(plain_db)
    # and the retracted mention is gone from the cached rows too
    retracted = cached_db.conn.execute("SELECT id FROM mentions WHERE retracted_at IS NOT NULL").fetchone()[0]
    assert cached_db.conn.execute("SELECT 1 FROM person_mentions WHERE mention_id = ?", (retracted,)).fetchone() \
        == plain_db.conn.execute("SELECT 1 FROM person_mentions WHERE mention_id = ?", (retracted,)).fetchone()
    # a second run without changes reuses the cache and changes nothing
    before = outputs(cached_db)
    again = run_match(cached_db)
    assert again.from_cache and again.dirty == 0 and outputs(cached_db) == before


def test_cache_of_another_run_is_not_used(tmp_path, generated):
    path = matched_base(tmp_path, generated)
    db = open_db(path)
    # a run committed without this cache (say, by a copy of the database elsewhere)
    with db.conn:
        db.conn.execute("INSERT INTO match_runs (mode, started_at, finished_at, mentions, dirty, pairs_scored,"
                        " persons_created, persons_merged, persons_split, persons_retired, review_open,"
                        " review_insufficient, blocks_capped, pairs_cut, settings, duration_s)"
                        " VALUES ('full', 'x', 'x', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '{}', 0)")
    assert not run_match(db).from_cache
    assert run_match(db).from_cache


def test_unreadable_cache_falls_back_to_a_full_read(tmp_path, generated):
    path = matched_base(tmp_path, generated)
    cache_file = Path(str(path) + ".match-cache.npz")
    cache_file.write_bytes(b"not a cache")
    reference = copy_db(path, tmp_path / "ref.db", with_cache=False)
    db, ref = change(path, generated), change(reference, generated)
    assert not run_match(db).from_cache
    run_match(ref)
    assert outputs(db) == outputs(ref)


def test_failed_run_writes_nothing_and_leaves_no_cache(tmp_path, generated, monkeypatch):
    path = matched_base(tmp_path, generated)
    reference = copy_db(path, tmp_path / "ref.db", with_cache=True)
    db = change(path, generated)
    before = outputs(db)

    def broken(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(run_module, "write_review", broken)
    with pytest.raises(RuntimeError, match="disk gone"):
        run_match(db)
    monkeypatch.undo()
    assert outputs(db) == before
    assert not cache_path(db.conn).exists()
    assert db.conn.execute("SELECT COUNT(*) FROM match_changes").fetchone()[0] == 302
    retry = run_match(db)
    assert not retry.from_cache
    ref = change(reference, generated)
    run_match(ref)
    assert outputs(db) == outputs(ref)


_KILLED_RUN = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from db import open_db
from matching.run import run_match

def progress(stage, done, total):
    if stage == sys.argv[3]:
        os.kill(os.getpid(), signal.SIGKILL)

run_match(open_db(sys.argv[1]), progress=progress)
"""


@pytest.mark.parametrize("stage", ["pairs scored", "clusters written", "review items planned"])
def test_killed_run_loses_nothing(tmp_path, generated, stage):
    path = matched_base(tmp_path, generated)
    reference = copy_db(path, tmp_path / "ref.db", with_cache=True)
    db = change(path, generated)
    before = outputs(db)
    db.conn.close()
    done = subprocess.run([sys.executable, "-c", _KILLED_RUN, str(path), str(ROOT), stage], check=False)
    assert done.returncode == -signal.SIGKILL
    db = open_db(path)
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert outputs(db) == before
    run_match(db)
    ref = change(reference, generated)
    run_match(ref)
    assert outputs(db) == outputs(ref)


def _similar_codes_by_strings(items: list[str], codes) -> set[tuple[int, int]]:
    """The definition: two words pair when they share a deletion key (the word
    itself, or for words of four letters or more, the word less one letter)."""
    def keys(word: str) -> set[str]:
        out = {word}
        if len(word) >= 4:
            out.update(word[:i] + word[i + 1:] for i in range(len(word)))
        return out

    distinct = sorted({int(c) for c in codes if c})
    return {(x, y) for i, x in enumerate(distinct) for y in distinct[i + 1:] if keys(items[x]) & keys(items[y])}


def test_vectorised_edit_pairs_equal_the_string_definition():
    import numpy as np

    from matching.blocking import similar_codes

    words = ["", "иванов", "иваонв", "ивнов", "иванова", "ванов", "ивaнов", "абв", "абвг", "бвг", "аабб", "абаб",
             "ааба", "абб", "петров", "петро", "пeтров", "сидоров", "сидорв", "сидоровв", "даши-нима", "дашинима",
             "ли", "лии", "o'neil", "oneil", "ёлкин", "елкин", "а" * 30, "а" * 29 + "б", "ab", "ba"]
    rng = np.random.default_rng(3)
    alphabet = list("абвгдеёжзийклмнопрстуфхцчшщыэюя")
    for _ in range(300):  # random words and one-edit variants of them
        w = "".join(rng.choice(alphabet, size=int(rng.integers(2, 9))))
        words.append(w)
        k = int(rng.integers(0, len(w)))
        words.append(w[:k] + w[k + 1:])
        words.append(w[:k] + rng.choice(alphabet) + w[k:])
    items = list(dict.fromkeys(words))
    codes = np.arange(len(items))
    a, b = similar_codes(items, codes)
    assert set(zip(a.tolist(), b.tolist())) == _similar_codes_by_strings(items, codes)
    assert len(a) > 300 and (a < b).all()


def test_cache_string_lists_round_trip_even_with_the_separator():
    from matching.cache import _put_strings, _strings

    arrays, meta = {}, {"json": {}, "counts": {}}
    lists = {"plain": ["", "Иванов", "ёж", "a b"], "empty": [], "one_empty": [""], "odd": ["a\x00b", "c"]}
    for name, items in lists.items():
        _put_strings(arrays, meta, name, items)
    assert "odd" in meta["json"] and "s_plain" in arrays
    for name, items in lists.items():
        assert _strings(arrays, meta, name) == items


def test_cache_from_other_code_is_not_used(tmp_path, generated, monkeypatch):
    import matching.cache

    path = matched_base(tmp_path, generated)
    reference = copy_db(path, tmp_path / "ref.db", with_cache=False)
    db, ref = change(path, generated), change(reference, generated)
    # as if normalize.py had changed since the cache was written
    monkeypatch.setattr(matching.cache, "code_version", lambda: "another version")
    assert not run_match(db).from_cache
    run_match(ref)
    assert outputs(db) == outputs(ref)


def _answer_open_items(db, limit: int) -> int:
    """The truth's verdict on the first ``limit`` open pair items, as a volunteer would give it."""
    truth = dict(db.conn.execute("SELECT mention_id, person FROM bench_truth"))
    items = db.conn.execute("SELECT id, mention_a, mention_b FROM review_items WHERE kind = 'pair' AND state = 'open'"
                            " ORDER BY id LIMIT ?", (limit,)).fetchall()
    with db.conn:
        for item_id, a, b in items:
            verdict = "same" if truth[a] == truth[b] else "different"
            db.conn.execute("INSERT INTO decisions (review_item_id, mention_a, mention_b, verdict, decided_at)"
                            " VALUES (?, ?, ?, ?, '2026-01-02')", (item_id, a, b, verdict))
            db.conn.execute("UPDATE review_items SET state = 'decided' WHERE id = ?", (item_id,))
    return len(items)


def test_scoped_review_plan_equals_a_full_plan(tmp_path, generated, monkeypatch):
    """An increment plans review items only for the persons it touched (and those
    linked to them); the items must be exactly those of planning every person."""
    path = matched_base(tmp_path, generated)
    reference_path = copy_db(path, tmp_path / "ref.db", with_cache=True)
    scoped_sizes = []
    real_plan = run_module.plan_review

    def recording_plan(*args):
        plan = real_plan(*args)
        if plan.scope_ids is not None:
            scoped_sizes.append((len(plan.scope_ids), len(args[1])))
        return plan

    def full_plan(conn, m, cfg, pa, pb, pscore, pband, person, assignment, refused, affected, dirty, new, removed,
                  decided_pairs, full):
        plan = real_plan(conn, m, cfg, pa, pb, pscore, pband, person, assignment, refused, affected, dirty, new,
                         removed, decided_pairs, True)
        # a full plan, with the cluster items of components not re-clustered left alone as in any increment
        plan.reclustered_ids = set(m.ids[affected].tolist()) | set(removed)
        return plan

    db, reference = change(path, generated), change(reference_path, generated)
    steps = [lambda d: None, lambda d: _answer_open_items(d, 40), lambda d: None]
    for step in steps:
        step(db)
        step(reference)
        monkeypatch.setattr(run_module, "plan_review", recording_plan)
        run_match(db)
        monkeypatch.setattr(run_module, "plan_review", full_plan)
        run_match(reference)
        monkeypatch.undo()
        assert outputs(db) == outputs(reference)
    # the increments were planned in part: the change, then 40 answers, then nothing new
    # (decided mentions are re-clustered on every run, so their persons stay in scope)
    assert len(scoped_sizes) == 3
    assert all(scope < total for scope, total in scoped_sizes)
    assert scoped_sizes[-1][0] < scoped_sizes[0][0]
    assert db.conn.execute("SELECT COUNT(*) FROM review_items WHERE state = 'open'").fetchone()[0] > 0
