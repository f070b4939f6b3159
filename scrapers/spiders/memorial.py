"""``memorial``: a 'book of memory' site — list pages lead to person cards.

A card's labelled fields become a mention directly (``scrapers.cards``), with
no free-text extraction. Options: ``start_urls`` (list pages), ``card_links``
(selector for card links), ``next_page`` (selector for the next list page),
``fields`` (mention field → selector, e.g. ``birth_date = "label:Дата рождения"``),
``allow``/``deny`` URL regexes, ``max_pages``.
"""

from __future__ import annotations

from scrapers.cards import card_mention, select_value
from scrapers.htmltext import visible_text
from scrapers.items import PageItem
from scrapers.runs import note_error
from scrapers.spiders.base import SourceSpider


def _select_all(response, selector: str) -> list[str]:
    if selector.startswith(("xpath:", "/", "(")):
        return response.xpath(selector.removeprefix("xpath:")).getall()
    return response.css(selector).getall()


class MemorialSpider(SourceSpider):
    name = "memorial"
    kinds = ("memorial",)

    async def start(self):
        for url in self.source.options["start_urls"]:
            yield self.listing_request(url, self.parse_list, listing_page=1)

    def parse_list(self, response):
        hrefs = _select_all(response, self.source.options["card_links"])
        if not hrefs:
            note_error(self.crawler, f"no person cards on list page (layout changed?): {response.url}")
        for href in hrefs:
            url = self.absolute(response.url, href)
            if url and self.url_allowed(url):
                request = self.page_request(url, self.parse_card)
                if request is not None:
                    yield request
        page_number = response.meta.get("listing_page", 1)
        next_selector = self.source.options.get("next_page")
        if next_selector and page_number < self.max_pages:
            next_href = (_select_all(response, next_selector) or [None])[0]
            next_url = self.absolute(response.url, next_href)
            if next_url and next_url != response.url:
                yield self.listing_request(next_url, self.parse_list, listing_page=page_number + 1)

    def parse_card(self, response):
        unchanged = self.not_modified(response)
        if unchanged is not None:
            yield unchanged
            return
        html = response.text
        fields = self.source.options["fields"]
        mention = card_mention(html, fields, default_region=self.source.region)
        if mention is None:
            note_error(self.crawler, f"no name found on card (layout changed?): {response.url}")
        from parsel import Selector

        title_selector = fields.get("full_name") or fields.get("surname")
        title = select_value(Selector(text=html), title_selector) if title_selector else None
        etag, last_modified = self.validators(response)
        yield PageItem(
            source_id=self.source.id,
            url=self.requested_url(response),
            text=visible_text(html),
            html=html,
            title=title,
            http_status=response.status,
            etag=etag,
            last_modified=last_modified,
            default_region=self.source.region,
            mentions=[mention] if mention else [],
        )
