"""``nekrolog extract``: turn stored pages into mentions, without the network."""

from __future__ import annotations

import click

from nekrolog.progress import Progress
from scrapers.processing import ExtractCounts, iter_extract, page_ids


@click.command("extract")
@click.option("--all", "all_pages", is_flag=True,
              help="Re-extract every stored page with the current extractor (default: only pages never extracted).")
@click.option("--source", "source_id", metavar="ID", help="Only pages of this source.")
@click.pass_obj
def command(obj, all_pages: bool, source_id: str | None) -> None:
    """Extract mentions from stored pages: by default those pending (stored but never
    extracted, e.g. after a killed crawl); with --all, every page, e.g. after the
    extractor improved. Mentions a page no longer yields are retracted, not deleted."""
    db = obj.open_db()
    counts = ExtractCounts()
    errors: list[str] = []
    total = len(page_ids(db, pending_only=not all_pages, source_id=source_id))

    def on_error(page_id: int, exc: Exception) -> None:
        errors.append(f"page {page_id}: {type(exc).__name__}: {exc}")

    with Progress("extract", total, enabled=obj.verbosity >= 0) as progress:
        for _page_id, write, relevant in iter_extract(db, pending_only=not all_pages, source_id=source_id,
                                                       on_error=on_error):
            if write is None:
                counts.errors += 1
            else:
                counts.add(write, relevant)
            progress.advance()
    for error in errors[:20]:
        click.echo(error, err=True)
    click.echo(
        f"{counts.pages} pages extracted ({counts.relevant} relevant): {counts.mentions_new} new, "
        f"{counts.mentions_updated} updated, {counts.mentions_retracted} retracted mentions"
        + (f"; {counts.errors} pages failed" if counts.errors else "")
    )
    if counts.errors:
        raise SystemExit(1)
