"""Politeness: the settings a real crawl runs with, and backoff on 429."""

from __future__ import annotations

import importlib

from test_crawl_support import query, run_cli

from scrapers.sample_site import start_server


def _settings(monkeypatch, **env):
    for name in ("NEKROLOG_POLITE", "NEKROLOG_CONTACT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    import scrapers.settings

    return importlib.reload(scrapers.settings)


def test_polite_by_default_and_overridable(monkeypatch):
    polite = _settings(monkeypatch, NEKROLOG_CONTACT="mailto:data@example.org")
    assert polite.ROBOTSTXT_OBEY and polite.AUTOTHROTTLE_ENABLED
    assert 1 <= polite.CONCURRENT_REQUESTS_PER_DOMAIN <= 2 and polite.DOWNLOAD_DELAY >= 1
    assert polite.USER_AGENT.startswith("nekrolog/") and "mailto:data@example.org" in polite.USER_AGENT
    assert 429 in polite.RETRY_HTTP_CODES and 503 in polite.RETRY_HTTP_CODES and polite.RETRY_BACKOFF_BASE > 0
    assert polite.DOWNLOAD_MAXSIZE > 0 and polite.DOWNLOAD_TIMEOUT > 0
    fast = _settings(monkeypatch, NEKROLOG_POLITE="0")
    assert fast.ROBOTSTXT_OBEY  # robots.txt is obeyed even then
    assert not fast.AUTOTHROTTLE_ENABLED and fast.DOWNLOAD_DELAY == 0
    _settings(monkeypatch)  # leave the module as the environment says


def test_429_is_retried_after_the_servers_retry_after(tmp_path):
    with start_server() as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[source]]\nid = "flaky"\nkind = "news"\nname = "Flaky"\nlistings = ["{server.base_url}/flaky/list"]\n'
            'allow = ["/flaky/a"]\n', encoding="utf-8")
        db = tmp_path / "nekrolog.db"
        result = run_cli(db, "crawl", "--sources", str(sources))
        assert result.returncode == 0, result.stderr[-2000:]
        attempts = [r for r in server.log if r.path == "/flaky/a.html"]
    assert [r.status for r in attempts] == [429, 200]
    assert attempts[1].at - attempts[0].at >= 0.95  # Retry-After: 1, though politeness delays are off
    assert query(db, "SELECT COUNT(*) FROM pages WHERE url LIKE '%/flaky/a.html'") == [(1,)]
