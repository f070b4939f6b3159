"""Real crawls of the sample site on 127.0.0.1 through `nekrolog crawl`.

One crawl of every source (module fixture), then a second run, a scheduled
run, an overlapping run and a health report against the same database. The
server logs every request, so the tests can prove what was and was not fetched.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from test_crawl_support import expected_url, query, run_cli

from scrapers import lock
from scrapers.sample_site import content, load_manifest, start_server, write_sources

MANIFEST = load_manifest()


class Crawled:
    def __init__(self, server, db, sources, first):
        self.server = server
        self.db = db
        self.sources = sources
        self.first = first
        self.first_log = list(server.log)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with start_server(slow_seconds=0.3) as server:
        sources = write_sources(server.base_url, tmp / "sources.toml", with_failing=True)
        db = tmp / "nekrolog.db"
        # -v: Scrapy logs every request at DEBUG, the most a log could leak.
        log_file = tmp / "crawl.log"
        first = run_cli(db, "-v", "crawl", "--sources", str(sources), "--log-file", str(log_file))
        assert first.returncode == 0, first.stderr[-3000:]
        crawled = Crawled(server, db, sources, first)
        crawled.log_text = log_file.read_text(encoding="utf-8")
        yield crawled


@pytest.fixture(scope="module")
def second_run(crawled):
    crawled.server.clear_log()
    result = run_cli(crawled.db, "crawl", "--sources", str(crawled.sources))
    assert result.returncode == 0, result.stderr[-3000:]
    return result, list(crawled.server.log)


def _article_paths() -> set[str]:
    paths = {a.path for a in content.NEWS1 + content.NEWS2}
    paths |= {content.memorial_card_path(card_id) for card_id, _, _ in content.MEMORIAL_CARDS}
    return paths


def test_every_relevant_page_is_found(crawled):
    stored = {row[0] for row in query(crawled.db, "SELECT url FROM pages")}
    expected = {expected_url(crawled.server.base_url, p) for p in MANIFEST["relevant_pages"]}
    assert expected - stored == set()
    assert len(expected) == 36
    # Every stored page was extracted.
    assert query(crawled.db, "SELECT COUNT(*) FROM pages WHERE extracted_at IS NULL") == [(0,)]


def test_robots_txt_is_obeyed(crawled):
    paths = [r.path for r in crawled.first_log]
    assert "/robots.txt" in paths
    # The draft is linked from the feed and the listing, but robots.txt forbids it.
    assert not any(p.startswith("/news1/private/") for p in paths)
    assert not any(p.startswith("/news2/search") for p in paths)


def test_user_agent_names_the_project(crawled):
    agents = {r.headers.get("User-Agent", "") for r in crawled.first_log}
    assert agents and all(a.startswith("nekrolog/") for a in agents)


def test_windows_1251_pages_are_decoded(crawled):
    article = content.NEWS2[0]
    [(text, title, published)] = query(
        crawled.db, "SELECT text, title, published_at FROM pages WHERE url = ?", (crawled.server.base_url + article.path,)
    )
    assert "В Стерлитамаке простятся с Сергеем Александровичем Ивановым" in text.replace("29 марта в ", "В ")
    assert title == article.title
    assert published == article.published


def test_failure_pages_are_recorded_as_errors_not_crashes(crawled):
    [(reason, errors, last_error, requests)] = query(
        crawled.db, "SELECT finish_reason, errors, last_error, requests FROM crawl_runs WHERE source_id = 'prikamye'"
    )
    assert reason == "finished"
    assert errors >= 2  # the 500 page and the oversized page at least
    assert requests > 10
    stored = {row[0] for row in query(crawled.db, "SELECT url FROM pages")}
    base = crawled.server.base_url
    assert base + content.BROKEN_NEWS1["error"] not in stored
    assert base + content.BROKEN_NEWS1["oversized"] not in stored
    # The 500 was retried before giving up.
    assert [r.path for r in crawled.first_log].count(content.BROKEN_NEWS1["error"]) >= 2


def test_every_source_has_a_finished_crawl_run(crawled):
    rows = dict(query(crawled.db, "SELECT source_id, finish_reason FROM crawl_runs WHERE finished_at IS NOT NULL"))
    assert rows == {
        "prikamye": "finished", "ufa-vestnik": "finished", "chaykovsky-tg": "finished",
        "nytva-vk": "finished", "kniga-pamyati": "finished", "nytva-vk-closed": "error",
    }
    assert "nytva-vk-closed: error" in crawled.first.stdout


def test_vk_rate_limit_is_retried_and_api_errors_recorded(crawled):
    calls = [r for r in crawled.first_log if r.path == "/vk/method/wall.get"]
    wall = [r for r in calls if f"owner_id={content.VK_OWNER_ID}" in r.body]
    # offset 3 was refused once (error 6, too many requests) and asked again.
    assert sum("offset=3" in r.body for r in wall) == 2
    assert query(crawled.db, "SELECT COUNT(*) FROM pages WHERE source_id = 'nytva-vk'") == [(len(content.VK_POSTS),)]
    [(last_error,)] = query(crawled.db, "SELECT last_error FROM crawl_runs WHERE source_id = 'nytva-vk-closed'")
    assert last_error.startswith("VK API error 15")


def test_vk_token_reaches_neither_database_nor_log(crawled):
    token = content.VK_TOKEN.encode()
    for path in crawled.db.parent.glob("nekrolog.db*"):
        assert token not in path.read_bytes(), path
    output = crawled.log_text + crawled.first.stdout + crawled.first.stderr
    assert "Crawled (200) <POST http://127.0.0.1" in output and "wall.get" in output  # the API calls were logged ...
    assert content.VK_TOKEN not in output  # ... without the token
    assert not any(content.VK_TOKEN in r.path for r in crawled.first_log)  # never in a URL


def test_memorial_cards_become_mentions(crawled):
    rows = query(
        crawled.db,
        "SELECT surname, birth_date, death_date, region, category FROM mentions WHERE source_id = 'kniga-pamyati'"
        " ORDER BY surname, birth_date",
    )
    assert len(rows) == len(content.MEMORIAL_CARDS)
    assert ("Кузнецов", "1987-04-12", "2023-10-03", "RU-PER", "mobilized") in rows
    assert ("Галиев", "1996-09-09", "2024-07", "RU-BA", "contract") in rows
    # The namesakes stay two mentions, told apart by birth date.
    assert [r[1] for r in rows if r[0] == "Иванов"] == ["1984-02-11", "1992-07-23"]


def test_second_run_fetches_no_unchanged_article(crawled, second_run):
    _result, log = second_run
    fetched = {urlsplit(r.path).path for r in log}
    broken = set(content.BROKEN_NEWS1.values())
    assert (fetched & _article_paths()) == set()
    # What it did fetch: feeds, listings, sitemaps, channel and API pages, and the pages that failed before.
    assert fetched - broken - {"/robots.txt"} <= {
        "/news1/rss.xml", "/news1/news/", "/news2/sitemap.xml", "/news2/sitemap-news.xml", "/news2/sitemap-2023.xml",
        f"/t/s/{content.TELEGRAM_CHANNEL}", "/memorial/list", "/vk/method/wall.get",
    }
    # A finished previous run lets the channel stop at its first page of stored posts.
    assert sum(urlsplit(r.path).path == f"/t/s/{content.TELEGRAM_CHANNEL}" for r in log) == 1
    second = query(crawled.db, "SELECT source_id, pages_new, pages_changed, mentions_new FROM crawl_runs"
                               " WHERE id > (SELECT MIN(id) + 5 FROM crawl_runs)")
    assert second and all(row[1:] == (0, 0, 0) for row in second)


def test_due_crawls_nothing_before_the_interval(crawled, second_run):
    crawled.server.clear_log()
    result = run_cli(crawled.db, "crawl", "--sources", str(crawled.sources), "--due")
    assert result.returncode == 0, result.stderr
    assert "no source is due" in result.stdout
    assert crawled.server.log == []


def test_an_overlapping_crawl_exits_at_once(crawled, second_run):
    lock.acquire(crawled.db)  # as a long crawl would hold it
    try:
        started = time.monotonic()
        result = run_cli(crawled.db, "crawl", "--sources", str(crawled.sources))
        elapsed = time.monotonic() - started
    finally:
        lock.release(crawled.db)
    assert result.returncode == 75
    assert "another crawl is running" in result.stderr
    assert elapsed < 20


def test_status_reports_last_success_error_and_warnings(crawled, second_run):
    result = run_cli(crawled.db, "sources", "status", "--sources", str(crawled.sources), "--runs", "1")
    assert result.returncode == 0, result.stderr
    blocks = _status_blocks(result.stdout)
    closed = blocks["nytva-vk-closed"]
    assert "last success: never" in closed
    assert "VK API error 15" in closed
    assert "WARNING: last run failed (error)" in closed
    assert "WARNING" not in blocks["kniga-pamyati"].replace("WARNING: nothing new", "")
    # --runs 1: the second run found nothing new anywhere.
    assert "WARNING: nothing new in the last 1 runs" in blocks["prikamye"]
    failing = run_cli(crawled.db, "sources", "status", "--sources", str(crawled.sources), "--fail-on-warning")
    assert failing.returncode == 1


def _status_blocks(output: str) -> dict[str, str]:
    blocks: dict[str, str] = {}
    current = None
    for line in output.splitlines():
        if line and not line.startswith(" "):
            current = line.split(" ", 1)[0]
            blocks[current] = ""
        elif current:
            blocks[current] += line + "\n"
    return blocks


def test_scrapy_crawl_works_from_the_project_root(crawled, tmp_path):
    import subprocess
    import sys

    from test_crawl_support import ROOT, crawl_env

    db = tmp_path / "scrapy.db"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "memorial", "-a", "source=kniga-pamyati",
         "-a", f"sources={crawled.sources}", "-s", f"NEKROLOG_DB={db}"],
        cwd=ROOT, env=crawl_env(), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert query(db, "SELECT COUNT(*) FROM pages") == [(len(content.MEMORIAL_CARDS),)]
    assert query(db, "SELECT source_id, finish_reason FROM crawl_runs") == [("kniga-pamyati", "finished")]
    wrong = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=kniga-pamyati",
         "-a", f"sources={crawled.sources}", "-s", f"NEKROLOG_DB={db}"],
        cwd=ROOT, env=crawl_env(), capture_output=True, text=True, timeout=120,
    )
    assert "crawl it with 'scrapy crawl memorial -a source=kniga-pamyati'" in wrong.stderr
    lock.acquire(db)  # as a `nekrolog crawl` in progress would
    try:
        crawled.server.clear_log()
        locked = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "memorial", "-a", "source=kniga-pamyati",
             "-a", f"sources={crawled.sources}", "-s", f"NEKROLOG_DB={db}"],
            cwd=ROOT, env=crawl_env(), capture_output=True, text=True, timeout=120,
        )
    finally:
        lock.release(db)
    assert "another crawl is running on this database" in locked.stderr
    assert not [r for r in crawled.server.log if r.path.startswith("/memorial/")]
    assert query(db, "SELECT COUNT(*) FROM crawl_runs") == [(1,)]
