"""``telegram``: a public channel through its web preview, ``t.me/s/NAME``.

Each post (``div.tgme_widget_message[data-post]``) is one page: its text from
``.tgme_widget_message_text``, its time from ``time[datetime]``, its URL from
the post's date link (``https://t.me/NAME/ID``). Older posts are paged with
``?before=ID``. Paging stops at ``max_pages``, or as soon as a page holds only
posts already stored — but only if the previous run of this source finished:
after a killed run, the older pages it never reached are still to be read.

Options: ``channel`` (required), ``base_url`` (default ``https://t.me/s/``;
tests point it at loopback), ``max_pages``.
"""

from __future__ import annotations

import re

from scrapers.htmltext import normalise_time, visible_text
from scrapers.items import PageItem
from scrapers.runs import note_error
from scrapers.spiders.base import SourceSpider

DEFAULT_BASE_URL = "https://t.me/s/"


class TelegramSpider(SourceSpider):
    name = "telegram"
    kinds = ("telegram",)

    def channel_url(self) -> str:
        base = self.source.options.get("base_url") or DEFAULT_BASE_URL
        return base.rstrip("/") + "/" + self.source.options["channel"]

    async def start(self):
        yield self.listing_request(self.channel_url(), self.parse, listing_page=1)

    def post_url(self, response, post, data_post: str) -> str:
        href = post.css("a.tgme_widget_message_date::attr(href)").get()
        if href:
            return self.absolute(response.url, href)
        # No date link: rebuild https://t.me/NAME/ID from the preview's base.
        base = self.channel_url().rsplit("/s/", 1)[0]
        return f"{base}/{data_post}"

    def parse(self, response):
        posts = response.css("div.tgme_widget_message[data-post]")
        if not posts and response.meta.get("listing_page", 1) == 1:
            note_error(self.crawler, f"no posts found on the channel page (layout changed?): {response.url}")
            return
        ids, known = [], 0
        for post in posts:
            data_post = post.attrib["data-post"]
            match = re.search(r"/(\d+)$", data_post)
            if not match:
                continue
            ids.append(int(match.group(1)))
            url = self.post_url(response, post, data_post)
            if self.is_known(url):
                known += 1
            # A reply quotes the message it answers in its own .tgme_widget_message_text
            # (js-message_reply_text); the post's text is the js-message_text one.
            text_html = (post.css(".tgme_widget_message_text.js-message_text").get()
                         or post.css(".tgme_widget_message_text:not(.js-message_reply_text)").get())
            if not text_html:
                continue  # a photo or poll without text: nothing to read
            text = visible_text(f"<html><body>{text_html}</body></html>")
            first_line = text.split("\n", 1)[0]
            yield PageItem(
                source_id=self.source.id,
                url=url,
                text=text,
                html=post.get(),
                title=first_line[:120],
                published_at=normalise_time(post.css("a.tgme_widget_message_date time::attr(datetime)").get()
                                            or post.css("time[datetime]::attr(datetime)").get()),
                http_status=response.status,
                default_region=self.source.region,
            )
        page_number = response.meta.get("listing_page", 1)
        if not ids or page_number >= self.max_pages:
            return
        if known == len(ids) and self.previous_run_clean:
            self.logger.info("%s: page %d holds only stored posts; older ones were read before", self.source.id, page_number)
            return
        more = response.css("a.tme_messages_more::attr(href), a.js-messages_more::attr(href)").get()
        before = min(ids)
        next_url = self.absolute(response.url, more) if more else f"{self.channel_url()}?before={before}"
        if before > 1:
            yield self.listing_request(next_url, self.parse, listing_page=page_number + 1)
