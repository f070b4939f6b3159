"""A crawl killed with SIGKILL and run again loses nothing and duplicates nothing;
stored pages are revalidated with conditional requests when a source asks for it;
`nekrolog extract --all` re-extracts without the network."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from urllib.parse import urlsplit

import pytest
from test_crawl_support import ROOT, cli_command, crawl_env, query, run_cli

from scrapers.sample_site import content, start_server, write_sources

PERSON_COLUMNS = "source_id, surname, first_name, patronymic, birth_date, death_date, funeral_date, region, category"


def _pages(db):
    return sorted(
        (source, urlsplit(url).path or url) if not url.startswith("https://vk.com") else (source, url)
        for source, url in query(db, "SELECT source_id, url FROM pages")
    )


def _mentions(db):
    return sorted(query(db, f"SELECT {PERSON_COLUMNS} FROM mentions WHERE retracted_at IS NULL"))  # noqa: S608


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory):
    """A sample site whose articles and cards answer slowly, so a kill lands mid-crawl,
    and a reference database from one uninterrupted crawl of it."""
    tmp = tmp_path_factory.mktemp("resume")
    with start_server(slow_seconds=0.1, article_delay=0.15) as server:
        sources = write_sources(server.base_url, tmp / "sources.toml")
        reference = tmp / "reference.db"
        done = run_cli(reference, "crawl", "--sources", str(sources))
        assert done.returncode == 0, done.stderr[-2000:]
        yield server, sources, reference


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path, sig, slow_site):
    server, sources, reference = slow_site
    db = tmp_path / "killed.db"
    child = subprocess.Popen(cli_command(db, "crawl", "--sources", str(sources)), env=crawl_env(), cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if db.exists():
                try:
                    if query(db, "SELECT COUNT(*) FROM pages")[0][0] >= 12:
                        break
                except Exception:  # the schema may not exist yet
                    pass
            time.sleep(0.05)
        # The crawl's own process group (the CLI and its Scrapy child), started above;
        # SIGINT is what Ctrl-C sends to both.
        os.killpg(child.pid, sig)
    finally:
        child.wait(timeout=60)
    stored_when_killed = query(db, "SELECT COUNT(*) FROM pages")[0][0]
    assert 12 <= stored_when_killed < len(_pages(reference))
    if sig == signal.SIGKILL:
        assert child.returncode == -signal.SIGKILL
        unfinished = query(db, "SELECT COUNT(*) FROM crawl_runs WHERE finished_at IS NULL")[0][0]
        assert unfinished >= 1
        status = run_cli(db, "sources", "status", "--sources", str(sources))
        assert "did not finish: killed, or still running" in status.stdout, status.stderr[-2000:]
    else:
        # Scrapy closed its spiders cleanly and the runs were recorded as interrupted.
        reasons = {r[0] for r in query(db, "SELECT finish_reason FROM crawl_runs")}
        assert "shutdown" in reasons
        assert query(db, "SELECT COUNT(*) FROM crawl_runs WHERE finished_at IS NULL") == [(0,)]

    rerun = run_cli(db, "crawl", "--sources", str(sources))
    assert rerun.returncode == 0, rerun.stderr[-2000:]

    assert _pages(db) == _pages(reference)
    assert query(db, "SELECT COUNT(*) FROM pages WHERE extracted_at IS NULL") == [(0,)]
    killed, clean = _mentions(db), _mentions(reference)
    assert set(killed) ^ set(clean) == set(), (sorted(set(killed) - set(clean)), sorted(set(clean) - set(killed)))
    assert killed == clean


def test_revalidation_uses_conditional_requests_and_reextracts_changes(tmp_path):
    with start_server() as server:
        sources = write_sources(server.base_url, tmp_path / "sources.toml")
        text = sources.read_text(encoding="utf-8").replace(
            'id = "kniga-pamyati"\n', 'id = "kniga-pamyati"\nrevalidate = "1s"\n')
        sources.write_text(text, encoding="utf-8")
        db = tmp_path / "nekrolog.db"
        first = run_cli(db, "crawl", "--sources", str(sources), "--source", "kniga-pamyati")
        assert first.returncode == 0, first.stderr[-2000:]
        time.sleep(1.2)
        card = content.memorial_card_path(1)
        server.edits[card] = "<p>Награждён орденом Мужества (посмертно).</p>"
        [(first_extracted,)] = query(db, "SELECT extracted_at FROM pages WHERE url = ?", (server.base_url + card,))
        server.clear_log()
        second = run_cli(db, "crawl", "--sources", str(sources), "--source", "kniga-pamyati")
        assert second.returncode == 0, second.stderr[-2000:]
        cards = [r for r in server.log if r.path.startswith("/memorial/person/")]

    assert len(cards) == len(content.MEMORIAL_CARDS)
    assert all("If-None-Match" in r.headers for r in cards)
    assert sorted(r.status for r in cards) == [200] + [304] * (len(content.MEMORIAL_CARDS) - 1)
    [(changed, unchanged)] = query(
        db, "SELECT pages_changed, pages_unchanged FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert (changed, unchanged) == (1, len(content.MEMORIAL_CARDS) - 1)
    # The edited card's text changed, so it was stored anew and re-extracted; its mention stands.
    [(text, extracted)] = query(db, "SELECT text, extracted_at FROM pages WHERE url LIKE ?", ("%" + card,))
    assert "орденом Мужества" in text and extracted > first_extracted
    assert query(db, "SELECT COUNT(*) FROM mentions WHERE surname = 'Кузнецов' AND retracted_at IS NULL") == [(1,)]


def test_extract_all_reextracts_stored_pages_offline(tmp_path):
    with start_server() as server:
        sources = write_sources(server.base_url, tmp_path / "sources.toml")
        db = tmp_path / "nekrolog.db"
        assert run_cli(db, "crawl", "--sources", str(sources), "--source", "ufa-vestnik",
                       "--source", "kniga-pamyati").returncode == 0
    before = _mentions(db)
    pages = query(db, "SELECT COUNT(*) FROM pages")[0][0]
    query(db, "UPDATE pages SET extracted_at = NULL, extractor_version = 'old'")
    pending = run_cli(db, "extract")
    assert pending.returncode == 0, pending.stderr
    assert f"{pages} pages extracted" in pending.stdout
    again = run_cli(db, "extract", "--all")
    assert f"{pages} pages extracted" in again.stdout
    assert "0 new" in again.stdout  # same extractor, same text: same mentions, no duplicates
    assert _mentions(db) == before
    assert query(db, "SELECT COUNT(*) FROM pages WHERE extractor_version = 'old'") == [(0,)]
