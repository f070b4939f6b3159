"""Same output? Dump the extractor's output for every dev text and generated notices, and compare.

    python bench/extraction_dump.py dump before.json        # before a speed change
    python bench/extraction_dump.py compare before.json     # after it: lists every text whose output changed
    python bench/extraction_dump.py compare before.json --no-rxfast   # without db.rxfast's rewritten patterns

A speed change must leave every output as it was; a difference must be explained
by a behaviour change (another commit), never by the optimisation. The
generated notices are bench/extraction.py's (deterministic by seed). Never run
on tests/gold/heldout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def _inputs(generated: int) -> list[tuple[str, str, str]]:
    from extraction import GOLD, generated_corpus

    rows = []
    for f in sorted((GOLD / "dev").glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                rows.append((f"{f.name}:{n}", row["text"], row["published"]))
    rows += [(f"generated:{i}", t, p) for i, (t, p) in enumerate(generated_corpus(generated, seed=77))]
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["dump", "compare"])
    ap.add_argument("path", type=Path)
    ap.add_argument("--generated", type=int, default=2000, help="generated notices besides the dev texts")
    ap.add_argument("--no-rxfast", action="store_true", help="keep the original patterns (db.rxfast off)")
    ap.add_argument("--show", type=int, default=10, help="differences printed in full")
    args = ap.parse_args()
    if args.no_rxfast:
        import db.rxfast as rxfast

        rxfast.accelerate = lambda namespace: 0
        rxfast.first_char_scan = lambda rx: rx
    from scrapers.extract import extract

    t0 = time.perf_counter()
    out = {key: extract(text, pub).to_dict() for key, text, pub in _inputs(args.generated)}
    took = time.perf_counter() - t0
    if args.mode == "dump":
        args.path.write_text(json.dumps(out, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        print(f"{len(out)} outputs written to {args.path} ({took:.0f} s)")
        return
    before = json.loads(args.path.read_text(encoding="utf-8"))
    changed = [k for k in out if k in before and out[k] != before[k]]
    print(f"{len(out)} texts, {len(changed)} outputs differ, {len(set(out) ^ set(before))} not in both ({took:.0f} s)")
    for key in changed[: args.show]:
        print("---", key)
        for field in sorted(set(before[key]) | set(out[key])):
            if before[key].get(field) != out[key].get(field):
                print(f"  {field}: {json.dumps(before[key].get(field), ensure_ascii=False)[:300]}")
                print(f"   -> {json.dumps(out[key].get(field), ensure_ascii=False)[:300]}")
    sys.exit(1 if changed else 0)


if __name__ == "__main__":
    main()
