"""What every nekrolog spider shares: its source, incremental fetching, errors.

A spider is started for one source: ``scrapy crawl news -a source=prikamye``
(the sources file is ``-a sources=FILE``, else the ``NEKROLOG_SOURCES`` setting
or environment variable, else ``./sources.toml``).

Incremental crawling, decided here once for all spiders:

- Feeds, sitemaps, listing pages, channel pages and API pages are fetched every run.
- An article/card URL already stored is **not requested at all** — sites rarely
  edit obituaries, and not asking is the politest request. A source may set
  ``revalidate = "30d"``: a stored page last fetched longer ago than that is
  requested again *conditionally* (``If-None-Match`` / ``If-Modified-Since``
  from its stored ETag / Last-Modified), so an unchanged page costs a 304 and no
  body, and a changed one is stored and re-extracted.
- Posts (Telegram, VK) arrive inside their listing pages, so they cost nothing
  extra; their hash decides whether they changed.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import TimeoutError as TxTimeoutError

from scrapers.items import NotModifiedItem
from scrapers.runs import crawl_db, note_error
from scrapers.sources import Source, load_sources, parse_every, select

log = logging.getLogger(__name__)


class SourceSpider(scrapy.Spider):
    """Base class: a spider crawling one configured source."""

    #: Kinds of source this spider accepts (a custom spider: ``("custom",)``).
    kinds: tuple[str, ...] = ()

    def __init__(self, source: str | None = None, sources: str | None = None, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.source_id = source
        self.sources_file = sources
        self.source: Source | None = None
        self.fatal_error: str | None = None
        self.locked_out = False
        self.previous_run_clean = False
        self.secret_env_vars: list[str] = []

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings) -> None:
        if not self.source_id:
            raise ValueError(f"give the source to crawl: scrapy crawl {self.name} -a source=ID")
        path = self.sources_file or settings.get("NEKROLOG_SOURCES") or None
        [self.source] = select(load_sources(path), [self.source_id])
        if self.source.spider_name != self.name or (self.kinds and self.source.kind not in self.kinds):
            raise ValueError(
                f"source {self.source.id!r} is of kind {self.source.kind!r}: crawl it with "
                f"'scrapy crawl {self.source.spider_name} -a source={self.source.id}'"
            )
        self.polite = settings.getbool("POLITE", True)
        self.max_pages = int(self.source.options.get("max_pages") or self.source_max_pages_default())

    def source_max_pages_default(self) -> int:
        return 50

    # ----------------------------------------------------------------- the database

    @property
    def db(self):
        return crawl_db(self.crawler)

    def stored(self, url: str):
        """(etag, last_modified, fetched_at) of a stored page, or None."""
        return self.db.conn.execute(
            "SELECT etag, last_modified, fetched_at FROM pages WHERE url = ?", (url,)
        ).fetchone()

    def is_known(self, url: str) -> bool:
        return self.stored(url) is not None

    def _revalidation_due(self, fetched_at: str | None) -> bool:
        every = self.source.options.get("revalidate") if self.source else None
        if not every or not fetched_at:
            return False
        try:
            fetched = datetime.fromisoformat(fetched_at)
        except ValueError:
            return True
        return datetime.now(UTC) - fetched >= timedelta(seconds=parse_every(every))

    # ----------------------------------------------------------------- requests

    def listing_request(self, url: str, callback, **meta) -> scrapy.Request:
        """A feed, sitemap or listing page: fetched every run."""
        return scrapy.Request(url, callback=callback, errback=self.on_error, dont_filter=True, meta=meta)

    def page_request(self, url: str, callback, **meta) -> scrapy.Request | None:
        """An article or card: None when it is stored and not due for revalidation."""
        row = self.stored(url)
        if row is None:
            return scrapy.Request(url, callback=callback, errback=self.on_error, meta=meta)
        etag, last_modified, fetched_at = row
        if not self._revalidation_due(fetched_at):
            self.crawler.stats.inc_value("nekrolog/skipped_known")
            return None
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        meta = {**meta, "handle_httpstatus_list": [304], "revalidating": True}
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, meta=meta,
                              dont_filter=True)

    def not_modified(self, response) -> NotModifiedItem | None:
        if response.status == 304:
            return NotModifiedItem(source_id=self.source.id, url=response.url)
        return None

    @staticmethod
    def requested_url(response) -> str:
        """The URL we asked for (what ``page_request`` looks up), even after redirects."""
        return (response.meta.get("redirect_urls") or [response.url])[0]

    @staticmethod
    def validators(response) -> tuple[str | None, str | None]:
        etag = response.headers.get(b"ETag")
        last_modified = response.headers.get(b"Last-Modified")
        return (etag.decode("latin-1") if etag else None, last_modified.decode("latin-1") if last_modified else None)

    def on_error(self, failure) -> None:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            # robots.txt forbids it (or a middleware dropped it on purpose): not a failure of the site.
            self.crawler.stats.inc_value("nekrolog/ignored")
            log.info("not fetched (forbidden by robots.txt or filtered): %s", url)
            return
        if failure.check(HttpError):
            message = f"HTTP {failure.value.response.status} for {url}"
        elif failure.check(TxTimeoutError):
            message = f"timeout fetching {url}"
        else:
            message = f"{failure.type.__name__} fetching {url}: {failure.getErrorMessage()}"
        note_error(self.crawler, message)
        log.warning("%s", message)

    # ----------------------------------------------------------------- helpers

    @staticmethod
    def absolute(base: str, href: str | None) -> str | None:
        if not href:
            return None
        href = href.strip()
        if href.startswith(("mailto:", "javascript:", "tel:", "#")):
            return None
        return urljoin(base, href).split("#", 1)[0]

    def url_allowed(self, url: str) -> bool:
        allow = self._patterns("allow")
        deny = self._patterns("deny")
        if allow and not any(p.search(url) for p in allow):
            return False
        return not any(p.search(url) for p in deny)

    def _patterns(self, key: str) -> list[re.Pattern]:
        cache = self.__dict__.setdefault("_pattern_cache", {})
        if key not in cache:
            value = self.source.options.get(key, []) if self.source else []
            cache[key] = [re.compile(p) for p in ([value] if isinstance(value, str) else value)]
        return cache[key]
