"""Same-minute A/B of extraction speed: two source trees, two worker processes on one core, taking turns.

    git worktree add /tmp/before <commit>
    python bench/extraction_ab.py /tmp/before .            # A = /tmp/before, B = this tree
    python bench/extraction_ab.py /tmp/before . -n 600 --rounds 3 --fresh-names

On a shared machine two separate runs of bench/extraction.py differ by 10-20 %
(other processes, CPU frequency): a change worth 2 % cannot be seen that way.
Here one worker process per tree (each importing only its own tree) is pinned
to the same core, and they take turns on the same generated notices
(bench/extraction.py's, deterministic by seed) in chunks of 50 texts, the
order alternating, so whatever slows the machine slows both alike. Each worker
measures its own CPU time. It prints texts per CPU-second of each and their
ratio, and the ratio of each pair of chunks (their spread is the noise). Speed
only: outputs are compared by bench/extraction_dump.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# A worker's start, shared with extraction_ir.py (needs ``root`` and ``bench``; defines extract, generated_corpus,
# load_s, where). The tree's own extractor is imported first: bench/extraction.py (where the generated notices come
# from) puts its own tree first on sys.path and imports scrapers.extract, which would otherwise load *this* tree's
# code in both workers (an A/B of B against itself — what this script measured until session 8).
OWN_TREE_PRELUDE = r"""
import os, time
sys.path[:0] = [root]
t0 = time.perf_counter()
from scrapers.extract import extract
extract("Погиб мобилизованный рядовой Иван Иванов.", "2024-01-01")
load_s = time.perf_counter() - t0
sys.path.insert(1, bench)
from extraction import generated_corpus
sys.path[:] = [p for p in sys.path if p != os.path.dirname(bench)]
import scrapers.extract
where = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(scrapers.extract.__file__))))
if where != os.path.abspath(root):
    raise SystemExit(f"worker for {root} imported the extractor of {where}")
"""

_WORKER = r"""
import json, os, sys, time
root, bench, cpu = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.sched_setaffinity(0, {cpu})
""" + OWN_TREE_PRELUDE + r"""
for text, pub in generated_corpus(50, seed=1000):
    extract(text, pub)
corpora = {}
print(json.dumps({"load": load_s, "where": where}), flush=True)
for line in sys.stdin:
    n, seed, start, size, fresh = json.loads(line)
    key = (n, seed, fresh)
    if key not in corpora:
        corpora[key] = generated_corpus(n, seed=seed, fresh_names=fresh)
    chunk = corpora[key][start: start + size]
    c0 = time.process_time()
    for text, pub in chunk:
        extract(text, pub)
    print(json.dumps({"cpu": time.process_time() - c0}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", type=Path, help="source tree A (e.g. a git worktree of the base commit)")
    ap.add_argument("b", type=Path, help="source tree B")
    ap.add_argument("-n", type=int, default=600, help="generated texts a round")
    ap.add_argument("--rounds", type=int, default=3, help="rounds, each on a new seed")
    ap.add_argument("--chunk", type=int, default=50, help="texts run by one side before the other's turn")
    ap.add_argument("--fresh-names", action="store_true", help="made-up surnames new to the process")
    args = ap.parse_args()
    cpu = min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    workers = {}
    for label, root in (("A", args.a.resolve()), ("B", args.b.resolve())):
        proc = subprocess.Popen([sys.executable, "-c", _WORKER, str(root), str(HERE), str(cpu)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=str(root))
        first = json.loads(proc.stdout.readline())
        workers[label] = {"proc": proc, "root": root, "cpu": 0.0, "load": first["load"], "where": first["where"]}
    ratios = []
    for r in range(args.rounds):
        for k, start in enumerate(range(0, args.n, args.chunk)):
            took = {}
            for label in ("A", "B") if k % 2 == 0 else ("B", "A"):
                w = workers[label]
                w["proc"].stdin.write(json.dumps([args.n, 1 + r, start, args.chunk, args.fresh_names]) + "\n")
                w["proc"].stdin.flush()
                took[label] = json.loads(w["proc"].stdout.readline())["cpu"]
                w["cpu"] += took[label]
            ratios.append(took["A"] / took["B"])
    for w in workers.values():
        w["proc"].stdin.close()
        w["proc"].wait()
    total = args.n * args.rounds
    print(f"{total} generated texts a side, chunks of {args.chunk} taking turns, two processes on CPU {cpu}")
    for label, w in workers.items():
        print(f"{label}: {total / w['cpu']:6.1f} texts per CPU-second  ({w['where']}; first call {w['load']:.2f} s)")
    q = statistics.quantiles(ratios, n=4)
    print(f"B/A speed {workers['A']['cpu'] / workers['B']['cpu']:.3f}  (chunk pairs: median {statistics.median(ratios):.3f}, "
          f"quartiles {q[0]:.3f}-{q[2]:.3f})")


if __name__ == "__main__":
    main()
