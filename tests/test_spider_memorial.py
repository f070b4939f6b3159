"""The memorial spider on a frozen person card (tests/files/memorial/)."""

from scrapy import Request
from test_crawl_support import file_response, make_spider

from scrapers.items import PageItem
from scrapers.spiders.memorial import MemorialSpider

SOURCES = """
[[source]]
id = "memorial-fixture"
kind = "memorial"
name = "Fixture book of memory"
start_urls = ["https://memory.example.org/memorial/list?page=1"]
card_links = "a.person-link::attr(href)"
next_page = "a.next::attr(href)"

[source.fields]
full_name = "h1.person-name::text"
birth_date = "label:Дата рождения"
death_date = "label:Дата гибели"
funeral_date = "label:Дата похорон"
birth_place = "label:Место рождения"
rank = "xpath://dt[.='Воинское звание']/following-sibling::dd[1]/text()"
category = "label:Категория"
"""


def test_card_fields_become_a_mention(tmp_path):
    spider = make_spider(MemorialSpider, SOURCES, "memorial-fixture", tmp_path)
    [item] = list(spider.parse_card(file_response("memorial/card.html", "https://memory.example.org/memorial/person/1.html")))
    assert isinstance(item, PageItem)
    [mention] = item.mentions
    assert (mention["surname"], mention["first_name"], mention["patronymic"]) == ("Кузнецов", "Алексей", "Николаевич")
    assert mention["birth_date"] == "1987-04-12"
    assert mention["death_date"] == "2023-10-03"
    assert mention["funeral_date"] == "2023-10-14"
    assert mention["region"] == "RU-PER"
    assert mention["settlement"] == "Чайковский"
    assert mention["rank"] == "рядовой"
    assert mention["category"] == "mobilized"
    assert item.title == "Кузнецов Алексей Николаевич"
    assert "Дата гибели" in item.text


def test_list_page_leads_to_cards_and_the_next_page(tmp_path):
    spider = make_spider(MemorialSpider, SOURCES, "memorial-fixture", tmp_path)
    out = list(spider.parse_list(file_response("memorial/list.html", "https://memory.example.org/memorial/list?page=1",
                                               meta={"listing_page": 1})))
    urls = [r.url for r in out if isinstance(r, Request)]
    assert urls[:5] == [f"https://memory.example.org/memorial/person/{n}.html" for n in (1, 2, 3, 5, 6)]
    assert urls[-1] == "https://memory.example.org/memorial/list?page=2"
