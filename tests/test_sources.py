"""sources.toml validation: every error named with its line; `sources list|check`."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from nekrolog.cli import cli
from scrapers.sample_site import content, load_manifest, sources_toml
from scrapers.sources import SourcesError, load_sources, parse_every, parse_sources

BAD = """\
[defaults]
every = "6h"

[[source]]
id = "a"
kind = "news"
name = "A"
feed = ["http://x.example/rss"]

[[source]]
id = "b"
kind = "blog"

[[source]]
kind = "telegram"
channel = "ok_channel"

[[source]]
id = "c"
kind = "vk"
owner_id = "-5"
access_token = "abc"
every = "often"
region = "Атлантида"

[[source]]
id = "m"
kind = "memorial"
start_urls = ["http://x.example/"]
card_links = "a"

[source.fields]
full_name = "h1::text"
death = "label:x"
birth_date = "a[[["

[[source]]
id = "a"
kind = "telegram"
channel = "dup_channel"
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(SourcesError) as info:
        parse_sources(text, "sources.toml")
    return info.value.problems


def test_each_semantic_error_is_named_with_its_line():
    problems = _problems(BAD)
    expected = [
        "sources.toml:6: source 'a': a news source needs at least one of",
        "sources.toml:8: source 'a': unknown key 'feed' for kind 'news'",
        "sources.toml:12: source 'b': unknown kind 'blog'",
        "sources.toml:14: source #3: missing 'id'",
        "sources.toml:21: source 'c': 'owner_id' must be an integer",
        "sources.toml:22: source 'c': 'access_token' looks like a secret",
        "sources.toml:23: source 'c': invalid interval 'often'",
        "sources.toml:24: source 'c': unknown region 'Атлантида'",
        "sources.toml:34: source 'm': unknown field 'death'",
        "sources.toml:35: source 'm': field 'birth_date': invalid selector 'a[[['",
        "sources.toml:38: duplicate source id 'a' (first defined at line 4)",
    ]
    assert len(problems) == len(expected), problems
    for problem, start in zip(problems, expected):
        assert problem.startswith(start), (problem, start)


def test_syntax_error_names_its_line():
    [problem] = _problems('[[source]]\nid = "a"\nkind = news\n')
    assert problem.startswith("sources.toml:3: TOML syntax error")


def test_example_and_sample_site_files_are_valid(tmp_path):
    example = load_sources("sources.example.toml")
    assert [s.kind for s in example] == ["news", "telegram", "vk", "memorial"]
    assert example[0].region == "RU-PER" and example[0].every_seconds == 6 * 3600
    sample = parse_sources(sources_toml("http://127.0.0.1:8059", with_failing=True))
    assert {s.id for s in sample} == {"prikamye", "ufa-vestnik", "chaykovsky-tg", "nytva-vk", "kniga-pamyati",
                                      "nytva-vk-closed"}


def test_secrets_never_reach_public_settings():
    [source] = parse_sources('[[source]]\nid = "v"\nkind = "vk"\nname = "V"\nowner_id = -1\ntoken_env = "VK_TOKEN"\n')
    assert source.public_settings() == {"owner_id": -1, "token_env": "VK_TOKEN"}


def test_intervals():
    assert parse_every("30m") == 1800 and parse_every("6h") == 21600 and parse_every("1d") == 86400
    with pytest.raises(ValueError):
        parse_every("0h")


def test_manifest_matches_the_sample_content():
    manifest = load_manifest()
    assert manifest == content.build_manifest()
    assert manifest["distinct_persons"] == len(manifest["persons"]) == 21
    assert sum(manifest["per_year"].values()) == 21
    assert any(len(p["pages"]) >= 3 for p in manifest["persons"])


def test_sources_check_and_list_commands(tmp_path):
    runner = CliRunner()
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(cli, ["sources", "check", "--sources", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:12: source 'b': unknown kind 'blog'" in result.output
    good = tmp_path / "sources.toml"
    good.write_text(sources_toml("http://127.0.0.1:8059"), encoding="utf-8")
    result = runner.invoke(cli, ["sources", "check", "--sources", str(good)], env={"NEKROLOG_SAMPLE_VK_TOKEN": ""})
    assert result.exit_code == 0
    assert "5 sources OK" in result.output
    assert "NEKROLOG_SAMPLE_VK_TOKEN is not set" in result.output
    listed = runner.invoke(cli, ["sources", "list", "--sources", str(good)])
    assert listed.exit_code == 0
    assert "chaykovsky-tg" in listed.output and "http://127.0.0.1:8059/t/s/chaykovsky_glava" in listed.output


def test_status_warns_when_the_error_rate_jumps(tmp_path):
    from db import open_db
    from db.store import upsert_source

    db_path = tmp_path / "nekrolog.db"
    db = open_db(db_path)
    upsert_source(db, "site", kind="news", name="Site")
    upsert_source(db, "steady", kind="news", name="Steady")
    rows = [("site", 0, 3)] * 6 + [("site", 14, 0)] + [("steady", 1, 2)] * 7
    for i, (source, errors, new) in enumerate(rows):
        db.conn.execute(
            "INSERT INTO crawl_runs (source_id, started_at, finished_at, finish_reason, requests, responses, errors,"
            " pages_new, last_error) VALUES (?, ?, ?, 'finished', 20, 20, ?, ?, ?)",
            (source, f"2024-01-01T00:{i:02d}:00+00:00", f"2024-01-01T00:{i:02d}:30+00:00", errors, new,
             "HTTP 404 for https://site.example/a" if errors else None),
        )
    db.conn.commit()
    result = CliRunner().invoke(cli, ["--db", str(db_path), "sources", "status", "--sources", str(tmp_path / "none.toml")])
    assert result.exit_code == 2  # an explicit sources file that does not exist is an error
    result = CliRunner().invoke(cli, ["--db", str(db_path), "sources", "status"])
    assert result.exit_code == 0, result.output
    site, steady = result.output.split("steady (news)")
    assert "WARNING: error rate jumped to 70% of requests (baseline 0% over 6 runs)" in site
    assert "HTTP 404 for https://site.example/a" in site
    assert "WARNING" not in steady  # 5% errors all along is its normal


def test_crawl_refuses_an_invalid_sources_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(BAD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "crawl", "--sources", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:12: source 'b': unknown kind 'blog'" in result.output
    unknown = tmp_path / "ok.toml"
    unknown.write_text(sources_toml("http://127.0.0.1:8059"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "crawl", "--sources", str(unknown),
                                      "--source", "nope"])
    assert result.exit_code == 2
    assert "unknown source id(s): nope" in result.output


def test_check_names_a_custom_source_without_its_spider(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[[source]]\nid = "odd"\nkind = "custom"\nspider = "oddsite"\nname = "Odd"\n'
                    'start_urls = ["https://odd.example.org/"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["sources", "check", "--sources", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1: source 'odd': no spider named 'oddsite' (known: memorial, news, telegram, vk)" in result.output
