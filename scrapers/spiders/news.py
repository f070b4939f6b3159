"""``news``: a regional news site, through its feeds, sitemaps and listing pages.

Source options: ``feeds`` (RSS/Atom), ``sitemaps`` (sitemap indexes, news
sitemaps and gzipped ones are followed), ``listings`` (pages of links, with
``next_page`` pagination up to ``max_pages``), ``allow``/``deny`` URL regexes,
``keywords`` (an article whose feed title/summary or link text is known must
contain one to be fetched; relevance itself is extraction's job),
``article_links`` (a selector for article links on listing pages),
``encoding`` (overrides what the site declares).
"""

from __future__ import annotations

import gzip
import re

from parsel import Selector
from scrapy.http import HtmlResponse

from scrapers.htmltext import article_from_html
from scrapers.items import PageItem
from scrapers.runs import note_error
from scrapers.spiders.base import SourceSpider

MAX_SITEMAP_DEPTH = 3


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


class NewsSpider(SourceSpider):
    name = "news"
    kinds = ("news",)

    async def start(self):
        for url in self.source.options.get("feeds", []):
            yield self.listing_request(url, self.parse_feed)
        for url in self.source.options.get("sitemaps", []):
            yield self.listing_request(url, self.parse_sitemap, depth=0)
        for url in self.source.options.get("listings", []):
            yield self.listing_request(url, self.parse_listing, listing_page=1)

    # ----------------------------------------------------------------- discovery

    def candidate(self, url: str | None, title: str | None = None, summary: str | None = None):
        """A request for an article link, or None (filtered, or stored already)."""
        if not url or not url.startswith(("http://", "https://")) or not self.url_allowed(url):
            return None
        keywords = self.source.options.get("keywords") or []
        known_text = " ".join(t for t in (title, summary) if t)
        if keywords and known_text.strip():
            folded = _fold(known_text)
            if not any(_fold(k) in folded for k in keywords):
                self.crawler.stats.inc_value("nekrolog/skipped_keywords")
                return None
        return self.page_request(url, self.parse_article)

    def parse_feed(self, response):
        page = Selector(text=response.text, type="xml")
        page.remove_namespaces()
        entries = page.xpath("//item | //entry")
        if not entries:
            note_error(self.crawler, f"feed has no items (format changed?): {response.url}")
        for entry in entries:
            link = (entry.xpath("link/text()").get() or entry.xpath("link[@rel='alternate']/@href").get()
                    or entry.xpath("link/@href").get())
            title = entry.xpath("title//text()").get()
            summary = " ".join(entry.xpath("description//text() | summary//text()").getall())
            request = self.candidate(self.absolute(response.url, link), title, re.sub(r"<[^>]+>", " ", summary))
            if request is not None:
                yield request

    def parse_sitemap(self, response):
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        page = Selector(text=body.decode("utf-8", "replace"), type="xml")
        page.remove_namespaces()
        depth = response.meta.get("depth", 0)
        for loc in page.xpath("//sitemapindex/sitemap/loc/text()").getall():
            if depth < MAX_SITEMAP_DEPTH:
                yield self.listing_request(loc.strip(), self.parse_sitemap, depth=depth + 1)
        urls = page.xpath("//urlset/url")
        for entry in urls:
            loc = (entry.xpath("loc/text()").get() or "").strip()
            title = entry.xpath("news/title/text()").get()
            request = self.candidate(loc, title)
            if request is not None:
                yield request
        if not urls and not page.xpath("//sitemapindex"):
            note_error(self.crawler, f"not a sitemap (format changed?): {response.url}")

    def parse_listing(self, response):
        selector = self.source.options.get("article_links")
        if selector:
            links = [(href, None) for href in (response.xpath(selector.removeprefix("xpath:")).getall()
                                               if selector.startswith(("xpath:", "/")) else response.css(selector).getall())]
        else:
            links = [(a.attrib.get("href"), " ".join(a.css("::text").getall()).strip())
                     for a in response.css("a[href]")]
        listing_urls = set(self.source.options.get("listings", []))
        found = 0
        for href, text in links:
            url = self.absolute(response.url, href)
            if not url or url in listing_urls or url == response.url:
                continue
            found += 1
            request = self.candidate(url, text)
            if request is not None:
                yield request
        page_number = response.meta.get("listing_page", 1)
        next_selector = self.source.options.get("next_page") or "a[rel=next]::attr(href)"
        next_href = (response.xpath(next_selector.removeprefix("xpath:")).get()
                     if next_selector.startswith(("xpath:", "/")) else response.css(next_selector).get())
        next_url = self.absolute(response.url, next_href)
        if next_url and next_url != response.url and page_number < self.max_pages:
            yield self.listing_request(next_url, self.parse_listing, listing_page=page_number + 1)

    # ----------------------------------------------------------------- articles

    def parse_article(self, response):
        unchanged = self.not_modified(response)
        if unchanged is not None:
            yield unchanged
            return
        encoding = self.source.options.get("encoding")
        if encoding:
            response = HtmlResponse(response.url, status=response.status, headers=response.headers,
                                    body=response.body, encoding=encoding, request=response.request)
        if not hasattr(response, "text"):
            note_error(self.crawler, f"not a text page: {response.url}")
            return
        article = article_from_html(response.text, response.url)
        if not article.text:
            note_error(self.crawler, f"no main text found (layout changed?): {response.url}")
            return
        etag, last_modified = self.validators(response)
        yield PageItem(
            source_id=self.source.id,
            url=self.requested_url(response),
            text=article.text,
            html=response.text,
            title=article.title,
            published_at=article.published_at,
            canonical_url=self.absolute(response.url, article.canonical_url),
            http_status=response.status,
            etag=etag,
            last_modified=last_modified,
            default_region=self.source.region,
        )
