"""`nekrolog run`, the cron job, on the sample site served on 127.0.0.1 (real Scrapy in a child process)."""

from __future__ import annotations

import re
import sqlite3

import pytest
from click.testing import CliRunner

from nekrolog.cli import cli
from scrapers import lock
from scrapers.sample_site import serve, write_sources


@pytest.fixture(scope="module")
def site():
    with serve(slow_seconds=0.2) as base_url:
        yield base_url


def run(db, *args):
    return CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)


def number(output: str, pattern: str) -> int:
    match = re.search(pattern, output, re.MULTILINE)
    assert match, f"{pattern!r} not in:\n{output}"
    return int(match.group(1))


def test_first_run_counts_then_second_run_has_nothing_due(site, tmp_path):
    sources = write_sources(site, tmp_path / "sources.toml")
    db = tmp_path / "n.db"
    first = run(db, "run", "--sources", str(sources))
    assert first.exit_code == 0, first.output
    persons = number(first.output, r"^persons: (\d+) new")
    assert persons == sqlite3.connect(db).execute("SELECT COUNT(*) FROM counted_persons").fetchone()[0] > 0
    assert number(first.output, r"^new pages: (\d+)") > 0
    assert number(first.output, r"^new mentions: (\d+)") >= persons
    assert "sources in trouble: none" in first.output

    second = run(db, "run", "--sources", str(sources))
    assert second.exit_code == 0, second.output
    assert "crawled: nothing was due" in second.output
    assert number(second.output, r"^new pages: (\d+)") == 0
    assert number(second.output, r"^persons: (\d+) new") == 0
    assert f"{persons} counted in all" in second.output


def test_run_reports_a_source_in_trouble(site, tmp_path):
    sources = write_sources(site, tmp_path / "sources.toml", with_failing=True)
    result = run(tmp_path / "n.db", "run", "--sources", str(sources))
    assert result.exit_code == 4, result.output
    assert re.search(r"^sources in trouble: [1-9]", result.output, re.MULTILINE)
    assert "nytva-vk-closed:" in result.output


def test_run_while_another_crawl_holds_the_lock(site, tmp_path):
    sources = write_sources(site, tmp_path / "sources.toml")
    db = tmp_path / "n.db"
    run(db, "init")
    lock.acquire(db)
    try:
        result = run(db, "run", "--sources", str(sources))
    finally:
        lock.release(db)
    assert result.exit_code == 75
    assert "another crawl holds the lock" in result.output
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0


def test_run_names_a_broken_sources_file(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nid = "x"\nkind = "news"\nname = \n', encoding="utf-8")
    result = run(tmp_path / "n.db", "run", "--sources", str(bad))
    assert result.exit_code == 1
    assert "sources.toml:4" in result.output
