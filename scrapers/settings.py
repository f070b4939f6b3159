"""Scrapy settings for nekrolog's spiders (``scrapy crawl NAME`` and ``nekrolog crawl``).

Polite by default; the environment adjusts it, City Bureau style:

- ``NEKROLOG_CONTACT``: a URL or e-mail put in the User-Agent so site owners can reach us.
- ``NEKROLOG_POLITE=0``: no delays, no AutoThrottle, more concurrency — for tests and
  the benchmark against the loopback sample site, never for real sites.
- ``NEKROLOG_DOWNLOAD_TIMEOUT``, ``NEKROLOG_MAXSIZE`` (bytes), ``NEKROLOG_LOG_LEVEL``.
- ``NEKROLOG_DB`` and ``NEKROLOG_SOURCES``: the database and the sources file.
"""

from __future__ import annotations

import os

from nekrolog import __version__


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


POLITE = _env_flag("NEKROLOG_POLITE", True)
# Site owners should be able to reach whoever runs the crawl; `nekrolog crawl`
# warns when this is unset and a source is not on loopback.
CONTACT = os.environ.get("NEKROLOG_CONTACT", "").strip() or "no contact configured"

BOT_NAME = "nekrolog"
SPIDER_MODULES = ["scrapers.spiders"]
NEWSPIDER_MODULE = "scrapers.spiders"

USER_AGENT = f"nekrolog/{__version__} (+{CONTACT})"
ROBOTSTXT_OBEY = True

# Politeness: one or two requests at a time per site, adapted to its latency.
CONCURRENT_REQUESTS = 16 if POLITE else 32
CONCURRENT_REQUESTS_PER_DOMAIN = 2 if POLITE else 16
DOWNLOAD_DELAY = 1.0 if POLITE else 0
AUTOTHROTTLE_ENABLED = POLITE
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Robustness: bounded pages and waits; retries back off on 429 and 5xx.
DOWNLOAD_TIMEOUT = int(os.environ.get("NEKROLOG_DOWNLOAD_TIMEOUT", "30"))
DOWNLOAD_MAXSIZE = int(os.environ.get("NEKROLOG_MAXSIZE", str(8 * 1024 * 1024)))
DOWNLOAD_WARNSIZE = DOWNLOAD_MAXSIZE // 2
RETRY_ENABLED = True
RETRY_TIMES = 3 if POLITE else 1
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
RETRY_BACKOFF_BASE = 2.0 if POLITE else 0.0  # seconds; doubled per attempt (scrapers.middlewares)
RETRY_BACKOFF_MAX = 120.0
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.BackoffRetryMiddleware": 550,
}

# Incremental crawling is done by the spiders against the database (stored URLs,
# ETag / Last-Modified), so no HTTP cache and no cookies.
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
HTTPERROR_ALLOW_ALL = False

# Our pipelines are synchronous SQLite writes, so items gain nothing from being
# processed in parallel; Scrapy's default (100) costs an asyncio task per slot per response.
CONCURRENT_ITEMS = 8

ITEM_PIPELINES = {
    "scrapers.pipelines.StorePipeline": 300,
    "scrapers.pipelines.ExtractPipeline": 400,
}
EXTENSIONS = {
    "scrapers.runs.CrawlRunRecorder": 100,
}

LOG_LEVEL = os.environ.get("NEKROLOG_LOG_LEVEL", "INFO")
LOG_FORMATTER = "scrapers.logformat.QuietLogFormatter"

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
