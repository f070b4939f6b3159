"""matching.forked: a full run's blocking in a forked child process.

What must hold: the child's arrays arrive in order and unchanged, its result and
its exceptions come back, its log records reach this process's handlers, a
failure on either side leaves no child behind, a SIGKILLed parent takes its child
with it, and a full run's pairs are those of blocking in-process.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from matching import forked
from matching.forked import ChildFailed, in_child

pytestmark = pytest.mark.skipif(not forked.fork_available(), reason="fork is used on Linux only")

ROOT = Path(__file__).resolve().parent.parent


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose (its parent has not reaped it yet)
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(")")[-1].split()[0] != "Z"


def test_arrays_result_and_order_come_back():
    sent = [np.arange(n, dtype=np.int64) * 7 for n in (5, 0, 3_000_000, 1)] + [np.array([1.5, -2.0])]
    got: list[np.ndarray] = []

    def work(channel):
        for array in sent:
            channel.send_array(array)
        return {"pid": os.getpid(), "sum": sum(int(a.sum()) for a in sent[:-1])}

    result = in_child(work, got.append)
    assert result["pid"] != os.getpid()  # it really ran elsewhere
    assert result["sum"] == sum(int(a.sum()) for a in sent[:-1])
    assert len(got) == len(sent)
    for a, b in zip(sent, got):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_the_child_sees_this_process_memory_without_pickling():
    big = np.random.default_rng(1).integers(0, 1 << 40, 2_000_000)
    assert in_child(lambda channel: int(big[::3].sum())) == int(big[::3].sum())


def test_an_exception_in_the_child_is_raised_here():
    def work(channel):
        channel.send_array(np.arange(3))
        raise ValueError("bad block key in mention 17")

    with pytest.raises(ValueError, match="mention 17"):
        in_child(work, lambda a: None)


def test_an_exception_that_cannot_be_pickled_becomes_child_failed():
    class Local(Exception):  # a local class: not picklable
        pass

    def work(channel):
        raise Local("nope")

    with pytest.raises(ChildFailed, match="nope"):
        in_child(work)


def test_a_child_that_dies_is_reported():
    with pytest.raises(ChildFailed, match="without a result"):
        in_child(lambda channel: os._exit(3))


def test_a_failure_here_kills_and_reaps_the_child(tmp_path):
    pid_file = tmp_path / "pid"

    def work(channel):
        pid_file.write_text(str(os.getpid()))
        channel.send_array(np.arange(10))
        time.sleep(60)

    def on_array(array):
        raise RuntimeError("scoring failed")

    t0 = time.monotonic()
    with pytest.raises(RuntimeError, match="scoring failed"):
        in_child(work, on_array)
    assert time.monotonic() - t0 < 30
    assert not _alive(int(pid_file.read_text()))


def test_log_records_reach_this_process(caplog):
    def work(channel):
        logging.getLogger("nekrolog.matching.blocking").info("block cap: %d blocks", 3)
        logging.getLogger("nekrolog.matching.blocking").debug("not shown at INFO")
        return 1

    with caplog.at_level("INFO", logger="nekrolog.matching.blocking"):
        assert in_child(work) == 1
    assert "block cap: 3 blocks" in caplog.text
    assert "not shown" not in caplog.text
    assert caplog.records[0].name == "nekrolog.matching.blocking"


def test_without_fork_the_work_runs_here(monkeypatch):
    monkeypatch.setenv("NEKROLOG_NO_FORK", "1")
    got = []
    assert in_child(lambda channel: (channel.send_array(np.arange(4)), os.getpid())[1], got.append) == os.getpid()
    assert np.array_equal(got[0], np.arange(4))


_KILLED_PARENT = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from matching.forked import in_child
def work(channel):
    with open(sys.argv[2], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(120)
in_child(work)
"""


def test_a_sigkilled_parent_takes_its_child_with_it(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT, str(ROOT), str(pid_file)])
    deadline = time.monotonic() + 60
    while not (pid_file.exists() and pid_file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    child = int(pid_file.read_text())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_forked_blocking_hands_over_the_passes_of_in_process_blocking(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_persons import generate, write_db

    from db import open_db
    from matching.blocking import candidate_pairs
    from matching.config import load_config
    from matching.data import load_mentions

    mentions, truth = generate(3000, 11)
    write_db(tmp_path / "g.db", mentions, truth)
    db = open_db(tmp_path / "g.db")
    m = load_mentions(db.conn)
    cfg = load_config(db.conn, None)
    dirty = np.ones(len(m), bool)
    here: list[np.ndarray] = []
    _, _, report_here = candidate_pairs(m, dirty, cfg.block_cap, cfg.window, sink=here.append)
    there: list[np.ndarray] = []
    report_there = forked.forked_candidate_pairs(m, dirty, cfg.block_cap, cfg.window, there.append)
    assert len(here) == len(there) > 3
    for a, b in zip(here, there):
        assert np.array_equal(a, b)
    assert report_here == report_there


def test_a_split_read_gives_the_rows_of_one_read(tmp_path, monkeypatch):
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_persons import generate, write_db

    import matching.data as data
    from db import open_db

    mentions, truth = generate(3000, 13)
    write_db(tmp_path / "r.db", mentions, truth)
    db = open_db(tmp_path / "r.db")
    with db.conn:  # gaps in the ids and retracted mentions on both sides of the middle
        db.conn.execute("UPDATE mentions SET retracted_at = '2026-01-01T00:00:00+00:00' WHERE id % 7 = 3")
        db.conn.execute("DELETE FROM mentions WHERE id % 11 = 5 AND id NOT IN (SELECT mention_id FROM person_mentions)")
    monkeypatch.setattr(data, "SPLIT_READ_FROM", 10**12)
    one = data.read_rows(db.conn)
    monkeypatch.setattr(data, "SPLIT_READ_FROM", 0)
    spawned = []
    real_spawn = forked.spawn
    monkeypatch.setattr(forked, "spawn", lambda work: spawned.append(1) or real_spawn(work))
    split = data.read_rows(db.conn)
    assert spawned  # a child did read
    assert np.array_equal(one.ids, split.ids) and np.array_equal(one.page, split.page)
    assert np.array_equal(one.age, split.age)
    for column in data.RAW_COLUMNS:
        assert np.array_equal(one.codes[column], split.codes[column]), column
        assert one.vocab[column].items == split.vocab[column].items, column
        assert one.vocab[column].ids == split.vocab[column].ids, column
    assert len(one.ids) < 3000

