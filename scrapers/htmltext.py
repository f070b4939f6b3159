"""An article's main text, title, publication time and canonical URL from its HTML.

The text comes from trafilatura. The publication time comes from the page's
own metadata first — ``article:published_time``, JSON-LD ``datePublished``,
``time[datetime]`` — and only then from trafilatura's guess, because a guess
can pick up a date from the text (a death date, say) and that would corrupt
``reported_date``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from parsel import Selector

_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass
class ArticleText:
    text: str | None
    title: str | None
    published_at: str | None
    canonical_url: str | None


def normalise_time(value: str | None) -> str | None:
    """An ISO date or datetime (kept with its offset), or None when unparseable."""
    if not value:
        return None
    value = value.strip()
    if not _ISO_RE.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(value) == 10:
        return value
    return parsed.isoformat(timespec="seconds")


def _json_ld_dates(page: Selector) -> list[str]:
    found = []
    for block in page.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if isinstance(node.get("datePublished"), str):
                    found.append(node["datePublished"])
                stack.extend(v for k, v in node.items() if k == "@graph")
    return found


def metadata_time(page: Selector) -> str | None:
    candidates = [
        *page.xpath('//meta[@property="article:published_time" or @name="article:published_time"]/@content').getall(),
        *_json_ld_dates(page),
        *page.xpath('//meta[@itemprop="datePublished"]/@content').getall(),
        *page.css("article time[datetime]::attr(datetime), time[datetime]::attr(datetime)").getall(),
    ]
    for candidate in candidates:
        value = normalise_time(candidate)
        if value:
            return value
    return None


_CONFIG = None


def _trafilatura_config():
    """trafilatura's defaults drop texts under 250 characters as boilerplate; a
    two-sentence funeral notice is shorter than that and is exactly what we want."""
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        config = use_config()
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
        config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
        config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
        _CONFIG = config
    return _CONFIG


def article_from_html(html: str, url: str) -> ArticleText:
    import trafilatura

    page = Selector(text=html)
    canonical = (page.xpath('//link[@rel="canonical"]/@href').get() or page.xpath('//meta[@property="og:url"]/@content').get())
    title = (page.xpath('//meta[@property="og:title"]/@content').get() or page.css("h1::text").get()
             or page.css("title::text").get())
    published = metadata_time(page)
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                               with_metadata=False, fast=True, config=_trafilatura_config())
    if published is None:
        from htmldate import find_date

        guess = find_date(html, url=url, original_date=True, extensive_search=False)
        published = normalise_time(guess)
    return ArticleText(
        text=text.strip() if text else None,
        title=title.strip() if title else None,
        published_at=published,
        canonical_url=canonical.strip() if canonical else None,
    )


def visible_text(html: str) -> str:
    """All visible text of a page, one block per line (for memorial cards and posts)."""
    page = Selector(text=re.sub(r"(?i)<br\s*/?>", "\n", html))
    texts = page.xpath("//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::nav)]").getall()
    lines = [re.sub(r"[ \t\r\f\v]+", " ", t).strip() for t in texts]
    return "\n".join(line for line in lines if line)
