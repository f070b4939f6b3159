"""``nekrolog serve``: the database in Datasette, read-only for analysts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from datasette.app import Datasette
from datasette.plugins import pm

from nekrolog import datasette_metadata
from nekrolog.datasette_metadata import build_metadata

#: Settings that keep the canned stats usable on a million persons (the as-of
#: query takes several seconds there).
SETTINGS = {
    "sql_time_limit_ms": 15000,
    "max_returned_rows": 10000,
    "facet_time_limit_ms": 1000,
}


def _register_functions() -> None:
    # Registered in-process (not through an entry point) so that only servers built
    # here get them; a module is what Datasette's plugin listing expects.
    if pm.get_plugin(datasette_metadata.__name__) is None:
        pm.register(datasette_metadata, name=datasette_metadata.__name__)


def make_datasette(
    db_path: str | os.PathLike,
    *,
    metadata: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
    secret: str | None = None,
    plugins: dict[str, Any] | None = None,
    **kwargs: Any,
) -> Datasette:
    """A Datasette serving ``db_path`` (created and migrated if needed) with
    nekrolog's metadata, canned queries and SQL functions.

    The file is opened mutable, not ``--immutable``: the review plugin writes
    decisions through its own connection while the server runs, and Datasette's
    own connections for queries are read-only. ``plugins`` is plugin
    configuration (e.g. ``{"nekrolog-review": {"language": "en"}}``).
    """
    from db import open_db

    path = Path(db_path)
    db = open_db(path)  # creates the schema (and the counted_persons view) if new
    try:
        table_names = db.table_names()
    finally:
        db.conn.close()
    _register_functions()
    if metadata is None:
        metadata = build_metadata(path.stem, table_names)
    if plugins:
        metadata = {**metadata, "plugins": {**metadata.get("plugins", {}), **plugins}}
    return Datasette(
        [str(path)],
        metadata=metadata,
        settings={**SETTINGS, **(settings or {})},
        secret=secret or os.environ.get("DATASETTE_SECRET"),
        **kwargs,
    )


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep loopback unless a proxy fronts it.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.pass_obj
def command(obj, host: str, port: int) -> None:
    """Browse the database in Datasette: counted persons with facets on region,
    category and year, titles and descriptions for every table and column, and
    the main stats as canned queries. Anonymous visitors get read-only access;
    the review screen is at /-/review. Set DATASETTE_SECRET to keep logins valid
    across restarts.
    """
    import asyncio

    import uvicorn

    from db.connection import resolve_db_path

    path = resolve_db_path(obj.db_path)
    datasette = make_datasette(path)
    asyncio.run(datasette.invoke_startup())
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    click.echo(f"Serving {path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
