"""What spiders yield: one page, as a dataclass (Scrapy accepts dataclass items)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PageItem:
    """A fetched page (an article, a post, a memorial card) for the pipelines.

    ``mentions`` is set only by spiders that read people directly from labelled
    fields (memorial cards); other pages are left to extraction.
    """

    source_id: str
    url: str
    text: str | None
    html: str | bytes | None = None
    title: str | None = None
    published_at: str | None = None
    canonical_url: str | None = None
    http_status: int | None = 200
    etag: str | None = None
    last_modified: str | None = None
    default_region: str | None = None
    mentions: list[dict[str, Any]] | None = None
    mentions_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class NotModifiedItem:
    """A stored page the server confirmed unchanged (HTTP 304) on revalidation."""

    source_id: str
    url: str
