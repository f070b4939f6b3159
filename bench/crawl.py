"""Crawl throughput: pages/second through crawl → store → extract, against
Scrapy's own `scrapy bench` on the same machine in the same run.

    python bench/crawl.py [--articles 1500] [--seed 1] [--bench-seconds 10]

A larger sample site (``--articles`` generated Russian news articles, ~60 %
obituaries, deterministic by ``--seed``) is served on 127.0.0.1 and crawled by
the real `nekrolog crawl` with politeness delays off (NEKROLOG_POLITE=0). Our
rate counts stored-and-extracted article pages over the crawl's own duration
(crawl_runs.duration_s); `scrapy bench` counts responses over its elapsed time
(it only downloads and follows links: no parsing, storage or extraction).
Target: ratio ≥ 0.5.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scrapers.crawl import run_crawl  # noqa: E402
from scrapers.sample_site import start_server  # noqa: E402


def nekrolog_rate(articles: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp, start_server(bulk_articles=articles, seed=seed) as server:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(
            f"""[[source]]
id = "bulk"
kind = "news"
name = "Bulk sample news"
region = "Пермский край"
listings = ["{server.base_url}/bulk/list?page=1"]
allow = ["/bulk/a/"]
max_pages = 100000
""",
            encoding="utf-8",
        )
        db = Path(tmp) / "bench.db"
        started = time.monotonic()
        outcome = run_crawl(db, sources, log_level="WARNING", extra_env={"NEKROLOG_POLITE": "0"})
        wall = time.monotonic() - started
        if outcome.exit_code != 0:
            raise SystemExit(f"crawl failed with status {outcome.exit_code}")
        conn = sqlite3.connect(db)
        pages, extracted = conn.execute("SELECT COUNT(*), COUNT(extracted_at) FROM pages").fetchone()
        mentions = conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        duration = conn.execute("SELECT duration_s FROM crawl_runs").fetchone()[0]
        conn.close()
    return {"pages": pages, "extracted": extracted, "mentions": mentions, "duration_s": duration,
            "wall_s": wall, "rate": extracted / duration}


def scrapy_bench_rate(seconds: int) -> dict:
    # Outside the project directory, so `scrapy bench` runs with Scrapy's own defaults.
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
            env=env, capture_output=True, text=True, cwd=tmp,
        )
    log = result.stdout + result.stderr
    responses = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not responses or not elapsed:
        raise SystemExit(f"could not read scrapy bench's stats:\n{log[-3000:]}")
    return {"pages": int(responses.group(1)), "duration_s": float(elapsed.group(1)),
            "rate": int(responses.group(1)) / float(elapsed.group(1))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bench-seconds", type=int, default=10)
    args = parser.parse_args()

    ours = nekrolog_rate(args.articles, args.seed)
    print(f"nekrolog crawl → store → extract: {ours['extracted']} pages ({ours['mentions']} mentions) in "
          f"{ours['duration_s']:.1f}s = {ours['rate']:.1f} pages/s  (process wall time {ours['wall_s']:.1f}s)")
    reference = scrapy_bench_rate(args.bench_seconds)
    print(f"scrapy bench (download + follow links only): {reference['pages']} pages in "
          f"{reference['duration_s']:.1f}s = {reference['rate']:.1f} pages/s")
    ratio = ours["rate"] / reference["rate"]
    print(f"ratio: {ratio:.2f} (target ≥ 0.5) — {'OK' if ratio >= 0.5 else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
