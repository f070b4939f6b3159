"""The VK wall spider on recorded wall.get answers (tests/files/vk/)."""

import asyncio
import json

import pytest
from scrapy import FormRequest
from test_crawl_support import file_response, make_spider

from scrapers.items import PageItem
from scrapers.spiders.vk import VkSpider

SOURCES = """
[[source]]
id = "vk-fixture"
kind = "vk"
name = "Fixture wall"
region = "RU-PER"
owner_id = -2001
token_env = "NEKROLOG_TEST_VK_TOKEN"
api_url = "https://api.example.org/method/"
count = 3
"""
TOKEN = "test-token-abcdef123456"


async def _collect(agen):
    return [x async for x in agen]


def _parse(spider, fixture, offset=0):
    response = file_response(fixture, "https://api.example.org/method/wall.get", meta={"offset": offset, "attempt": 0})
    return asyncio.run(_collect(spider.parse_wall(response)))


@pytest.fixture
def spider(tmp_path, monkeypatch):
    monkeypatch.setenv("NEKROLOG_TEST_VK_TOKEN", TOKEN)
    return make_spider(VkSpider, SOURCES, "vk-fixture", tmp_path)


def test_posts_become_pages_and_the_next_offset_is_requested(spider):
    out = _parse(spider, "vk/wall_get.json")
    items = [o for o in out if isinstance(o, PageItem)]
    assert [i.url for i in items] == ["https://vk.com/wall-2001_540", "https://vk.com/wall-2001_532", "https://vk.com/wall-2001_515"]
    assert "Зубарев Павел Олегович, 2003 года рождения" in items[1].text
    assert items[1].published_at == "2024-08-16T09:30:00+00:00"
    [next_call] = [o for o in out if isinstance(o, FormRequest)]
    assert next_call.method == "POST"
    body = next_call.body.decode()
    assert "offset=3" in body
    # The token travels in the body, never in the URL (which Scrapy logs).
    assert "access_token=" + TOKEN in body and TOKEN not in next_call.url
    assert all(TOKEN not in json.dumps(i.html) for i in items)


def test_an_api_error_ends_the_run_with_the_error(spider):
    assert _parse(spider, "vk/wall_get_error15.json") == []
    assert spider.fatal_error.startswith("VK API error 15: Access denied")


def test_missing_token_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("NEKROLOG_TEST_VK_TOKEN", raising=False)
    spider = make_spider(VkSpider, SOURCES, "vk-fixture", tmp_path)
    assert asyncio.run(_collect(spider.start())) == []
    assert "NEKROLOG_TEST_VK_TOKEN is not set" in spider.fatal_error
