"""A full run's persons, links and events are built in a forked child and copied
in (``matching.person_writes``): the tables must be those of writing the rows
from the run's own process — persons, links, events in their order, the stats
triggers' dirty list — on a first run and on a full run over existing persons
(updates, merges, splits after human decisions), and a run that fails or is
killed while the child works must leave the database as it was and no child."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from db import open_db
from matching import forked, person_writes
from matching.cache import cache_path
from matching.run import run_match

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not forked.fork_available(), reason="fork is used on Linux only")


def _generated_db(path: Path, n: int, seed: int) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from gen_persons import generate, write_db

    mentions, truth = generate(n, seed=seed)
    write_db(path, mentions, truth)
    return path


def _is_time(value) -> bool:
    return isinstance(value, str) and value[:2] == "20" and "T" in value and value.endswith("+00:00")


def _tables(db) -> dict:
    """Every table a run writes, timestamps left out (two runs differ only there)."""
    conn = db.conn
    strip = lambda rows: [tuple(v for v in row if not _is_time(v)) for row in rows]  # noqa: E731
    return {
        "persons": strip(conn.execute("SELECT * FROM persons ORDER BY id")),
        "links": strip(conn.execute("SELECT * FROM person_mentions ORDER BY mention_id")),
        "events": strip(conn.execute("SELECT * FROM person_events ORDER BY id")),
        "dirty": conn.execute("SELECT * FROM stats_asof_dirty ORDER BY 1").fetchall(),
        "pairs": conn.execute("SELECT * FROM match_pairs ORDER BY 1, 2").fetchall(),
        "items": strip(conn.execute("SELECT * FROM review_items ORDER BY id")),
        "runs": conn.execute("SELECT mode, mentions, persons_created, persons_merged, persons_split,"
                             " persons_retired, review_open FROM match_runs ORDER BY id").fetchall(),
    }


def _attached(db) -> set[str]:
    return {row[1] for row in db.conn.execute("PRAGMA database_list")} - {"main", "temp"}


def _decide(db, n: int) -> None:
    """Binding decisions on the first ``n`` open pair items: alternately same and
    different, so the next run merges some persons and splits others."""
    rows = db.conn.execute("SELECT id, mention_a, mention_b FROM review_items WHERE kind = 'pair'"
                           " AND state = 'open' ORDER BY id LIMIT ?", (n,)).fetchall()
    with db.conn:
        db.conn.executemany(
            "INSERT INTO decisions (review_item_id, mention_a, mention_b, verdict, binding, decided_at)"
            " VALUES (?, ?, ?, ?, 1, '2026-01-02T00:00:00+00:00')",
            [(i, a, b, "same" if k % 2 else "different") for k, (i, a, b) in enumerate(rows)])
    assert len(rows) >= 10


def test_child_built_rows_equal_rows_written_here(tmp_path, monkeypatch):
    forked_db = open_db(_generated_db(tmp_path / "forked.db", 4000, 5))
    shutil.copy(tmp_path / "forked.db", tmp_path / "here.db")
    here_db = open_db(tmp_path / "here.db")
    calls = []
    real_start = person_writes.start
    monkeypatch.setattr(person_writes, "start", lambda *a: calls.append(1) or real_start(*a))

    def both(full: bool) -> None:
        before = len(calls)
        run_match(forked_db, full=full)
        assert len(calls) == before + (1 if full else 0)  # a full run forks, an increment does not
        monkeypatch.setenv("NEKROLOG_NO_FORK", "1")
        run_match(here_db, full=full)
        monkeypatch.delenv("NEKROLOG_NO_FORK")
        assert len(calls) == before + (1 if full else 0)
        got, want = _tables(forked_db), _tables(here_db)
        assert got == want
        assert not _attached(forked_db)  # the child's rows detached

    both(full=True)  # a first run: inserts only
    _decide(forked_db, 40)
    _decide(here_db, 40)
    both(full=True)  # over existing persons: updates, merges, splits, their events
    runs = forked_db.conn.execute("SELECT persons_merged + persons_split FROM match_runs ORDER BY id").fetchall()
    assert runs[-1][0] > 0
    assert forked_db.conn.execute("SELECT COUNT(*) FROM person_events WHERE event != 'created'").fetchone()[0] > 0
    both(full=False)


@pytest.mark.parametrize("child_delay", [0.0, 1.5])
def test_the_tasks_split_between_child_and_parent_give_the_same_tables(tmp_path, monkeypatch, child_delay):
    # small tasks; with a late child this process builds most of them itself
    monkeypatch.setattr(person_writes, "_CHUNK", 97)
    real_spawn = person_writes.spawn

    def late_spawn(work):
        return real_spawn(lambda channel: (time.sleep(child_delay), work(channel))[1])

    monkeypatch.setattr(person_writes, "spawn", late_spawn)
    claimed = []
    real_claim = person_writes._Tasks.claim
    monkeypatch.setattr(person_writes._Tasks, "claim",
                        lambda self, front: claimed.append((front, got := real_claim(self, front))) or got)
    forked_db = open_db(_generated_db(tmp_path / "forked.db", 3000, 8))
    shutil.copy(tmp_path / "forked.db", tmp_path / "here.db")
    here_db = open_db(tmp_path / "here.db")
    run_match(forked_db, full=True)
    monkeypatch.setenv("NEKROLOG_NO_FORK", "1")
    run_match(here_db, full=True)
    assert _tables(forked_db) == _tables(here_db)
    mine = [task for front, task in claimed if not front and task is not None]
    if child_delay:
        assert len(mine) > 5  # this process did tasks (the claims in the child are not seen here)


def test_a_failure_while_the_child_works_leaves_nothing(tmp_path, monkeypatch):
    db = open_db(_generated_db(tmp_path / "fail.db", 2000, 6))
    before = _tables(db)
    import matching.run as run_module

    children: list[int] = []

    def failing_review(*args, **kwargs):
        children.extend(int(c) for c in Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())
        raise RuntimeError("review failed")

    monkeypatch.setattr(run_module, "write_review", failing_review)
    with pytest.raises(RuntimeError, match="review failed"):
        run_match(db, full=True)
    assert children  # the child was there when the run failed
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]
    assert _tables(db) == before
    assert not _attached(db)
    assert not cache_path(db.conn).exists()
    monkeypatch.undo()
    run_match(db, full=True)  # and the next run works (nothing left attached)
    assert db.conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] > 0


_KILLED = """
import os, signal, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from db import open_db
from matching.run import run_match

def progress(stage, done, total):
    if stage == "review items planned":  # the persons' child is at work
        me = os.getpid()
        Path(sys.argv[3]).write_text(Path(f"/proc/{me}/task/{me}/children").read_text())
        os.kill(me, signal.SIGKILL)

run_match(open_db(sys.argv[1]), full=True, progress=progress)
"""


def test_a_run_killed_while_the_child_works_loses_nothing(tmp_path):
    path = _generated_db(tmp_path / "kill.db", 2000, 7)
    shutil.copy(path, tmp_path / "ref.db")
    before = _tables(open_db(path))
    pids = tmp_path / "children"
    done = subprocess.run([sys.executable, "-c", _KILLED, str(path), str(ROOT), str(pids)], check=False)
    assert done.returncode == -signal.SIGKILL
    children = [int(x) for x in pids.read_text().split()]
    assert children
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() for pid in children)  # died with its parent (and reaped by init)
    db = open_db(path)
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _tables(db) == before
    run_match(db, full=True)
    ref = open_db(tmp_path / "ref.db")
    run_match(ref, full=True)
    assert _tables(db) == _tables(ref)
    os.kill(os.getpid(), 0)  # this process is unharmed
