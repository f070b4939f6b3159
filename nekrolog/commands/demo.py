"""``nekrolog demo``: the whole job on the bundled sample site, offline."""

from __future__ import annotations

import time
from pathlib import Path

import click

from nekrolog.commands.chart import command as chart_command
from nekrolog.commands.stats import command as stats_command
from nekrolog.mainjob import crawl_log_level, run_main_job
from scrapers.sample_site import serve, sources_toml, write_sources

DEMO_DB = "demo.db"


def _sample_source_ids() -> set[str]:
    import tomllib

    return {s["id"] for s in tomllib.loads(sources_toml("http://127.0.0.1:1"))["source"]}


def _prepare_database(path: Path) -> None:
    """Start from an empty database. One left by an earlier demo is replaced
    (its pages carry the old server's port); anything else is refused, so a
    slip of ``--db`` cannot wipe real data."""
    if not path.exists():
        return
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        ids = {row[0] for row in conn.execute("SELECT id FROM sources")}
        conn.close()
    except sqlite3.DatabaseError:
        ids = {"(unreadable)"}
    if not ids <= _sample_source_ids():
        raise click.ClickException(
            f"{path} holds sources other than the sample site's; the demo will not overwrite it. "
            "Pick another --db."
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@click.command("demo")
@click.option("--chart", "chart_path", default="demo-chart.png", show_default=True,
              type=click.Path(dir_okay=False), help="Where to write the weekly chart (.png or .svg).")
@click.pass_context
def command(ctx: click.Context, chart_path: str) -> None:
    """Show the whole job on the bundled sample site: start it on 127.0.0.1 on a free
    port, write demo-sources.toml, run the main job into demo.db (or --db), print the
    stats, write a chart, stop the server. Works offline.
    """
    obj = ctx.obj
    started = time.monotonic()
    db_path = Path(obj.db_path or DEMO_DB)
    _prepare_database(db_path)
    obj.db_path = str(db_path)
    sources_path = db_path.with_name("demo-sources.toml")
    with serve() as base_url:
        write_sources(base_url, sources_path)
        click.echo(f"sample site: {base_url} (sources: {sources_path})")
        summary = run_main_job(db_path, sources_path, due=False, show_progress=obj.verbosity >= 0,
                               crawl_log_level=crawl_log_level(obj.verbosity))
    click.echo("")
    click.echo("== main job ==")
    for line in summary.lines():
        click.echo(line)
    click.echo("")
    click.echo("== stats ==")
    ctx.invoke(stats_command)
    click.echo("")
    ctx.invoke(chart_command, by="week", output=chart_path)
    click.echo(f"demo finished in {time.monotonic() - started:.1f}s; database: {db_path}")
    click.echo(f"next: nekrolog --db {db_path} serve    # browse it; review with nekrolog --db {db_path} review")
