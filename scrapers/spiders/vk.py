"""``vk``: a community or user wall through the official API method ``wall.get``.

The access token is read from the environment variable the source names
(``token_env``, default ``VK_TOKEN``) and sent in the POST body — never in the
URL, which Scrapy logs — so it reaches neither the database nor the log
(``scrapers.logformat.SecretFilter`` masks it should anything print it).

The API's rules: at most 3 requests a second (``download_delay``), error 6
("too many requests per second") and 9/10 (flood control, internal) are retried
after a pause; 29 (daily rate limit), 5 (authorisation) and access errors end
the source's run with the error recorded for ``sources status``.

Options: ``owner_id`` (negative for a community) or ``domain``, ``token_env``,
``api_url`` (default ``https://api.vk.com/method/``), ``api_version``,
``count`` (posts per call, ≤ 100), ``max_posts``.
"""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime

from scrapy import FormRequest

from scrapers.items import PageItem
from scrapers.settings import POLITE
from scrapers.spiders.base import SourceSpider

DEFAULT_API_URL = "https://api.vk.com/method/"
DEFAULT_API_VERSION = "5.199"
RETRYABLE = {6: "too many requests per second", 9: "flood control", 10: "internal server error"}
MAX_API_RETRIES = 5


class VkSpider(SourceSpider):
    name = "vk"
    kinds = ("vk",)
    # The API allows 3 requests a second per token.
    custom_settings = {"DOWNLOAD_DELAY": 0.34 if POLITE else 0}

    def configure(self, settings) -> None:
        super().configure(settings)
        self.token_env = self.source.options.get("token_env", "VK_TOKEN")
        self.secret_env_vars = [self.token_env]
        self.retry_pause = 1.0 if self.polite else 0.05
        self.count = int(self.source.options.get("count", 100))
        self.max_posts = int(self.source.options.get("max_posts", 1000))

    def owner_url(self, post: dict) -> str:
        owner = post.get("owner_id", self.source.options.get("owner_id"))
        return f"https://vk.com/wall{owner}_{post['id']}"

    async def start(self):
        if not os.environ.get(self.token_env):
            self.fatal_error = (
                f"environment variable {self.token_env} is not set: the VK API needs an access token"
            )
            return
        yield self.wall_request(0)

    def wall_request(self, offset: int, attempt: int = 0) -> FormRequest:
        api_url = (self.source.options.get("api_url") or DEFAULT_API_URL).rstrip("/") + "/wall.get"
        form = {
            "offset": str(offset),
            "count": str(self.count),
            "filter": "owner",
            "v": str(self.source.options.get("api_version", DEFAULT_API_VERSION)),
            "access_token": os.environ.get(self.token_env, ""),
        }
        if "owner_id" in self.source.options:
            form["owner_id"] = str(self.source.options["owner_id"])
        else:
            form["domain"] = str(self.source.options["domain"])
        return FormRequest(
            api_url, formdata=form, callback=self.parse_wall, errback=self.on_error, dont_filter=True,
            # An API call, not a crawl of pages: robots.txt does not govern it.
            meta={"offset": offset, "attempt": attempt, "dont_obey_robotstxt": True},
        )

    async def parse_wall(self, response):
        offset, attempt = response.meta["offset"], response.meta["attempt"]
        try:
            data = json.loads(response.text)
        except ValueError:
            self.fatal_error = f"VK API answered with something that is not JSON (offset {offset})"
            return
        if "error" in data:
            code = data["error"].get("error_code")
            message = data["error"].get("error_msg", "")
            if code in RETRYABLE and attempt < MAX_API_RETRIES:
                self.crawler.stats.inc_value("nekrolog/vk_retries")
                self.logger.info("VK API error %s (%s); retrying offset %d", code, RETRYABLE[code], offset)
                await asyncio.sleep(self.retry_pause * 2**attempt)
                yield self.wall_request(offset, attempt + 1)
                return
            hint = {5: f" (check ${self.token_env})", 29: " (daily limit reached; the next run continues)"}.get(code, "")
            self.fatal_error = f"VK API error {code}: {message}{hint}"
            return
        body = data.get("response") or {}
        items = body.get("items") or []
        total = int(body.get("count") or 0)
        known = 0
        for post in items:
            url = self.owner_url(post)
            if self.is_known(url):
                known += 1
            text = (post.get("text") or "").strip()
            if not text:
                continue  # a photo-only post: nothing to read
            yield PageItem(
                source_id=self.source.id,
                url=url,
                text=text,
                html=json.dumps(post, ensure_ascii=False, sort_keys=True),
                title=text.split("\n", 1)[0][:120],
                published_at=datetime.fromtimestamp(int(post["date"]), UTC).isoformat(timespec="seconds")
                if post.get("date") else None,
                http_status=response.status,
                default_region=self.source.region,
            )
        next_offset = offset + len(items)
        if not items or next_offset >= min(total, self.max_posts):
            return
        if known == len(items) and self.previous_run_clean:
            return  # everything older was stored by a completed run
        yield self.wall_request(next_offset)
