"""Does natasha's NER earn its memory? Load time, memory and speed of natasha's
news NER, and how many gold names its PER spans (normalised by natasha) find,
next to the project's own name finder.

natasha is not a dependency; to run this: ``pip install natasha`` (or
``pip install --target DIR natasha`` and ``PYTHONPATH=DIR``), then

    python bench/extraction_natasha.py

It reads only the dev gold set.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fold(s: str | None) -> str:
    return (s or "").lower().replace("ё", "е")


def main() -> None:
    try:
        import natasha  # noqa: F401
    except ImportError:
        print("natasha is not installed; see the module docstring")
        return
    rows = []
    for f in sorted((ROOT / "tests" / "gold" / "dev").glob("*.jsonl")):
        rows += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    base = rss_mb()
    t0 = time.perf_counter()
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    segmenter, vocab = Segmenter(), MorphVocab()
    emb = NewsEmbedding()
    ner, morph = NewsNERTagger(emb), NewsMorphTagger(emb)
    load = time.perf_counter() - t0
    loaded = rss_mb()
    found = total = per_spans = 0
    t0 = time.perf_counter()
    for row in rows:
        doc = Doc(row["text"])
        doc.segment(segmenter)
        doc.tag_morph(morph)
        doc.tag_ner(ner)
        names = set()
        for span in doc.spans:
            if span.type == "PER":
                span.normalize(vocab)
                names.add(fold(span.normal))
                per_spans += 1
        for m in row["expected"]["mentions"]:
            total += 1
            want = {fold(" ".join(x for x in (m["first_name"], m["surname"]) if x)),
                    fold(" ".join(x for x in (m["surname"], m["first_name"]) if x)),
                    fold(" ".join(x for x in (m["first_name"], m["patronymic"], m["surname"]) if x)),
                    fold(" ".join(x for x in (m["surname"], m["first_name"], m["patronymic"]) if x))}
            found += bool(want & names)
    dt = time.perf_counter() - t0
    print(f"natasha: load {load:.1f} s, RSS +{loaded - base:.0f} MB ({loaded:.0f} MB total), "
          f"{len(rows) / dt:.0f} texts/s for segment+morph+NER on {len(rows)} dev texts")
    print(f"gold dead found among its normalised PER spans: {found}/{total} ({found / total:.3f}); "
          f"{per_spans} PER spans in all (the living included: it does not say who died)")


if __name__ == "__main__":
    main()
