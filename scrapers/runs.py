"""The health record: one ``crawl_runs`` row per source per run.

The row is created when the spider opens, so a run killed by SIGKILL leaves a
row with ``finished_at`` NULL (``sources status`` reports it), and completed
with the counters when it closes. The extension also takes the crawl lock,
registers the source, extracts pages a killed run left unextracted, and masks
secrets in the log — everything a spider run needs before its first request.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured

from db.connection import open_db, resolve_db_path, transaction
from db.store import upsert_source, utc_now
from scrapers import lock
from scrapers.logformat import install_secret_filter
from scrapers.processing import extract_pending

log = logging.getLogger(__name__)


def crawl_db(crawler: Crawler):
    """The crawl's database connection, one per crawler (used on the reactor thread only)."""
    db = getattr(crawler, "_nekrolog_db", None)
    if db is None:
        db = open_db(db_path(crawler))
        crawler._nekrolog_db = db  # type: ignore[attr-defined]
    return db


def db_path(crawler: Crawler) -> str:
    return str(resolve_db_path(crawler.settings.get("NEKROLOG_DB")))


def note_error(crawler: Crawler, message: str) -> None:
    """Count one error for this run and remember it as the latest."""
    crawler.stats.inc_value("nekrolog/errors")
    crawler.stats.set_value("nekrolog/last_error", message[:500])


class CrawlRunRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        self.started = 0.0
        self.locked = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        if not crawler.settings.getbool("NEKROLOG_RECORD_RUNS", True):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def spider_opened(self, spider) -> None:
        source = getattr(spider, "source", None)
        install_secret_filter(getattr(spider, "secret_env_vars", []))
        try:
            lock.acquire(db_path(self.crawler))
        except lock.CrawlLocked as exc:
            log.error("%s", exc)
            spider.locked_out = True
            raise CloseSpider("locked") from None
        self.locked = True
        if source is None:
            return
        db = crawl_db(self.crawler)
        upsert_source(
            db, source.id, kind=source.kind, name=source.name, default_region=source.region,
            settings=source.public_settings(), every_seconds=source.every_seconds,
        )
        self.started = time.monotonic()
        with transaction(db) as conn:
            cur = conn.execute(
                "INSERT INTO crawl_runs (source_id, started_at) VALUES (?, ?)", (source.id, utc_now())
            )
            self.run_id = int(cur.lastrowid)
        spider.previous_run_clean = self._previous_run_clean(db, source.id)
        counts = extract_pending(
            db, source.id, on_error=lambda page_id, exc: note_error(self.crawler, f"extracting page {page_id}: {exc}")
        )
        if counts.pages:
            log.info("%s: extracted %d page(s) a previous run left pending", source.id, counts.pages)
            self.crawler.stats.inc_value("nekrolog/mentions_new", counts.mentions_new)

    def _previous_run_clean(self, db, source_id: str) -> bool:
        """Whether the source's last run before this one finished normally (not killed)."""
        row = db.conn.execute(
            "SELECT finished_at, finish_reason FROM crawl_runs WHERE source_id = ? AND id < ?"
            " ORDER BY id DESC LIMIT 1",
            (source_id, self.run_id),
        ).fetchone()
        return bool(row and row[0] and row[1] == "finished")

    def spider_error(self, failure, response, spider) -> None:
        note_error(self.crawler, f"{response.url}: {failure.getErrorMessage()}")

    def item_error(self, item: Any, response, spider, failure) -> None:
        note_error(self.crawler, f"{getattr(item, 'url', '?')}: {failure.getErrorMessage()}")

    def spider_closed(self, spider, reason: str) -> None:
        try:
            if self.run_id is not None:
                self._finish(spider, reason)
        finally:
            if self.locked:
                lock.release(db_path(self.crawler))

    def _finish(self, spider, reason: str) -> None:
        stats = self.crawler.stats
        fatal = getattr(spider, "fatal_error", None)
        if fatal:
            note_error(self.crawler, fatal)
            reason = "error"
        values = (
            utc_now(),
            reason,
            stats.get_value("downloader/request_count", 0),
            stats.get_value("downloader/response_count", 0),
            stats.get_value("nekrolog/pages_new", 0),
            stats.get_value("nekrolog/pages_changed", 0),
            stats.get_value("nekrolog/pages_unchanged", 0),
            stats.get_value("nekrolog/mentions_new", 0),
            stats.get_value("nekrolog/errors", 0),
            stats.get_value("nekrolog/last_error"),
            round(time.monotonic() - self.started, 3),
            self.run_id,
        )
        with transaction(crawl_db(self.crawler)) as conn:
            conn.execute(
                "UPDATE crawl_runs SET finished_at = ?, finish_reason = ?, requests = ?, responses = ?,"
                " pages_new = ?, pages_changed = ?, pages_unchanged = ?, mentions_new = ?, errors = ?,"
                " last_error = ?, duration_s = ? WHERE id = ?",
                values,
            )
