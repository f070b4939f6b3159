"""``nekrolog sources list|check|status``: the sources file and each source's health."""

from __future__ import annotations

import os
import sys

import click

from scrapers.health import DEFAULT_STALE_RUNS, source_health
from scrapers.sources import SourcesError, format_every, load_sources, resolve_sources_path

_sources_option = click.option(
    "--sources", "sources_path", type=click.Path(dir_okay=False),
    help="Sources file (default ./sources.toml, or $NEKROLOG_SOURCES).",
)


@click.group("sources")
def command() -> None:
    """List, validate and monitor the sources in sources.toml."""


def _load(sources_path):
    try:
        return load_sources(sources_path)
    except SourcesError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(2)


def _main_url(source) -> str:
    o = source.options
    for key in ("feeds", "sitemaps", "listings", "start_urls"):
        if o.get(key):
            return o[key][0] if isinstance(o[key], list) else o[key]
    if source.kind == "telegram":
        return (o.get("base_url") or "https://t.me/s/").rstrip("/") + "/" + o["channel"]
    if source.kind == "vk":
        return f"wall {o.get('owner_id', o.get('domain'))}"
    return "-"


@command.command("list")
@_sources_option
def list_(sources_path: str | None) -> None:
    """List the sources: id, kind, interval, region, name and where it is read."""
    for source in _load(sources_path):
        flag = "" if source.enabled else " (disabled)"
        click.echo(
            f"{source.id:<20} {source.kind:<9} every {format_every(source.every_seconds):<5} "
            f"{source.region or '-':<8} {source.name}{flag}\n{'':<20} {_main_url(source)}"
        )


def _spider_names() -> set[str]:
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scrapers.settings")
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    return set(SpiderLoader.from_settings(get_project_settings()).list())


@command.command("check")
@_sources_option
def check(sources_path: str | None) -> None:
    """Validate the sources file; print each error as FILE:LINE: message and exit 2 if any."""
    sources = _load(sources_path)
    path = resolve_sources_path(sources_path)
    spiders = _spider_names()
    missing = [s for s in sources if s.spider_name not in spiders]
    for source in missing:
        click.echo(f"{path}:{source.line}: source {source.id!r}: no spider named {source.spider_name!r} "
                   f"(known: {', '.join(sorted(spiders))})", err=True)
    if missing:
        sys.exit(2)
    for source in sources:
        token_env = source.options.get("token_env", "VK_TOKEN") if source.kind == "vk" else None
        if token_env and not os.environ.get(token_env):
            click.echo(f"{path}:{source.line}: warning: source {source.id!r}: ${token_env} is not set", err=True)
    click.echo(f"{path}: {len(sources)} sources OK")


@command.command("status")
@_sources_option
@click.option("--runs", "stale_runs", default=DEFAULT_STALE_RUNS, show_default=True,
              help="Warn when a source has yielded nothing new for this many finished runs.")
@click.option("--fail-on-warning", is_flag=True, help="Exit with status 1 when any source has a warning (for monitoring).")
@click.pass_obj
def status(obj, sources_path: str | None, stale_runs: int, fail_on_warning: bool) -> None:
    """Per source: last run, last success, last error, pages and mentions, and warnings
    (nothing new for N runs, an error-rate jump, a run that did not finish)."""
    configured = None
    path = resolve_sources_path(sources_path)
    if sources_path or path.exists():
        configured = _load(sources_path)
    db = obj.open_db()
    ids = [s.id for s in configured] if configured else None
    names = {s.id: (s.name, s.kind) for s in configured} if configured else None
    report = source_health(db, ids, names, stale_runs=stale_runs)
    if not report:
        click.echo("no sources yet: configure sources.toml and run `nekrolog crawl`")
        return
    warned = 0
    for index, h in enumerate(report):
        if index:
            click.echo("")
        click.echo(f"{h.source_id} ({h.kind or '?'}) — {h.name or ''}")
        click.echo(f"  runs {h.runs}, pages {h.pages}, mentions {h.mentions}")
        click.echo(f"  last run:     {h.last_run_at or 'never'}" + (f" ({h.last_finish_reason})" if h.last_run_at else ""))
        click.echo(f"  last success: {h.last_success_at or 'never'}")
        click.echo(f"  last error:   {h.last_error_at or 'none'}" + (f" — {h.last_error}" if h.last_error else ""))
        for warning in h.warnings:
            click.echo(f"  WARNING: {warning}")
        warned += bool(h.warnings)
    if warned:
        click.echo(f"{warned} source(s) with warnings", err=True)
        if fail_on_warning:
            sys.exit(1)
