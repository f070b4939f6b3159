"""Incremental matching speed: a full run, +1,000 mentions, then a run with nothing changed.

    python bench/match_incremental.py --n 1000000 [--seed 7] [--workdir /tmp/nekrolog-bench] [--prepared]
    (at 1M: flock /tmp/match1m.lock python bench/match_incremental.py --n 1000000; with --prepare-only
    first and --prepared in the timed call, the data is generated once and reused; with
    --reuse-matched the full run's result is kept too and the next call starts from it)

The generator's first ``n`` mentions (seed 7, the set of bench/matching.py) less the last
1,000 are matched in full; the 1,000 are then inserted (the ``match_changes`` triggers
log them) and matched incrementally; a last run finds nothing changed. Each run is its
own process: prints wall time, CPU seconds (all threads) and peak RSS of that process,
dirty mentions, pairs scored, whether the mention cache was used, and wall and CPU
seconds per stage. "With start-up" counts what ``nekrolog match`` does before and
after the run: the interpreter, the CLI's and the matcher's imports, and exit.
Then the database and cache of the full run are restored, the same mentions added
again, and ``nekrolog -q --db … match`` itself is timed (what a user waits for; the
run's own figure is its ``match_runs.duration_s``). Accuracy is bench/matching.py's
business.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gen_persons import _POOLS, DEFAULT_NAMES, NAMES_HELP, generate, write_db  # noqa: E402

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[3])
from nekrolog.cli import cli
cli.get_command(None, "match")  # what `nekrolog match` imports before it runs (the start-up counted)
from nekrolog.progress import StageProgress
from db import open_db
from matching.run import run_match
t0 = time.monotonic()
result = run_match(open_db(sys.argv[1]), full=sys.argv[2] == "full")
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps(dict(vars(result), process_s=time.monotonic() - t0, peak_rss_mb=usage.ru_maxrss / 1024,
                      cpu_s=usage.ru_utime + usage.ru_stime), default=int))
"""


def run(db_path: Path, mode: str, label: str) -> dict:
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _CHILD, str(db_path), mode, str(ROOT)], check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"{label}: {time.monotonic() - t0:.1f}s wall with start-up, run {r['duration_s']:.1f}s,"
          f" {r['cpu_s']:.1f} CPU-s, peak RSS {r['peak_rss_mb']:.0f} MB; {r['dirty']} dirty,"
          f" {r['pairs_scored']} pairs scored, cache used: {r['from_cache']}")
    print(f"  wall per stage {r['timings']}")
    print(f"  CPU-s per stage {r['cpu_timings']}", flush=True)
    return r


def run_command(db_path: Path, label: str) -> None:
    """``nekrolog -q --db <db> match`` as a user runs it: wall time of the command,
    CPU seconds of the process, the run's own duration as it recorded it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(["nekrolog", "-q", "--db", str(db_path), "match"], check=True, stdout=subprocess.DEVNULL,
                   cwd=ROOT)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    conn = sqlite3.connect(db_path)
    run_s, dirty = conn.execute("SELECT duration_s, dirty FROM match_runs ORDER BY id DESC LIMIT 1").fetchone()
    conn.close()
    print(f"{label}: {wall:.1f}s wall through `nekrolog match`, run {run_s:.1f}s, {cpu:.1f} CPU-s; {dirty} dirty",
          flush=True)


def _copy_state(src: Path, dst: Path) -> None:
    for suffix in ("-wal", "-shm", ".match-cache.npz"):
        Path(str(dst) + suffix).unlink(missing_ok=True)
    conn = sqlite3.connect(src)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    shutil.copy(src, dst)
    cache = Path(str(src) + ".match-cache.npz")
    if cache.exists():
        shutil.copy(cache, str(dst) + ".match-cache.npz")


def main() -> None:
    parser = argparse.ArgumentParser(description="nekrolog incremental matching benchmark")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--names", choices=tuple(_POOLS), default=DEFAULT_NAMES, help=NAMES_HELP)
    parser.add_argument("--workdir", default="/tmp/nekrolog-bench")
    parser.add_argument("--prepared", action="store_true",
                        help="keep the generated data in the workdir and reuse it (generating 1M mentions takes"
                             " minutes: prepare before a quiet window, time the runs in it)")
    parser.add_argument("--prepare-only", action="store_true", help="write the reusable data and stop")
    parser.add_argument("--reuse-matched", action="store_true",
                        help="keep the full run's database and cache in the workdir and, when they are there, start"
                             " from them instead of running the full match again (a full run at 1M takes minutes;"
                             " the cache is used only if the matching code has not changed since: the increment's"
                             " 'cache used' says so)")
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    pools = "" if args.names == DEFAULT_NAMES else "-" + args.names
    db_path = work / f"match-incremental-{args.n}-{args.seed}{pools}.db"
    for suffix in ("", "-wal", "-shm", ".match-cache.npz"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    base = args.n - args.add
    kept_db = work / f"match-incremental-{args.n}-{args.seed}{pools}-{args.add}.base.db"
    kept_added = work / f"match-incremental-{args.n}-{args.seed}{pools}-{args.add}.added.pickle"
    if (args.prepared or args.prepare_only) and kept_db.exists() and kept_added.exists():
        shutil.copy(kept_db, db_path)
        with open(kept_added, "rb") as f:
            added, added_truth = pickle.load(f)
    else:
        # the same n mentions as bench/matching.py --n n (it draws n + 1,000 and keeps the first n)
        mentions, truth = generate(args.n + 1000, args.seed, args.names)
        mentions, truth = mentions[:args.n], truth[:args.n]
        write_db(db_path, mentions[:base], truth[:base])
        added, added_truth = mentions[base:], truth[base:]
        del mentions, truth
        if args.prepared or args.prepare_only:
            shutil.copy(db_path, kept_db)
            with open(kept_added, "wb") as f:
                pickle.dump((added, added_truth), f)
    if args.prepare_only:
        print(f"prepared {kept_db} and {kept_added}")
        return
    print(f"data: {base} mentions, then +{args.add} (seed {args.seed}, {args.names} name pools); load average {open('/proc/loadavg').read().split()[:3]}")
    matched = work / f"match-incremental-{args.n}-{args.seed}{pools}.matched.db"
    if args.reuse_matched and matched.exists():
        print(f"full run: reused {matched}")
        _copy_state(matched, db_path)
        # a cache written by other code is not used: a run with nothing to do writes a current one
        run(db_path, "incremental", "reused state, nothing changed (refreshes the cache)")
        _copy_state(db_path, matched)
    else:
        run(db_path, "full", "full run")
        _copy_state(db_path, matched)
    write_db(db_path, added, added_truth, start=base)
    run(db_path, "incremental", f"incremental +{args.add}")
    run(db_path, "incremental", "incremental, nothing changed")
    _copy_state(matched, db_path)
    write_db(db_path, added, added_truth, start=base)
    run_command(db_path, f"nekrolog match, +{args.add}")
    run_command(db_path, "nekrolog match, nothing changed")
    if not args.reuse_matched:
        for suffix in ("", "-wal", "-shm", ".match-cache.npz"):
            Path(str(matched) + suffix).unlink(missing_ok=True)
    print(f"load average {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
