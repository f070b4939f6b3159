"""``nekrolog crawl``: run the spiders (all sources, chosen ones, or those due)."""

from __future__ import annotations

import sys

import click

from scrapers.crawl import EXIT_LOCKED, describe_run, run_crawl
from scrapers.sources import SourcesError


@click.command("crawl")
@click.option("--sources", "sources_path", type=click.Path(dir_okay=False),
              help="Sources file (default ./sources.toml, or $NEKROLOG_SOURCES).")
@click.option("--due", is_flag=True, help="Only sources whose interval ('every') has elapsed since their last finished run.")
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Crawl only this source (repeatable).")
@click.option("--log-file", type=click.Path(dir_okay=False), help="Write Scrapy's log here instead of stderr.")
@click.pass_obj
def command(obj, sources_path: str | None, due: bool, source_ids: tuple[str, ...], log_file: str | None) -> None:
    """Crawl sources into the database, then extract the new and changed pages.

    Each run records one crawl_runs row per source (see `nekrolog sources status`).
    Stored articles are not fetched again; feeds and listings are. Only one crawl
    runs at a time per database: a second one exits at once with status 75.
    For cron: `nekrolog crawl --due` every 15 minutes.
    """
    level = {-1: "WARNING", 0: "INFO"}.get(obj.verbosity, "DEBUG")
    try:
        outcome = run_crawl(obj.db_path, sources_path, source_ids, due=due, log_level=level, log_file=log_file)
    except SourcesError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(2)
    if outcome.locked:
        click.echo("another crawl is running on this database; nothing done", err=True)
        sys.exit(EXIT_LOCKED)
    quiet = obj.verbosity < 0
    if not outcome.sources:
        if not quiet:
            waiting = f" ({', '.join(outcome.not_due)} not due yet)" if outcome.not_due else ""
            click.echo(f"no source is due{waiting}")
        return
    for run in outcome.runs:
        # -q (cron): only the runs that did not finish normally, so a quiet night sends no mail.
        if not quiet or run.get("finish_reason") != "finished":
            click.echo(describe_run(run))
    if outcome.exit_code != 0:
        click.echo(f"crawl process failed with exit status {outcome.exit_code}", err=True)
        sys.exit(1)
    crawled = {run["source_id"] for run in outcome.runs}
    missing = [s for s in outcome.sources if s not in crawled]
    if missing:
        click.echo(f"not crawled (see the log): {', '.join(missing)}", err=True)
        sys.exit(1)
