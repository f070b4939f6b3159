"""The main job, the one cron runs: crawl the due sources → extract → match → summary.

Each stage commits its own work, so a job killed at any point loses nothing: the
next run picks up pages never extracted and mentions never matched.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from db.connection import open_db, resolve_db_path
from nekrolog.progress import Progress, StageProgress
from scrapers.crawl import CrawlOutcome, run_crawl
from scrapers.health import source_health
from scrapers.processing import ExtractCounts, iter_extract, page_ids

#: Seconds between looks at the database while the crawl child works.
CRAWL_POLL_S = 0.5


@dataclass
class JobSummary:
    sources_crawled: list[str] = field(default_factory=list)
    sources_not_due: list[str] = field(default_factory=list)
    locked: bool = False
    crawl_exit_code: int = 0
    pages_new: int = 0
    pages_changed: int = 0
    mentions_new: int = 0
    extracted_pending: ExtractCounts = field(default_factory=ExtractCounts)
    extract_errors: list[str] = field(default_factory=list)
    persons_created: int = 0
    persons_changed: int = 0
    persons_merged: int = 0
    persons_total: int = 0
    review_open: int = 0
    review_insufficient: int = 0
    troubled: list[tuple[str, list[str]]] = field(default_factory=list)
    duration_s: float = 0.0

    def lines(self) -> list[str]:
        out = []
        if self.locked:
            out.append("crawl: another crawl holds the lock; skipped this time")
        elif self.sources_crawled:
            out.append(f"crawled: {', '.join(self.sources_crawled)}")
        else:
            out.append("crawled: nothing was due")
        if self.sources_not_due:
            out.append(f"not due yet: {', '.join(self.sources_not_due)}")
        if self.extract_errors:
            out.append(f"extraction failed on {len(self.extract_errors)} pages:")
            out.extend(f"  {e}" for e in self.extract_errors[:10])
        out += [
            f"new pages: {self.pages_new} (changed: {self.pages_changed})",
            f"new mentions: {self.mentions_new}",
            f"persons: {self.persons_created} new, {self.persons_changed} changed, "
            f"{self.persons_merged} merged; {self.persons_total} counted in all",
            f"review items waiting: {self.review_open} (insufficient evidence: {self.review_insufficient})",
        ]
        if self.troubled:
            out.append(f"sources in trouble: {len(self.troubled)}")
            for source_id, warnings in self.troubled:
                out.extend(f"  {source_id}: {warning}" for warning in warnings)
        else:
            out.append("sources in trouble: none")
        out.append(f"done in {self.duration_s:.1f}s")
        return out


def _crawl_with_progress(
    db_path: Path,
    sources_path: str | os.PathLike | None,
    *,
    due: bool,
    show_progress: bool,
    log_file: str | None,
    log_level: str,
) -> CrawlOutcome:
    """Run the crawl child while this process counts the pages it stores.

    The child writes through its own connection; WAL lets us read meanwhile.
    """
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["outcome"] = run_crawl(db_path, sources_path, due=due, log_file=log_file, log_level=log_level)
        except BaseException as exc:  # re-raised in the caller's thread
            result["error"] = exc

    db = open_db(db_path)
    start_pages = db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM pages").fetchone()[0]
    worker = threading.Thread(target=target, name="crawl", daemon=True)
    worker.start()
    with Progress("crawl: pages stored", enabled=show_progress) as progress:
        while worker.is_alive():
            worker.join(CRAWL_POLL_S)
            stored = db.conn.execute("SELECT COUNT(*) FROM pages WHERE id > ?", (start_pages,)).fetchone()[0]
            progress.advance(stored - progress.done)
    db.conn.close()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result["outcome"]  # type: ignore[return-value]


def crawl_log_level(verbosity: int) -> str:
    """Scrapy's own log is for debugging a source: quiet unless -v asks for it."""
    return "WARNING" if verbosity <= 0 else "INFO" if verbosity == 1 else "DEBUG"


def run_main_job(
    db_path: str | os.PathLike | None,
    sources_path: str | os.PathLike | None,
    *,
    due: bool = True,
    show_progress: bool = True,
    crawl_log_file: str | None = None,
    crawl_log_level: str = "WARNING",
) -> JobSummary:
    """Crawl (the due sources, or all with ``due=False``), extract what is pending,
    match incrementally, and summarise."""
    from matching.run import run_match  # numpy and friends load only when needed

    started = time.monotonic()
    db_file = resolve_db_path(db_path)
    summary = JobSummary()

    outcome = _crawl_with_progress(db_file, sources_path, due=due, show_progress=show_progress,
                                   log_file=crawl_log_file, log_level=crawl_log_level)
    summary.locked = outcome.locked
    summary.crawl_exit_code = outcome.exit_code
    summary.sources_crawled = outcome.sources
    summary.sources_not_due = outcome.not_due
    for run in outcome.runs:
        summary.pages_new += run["pages_new"] or 0
        summary.pages_changed += run["pages_changed"] or 0
        summary.mentions_new += run["mentions_new"] or 0

    db = open_db(db_file)
    # Pages a killed crawl stored but never extracted.
    pending = page_ids(db, pending_only=True, source_id=None)
    with Progress("extract: pending pages", len(pending), enabled=show_progress and bool(pending)) as progress:
        def on_error(page_id: int, exc: Exception) -> None:
            summary.extract_errors.append(f"page {page_id}: {type(exc).__name__}: {exc}")

        for _page_id, write, relevant in iter_extract(db, pending_only=True, source_id=None, on_error=on_error):
            if write is None:
                summary.extracted_pending.errors += 1
            else:
                summary.extracted_pending.add(write, relevant)
            progress.advance()
    summary.mentions_new += summary.extracted_pending.mentions_new

    with StageProgress("match", enabled=show_progress) as progress:
        match = run_match(db, progress=progress)
    summary.persons_created = match.persons_created
    summary.persons_changed = match.persons_updated + match.persons_split
    summary.persons_merged = match.persons_merged
    summary.review_open = match.review_open
    summary.review_insufficient = match.review_insufficient
    summary.persons_total = db.conn.execute("SELECT COUNT(*) FROM counted_persons").fetchone()[0]

    summary.troubled = [(h.source_id, h.warnings) for h in source_health(db) if h.warnings]
    db.conn.close()
    summary.duration_s = time.monotonic() - started
    return summary
