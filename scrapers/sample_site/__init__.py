"""nekrolog's sample site: synthetic Russian pages served on 127.0.0.1.

The tests crawl it, ``nekrolog demo`` shows the whole pipeline on it, and
``bench/crawl.py`` measures throughput on a larger generated version::

    from scrapers.sample_site import serve, write_sources

    with serve() as base_url:
        write_sources(base_url, "sources.toml")
        ...  # nekrolog crawl --sources sources.toml

``manifest.json`` (``load_manifest()``) is the ground truth: every relevant
page and every dead person on the site.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from scrapers.sample_site import content
from scrapers.sample_site.server import SampleServer

MANIFEST_PATH = Path(__file__).with_name("manifest.json")

#: The environment variable the sample VK source reads its token from.
VK_TOKEN_ENV = "NEKROLOG_SAMPLE_VK_TOKEN"


def start_server(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    slow_seconds: float = 1.0,
    article_delay: float = 0.0,
    bulk_articles: int = 0,
    seed: int = 1,
) -> SampleServer:
    """Start the server in a background thread; call ``.stop()`` (or use ``with``).

    ``article_delay`` slows every article (tests use it to kill a crawl mid-way);
    ``bulk_articles`` adds that many generated articles under ``/bulk/`` (the benchmark).
    """
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the sample site serves loopback only")
    server = SampleServer(host, port, slow_seconds=slow_seconds, article_delay=article_delay,
                          bulk_articles=bulk_articles, seed=seed)
    return server.start()


@contextmanager
def serve(host: str = "127.0.0.1", port: int = 0, **options) -> Iterator[str]:
    """Serve the sample site while the block runs; yields its base URL."""
    server = start_server(host, port, **options)
    try:
        yield server.base_url
    finally:
        server.stop()


def sources_toml(base_url: str, *, with_failing: bool = False) -> str:
    """A sources.toml for every source of the sample site at ``base_url``."""
    base_url = base_url.rstrip("/")
    text = f'''# The sample site's sources (written by scrapers.sample_site.write_sources).
[defaults]
every = "6h"

[[source]]
id = "prikamye"
kind = "news"
name = "Прикамские вести"
region = "Пермский край"
feeds = ["{base_url}/news1/rss.xml"]
listings = ["{base_url}/news1/news/?page=1"]
allow = ["/news1/news/\\\\d{{4}}/", "/news1/private/"]
keywords = ["погиб", "гибел", "прост", "прощан", "похорон", "СВО", "памят"]
max_pages = 10

[[source]]
id = "ufa-vestnik"
kind = "news"
name = "Уфимский вестник"
region = "Республика Башкортостан"
sitemaps = ["{base_url}/news2/sitemap.xml"]
allow = ["/news2/articles/"]

[[source]]
id = "chaykovsky-tg"
kind = "telegram"
name = "{content.TELEGRAM_TITLE}"
region = "Пермский край"
channel = "{content.TELEGRAM_CHANNEL}"
base_url = "{base_url}/t/s/"

[[source]]
id = "nytva-vk"
kind = "vk"
name = "{content.VK_NAME}"
region = "Пермский край"
owner_id = {content.VK_OWNER_ID}
token_env = "{VK_TOKEN_ENV}"
api_url = "{base_url}/vk/method/"
count = {content.VK_PAGE_SIZE}

[[source]]
id = "kniga-pamyati"
kind = "memorial"
name = "{content.MEMORIAL_TITLE}"
start_urls = ["{base_url}/memorial/list?page=1"]
card_links = "a.person-link::attr(href)"
next_page = "a.next::attr(href)"

[source.fields]
full_name = "h1.person-name::text"
birth_date = "label:Дата рождения"
death_date = "label:Дата гибели"
funeral_date = "label:Дата похорон"
birth_place = "label:Место рождения"
unit = "label:Воинская часть"
rank = "label:Воинское звание"
category = "label:Категория"
'''
    if with_failing:
        text += f'''
[[source]]
id = "nytva-vk-closed"
kind = "vk"
name = "Закрытая группа (ошибка доступа)"
region = "Пермский край"
owner_id = {content.VK_BLOCKED_OWNER_ID}
token_env = "{VK_TOKEN_ENV}"
api_url = "{base_url}/vk/method/"
'''
    return text


def write_sources(base_url: str, path: str | os.PathLike, *, with_failing: bool = False) -> Path:
    """Write a sources.toml for the sample site at ``base_url``.

    The sample VK wall wants a token, read from ``$NEKROLOG_SAMPLE_VK_TOKEN``;
    it is set in this process's environment (if unset) so that crawls started
    from here inherit it. It is a test value, not a secret.
    """
    os.environ.setdefault(VK_TOKEN_ENV, content.VK_TOKEN)
    path = Path(path)
    path.write_text(sources_toml(base_url, with_failing=with_failing), encoding="utf-8")
    return path


def load_manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))


def write_manifest() -> None:
    """Regenerate manifest.json from content.py (``python -m scrapers.sample_site``)."""
    MANIFEST_PATH.write_text(
        json.dumps(content.build_manifest(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
