"""A full run scores each blocking pass's pairs while the next pass is blocked
(``candidate_pairs(sink=...)`` feeding ``StreamScorer``): the pairs, scores, bands
and the blocking report must be what the plain computation gives, and a run killed
while it streams must leave the database as it was."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from db import open_db
from matching.blocking import candidate_pairs
from matching.cache import cache_path
from matching.config import MatchConfig
from matching.data import load_mentions
from matching.run import run_match
from matching.scoring import StreamScorer, score_in_chunks

ROOT = Path(__file__).resolve().parent.parent


def _generated_db(path: Path, n: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_persons import generate, write_db

    # the narrow name pools: their common names make oversized (split and capped) blocks
    mentions, truth = generate(n, seed=seed, names="narrow")
    write_db(path, mentions, truth)
    return path


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = _generated_db(tmp_path_factory.mktemp("stream") / "gen.db", 4000, 11)
    return load_mentions(open_db(path).conn)


def test_streamed_passes_give_the_same_pairs_and_report(generated):
    m = generated
    n = np.int64(len(m))
    every = np.ones(len(m), bool)
    a, b, plain = candidate_pairs(m, every, cap=8, window=3)
    batches: list[np.ndarray] = []
    empty_a, empty_b, streamed = candidate_pairs(m, every, cap=8, window=3, sink=lambda c: batches.append(c.copy()))
    assert len(empty_a) == len(empty_b) == 0
    assert len(batches) > 3
    for batch in batches:  # each batch sorted, without repeats
        assert (batch[1:] > batch[:-1]).all()
    codes = np.concatenate(batches)
    assert len(np.unique(codes)) == len(codes)  # no pair handed over twice
    assert np.array_equal(np.sort(codes), a.astype(np.int64) * n + b)
    assert list(streamed.pairs_per_pass.items()) == list(plain.pairs_per_pass.items())
    assert (streamed.capped_blocks, streamed.pairs_cut, streamed.largest_cut, streamed.sub_blocked) == \
        (plain.capped_blocks, plain.pairs_cut, plain.largest_cut, plain.sub_blocked)
    assert plain.capped_blocks > 0 or plain.sub_blocked  # the cap is exercised


def test_sink_is_ignored_in_an_increment(generated):
    m = generated
    dirty = np.random.default_rng(5).random(len(m)) < 0.05
    handed: list[np.ndarray] = []
    a1, b1, _ = candidate_pairs(m, dirty, cap=8, window=3, sink=handed.append)
    a2, b2, _ = candidate_pairs(m, dirty, cap=8, window=3)
    assert not handed
    assert len(a1) > 100 and np.array_equal(a1, a2) and np.array_equal(b1, b2)


def test_stream_scorer_equals_scoring_all_pairs_at_once(generated):
    m = generated
    cfg = MatchConfig()
    n = np.int64(len(m))
    a, b, _ = candidate_pairs(m, np.ones(len(m), bool), cap=40, window=4)
    whole = score_in_chunks(m, a, b, cfg, chunk=10**9, threads=1)
    codes = a.astype(np.int64) * n + b
    # batches out of code order (as the passes come), cut in odd chunks, on two threads
    order = np.random.default_rng(1).permutation(len(codes))
    batches = [np.sort(codes[part]) for part in np.array_split(order, 7)]
    progress: list[tuple[int, int]] = []
    scorer = StreamScorer(m, cfg, chunk=997, threads=2, on_chunk=lambda done, total: progress.append((done, total)))
    for batch in batches:
        scorer.add(batch)
    streamed = scorer.result()
    assert scorer.pairs == len(codes)
    assert len(whole[0]) > 100
    for x, y in zip(whole, streamed):
        assert x.dtype == y.dtype and np.array_equal(x, y)
    assert progress[-1] == (len(codes), len(codes))
    assert all(done <= total for done, total in progress)


_KILLED_FULL_RUN = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from db import open_db
from matching.run import run_match

calls = []

def progress(stage, done, total):
    if stage == "pairs scored":
        calls.append(done)
        if len(calls) == 2:  # mid-stream: blocking not finished, scoring threads at work
            os.kill(os.getpid(), signal.SIGKILL)

run_match(open_db(sys.argv[1]), full=True, progress=progress)
"""


def _outputs(db) -> dict:
    conn = db.conn
    return {
        "persons": conn.execute("SELECT * FROM persons ORDER BY id").fetchall(),
        "links": conn.execute("SELECT mention_id, person_id FROM person_mentions ORDER BY 1").fetchall(),
        "pairs": conn.execute("SELECT * FROM match_pairs ORDER BY 1, 2").fetchall(),
        "state": conn.execute("SELECT * FROM match_state ORDER BY 1").fetchall(),
        "items": conn.execute("SELECT kind, item_key, score, reasons, priority, state FROM review_items"
                              " ORDER BY id").fetchall(),
        "runs": conn.execute("SELECT COUNT(*) FROM match_runs").fetchone(),
    }


def test_killed_full_run_loses_nothing(tmp_path):
    path = _generated_db(tmp_path / "kill.db", 3000, 12)
    reference = tmp_path / "ref.db"
    shutil.copy(path, reference)
    before = _outputs(open_db(path))
    done = subprocess.run([sys.executable, "-c", _KILLED_FULL_RUN, str(path), str(ROOT)], check=False)
    assert done.returncode == -signal.SIGKILL
    db = open_db(path)
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _outputs(db) == before
    assert not cache_path(db.conn).exists()
    run_match(db, full=True)
    ref = open_db(reference)
    run_match(ref, full=True)
    got, want = _outputs(db), _outputs(ref)
    assert got["persons"] and got["pairs"]
    # timestamps differ between the two runs; everything else is the same
    strip = lambda rows: [tuple(v for v in row if not (isinstance(v, str) and v[:2] == "20" and "T" in v))  # noqa: E731
                          for row in rows]
    assert strip(got["persons"]) == strip(want["persons"])
    assert got["links"] == want["links"] and got["pairs"] == want["pairs"] and got["state"] == want["state"]
    assert got["items"] == want["items"]
