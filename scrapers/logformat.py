"""Logging that never leaks secrets or floods the log with page bodies.

``QuietLogFormatter`` logs a scraped item as its URL only (the default dumps
the whole item, raw HTML included). ``SecretFilter`` masks access tokens in any
log record; it is attached to the root handlers when a crawl starts.
"""

from __future__ import annotations

import logging
import os
import re

from scrapy.logformatter import LogFormatter

_TOKEN_RE = re.compile(r"((?:access_)?token=)[^&\s'\"]+", re.IGNORECASE)


class QuietLogFormatter(LogFormatter):
    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        entry["msg"] = "Scraped %(url)s"
        entry["args"] = {"url": getattr(item, "url", "?")}
        return entry

    def dropped(self, item, exception, response, spider):
        entry = super().dropped(item, exception, response, spider)
        entry["msg"] = "Dropped %(url)s: %(exception)s"
        entry["args"] = {"url": getattr(item, "url", "?"), "exception": exception}
        return entry


    def item_error(self, item, exception, response, spider):
        entry = super().item_error(item, exception, response, spider)
        entry["msg"] = "Error processing %(url)s"
        entry["args"] = {"url": getattr(item, "url", "?")}
        return entry


class SecretFilter(logging.Filter):
    """Masks ``token=...`` patterns and the values of the named environment variables."""

    def __init__(self, env_vars: list[str] | None = None) -> None:
        super().__init__()
        self.env_vars = env_vars or []

    def _secrets(self) -> list[str]:
        return [v for v in (os.environ.get(name) for name in self.env_vars) if v and len(v) >= 6]

    def scrub(self, text: str) -> str:
        text = _TOKEN_RE.sub(r"\1***", text)
        for secret in self._secrets():
            text = text.replace(secret, "***")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is logged as is
            return True
        scrubbed = self.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def install_secret_filter(env_vars: list[str]) -> None:
    """Attach (once) a SecretFilter for ``env_vars`` to every root handler."""
    root = logging.getLogger()
    for handler in root.handlers:
        existing = [f for f in handler.filters if isinstance(f, SecretFilter)]
        if existing:
            for name in env_vars:
                if name not in existing[0].env_vars:
                    existing[0].env_vars.append(name)
        else:
            handler.addFilter(SecretFilter(list(env_vars)))
