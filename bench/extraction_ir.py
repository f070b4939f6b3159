"""Instructions an extraction executes, two trees side by side: an A/B that machine load does not move.

    git worktree add --detach /tmp/before <commit>
    python bench/extraction_ir.py /tmp/before .            # A = /tmp/before, B = this tree
    python bench/extraction_ir.py /tmp/before . -n 100

On a shared machine the same code reads 2x apart between hours, and even bench/extraction_ab.py's
same-minute chunks spread by ±7 % when other processes take turns on the core (their caches are
cold after every switch). valgrind's callgrind counts the machine instructions a process executes,
which no other process changes: each tree runs in its own process under callgrind, models loaded and
30 notices of warm-up run with counting off, then the same n generated notices (bench/extraction.py's,
deterministic by seed) with counting on. It prints the instructions per text of each tree and their
ratio (an instruction count is not a time: memory stalls are not in it, but a change that removes work
shows there exactly), and the share of the regular-expression engine and of substring search.
Needs valgrind (``apt-get install valgrind``); ~5 minutes for n=60 (callgrind runs ~50x slower).
Speed only: outputs are compared by bench/extraction_dump.py.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from extraction_ab import OWN_TREE_PRELUDE  # noqa: E402 - bench/ is this script's directory

HERE = Path(__file__).resolve().parent

_WORKER = r"""
import os, subprocess, sys
root, bench, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
""" + OWN_TREE_PRELUDE + r"""
for text, pub in generated_corpus(30, seed=1000):
    extract(text, pub)
corpus = generated_corpus(n, seed=1)
subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], capture_output=True)
for text, pub in corpus:
    extract(text, pub)
subprocess.run(["callgrind_control", "-i", "off", str(os.getpid())], capture_output=True)
"""

#: callgrind_annotate's function names, grouped: the regular-expression engine, substring search
_GROUPS = {"regex engine (_sre)": re.compile(r"/_sre/"), "substring search": re.compile(r"fastsearch\.h")}


def _run(root: Path, n: int, out: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same set and dict orders in both runs
    return subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
         os.path.realpath(sys.executable), "-c", _WORKER, str(root), str(HERE), str(n)],
        cwd=str(root), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _summary(out: Path) -> tuple[int, dict[str, int]]:
    text = subprocess.run(["callgrind_annotate", "--threshold=100", str(out)], capture_output=True, text=True,
                          check=True).stdout
    total = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", text).group(1).replace(",", ""))
    groups = dict.fromkeys(_GROUPS, 0)
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+(\S+)", line)
        if m:
            for name, rx in _GROUPS.items():
                if rx.search(m.group(2)):
                    groups[name] += int(m.group(1).replace(",", ""))
    return total, groups


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", type=Path, help="source tree A (e.g. a git worktree of the base commit)")
    ap.add_argument("b", type=Path, help="source tree B")
    ap.add_argument("-n", type=int, default=60, help="generated texts counted (after 30 of warm-up)")
    args = ap.parse_args()
    if not shutil.which("valgrind") or not shutil.which("callgrind_annotate"):
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as tmp:
        outs = {label: Path(tmp) / f"callgrind.{label}" for label in ("A", "B")}
        procs = {label: _run(root.resolve(), args.n, outs[label]) for label, root in (("A", args.a), ("B", args.b))}
        results = {}
        for label, proc in procs.items():
            _, err = proc.communicate()
            if proc.returncode != 0 or not outs[label].stat().st_size:
                sys.exit(f"tree {label} failed under valgrind:\n{err[-2000:]}")
            results[label] = _summary(outs[label])
    print(f"{args.n} generated texts a tree (after 30 of warm-up), instructions counted by callgrind")
    for label, root in (("A", args.a), ("B", args.b)):
        total, groups = results[label]
        shares = ", ".join(f"{name} {100 * v / total:.1f} %" for name, v in groups.items())
        print(f"{label}: {total / args.n / 1e6:8.2f} M instructions a text  ({root.resolve()}; {shares})")
    print(f"B/A instructions {results['B'][0] / results['A'][0]:.3f}")


if __name__ == "__main__":
    main()
