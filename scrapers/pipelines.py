"""Two pipelines, one job each: store the page, then extract it.

``StorePipeline`` writes the page (one transaction) and tags the item with the
outcome; ``ExtractPipeline`` extracts new and changed pages (another
transaction). If the process dies between the two, the page is left with
``extracted_at`` NULL and is extracted at the start of the next run.
"""

from __future__ import annotations

from db.connection import transaction
from db.store import store_page, utc_now
from scrapers.items import NotModifiedItem, PageItem
from scrapers.processing import SourceInfo, extract_page
from scrapers.runs import crawl_db


class StorePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        db = crawl_db(self.crawler)
        stats = self.crawler.stats
        if isinstance(item, NotModifiedItem):
            with transaction(db) as conn:
                conn.execute("UPDATE pages SET fetched_at = ?, http_status = 304 WHERE url = ?", (utc_now(), item.url))
            stats.inc_value("nekrolog/pages_unchanged")
            return item
        if not isinstance(item, PageItem):
            return item
        write = store_page(
            db, source_id=item.source_id, url=item.url, text=item.text, html=item.html,
            canonical_url=item.canonical_url, title=item.title, published_at=item.published_at,
            http_status=item.http_status, etag=item.etag, last_modified=item.last_modified,
        )
        stats.inc_value(f"nekrolog/pages_{write.status}")
        item.extra["page_id"] = write.page_id
        item.extra["status"] = write.status
        return item


class ExtractPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.sources: SourceInfo | None = None

    @classmethod
    def from_crawler(cls, crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, PageItem):
            return item
        db = crawl_db(self.crawler)
        page_id = item.extra.get("page_id")
        if page_id is None:
            return item
        pending = item.extra.get("status") in ("new", "changed") or db.conn.execute(
            "SELECT extracted_at IS NULL FROM pages WHERE id = ?", (page_id,)
        ).fetchone()[0]
        if not pending:
            return item  # an unchanged page keeps its mentions
        if self.sources is None:
            self.sources = SourceInfo(db)
        write, relevant = extract_page(db, page_id, sources=self.sources, card_mentions=item.mentions)
        self.crawler.stats.inc_value("nekrolog/mentions_new", len(write.new))
        self.crawler.stats.inc_value("nekrolog/pages_relevant", int(relevant))
        return item
