"""Why a gold date is missed: each dev mention whose gold date (death, funeral or birth) we leave empty or get wrong,
put in one class, and the classes counted.

    python bench/date_misses.py [--field death] [--glob 'h_*'] [--list]

Classes, in the order they are tested:
  mention missing       the man is not extracted at all (a names/relevance miss, not a date one)
  no candidate span     no date span of the text resolves to the gold value in any direction
  wrong year            a span has the gold month and day (or month) but resolves to another year
  role refused          a span resolving to the gold value was given another role (funeral, other, none)
  attached elsewhere    a span with the right role and value went to another person (or to nobody)
  lost to another date  the right span reached him but another candidate of the same role won
  extra (precision)     gold is empty and we give a date

Dev only: the held-out set is never read by this script.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scrapers.extract import core as C  # noqa: E402
from scrapers.extract import dates as D  # noqa: E402
from scrapers.extract.morph import fold  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "dev"


def _trace(text: str, published: str):
    """Run the extractor, recording every (role, span, value, persons) that reached _add_date and every role given."""
    added: list[tuple[str, D.DateSpan, str | None, list[int]]] = []
    roles: dict[int, str | None] = {}
    orig_add, orig_role = C._add_date, C._role  # noqa: SLF001

    def add(doc, persons, role, span, value, **kw):
        added.append((role, span, value, list(persons)))
        return orig_add(doc, persons, role, span, value, **kw)

    def role(doc, span):
        r = orig_role(doc, span)
        roles[span.start] = r[0]
        return r

    C._add_date, C._role = add, role  # noqa: SLF001
    try:
        docs: list = []
        orig_doc = C.Doc

        class Spy(orig_doc):  # keep the Doc to map persons to surnames
            def __init__(self, *a, **k):
                super().__init__(*a, **k)
                docs.append(self)

        C.Doc = Spy
        try:
            result = C.extract(text, published)
        finally:
            C.Doc = orig_doc
    finally:
        C._add_date, C._role = orig_add, orig_role  # noqa: SLF001
    return result, added, roles, docs[0] if docs else None


def _key(surname: str | None, first_name: str | None) -> str:
    return fold(surname) + "|" + fold(first_name)


def _resolutions(span: D.DateSpan, pub) -> set[str]:
    out = set()
    for way in ("past", "future", "nearest"):
        v = D.resolve(span, pub, way)
        if v:
            out.add(v)
        if span.second is not None:
            v = D.resolve(span.second, pub, way)
            if v:
                out.add(v)
    return out


def classify(row: dict, field: str) -> list[tuple[str, str, object, object]]:
    key = f"{field}_date"
    result, added, roles, doc = _trace(row["text"], row["published"])
    got = {_key(m.surname, m.first_name): m for m in result.mentions} if result.relevant else {}
    pub = C._published_date(row["published"])  # noqa: SLF001
    spans = D.find_spans(row["text"])
    out = []
    for m in row["expected"]["mentions"]:
        gold = m.get(key)
        ours_m = got.get(_key(m["surname"], m.get("first_name")))
        ours = getattr(ours_m, key) if ours_m is not None else None
        if gold == ours:
            continue
        if gold is None:
            out.append(("extra (precision)", m["surname"], gold, ours))
            continue
        if ours_m is None:
            out.append(("mention missing", m["surname"], gold, ours))
            continue
        hits = [s for s in spans if gold in _resolutions(s, pub)]
        if not hits:
            tail = gold[4:]
            same_md = [s for s in spans if any(v[4:] == tail for v in _resolutions(s, pub))] if tail else []
            out.append(("wrong year" if same_md else "no candidate span", m["surname"], gold, ours))
            continue
        mine = [a for a in added if a[0] == field and a[2] == gold]
        if not mine:
            out.append(("role refused", m["surname"], gold, ours))
            continue
        idx = next((i for i, p in enumerate(doc.persons)
                    if _key(p.surname, p.first_name) == _key(m["surname"], m.get("first_name"))), None)
        if idx is None or not any(idx in a[3] for a in mine):
            out.append(("attached elsewhere", m["surname"], gold, ours))
            continue
        out.append(("lost to another date", m["surname"], gold, ours))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--field", default="death", choices=("death", "funeral", "birth"))
    ap.add_argument("--glob", default="*.jsonl")
    ap.add_argument("--list", action="store_true", help="print every miss with its text id")
    args = ap.parse_args()
    counts: Counter = Counter()
    total = 0
    for f in sorted(GOLD.glob(args.glob)):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            total += sum(1 for m in row["expected"]["mentions"] if m.get(f"{args.field}_date"))
            for cls, surname, gold, ours in classify(row, args.field):
                counts[cls] += 1
                if args.list:
                    print(f"{cls:22} {row['id']} ({f.name}:{n}) {surname}: gold {gold!r} ours {ours!r}")
    print(f"{args.field}_date: {total} gold dates in {args.glob}")
    for cls, n in counts.most_common():
        print(f"  {cls:22} {n}")


if __name__ == "__main__":
    main()
