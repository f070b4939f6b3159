"""``nekrolog run``: the main job — crawl what is due, extract, match, summarise."""

from __future__ import annotations

import click

from nekrolog.mainjob import crawl_log_level, run_main_job
from scrapers.crawl import EXIT_LOCKED
from scrapers.sources import SourcesError


@click.command("run")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False), default="sources.toml",
              show_default=True, help="Sources file.")
@click.option("--all", "all_sources", is_flag=True, help="Crawl every source, not only those whose interval has elapsed.")
@click.option("--crawl-log", type=click.Path(dir_okay=False), help="Write Scrapy's log to this file.")
@click.pass_obj
def command(obj, sources_path: str, all_sources: bool, crawl_log: str | None) -> None:
    """The main job, the one cron runs: crawl the due sources, extract mentions from
    new and changed pages (and any a killed run left pending), match them into
    persons, and print a summary: new pages, new mentions, new and changed persons,
    review items waiting, sources in trouble.

    Exits 75 when another crawl holds the lock (the rest of the job still runs),
    and 4 when a source is in trouble, so cron mail says so.
    """
    try:
        summary = run_main_job(obj.db_path, sources_path, due=not all_sources,
                               show_progress=obj.verbosity >= 0,
                               crawl_log_level=crawl_log_level(obj.verbosity), crawl_log_file=crawl_log)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from None
    for line in summary.lines():
        click.echo(line)
    if summary.locked:
        raise SystemExit(EXIT_LOCKED)
    if summary.troubled:
        raise SystemExit(4)
