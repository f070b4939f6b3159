"""The Telegram channel-preview spider on a frozen t.me/s/ page (tests/files/telegram/)."""

from scrapy import Request
from test_crawl_support import file_response, make_spider

from db.store import store_page, upsert_source
from scrapers.items import PageItem
from scrapers.spiders.telegram import TelegramSpider

SOURCES = """
[[source]]
id = "tg-fixture"
kind = "telegram"
name = "Fixture channel"
region = "RU-PER"
channel = "chaykovsky_glava"
"""


def _parse(spider):
    response = file_response("telegram/channel.html", "https://t.me/s/chaykovsky_glava", meta={"listing_page": 1})
    return list(spider.parse(response))


def test_each_post_is_a_page_with_its_time_and_url(tmp_path):
    spider = make_spider(TelegramSpider, SOURCES, "tg-fixture", tmp_path)
    out = _parse(spider)
    items = [o for o in out if isinstance(o, PageItem)]
    assert [i.url for i in items] == [f"https://t.me/chaykovsky_glava/{n}" for n in range(115, 123)]
    morozov = next(i for i in items if i.url.endswith("/118"))
    assert morozov.text.startswith("Тяжёлая утрата. В зоне СВО погиб Андрей Морозов, ему было 34 года.")
    assert morozov.published_at == "2024-04-19T14:00:00+00:00"
    assert morozov.default_region == "RU-PER"
    # Post 120 replies to 119: its text is its own, not the quoted one.
    reply = next(i for i in items if i.url.endswith("/120"))
    assert reply.text.startswith("Сегодня стало известно о гибели ещё двоих") and "Парад" not in reply.text
    [more] = [o for o in out if isinstance(o, Request)]
    assert more.url == "https://t.me/s/chaykovsky_glava?before=115"


def test_paging_stops_at_stored_posts_only_after_a_finished_run(tmp_path):
    spider = make_spider(TelegramSpider, SOURCES, "tg-fixture", tmp_path)
    upsert_source(spider.db, "tg-fixture", kind="telegram", name="Fixture channel")
    for n in range(115, 123):
        store_page(spider.db, source_id="tg-fixture", url=f"https://t.me/chaykovsky_glava/{n}", text=str(n))
    # After a killed run older pages may be missing: keep paging.
    spider.previous_run_clean = False
    assert any(isinstance(o, Request) for o in _parse(spider))
    # After a finished run, a page of stored posts means the rest was read before.
    spider.previous_run_clean = True
    assert not any(isinstance(o, Request) for o in _parse(spider))
