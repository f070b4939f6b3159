"""Helpers for the crawl and spider tests (no tests here).

Crawls run as the real CLI in a subprocess against the sample site served on
127.0.0.1, with politeness delays off; nothing mocks Scrapy's downloader.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.utils.test import get_crawler

from scrapers.sample_site import VK_TOKEN_ENV, content

FILES = Path(__file__).parent / "files"
ROOT = Path(__file__).resolve().parent.parent


def crawl_env(**extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "NEKROLOG_POLITE": "0",
        "NEKROLOG_DOWNLOAD_TIMEOUT": "10",
        VK_TOKEN_ENV: content.VK_TOKEN,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("NEKROLOG_DB", None)
    env.update(extra)
    return env


def cli_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", "from nekrolog.cli import main; main()", "--db", str(db), *args]


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(db: Path, *args: str) -> CliResult:
    """Run a nekrolog command in-process (click's CliRunner). `crawl` still runs
    Scrapy in its own child process, as in production; its log goes to stderr,
    or to ``--log-file``."""
    from click.testing import CliRunner

    from nekrolog.cli import cli

    overrides: dict[str, str | None] = {k: v for k, v in crawl_env().items() if os.environ.get(k) != v}
    overrides["NEKROLOG_DB"] = None
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env=overrides, catch_exceptions=False)
    return CliResult(result.exit_code, result.stdout, result.stderr)


def query(db: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(sql, params).fetchall()
        conn.commit()
        return rows
    finally:
        conn.close()


def expected_url(base_url: str, path_or_url: str) -> str:
    return path_or_url if path_or_url.startswith("http") else base_url + path_or_url


def file_response(relative: str, url: str, *, headers: dict | None = None, meta: dict | None = None) -> TextResponse:
    """A response built from a frozen fixture in tests/files (City Bureau's helper)."""
    body = (FILES / relative).read_bytes()
    cls = TextResponse if relative.endswith((".json", ".xml")) else HtmlResponse
    return cls(url=url, body=body, headers=headers or {}, request=Request(url, meta=meta or {}))


def make_spider(spider_cls, sources_toml: str, source_id: str, tmp_path: Path):
    """A spider configured for ``source_id`` with a crawler (stats, settings) and a real tmp database."""
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml, encoding="utf-8")
    crawler = get_crawler(spider_cls, {"NEKROLOG_DB": str(tmp_path / "spider.db"), "POLITE": False})
    crawler.stats.open_spider()
    spider = spider_cls.from_crawler(crawler, source=source_id, sources=str(sources))
    crawler.spider = spider
    return spider
