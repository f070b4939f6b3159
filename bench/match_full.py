"""A full match run's speed and memory, per stage, with its forked child counted.

    python bench/match_full.py --n 1000000 [--seed 7] [--names realistic] [--workdir /tmp/nekrolog-bench]
                               [--code DIR] [--repeat 1]
    (at 1M: flock /tmp/match1m.lock python bench/match_full.py --n 1000000)

The data is bench/match_incremental.py's full-run set: the generator's first ``n``
mentions (seed 7) less the last 1,000, kept in the workdir as
``match-incremental-<n>-<seed>[-<names>]-1000.base.db`` (made here if missing, or
by ``bench/match_incremental.py --prepare-only``). Each run copies it and runs
``run_match(full=True)`` in a fresh process that imports what ``nekrolog match``
imports first, so the figures are what the command does. ``--code DIR`` runs
another tree's code (an A/B against a copy of an earlier commit, minutes apart).

Printed per run: wall (the run's own figure, and the process's with start-up and
exit), CPU seconds of the process and its forked children, wall and CPU seconds
per stage, and memory: the peak RSS of the run process and of its children
(``ru_maxrss``), and the peak, sampled every 50 ms, of the sum of RSS and of PSS
over the process and its children. RSS counts the pages a forked child shares
with its parent twice; PSS splits them, so the PSS sum is the memory the run
really held (the 4 GB target).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen_persons import _POOLS, DEFAULT_NAMES, NAMES_HELP, generate, write_db  # noqa: E402

_CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[2])
from nekrolog.cli import cli
cli.get_command(None, "match")
from db import open_db
from matching.run import run_match
t0 = time.monotonic()
result = run_match(open_db(sys.argv[1]), full=True)
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps(dict(vars(result), process_s=time.monotonic() - t0, peak_rss_mb=me.ru_maxrss / 1024,
                      child_peak_rss_mb=kids.ru_maxrss / 1024,
                      cpu_s=me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime), default=int))
"""


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1])
            elif line.startswith("Pss:"):
                pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


class _Sampler(threading.Thread):
    """Peak of the summed RSS and PSS of a process and its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_rss, self.peak_pss, self.stop = pid, 0, 0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            rss = pss = 0
            for p in _tree(self.pid):
                r, s = _memory_kb(p)
                rss, pss = rss + r, pss + s
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)


def run_once(base: Path, work: Path, code: Path, label: str) -> dict:
    db = work / "match-full.db"
    for suffix in ("", "-wal", "-shm", ".match-cache.npz"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(base, db)
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(db), str(code)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=code)
    sampler = _Sampler(proc.pid)
    sampler.start()
    out, _ = proc.communicate()
    wall = time.monotonic() - t0
    sampler.stop.set()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"{label}: the run failed (exit {proc.returncode})")
    r = json.loads(out.strip().splitlines()[-1])
    print(f"{label}: run {r['duration_s']:.1f} s, {wall:.1f} s with start-up and exit, {r['cpu_s']:.1f} CPU-s"
          f" (process and forked children); {r['pairs_scored']} pairs scored, {r['persons_created']} persons")
    print(f"  memory: peak RSS {r['peak_rss_mb']:.0f} MB (run process), {r['child_peak_rss_mb']:.0f} MB (largest"
          f" child); sampled peak of the sums: RSS {sampler.peak_rss / 1024:.0f} MB, PSS {sampler.peak_pss / 1024:.0f} MB")
    print(f"  wall per stage {r['timings']}")
    print(f"  CPU-s per stage {r['cpu_timings']}", flush=True)
    for suffix in ("", "-wal", "-shm", ".match-cache.npz"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return r


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description="nekrolog full match run: speed and memory")
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--names", choices=tuple(_POOLS), default=DEFAULT_NAMES, help=NAMES_HELP)
    parser.add_argument("--workdir", default="/tmp/nekrolog-bench")
    parser.add_argument("--code", default=str(ROOT), help="the tree whose matching code runs (default: this one)")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    work = Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    pools = "" if args.names == DEFAULT_NAMES else "-" + args.names
    base = work / f"match-incremental-{args.n}-{args.seed}{pools}-1000.base.db"
    if not base.exists():
        mentions, truth = generate(args.n + 1000, args.seed, args.names)
        write_db(base, mentions[:args.n - 1000], truth[:args.n - 1000])
        del mentions, truth
    print(f"data: {args.n - 1000} mentions (seed {args.seed}, {args.names} name pools), code {args.code};"
          f" load average {_load()}", flush=True)
    for k in range(args.repeat):
        run_once(base, work, Path(args.code), f"full run {k + 1}")
    print(f"load average {_load()}")


if __name__ == "__main__":
    main()
