"""Retry with exponential backoff (Scrapy's RetryMiddleware retries at once).

A site that answers 429 or 503 is asking us to slow down: each retry waits
``RETRY_BACKOFF_BASE * 2**(attempt-1)`` seconds (capped by ``RETRY_BACKOFF_MAX``),
or the server's ``Retry-After`` when it gives one.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 120.0)

    async def process_response(self, request: Request, response: Response, spider=None) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response.headers.get(b"Retry-After"))
        return result

    async def process_exception(self, request: Request, exception: Exception, spider=None):
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: bytes | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = self.backoff_base * 2 ** (attempt - 1)
        if retry_after and retry_after.strip().isdigit():
            delay = max(delay, float(retry_after))
        delay = min(delay, self.backoff_max)
        if delay > 0:
            await asyncio.sleep(delay)
