"""Running crawls: which sources are due, one child process per crawl, the lock.

Twisted's reactor cannot be restarted within a process, so every crawl runs
Scrapy (``CrawlerProcess``, all selected sources in one reactor) in a fresh
child process: ``python -m scrapers.crawl --db DB --sources FILE --source ID ...``.
``run_crawl`` starts that child and reads back the ``crawl_runs`` rows it wrote.

The child takes the crawl lock (``scrapers.lock``) before crawling; if another
crawl holds it, it exits at once with status 75 (``EX_TEMPFAIL``) and a clear
message, so overlapping cron runs never crawl at the same time.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from db.connection import open_db, resolve_db_path
from scrapers.sources import Source, load_sources, select

log = logging.getLogger(__name__)

EXIT_LOCKED = 75
#: A source counts as due this long before its interval has fully elapsed, so a
#: cron job started a few seconds early does not skip a whole period.
DUE_SLACK_S = 60


@dataclass
class CrawlOutcome:
    exit_code: int
    sources: list[str]
    runs: list[dict] = field(default_factory=list)
    not_due: list[str] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.exit_code == EXIT_LOCKED


def due_sources(db, sources: list[Source], now: datetime | None = None) -> tuple[list[Source], list[str]]:
    """(due, not due ids): a source is due when its last *finished* run started
    at least ``every`` ago (a killed run does not count: it is crawled again)."""
    now = now or datetime.now(UTC)
    due, not_due = [], []
    for source in sources:
        row = db.conn.execute(
            "SELECT MAX(started_at) FROM crawl_runs WHERE source_id = ? AND finished_at IS NOT NULL",
            (source.id,),
        ).fetchone()
        if row[0] is None:
            due.append(source)
            continue
        elapsed = (now - datetime.fromisoformat(row[0])).total_seconds()
        if elapsed >= source.every_seconds - DUE_SLACK_S:
            due.append(source)
        else:
            not_due.append(source.id)
    return due, not_due


def run_crawl(
    db_path: str | os.PathLike | None,
    sources_path: str | os.PathLike | None,
    source_ids: list[str] | tuple[str, ...] | None = None,
    *,
    due: bool = False,
    log_level: str | None = None,
    log_file: str | None = None,
    extra_env: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Crawl the selected (or due) sources in a child process; return its runs.

    Raises ``scrapers.sources.SourcesError`` for an invalid sources file.
    """
    db_file = resolve_db_path(db_path)
    sources = select(load_sources(sources_path), list(source_ids or []))
    db = open_db(db_file)
    not_due: list[str] = []
    if due:
        sources, not_due = due_sources(db, sources)
    if not sources:
        return CrawlOutcome(0, [], [], not_due)
    before = db.conn.execute("SELECT COALESCE(MAX(id), 0) FROM crawl_runs").fetchone()[0]
    db.conn.close()

    command = [sys.executable, "-m", "scrapers.crawl", "--db", str(db_file)]
    if sources_path:
        command += ["--sources", str(sources_path)]
    for source in sources:
        command += ["--source", source.id]
    env = {**os.environ, **(extra_env or {}), "SCRAPY_SETTINGS_MODULE": "scrapers.settings"}
    if all(_on_loopback(source) for source in sources):
        # Politeness protects other people's servers; the sample site on 127.0.0.1 is ours.
        env.setdefault("NEKROLOG_POLITE", "0")
    elif not env.get("NEKROLOG_CONTACT"):
        log.warning("NEKROLOG_CONTACT is not set: site owners cannot reach you from the User-Agent; "
                    "set it to a URL or e-mail address")
    if log_level:
        env["NEKROLOG_LOG_LEVEL"] = log_level
    if log_file:
        command += ["--log-file", log_file]
    # The child must import this checkout's packages whatever the working directory.
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    child = subprocess.Popen(command, env=env)
    try:
        exit_code = child.wait()
    except KeyboardInterrupt:
        # Ctrl-C reached the child too: Scrapy closes its spiders cleanly (finish
        # reason 'shutdown'), so wait for it to record its runs.
        exit_code = child.wait()

    db = open_db(db_file)
    runs = [
        dict(zip([c[0] for c in cursor.description], row))
        for cursor in [db.conn.execute("SELECT * FROM crawl_runs WHERE id > ? ORDER BY id", (before,))]
        for row in cursor.fetchall()
    ]
    db.conn.close()
    return CrawlOutcome(exit_code, [s.id for s in sources], runs, not_due)


_LOOPBACK_RE = re.compile(r"^https?://(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(/|$)")


def _on_loopback(source: Source) -> bool:
    """Whether every URL the source is read from is on this machine."""
    urls: list[str] = []
    for value in source.options.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.startswith(("http://", "https://")):
                urls.append(item)
    if source.kind in ("telegram", "vk") and not any(k in source.options for k in ("base_url", "api_url")):
        return False  # the default is the real t.me or api.vk.com
    return bool(urls) and all(_LOOPBACK_RE.match(url) for url in urls)


def describe_run(run: dict) -> str:
    """One line per source run, for the terminal and cron mail."""
    if run.get("finished_at") is None:
        return f"{run['source_id']}: did not finish (killed?)"
    line = (
        f"{run['source_id']}: {run['finish_reason']} in {run['duration_s'] or 0:.1f}s — "
        f"{run['requests']} requests, pages {run['pages_new']} new / {run['pages_changed']} changed / "
        f"{run['pages_unchanged']} unchanged, {run['mentions_new']} new mentions, {run['errors']} errors"
    )
    if run.get("last_error"):
        line += f" (last: {run['last_error']})"
    return line


# --------------------------------------------------------------------------- child process


def _child(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.crawl", description="Crawl sources (nekrolog's child process).")
    parser.add_argument("--db", required=True)
    parser.add_argument("--sources")
    parser.add_argument("--source", action="append", default=[])
    parser.add_argument("--log-file")
    args = parser.parse_args(argv)

    from scrapers import lock

    try:
        lock.acquire(args.db)
    except lock.CrawlLocked as exc:
        print(f"nekrolog crawl: {exc}", file=sys.stderr)
        return EXIT_LOCKED

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NEKROLOG_DB", args.db, priority="cmdline")
    if args.sources:
        settings.set("NEKROLOG_SOURCES", str(Path(args.sources).resolve()), priority="cmdline")
    if args.log_file:
        settings.set("LOG_FILE", args.log_file, priority="cmdline")
    sources = select(load_sources(args.sources), args.source)
    process = CrawlerProcess(settings)
    for source in sources:
        process.crawl(process.spider_loader.load(source.spider_name), source=source.id)
    process.start()
    lock.release(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(_child())
