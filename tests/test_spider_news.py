"""The news spider on frozen fixtures (tests/files/news/)."""

from scrapy import Request
from test_crawl_support import file_response, make_spider

from scrapers.items import PageItem
from scrapers.spiders.news import NewsSpider

SOURCES = """
[[source]]
id = "news-fixture"
kind = "news"
name = "Fixture news"
region = "Пермский край"
feeds = ["https://news.example.org/news1/rss.xml"]
sitemaps = ["https://news.example.org/news2/sitemap.xml"]
allow = ["/news\\\\d/(news|articles)/"]
keywords = ["погиб", "прост", "прощан", "памят"]
"""


def test_feed_keywords_and_url_filters_choose_articles(tmp_path):
    spider = make_spider(NewsSpider, SOURCES, "news-fixture", tmp_path)
    requests = list(spider.parse_feed(file_response("news/rss.xml", "https://news.example.org/news1/rss.xml")))
    urls = [r.url for r in requests if isinstance(r, Request)]
    # Obituaries pass the keyword filter; city news does not; the draft fails the URL filter.
    assert "https://news.example.org/news1/news/2024/11/viktor-suslov-pogib-v-zone-svo.html" in urls
    assert "https://news.example.org/news1/news/2024/03/v-kudymkare-prostilis-s-mehonoshinym.html" in urls
    assert not any("remont-dorog" in u or "molot" in u for u in urls)
    assert not any("/private/" in u for u in urls)
    assert spider.crawler.stats.get_value("nekrolog/skipped_keywords") >= 1


def test_sitemap_index_is_followed_and_news_titles_filter(tmp_path):
    spider = make_spider(NewsSpider, SOURCES, "news-fixture", tmp_path)
    index = list(spider.parse_sitemap(file_response("news/sitemap_index.xml", "https://news.example.org/news2/sitemap.xml")))
    assert [r.url for r in index] == [
        "https://news.example.org/news2/sitemap-news.xml",
        "https://news.example.org/news2/sitemap-2023.xml",
    ]
    news = [r.url for r in spider.parse_sitemap(
        file_response("news/sitemap_news.xml", "https://news.example.org/news2/sitemap-news.xml"))]
    assert "https://news.example.org/news2/articles/2024-0328-ivanov.html" in news
    assert not any("remont-ufa" in u for u in news)  # its news:title has no keyword


def test_windows_1251_article_text_and_metadata_date(tmp_path):
    spider = make_spider(NewsSpider, SOURCES, "news-fixture", tmp_path)
    response = file_response("news/article_cp1251.html", "https://news.example.org/news2/articles/2024-0328-ivanov.html",
                             headers={"Content-Type": "text/html; charset=windows-1251", "ETag": '"abc"'})
    [item] = list(spider.parse_article(response))
    assert isinstance(item, PageItem)
    assert "простятся с Сергеем Александровичем Ивановым, 1992 года рождения" in item.text
    assert item.title == "В Стерлитамаке простились с Сергеем Ивановым"
    # JSON-LD datePublished, not a date guessed from the text (18 марта is the death date).
    assert item.published_at == "2024-03-28T17:10:00+05:00"
    assert item.etag == '"abc"'
    assert item.default_region == "RU-PER"


def test_listing_follows_next_page_and_skips_stored_articles(tmp_path):
    spider = make_spider(NewsSpider, SOURCES.replace('feeds = [', 'listings = ["https://news.example.org/news1/news/?page=1"]\nfeeds = ['),
                         "news-fixture", tmp_path)
    from db.store import store_page, upsert_source

    upsert_source(spider.db, "news-fixture", kind="news", name="Fixture news")
    stored = "https://news.example.org/news1/news/2024/06/ogromnaya-stranitsa.html"
    store_page(spider.db, source_id="news-fixture", url=stored, text="x")
    response = file_response("news/listing.html", "https://news.example.org/news1/news/?page=2", meta={"listing_page": 2})
    out = list(spider.parse_listing(response))
    urls = [r.url for r in out]
    assert "https://news.example.org/news1/news/?page=3" in urls  # pagination
    assert "https://news.example.org/news1/news/2024/06/slomannaya-stranitsa.html" in urls
    assert stored not in urls  # stored already: not requested again
    assert not any("remont-dorog" in u for u in urls)  # link text lacks every keyword
    assert spider.crawler.stats.get_value("nekrolog/skipped_known") == 1


def test_atom_feed_and_gzipped_sitemap(tmp_path):
    spider = make_spider(NewsSpider, SOURCES, "news-fixture", tmp_path)
    atom = [r.url for r in spider.parse_feed(file_response("news/atom.xml", "https://news.example.org/news1/atom.xml"))]
    assert atom == ["https://news.example.org/news1/news/2024/05/osa-proshchanie.html"]
    gz = file_response("news/sitemap_news.xml.gz", "https://news.example.org/news2/sitemap-news.xml.gz")
    urls = [r.url for r in spider.parse_sitemap(gz)]
    assert "https://news.example.org/news2/articles/2024-0328-ivanov.html" in urls
